// Command iconsizes writes Shiplog's icon at the standard freedesktop icon-theme sizes, so that
// menus and docks pick a sharp one instead of scaling the 512-pixel original at draw time:
//
//	go run ./assets/internal/iconsizes -out DIR
//
// writes DIR/16x16/apps/dev.shiplog.Shiplog.png … DIR/512x512/apps/dev.shiplog.Shiplog.png,
// which is the layout of an icons/hicolor directory.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/png"
	"log"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"

	"shiplog/assets"
)

// Sizes are the hicolor theme's usual fixed sizes for application icons.
var Sizes = []int{16, 22, 24, 32, 48, 64, 128, 256, 512}

func main() {
	out := flag.String("out", "", "hicolor directory to write into")
	name := flag.String("name", "dev.shiplog.Shiplog", "icon name, the app ID")
	flag.Parse()
	if *out == "" {
		log.Fatal("iconsizes: -out is required")
	}
	if err := write(*out, *name); err != nil {
		log.Fatalf("iconsizes: %v", err)
	}
}

func write(dir, name string) error {
	src, err := png.Decode(bytes.NewReader(assets.Icon))
	if err != nil {
		return fmt.Errorf("decode the icon: %w", err)
	}
	for _, n := range Sizes {
		var buf bytes.Buffer
		if err := png.Encode(&buf, scale(src, n)); err != nil {
			return fmt.Errorf("encode %dx%d: %w", n, n, err)
		}
		path := filepath.Join(dir, fmt.Sprintf("%dx%d", n, n), "apps", name+".png")
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// scale resamples src to n×n with Catmull-Rom, which keeps the arrow's edges crisp when shrinking.
func scale(src image.Image, n int) image.Image {
	b := src.Bounds()
	if b.Dx() == n && b.Dy() == n {
		return src
	}
	dst := image.NewNRGBA(image.Rect(0, 0, n, n))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Src, nil)
	return dst
}
