package ui

import (
	"errors"
	"strings"

	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// statusOf is the status a status label names; planned for anything else.
func statusOf(label string) tracker.Status {
	for _, st := range tracker.Statuses {
		if statusLabel(st) == label {
			return st
		}
	}
	return tracker.StatusPlanned
}

func statusLabels() []string {
	out := make([]string, len(tracker.Statuses))
	for i, st := range tracker.Statuses {
		out[i] = statusLabel(st)
	}
	return out
}

// onShip ships a planned deliverable, asking for the link to what shipped first.
func (s *deliverablesScreen) onShip(d tracker.Deliverable) {
	u := s.u
	link := widget.NewEntry()
	link.SetPlaceHolder("https://… (optional)")
	f := newForm(func() error { return tracker.CheckURL("link", strings.TrimSpace(link.Text)) })
	items := []*widget.FormItem{widget.NewFormItem("Link", f.entry(link, "link"))}
	f.load(func() { link.SetText(d.Link) })
	u.formDialog("Ship "+d.Title, "Marks it shipped now, in "+d.Project+".", "Ship", f, items, func() error {
		_, err := u.svc.Ship(tracker.ShipInput{ID: d.ID, Link: strings.TrimSpace(link.Text)})
		return err
	})
	u.win.Canvas().Focus(link)
}

// onEdit edits a deliverable's title, link, due date, status and milestone in one go.
func (s *deliverablesScreen) onEdit(d tracker.Deliverable) {
	u := s.u
	title, link, due := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	due.SetPlaceHolder("YYYY-MM-DD, or empty for none")
	link.SetPlaceHolder("https://…")
	status := widget.NewSelect(statusLabels(), nil)
	milestone := widget.NewSelectEntry(u.milestoneNames(d.Project))
	milestone.SetPlaceHolder("none")
	patch := func() (tracker.DeliverablePatch, error) {
		dueDate, errDue := tracker.ParseDate("due", due.Text)
		st := statusOf(status.Selected)
		draft := d
		draft.Title, draft.Link, draft.Due = title.Text, strings.TrimSpace(link.Text), dueDate
		if st != d.Status {
			now := u.svc.Now()
			draft.Status, draft.ShippedAt = st, nil
			if st == tracker.StatusShipped {
				draft.ShippedAt = &now
			}
		}
		ms := strings.TrimSpace(milestone.Text)
		p := tracker.DeliverablePatch{Title: &draft.Title, Link: &draft.Link, Due: &draft.Due, Status: &st, Milestone: &ms}
		return p, errors.Join(errDue, tracker.CheckURL("link", draft.Link), u.checkMilestone(d.Project, ms), draft.Validate(u.svc.Now()))
	}
	f := newForm(func() error { _, err := patch(); return err })
	items := []*widget.FormItem{
		widget.NewFormItem("Title", f.entry(title, "title")),
		widget.NewFormItem("Link", f.entry(link, "link")),
		widget.NewFormItem("Due", f.entry(due, "due")),
		widget.NewFormItem("Status", f.choice(status, "status")),
		widget.NewFormItem("Milestone", f.selectEntry(milestone, "milestone")),
	}
	f.load(func() {
		title.SetText(d.Title)
		link.SetText(d.Link)
		due.SetText(string(d.Due))
		status.SetSelected(statusLabel(d.Status))
		milestone.SetText(d.Milestone)
	})
	u.formDialog("Edit deliverable · "+d.Project, "", "Save", f, items, func() error {
		p, err := patch()
		if err == nil {
			_, err = u.svc.EditDeliverable(d.ID, p)
		}
		return err
	})
}
