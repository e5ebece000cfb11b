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

	"shiplog/tracker"
)

// weekStats are the week's numbers as the Week screen shows them.
type weekStats struct {
	From       time.Time
	DeepPerDay [7]time.Duration // Monday first
	ByKind     map[tracker.Kind]time.Duration
	Total      time.Duration
	Shipped    int
	Answered   int
	InTime     int
	DeepGoal   time.Duration
}

// AsyncShare is the share of tracked time spent on async communication, from 0 to 1.
func (w weekStats) AsyncShare() float64 {
	if w.Total == 0 {
		return 0
	}
	return float64(w.ByKind[tracker.KindAsync]) / float64(w.Total)
}

// computeWeek adds up the blocks, deliverables and requests of the week [from, from+7d).
func computeWeek(from time.Time, now time.Time, blocks []tracker.Block, shipped int, answered []tracker.Request, cfg tracker.Config) weekStats {
	w := weekStats{From: from, ByKind: map[tracker.Kind]time.Duration{}, Shipped: shipped,
		DeepGoal: time.Duration(cfg.WeeklyDeepGoal * float64(time.Hour))}
	for _, b := range blocks {
		end := now
		if b.End != nil {
			end = *b.End
		}
		for i := range 7 {
			d0 := from.AddDate(0, 0, i)
			d := overlap(b.Start, end, d0, d0.AddDate(0, 0, 1))
			w.ByKind[b.Kind] += d
			w.Total += d
			if b.Kind == tracker.KindDeep {
				w.DeepPerDay[i] += d
			}
		}
	}
	for _, r := range answered {
		w.Answered++
		if r.State == tracker.RequestAnsweredInTime {
			w.InTime++
		}
	}
	return w
}

// weekScreen shows the week's numbers, a deep-work bar per day and the async share.
type weekScreen struct {
	u *UI

	heading *widget.Label
	numbers *widget.Label
	bars    *dayBars
	share   *widget.ProgressBar
}

func newWeekScreen(u *UI) *weekScreen {
	return &weekScreen{u: u, heading: widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		numbers: newLabel(""), bars: newDayBars(), share: widget.NewProgressBar()}
}

func (s *weekScreen) build() fyne.CanvasObject {
	return container.NewVScroll(container.NewVBox(
		s.heading,
		widget.NewCard("Deep work per day", "", s.bars),
		widget.NewCard("Numbers", "", s.numbers),
		widget.NewCard("Async share of tracked time", "", s.share),
	))
}

func (s *weekScreen) refresh() {
	u := s.u
	cfg := u.config()
	now := u.svc.Now()
	from, to := weekBounds(now, cfg.Location())
	blocks, err := u.svc.Blocks(tracker.BlockFilter{From: from, To: to})
	if err != nil {
		u.showError(err)
	}
	ds, err := u.svc.Deliverables(tracker.DeliverableFilter{Statuses: []tracker.Status{tracker.StatusShipped},
		ShippedFrom: from, ShippedTo: to})
	if err != nil {
		u.showError(err)
	}
	rs, err := u.svc.Requests(tracker.RequestFilter{ReceivedFrom: from, ReceivedTo: to})
	if err != nil {
		u.showError(err)
	}
	var answered []tracker.Request
	for _, r := range rs {
		if r.RepliedAt != nil {
			answered = append(answered, r)
		}
	}
	w := computeWeek(from, now, blocks, len(ds), answered, cfg)
	s.heading.SetText(fmt.Sprintf("Week of %s", from.Format("Monday 2 January 2006")))
	s.numbers.SetText(fmt.Sprintf(
		"Deep work: %s of %s goal\nShallow: %s · Async: %s · Meetings: %s\nShipped: %d deliverables\nRequests answered in time: %d of %d",
		fmtHM(w.ByKind[tracker.KindDeep]), fmtHM(w.DeepGoal), fmtHM(w.ByKind[tracker.KindShallow]),
		fmtHM(w.ByKind[tracker.KindAsync]), fmtHM(w.ByKind[tracker.KindMeeting]), w.Shipped, w.InTime, w.Answered))
	s.share.SetValue(w.AsyncShare())
	s.bars.set(w.DeepPerDay, cfg.DailyDeepGoal())
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
