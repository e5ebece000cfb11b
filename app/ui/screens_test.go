package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

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
	u.tabs.SelectIndex(tabDeliverables)

	t.Run("milestones show progress and health", func(t *testing.T) {
		wantText(t, u.win, "Beta · Shiplog API — 1 of 2 shipped, due 2026-12-04")
		wantText(t, u.win, healthOnTrack)
	})
	t.Run("shipped deliverables link to what shipped", func(t *testing.T) {
		found := false
		for _, o := range all(u.win) {
			if h, ok := o.(*widget.Hyperlink); ok && h.Text == "Schema" && h.URL.String() == "https://example.com/pr/1" {
				found = true
			}
		}
		if !found {
			t.Error("no hyperlink to what shipped")
		}
	})
	t.Run("each field of the add form shows its own error", func(t *testing.T) {
		test.Type(s.title, "Export")
		test.Type(s.project.entry, "Shiplog API")
		test.Type(s.due, "next week")
		test.Type(s.link, "example.com/pr/2")
		got := shownErrors(s.form)
		if !strings.HasPrefix(got["due"], "due: must be a date") || !strings.HasPrefix(got["link"], "link: must be an http(s) URL") ||
			len(got) != 2 || !s.addBtn.Disabled() {
			t.Errorf("errors %v, disabled %v", got, s.addBtn.Disabled())
		}
		s.due.SetText("2026-12-01")
		if got := shownErrors(s.form); got["due"] != "" || got["link"] == "" {
			t.Errorf("after fixing the date: %v", got)
		}
		s.link.SetText("https://example.com/pr/2")
		test.Type(s.milestone, "Beat")
		if got := shownErrors(s.form)["milestone"]; !strings.Contains(got, `has no milestone "Beat"; it has Beta`) {
			t.Errorf("milestone error %q", got)
		}
		s.milestone.SetText("Beta")
		s.status.SetSelected(statusLabel(tracker.StatusInProgress))
	})
	t.Run("a successful Add clears the form and shows no error", func(t *testing.T) {
		test.Tap(s.addBtn)
		if got := shownErrors(s.form); len(got) != 0 {
			t.Errorf("after Add the form shows %v", got)
		}
		if s.title.Text != "" || s.due.Text != "" || s.link.Text != "" || s.project.text() != "Shiplog API" {
			t.Errorf("form after Add: title %q, due %q, link %q, project %q", s.title.Text, s.due.Text, s.link.Text, s.project.text())
		}
		ds, _ := svc.Deliverables(tracker.DeliverableFilter{Statuses: []tracker.Status{tracker.StatusInProgress}})
		if len(ds) != 1 || ds[0].Title != "Export" || ds[0].Due != "2026-12-01" || ds[0].Link != "https://example.com/pr/2" || ds[0].Milestone != "Beta" {
			t.Errorf("added %+v", ds)
		}
		wantText(t, u.win, "due 2026-12-01")
	})
	t.Run("the filter narrows the list", func(t *testing.T) {
		test.Type(s.filter, "expo")
		if hasText(u.win, "Auth") || !hasText(u.win, "Export") {
			t.Error("filter did not narrow the list")
		}
		s.filter.SetText("")
	})
	assertGolden(t, "deliverables.xml", u.win)
	t.Run("Ship… asks for the link and refuses one that is not a URL", func(t *testing.T) {
		auth := deliverableNamed(t, svc, "Auth")
		s.onShip(auth)
		link := formEntry(t, u.win, "Link")
		test.Type(link, "pr 3")
		ship := button(t, u.win, "Ship")
		if !ship.Disabled() || !strings.HasPrefix(shownErrors(u.dialogForm)["link"], "link: must be an http(s) URL") {
			t.Errorf("Ship disabled %v, errors %v", ship.Disabled(), shownErrors(u.dialogForm))
		}
		link.SetText("https://example.com/pr/3")
		test.Tap(ship)
		got := deliverableNamed(t, svc, "Auth")
		if got.Status != tracker.StatusShipped || got.Link != "https://example.com/pr/3" {
			t.Errorf("shipped %+v", got)
		}
	})
	t.Run("Edit… changes title, due date, status and milestone at once", func(t *testing.T) {
		d := deliverableNamed(t, svc, "Export")
		s.onEdit(d)
		formEntry(t, u.win, "Title").SetText("CSV export")
		formEntry(t, u.win, "Due").SetText("2026-12-03")
		formEntry(t, u.win, "Milestone").SetText("")
		test.Tap(button(t, u.win, "Save"))
		got := deliverableNamed(t, svc, "CSV export")
		if got.Due != "2026-12-03" || got.Milestone != "" || got.Status != tracker.StatusInProgress {
			t.Errorf("edited %+v", got)
		}
	})
}

