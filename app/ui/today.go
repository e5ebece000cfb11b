package ui

import (
	"errors"
	"fmt"
	"image/color"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/reports"
	"shiplog/tracker"
)

// todayScreen is the running block, today's timeline and blocks, quick add and the deep-work goal.
type todayScreen struct {
	u *UI

	state *widget.Label
	timer *timerText
	// timerColor is the timer's colour: the running block's kind's, or the disabled colour when idle.
	timerColor color.Color
	plan       *widget.Label
	startStop  *widget.Button
	ship       *widget.Button

	startForm    *fyne.Container
	startKind    *widget.Select
	startProject *projectPicker
	startGoal    *widget.Entry
	startPlan    *widget.Entry
	start        *form

	deep     *widget.Label
	deepBar  *widget.ProgressBar
	rituals  *ritualBar // the planned first block and End day
	timeline *timeline
	blocks   *fyne.Container

	addKind    *widget.Select
	addProject *projectPicker
	addFrom    *widget.Entry
	addTo      *widget.Entry
	addGoal    *widget.Entry
	addOutcome *widget.Entry
	addBtn     *widget.Button
	add        *form

	// running is the running block as last read, so that the timer can count each second
	// without a query; nil when idle.
	running *tracker.Block
}

func newTodayScreen(u *UI) *todayScreen {
	s := &todayScreen{u: u}
	s.state = widget.NewLabelWithStyle("Idle", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.timer = newTimerText(56)
	s.timerColor = theme.Color(theme.ColorNameDisabled)
	s.plan = widget.NewLabel("")
	s.startStop = widget.NewButtonWithIcon("Start", theme.MediaPlayIcon(), s.onStartStop)
	s.startStop.Importance = widget.HighImportance
	s.ship = widget.NewButtonWithIcon("Ship it…", theme.ConfirmIcon(), u.askShip)

	s.startKind = kindSelect()
	s.startProject = u.newProjectPicker()
	s.startGoal = widget.NewEntry()
	s.startGoal.SetPlaceHolder("goal: what this block should produce")
	s.startPlan = widget.NewEntry()
	s.startPlan.SetPlaceHolder("plan, e.g. 90m")
	s.start = newForm(func() error { _, err := s.draftStart(); return err })

	s.rituals = newRitualBar(u)
	s.deep = widget.NewLabel("")
	s.deepBar = widget.NewProgressBar()
	s.deepBar.TextFormatter = func() string { return fmt.Sprintf("%.0f%%", s.deepBar.Value*100) }
	s.timeline = newTimeline()
	s.blocks = container.NewVBox()

	s.addKind = kindSelect()
	s.addProject = u.newProjectPicker()
	s.addFrom = widget.NewEntry()
	s.addFrom.SetPlaceHolder("from, e.g. 09:30")
	s.addTo = widget.NewEntry()
	s.addTo.SetPlaceHolder("to, e.g. 11:00")
	s.addGoal = widget.NewEntry()
	s.addGoal.SetPlaceHolder("goal")
	s.addOutcome = widget.NewEntry()
	s.addOutcome.SetPlaceHolder("outcome")
	s.addBtn = widget.NewButtonWithIcon("Add block", theme.ContentAddIcon(), s.onAdd)
	s.add = newForm(func() error { _, err := s.draftAdd(); return err })
	return s
}

func kindSelect() *widget.Select {
	var labels []string
	for _, k := range tracker.Kinds {
		labels = append(labels, k.Label())
	}
	sel := widget.NewSelect(labels, nil)
	sel.SetSelected(tracker.KindDeep.Label())
	return sel
}

func kindOf(label string) tracker.Kind {
	for _, k := range tracker.Kinds {
		if k.Label() == label {
			return k
		}
	}
	return tracker.KindDeep
}

func (s *todayScreen) build() fyne.CanvasObject {
	st := s.start
	s.startForm = container.NewVBox(
		container.NewGridWithColumns(4, st.choice(s.startKind, "kind"), st.picker(s.startProject), st.entry(s.startGoal, "goal"),
			st.entry(s.startPlan, "plan")),
		st.general,
	)
	st.enable = func(ok bool) {
		if s.running != nil {
			return
		}
		if ok {
			s.startStop.Enable()
		} else {
			s.startStop.Disable()
		}
	}
	st.setSubmit(s.startStop)
	timerBox := container.NewVBox(s.state, container.NewHBox(s.timer.box, container.NewVBox(layout.NewSpacer(), s.plan)))
	running := widget.NewCard("", "", container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewVBox(layout.NewSpacer(), container.NewHBox(s.ship, s.startStop)), timerBox),
		s.startForm,
		s.rituals.build(),
		container.NewBorder(nil, nil, widget.NewLabelWithStyle("Deep work today", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}), s.deep, s.deepBar),
	))
	day := widget.NewCard("Today", "", container.NewVBox(
		s.timeline,
		legend(),
		widget.NewSeparator(),
		s.blocks,
	))
	ad := s.add
	add := widget.NewCard("Add a finished block", "", container.NewVBox(
		container.NewGridWithColumns(4, ad.choice(s.addKind, "kind"), ad.picker(s.addProject), ad.entry(s.addFrom, "from", "start"),
			ad.entry(s.addTo, "to", "end")),
		container.NewBorder(nil, nil, nil, container.NewVBox(s.addBtn),
			container.NewGridWithColumns(2, ad.entry(s.addGoal, "goal"), ad.entry(s.addOutcome, "outcome"))),
		ad.general,
	))
	ad.setSubmit(s.addBtn)
	return container.NewVScroll(container.NewVBox(running, day, add))
}

