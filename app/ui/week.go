package ui

import (
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/reports"
	"shiplog/tracker"
)

// weekScreen shows this week's figures as the report model computes them, under the model's own
// labels, so that the window and the PDF never disagree: the KPI tiles, deep work per day and the
// async share.
type weekScreen struct {
	u *UI

	heading *widget.Label
	tiles   []kpiTile
	bars    *dayBars
	share   *widget.ProgressBar
	status  *widget.Label
	// shareText is the async share as the report writes it, shown on the bar.
	shareText string
}

// kpiTile is one KPI as the report's first page shows it: label, value, and the change from the
// previous week.
type kpiTile struct {
	label, value, change *widget.Label
}

// weekKPIs is the number of KPI tiles of the report model.
const weekKPIs = 5

func newWeekScreen(u *UI) *weekScreen {
	s := &weekScreen{u: u, heading: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		bars: newDayBars(), share: widget.NewProgressBar(), status: newLabel("")}
	s.share.TextFormatter = func() string { return s.shareText }
	for range weekKPIs {
		s.tiles = append(s.tiles, kpiTile{label: widget.NewLabel(""),
			value:  widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			change: widget.NewLabel("")})
	}
	return s
}

func (s *weekScreen) build() fyne.CanvasObject {
	var tiles []fyne.CanvasObject
	for _, t := range s.tiles {
		tiles = append(tiles, widget.NewCard("", "", container.NewVBox(t.label, t.value, t.change)))
	}
	return container.NewVScroll(container.NewVBox(
		s.heading,
		container.NewGridWithColumns(len(s.tiles), tiles...),
		widget.NewCard("Deep-work hours per day", "qualifying blocks, as in the report", s.bars),
		widget.NewCard("Async share", "async communication and deep work against meetings", s.share),
		s.status,
	))
}

func (s *weekScreen) refresh() {
	u := s.u
	r, err := reports.Build(u.svc, reports.Options{Period: reports.WeekOf(u.svc.Now(), u.config().Location())})
	if err != nil {
		u.showError(err)
		return
	}
	s.show(r)
}

// show puts the report's figures on the screen.
func (s *weekScreen) show(r *reports.Report) {
	s.heading.SetText(r.Period.Label)
	for i, t := range s.tiles {
		if i >= len(r.KPIs) {
			break
		}
		k := r.KPIs[i]
		t.label.SetText(k.Label)
		t.value.SetText(k.Text)
		t.change.SetText(k.Delta + " · " + k.PrevText)
	}
	var days [7]time.Duration
	for i, d := range r.Deep.Days {
		if i < len(days) {
			days[i] = d.Deep
		}
	}
	s.bars.set(days, s.u.config().DailyDeepGoal())
	s.shareText = reports.FormatValue(reports.UnitPercent, r.Async.Share, r.Async.OK)
	s.share.SetValue(r.Async.Share / 100)
	s.status.SetText(fmt.Sprintf("Short focus, not counted: %s · figures as of %s", fmtHM(r.Deep.ShortHours),
		r.AsOf.Format("Mon 2 Jan 15:04")))
}

// dayBars is a bar per weekday with the daily goal as a line.
type dayBars struct {
	widget.BaseWidget
	Values [7]time.Duration
	Goal   time.Duration
}

func newDayBars() *dayBars {
	b := &dayBars{}
	b.ExtendBaseWidget(b)
	return b
}

func (b *dayBars) set(v [7]time.Duration, goal time.Duration) {
	b.Values, b.Goal = v, goal
	b.Refresh()
}

func (b *dayBars) MinSize() fyne.Size { return fyne.NewSize(7*48, 160) }

func (b *dayBars) CreateRenderer() fyne.WidgetRenderer {
	r := &dayBarsRenderer{b: b}
	r.Refresh()
	return r
}

type dayBarsRenderer struct {
	b       *dayBars
	bars    [7]*canvas.Rectangle
	days    [7]*canvas.Text
	values  [7]*canvas.Text
	goal    *canvas.Line
	objects []fyne.CanvasObject
}

var dayNames = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

func (r *dayBarsRenderer) Refresh() {
	r.objects = nil
	for i := range 7 {
		r.bars[i] = canvas.NewRectangle(kindColor(tracker.KindDeep))
		r.bars[i].CornerRadius = 3
		r.days[i] = canvas.NewText(dayNames[i], theme.Color(theme.ColorNameForeground))
		r.days[i].Alignment = fyne.TextAlignCenter
		r.values[i] = canvas.NewText(fmtHM(r.b.Values[i]), theme.Color(theme.ColorNamePlaceHolder))
		r.values[i].Alignment = fyne.TextAlignCenter
		r.values[i].TextSize = theme.CaptionTextSize()
		r.objects = append(r.objects, r.bars[i], r.days[i], r.values[i])
	}
	r.goal = canvas.NewLine(color.NRGBA{R: 0xe5, G: 0x39, B: 0x35, A: 0xc0})
	r.goal.StrokeWidth = 1
	r.objects = append(r.objects, r.goal)
	r.Layout(r.b.Size())
	canvas.Refresh(r.b)
}

func (r *dayBarsRenderer) Layout(size fyne.Size) {
	top := float32(14)
	bottom := size.Height - 22
	scale := r.b.Goal
	for _, v := range r.b.Values {
		scale = max(scale, v)
	}
	if scale == 0 {
		scale = time.Hour
	}
	h := bottom - top
	col := size.Width / 7
	for i := range 7 {
		bh := h * float32(r.b.Values[i]) / float32(scale)
		r.bars[i].Move(fyne.NewPos(float32(i)*col+col*0.2, bottom-bh))
		r.bars[i].Resize(fyne.NewSize(col*0.6, bh))
		r.days[i].Move(fyne.NewPos(float32(i)*col, bottom+2))
		r.days[i].Resize(fyne.NewSize(col, 18))
		r.values[i].Move(fyne.NewPos(float32(i)*col, bottom-bh-14))
		r.values[i].Resize(fyne.NewSize(col, 12))
	}
	if r.b.Goal > 0 {
		y := bottom - h*float32(r.b.Goal)/float32(scale)
		r.goal.Position1, r.goal.Position2 = fyne.NewPos(0, y), fyne.NewPos(size.Width, y)
		r.goal.Show()
	} else {
		r.goal.Hide()
	}
}

func (r *dayBarsRenderer) MinSize() fyne.Size           { return r.b.MinSize() }
func (r *dayBarsRenderer) Objects() []fyne.CanvasObject { return r.objects }
func (r *dayBarsRenderer) Destroy()                     {}
