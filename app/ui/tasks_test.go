package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

func TestProjects(t *testing.T) {
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Website")
	u, _ := newTestUI(t, svc, clk, Options{})
	u.tabs.SelectIndex(tabProjects)
	s := u.projects

	t.Run("New project… creates a project with its colour and goals", func(t *testing.T) {
		test.Tap(s.add)
		assertGolden(t, "new-project.xml", u.win)
		formEntry(t, u.win, "Name").SetText("Shiplog API")
		test.Type(formEntry(t, u.win, "Colour (hex)"), "teal")
		if got := shownErrors(u.dialogForm); !strings.HasPrefix(got["name"], "") || !strings.HasPrefix(got["color"], "color: must be a hex colour") || len(got) != 1 {
			t.Errorf("errors %v", got)
		}
		formEntry(t, u.win, "Colour (hex)").SetText("#0f766e")
		test.Type(formEntry(t, u.win, "Weekly deep work (hours)"), "8")
		test.Type(formEntry(t, u.win, "Weekly deliverables (count)"), "two")
		if got := shownErrors(u.dialogForm); !strings.Contains(got["weekly-deliverables"], "must be a whole number") || len(got) != 1 {
			t.Errorf("errors %v", got)
		}
		formEntry(t, u.win, "Weekly deliverables (count)").SetText("2")
		test.Tap(button(t, u.win, "Create"))
		p, err := svc.ProjectByName("Shiplog API")
		if err != nil || p.Color != "#0f766e" || p.WeeklyDeepHours != 8 || p.WeeklyDeliverables != 2 {
			t.Fatalf("created %+v, %v", p, err)
		}
		wantText(t, u.win, "goals: 8 h of deep work and 2 deliverables a week")
	})
	assertGolden(t, "projects.xml", u.win)
	t.Run("a name another project has is refused in the dialog, under Name", func(t *testing.T) {
		p, _ := svc.ProjectByName("Shiplog API")
		s.onEdit(p)
		formEntry(t, u.win, "Name").SetText("website")
		test.Tap(button(t, u.win, "Save"))
		if got := shownErrors(u.dialogForm)["name"]; !strings.Contains(got, `a project named "website" already exists`) {
			t.Errorf("name error %q", got)
		}
		formEntry(t, u.win, "Name").SetText("Billing API")
		test.Tap(button(t, u.win, "Save"))
		if _, err := svc.ProjectByName("Billing API"); err != nil {
			t.Errorf("not renamed: %v", err)
		}
	})
	t.Run("Archive hides a project from the pickers, and undo brings it back", func(t *testing.T) {
		p, _ := svc.ProjectByName("Website")
		s.onArchive(p, true)
		if names := u.projectNames(); len(names) != 1 || names[0] != "Billing API" {
			t.Errorf("active projects %v", names)
		}
		s.archived.SetChecked(true)
		wantText(t, u.win, "no weekly goals · archived")
		test.Tap(u.toast.undo)
		if p, _ := svc.ProjectByName("Website"); p.Archived {
			t.Error("undo left it archived")
		}
	})
}

// addButton finds the "+" button that creates a project, in the topmost dialog.
func addButton(t *testing.T, w fyne.Window) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		if b, ok := o.(*widget.Button); ok && b.Text == "" && b.Icon == theme.ContentAddIcon() {
			return b
		}
	}
	t.Fatal("no + button in the dialog")
	return nil
}

