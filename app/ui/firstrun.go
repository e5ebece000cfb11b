package ui

import (
	"fmt"
	"image/color"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// needsFirstRun reports whether svc's database is new: no projects, not even archived ones, and
// the setup was never finished or skipped. A read error counts as not new, so that a broken
// database opens the main window, where the error shows.
func needsFirstRun(svc *tracker.Service) bool {
	c, err := svc.Config()
	if err != nil || c.FirstRunDone {
		return false
	}
	ps, err := svc.Projects(true)
	return err == nil && len(ps) == 0
}

// weekdays are the working-day choices in the order a week is read; each maps to the word
// that the workdays setting takes.
var weekdays = []struct{ label, word string }{
	{"Mon", "mon"}, {"Tue", "tue"}, {"Wed", "wed"}, {"Thu", "thu"}, {"Fri", "fri"}, {"Sat", "sat"}, {"Sun", "sun"},
}

// setupStep is one page of the setup. apply stores its answers; it is not called when the
// person skipped the page, so the defaults stay.
type setupStep struct {
	title   string
	intro   string
	content fyne.CanvasObject
	apply   func() error
	skipped bool
}

// firstRunScreen is the guided setup shown instead of the main window on a new database. It
// ends by calling done with the service to run on: svc, or the demo database's with its
// report writer.
type firstRunScreen struct {
	win  fyne.Window
	svc  *tracker.Service
	opts Options
	done func(run *tracker.Service, demoReports ReportWriter)

	step  int // 0 is the welcome page; 1…len(steps) are the steps
	steps []*setupStep

	timezone  *widget.Entry
	workdays  *widget.CheckGroup
	workStart *widget.Entry
	workEnd   *widget.Entry
	projects  *widget.Entry
	goal      *widget.Entry
	reportDir *widget.Entry

	heading  *widget.Label
	progress *widget.Label
	intro    *widget.Label
	body     *fyne.Container
	status   *widget.Label
	back     *widget.Button
	skip     *widget.Button
	next     *widget.Button
	nav      *fyne.Container
	welcome  fyne.CanvasObject
	demo     *widget.Button
	stepView fyne.CanvasObject
	root     *fyne.Container
}

// newFirstRunScreen builds the setup in win. detectTZ pre-fills the time zone.
func newFirstRunScreen(win fyne.Window, svc *tracker.Service, opts Options, detectTZ func() string, done func(*tracker.Service, ReportWriter)) *firstRunScreen {
	s := &firstRunScreen{win: win, svc: svc, opts: opts, done: done}
	def := tracker.DefaultConfig()

	s.timezone = widget.NewEntry()
	s.timezone.SetText(detectTZ())
	s.timezone.SetPlaceHolder("e.g. Europe/Berlin")
	s.timezone.Validator = func(v string) error { return tracker.CheckSetting(tracker.SettingTimezone, v) }

	var labels []string
	for _, d := range weekdays {
		labels = append(labels, d.label)
	}
	s.workdays = widget.NewCheckGroup(labels, nil)
	s.workdays.Horizontal = true
	s.workdays.SetSelected(labels[:5])
	s.workStart = widget.NewEntry()
	s.workStart.SetText(fmtClock(def.WorkStart))
	s.workEnd = widget.NewEntry()
	s.workEnd.SetText(fmtClock(def.WorkEnd))

	s.projects = widget.NewMultiLineEntry()
	s.projects.SetPlaceHolder("One per line, for example:\nClient website\nInternal tools")
	s.projects.SetMinRowsVisible(5)

	s.goal = widget.NewEntry()
	s.goal.SetText(fmt.Sprint(def.WeeklyDeepGoal))
	s.goal.Validator = func(v string) error { return tracker.CheckSetting(tracker.SettingGoalDeep, v) }

	s.reportDir = widget.NewEntry()
	s.reportDir.SetText(def.ReportDir)
	s.reportDir.Validator = func(v string) error { return tracker.CheckSetting(tracker.SettingReportDir, v) }

	s.steps = []*setupStep{
		{title: "Time zone", intro: "Detected from this computer. Working hours, weeks and reports follow it.",
			content: widget.NewForm(widget.NewFormItem("Time zone", s.timezone)), apply: s.applyTimezone},
		{title: "Working days and hours", intro: "Request response targets count only working time, and gaps outside it are never questioned.",
			content: widget.NewForm(widget.NewFormItem("Days", s.workdays), widget.NewFormItem("From", s.workStart), widget.NewFormItem("To", s.workEnd)),
			apply:   s.applyWorkTime},
		{title: "Your first projects", intro: "Blocks, deliverables and requests belong to a project. You can add more at any time.",
			content: s.projects, apply: s.applyProjects},
		{title: "Weekly deep-work goal", intro: "Hours of focused, uninterrupted work you aim for in a week. Today and Week show how you stand.",
			content: widget.NewForm(widget.NewFormItem("Hours a week", s.goal)), apply: s.applyGoal},
		{title: "Where reports go", intro: "The weekly PDF report, and any you write from the Reports screen, are saved in this folder.",
			content: widget.NewForm(widget.NewFormItem("Folder", container.NewBorder(nil, nil, nil,
				widget.NewButtonWithIcon("Choose…", theme.FolderOpenIcon(), s.onChooseFolder), s.reportDir))),
			apply: s.applyReportDir},
	}

	s.heading = widget.NewLabelWithStyle("", fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	s.heading.SizeName = theme.SizeNameSubHeadingText
	s.progress = widget.NewLabel("")
	s.progress.Importance = widget.LowImportance
	s.intro = newLabel("")
	s.body = container.NewStack()
	s.status = newLabel("")
	s.status.Importance = widget.DangerImportance
	s.back = widget.NewButtonWithIcon("Back", theme.NavigateBackIcon(), s.onBack)
	s.skip = widget.NewButton("Skip", s.onSkip)
	s.skip.Importance = widget.LowImportance
	s.next = widget.NewButtonWithIcon("Next", theme.NavigateNextIcon(), s.onNext)
	s.next.Importance = widget.HighImportance
	s.next.IconPlacement = widget.ButtonIconTrailingText
	return s
}

// build lays out the welcome page and the step page; show switches between them.
func (s *firstRunScreen) build() fyne.CanvasObject {
	icon := canvas.NewImageFromResource(iconResource)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(72, 72))
	title := widget.NewLabelWithStyle("Welcome to Shiplog", fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	title.SizeName = theme.SizeNameHeadingText
	text := widget.NewLabelWithStyle("Shiplog records what you ship, not hours.\n"+
		"Five short steps set it up. Each can be skipped, and Settings changes anything later.",
		fyne.TextAlignCenter, fyne.TextStyle{})
	start := widget.NewButtonWithIcon("Set up Shiplog", theme.NavigateNextIcon(), s.onStart)
	start.Importance = widget.HighImportance
	s.demo = widget.NewButtonWithIcon("Load demo data", theme.FileIcon(), s.onDemo)
	demoText := widget.NewLabelWithStyle("Look around first: six weeks of sample work in a separate demo database.\n"+
		"Your own database stays empty, and this setup returns at the next start.", fyne.TextAlignCenter, fyne.TextStyle{Italic: true})
	later := widget.NewButton("Skip setup, use the defaults", s.onSkipAll)
	later.Importance = widget.LowImportance
	demo := container.NewVBox(gap(8), widget.NewSeparator(), gap(8), container.NewCenter(s.demo), demoText)
	if s.opts.OpenDemo == nil {
		demo.Hide()
	}
	s.welcome = container.NewCenter(container.NewVBox(
		container.NewCenter(icon), title, text, gap(12),
		container.NewCenter(container.NewHBox(start, later)),
		demo,
	))

	s.nav = container.NewBorder(nil, nil, s.back, container.NewHBox(s.skip, s.next))
	s.stepView = container.NewBorder(
		container.NewVBox(container.NewBorder(nil, nil, nil, s.progress, s.heading), s.intro, widget.NewSeparator()),
		container.NewVBox(s.status, s.nav),
		nil, nil,
		container.NewPadded(s.body),
	)
	s.root = container.NewStack(s.welcome, s.stepView)
	s.show(0)
	return container.NewPadded(s.root)
}

// show switches to page i: 0 is the welcome page.
func (s *firstRunScreen) show(i int) {
	s.step = i
	s.status.SetText("")
	if i == 0 {
		s.stepView.Hide()
		s.welcome.Show()
		return
	}
	st := s.steps[i-1]
	s.heading.SetText(st.title)
	s.progress.SetText(fmt.Sprintf("Step %d of %d", i, len(s.steps)))
	s.intro.SetText(st.intro)
	s.body.Objects = []fyne.CanvasObject{container.NewVBox(st.content)}
	s.body.Refresh()
	if i == len(s.steps) {
		s.next.SetText("Finish")
		s.next.SetIcon(theme.ConfirmIcon())
	} else {
		s.next.SetText("Next")
		s.next.SetIcon(theme.NavigateNextIcon())
	}
	s.welcome.Hide()
	s.stepView.Show()
	// The heading and progress changed width: lay the page out again.
	s.stepView.Refresh()
}

func (s *firstRunScreen) onStart() { s.show(1) }

func (s *firstRunScreen) onBack() { s.show(s.step - 1) }

// onNext keeps the page's answers and moves on; Finish stores everything.
func (s *firstRunScreen) onNext() {
	st := s.steps[s.step-1]
	st.skipped = false
	if err := s.check(st); err != nil {
		s.status.SetText(err.Error())
		return
	}
	s.advance()
}

// onSkip leaves the page's setting at its default.
func (s *firstRunScreen) onSkip() {
	s.steps[s.step-1].skipped = true
	s.advance()
}

func (s *firstRunScreen) advance() {
	if s.step < len(s.steps) {
		s.show(s.step + 1)
		return
	}
	s.onFinish()
}

// onSkipAll keeps every default and opens the app.
func (s *firstRunScreen) onSkipAll() {
	for _, st := range s.steps {
		st.skipped = true
	}
	s.onFinish()
}

// onFinish stores the answers of the pages not skipped and marks the setup done. A value the
// tracker refuses takes the person back to its page with the reason.
func (s *firstRunScreen) onFinish() {
	for i, st := range s.steps {
		if st.skipped {
			continue
		}
		if err := st.apply(); err != nil {
			s.show(i + 1)
			s.status.SetText(err.Error())
			return
		}
	}
	if err := s.svc.SetSetting(tracker.SettingFirstRunDone, "true"); err != nil {
		s.status.SetText(err.Error())
		return
	}
	s.done(s.svc, nil)
}

// onDemo opens the seeded demo database and runs the app on it. The setup is not marked done,
// so the next start on the real database offers it again.
func (s *firstRunScreen) onDemo() {
	s.demo.Disable()
	demo, writeReport, err := s.opts.OpenDemo()
	if err != nil {
		s.demo.Enable()
		dialog.ShowError(err, s.win)
		return
	}
	s.done(demo, writeReport)
}

func (s *firstRunScreen) onChooseFolder() {
	d := dialog.NewFolderOpen(func(u fyne.ListableURI, err error) {
		if err == nil && u != nil {
			s.reportDir.SetText(u.Path())
		}
	}, s.win)
	if l, err := storage.ListerForURI(storage.NewFileURI(s.reportDir.Text)); err == nil {
		d.SetLocation(l)
	}
	d.Show()
}

// check validates a page's entries before moving on, so mistakes show where they were made.
func (s *firstRunScreen) check(st *setupStep) error {
	switch st {
	case s.steps[0]:
		return s.timezone.Validate()
	case s.steps[1]:
		if len(s.workdays.Selected) == 0 {
			return fmt.Errorf("choose at least one working day")
		}
		return tracker.CheckSetting(tracker.SettingWorkhours, s.workHours())
	case s.steps[3]:
		return s.goal.Validate()
	case s.steps[4]:
		return s.reportDir.Validate()
	}
	return nil
}

func (s *firstRunScreen) applyTimezone() error {
	return s.svc.SetSetting(tracker.SettingTimezone, s.timezone.Text)
}

func (s *firstRunScreen) applyWorkTime() error {
	var days []string
	for _, d := range weekdays {
		for _, sel := range s.workdays.Selected {
			if sel == d.label {
				days = append(days, d.word)
			}
		}
	}
	if err := s.svc.SetSetting(tracker.SettingWorkdays, strings.Join(days, ",")); err != nil {
		return err
	}
	return s.svc.SetSetting(tracker.SettingWorkhours, s.workHours())
}

func (s *firstRunScreen) workHours() string {
	return strings.TrimSpace(s.workStart.Text) + "-" + strings.TrimSpace(s.workEnd.Text)
}

// applyProjects adds one project per non-empty line; a name given twice is added once.
func (s *firstRunScreen) applyProjects() error {
	seen := map[string]bool{}
	for _, line := range strings.Split(s.projects.Text, "\n") {
		name := strings.TrimSpace(line)
		if name == "" || seen[strings.ToLower(name)] {
			continue
		}
		seen[strings.ToLower(name)] = true
		if _, err := s.svc.ProjectByName(name); err == nil {
			continue // added by an earlier Finish that stopped at a later page
		}
		if _, err := s.svc.AddProject(tracker.Project{Name: name}); err != nil {
			return err
		}
	}
	return nil
}

func (s *firstRunScreen) applyGoal() error {
	return s.svc.SetSetting(tracker.SettingGoalDeep, s.goal.Text)
}

func (s *firstRunScreen) applyReportDir() error {
	return s.svc.SetSetting(tracker.SettingReportDir, s.reportDir.Text)
}

// fmtClock writes a time of day, as a duration from midnight, as HH:MM.
func fmtClock(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%02d:%02d", m/60, m%60)
}

// gap is empty vertical space of height h.
func gap(h float32) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.SetMinSize(fyne.NewSize(1, h))
	return r
}
