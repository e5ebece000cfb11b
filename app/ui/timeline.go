package ui

import (
	"cmp"
	"fmt"
	"image/color"
	"slices"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// timelineSpan is one block placed on the day.
type timelineSpan struct {
	Start, End time.Time
	Kind       tracker.Kind
}

// timeline draws a day's blocks as coloured bars on an hour scale.
type timeline struct {
	widget.BaseWidget
	From, To time.Time // the visible part of the day
	Now      time.Time
	Spans    []timelineSpan
	loc      *time.Location
}

func newTimeline() *timeline {
	t := &timeline{loc: time.UTC}
	t.ExtendBaseWidget(t)
	return t
}

// set replaces the day shown. The scale covers the working hours and any block outside them.
func (t *timeline) set(blocks []tracker.Block, now time.Time, cfg tracker.Config) {
	loc := cfg.Location()
	day, _ := dayBounds(now, loc)
	from, to := day.Add(cfg.WorkStart), day.Add(cfg.WorkEnd)
	// Each minute is drawn once, in the colour of the block it counts for: where imported blocks
	// overlap, the later one, as every figure counts it (tracker.Attribute).
	ordered := slices.Clone(blocks)
	slices.SortStableFunc(ordered, func(a, b tracker.Block) int {
		if c := a.Start.Compare(b.Start); c != 0 {
			return c
		}
		return cmp.Compare(a.ID, b.ID)
	})
	bs := make([]tracker.BlockSpan, len(ordered))
	for i, b := range ordered {
		bs[i] = tracker.BlockSpan{Kind: b.Kind, Start: b.Start, End: b.End}
	}
	spans := make([]timelineSpan, 0, len(blocks))
	for i, parts := range tracker.Attribute(bs, now) {
		for _, p := range parts {
			s := timelineSpan{Start: p.From, End: p.To, Kind: ordered[i].Kind}
			if s.Start.Before(day) {
				s.Start = day
			}
			spans = append(spans, s)
			if s.Start.Before(from) {
				from = s.Start
			}
			if s.End.After(to) {
				to = s.End
			}
		}
	}
	if now.After(to) && now.Before(day.Add(24*time.Hour)) {
		to = now
	}
	t.From, t.To = from.Truncate(time.Hour), to.Add(time.Hour-time.Nanosecond).Truncate(time.Hour)
	if t.To.After(day.Add(24 * time.Hour)) {
		t.To = day.Add(24 * time.Hour)
	}
	t.Now, t.Spans, t.loc = now, spans, loc
	t.Refresh()
}

func (t *timeline) MinSize() fyne.Size { return fyne.NewSize(300, 64) }

func (t *timeline) CreateRenderer() fyne.WidgetRenderer {
	r := &timelineRenderer{t: t, bg: canvas.NewRectangle(theme.Color(theme.ColorNameInputBackground))}
	r.bg.CornerRadius = 4
	r.Refresh()
	return r
}

type timelineRenderer struct {
	t       *timeline
	bg      *canvas.Rectangle
	bars    []*canvas.Rectangle
	ticks   []*canvas.Line
	labels  []*canvas.Text
	nowLine *canvas.Line
	objects []fyne.CanvasObject
}

const timelineBarTop, timelineBarHeight = 4, 36

func (r *timelineRenderer) Refresh() {
	t := r.t
	r.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	r.bars, r.ticks, r.labels = nil, nil, nil
	for _, s := range t.Spans {
		bar := canvas.NewRectangle(kindColor(s.Kind))
		bar.CornerRadius = 3
		r.bars = append(r.bars, bar)
	}
	if t.To.After(t.From) {
		for h := t.From; !h.After(t.To); h = h.Add(time.Hour) {
			l := canvas.NewLine(theme.Color(theme.ColorNameSeparator))
			r.ticks = append(r.ticks, l)
			txt := canvas.NewText(fmt.Sprintf("%02d", h.In(t.loc).Hour()), theme.Color(theme.ColorNamePlaceHolder))
			txt.TextSize = theme.CaptionTextSize()
			r.labels = append(r.labels, txt)
		}
	}
	r.nowLine = canvas.NewLine(color.NRGBA{R: 0xe5, G: 0x39, B: 0x35, A: 0xff})
	r.nowLine.StrokeWidth = 2
	r.objects = []fyne.CanvasObject{r.bg}
	for _, o := range r.ticks {
		r.objects = append(r.objects, o)
	}
	for _, o := range r.bars {
		r.objects = append(r.objects, o)
	}
	for _, o := range r.labels {
		r.objects = append(r.objects, o)
	}
	r.objects = append(r.objects, r.nowLine)
	r.Layout(t.Size())
	canvas.Refresh(t)
}

func (r *timelineRenderer) x(at time.Time, width float32) float32 {
	t := r.t
	span := t.To.Sub(t.From)
	if span <= 0 {
		return 0
	}
	f := float32(at.Sub(t.From)) / float32(span)
	return min(max(f, 0), 1) * width
}

func (r *timelineRenderer) Layout(size fyne.Size) {
	t := r.t
	r.bg.Move(fyne.NewPos(0, timelineBarTop))
	r.bg.Resize(fyne.NewSize(size.Width, timelineBarHeight))
	for i, s := range t.Spans {
		if i >= len(r.bars) {
			break
		}
		x0, x1 := r.x(s.Start, size.Width), r.x(s.End, size.Width)
		r.bars[i].Move(fyne.NewPos(x0, timelineBarTop))
		r.bars[i].Resize(fyne.NewSize(max(x1-x0, 2), timelineBarHeight))
	}
	h := t.From
	for i := range r.ticks {
		x := r.x(h, size.Width)
		r.ticks[i].Position1 = fyne.NewPos(x, timelineBarTop)
		r.ticks[i].Position2 = fyne.NewPos(x, timelineBarTop+timelineBarHeight+4)
		r.labels[i].Move(fyne.NewPos(min(x+2, size.Width-16), timelineBarTop+timelineBarHeight+2))
		h = h.Add(time.Hour)
	}
	if t.Now.After(t.From) && t.Now.Before(t.To) {
		x := r.x(t.Now, size.Width)
		r.nowLine.Position1 = fyne.NewPos(x, 0)
		r.nowLine.Position2 = fyne.NewPos(x, timelineBarTop+timelineBarHeight+4)
		r.nowLine.Show()
	} else {
		r.nowLine.Hide()
	}
}

func (r *timelineRenderer) MinSize() fyne.Size           { return r.t.MinSize() }
func (r *timelineRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *timelineRenderer) Destroy()                     {}

// legend shows which colour is which kind.
func legend() fyne.CanvasObject {
	var items []fyne.CanvasObject
	for _, k := range tracker.Kinds {
		sw := canvas.NewRectangle(kindColor(k))
		sw.SetMinSize(fyne.NewSize(12, 12))
		sw.CornerRadius = 2
		items = append(items, container.NewCenter(sw), widget.NewLabel(k.Label()))
	}
	return container.NewHBox(items...)
}