// deliverableNamed finds a deliverable by title.
func deliverableNamed(t *testing.T, svc *tracker.Service, title string) tracker.Deliverable {
	t.Helper()
	ds, err := svc.Deliverables(tracker.DeliverableFilter{})
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Title == title {
			return d
		}
	}
	t.Fatalf("no deliverable %q", title)
	return tracker.Deliverable{}
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
	mustProject(t, svc, "Website")
	svc.AddRequest(tracker.Request{Subject: "Contract review", From: "Ana", Priority: tracker.PriorityUrgent, ReceivedAt: testNow.Add(-90 * time.Minute)})
	svc.AddRequest(tracker.Request{Subject: "Logo feedback", From: "Ben", Priority: tracker.PriorityNormal})
	u, _ := newTestUI(t, svc, clk, Options{})
	u.tabs.SelectIndex(tabRequests)
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
	t.Run("Reply… asks for the minutes and marks the request answered", func(t *testing.T) {
		test.Tap(button(t, u.win, "Reply…"))
		minutes := formEntry(t, u.win, "Minutes spent")
		test.Type(minutes, "a while")
		if !button(t, u.win, "Reply").Disabled() || !strings.HasPrefix(shownErrors(u.dialogForm)["minutes"], "minutes: must be a whole number") {
			t.Errorf("errors %v", shownErrors(u.dialogForm))
		}
		minutes.SetText("15")
		test.Tap(button(t, u.win, "Reply"))
		rs, _ := svc.Requests(tracker.RequestFilter{OpenOnly: true})
		if len(rs) != 1 || rs[0].Subject != "Logo feedback" {
			t.Errorf("open %+v", rs)
		}
		all, _ := svc.Requests(tracker.RequestFilter{})
		for _, r := range all {
			if r.Subject == "Contract review" && (r.MinutesSpent != 15 || r.Replies != 1) {
				t.Errorf("replied %+v", r)
			}
		}
	})
	t.Run("Answered lists the answered requests with their state in words", func(t *testing.T) {
		s.show.SetSelected(showAnswered)
		if len(s.list.Objects) != 1 {
			t.Fatalf("%d rows", len(s.list.Objects))
		}
		wantText(t, u.win, "Contract review — Ana")
		wantText(t, u.win, "urgent · answered in time, Wed 25 Nov 14:00 · 1 reply · 15 min")
		wantText(t, u.win, "1 answered")
		if hasText(u.win, "Logo feedback") {
			t.Error("an open request is listed as answered")
		}
		s.show.SetSelected(showOpen)
	})
	t.Run("the form shows each field its own error and clears after logging", func(t *testing.T) {
		test.Type(s.subject, "   ")
		if got := shownErrors(s.form); !strings.HasPrefix(got["subject"], "subject: must not be empty") || !s.addBtn.Disabled() {
			t.Errorf("blank subject: %v", got)
		}
		test.Type(s.project.entry, "Websit")
		got := shownErrors(s.form)
		if !strings.Contains(got["project"], `did you mean "Website"`) || !strings.HasPrefix(got["subject"], "subject:") {
			t.Errorf("errors %v", got)
		}
		s.subject.SetText("Invoice")
		test.Type(s.project.entry, "e")
		test.Type(s.from, "Cleo")
		test.Tap(s.addBtn)
		wantText(t, u.win, "Invoice — Cleo · Website")
		if got := shownErrors(s.form); len(got) != 0 || s.subject.Text != "" {
			t.Errorf("after logging: %v, subject %q", got, s.subject.Text)
		}
	})
}

