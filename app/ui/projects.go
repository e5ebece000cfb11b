package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// projectsScreen lists the projects with their colours and weekly goals, creates them, edits
// them and archives them. An archived project keeps its record but takes no new work.
type projectsScreen struct {
	u *UI

	add      *widget.Button
	archived *widget.Check
	list     *fyne.Container
}

func newProjectsScreen(u *UI) *projectsScreen {
	s := &projectsScreen{u: u, list: container.NewVBox()}
	s.add = widget.NewButtonWithIcon("New project…", theme.ContentAddIcon(), s.onAdd)
	s.add.Importance = widget.HighImportance
	s.archived = widget.NewCheck("Show archived projects", func(bool) { u.refreshScreen(tabProjects) })
	return s
}

func (s *projectsScreen) build() fyne.CanvasObject {
	return container.NewVScroll(container.NewVBox(
		widget.NewCard("Projects", "Colours mark them on the timeline; weekly goals show on the report",
			container.NewVBox(container.NewHBox(s.add, s.archived), widget.NewSeparator(), s.list)),
	))
}

func (s *projectsScreen) refresh() {
	ps, err := s.u.svc.Projects(s.archived.Checked)
	if err != nil {
		s.u.showError(err)
	}
	s.list.RemoveAll()
	for _, p := range ps {
		s.list.Add(s.row(p))
	}
	if len(ps) == 0 {
		s.list.Add(widget.NewLabelWithStyle("No projects yet: create one to start logging work.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
}

func (s *projectsScreen) row(p tracker.Project) fyne.CanvasObject {
	sw := canvas.NewRectangle(theme.Color(theme.ColorNameDisabled))
	if c, ok := parseHex(p.Color); ok {
		sw.FillColor = c
	}
	sw.SetMinSize(fyne.NewSize(14, 14))
	sw.CornerRadius = 3
	name := widget.NewLabelWithStyle(p.Name, fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	info := widget.NewLabel(projectGoals(p))
	edit := widget.NewButtonWithIcon("Edit…", theme.DocumentCreateIcon(), func() { s.onEdit(p) })
	archive := widget.NewButton("Archive", func() { s.onArchive(p, true) })
	if p.Archived {
		info.SetText(info.Text + " · archived")
		archive = widget.NewButton("Unarchive", func() { s.onArchive(p, false) })
	}
	return container.NewBorder(nil, nil, container.NewCenter(sw), container.NewHBox(edit, archive), container.NewHBox(name, info))
}

// projectGoals says a project's weekly goals in words.
func projectGoals(p tracker.Project) string {
	if p.WeeklyDeepHours == 0 && p.WeeklyDeliverables == 0 {
		return "no weekly goals"
	}
	var parts []string
	if p.WeeklyDeepHours > 0 {
		parts = append(parts, strconv.FormatFloat(p.WeeklyDeepHours, 'f', -1, 64)+" h of deep work")
	}
	if p.WeeklyDeliverables > 0 {
		parts = append(parts, plural(p.WeeklyDeliverables, "deliverable", "deliverables"))
	}
	if len(parts) == 2 {
		return "goals: " + parts[0] + " and " + parts[1] + " a week"
	}
	return "goal: " + parts[0] + " a week"
}

// plural writes a count with the right form of its noun: "1 reply", "2 replies".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func (s *projectsScreen) onAdd() { s.u.askNewProject("", nil) }

// onEdit edits a project's name, colour and goals in one go.
func (s *projectsScreen) onEdit(p tracker.Project) {
	u := s.u
	pf := newProjectFields()
	f := newForm(func() error { _, err := pf.draft(); return err })
	items := pf.items(f)
	f.load(func() {
		pf.name.SetText(p.Name)
		pf.color.SetText(p.Color)
		pf.hours.SetText(strconv.FormatFloat(p.WeeklyDeepHours, 'f', -1, 64))
		pf.count.SetText(strconv.Itoa(p.WeeklyDeliverables))
	})
	u.formDialog("Edit project · "+p.Name, "", "Save", f, items, func() error {
		d, err := pf.draft()
		if err != nil {
			return err
		}
		_, err = u.svc.EditProject(p.ID, tracker.ProjectPatch{Name: &d.Name, Color: &d.Color,
			WeeklyDeepHours: &d.WeeklyDeepHours, WeeklyDeliverables: &d.WeeklyDeliverables})
		return onField("name", err)
	})
}

// onArchive archives a project or brings it back, and offers to undo an archive.
func (s *projectsScreen) onArchive(p tracker.Project, archived bool) {
	u := s.u
	if _, err := u.svc.ArchiveProject(p.ID, archived); err != nil {
		u.showError(err)
		return
	}
	u.refresh()
	if archived {
		u.toast.show(fmt.Sprintf("Archived %s", p.Name), func() {
			if _, err := u.svc.ArchiveProject(p.ID, false); err != nil {
				u.showError(err)
			}
			u.refresh()
		})
	}
}
