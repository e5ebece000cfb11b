package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// form is one form's fields, each with its own error line under it, and the button that submits
// it. Every form in the window, on a screen or in a dialog, checks itself through one.
//
// check builds the form's draft from the fields and returns what is wrong with it; several
// problems may come joined (errors.Join). Each problem names its field: a tracker.FieldError
// names it itself, and onField names it for an error that does not, such as a project that is not
// found. Every change to any field runs check again and gives each field only the problems that
// name it, so an error stays with the field it is about and goes as soon as that field is right,
// whichever field was typed in last. A field shows its error only once it has been edited: a form
// not filled in yet is not wrong, it just cannot be submitted, so its button is disabled. clear
// empties the form after a successful submit and shows no error for the empty form.
type form struct {
	check  func() error
	submit *widget.Button
	fields []*formField
	// general shows a problem that names no field of the form, such as a conflict with another
	// record that the service found on submit.
	general *widget.Label
	// quiet is set while the form sets its own fields (clear, load): those changes are not edits.
	quiet bool
	// after, when set, runs after every check, for a form that shows more than errors (a hint
	// beside a disabled button).
	after func(err error)
	// enable, when set, is told whether the form may be submitted instead of the submit button
	// being enabled or disabled, for a button that does something else at times (Start is Stop
	// while a block runs).
	enable func(ok bool)
}

// formField is one field of a form: the names the tracker's errors give it, and its error line.
type formField struct {
	names   []string
	err     *widget.Label
	touched bool
	reset   func()
	// filled reports whether the field holds a value; nil means it never counts as filled.
	filled  func() bool
	content fyne.CanvasObject
}

func newForm(check func() error) *form {
	return &form{check: check, general: errorLabel()}
}

// add registers a field shown as obj; names are the field names the tracker's errors use for it
// (the first one is the one onField should be given). reset empties it; it may be nil.
func (f *form) add(obj fyne.CanvasObject, reset func(), names ...string) *formField {
	ff := &formField{names: names, err: errorLabel(), reset: reset}
	ff.err.Hide()
	ff.content = container.NewVBox(obj, ff.err)
	f.fields = append(f.fields, ff)
	return ff
}

// entry adds a text entry: typing in it is an edit, and Return submits the form when it may be.
func (f *form) entry(e *widget.Entry, names ...string) fyne.CanvasObject {
	ff := f.add(e, func() { e.SetText("") }, names...)
	ff.filled = func() bool { return e.Text != "" }
	prev := e.OnChanged
	e.OnChanged = func(s string) {
		if prev != nil {
			prev(s)
		}
		f.edited(ff)
	}
	if !e.MultiLine {
		e.OnSubmitted = func(string) { f.trySubmit() }
	}
	return ff.content
}

// selectEntry adds an entry with choices.
func (f *form) selectEntry(e *widget.SelectEntry, names ...string) fyne.CanvasObject {
	return f.entry(&e.Entry, names...)
}

// choice adds a select; picking an option is an edit. clear leaves the choice as it is.
func (f *form) choice(s *widget.Select, names ...string) fyne.CanvasObject {
	ff := f.add(s, nil, names...)
	prev := s.OnChanged
	s.OnChanged = func(v string) {
		if prev != nil {
			prev(v)
		}
		f.edited(ff)
	}
	return ff.content
}

// other adds a widget that tells the form of its changes by calling the returned func.
func (f *form) other(obj fyne.CanvasObject, reset func(), names ...string) (fyne.CanvasObject, func()) {
	ff := f.add(obj, reset, names...)
	return ff.content, func() { f.edited(ff) }
}

// edited marks a field as edited by the person, unless the form itself set it, and checks the form.
func (f *form) edited(ff *formField) {
	if !f.quiet {
		ff.touched = true
	}
	f.validate()
}

// setSubmit makes b the form's submit button: enabled only while the form is valid.
func (f *form) setSubmit(b *widget.Button) {
	f.submit = b
	f.validate()
}

