package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// The dialogs below are shared by the tray, the shortcuts and the screens. Each entry validates
// as the user types, with the tracker's own error text.

// projectNames lists the active projects for pickers.
func (u *UI) projectNames() []string {
	ps, err := u.svc.Projects(false)
	if err != nil {
		return nil
	}
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names
}

// projectValidator checks that a project exists, suggesting near names as the tracker does.
func (u *UI) projectValidator(optional bool) fyne.StringValidator {
	return func(s string) error {
		if strings.TrimSpace(s) == "" {
			if optional {
				return nil
			}
			return &tracker.FieldError{Field: "project", Reason: "must be set"}
		}
		_, err := u.svc.ProjectByName(s)
		return err
	}
}

// plannedValidator accepts an empty plan or a duration the tracker can read.
func plannedValidator(s string) error {
	_, err := parsePlanned(s)
	return err
}

func parsePlanned(s string) (time.Duration, error) {
	if strings.TrimSpace(s) == "" {
		return 0, nil
	}
	d, err := tracker.ParseDuration("plan", s)
	if err != nil {
		return 0, err
	}
	// Only the plan's range is checked here, so any fixed start will do.
	ref := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	b := tracker.Block{Kind: tracker.KindDeep, Start: ref, PlannedSeconds: int64(d / time.Second)}
	return d, b.Validate(ref)
}

// formDialog shows a form whose confirm button stays disabled while an entry is invalid.
func (u *UI) formDialog(title, confirm string, items []*widget.FormItem, onOK func() error) dialog.Dialog {
	u.showWindow()
	d := dialog.NewForm(title, confirm, "Cancel", items, func(ok bool) {
		if !ok {
			return
		}
		if err := onOK(); err != nil {
			u.showError(err)
		}
		u.refresh()
	}, u.win)
	d.Resize(fyne.NewSize(460, 0))
	d.Show()
	return d
}

// askStart asks for the project, goal and planned length of a new block of kind k.
func (u *UI) askStart(k tracker.Kind) {
	project := widget.NewSelectEntry(u.projectNames())
	project.Validator = u.projectValidator(false)
	goal := widget.NewEntry()
	goal.SetPlaceHolder("what this block should produce")
	goal.Validator = func(s string) error {
		now := u.svc.Now()
		b := tracker.Block{Kind: k, Goal: s, Start: now}
		return b.Validate(now)
	}
	plan := widget.NewEntry()
	plan.SetPlaceHolder("e.g. 90m or 1:30")
	plan.Validator = plannedValidator
	u.formDialog("Start "+k.Label(), "Start", []*widget.FormItem{
		widget.NewFormItem("Project", project),
		widget.NewFormItem("Goal", goal),
		widget.NewFormItem("Planned", plan),
	}, func() error {
		d, _ := parsePlanned(plan.Text)
		return u.startBlock(k, project.Text, goal.Text, d)
	})
}

// askStop stops the running block with its outcome.
func (u *UI) askStop() {
	b, err := u.svc.Running()
	if err != nil {
		u.showError(err)
		return
	}
	outcome := widget.NewMultiLineEntry()
	outcome.SetPlaceHolder("what came out of it")
	outcome.Validator = func(s string) error {
		d := b
		d.Outcome = s
		return d.Validate(u.svc.Now())
	}
	u.formDialog("Stop "+runningLine(b, u.svc.Now()), "Stop", []*widget.FormItem{
		widget.NewFormItem("Outcome", outcome),
	}, func() error {
		_, err := u.svc.StopBlock(tracker.StopInput{Outcome: outcome.Text})
		return err
	})
}

