package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"shiplog/reports"
	"shiplog/tracker"
)

func TestDeliverables(t *testing.T) {
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Shiplog API")
	m, err := svc.AddMilestone(tracker.Milestone{Name: "Beta", Project: "Shiplog API", StartDate: "2026-11-16", DueDate: "2026-12-04"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	svc.AddDeliverable(tracker.Deliverable{Title: "Auth", Project: "Shiplog API", Milestone: m.Name})
	svc.Ship(tracker.ShipInput{Title: "Schema", Project: "Shiplog API", Milestone: m.Name, Link: "https://example.com/pr/1"})
	u, _ := newTestUI(t, svc, clk, Options{})
	s := u.deliverables
	u.tabs.SelectIndex(1)

	t.Run("milestones show progress and health", func(t *testing.T) {
		wantText(t, u.win, "Beta · Shiplog API — 1 of 2 shipped, due 2026-12-04")
		wantText(t, u.win, healthOnTrack)
	})
	t.Run("shipped deliverables link to what shipped", func(t *testing.T) {
		wantText(t, u.win, "Schema")
		found := false
		for _, o := range all(u.win) {
			if h, ok := o.(interface{ SetURLFromString(string) error }); ok && h != nil {
				found = true
			}
		}
		if !found {
			t.Error("no hyperlink")
		}
	})
	t.Run("the add form shows the tracker's error for a bad due date", func(t *testing.T) {
		test.Type(s.title, "Export")
		test.Type(s.project, "Shiplog API")
		test.Type(s.due, "next week")
		if !strings.HasPrefix(s.addErr.Text, "due:") || !s.addBtn.Disabled() {
			t.Errorf("error %q", s.addErr.Text)
		}
		s.due.SetText("2026-12-01")
		test.Tap(s.addBtn)
		wantText(t, u.win, "due 2026-12-01")
	})
	t.Run("the filter narrows the list", func(t *testing.T) {
		test.Type(s.filter, "expo")
		if hasText(u.win, "Auth") || !hasText(u.win, "Export") {
			t.Error("filter did not narrow the list")
		}
		s.filter.SetText("")
	})
	t.Run("Ship marks a deliverable shipped", func(t *testing.T) {
		tapButton(t, u, "Ship")
		ds, _ := svc.Deliverables(tracker.DeliverableFilter{Statuses: []tracker.Status{tracker.StatusShipped}})
		if len(ds) != 2 {
			t.Errorf("shipped %d", len(ds))
		}
	})
	assertGolden(t, "deliverables.xml", u.win)
}

func TestMilestoneHealth(t *testing.T) {
	for _, tc := range []struct {
		name           string
		shipped, total int
		due            tracker.Date
		want           string
	}{
		{"all shipped is done", 2, 2, "2026-12-04", healthDone},
		{"past due and unfinished is late", 1, 2, "2026-11-20", healthLate},
		{"halfway through time and half shipped is on track", 1, 2, "2026-12-04", healthOnTrack},
		{"near the end with nothing shipped is at risk", 0, 4, "2026-11-26", healthAtRisk},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tracker.Milestone{StartDate: "2026-11-16", DueDate: tc.due, Shipped: tc.shipped, Total: tc.total}
			if got := milestoneHealth(m, testNow, time.UTC); got != tc.want {
				t.Errorf("got %q", got)
			}
		})
	}
}

func TestRequests(t *testing.T) {
	svc, clk := mustOpen(t)
	svc.AddRequest(tracker.Request{Subject: "Contract review", From: "Ana", Priority: tracker.PriorityUrgent, ReceivedAt: testNow.Add(-90 * time.Minute)})
	svc.AddRequest(tracker.Request{Subject: "Logo feedback", From: "Ben", Priority: tracker.PriorityNormal})
	u, _ := newTestUI(t, svc, clk, Options{})
	u.tabs.SelectIndex(2)
	s := u.requests

	t.Run("open requests are sorted by time left, with a countdown", func(t *testing.T) {
		if len(s.list.Objects) != 2 {
			t.Fatalf("%d rows", len(s.list.Objects))
		}
		wantText(t, u.win, "urgent · due in 0:30 working time")
		wantText(t, u.win, "normal · due in 48:00 working time")
		wantText(t, u.win, "2 open, 1 due within an hour or overdue")
	})
	assertGolden(t, "requests.xml", u.win)
	t.Run("Reply marks one answered", func(t *testing.T) {
		tapButton(t, u, "Reply")
		rs, _ := svc.Requests(tracker.RequestFilter{OpenOnly: true})
		if len(rs) != 1 || rs[0].Subject != "Logo feedback" {
			t.Errorf("open %+v", rs)
		}
	})
	t.Run("the form validates and logs a request", func(t *testing.T) {
		test.Type(s.subject, "   ")
		if s.addErr.Text == "" || !s.addBtn.Disabled() {
			t.Errorf("blank subject accepted: %q", s.addErr.Text)
		}
		s.subject.SetText("Invoice")
		test.Type(s.from, "Cleo")
		test.Tap(s.addBtn)
		wantText(t, u.win, "Invoice — Cleo")
	})
}

