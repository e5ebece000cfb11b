package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// onEdit edits any field of a block: its kind, project, times, goal, outcome, plan and
// interruptions. A running block's end is its stop, so it has none to edit.
func (s *todayScreen) onEdit(b tracker.Block) {
	u := s.u
	loc := u.config().Location()
	kind := kindSelect()
	project := u.newProjectPicker()
	from, to, goal, outcome, plan, interruptions := widget.NewEntry(), widget.NewEntry(), widget.NewEntry(),
		widget.NewMultiLineEntry(), widget.NewEntry(), widget.NewEntry()
	from.SetPlaceHolder("e.g. 09:30, or 2026-11-24 09:30")
	plan.SetPlaceHolder("e.g. 90m; empty for none")
	interruptions.SetPlaceHolder("0")
	if b.End == nil {
		to.Disable()
		to.SetPlaceHolder("running")
	}
	patch := func() (tracker.BlockPatch, error) {
		now := u.svc.Now()
		day := b.Start
		start, errFrom := tracker.ParseTime("from", from.Text, day, loc)
		planned, errPlan := parsePlanned(plan.Text)
		n, errN := parseCount("interruptions", interruptions.Text)
		k := kindOf(kind.Selected)
		name := project.text()
		secs := int64(planned / time.Second)
		p := tracker.BlockPatch{Kind: &k, Project: &name, Start: &start, Goal: &goal.Text, Outcome: &outcome.Text,
			PlannedSecs: &secs, Interruptions: &n}
		draft := b
		draft.Start, draft.Kind, draft.Goal, draft.Outcome, draft.PlannedSeconds, draft.Interruptions = start, k, goal.Text, outcome.Text, secs, n
		errs := []error{project.check(false), errFrom, errPlan, errN}
		if b.End != nil {
			end, errTo := tracker.ParseTime("to", to.Text, day, loc)
			p.End, draft.End = &end, &end
			errs = append(errs, errTo)
		}
		if errors.Join(errs...) == nil {
			errs = append(errs, draft.Validate(now))
		}
		return p, errors.Join(errs...)
	}
	f := newForm(func() error { _, err := patch(); return err })
	items := []*widget.FormItem{
		widget.NewFormItem("Kind", f.choice(kind, "kind")),
		widget.NewFormItem("Project", f.picker(project)),
		widget.NewFormItem("From", f.entry(from, "from", "start")),
		widget.NewFormItem("To", f.entry(to, "to", "end")),
		widget.NewFormItem("Goal", f.entry(goal, "goal")),
		widget.NewFormItem("Outcome", f.entry(outcome, "outcome")),
		widget.NewFormItem("Planned", f.entry(plan, "plan")),
		widget.NewFormItem("Interruptions", f.entry(interruptions, "interruptions")),
	}
	f.load(func() {
		kind.SetSelected(b.Kind.Label())
		project.entry.SetText(b.Project)
		from.SetText(b.Start.In(loc).Format("15:04"))
		if b.End != nil {
			to.SetText(b.End.In(loc).Format("15:04"))
		}
		goal.SetText(b.Goal)
		outcome.SetText(b.Outcome)
		if b.PlannedSeconds > 0 {
			plan.SetText(fmtHM(b.Planned()))
		}
		interruptions.SetText(strconv.Itoa(b.Interruptions))
	})
	u.formDialog(fmt.Sprintf("Edit block · %s · %s", b.Project, b.Start.In(loc).Format("Mon 2 Jan")), "", "Save", f, items, func() error {
		p, err := patch()
		if err == nil {
			_, err = u.svc.EditBlock(b.ID, p)
		}
		return err
	})
}

// parseCount reads a whole number that is zero or more; empty is zero.
func parseCount(field, s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, &tracker.FieldError{Field: field, Reason: fmt.Sprintf("must be a whole number, 0 or more; got %q", s)}
	}
	return n, nil
}
