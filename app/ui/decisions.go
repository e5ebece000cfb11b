package ui

import (
	"errors"
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// decisionsScreen proposes decisions, takes objections with a reason, closes decisions, and
// shows each decision's state and deadline.
type decisionsScreen struct {
	u *UI

	title   *widget.Entry
	context *widget.Entry
	project *projectPicker
	addBtn  *widget.Button
	form    *form
	list    *fyne.Container
}

func newDecisionsScreen(u *UI) *decisionsScreen {
	s := &decisionsScreen{u: u, project: u.newProjectPicker(), list: container.NewVBox()}
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder("proposal, e.g. Move the standup to async")
	s.context = widget.NewMultiLineEntry()
	s.context.SetPlaceHolder("context and reasoning")
	s.context.SetMinRowsVisible(2)
	s.project.entry.SetPlaceHolder("no project")
	s.addBtn = widget.NewButtonWithIcon("Propose", theme.ContentAddIcon(), s.onPropose)
	s.form = newForm(func() error { _, err := s.draft(); return err })
	return s
}

func (s *decisionsScreen) build() fyne.CanvasObject {
	f := s.form
	propose := container.NewVBox(
		container.NewGridWithColumns(2, f.entry(s.title, "title"), f.picker(s.project)),
		f.entry(s.context, "context"),
		container.NewBorder(nil, nil, nil, s.addBtn, f.general))
	f.setSubmit(s.addBtn)
	return container.NewVScroll(container.NewVBox(
		widget.NewCard("Decisions", "Accepted by silence at the deadline unless someone objects", s.list),
		widget.NewCard("Propose", "", propose),
	))
}

func (s *decisionsScreen) draft() (tracker.Decision, error) {
	now := s.u.svc.Now()
	d := tracker.Decision{Title: s.title.Text, Context: s.context.Text, Project: s.project.text(), ProposedAt: now, Deadline: now.Add(1)}
	return d, errors.Join(d.Validate(now), s.project.check(true))
}

func (s *decisionsScreen) onPropose() {
	d, err := s.draft()
	if err == nil {
		_, err = s.u.svc.ProposeDecision(tracker.Decision{Title: d.Title, Context: d.Context, Project: d.Project})
	}
	if err != nil {
		s.form.fail(err)
		return
	}
	s.form.clear()
	s.u.refresh()
}

// onObject asks who objects and why. Each field shows only its own problem, whichever is typed
// first.
func (s *decisionsScreen) onObject(d tracker.Decision) {
	u := s.u
	by := widget.NewEntry()
	by.SetPlaceHolder("who objects")
	reason := widget.NewMultiLineEntry()
	reason.SetPlaceHolder("why: an objection needs a reason")
	f := newForm(func() error {
		now := u.svc.Now()
		o := tracker.Objection{By: by.Text, Reason: reason.Text, At: now}
		return o.Validate(now)
	})
	u.formDialog("Object to "+d.Title, "", "Object", f, []*widget.FormItem{
		widget.NewFormItem("By", f.entry(by, "by")),
		widget.NewFormItem("Reason", f.entry(reason, "reason")),
	}, func() error {
		_, err := u.svc.Object(d.ID, tracker.Objection{By: by.Text, Reason: reason.Text})
		return err
	})
	u.win.Canvas().Focus(by)
}

// onClose closes a decision as accepted or rejected, with its outcome, and says so.
func (s *decisionsScreen) onClose(d tracker.Decision, accepted bool) {
	u := s.u
	outcome := widget.NewMultiLineEntry()
	outcome.SetPlaceHolder("what was decided, and what happens next (optional)")
	f := newForm(func() error {
		now := u.svc.Now()
		draft := d
		draft.Outcome, draft.Closed = outcome.Text, "rejected"
		return draft.Validate(now)
	})
	verb, title := "Reject", "Reject "+d.Title
	if accepted {
		verb, title = "Accept", "Accept "+d.Title
	}
	u.formDialog(title, "Closes the decision now, before its deadline.", verb, f, []*widget.FormItem{
		widget.NewFormItem("Outcome", f.entry(outcome, "outcome")),
	}, func() error {
		closed, err := u.svc.CloseDecision(d.ID, accepted, outcome.Text, time.Time{})
		if err != nil {
			return err
		}
		u.notifier.notify("Decision closed", fmt.Sprintf("%s: %s", closed.Title, stateLabel(closed.State)))
		return nil
	})
}

func stateLabel(st tracker.DecisionState) string {
	switch st {
	case tracker.DecisionOpen:
		return "open"
	case tracker.DecisionAcceptedBySilence:
		return "accepted by silence"
	case tracker.DecisionNeedsDiscussion:
		return "needs discussion"
	case tracker.DecisionAccepted:
		return "accepted"
	case tracker.DecisionRejected:
		return "rejected"
	}
	return string(st)
}

func (s *decisionsScreen) refresh() {
	u := s.u
	now := u.svc.Now()
	loc := u.config().Location()
	s.project.refresh()
	ds, err := u.svc.Decisions()
	if err != nil {
		u.showError(err)
	}
	s.list.RemoveAll()
	for i := len(ds) - 1; i >= 0; i-- {
		s.list.Add(s.row(ds[i], now, loc))
	}
	if len(ds) == 0 {
		s.list.Add(widget.NewLabelWithStyle("No decisions yet.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
	s.form.validate()
}

func (s *decisionsScreen) row(d tracker.Decision, now time.Time, loc *time.Location) fyne.CanvasObject {
	state := widget.NewLabel(stateLabel(d.State))
	switch d.State {
	case tracker.DecisionOpen:
		state.SetText(fmt.Sprintf("open · deadline %s (%s)", d.Deadline.In(loc).Format("Mon 2 Jan 15:04"), fmtUntil(d.Deadline.Sub(now))))
	case tracker.DecisionNeedsDiscussion:
		state.Importance = widget.WarningImportance
	case tracker.DecisionAccepted, tracker.DecisionAcceptedBySilence:
		state.Importance = widget.SuccessImportance
	case tracker.DecisionRejected:
		state.Importance = widget.DangerImportance
	}
	text := d.Title
	if d.Project != "" {
		text += " · " + d.Project
	}
	for _, o := range d.Objections {
		text += fmt.Sprintf("\n    objection by %s: %s", o.By, o.Reason)
	}
	if d.Outcome != "" {
		text += "\n    outcome: " + d.Outcome
	}
	right := container.NewHBox(state)
	if d.State == tracker.DecisionOpen || d.State == tracker.DecisionNeedsDiscussion {
		if d.State == tracker.DecisionOpen {
			right.Add(widget.NewButton("Object…", func() { s.onObject(d) }))
		}
		right.Add(widget.NewButton("Accept…", func() { s.onClose(d, true) }))
		right.Add(widget.NewButton("Reject…", func() { s.onClose(d, false) }))
	}
	return container.NewBorder(nil, nil, nil, right, newLabel(text))
}