func TestDecisions(t *testing.T) {
	svc, clk := mustOpen(t)
	u, fake := newTestUI(t, svc, clk, Options{})
	u.tabs.SelectIndex(3)
	s := u.decisions
	test.Type(s.title, "Move standup to async")
	test.Type(s.context, "Saves 1.5 h a week")
	test.Tap(s.addBtn)
	wantText(t, u.win, "Move standup to async")
	wantText(t, u.win, "open · deadline Tue 8 Dec 14:00 (in 13d 0h)")

	tapButton(t, u, "Object…")
	es := dialogEntries(t, u.win)
	test.Type(es[0], "Dana")
	test.Type(es[1], "Timezones make async slower")
	tapButton(t, u, "Object")
	wantText(t, u.win, "objection by Dana: Timezones make async slower")

	tapButton(t, u, "Accept")
	wantText(t, u.win, "accepted")
	if len(fake.notifications) != 1 || fake.notifications[0].Title != "Decision closed" {
		t.Errorf("notifications %+v", fake.notifications)
	}
}

func TestReports(t *testing.T) {
	t.Run("without a writer the screen says reports are not available yet", func(t *testing.T) {
		svc, clk := mustOpen(t)
		u, _ := newTestUI(t, svc, clk, Options{})
		u.tabs.SelectIndex(5)
		wantText(t, u.win, "Reports are not available yet")
		if !u.reports.generate.Disabled() {
			t.Error("Generate is enabled")
		}
	})
	t.Run("with a writer it writes the period and says so", func(t *testing.T) {
		svc, clk := mustOpen(t)
		dir := t.TempDir()
		if err := svc.SetSetting("report.dir", dir); err != nil {
			t.Fatal(err)
		}
		var gotPeriod reports.Period
		var gotDir string
		var gotProjects []string
		u, fake := newTestUI(t, svc, clk, Options{WriteReport: func(p reports.Period, projects []string, dir string) (string, error) {
			gotPeriod, gotProjects, gotDir = p, projects, dir
			return filepath.Join(dir, reports.FileName(p, projects)), nil
		}})
		u.tabs.SelectIndex(5)
		u.reports.period.SetSelected(periodLastWeek)
		if u.reports.from.Text != "2026-11-16" || u.reports.to.Text != "2026-11-22" || !u.reports.from.Disabled() {
			t.Errorf("last week shows %s to %s", u.reports.from.Text, u.reports.to.Text)
		}
		test.Type(u.reports.projects, "Shiplog API, Website")
		test.Tap(u.reports.generate)
		if gotPeriod.String() != "2026-W47" || gotPeriod.Kind != reports.KindWeek || len(gotProjects) != 2 || gotDir != dir {
			t.Errorf("wrote %s %v into %s", gotPeriod, gotProjects, gotDir)
		}
		if want := filepath.Join(dir, "shiplog-2026-W47-shiplog-api+website.pdf"); u.reports.status.Text != "Written to "+want {
			t.Errorf("status %q, want it to name %s", u.reports.status.Text, want)
		}
		if len(fake.notifications) != 1 || fake.notifications[0].Title != "Report written" {
			t.Errorf("notifications %+v", fake.notifications)
		}
	})
	t.Run("the tray's Weekly report now writes this week for every project", func(t *testing.T) {
		svc, clk := mustOpen(t)
		var got reports.Period
		var gotProjects []string
		u, fake := newTestUI(t, svc, clk, Options{WriteReport: func(p reports.Period, projects []string, dir string) (string, error) {
			got, gotProjects = p, projects
			return filepath.Join(dir, reports.FileName(p, projects)), nil
		}})
		item(t, fake.menu, "Weekly report now").Action()
		if got.String() != "2026-W48" || len(gotProjects) != 0 {
			t.Errorf("wrote %s for %v", got, gotProjects)
		}
		if !strings.HasSuffix(u.reports.status.Text, "shiplog-2026-W48.pdf") {
			t.Errorf("status %q", u.reports.status.Text)
		}
	})
	t.Run("a custom range is a range, and its errors name the field, not a flag", func(t *testing.T) {
		svc, clk := mustOpen(t)
		var got reports.Period
		u, _ := newTestUI(t, svc, clk, Options{WriteReport: func(p reports.Period, projects []string, dir string) (string, error) {
			got = p
			return filepath.Join(dir, reports.FileName(p, projects)), nil
		}})
		u.tabs.SelectIndex(5)
		u.reports.period.SetSelected(periodCustom)
		u.reports.from.SetText("2026-11-20")
		u.reports.to.SetText("2026-11-10")
		test.Tap(u.reports.generate)
		if s := u.reports.status.Text; !strings.HasPrefix(s, "from: must not be after the last day") || strings.Contains(s, "--") {
			t.Errorf("status %q", s)
		}
		u.reports.to.SetText("2026-11-22")
		test.Tap(u.reports.generate)
		if got.String() != "2026-11-20_2026-11-22" || got.Kind != reports.KindRange {
			t.Errorf("wrote %s", got)
		}
	})
}

