package pdf

import (
	"strings"
	"sync"
	"unicode"

	"golang.org/x/image/font/sfnt"

	"shiplog/assets"
)

// Missing is what the report prints for a character the embedded fonts cannot draw, so that such
// text stays visibly incomplete instead of silently losing letters.
const Missing = '□'

// coverage knows which runes the Go fonts can draw. All Go font styles cover the same set (WGL4:
// Latin, Greek, Cyrillic and common symbols), so the regular face stands for all of them.
var coverage = sync.OnceValue(func() *glyphSet {
	f, err := sfnt.Parse(assets.FontRegular)
	if err != nil {
		return &glyphSet{} // every lookup then falls back to '?': still visible, never silent
	}
	return &glyphSet{font: f, known: map[rune]bool{}}
})

type glyphSet struct {
	mu    sync.Mutex
	font  *sfnt.Font
	buf   sfnt.Buffer
	known map[rune]bool
}

func (g *glyphSet) has(r rune) bool {
	if r < 0x7f && r >= 0x20 {
		return g.font != nil
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.font == nil {
		return false
	}
	ok, seen := g.known[r]
	if !seen {
		i, err := g.font.GlyphIndex(&g.buf, r)
		ok = err == nil && i != 0
		g.known[r] = ok
	}
	return ok
}

// Printable replaces what the fonts cannot draw: control characters become spaces and runes
// without a glyph become Missing (or '?' if even that glyph is absent).
func Printable(s string) string {
	g := coverage()
	clean := true
	for _, r := range s {
		if r < 0x20 || r >= 0x7f {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
			b.WriteRune(' ')
		case g.has(r):
			b.WriteRune(r)
		case g.has(Missing):
			b.WriteRune(Missing)
		default:
			b.WriteRune('?')
		}
	}
	return b.String()
}