// trySubmit submits the form, as Return in an entry does, when it may be submitted.
func (f *form) trySubmit() {
	if f.submit != nil && f.submit.OnTapped != nil && f.validate() == nil {
		f.submit.OnTapped()
	}
}

// load runs set, which fills the fields (an edit dialog's current values), without counting
// its changes as edits, and checks the form.
func (f *form) load(set func()) {
	f.quiet = true
	set()
	f.quiet = false
	f.validate()
}

// clear empties the fields after a successful submit. Nothing is edited yet, so no error shows.
func (f *form) clear() {
	f.quiet = true
	for _, ff := range f.fields {
		if ff.reset != nil {
			ff.reset()
		}
		ff.touched = false
	}
	f.quiet = false
	f.validate()
}

// validate checks the form, shows each edited field its own problem, and enables the button
// only when there is none. It returns the check's error.
func (f *form) validate() error {
	err := f.check()
	f.show(err, false)
	switch {
	case f.enable != nil:
		f.enable(err == nil)
	case f.submit != nil:
		if err == nil {
			f.submit.Enable()
		} else {
			f.submit.Disable()
		}
	}
	if f.after != nil {
		f.after(err)
	}
	return err
}

// fail shows an error that submitting returned (the service found a conflict, say) under its
// field, or under the form when it names none, whether or not the field was edited.
func (f *form) fail(err error) {
	f.show(err, true)
}

// show puts each problem of err under its field. A field shows its problem when it was edited,
// when it holds a value (an end that an edit of the start made wrong), or when all is set; an
// empty field nobody has edited stays quiet. A problem that names no field shows under the form
// once any field was edited.
func (f *form) show(err error, all bool) {
	msgs := map[*formField]string{}
	general := ""
	anyTouched := all
	for _, ff := range f.fields {
		anyTouched = anyTouched || ff.touched
	}
	speaks := func(ff *formField) bool {
		return all || ff.touched || (anyTouched && ff.filled != nil && ff.filled())
	}
	for _, e := range flatten(err) {
		ff, text := f.owner(e)
		switch {
		case ff == nil:
			if general == "" && anyTouched {
				general = text
			}
		case msgs[ff] == "" && speaks(ff):
			msgs[ff] = text
		}
	}
	for _, ff := range f.fields {
		setError(ff.err, msgs[ff])
	}
	setError(f.general, general)
}

// owner is the field a problem names, if the form has it, and the text to show for it.
func (f *form) owner(err error) (*formField, string) {
	name, text := "", err.Error()
	var fe *tracker.FieldError
	var fp *fieldProblem
	switch {
	case errors.As(err, &fp):
		name, text = fp.field, fp.err.Error()
	case errors.As(err, &fe):
		name, text = fe.Field, fe.Error()
	}
	for _, ff := range f.fields {
		for _, n := range ff.names {
			if n == name {
				return ff, text
			}
		}
	}
	return nil, err.Error()
}

// flatten lists the problems of an error that may join several.
func flatten(err error) []error {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var out []error
		for _, e := range j.Unwrap() {
			out = append(out, flatten(e)...)
		}
		return out
	}
	return []error{err}
}

// fieldProblem is an error that belongs to a field though it does not name one itself.
type fieldProblem struct {
	field string
	err   error
}

func (p *fieldProblem) Error() string { return p.err.Error() }
func (p *fieldProblem) Unwrap() error { return p.err }

// onField says that err, if any, is about field, unless the tracker's error names a field itself.
func onField(field string, err error) error {
	var fe *tracker.FieldError
	if err == nil || errors.As(err, &fe) {
		return err
	}
	return &fieldProblem{field: field, err: err}
}

// setError shows text on an error line, which takes no room while it is empty.
func setError(l *widget.Label, text string) {
	if l.Text != text {
		l.SetText(text)
	}
	if text == "" {
		l.Hide()
	} else {
		l.Show()
	}
}

// errorLabel shows a validation error in the theme's error colour.
func errorLabel() *widget.Label {
	l := newLabel("")
	l.Importance = widget.DangerImportance
	return l
}