func TestEveryProjectPickerCreatesProjects(t *testing.T) {
	svc, clk := mustOpen(t)
	u, fake := newTestUI(t, svc, clk, Options{})
	pickers := map[string]*projectPicker{
		"Today's start form":   u.today.startProject,
		"Today's quick add":    u.today.addProject,
		"the deliverable form": u.deliverables.project,
		"the milestone form":   u.deliverables.milestones.project,
		"the request form":     u.requests.project,
		"the decision form":    u.decisions.project,
	}
	i := 0
	for where, p := range pickers {
		t.Run("from "+where, func(t *testing.T) {
			i++
			name := "Client " + string(rune('A'+i))
			test.Type(p.entry, name)
			test.Tap(p.add)
			if got := formEntry(t, u.win, "Name").Text; got != name {
				t.Errorf("the new project's name is %q; want the typed %q", got, name)
			}
			test.Tap(button(t, u.win, "Create"))
			if _, err := svc.ProjectByName(name); err != nil {
				t.Fatalf("not created: %v", err)
			}
			if p.text() != name || p.check(false) != nil {
				t.Errorf("picker holds %q: %v", p.text(), p.check(false))
			}
		})
	}
	t.Run("from the tray's Other project… dialog, a dialog over a dialog", func(t *testing.T) {
		item(t, fake.menu, "Start deep work", "Other project…").Action()
		start := u.dialogForm
		project := formEntry(t, u.win, "Project")
		test.Type(project, "Hiring")
		test.Tap(addButton(t, u.win))
		test.Tap(button(t, u.win, "Create"))
		if project.Text != "Hiring" {
			t.Errorf("the start dialog's project is %q", project.Text)
		}
		test.Type(formEntry(t, u.win, "Goal"), "Job ad")
		if got := shownErrors(start); len(got) != 0 {
			t.Errorf("start dialog errors %v", got)
		}
		test.Tap(button(t, u.win, "Start"))
		if b, err := svc.Running(); err != nil || b.Project != "Hiring" || b.Goal != "Job ad" {
			t.Errorf("running %+v, %v", b, err)
		}
	})
	t.Run("from the block edit dialog, which then moves the block", func(t *testing.T) {
		end := testNow.Add(-2 * time.Hour)
		b, err := svc.AddBlock(tracker.Block{Kind: tracker.KindMeeting, Project: "Hiring", Start: testNow.Add(-3 * time.Hour), End: &end})
		if err != nil {
			t.Fatal(err)
		}
		u.today.onEdit(b)
		project := formEntry(t, u.win, "Project")
		project.SetText("Support")
		if !strings.Contains(shownErrors(u.dialogForm)["project"], `project "Support" not found`) {
			t.Errorf("errors %v", shownErrors(u.dialogForm))
		}
		edit := u.dialogForm
		test.Tap(addButton(t, u.win))
		test.Tap(button(t, u.win, "Create"))
		if _, err := svc.ProjectByName("Support"); err != nil {
			t.Fatalf("not created: %v (dialog errors %v)", err, shownErrors(u.dialogForm))
		}
		test.Tap(button(t, u.win, "Save"))
		if got := shownErrors(edit); len(got) != 0 {
			t.Errorf("edit dialog errors %v", got)
		}
		bs, _ := svc.Blocks(tracker.BlockFilter{Projects: []string{"Support"}})
		if len(bs) != 1 || bs[0].ID != b.ID {
			t.Errorf("blocks of Support %+v", bs)
		}
	})
}

func TestBlockEditChangesAnyField(t *testing.T) {
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Shiplog API", "Website")
	end := testNow.Add(-time.Hour)
	b, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API", Start: testNow.Add(-2 * time.Hour), End: &end, Goal: "Schema"})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, svc, clk, Options{})
	u.today.onEdit(b)
	assertGolden(t, "block-edit.xml", u.win)
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if sel, ok := o.(*widget.Select); ok {
			sel.SetSelected(tracker.KindMeeting.Label())
		}
	}
	formEntry(t, u.win, "Project").SetText("website")
	formEntry(t, u.win, "Goal").SetText("Review")
	formEntry(t, u.win, "Outcome").SetText("Agreed on the copy")
	formEntry(t, u.win, "Planned").SetText("1:30")
	test.Type(formEntry(t, u.win, "Interruptions"), "x")
	if got := shownErrors(u.dialogForm)["interruptions"]; !strings.HasPrefix(got, "interruptions: must be a whole number") {
		t.Errorf("interruptions error %q", got)
	}
	formEntry(t, u.win, "Interruptions").SetText("2")
	test.Tap(button(t, u.win, "Save"))
	got, _ := svc.Blocks(tracker.BlockFilter{})
	if len(got) != 1 || got[0].Kind != tracker.KindMeeting || got[0].Project != "Website" || got[0].Goal != "Review" ||
		got[0].Outcome != "Agreed on the copy" || got[0].Planned() != 90*time.Minute || got[0].Interruptions != 2 {
		t.Errorf("edited %+v", got)
	}
}

