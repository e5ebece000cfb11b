package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
)

// timerText is the big running time on Today, drawn as one text per character. When a second
// passes only the last characters change, and Fyne keeps the picture of each text it drew by its
// content, so after the first minute every digit is drawn from that cache: counting each second
// costs a repaint and no text rasterised anew. Drawn as one string, the 56-point time was
// rasterised afresh every second, which cost 1.2% of a core under Xvfb against 0.3% for a small
// label (docs/benchmarks.md). Every digit also gets the width of the widest digit, so the time
// does not jiggle as it counts.
type timerText struct {
	// Text is the time shown, as one string.
	Text  string
	size  float32
	style fyne.TextStyle
	color color.Color
	chars []*canvas.Text
	box   *fyne.Container
}

func newTimerText(size float32) *timerText {
	t := &timerText{size: size, style: fyne.TextStyle{Bold: true}}
	t.box = container.New(&cellLayout{digit: widestDigit(size, t.style)})
	return t
}

// set shows text in colour c, redrawing only the characters that changed.
func (t *timerText) set(text string, c color.Color) {
	recolour := t.color != c
	t.Text, t.color = text, c
	runes := []rune(text)
	if len(runes) != len(t.chars) {
		t.chars = t.chars[:0]
		objs := make([]fyne.CanvasObject, len(runes))
		for i := range runes {
			ch := canvas.NewText("", c)
			ch.TextSize, ch.TextStyle, ch.Alignment = t.size, t.style, fyne.TextAlignCenter
			t.chars = append(t.chars, ch)
			objs[i] = ch
		}
		t.box.Objects = objs
		recolour = true
		defer t.box.Refresh() // lays the new row out once its characters are in
	}
	for i, r := range runes {
		ch := t.chars[i]
		if s := string(r); ch.Text != s || recolour {
			ch.Text, ch.Color = s, c
			ch.Refresh()
		}
	}
}

// widestDigit is the width of the widest digit at the size and style.
func widestDigit(size float32, style fyne.TextStyle) float32 {
	var w float32
	for _, d := range "0123456789" {
		w = max(w, fyne.MeasureText(string(d), size, style).Width)
	}
	return w
}

// cellLayout puts characters side by side with no padding: digits in cells of one width, other
// characters (the colons) in their own width.
type cellLayout struct{ digit float32 }

func (l *cellLayout) width(o fyne.CanvasObject) float32 {
	if t, ok := o.(*canvas.Text); ok && (len(t.Text) != 1 || t.Text[0] < '0' || t.Text[0] > '9') {
		return t.MinSize().Width
	}
	return l.digit
}

func (l *cellLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	x := float32(0)
	for _, o := range objs {
		w := l.width(o)
		o.Move(fyne.NewPos(x, 0))
		o.Resize(fyne.NewSize(w, size.Height))
		x += w
	}
}

func (l *cellLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s.Width += l.width(o)
		s.Height = max(s.Height, o.MinSize().Height)
	}
	return s
}
