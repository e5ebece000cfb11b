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

// formDialog shows the form f in a dialog, with intro (if any) above its fields. The confirm
// button is the form's submit: disabled while the form is invalid. Confirming runs onOK; an error
// it returns stays in the dialog, under the field it names, so that nothing typed is lost.
func (u *UI) formDialog(title, intro, confirm string, f *form, items []*widget.FormItem, onOK func() error) *dialog.CustomDialog {
	u.showWindow()
	var d *dialog.CustomDialog
	ok := widget.NewButton(confirm, nil)
	ok.Importance = widget.HighImportance
	ok.OnTapped = func() {
		if err := f.validate(); err != nil {
			f.fail(err)
			return
		}
		if err := onOK(); err != nil {
			f.fail(err)
			return
		}
		d.Hide()
		u.refresh()
	}
	cancel := widget.NewButton("Cancel", func() { d.Hide() })
	content := container.NewVBox()
	if intro != "" {
		content.Add(newLabel(intro))
	}
	content.Add(widget.NewForm(items...))
	content.Add(f.general)
	d = dialog.NewCustomWithoutButtons(title, content, u.win)
	d.SetButtons([]fyne.CanvasObject{cancel, ok})
	f.setSubmit(ok)
	d.Resize(fyne.NewSize(500, 0))
	d.Show()
	u.dialog, u.dialogForm = d, f
	return d
}

// askStart asks for the project, goal and planned length of a new block of kind k.
func (u *UI) askStart(k tracker.Kind) {
	project := u.newProjectPicker()
	goal := widget.NewEntry()
	goal.SetPlaceHolder("what this block should produce")
	plan := widget.NewEntry()
	plan.SetPlaceHolder("e.g. 90m or 1:30")
	f := newForm(func() error {
		planned, err := parsePlanned(plan.Text)
		now := u.svc.Now()
		b := tracker.Block{Kind: k, Goal: goal.Text, Start: now, PlannedSeconds: int64(planned / time.Second)}
		return errors.Join(project.check(false), err, b.Validate(now))
	})
	intro := ""
	if k == tracker.KindDeep {
		intro = "Deep work counts when it has a goal."
	}
	u.formDialog("Start "+k.Label(), intro, "Start", f, []*widget.FormItem{
		widget.NewFormItem("Project", f.picker(project)),
		widget.NewFormItem("Goal", f.entry(goal, "goal")),
		widget.NewFormItem("Planned", f.entry(plan, "plan")),
	}, func() error {
		d, _ := parsePlanned(plan.Text)
		return u.startBlock(k, project.text(), goal.Text, d)
	})
	u.win.Canvas().Focus(project.entry)
}

// askStop stops the running block with its outcome. A deep-work block without a goal is asked
// for one first, with the cursor in the goal field: without it, the block is not counted.
func (u *UI) askStop() {
	b, err := u.svc.Running()
	if err != nil {
		u.showError(err)
		return
	}
	needGoal := needsGoal(b)
	goal := widget.NewEntry()
	goal.SetPlaceHolder("what this block was for, e.g. Export endpoint")
	outcome := widget.NewMultiLineEntry()
	outcome.SetPlaceHolder("what came out of it")
	f := newForm(func() error {
		now := u.svc.Now()
		d := b
		d.End, d.Outcome = &now, outcome.Text
		if needGoal {
			d.Goal = strings.TrimSpace(goal.Text)
		}
		return d.Validate(now)
	})
	var items []*widget.FormItem
	intro := ""
	if needGoal {
		intro = "Deep work without a goal is not counted. What was this block for?"
		items = append(items, widget.NewFormItem("Goal", f.entry(goal, "goal")))
	}
	items = append(items, widget.NewFormItem("Outcome", f.entry(outcome, "outcome")))
	u.formDialog("Stop "+runningLine(b, u.svc.Now()), intro, "Stop", f, items, func() error {
		in := tracker.StopInput{Outcome: outcome.Text}
		if g := strings.TrimSpace(goal.Text); needGoal && g != "" {
			in.Goal = g
		}
		_, err := u.svc.StopBlock(in)
		return err
	})
	if needGoal {
		u.win.Canvas().Focus(goal)
	} else {
		u.win.Canvas().Focus(outcome)
	}
}

// needsGoal reports whether a block is deep work without a goal, which the report does not count.
func needsGoal(b tracker.Block) bool {
	return b.Kind == tracker.KindDeep && strings.TrimSpace(b.Goal) == ""
}

// askLogRequest records a request that needs an answer.
func (u *UI) askLogRequest() {
	subject := widget.NewEntry()
	subject.SetPlaceHolder("what is asked")
	from := widget.NewEntry()
	from.SetPlaceHolder("who asks")
	prio := widget.NewSelect(priorityNames(), nil)
	prio.SetSelected(string(tracker.PriorityNormal))
	project := u.newProjectPicker()
	project.entry.SetPlaceHolder("no project")
	draft := func() tracker.Request {
		return tracker.Request{Subject: subject.Text, From: from.Text, Priority: tracker.Priority(prio.Selected), Project: project.text()}
	}
	f := newForm(func() error {
		now := u.svc.Now()
		r := draft()
		r.ReceivedAt = now
		return errors.Join(r.Validate(now), project.check(true))
	})
	u.formDialog("Log request", "", "Log", f, []*widget.FormItem{
		widget.NewFormItem("Subject", f.entry(subject, "subject")),
		widget.NewFormItem("From", f.entry(from, "from")),
		widget.NewFormItem("Priority", f.choice(prio, "priority")),
		widget.NewFormItem("Project", f.picker(project)),
	}, func() error {
		_, err := u.svc.AddRequest(draft())
		return err
	})
	u.win.Canvas().Focus(subject)
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
