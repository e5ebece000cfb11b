package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/reports"
	"shiplog/tracker"
)

// todayScreen is the running block, today's timeline and blocks, quick add and the deep-work goal.
type todayScreen struct {
	u *UI

	state     *widget.Label
	timer     *canvas.Text
	plan      *widget.Label
	startStop *widget.Button
	ship      *widget.Button

	startForm    *fyne.Container
	startKind    *widget.Select
	startProject *widget.SelectEntry
	startGoal    *widget.Entry
	startPlan    *widget.Entry
	startErr     *widget.Label

	deep     *widget.Label
	deepBar  *widget.ProgressBar
	rituals  *ritualBar // the planned first block and End day
	timeline *timeline
	blocks   *fyne.Container

	addKind    *widget.Select
	addProject *widget.SelectEntry
	addFrom    *widget.Entry
	addTo      *widget.Entry
	addGoal    *widget.Entry
	addOutcome *widget.Entry
	addErr     *widget.Label
	addBtn     *widget.Button

	// editDialog is the open edit dialog, for tests.
	editDialog dialog.Dialog
}

func newTodayScreen(u *UI) *todayScreen {
	s := &todayScreen{u: u}
	s.state = widget.NewLabelWithStyle("Idle", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.timer = canvas.NewText("0:00", theme.Color(theme.ColorNameForeground))
	s.timer.TextSize = 56
	s.timer.TextStyle = fyne.TextStyle{Bold: true}
	s.plan = widget.NewLabel("")
	s.startStop = widget.NewButtonWithIcon("Start", theme.MediaPlayIcon(), s.onStartStop)
	s.startStop.Importance = widget.HighImportance
	s.ship = widget.NewButtonWithIcon("Ship it…", theme.ConfirmIcon(), u.askShip)

	s.startKind = kindSelect()
	s.startProject = widget.NewSelectEntry(nil)
	s.startProject.SetPlaceHolder("project")
	s.startGoal = widget.NewEntry()
	s.startGoal.SetPlaceHolder("goal: what this block should produce")
	s.startPlan = widget.NewEntry()
	s.startPlan.SetPlaceHolder("plan, e.g. 90m")
	s.startErr = errorLabel()
	for _, e := range []*widget.Entry{&s.startProject.Entry, s.startGoal, s.startPlan} {
		e.OnChanged = func(string) { s.validateStart() }
	}
	s.startKind.OnChanged = func(string) { s.validateStart() }

	s.rituals = newRitualBar(u)
	s.deep = widget.NewLabel("")
	s.deepBar = widget.NewProgressBar()
	s.deepBar.TextFormatter = func() string { return fmt.Sprintf("%.0f%%", s.deepBar.Value*100) }
	s.timeline = newTimeline()
	s.blocks = container.NewVBox()

	s.addKind = kindSelect()
	s.addProject = widget.NewSelectEntry(nil)
	s.addProject.SetPlaceHolder("project")
	s.addFrom = widget.NewEntry()
	s.addFrom.SetPlaceHolder("from, e.g. 09:30")
	s.addTo = widget.NewEntry()
	s.addTo.SetPlaceHolder("to, e.g. 11:00")
	s.addGoal = widget.NewEntry()
	s.addGoal.SetPlaceHolder("goal")
	s.addOutcome = widget.NewEntry()
	s.addOutcome.SetPlaceHolder("outcome")
	s.addErr = errorLabel()
	s.addBtn = widget.NewButtonWithIcon("Add block", theme.ContentAddIcon(), s.onAdd)
	for _, e := range []*widget.Entry{&s.addProject.Entry, s.addFrom, s.addTo, s.addGoal, s.addOutcome} {
		e.OnChanged = func(string) { s.validateAdd() }
	}
	s.addKind.OnChanged = func(string) { s.validateAdd() }
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

// errorLabel shows a form's validation error in the theme's error colour.
func errorLabel() *widget.Label {
	l := newLabel("")
	l.Importance = widget.DangerImportance
	return l
}

func (s *todayScreen) build() fyne.CanvasObject {
	s.startForm = container.NewVBox(
		container.NewGridWithColumns(4, s.startKind, s.startProject, s.startGoal, s.startPlan),
		s.startErr,
	)
	timerBox := container.NewVBox(s.state, container.NewHBox(s.timer, container.NewVBox(layout.NewSpacer(), s.plan)))
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
	add := widget.NewCard("Add a finished block", "", container.NewVBox(
		container.NewGridWithColumns(4, s.addKind, s.addProject, s.addFrom, s.addTo),
		container.NewBorder(nil, nil, nil, s.addBtn, container.NewGridWithColumns(2, s.addGoal, s.addOutcome)),
		s.addErr,
	))
	return container.NewVScroll(container.NewVBox(running, day, add))
}

func (s *todayScreen) refresh() {
	u := s.u
	cfg := u.config()
	now := u.svc.Now()
	names := u.projectNames()
	s.startProject.SetOptions(names)
	s.addProject.SetOptions(names)

	b, err := u.svc.Running()
	if err == nil {
		s.state.SetText(b.Kind.Label() + " · " + b.Project + goalSuffix(b.Goal))
		s.timer.Text = fmtHM(b.Duration(now))
		s.timer.Color = kindColor(b.Kind)
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
		s.timer.Text = "0:00"
		s.timer.Color = theme.Color(theme.ColorNameDisabled)
		s.plan.SetText("")
		s.startStop.SetText("Start")
		s.startStop.SetIcon(theme.MediaPlayIcon())
		s.ship.Hide()
		s.startForm.Show()
		s.validateStart()
	}
	s.timer.Refresh()

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
	s.validateAdd()
}

// showDeep fills the deep-work bar from the report model for today (reports.DayOf): the figure
// that `shiplog status` prints and that the week's chart shows for this day.
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
	s.deepBar.Max = 1
	if d.DailyGoal > 0 {
		s.deepBar.SetValue(min(float64(d.Hours)/float64(d.DailyGoal), 1))
	} else {
		s.deepBar.SetValue(0)
	}
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
	if strings.TrimSpace(s.startProject.Text) == "" {
		return tracker.Block{}, &tracker.FieldError{Field: "project", Reason: "must be set"}
	}
	if _, err := s.u.svc.ProjectByName(s.startProject.Text); err != nil {
		return tracker.Block{}, err
	}
	planned, err := parsePlanned(s.startPlan.Text)
	if err != nil {
		return tracker.Block{}, err
	}
	b := tracker.Block{Kind: kindOf(s.startKind.Selected), Project: s.startProject.Text, Goal: s.startGoal.Text,
		Start: now, PlannedSeconds: int64(planned / time.Second)}
	return b, b.Validate(now)
}

func (s *todayScreen) validateStart() {
	if _, err := s.u.svc.Running(); err == nil {
		return
	}
	_, err := s.draftStart()
	showValidation(err, s.startProject.Text == "", s.startErr, s.startStop)
}

func (s *todayScreen) onStartStop() {
	if _, err := s.u.svc.Running(); err == nil {
		s.u.askStop()
		return
	}
	s.onStart()
}

// onStart starts the block described by the start form.
func (s *todayScreen) onStart() {
	b, err := s.draftStart()
	if err != nil {
		s.startErr.SetText(err.Error())
		s.u.win.Canvas().Focus(s.startProject)
		return
	}
	if err := s.u.startBlock(b.Kind, b.Project, b.Goal, b.Planned()); err != nil {
		s.startErr.SetText(err.Error())
		return
	}
	s.startGoal.SetText("")
	s.startPlan.SetText("")
}

// draftAdd is the finished block the quick-add form would record.
func (s *todayScreen) draftAdd() (tracker.Block, error) {
	u := s.u
	now := u.svc.Now()
	loc := u.config().Location()
	if strings.TrimSpace(s.addProject.Text) == "" {
		return tracker.Block{}, &tracker.FieldError{Field: "project", Reason: "must be set"}
	}
	if _, err := u.svc.ProjectByName(s.addProject.Text); err != nil {
		return tracker.Block{}, err
	}
	from, err := tracker.ParseTime("from", s.addFrom.Text, now, loc)
	if err != nil {
		return tracker.Block{}, err
	}
	to, err := tracker.ParseTime("to", s.addTo.Text, now, loc)
	if err != nil {
		return tracker.Block{}, err
	}
	b := tracker.Block{Kind: kindOf(s.addKind.Selected), Project: s.addProject.Text, Start: from, End: &to,
		Goal: s.addGoal.Text, Outcome: s.addOutcome.Text}
	return b, b.Validate(now)
}

func (s *todayScreen) validateAdd() {
	_, err := s.draftAdd()
	showValidation(err, s.addProject.Text == "" && s.addFrom.Text == "" && s.addTo.Text == "", s.addErr, s.addBtn)
}

func (s *todayScreen) onAdd() {
	b, err := s.draftAdd()
	if err == nil {
		_, err = s.u.svc.AddBlock(b)
	}
	if err != nil {
		s.addErr.SetText(err.Error())
		return
	}
	for _, e := range []*widget.Entry{s.addFrom, s.addTo, s.addGoal, s.addOutcome} {
		e.SetText("")
	}
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

// onEdit edits a block's times, kind, goal and outcome.
func (s *todayScreen) onEdit(b tracker.Block) {
	u := s.u
	loc := u.config().Location()
	kind := kindSelect()
	kind.SetSelected(b.Kind.Label())
	from := widget.NewEntry()
	from.SetText(b.Start.In(loc).Format("15:04"))
	to := widget.NewEntry()
	if b.End != nil {
		to.SetText(b.End.In(loc).Format("15:04"))
	} else {
		to.Disable()
		to.SetPlaceHolder("running")
	}
	goal := widget.NewEntry()
	goal.SetText(b.Goal)
	outcome := widget.NewEntry()
	outcome.SetText(b.Outcome)
	errText := errorLabel()
	patch := func() (tracker.BlockPatch, error) {
		now := u.svc.Now()
		day := b.Start
		start, err := tracker.ParseTime("from", from.Text, day, loc)
		if err != nil {
			return tracker.BlockPatch{}, err
		}
		k := kindOf(kind.Selected)
		p := tracker.BlockPatch{Kind: &k, Start: &start, Goal: &goal.Text, Outcome: &outcome.Text}
		draft := b
		draft.Start, draft.Kind, draft.Goal, draft.Outcome = start, k, goal.Text, outcome.Text
		if b.End != nil {
			end, err := tracker.ParseTime("to", to.Text, day, loc)
			if err != nil {
				return tracker.BlockPatch{}, err
			}
			p.End, draft.End = &end, &end
		}
		return p, draft.Validate(now)
	}
	var d dialog.Dialog
	save := widget.NewButton("Save", nil)
	save.Importance = widget.HighImportance
	check := func(string) {
		if _, err := patch(); err != nil {
			errText.SetText(err.Error())
			save.Disable()
			return
		}
		errText.SetText("")
		save.Enable()
	}
	for _, e := range []*widget.Entry{from, to, goal, outcome} {
		e.OnChanged = check
	}
	save.OnTapped = func() {
		p, err := patch()
		if err == nil {
			_, err = u.svc.EditBlock(b.ID, p)
		}
		if err != nil {
			errText.SetText(err.Error())
			return
		}
		d.Hide()
		u.refresh()
	}
	form := widget.NewForm(
		widget.NewFormItem("Kind", kind),
		widget.NewFormItem("From", from),
		widget.NewFormItem("To", to),
		widget.NewFormItem("Goal", goal),
		widget.NewFormItem("Outcome", outcome),
	)
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	d = dialog.NewCustomWithoutButtons(fmt.Sprintf("Edit block · %s", b.Project), container.NewVBox(form, errText), u.win)
	d.(*dialog.CustomDialog).SetButtons([]fyne.CanvasObject{cancel, save})
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
	s.editDialog = d
}
