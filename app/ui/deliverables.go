package ui

import (
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

// deliverablesScreen lists deliverables by status with the time invested in each, and
// milestones with their progress and health.
type deliverablesScreen struct {
	u *UI

	filter     *widget.Entry
	title      *widget.Entry
	project    *widget.SelectEntry
	due        *widget.Entry
	addErr     *widget.Label
	addBtn     *widget.Button
	list       *fyne.Container
	milestones *fyne.Container
}

func newDeliverablesScreen(u *UI) *deliverablesScreen {
	s := &deliverablesScreen{u: u}
	s.filter = widget.NewEntry()
	s.filter.SetPlaceHolder("Filter by title or project (Ctrl+F)")
	s.filter.OnChanged = func(string) { s.refresh() }
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder("new deliverable")
	s.project = widget.NewSelectEntry(nil)
	s.project.SetPlaceHolder("project")
	s.due = widget.NewEntry()
	s.due.SetPlaceHolder("due YYYY-MM-DD (optional)")
	s.addErr = errorLabel()
	s.addBtn = widget.NewButtonWithIcon("Add", theme.ContentAddIcon(), s.onAdd)
	for _, e := range []*widget.Entry{s.title, &s.project.Entry, s.due} {
		e.OnChanged = func(string) { s.validate() }
	}
	s.list = container.NewVBox()
	s.milestones = container.NewVBox()
	return s
}

func (s *deliverablesScreen) build() fyne.CanvasObject {
	add := container.NewVBox(
		container.NewBorder(nil, nil, nil, s.addBtn, container.NewGridWithColumns(3, s.title, s.project, s.due)),
		s.addErr)
	return container.NewVScroll(container.NewVBox(
		widget.NewCard("Milestones", "", s.milestones),
		widget.NewCard("Deliverables", "", container.NewVBox(s.filter, s.list, widget.NewSeparator(), add)),
	))
}

func (s *deliverablesScreen) draft() (tracker.Deliverable, error) {
	now := s.u.svc.Now()
	d := tracker.Deliverable{Title: s.title.Text, Project: s.project.Text, Status: tracker.StatusPlanned,
		Due: tracker.Date(strings.TrimSpace(s.due.Text))}
	if err := d.Validate(now); err != nil {
		return d, err
	}
	if err := s.u.projectValidator(false)(s.project.Text); err != nil {
		return d, err
	}
	return d, nil
}

func (s *deliverablesScreen) validate() {
	_, err := s.draft()
	showValidation(err, s.title.Text == "" && s.project.Text == "", s.addErr, s.addBtn)
}

func (s *deliverablesScreen) onAdd() {
	d, err := s.draft()
	if err == nil {
		_, err = s.u.svc.AddDeliverable(d)
	}
	if err != nil {
		s.addErr.SetText(err.Error())
		return
	}
	s.title.SetText("")
	s.due.SetText("")
	s.u.refresh()
}

func (s *deliverablesScreen) onShip(d tracker.Deliverable) {
	if _, err := s.u.svc.Ship(tracker.ShipInput{ID: d.ID}); err != nil {
		s.u.showError(err)
	}
	s.u.refresh()
}

func (s *deliverablesScreen) refresh() {
	u := s.u
	s.project.SetOptions(u.projectNames())
	now := u.svc.Now()
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

	s.milestones.RemoveAll()
	ms, err := u.svc.Milestones()
	if err != nil {
		u.showError(err)
	}
	for _, m := range ms {
		bar := widget.NewProgressBar()
		bar.SetValue(m.Progress())
		health := milestoneHealth(m, now, loc)
		text := fmt.Sprintf("%s · %s — %d of %d shipped, due %s", m.Name, m.Project, m.Shipped, m.Total, m.DueDate)
		hl := widget.NewLabel(health)
		hl.Importance = healthImportance(health)
		s.milestones.Add(container.NewBorder(nil, nil, nil, hl, container.NewGridWithColumns(2, newLabel(text), bar)))
	}
	if len(ms) == 0 {
		s.milestones.Add(widget.NewLabelWithStyle("No milestones.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
	s.validate()
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
	var right fyne.CanvasObject
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
		right = widget.NewButtonWithIcon("Ship", theme.ConfirmIcon(), func() { s.onShip(d) })
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
