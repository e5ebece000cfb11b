package ui

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/reports"
	"shiplog/tracker"
)

// weekScreen shows a week's figures as the report model computes them, under the model's own
// labels and in its words, so that the window and the PDF never disagree: the KPI tiles, deep
// work per day with what did not count, and the async share. It opens on the current week (so
// far); Previous and Next, or Alt+Left and Alt+Right, step through earlier weeks, each as the
// record stood at its end.
type weekScreen struct {
	u *UI

	heading  *widget.Label
	previous *widget.Button
	next     *widget.Button
	current  *widget.Button
	tiles    []kpiTile
	bars     *dayBars
	notCount *widget.Label
	share    *widget.ProgressBar
	status   *widget.Label
	measures *weekMeasures // the measures of async work and the rituals
	// shareText is the async share as the report writes it, shown on the bar.
	shareText string

	// week is the week shown; zero means the current week, which follows the clock.
	week reports.Period
	// report is the model on the screen, for tests.
	report *reports.Report
}

// kpiTile is one KPI as the report's first page shows it: label, value, the change from the
// previous week with what it means, and the previous value (with its caveat, if any).
type kpiTile struct {
	label, value, change, previous *widget.Label
}

// weekKPIs is the number of KPI tiles of the report model.
const weekKPIs = 5

func newWeekScreen(u *UI) *weekScreen {
	s := &weekScreen{u: u, heading: widget.NewLabelWithStyle("", fyne.TextAlignCenter, fyne.TextStyle{Bold: true}),
		bars: newDayBars(), notCount: newLabel(""), share: widget.NewProgressBar(), status: newLabel("")}
	s.previous = widget.NewButtonWithIcon("Previous", theme.NavigateBackIcon(), s.onPrevious)
	s.next = widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), s.onNext)
	s.next.IconPlacement = widget.ButtonIconTrailingText
	s.current = widget.NewButton("This week", s.onCurrent)
	s.measures = newWeekMeasures(u)
	s.share.TextFormatter = func() string { return s.shareText }
	for range weekKPIs {
		s.tiles = append(s.tiles, kpiTile{label: widget.NewLabel(""),
			value:    widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			change:   widget.NewLabel(""),
			previous: newLabel("")})
	}
	s.addShortcuts()
	return s
}

// addShortcuts lets Alt+Left and Alt+Right step through the weeks while the Week tab is shown.
func (s *weekScreen) addShortcuts() {
	c := s.u.win.Canvas()
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) {
		if s.shown() {
			s.onPrevious()
		}
	})
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyRight, Modifier: fyne.KeyModifierAlt}, func(fyne.Shortcut) {
		if s.shown() && !s.next.Disabled() {
			s.onNext()
		}
	})
}

// shown reports whether the Week tab is the one on screen.
func (s *weekScreen) shown() bool {
	u := s.u
	if u.tabs == nil {
		return false
	}
	for i, sc := range u.screens {
		if sc == screen(s) {
			return u.tabs.SelectedIndex() == i
		}
	}
	return false
}

func (s *weekScreen) build() fyne.CanvasObject {
	var tiles []fyne.CanvasObject
	for _, t := range s.tiles {
		tiles = append(tiles, widget.NewCard("", "", container.NewVBox(t.label, t.value, t.change, t.previous)))
	}
	nav := container.NewBorder(nil, nil, s.previous, container.NewHBox(s.current, s.next), s.heading)
	return container.NewVScroll(container.NewVBox(
		nav,
		s.status,
		container.NewGridWithColumns(len(s.tiles), tiles...),
		widget.NewCard("Deep-work hours per day", "qualifying blocks, as in the report", container.NewVBox(s.bars, s.notCount)),
		widget.NewCard("Async share", "async communication and time in deep blocks against meetings", s.share),
		s.measures.build(),
	))
}

func (s *weekScreen) onPrevious() {
	s.week = s.shownWeek().Previous()
	s.refresh()
}

func (s *weekScreen) onNext() {
	next := s.shownWeek().Next()
	s.week = next
	if next.From.Equal(s.thisWeek().From) {
		s.week = reports.Period{}
	}
	s.refresh()
}