// askShip stops the running block and records its outcome as a shipped deliverable.
func (u *UI) askShip() {
	b, err := u.svc.Running()
	if err != nil {
		u.showError(err)
		return
	}
	what := widget.NewEntry()
	what.SetPlaceHolder("what shipped, e.g. Export to CSV")
	what.Validator = func(s string) error {
		d := tracker.Deliverable{Title: s, Status: tracker.StatusPlanned}
		return d.Validate(u.svc.Now())
	}
	link := widget.NewEntry()
	link.SetPlaceHolder("https://… (optional)")
	link.Validator = func(s string) error { return tracker.CheckURL("link", s) }
	u.formDialog("Ship it · "+b.Project, "Ship", []*widget.FormItem{
		widget.NewFormItem("Shipped", what),
		widget.NewFormItem("Link", link),
	}, func() error {
		d, err := u.svc.Ship(tracker.ShipInput{Title: what.Text, Project: b.Project, Link: link.Text})
		if err != nil {
			return err
		}
		_, err = u.svc.StopBlock(tracker.StopInput{Outcome: what.Text, DeliverableID: &d.ID})
		return err
	})
}

// askLogRequest records a request that needs an answer.
func (u *UI) askLogRequest() {
	subject := widget.NewEntry()
	subject.Validator = func(s string) error {
		r := tracker.Request{Subject: s, Priority: tracker.PriorityNormal, ReceivedAt: u.svc.Now()}
		return r.Validate(u.svc.Now())
	}
	from := widget.NewEntry()
	from.Validator = func(s string) error {
		r := tracker.Request{Subject: "x", From: s, Priority: tracker.PriorityNormal, ReceivedAt: u.svc.Now()}
		return r.Validate(u.svc.Now())
	}
	prio := widget.NewSelect(priorityNames(), nil)
	prio.SetSelected(string(tracker.PriorityNormal))
	project := widget.NewSelectEntry(u.projectNames())
	project.Validator = u.projectValidator(true)
	u.formDialog("Log request", "Log", []*widget.FormItem{
		widget.NewFormItem("Subject", subject),
		widget.NewFormItem("From", from),
		widget.NewFormItem("Priority", prio),
		widget.NewFormItem("Project", project),
	}, func() error {
		_, err := u.svc.AddRequest(tracker.Request{Subject: subject.Text, From: from.Text,
			Priority: tracker.Priority(prio.Selected), Project: project.Text})
		return err
	})
}

func priorityNames() []string {
	out := make([]string, len(tracker.Priorities))
	for i, p := range tracker.Priorities {
		out[i] = string(p)
	}
	return out
}

// checkGap runs the honest-time check and asks about a gap if there is one.
func (u *UI) checkGap(atStart bool) {
	g, ok, err := u.honest.check(u.svc.Now())
	if err != nil {
		u.showError(err)
		return
	}
	if ok {
		u.askGap(g, atStart)
	}
}

// askGap asks what the unseen time was: work, or not.
func (u *UI) askGap(g tracker.Gap, atStart bool) {
	loc := u.config().Location()
	seen := g.LastSeen.In(loc).Format("15:04")
	why := "The computer was asleep or Shiplog was not running"
	if atStart {
		why = "Shiplog was not running"
	}
	msg := newLabel(fmt.Sprintf("%s for %s (since %s) while this block was running:\n\n%s\n\nWhat should count?",
		why, fmtHM(g.Length()), seen, runningLine(g.Block, g.Now)))
	var d *dialog.CustomDialog
	answer := func(a tracker.GapAnswer) func() {
		return func() {
			d.Hide()
			u.onGapAnswer(g, a)
		}
	}
	keep := widget.NewButton("Keep the time", answer(tracker.GapKeep))
	stop := widget.NewButton("Stop at "+seen, answer(tracker.GapStop))
	split := widget.NewButton("Split: stop at "+seen+", start again now", answer(tracker.GapSplit))
	split.Importance = widget.HighImportance
	d = dialog.NewCustomWithoutButtons("Away for "+fmtHM(g.Length()), msg, u.win)
	d.SetButtons([]fyne.CanvasObject{container.NewHBox(keep, stop, split)})
	d.Resize(fyne.NewSize(560, 0))
	u.gapDialog = d
	u.showWindow()
	d.Show()
}

// onGapAnswer applies the answer to a gap.
func (u *UI) onGapAnswer(g tracker.Gap, a tracker.GapAnswer) {
	u.gapDialog = nil
	if err := u.honest.resolve(g, a); err != nil && !errors.Is(err, tracker.ErrNotFound) {
		u.showError(err)
	}
	u.refresh()
}