func TestDecisions(t *testing.T) {
	svc, clk := mustOpen(t)
	u, fake := newTestUI(t, svc, clk, Options{})
	u.tabs.SelectIndex(tabDecisions)
	s := u.decisions
	test.Type(s.title, "Move standup to async")
	test.Type(s.context, "Saves 1.5 h a week")
	test.Tap(s.addBtn)
	wantText(t, u.win, "Move standup to async")
	wantText(t, u.win, "open · deadline Tue 8 Dec 14:00 (in 13d 0h)")
	if got := shownErrors(s.form); len(got) != 0 || s.title.Text != "" {
		t.Errorf("after proposing: %v, title %q", got, s.title.Text)
	}
	assertGolden(t, "decisions.xml", u.win)

	t.Run("Object… filled By then Reason keeps no stale error and submits", func(t *testing.T) {
		tapButton(t, u, "Object…")
		assertGolden(t, "object.xml", u.win)
		by, reason := formEntry(t, u.win, "By"), formEntry(t, u.win, "Reason")
		object := button(t, u.win, "Object")
		test.Type(by, "Dana")
		if got := shownErrors(u.dialogForm); len(got) != 0 || !object.Disabled() {
			t.Errorf("after By: errors %v, disabled %v; want none shown and Object disabled", got, object.Disabled())
		}
		test.Type(reason, "Timezones make async slower")
		if got := shownErrors(u.dialogForm); len(got) != 0 || object.Disabled() {
			t.Fatalf("after Reason: errors %v, disabled %v", got, object.Disabled())
		}
		test.Tap(object)
		wantText(t, u.win, "objection by Dana: Timezones make async slower")
	})
	t.Run("Object… filled Reason then By works the same", func(t *testing.T) {
		d, _ := svc.ProposeDecision(tracker.Decision{Title: "Quarterly planning in writing"})
		u.refresh()
		s.onObject(d)
		reason, by := formEntry(t, u.win, "Reason"), formEntry(t, u.win, "By")
		test.Type(reason, "We lose the discussion")
		test.Type(by, "   ")
		if got := shownErrors(u.dialogForm); len(got) != 1 || !strings.HasPrefix(got["by"], "by: must not be empty") {
			t.Errorf("blank By: %v", got)
		}
		by.SetText("Eli")
		if got := shownErrors(u.dialogForm); len(got) != 0 || button(t, u.win, "Object").Disabled() {
			t.Errorf("after By: %v", got)
		}
		test.Tap(button(t, u.win, "Object"))
		wantText(t, u.win, "objection by Eli: We lose the discussion")
	})
	t.Run("Accept… closes with the outcome and says so", func(t *testing.T) {
		d := decisionNamed(t, svc, "Move standup to async")
		s.onClose(d, true)
		test.Type(formEntry(t, u.win, "Outcome"), "Async from January")
		test.Tap(button(t, u.win, "Accept"))
		wantText(t, u.win, "outcome: Async from January")
		if len(fake.notifications) != 1 || fake.notifications[0].Title != "Decision closed" {
			t.Errorf("notifications %+v", fake.notifications)
		}
	})
	t.Run("closing a decision closed meanwhile shows the conflict in the dialog", func(t *testing.T) {
		d := decisionNamed(t, svc, "Quarterly planning in writing")
		s.onClose(d, false)
		if _, err := svc.CloseDecision(d.ID, true, "", time.Time{}); err != nil {
			t.Fatal(err)
		}
		test.Tap(button(t, u.win, "Reject"))
		if got := shownErrors(u.dialogForm)[""]; !strings.Contains(got, "was already closed as accepted") {
			t.Errorf("dialog shows %q", got)
		}
	})
}

// decisionNamed finds a decision by title.
func decisionNamed(t *testing.T, svc *tracker.Service, title string) tracker.Decision {
	t.Helper()
	ds, err := svc.Decisions()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range ds {
		if d.Title == title {
			return d
		}
	}
	t.Fatalf("no decision %q", title)
	return tracker.Decision{}
}