func TestSettings(t *testing.T) {
	svc, clk := mustOpen(t)
	u, _ := newTestUI(t, svc, clk, Options{})
	u.tabs.SelectIndex(6)
	s := u.settings
	var hours, deepMin *settingField
	for i := range s.fields {
		switch s.fields[i].key {
		case tracker.SettingWorkhours:
			hours = &s.fields[i]
		case tracker.SettingDeepMin:
			deepMin = &s.fields[i]
		}
	}
	if hours.entry.Text != "09:00-17:00" || deepMin.entry.Text != "60m" {
		t.Fatalf("loaded %q, %q", hours.entry.Text, deepMin.entry.Text)
	}
	t.Run("an invalid value shows the tracker's reason as you type", func(t *testing.T) {
		hours.entry.SetText("")
		test.Type(hours.entry, "17:00-09:00")
		if err := hours.entry.Validate(); err == nil || !strings.Contains(err.Error(), "the end must be after the start") {
			t.Errorf("validate: %v", err)
		}
		test.Tap(s.save)
		if !strings.Contains(s.status.Text, "workhours: the end must be after the start") {
			t.Errorf("status %q", s.status.Text)
		}
	})
	t.Run("valid values are saved", func(t *testing.T) {
		hours.entry.SetText("08:00-16:00")
		deepMin.entry.SetText("90m")
		s.notify.SetChecked(false)
		test.Tap(s.save)
		cfg, _ := svc.Config()
		if cfg.WorkStart != 8*time.Hour || cfg.DeepMin != 90*time.Minute || cfg.Notify {
			t.Errorf("config %+v", cfg)
		}
	})
}

func TestNotifications(t *testing.T) {
	t.Run("planned length and the forgotten timer are each told once", func(t *testing.T) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, fake := newTestUI(t, svc, clk, Options{})
		u.startBlock(tracker.KindDeep, "Shiplog API", "", 30*time.Minute)
		for range 4*60 + 2 {
			clk.Advance(time.Minute)
			u.tick()
		}
		var titles []string
		for _, n := range fake.notifications {
			titles = append(titles, n.Title)
		}
		if strings.Join(titles, "|") != "Planned time reached|Still working?" {
			t.Errorf("notifications %v", titles)
		}
	})
	t.Run("nothing is sent when notifications are off", func(t *testing.T) {
		svc, clk := mustOpen(t)
		svc.SetSetting("notify", "false")
		u, fake := newTestUI(t, svc, clk, Options{})
		u.notifier.notify("Report written", "x")
		if len(fake.notifications) != 0 {
			t.Errorf("sent %+v", fake.notifications)
		}
	})
	t.Run("the jobs get the notify func", func(t *testing.T) {
		svc, clk := mustOpen(t)
		fake := &fakeDesktop{App: test.NewTempApp(t)}
		stopped := false
		u := newUI(fake, svc, Options{Ticker: clk, StartJobs: func(notify func(title, body string)) func() {
			notify("Request due soon", "Contract review")
			return func() { stopped = true }
		}})
		u.start()
		u.stop()
		if len(fake.notifications) != 1 || !stopped {
			t.Errorf("notifications %+v, stopped %v", fake.notifications, stopped)
		}
	})
}
