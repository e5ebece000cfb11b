package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"

	"shiplog/tracker"
)

func TestToday(t *testing.T) {
	t.Run("starting a block from the form shows it running with its plan", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, _ := newTestUI(t, svc, nil, Options{})
		s := u.today
		if !s.startStop.Disabled() {
			t.Error("Start is enabled with an empty form")
		}
		test.Type(s.startProject.entry, "Shiplog API")
		test.Type(s.startGoal, "Export endpoint")
		test.Type(s.startPlan, "90m")
		if s.startStop.Disabled() {
			t.Fatalf("Start is disabled: %v", shownErrors(s.start))
		}
		test.Tap(s.startStop)
		b, err := svc.Running()
		if err != nil {
			t.Fatalf("no running block: %v", err)
		}
		if b.Project != "Shiplog API" || b.Goal != "Export endpoint" || b.Planned() != 90*time.Minute {
			t.Errorf("started %+v", b)
		}
		if s.state.Text != "Deep work · Shiplog API — Export endpoint" || s.plan.Text != "of 1:30 planned" {
			t.Errorf("state %q, plan %q", s.state.Text, s.plan.Text)
		}
		if s.startStop.Text != "Stop" || s.startStop.Disabled() {
			t.Errorf("button says %q, disabled %v", s.startStop.Text, s.startStop.Disabled())
		}
		if got := shownErrors(s.start); len(got) != 0 || s.startGoal.Text != "" || s.startProject.text() != "Shiplog API" {
			t.Errorf("after the start the form shows %v, goal %q, project %q", got, s.startGoal.Text, s.startProject.text())
		}
	})

	t.Run("the start form shows the tracker's error for an unknown project", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, _ := newTestUI(t, svc, nil, Options{})
		s := u.today
		test.Type(s.startProject.entry, "Shiplog AP")
		if got := shownErrors(s.start)["project"]; !strings.Contains(got, `project "Shiplog AP" not found; did you mean "Shiplog API"?`) {
			t.Errorf("project error %q", got)
		}
		test.Type(s.startProject.entry, "I")
		test.Type(s.startPlan, "forever")
		got := shownErrors(s.start)
		if !strings.Contains(got["plan"], "plan: must be a duration") || got["project"] != "" {
			t.Errorf("errors %v; want only the plan's", got)
		}
	})

	t.Run("quick add validates as you type and adds a finished block", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, _ := newTestUI(t, svc, nil, Options{})
		s := u.today
		test.Type(s.addProject.entry, "Shiplog API")
		test.Type(s.addFrom, "9.30")
		if got := shownErrors(s.add); !strings.HasPrefix(got["from"], "from: must be a time like 14:30") || !s.addBtn.Disabled() || len(got) != 1 {
			t.Errorf("errors %v, disabled %v", got, s.addBtn.Disabled())
		}
		s.addFrom.SetText("09:30")
		test.Type(s.addTo, "09:00")
		if got := shownErrors(s.add); !strings.HasPrefix(got["to"], "end: must be after the start") || len(got) != 1 {
			t.Errorf("errors %v", got)
		}
		s.addTo.SetText("11:00")
		test.Type(s.addGoal, "Schema")
		if s.addBtn.Disabled() {
			t.Fatalf("Add is disabled: %v", shownErrors(s.add))
		}
		test.Tap(s.addBtn)
		if got := shownErrors(s.add); len(got) != 0 || s.addFrom.Text != "" {
			t.Errorf("after Add the form shows %v, from %q", got, s.addFrom.Text)
		}
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if len(bs) != 1 || bs[0].Duration(testNow) != 90*time.Minute {
			t.Fatalf("blocks %+v", bs)
		}
		wantText(t, u.win, "09:30–11:00  Deep work · Shiplog API  (1:30) — Schema")
		if s.deep.Text != "1h 30m of 3h goal" {
			t.Errorf("deep %q", s.deep.Text)
		}
	})

	t.Run("deleting a block offers undo, and undo puts it back", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		end := testNow.Add(-time.Hour)
		b, err := svc.AddBlock(tracker.Block{Kind: tracker.KindMeeting, Project: "Shiplog API", Start: testNow.Add(-2 * time.Hour), End: &end})
		if err != nil {
			t.Fatal(err)
		}
		u, _ := newTestUI(t, svc, nil, Options{})
		u.today.onDelete(b)
		if bs, _ := svc.Blocks(tracker.BlockFilter{}); len(bs) != 0 {
			t.Fatalf("block not deleted")
		}
		if !u.toast.box.Visible() || !strings.HasPrefix(u.toast.message.Text, "Deleted Meeting · Shiplog API") {
			t.Fatalf("toast %q", u.toast.message.Text)
		}
		test.Tap(u.toast.undo)
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if len(bs) != 1 || bs[0].ID != b.ID {
			t.Fatalf("after undo %+v", bs)
		}
		if u.toast.box.Visible() {
			t.Error("toast still shown after undo")
		}
	})

	t.Run("the undo toast goes away on its own", func(t *testing.T) {
		svc, clk := mustOpen(t)
		u, _ := newTestUI(t, svc, clk, Options{})
		done := make(chan struct{})
		u.toast.hidden = func() { close(done) }
		u.toast.show("hello", func() {})
		if err := clk.BlockUntilContext(t.Context(), 1); err != nil {
			t.Fatal(err)
		}
		clk.Advance(toastFor)
		select {
		case <-done:
		case <-time.After(10 * time.Second): // a guard against a hang, not a wait for work
			t.Fatal("the toast's timer never fired")
		}
		if u.toast.box.Visible() {
			t.Error("toast still shown after its time")
		}
	})

	t.Run("editing a block saves new times and refuses bad ones with the tracker's text", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		end := testNow.Add(-time.Hour)
		b, _ := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API", Start: testNow.Add(-2 * time.Hour), End: &end})
		u, _ := newTestUI(t, svc, nil, Options{})
		u.today.onEdit(b)
		from, to := formEntry(t, u.win, "From"), formEntry(t, u.win, "To")
		from.SetText("13:30")
		if !strings.HasPrefix(button(t, u.win, "Save").Text, "Save") || !button(t, u.win, "Save").Disabled() {
			t.Error("Save is enabled for an end before the start")
		}
		wantText(t, u.win, "end: must be after the start")
		from.SetText("11:30")
		to.SetText("13:15")
		test.Tap(button(t, u.win, "Save"))
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if got := bs[0].Start.Format("15:04") + "-" + bs[0].End.Format("15:04"); got != "11:30-13:15" {
			t.Errorf("block is %s", got)
		}
	})

	t.Run("Ctrl+Enter starts from the form and then asks for the outcome to stop", func(t *testing.T) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, _ := newTestUI(t, svc, nil, Options{})
		test.Type(u.today.startProject.entry, "Shiplog API")
		ctrlEnter := &desktop.CustomShortcut{KeyName: fyne.KeyReturn, Modifier: fyne.KeyModifierShortcutDefault}
		u.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlEnter)
		if _, err := svc.Running(); err != nil {
			t.Fatalf("not started: %v", err)
		}
		clk.Advance(30 * time.Minute)
		u.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrlEnter)
		test.Type(formEntry(t, u.win, "Outcome"), "Endpoint merged")
		test.Tap(button(t, u.win, "Stop"))
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if len(bs) != 1 || bs[0].Running() || bs[0].Outcome != "Endpoint merged" {
			t.Fatalf("blocks %+v", bs)
		}
	})

	t.Run("Ctrl+S ships the running block's outcome", func(t *testing.T) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API"}); err != nil {
			t.Fatal(err)
		}
		clk.Advance(time.Hour)
		u, _ := newTestUI(t, svc, clk, Options{})
		u.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyS, Modifier: fyne.KeyModifierShortcutDefault})
		test.Type(formEntry(t, u.win, ""), "CSV export")
		test.Type(formEntry(t, u.win, "Link"), "https://example.com/pr/12")
		test.Tap(button(t, u.win, "Ship"))
		ds, _ := svc.Deliverables(tracker.DeliverableFilter{})
		if len(ds) != 1 || ds[0].Status != tracker.StatusShipped || ds[0].Title != "CSV export" || ds[0].InvestedSeconds != 3600 {
			t.Fatalf("deliverables %+v", ds)
		}
		if _, err := svc.Running(); err == nil {
			t.Error("block still running after ship")
		}
	})

	t.Run("Ctrl+N and Ctrl+F focus the quick add and the filter", func(t *testing.T) {
		svc, _ := mustOpen(t)
		u, _ := newTestUI(t, svc, nil, Options{})
		c := u.win.Canvas()
		c.(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyF, Modifier: fyne.KeyModifierShortcutDefault})
		if c.Focused() != u.deliverables.filter {
			t.Errorf("Ctrl+F focused %T", c.Focused())
		}
		c.(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyN, Modifier: fyne.KeyModifierShortcutDefault})
		if c.Focused() != u.today.addProject.entry || u.tabs.SelectedIndex() != tabToday {
			t.Errorf("Ctrl+N focused %T on tab %d", c.Focused(), u.tabs.SelectedIndex())
		}
	})
}

func TestTodayGolden(t *testing.T) {
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Shiplog API", "Website")
	for _, b := range []struct {
		kind     tracker.Kind
		project  string
		from, to string
		goal     string
	}{
		{tracker.KindAsync, "Website", "09:00", "09:30", "Inbox"},
		{tracker.KindDeep, "Shiplog API", "09:30", "11:15", "Auth middleware"},
		{tracker.KindMeeting, "Website", "11:30", "12:00", "Standup"},
	} {
		from, _ := tracker.ParseTime("from", b.from, testNow, time.UTC)
		to, _ := tracker.ParseTime("to", b.to, testNow, time.UTC)
		if _, err := svc.AddBlock(tracker.Block{Kind: b.kind, Project: b.project, Start: from, End: &to, Goal: b.goal}); err != nil {
			t.Fatal(err)
		}
	}
	start := testNow.Add(-40 * time.Minute)
	if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API", Start: start, Goal: "Export endpoint", PlannedSeconds: 5400}); err != nil {
		t.Fatal(err)
	}
	u, _ := newTestUI(t, svc, clk, Options{})
	if u.today.timer.Text != "0:40:00" {
		t.Errorf("timer %q", u.today.timer.Text)
	}
	assertGolden(t, "today.xml", u.win)
}
