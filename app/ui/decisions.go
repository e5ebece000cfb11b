package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// decisionsScreen proposes decisions, takes objections with a reason, and shows each
// decision's state and deadline.
type decisionsScreen struct {
	u *UI

	title   *widget.Entry
	context *widget.Entry
	addErr  *widget.Label
	addBtn  *widget.Button
	list    *fyne.Container
}

func newDecisionsScreen(u *UI) *decisionsScreen {
	s := &decisionsScreen{u: u}
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder("proposal, e.g. Move the standup to async")
	s.context = widget.NewMultiLineEntry()
	s.context.SetPlaceHolder("context and reasoning")
	s.context.SetMinRowsVisible(2)
	s.addErr = errorLabel()
	s.addBtn = widget.NewButtonWithIcon("Propose", theme.ContentAddIcon(), s.onPropose)
	s.title.OnChanged = func(string) { s.validate() }
	s.context.OnChanged = func(string) { s.validate() }
	s.list = container.NewVBox()
	return s
}

func (s *decisionsScreen) build() fyne.CanvasObject {
	return container.NewVScroll(container.NewVBox(
		widget.NewCard("Decisions", "Accepted by silence at the deadline unless someone objects", s.list),
		widget.NewCard("Propose", "", container.NewVBox(s.title, s.context,
			container.NewBorder(nil, nil, nil, s.addBtn, s.addErr))),
	))
}

func (s *decisionsScreen) draft() (tracker.Decision, error) {
	now := s.u.svc.Now()
	d := tracker.Decision{Title: s.title.Text, Context: s.context.Text, ProposedAt: now, Deadline: now.Add(1)}
	return d, d.Validate(now)
}

func (s *decisionsScreen) validate() {
	_, err := s.draft()
	showValidation(err, s.title.Text == "", s.addErr, s.addBtn)
}

func (s *decisionsScreen) onPropose() {
	d, err := s.draft()
	if err == nil {
		_, err = s.u.svc.ProposeDecision(tracker.Decision{Title: d.Title, Context: d.Context})
	}
	if err != nil {
		s.addErr.SetText(err.Error())
		return
	}
	s.title.SetText("")
	s.context.SetText("")
	s.u.refresh()
}

// onObject asks who objects and why.
func (s *decisionsScreen) onObject(d tracker.Decision) {
	u := s.u
	by := widget.NewEntry()
	reason := widget.NewMultiLineEntry()
	check := func() error {
		now := u.svc.Now()
		o := tracker.Objection{By: by.Text, Reason: reason.Text, At: now}
		return o.Validate(now)
	}
	by.Validator = func(string) error { return check() }
	reason.Validator = func(string) error { return check() }
	u.formDialog("Object to "+d.Title, "Object", []*widget.FormItem{
		widget.NewFormItem("By", by),
		widget.NewFormItem("Reason", reason),
	}, func() error {
		_, err := u.svc.Object(d.ID, tracker.Objection{By: by.Text, Reason: reason.Text})
		return err
	})
}

// onClose closes a decision explicitly and says so.
func (s *decisionsScreen) onClose(d tracker.Decision, accepted bool) {
	u := s.u
	closed, err := u.svc.CloseDecision(d.ID, accepted, "", u.svc.Now())
	if err != nil {
		u.showError(err)
		return
	}
	u.notifier.notify("Decision closed", fmt.Sprintf("%s: %s", closed.Title, stateLabel(closed.State)))
	u.refresh()
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
	s.validate()
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
	right := container.NewHBox(state)
	if d.State == tracker.DecisionOpen || d.State == tracker.DecisionNeedsDiscussion {
		var buttons []fyne.CanvasObject
		if d.State == tracker.DecisionOpen {
			buttons = append(buttons, widget.NewButton("Object…", func() { s.onObject(d) }))
		}
		buttons = append(buttons,
			widget.NewButton("Accept", func() { s.onClose(d, true) }),
			widget.NewButton("Reject", func() { s.onClose(d, false) }))
		for _, b := range buttons {
			right.Add(b)
		}
	}
	return container.NewBorder(nil, nil, nil, right, newLabel(text))
}