func TestReports(t *testing.T) {
	t.Run("without a writer the screen says reports are not available yet", func(t *testing.T) {
		svc, clk := mustOpen(t)
		u, _ := newTestUI(t, svc, clk, Options{})
		u.tabs.SelectIndex(tabReports)
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
		u.tabs.SelectIndex(tabReports)
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
		u.tabs.SelectIndex(tabReports)
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
	u.tabs.SelectIndex(tabSettings)
	s := u.settings
	hours, deepMin, urgent := s.field(tracker.SettingWorkhours), s.field(tracker.SettingDeepMin), s.field(tracker.SettingSLAUrgent)
	if hours.entry.Text != "09:00-17:00" || deepMin.entry.Text != "60m" {
		t.Fatalf("loaded %q, %q", hours.entry.Text, deepMin.entry.Text)
	}
	t.Run("every setting the CLI lists is on the screen, with its unit in the label", func(t *testing.T) {
		for _, key := range tracker.SettingKeys() {
			if !internalSettings[key] && s.field(key) == nil {
				t.Errorf("setting %s is not on the screen", key)
			}
		}
		if urgent.label != "Urgent response target (business hours, e.g. 2h)" {
			t.Errorf("label %q", urgent.label)
		}
		if pw := s.field(tracker.SettingSMTPPassword); !pw.entry.Password {
			t.Error("the SMTP password is typed in a plain entry")
		}
		assertGolden(t, "settings.xml", u.win)
	})
	t.Run("an invalid value shows the tracker's reason under its own field only", func(t *testing.T) {
		hours.entry.SetText("")
		test.Type(hours.entry, "17:00-09:00")
		test.Type(deepMin.entry, "x")
		got := shownErrors(s.form)
		if !strings.Contains(got[tracker.SettingWorkhours], "the end must be after the start") ||
			!strings.HasPrefix(got[tracker.SettingDeepMin], "deep.min:") || len(got) != 2 || !s.save.Disabled() {
			t.Errorf("errors %v, Save disabled %v", got, s.save.Disabled())
		}
		deepMin.entry.SetText("60m")
		if got := shownErrors(s.form); len(got) != 1 {
			t.Errorf("after fixing deep.min: %v", got)
		}
	})
	t.Run("valid values are saved, the password among them, and nothing else changes", func(t *testing.T) {
		hours.entry.SetText("08:00-16:00")
		deepMin.entry.SetText("90m")
		s.field(tracker.SettingReportAuthor).entry.SetText("Sam")
		s.field(tracker.SettingSMTPTLS).choice.SetSelected("tls")
		s.field(tracker.SettingSMTPPassword).entry.SetText("hunter2")
		s.field(tracker.SettingNotify).box.SetChecked(false)
		test.Tap(s.save)
		cfg, _ := svc.Config()
		if cfg.WorkStart != 8*time.Hour || cfg.DeepMin != 90*time.Minute || cfg.Notify || cfg.Author != "Sam" ||
			cfg.SMTP.TLS != "tls" || cfg.SMTP.Password != "hunter2" {
			t.Errorf("config %+v", cfg)
		}
		if s.status.Text != "Saved 6 settings." || s.field(tracker.SettingSMTPPassword).entry.Text != "" {
			t.Errorf("status %q, password field %q", s.status.Text, s.field(tracker.SettingSMTPPassword).entry.Text)
		}
		test.Tap(s.save)
		if cfg, _ := svc.Config(); cfg.SMTP.Password != "hunter2" || s.status.Text != "Saved 0 settings." {
			t.Errorf("a second save: password %q, status %q", cfg.SMTP.Password, s.status.Text)
		}
	})
	t.Run("a change made elsewhere shows, and what is being typed stays", func(t *testing.T) {
		title := s.field(tracker.SettingReportTitle).entry
		title.SetText(title.Text + " (draft)")
		if err := svc.SetSetting(tracker.SettingGoalDeep, "20"); err != nil {
			t.Fatal(err)
		}
		u.refresh()
		if got := s.field(tracker.SettingGoalDeep).entry.Text; got != "20" {
			t.Errorf("goal.deep shows %q", got)
		}
		if got := s.field(tracker.SettingReportTitle).entry.Text; got != "Weekly results (draft)" {
			t.Errorf("report.title shows %q", got)
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
