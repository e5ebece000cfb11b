package ui

import (
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// requestsScreen lists the open requests by time left to their target; Reply marks one answered.
type requestsScreen struct {
	u *UI

	filter   *widget.Entry
	subject  *widget.Entry
	from     *widget.Entry
	priority *widget.Select
	addErr   *widget.Label
	addBtn   *widget.Button
	list     *fyne.Container
	summary  *widget.Label
}

func newRequestsScreen(u *UI) *requestsScreen {
	s := &requestsScreen{u: u}
	s.filter = widget.NewEntry()
	s.filter.SetPlaceHolder("Filter by subject, sender or project (Ctrl+F)")
	s.filter.OnChanged = func(string) { s.refresh() }
	s.subject = widget.NewEntry()
	s.subject.SetPlaceHolder("subject")
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder("from")
	s.priority = widget.NewSelect(priorityNames(), nil)
	s.priority.SetSelected(string(tracker.PriorityNormal))
	s.addErr = errorLabel()
	s.addBtn = widget.NewButtonWithIcon("Log request", theme.ContentAddIcon(), s.onAdd)
	s.subject.OnChanged = func(string) { s.validate() }
	s.from.OnChanged = func(string) { s.validate() }
	s.list = container.NewVBox()
	s.summary = widget.NewLabel("")
	s.priority.OnChanged = func(string) { s.validate() }
	return s
}

func (s *requestsScreen) build() fyne.CanvasObject {
	add := container.NewVBox(
		container.NewBorder(nil, nil, nil, s.addBtn, container.NewGridWithColumns(3, s.subject, s.from, s.priority)),
		s.addErr)
	return container.NewVScroll(container.NewVBox(
		widget.NewCard("Open requests", "", container.NewVBox(s.filter, s.list, s.summary)),
		widget.NewCard("Log a request", "", add),
	))
}

func (s *requestsScreen) draft() (tracker.Request, error) {
	now := s.u.svc.Now()
	r := tracker.Request{Subject: s.subject.Text, From: s.from.Text, Priority: tracker.Priority(s.priority.Selected), ReceivedAt: now}
	return r, r.Validate(now)
}

func (s *requestsScreen) validate() {
	_, err := s.draft()
	showValidation(err, s.subject.Text == "" && s.from.Text == "", s.addErr, s.addBtn)
}

func (s *requestsScreen) onAdd() {
	r, err := s.draft()
	if err == nil {
		r.ReceivedAt = time.Time{}
		_, err = s.u.svc.AddRequest(r)
	}
	if err != nil {
		s.addErr.SetText(err.Error())
		return
	}
	s.subject.SetText("")
	s.from.SetText("")
	s.u.refresh()
}

// onReply marks a request answered now.
func (s *requestsScreen) onReply(r tracker.Request) {
	if _, err := s.u.svc.ReplyRequest(r.ID, tracker.ReplyInput{}); err != nil {
		s.u.showError(err)
	}
	s.u.refresh()
}

func (s *requestsScreen) refresh() {
	u := s.u
	cfg := u.config()
	now := u.svc.Now()
	rs, err := u.svc.Requests(tracker.RequestFilter{OpenOnly: true})
	if err != nil {
		u.showError(err)
	}
	f := strings.ToLower(strings.TrimSpace(s.filter.Text))
	s.list.RemoveAll()
	soon := 0
	for _, r := range rs {
		if r.State == tracker.RequestDueSoon || r.State == tracker.RequestOverdue {
			soon++
		}
		if f != "" && !strings.Contains(strings.ToLower(r.Subject+" "+r.From+" "+r.Project), f) {
			continue
		}
		s.list.Add(s.row(r, now, cfg))
	}
	if len(s.list.Objects) == 0 {
		s.list.Add(widget.NewLabelWithStyle("Nothing waiting for an answer.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
	s.summary.SetText(fmt.Sprintf("%d open, %d due within an hour or overdue", len(rs), soon))
	s.validate()
}

// dueText is the countdown to a request's target, in business time while it is ahead.
func dueText(r tracker.Request, now time.Time, cfg tracker.Config) string {
	if r.DueAt == nil {
		return "no target"
	}
	if !now.Before(*r.DueAt) {
		return fmtLeft(-now.Sub(*r.DueAt))
	}
	return "due " + fmtLeft(cfg.Calendar().Between(now, *r.DueAt)) + " working time"
}

func (s *requestsScreen) row(r tracker.Request, now time.Time, cfg tracker.Config) fyne.CanvasObject {
	text := fmt.Sprintf("%s — %s", r.Subject, r.From)
	if r.Project != "" {
		text += " · " + r.Project
	}
	due := widget.NewLabel(fmt.Sprintf("%s · %s", r.Priority, dueText(r, now, cfg)))
	switch r.State {
	case tracker.RequestOverdue:
		due.Importance = widget.DangerImportance
	case tracker.RequestDueSoon:
		due.Importance = widget.WarningImportance
	}
	reply := widget.NewButtonWithIcon("Reply", theme.MailReplyIcon(), func() { s.onReply(r) })
	return container.NewBorder(nil, nil, nil, container.NewHBox(due, reply), newLabel(text))
}
