package assets

import (
	"bytes"
	"image/png"
	"testing"
)

func TestIconsAreLargeSquarePNGs(t *testing.T) {
	for name, data := range map[string][]byte{"Icon": Icon, "IconRunning": IconRunning} {
		t.Run(name+" decodes as a square PNG of at least 256 pixels", func(t *testing.T) {
			img, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("decode: %v", err)
			}
			b := img.Bounds()
			if b.Dx() != b.Dy() || b.Dx() < 256 {
				t.Errorf("size %dx%d; want a square of at least 256 pixels", b.Dx(), b.Dy())
			}
		})
	}
	if bytes.Equal(Icon, IconRunning) {
		t.Error("the running icon is the same as the idle icon")
	}
}

func TestFontsAreTrueType(t *testing.T) {
	sfnt := []byte{0x00, 0x01, 0x00, 0x00}
	fonts := map[string][]byte{"regular": FontRegular, "bold": FontBold, "italic": FontItalic, "mono": FontMono}
	for name, data := range fonts {
		t.Run("the "+name+" font is TrueType", func(t *testing.T) {
			if !bytes.HasPrefix(data, sfnt) {
				t.Errorf("%d bytes starting % x; want a TrueType file", len(data), data[:min(4, len(data))])
			}
		})
	}
}