func (s *weekScreen) onCurrent() {
	s.week = reports.Period{}
	s.refresh()
}

func (s *weekScreen) thisWeek() reports.Period {
	return reports.WeekOf(s.u.svc.Now(), s.u.config().Location())
}

// shownWeek is the week on the screen: the one chosen, or the current one.
func (s *weekScreen) shownWeek() reports.Period {
	if s.week.From.IsZero() {
		return s.thisWeek()
	}
	return s.week
}

func (s *weekScreen) refresh() {
	u := s.u
	r, err := reports.Build(u.svc, reports.Options{Period: s.shownWeek()})
	if err != nil {
		u.showError(err)
		return
	}
	s.show(r)
}

// show puts the report's figures on the screen, in the report's words.
func (s *weekScreen) show(r *reports.Report) {
	s.report = r
	heading := r.Period.Label
	if r.SoFar {
		heading += " · so far"
	}
	s.heading.SetText(heading)
	// The week after the current one has not started: the model refuses it, and so does the button.
	if r.SoFar || !r.Next.Started(s.u.svc.Now()) {
		s.next.Disable()
		s.current.Disable()
	} else {
		s.next.Enable()
		s.current.Enable()
	}
	for i, t := range s.tiles {
		if i >= len(r.KPIs) {
			break
		}
		k := r.KPIs[i]
		t.label.SetText(k.Label)
		t.value.SetText(k.Text)
		t.change.SetText(k.ChangeText())
		t.change.Importance = changeImportance(k.Trend)
		t.change.Refresh()
		t.previous.SetText(tileFootnote(k))
	}
	var days [7]time.Duration
	for i, d := range r.Deep.Days {
		if i < len(days) {
			days[i] = d.Deep
		}
	}
	s.bars.set(days, r.Deep.DailyGoal)
	s.notCount.SetText(notCountedLine(r.Deep))
	s.notCount.Importance = widget.MediumImportance
	if r.Deep.NoGoalHours > 0 {
		s.notCount.Importance = widget.WarningImportance
	}
	s.notCount.Refresh()
	s.shareText = reports.FormatValue(reports.UnitPercent, r.Async.Share, r.Async.OK)
	s.share.SetValue(r.Async.Share / 100)
	status := "Figures so far, as of " + r.AsOf.Format("Mon 2 Jan 15:04") + "."
	if !r.SoFar {
		status = "Figures as the record stood at the week's end."
	}
	if r.Empty {
		status = r.Headline + ". " + status
	}
	s.status.SetText(status)
	s.measures.show(r)
}

// tileFootnote is the line under a tile's change: what the value counts, the previous value, and
// the caveat of the comparison, as the PDF's tile has them.
func tileFootnote(k reports.KPI) string {
	parts := []string{}
	if k.Detail != "" {
		parts = append(parts, k.Detail)
	}
	if k.Caveat == reports.CaveatNoPrevious {
		return strings.Join(append(parts, k.Caveat), " · ")
	}
	parts = append(parts, k.PrevText)
	if k.Caveat != "" {
		parts = append(parts, k.Caveat)
	}
	return strings.Join(parts, " · ")
}

// notCountedLine says what deep work did not count this week, in the report's words.
func notCountedLine(d reports.DeepWork) string {
	line := fmt.Sprintf("Short focus (blocks under %s): %s", reports.FormatDuration(d.MinLength), reports.FormatDuration(d.ShortHours))
	if t := d.NoGoalText(); t != "" {
		line += " · " + t + ": give the blocks a goal to count them"
	} else {
		line += " · no deep work without a goal"
	}
	return line
}

// changeImportance colours a change by what it means for the figure: good news in the success
// colour, bad news in the danger colour, and a change that cannot be compared muted.
func changeImportance(t reports.Trend) widget.Importance {
	switch t {
	case reports.Better:
		return widget.SuccessImportance
	case reports.Worse:
		return widget.DangerImportance
	}
	return widget.LowImportance
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
		r.values[i] = canvas.NewText(reports.FormatDuration(r.b.Values[i]), theme.Color(theme.ColorNamePlaceHolder))
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
