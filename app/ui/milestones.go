package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// milestonesSection is the Milestones card of the Deliverables tab: each milestone with its
// progress and health, an Edit… for its name and dates, and a form that adds one.
type milestonesSection struct {
	u *UI

	list    *fyne.Container
	name    *widget.Entry
	project *projectPicker
	start   *widget.Entry
	due     *widget.Entry
	addBtn  *widget.Button
	form    *form
}

func newMilestonesSection(u *UI) *milestonesSection {
	s := &milestonesSection{u: u, list: container.NewVBox(), name: widget.NewEntry(), project: u.newProjectPicker(),
		start: widget.NewEntry(), due: widget.NewEntry()}
	s.name.SetPlaceHolder("new milestone, e.g. Beta")
	s.start.SetPlaceHolder("starts (empty: today)")
	s.due.SetPlaceHolder("due YYYY-MM-DD")
	s.form = newForm(func() error { _, err := s.draft(); return err })
	s.addBtn = widget.NewButtonWithIcon("Add milestone", theme.ContentAddIcon(), s.onAdd)
	return s
}

func (s *milestonesSection) build() fyne.CanvasObject {
	f := s.form
	row := container.NewGridWithColumns(4, f.entry(s.name, "name"), f.picker(s.project), f.entry(s.start, "start"), f.entry(s.due, "due"))
	f.setSubmit(s.addBtn)
	return container.NewVBox(s.list, widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, container.NewVBox(s.addBtn), row), f.general)
}

// draft is the milestone the add form describes, with each problem naming its field.
func (s *milestonesSection) draft() (tracker.Milestone, error) {
	start, errStart := tracker.ParseDate("start", s.start.Text)
	due, errDue := tracker.ParseDate("due", s.due.Text)
	m := tracker.Milestone{Name: s.name.Text, Project: s.project.text(), StartDate: start, DueDate: due}
	if m.StartDate.IsZero() {
		m.StartDate = tracker.DateOf(s.u.svc.Now(), s.u.config().Location())
	}
	// The date errors come first, so that a date typed wrong is named as typed, not as missing.
	errs := []error{s.project.check(false), errStart, errDue, m.Validate()}
	return m, errors.Join(errs...)
}

func (s *milestonesSection) onAdd() {
	m, err := s.draft()
	if err == nil {
		_, err = s.u.svc.AddMilestone(m, s.u.config().Location())
	}
	if err != nil {
		s.form.fail(onField("name", err))
		return
	}
	s.form.clear()
	s.u.refresh()
}

func (s *milestonesSection) refresh() {
	u := s.u
	s.project.refresh()
	now := u.svc.Now()
	loc := u.config().Location()
	s.list.RemoveAll()
	ms, err := u.svc.Milestones()
	if err != nil {
		u.showError(err)
	}
	for _, m := range ms {
		s.list.Add(s.row(m, now, loc))
	}
	if len(ms) == 0 {
		s.list.Add(widget.NewLabelWithStyle("No milestones.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
	s.form.validate()
}

func (s *milestonesSection) row(m tracker.Milestone, now time.Time, loc *time.Location) fyne.CanvasObject {
	bar := widget.NewProgressBar()
	bar.SetValue(m.Progress())
	health := milestoneHealth(m, now, loc)
	text := fmt.Sprintf("%s · %s — %d of %d shipped, due %s", m.Name, m.Project, m.Shipped, m.Total, m.DueDate)
	hl := widget.NewLabel(health)
	hl.Importance = healthImportance(health)
	edit := widget.NewButtonWithIcon("", theme.DocumentCreateIcon(), func() { s.onEdit(m) })
	edit.Importance = widget.LowImportance
	return container.NewBorder(nil, nil, nil, container.NewHBox(hl, edit), container.NewGridWithColumns(2, newLabel(text), bar))
}

// onEdit renames a milestone or moves its dates.
func (s *milestonesSection) onEdit(m tracker.Milestone) {
	u := s.u
	name, start, due := widget.NewEntry(), widget.NewEntry(), widget.NewEntry()
	patch := func() (tracker.MilestonePatch, error) {
		st, errStart := tracker.ParseDate("start", start.Text)
		du, errDue := tracker.ParseDate("due", due.Text)
		draft := m
		draft.Name, draft.StartDate, draft.DueDate = name.Text, st, du
		p := tracker.MilestonePatch{Name: &draft.Name, StartDate: &draft.StartDate, DueDate: &draft.DueDate}
		if errStart != nil || errDue != nil {
			return p, errors.Join(errStart, errDue)
		}
		return p, draft.Validate()
	}
	f := newForm(func() error { _, err := patch(); return err })
	items := []*widget.FormItem{
		widget.NewFormItem("Name", f.entry(name, "name")),
		widget.NewFormItem("Starts (YYYY-MM-DD)", f.entry(start, "start")),
		widget.NewFormItem("Due (YYYY-MM-DD)", f.entry(due, "due")),
	}
	f.load(func() {
		name.SetText(m.Name)
		start.SetText(string(m.StartDate))
		due.SetText(string(m.DueDate))
	})
	u.formDialog("Edit milestone · "+m.Project, "", "Save", f, items, func() error {
		p, err := patch()
		if err == nil {
			_, err = u.svc.EditMilestone(m.ID, p)
		}
		return onField("name", err)
	})
}

// milestoneNames lists the milestones of the project named, for a picker; none for an unknown project.
func (u *UI) milestoneNames(project string) []string {
	if strings.TrimSpace(project) == "" {
		return nil
	}
	ms, err := u.svc.Milestones(project)
	if err != nil {
		return nil
	}
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	return names
}

// checkMilestone reports whether the project has the milestone named; no name is fine. The service
// checks it again on submit; this names the problem while typing.
func (u *UI) checkMilestone(project, name string) error {
	if strings.TrimSpace(name) == "" || strings.TrimSpace(project) == "" {
		return nil
	}
	names := u.milestoneNames(project)
	for _, n := range names {
		if strings.EqualFold(n, strings.TrimSpace(name)) {
			return nil
		}
	}
	reason := fmt.Sprintf("project %q has no milestone %q", project, name)
	if len(names) > 0 {
		reason += "; it has " + strings.Join(names, ", ")
	}
	return &tracker.FieldError{Field: "milestone", Reason: reason}
}