func TestMilestones(t *testing.T) {
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Shiplog API")
	u, _ := newTestUI(t, svc, clk, Options{})
	u.tabs.SelectIndex(tabDeliverables)
	s := u.deliverables.milestones

	t.Run("the add form names each bad field and clears after adding", func(t *testing.T) {
		test.Type(s.name, "Beta")
		test.Type(s.project.entry, "Shiplog API")
		test.Type(s.due, "soon")
		test.Type(s.start, "2026-12-20")
		got := shownErrors(s.form)
		if !strings.HasPrefix(got["due"], "due: must be a date like") || len(got) != 1 || !s.addBtn.Disabled() {
			t.Errorf("errors %v", got)
		}
		s.due.SetText("2026-12-04")
		if got := shownErrors(s.form); !strings.HasPrefix(got["start"], "start: must not be after the due date") || len(got) != 1 {
			t.Errorf("errors %v", got)
		}
		s.start.SetText("")
		test.Tap(s.addBtn)
		ms, _ := svc.Milestones()
		if len(ms) != 1 || ms[0].Name != "Beta" || ms[0].StartDate != "2026-11-25" || ms[0].DueDate != "2026-12-04" {
			t.Fatalf("milestones %+v", ms)
		}
		if got := shownErrors(s.form); len(got) != 0 || s.name.Text != "" {
			t.Errorf("after adding: %v, name %q", got, s.name.Text)
		}
		wantText(t, u.win, "Beta · Shiplog API — 0 of 0 shipped, due 2026-12-04")
	})
	t.Run("Edit… renames and moves the dates", func(t *testing.T) {
		ms, _ := svc.Milestones()
		s.onEdit(ms[0])
		formEntry(t, u.win, "Name").SetText("Public beta")
		formEntry(t, u.win, "Due (YYYY-MM-DD)").SetText("2026-12-11")
		test.Tap(button(t, u.win, "Save"))
		wantText(t, u.win, "Public beta · Shiplog API — 0 of 0 shipped, due 2026-12-11")
	})
}

