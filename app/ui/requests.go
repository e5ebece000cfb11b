package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// The Requests screen's two lists.
const (
	showOpen     = "Open"
	showAnswered = "Answered"
)

// requestsScreen lists the open requests by time left to their target, or the answered ones
// with how they were answered; Reply… records a reply with the minutes it took.
type requestsScreen struct {
	u *UI

	show     *widget.RadioGroup
	filter   *widget.Entry
	subject  *widget.Entry
	from     *widget.Entry
	priority *widget.Select
	project  *projectPicker
	addBtn   *widget.Button
	form     *form
	list     *fyne.Container
	summary  *widget.Label
}

func newRequestsScreen(u *UI) *requestsScreen {
	s := &requestsScreen{u: u, project: u.newProjectPicker(), list: container.NewVBox(), summary: widget.NewLabel("")}
	s.show = widget.NewRadioGroup([]string{showOpen, showAnswered}, func(string) { u.refreshScreen(tabRequests) })
	s.show.Horizontal = true
	s.show.Required = true
	s.show.Selected = showOpen
	s.filter = widget.NewEntry()
	s.filter.SetPlaceHolder("Filter by subject, sender or project (Ctrl+F)")
	s.filter.OnChanged = func(string) { u.refreshScreen(tabRequests) }
	s.subject = widget.NewEntry()
	s.subject.SetPlaceHolder("subject")
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder("from")
	s.priority = widget.NewSelect(priorityNames(), nil)
	s.priority.SetSelected(string(tracker.PriorityNormal))
	s.project.entry.SetPlaceHolder("no project")
	s.addBtn = widget.NewButtonWithIcon("Log request", theme.ContentAddIcon(), s.onAdd)
	s.form = newForm(func() error { _, err := s.draft(); return err })
	return s
}

func (s *requestsScreen) build() fyne.CanvasObject {
	f := s.form
	add := container.NewVBox(
		container.NewBorder(nil, nil, nil, container.NewVBox(s.addBtn), container.NewGridWithColumns(4,
			f.entry(s.subject, "subject"), f.entry(s.from, "from"), f.choice(s.priority, "priority"), f.picker(s.project))),
		f.general)
	f.setSubmit(s.addBtn)
	return container.NewVScroll(container.NewVBox(
		widget.NewCard("Requests", "", container.NewVBox(container.NewBorder(nil, nil, s.show, nil, s.filter), s.list, s.summary)),
		widget.NewCard("Log a request", "", add),
	))
}

func (s *requestsScreen) draft() (tracker.Request, error) {
	now := s.u.svc.Now()
	r := tracker.Request{Subject: s.subject.Text, From: s.from.Text, Priority: tracker.Priority(s.priority.Selected),
		Project: s.project.text(), ReceivedAt: now}
	return r, errors.Join(r.Validate(now), s.project.check(true))
}

func (s *requestsScreen) onAdd() {
	r, err := s.draft()
	if err == nil {
		r.ReceivedAt = time.Time{}
		_, err = s.u.svc.AddRequest(r)
	}
	if err != nil {
		s.form.fail(err)
		return
	}
	s.form.clear()
	s.u.refresh()
}

// onReply records a reply, asking how many minutes it took.
func (s *requestsScreen) onReply(r tracker.Request) {
	u := s.u
	minutes := widget.NewEntry()
	minutes.SetPlaceHolder("e.g. 15; empty for none")
	f := newForm(func() error { _, err := parseMinutes(minutes.Text); return err })
	intro := "Marks it answered now."
	if r.RepliedAt != nil {
		intro = "Counts one more reply in the thread."
	}
	u.formDialog("Reply to "+r.Subject, intro, "Reply", f, []*widget.FormItem{
		widget.NewFormItem("Minutes spent", f.entry(minutes, "minutes")),
	}, func() error {
		n, err := parseMinutes(minutes.Text)
		if err == nil {
			_, err = u.svc.ReplyRequest(r.ID, tracker.ReplyInput{Minutes: n})
		}
		return err
	})
	u.win.Canvas().Focus(minutes)
}

// parseMinutes reads a whole number of minutes; empty is none.
func parseMinutes(s string) (int, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(s), "m"))
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, &tracker.FieldError{Field: "minutes", Reason: fmt.Sprintf("must be a whole number of minutes, e.g. 15; got %q", s)}
	}
	return n, nil
}

func (s *requestsScreen) refresh() {
	u := s.u
	cfg := u.config()
	now := u.svc.Now()
	s.project.refresh()
	answered := s.show.Selected == showAnswered
	rs, err := u.svc.Requests(tracker.RequestFilter{OpenOnly: !answered})
	if err != nil {
		u.showError(err)
	}
	f := strings.ToLower(strings.TrimSpace(s.filter.Text))
	s.list.RemoveAll()
	open, soon, done := 0, 0, 0
	for _, r := range rs {
		if r.RepliedAt != nil {
			done++
		} else {
			open++
		}
		if r.State == tracker.RequestDueSoon || r.State == tracker.RequestOverdue {
			soon++
		}
		if answered != (r.RepliedAt != nil) {
			continue
		}
		if f != "" && !strings.Contains(strings.ToLower(r.Subject+" "+r.From+" "+r.Project), f) {
			continue
		}
		s.list.Add(s.row(r, now, cfg))
	}
	if len(s.list.Objects) == 0 {
		empty := "Nothing waiting for an answer."
		if answered {
			empty = "No answered requests yet."
		}
		s.list.Add(widget.NewLabelWithStyle(empty, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
	if answered {
		s.summary.SetText(fmt.Sprintf("%d answered", done))
	} else {
		s.summary.SetText(fmt.Sprintf("%d open, %d due within an hour or overdue", open, soon))
	}
	s.form.validate()
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

// requestStateWords is a request's state as a person says it.
func requestStateWords(st tracker.RequestState) string {
	switch st {
	case tracker.RequestOpen:
		return "open"
	case tracker.RequestDueSoon:
		return "due soon"
	case tracker.RequestOverdue:
		return "overdue"
	case tracker.RequestAnsweredInTime:
		return "answered in time"
	case tracker.RequestAnsweredLate:
		return "answered late"
	}
	return string(st)
}

func (s *requestsScreen) row(r tracker.Request, now time.Time, cfg tracker.Config) fyne.CanvasObject {
	text := r.Subject
	if r.From != "" {
		text += " — " + r.From
	}
	if r.Project != "" {
		text += " · " + r.Project
	}
	state := widget.NewLabel(fmt.Sprintf("%s · %s", r.Priority, dueText(r, now, cfg)))
	switch r.State {
	case tracker.RequestOverdue, tracker.RequestAnsweredLate:
		state.Importance = widget.DangerImportance
	case tracker.RequestDueSoon:
		state.Importance = widget.WarningImportance
	case tracker.RequestAnsweredInTime:
		state.Importance = widget.SuccessImportance
	}
	if r.RepliedAt != nil {
		words := fmt.Sprintf("%s · %s, %s · %s", r.Priority, requestStateWords(r.State),
			r.RepliedAt.In(cfg.Location()).Format("Mon 2 Jan 15:04"), plural(r.Replies, "reply", "replies"))
		if r.MinutesSpent > 0 {
			words += fmt.Sprintf(" · %d min", r.MinutesSpent)
		}
		state.SetText(words)
	}
	reply := widget.NewButtonWithIcon("Reply…", theme.MailReplyIcon(), func() { s.onReply(r) })
	return container.NewBorder(nil, nil, nil, container.NewHBox(state, reply), newLabel(text))
}
