package ui

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// deliverablesScreen lists deliverables by status with the time invested in each, ships and
// edits them, and adds new ones; the milestones section above shows what they count toward.
type deliverablesScreen struct {
	u *UI

	milestones *milestonesSection
	filter     *widget.Entry
	title      *widget.Entry
	project    *projectPicker
	due        *widget.Entry
	link       *widget.Entry
	milestone  *widget.SelectEntry
	status     *widget.Select
	addBtn     *widget.Button
	form       *form
	list       *fyne.Container
}

func newDeliverablesScreen(u *UI) *deliverablesScreen {
	s := &deliverablesScreen{u: u, milestones: newMilestonesSection(u), project: u.newProjectPicker()}
	s.filter = widget.NewEntry()
	s.filter.SetPlaceHolder("Filter by title or project (Ctrl+F)")
	s.filter.OnChanged = func(string) { u.refreshScreen(tabDeliverables) }
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder("new deliverable")
	s.due = widget.NewEntry()
	s.due.SetPlaceHolder("due YYYY-MM-DD (optional)")
	s.link = widget.NewEntry()
	s.link.SetPlaceHolder("link https://… (optional)")
	s.milestone = widget.NewSelectEntry(nil)
	s.milestone.SetPlaceHolder("milestone (optional)")
	s.status = widget.NewSelect([]string{statusLabel(tracker.StatusPlanned), statusLabel(tracker.StatusInProgress)}, nil)
	s.status.SetSelected(statusLabel(tracker.StatusPlanned))
	s.addBtn = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), s.onAdd)
	s.form = newForm(func() error { _, err := s.draft(); return err })
	s.list = container.NewVBox()
	return s
}

func (s *deliverablesScreen) build() fyne.CanvasObject {
	f := s.form
	add := container.NewVBox(
		container.NewGridWithColumns(3, f.entry(s.title, "title"), f.picker(s.project), f.entry(s.due, "due")),
		container.NewBorder(nil, nil, nil, container.NewVBox(s.addBtn),
			container.NewGridWithColumns(3, f.entry(s.link, "link"), f.selectEntry(s.milestone, "milestone"), f.choice(s.status, "status"))),
		f.general)
	f.setSubmit(s.addBtn)
	// Picking a project offers its milestones.
	onProject := s.project.entry.OnChanged
	s.project.entry.OnChanged = func(v string) {
		s.milestone.SetOptions(s.u.milestoneNames(v))
		onProject(v)
	}
	return container.NewVScroll(container.NewVBox(
		widget.NewCard("Milestones", "", s.milestones.build()),
		widget.NewCard("Deliverables", "", container.NewVBox(s.filter, s.list, widget.NewSeparator(), add)),
	))
}

// draft is the deliverable the add form describes; every problem names its field.
func (s *deliverablesScreen) draft() (tracker.Deliverable, error) {
	now := s.u.svc.Now()
	due, errDue := tracker.ParseDate("due", s.due.Text)
	d := tracker.Deliverable{Title: s.title.Text, Project: s.project.text(), Status: statusOf(s.status.Selected),
		Due: due, Link: strings.TrimSpace(s.link.Text), Milestone: strings.TrimSpace(s.milestone.Text)}
	return d, errors.Join(s.project.check(false), errDue, tracker.CheckURL("link", d.Link),
		s.u.checkMilestone(d.Project, d.Milestone), d.Validate(now))
}

func (s *deliverablesScreen) onAdd() {
	d, err := s.draft()
	if err == nil {
		_, err = s.u.svc.AddDeliverable(d)
	}
	if err != nil {
		s.form.fail(err)
		return
	}
	s.form.clear()
	s.u.refresh()
}

func (s *deliverablesScreen) refresh() {
	u := s.u
	s.milestones.refresh()
	s.project.refresh()
	s.milestone.SetOptions(u.milestoneNames(s.project.text()))
	loc := u.config().Location()
	ds, err := u.svc.Deliverables(tracker.DeliverableFilter{})
	if err != nil {
		u.showError(err)
	}
	f := strings.ToLower(strings.TrimSpace(s.filter.Text))
	s.list.RemoveAll()
	var last tracker.Status
	for _, d := range ds {
		if f != "" && !strings.Contains(strings.ToLower(d.Title+" "+d.Project), f) {
			continue
		}
		if d.Status != last {
			last = d.Status
			s.list.Add(widget.NewLabelWithStyle(statusLabel(d.Status), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}))
		}
		s.list.Add(s.row(d, loc))
	}
	if len(s.list.Objects) == 0 {
		s.list.Add(widget.NewLabelWithStyle("No deliverables yet.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
	s.form.validate()
}

func (s *deliverablesScreen) row(d tracker.Deliverable, loc *time.Location) fyne.CanvasObject {
	info := fmt.Sprintf("%s · %s invested", d.Project, fmtHM(time.Duration(d.InvestedSeconds)*time.Second))
	if d.Milestone != "" {
		info += " · " + d.Milestone
	}
	var title fyne.CanvasObject = widget.NewLabel(d.Title)
	if d.Link != "" {
		if u, err := url.Parse(d.Link); err == nil {
			title = widget.NewHyperlink(d.Title, u)
		}
	}
	edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { s.onEdit(d) })
	edit.Importance = widget.LowImportance
	right := container.NewHBox(edit)
	switch d.Status {
	case tracker.StatusShipped:
		if d.ShippedAt != nil {
			info += " · shipped " + d.ShippedAt.In(loc).Format("Mon 2 Jan")
		}
	case tracker.StatusDropped:
	default:
		if !d.Due.IsZero() {
			info += " · due " + string(d.Due)
		}
		right.Add(widget.NewButtonWithIcon("Ship…", theme.ConfirmIcon(), func() { s.onShip(d) }))
	}
	return container.NewBorder(nil, nil, nil, right, container.NewHBox(title, widget.NewLabel(info)))
}

func statusLabel(st tracker.Status) string {
	switch st {
	case tracker.StatusInProgress:
		return "In progress"
	case tracker.StatusPlanned:
		return "Planned"
	case tracker.StatusShipped:
		return "Shipped"
	case tracker.StatusDropped:
		return "Dropped"
	}
	return string(st)
}

// Milestone health, from the share shipped against the share of the time used.
const (
	healthDone    = "done"
	healthOnTrack = "on track"
	healthAtRisk  = "at risk"
	healthLate    = "late"
)

// milestoneHealth compares progress with the time elapsed between the milestone's start and due
// dates: behind by more than a fifth is at risk; past due and unfinished is late.
func milestoneHealth(m tracker.Milestone, now time.Time, loc *time.Location) string {
	if m.Total > 0 && m.Shipped == m.Total {
		return healthDone
	}
	due := m.DueDate.In(loc).AddDate(0, 0, 1)
	if !now.Before(due) {
		return healthLate
	}
	start := m.StartDate.In(loc)
	if m.StartDate.IsZero() || !due.After(start) || now.Before(start) {
		return healthOnTrack
	}
	elapsed := float64(now.Sub(start)) / float64(due.Sub(start))
	if m.Progress() < elapsed-0.2 {
		return healthAtRisk
	}
	return healthOnTrack
}

func healthImportance(h string) widget.Importance {
	switch h {
	case healthDone:
		return widget.SuccessImportance
	case healthAtRisk:
		return widget.WarningImportance
	case healthLate:
		return widget.DangerImportance
	}
	return widget.MediumImportance
}