func TestShipIt(t *testing.T) {
	setup := func(t *testing.T) (*tracker.Service, *UI) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API", "Website")
		for _, d := range []tracker.Deliverable{
			{Title: "CSV export", Project: "Shiplog API", Status: tracker.StatusInProgress},
			{Title: "Auth", Project: "Shiplog API"},
			{Title: "Pricing page", Project: "Website"},
		} {
			if _, err := svc.AddDeliverable(d); err != nil {
				t.Fatal(err)
			}
		}
		if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API"}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour)
		// The app was running all along: no gap to ask about.
		if err := svc.Heartbeat(clk.Now()); err != nil {
			t.Fatal(err)
		}
		u, _ := newTestUI(t, svc, clk, Options{})
		u.askShip()
		return svc, u
	}
	radio := func(t *testing.T, u *UI) *widget.RadioGroup {
		t.Helper()
		for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
			if r, ok := o.(*widget.RadioGroup); ok {
				return r
			}
		}
		t.Fatal("no choice of deliverables")
		return nil
	}

	t.Run("the project's open deliverables come first, and the picked one ships by its ID", func(t *testing.T) {
		svc, u := setup(t)
		r := radio(t, u)
		if got := strings.Join(r.Options, "|"); got != "CSV export|Auth|"+newDeliverableChoice {
			t.Errorf("options %q", got)
		}
		if r.Selected != "CSV export" {
			t.Errorf("preselected %q", r.Selected)
		}
		assertGolden(t, "ship.xml", u.win)
		test.Type(formEntry(t, u.win, "Link"), "https://example.com/pr/9")
		test.Type(formEntry(t, u.win, "Goal"), "Finish the export")
		test.Tap(button(t, u.win, "Ship"))
		ds, _ := svc.Deliverables(tracker.DeliverableFilter{Projects: []string{"Shiplog API"}})
		if len(ds) != 2 {
			t.Fatalf("%d deliverables; shipping the planned one made a duplicate: %+v", len(ds), ds)
		}
		d := deliverableNamed(t, svc, "CSV export")
		if d.Status != tracker.StatusShipped || d.Link != "https://example.com/pr/9" || d.InvestedSeconds != 3600 {
			t.Errorf("shipped %+v", d)
		}
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if bs[0].Running() || bs[0].Goal != "Finish the export" || bs[0].DeliverableID == nil || *bs[0].DeliverableID != d.ID {
			t.Errorf("block %+v", bs[0])
		}
	})
	t.Run("a link without https:// disables Ship and says why", func(t *testing.T) {
		_, u := setup(t)
		test.Type(formEntry(t, u.win, "Link"), "example.com/pr/9")
		if !button(t, u.win, "Ship").Disabled() {
			t.Error("Ship is enabled")
		}
		wantText(t, u.win, "Ship is off until this is fixed: link: must be an http(s) URL like https://example.com/x")
		if got := shownErrors(u.dialogForm)["link"]; !strings.HasPrefix(got, "link: must be an http(s) URL") {
			t.Errorf("link error %q", got)
		}
	})
	t.Run("something new ships under its new title", func(t *testing.T) {
		svc, u := setup(t)
		radio(t, u).SetSelected(newDeliverableChoice)
		if !button(t, u.win, "Ship").Disabled() {
			t.Error("Ship is enabled without a title")
		}
		test.Type(formEntry(t, u.win, ""), "Rate limits")
		test.Tap(button(t, u.win, "Ship"))
		d := deliverableNamed(t, svc, "Rate limits")
		if d.Status != tracker.StatusShipped || d.Project != "Shiplog API" {
			t.Errorf("shipped %+v", d)
		}
		if open := deliverableNamed(t, svc, "CSV export"); open.Status != tracker.StatusInProgress {
			t.Errorf("CSV export became %s", open.Status)
		}
	})
}

func TestStopAsksForTheGoalOfGoallessDeepWork(t *testing.T) {
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Shiplog API")
	if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(2 * time.Hour)
	if err := svc.Heartbeat(clk.Now()); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, svc, clk, Options{})
	u.askStop()
	assertGolden(t, "stop.xml", u.win)
	wantText(t, u.win, "Deep work without a goal is not counted")
	goal := formEntry(t, u.win, "Goal")
	if u.win.Canvas().Focused() != goal {
		t.Errorf("focus is on %T, not the goal", u.win.Canvas().Focused())
	}
	test.Type(goal, "Export endpoint")
	test.Type(formEntry(t, u.win, "Outcome"), "Merged")
	test.Tap(button(t, u.win, "Stop"))
	bs, _ := svc.Blocks(tracker.BlockFilter{})
	if len(bs) != 1 || bs[0].Running() || bs[0].Goal != "Export endpoint" || bs[0].Outcome != "Merged" {
		t.Fatalf("blocks %+v", bs)
	}

	t.Run("a block with a goal, or not deep work, is not asked", func(t *testing.T) {
		if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindMeeting, Project: "Shiplog API"}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Minute)
		u.askStop()
		if hasText(u.win, "without a goal") {
			t.Error("a meeting was asked for a goal")
		}
		if u.win.Canvas().Focused() != formEntry(t, u.win, "Outcome") {
			t.Error("focus is not on the outcome")
		}
	})
}