func (s *todayScreen) refresh() {
	u := s.u
	cfg := u.config()
	now := u.svc.Now()
	s.startProject.refresh()
	s.addProject.refresh()

	s.running = nil
	if b, err := u.svc.Running(); err == nil {
		s.running = &b
		s.state.SetText(b.Kind.Label() + " · " + b.Project + goalSuffix(b.Goal))
		s.timerColor = kindColor(b.Kind)
		s.plan.SetText("")
		if b.PlannedSeconds > 0 {
			s.plan.SetText("of " + fmtHM(b.Planned()) + " planned")
		}
		s.startStop.SetText("Stop")
		s.startStop.SetIcon(theme.MediaStopIcon())
		s.startStop.Enable()
		s.ship.Show()
		s.startForm.Hide()
	} else {
		s.state.SetText("Idle")
		s.timerColor = theme.Color(theme.ColorNameDisabled)
		s.plan.SetText("")
		s.startStop.SetText("Start")
		s.startStop.SetIcon(theme.MediaPlayIcon())
		s.ship.Hide()
		s.startForm.Show()
		s.start.validate()
	}
	s.showElapsed(now)

	from, to := dayBounds(now, cfg.Location())
	blocks, err := u.svc.Blocks(tracker.BlockFilter{From: from, To: to})
	if err != nil {
		u.showError(err)
	}
	s.showDeep(now, cfg.Location())
	s.rituals.refresh()
	s.timeline.set(blocks, now, cfg)

	s.blocks.RemoveAll()
	if len(blocks) == 0 {
		s.blocks.Add(widget.NewLabelWithStyle("No blocks yet today.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
	for _, b := range blocks {
		s.blocks.Add(s.blockRow(b, now, cfg.Location()))
	}
	s.add.validate()
}

// showElapsed writes the running block's time on the timer, as `shiplog status` writes it. It
// touches the timer's characters that changed and nothing else, so that the timer can count every
// second (see timerText for what that costs).
func (s *todayScreen) showElapsed(now time.Time) {
	text := tracker.FormatElapsed(0)
	if s.running != nil {
		text = tracker.FormatElapsed(s.running.Duration(now))
	}
	s.timer.set(text, s.timerColor)
}

// showDeep shows today's deep work against the daily goal from the report model for today
// (reports.DayOf): the figure that `shiplog status` prints and that the week's chart shows for
// this day.
func (s *todayScreen) showDeep(now time.Time, loc *time.Location) {
	r, err := reports.Build(s.u.svc, reports.Options{Period: reports.DayOf(now, loc), Now: now})
	if err != nil {
		s.u.showError(err)
		return
	}
	d := r.Deep
	text := d.GoalText()
	if t := d.NotCountedText(); t != "" {
		text += " · " + t
	}
	s.deep.SetText(text)
	// With no deep work yet, or no goal to measure it against, there is no bar: an empty bar the
	// width of the window read as a full one.
	if d.DailyGoal <= 0 || d.Hours == 0 {
		s.deepBar.Hide()
		return
	}
	s.deepBar.Max = 1
	s.deepBar.SetValue(min(float64(d.Hours)/float64(d.DailyGoal), 1))
	s.deepBar.Show()
}

func goalSuffix(goal string) string {
	if goal == "" {
		return ""
	}
	return " — " + goal
}

func (s *todayScreen) blockRow(b tracker.Block, now time.Time, loc *time.Location) fyne.CanvasObject {
	sw := canvas.NewRectangle(kindColor(b.Kind))
	sw.SetMinSize(fyne.NewSize(6, 20))
	edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { s.onEdit(b) })
	del := widget.NewButtonWithIcon("", theme.DeleteIcon(), func() { s.onDelete(b) })
	edit.Importance, del.Importance = widget.LowImportance, widget.LowImportance
	return container.NewBorder(nil, nil, sw, container.NewHBox(edit, del), newLabel(blockLine(b, now, loc)))
}

// draftStart is the block the start form would start, checked by the tracker.
func (s *todayScreen) draftStart() (tracker.Block, error) {
	now := s.u.svc.Now()
	planned, errPlan := parsePlanned(s.startPlan.Text)
	b := tracker.Block{Kind: kindOf(s.startKind.Selected), Project: s.startProject.text(), Goal: s.startGoal.Text,
		Start: now, PlannedSeconds: int64(planned / time.Second)}
	return b, errors.Join(s.startProject.check(false), errPlan, b.Validate(now))
}

func (s *todayScreen) onStartStop() {
	if s.running != nil {
		s.u.askStop()
		return
	}
	s.onStart()
}

// onStart starts the block described by the start form.
func (s *todayScreen) onStart() {
	b, err := s.draftStart()
	if err == nil {
		_, _, err = s.u.svc.StartBlock(b)
	}
	if err != nil {
		s.start.fail(err)
		s.u.win.Canvas().Focus(s.startProject.entry)
		return
	}
	s.start.clear()
	s.u.refresh()
}

// draftAdd is the finished block the quick-add form would record; every problem names its field.
func (s *todayScreen) draftAdd() (tracker.Block, error) {
	u := s.u
	now := u.svc.Now()
	loc := u.config().Location()
	from, errFrom := tracker.ParseTime("from", s.addFrom.Text, now, loc)
	to, errTo := tracker.ParseTime("to", s.addTo.Text, now, loc)
	b := tracker.Block{Kind: kindOf(s.addKind.Selected), Project: s.addProject.text(), Start: from, End: &to,
		Goal: s.addGoal.Text, Outcome: s.addOutcome.Text}
	errs := []error{s.addProject.check(false), errFrom, errTo}
	if errFrom == nil && errTo == nil {
		errs = append(errs, b.Validate(now))
	}
	return b, errors.Join(errs...)
}

func (s *todayScreen) onAdd() {
	b, err := s.draftAdd()
	if err == nil {
		_, err = s.u.svc.AddBlock(b)
	}
	if err != nil {
		s.add.fail(err)
		return
	}
	s.add.clear()
	s.u.refresh()
}

// onDelete deletes a block and offers to undo it.
func (s *todayScreen) onDelete(b tracker.Block) {
	u := s.u
	gone, err := u.svc.DeleteBlock(b.ID)
	if err != nil {
		u.showError(err)
		return
	}
	u.refresh()
	u.toast.show(fmt.Sprintf("Deleted %s · %s (%s)", gone.Kind.Label(), gone.Project, fmtHM(gone.Duration(u.svc.Now()))), func() {
		if _, err := u.svc.RestoreBlock(gone); err != nil {
			u.showError(err)
		}
		u.refresh()
	})
}
