package ui

import (
	"errors"
	"fmt"
	"image/color"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// projectPicker is how every form picks a project: the active projects to choose from or type,
// and beside them a button that creates a new project without leaving the form. A name typed
// that no project has is offered as the new project's name.
type projectPicker struct {
	u     *UI
	entry *widget.SelectEntry
	add   *widget.Button
	box   *fyne.Container
	// changed tells the picker's form that the project changed, for a change that the entry
	// does not report: the new project's name is often the very text typed.
	changed func()
}

func (u *UI) newProjectPicker() *projectPicker {
	p := &projectPicker{u: u, entry: widget.NewSelectEntry(u.projectNames())}
	p.entry.SetPlaceHolder("project")
	p.add = widget.NewButtonWithIcon("", theme.ContentAddIcon(), p.onNew)
	p.box = container.NewBorder(nil, nil, nil, p.add, p.entry)
	return p
}

// text is the project name as typed.
func (p *projectPicker) text() string { return strings.TrimSpace(p.entry.Text) }

// refresh offers the projects as they are now.
func (p *projectPicker) refresh() { p.entry.SetOptions(p.u.projectNames()) }

// check reports whether the typed project exists; an empty one is an error unless optional.
func (p *projectPicker) check(optional bool) error {
	return onField("project", p.u.projectValidator(optional)(p.entry.Text))
}

// onNew creates a project, named as typed if no project has that name yet, and picks it.
func (p *projectPicker) onNew() {
	name := p.text()
	if _, err := p.u.svc.ProjectByName(name); err == nil {
		name = ""
	}
	p.u.askNewProject(name, func(created tracker.Project) {
		p.refresh()
		p.entry.SetText(created.Name)
		if p.changed != nil {
			p.changed()
		}
	})
}

// picker adds a project picker to the form. clear leaves the project picked, since the next
// entry is most often for the same project.
func (f *form) picker(p *projectPicker) fyne.CanvasObject {
	ff := f.add(p.box, nil, "project")
	ff.filled = func() bool { return p.entry.Text != "" }
	p.entry.OnChanged = func(string) { f.edited(ff) }
	p.changed = func() { f.edited(ff) }
	p.entry.OnSubmitted = func(string) { f.trySubmit() }
	return ff.content
}

// projectFields are the fields of a project, for the new-project and edit dialogs.
type projectFields struct {
	name, color, hours, count *widget.Entry
	swatch                    *canvas.Rectangle
}

func newProjectFields() *projectFields {
	pf := &projectFields{name: widget.NewEntry(), color: widget.NewEntry(), hours: widget.NewEntry(), count: widget.NewEntry(),
		swatch: canvas.NewRectangle(color.Transparent)}
	pf.name.SetPlaceHolder("e.g. Client website")
	pf.color.SetPlaceHolder("e.g. #0f766e")
	pf.hours.SetPlaceHolder("0 for none")
	pf.count.SetPlaceHolder("0 for none")
	pf.swatch.SetMinSize(fyne.NewSize(24, 24))
	pf.swatch.CornerRadius = 4
	return pf
}

// draft is the project the fields describe, checked by the tracker; every problem names its field.
func (pf *projectFields) draft() (tracker.Project, error) {
	p := tracker.Project{Name: pf.name.Text, Color: strings.TrimSpace(pf.color.Text)}
	var errs []error
	if v := strings.TrimSpace(pf.hours.Text); v != "" {
		h, err := strconv.ParseFloat(v, 64)
		if err != nil {
			errs = append(errs, &tracker.FieldError{Field: "weekly-deep-hours", Reason: fmt.Sprintf("must be a number of hours, e.g. 8; got %q", v)})
		}
		p.WeeklyDeepHours = h
	}
	if v := strings.TrimSpace(pf.count.Text); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			errs = append(errs, &tracker.FieldError{Field: "weekly-deliverables", Reason: fmt.Sprintf("must be a whole number, e.g. 2; got %q", v)})
		}
		p.WeeklyDeliverables = n
	}
	if len(errs) == 0 {
		errs = append(errs, p.Validate())
	}
	pf.showColor(p.Color)
	return p, errors.Join(errs...)
}

// showColor paints the swatch in a valid colour, or leaves it empty.
func (pf *projectFields) showColor(hex string) {
	var fill color.Color = color.Transparent
	if c, ok := parseHex(hex); ok {
		fill = c
	}
	pf.swatch.FillColor = fill
	pf.swatch.Refresh()
}

// items lays the fields out for a dialog's form.
func (pf *projectFields) items(f *form) []*widget.FormItem {
	return []*widget.FormItem{
		widget.NewFormItem("Name", f.entry(pf.name, "name")),
		widget.NewFormItem("Colour (hex)", container.NewBorder(nil, nil, nil, pf.swatch, f.entry(pf.color, "color"))),
		widget.NewFormItem("Weekly deep work (hours)", f.entry(pf.hours, "weekly-deep-hours")),
		widget.NewFormItem("Weekly deliverables (count)", f.entry(pf.count, "weekly-deliverables")),
	}
}

// askNewProject asks for a new project's name, colour and goals and creates it; created gets it.
func (u *UI) askNewProject(name string, created func(tracker.Project)) {
	pf := newProjectFields()
	f := newForm(func() error { _, err := pf.draft(); return err })
	items := pf.items(f)
	f.load(func() { pf.name.SetText(name) })
	u.formDialog("New project", "", "Create", f, items, func() error {
		p, err := pf.draft()
		if err != nil {
			return err
		}
		if p, err = u.svc.AddProject(p); err != nil {
			return onField("name", err)
		}
		u.toast.show(fmt.Sprintf("Created project %s", p.Name), nil)
		if created != nil {
			created(p)
		}
		return nil
	})
	u.win.Canvas().Focus(pf.name)
}

// parseHex reads #rgb or #rrggbb.
func parseHex(s string) (color.NRGBA, bool) {
	h := strings.TrimPrefix(strings.TrimSpace(s), "#")
	if len(h) == 3 {
		h = string([]byte{h[0], h[0], h[1], h[1], h[2], h[2]})
	}
	if len(h) != 6 {
		return color.NRGBA{}, false
	}
	v, err := strconv.ParseUint(h, 16, 32)
	if err != nil {
		return color.NRGBA{}, false
	}
	return color.NRGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 0xff}, true
}
