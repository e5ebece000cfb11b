package reports_test

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/reports"
	"shiplog/reports/internal/fixture"
	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

func TestDraftUpdateListsShippedNextAndBlocked(t *testing.T) {
	// Friday 27 November 2026 17:30, in week 48, which runs from Monday 23 to Sunday 29 November.
	clock := clockwork.NewFakeClockAt(bln(2026, 11, 16, 9, 0))
	svc := mustOpenClock(t, clock)
	if err := svc.SetSetting("report.author", "Dana"); err != nil {
		t.Fatal(err)
	}
	must[tracker.Project](t)(svc.AddProject(tracker.Project{Name: "Shiplog"}))
	if _, err := svc.ProposeDecision(tracker.Decision{Title: "Drop the tray icon"}); err != nil {
		t.Fatal(err)
	}
	advanceTo(t, clock, bln(2026, 11, 17, 9, 0))
	d, err := svc.ProposeDecision(tracker.Decision{Title: "Move to SQLite"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Object(d.ID, tracker.Objection{By: "Ana", Reason: "Backups [need] care"}); err != nil {
		t.Fatal(err)
	}
	advanceTo(t, clock, bln(2026, 11, 23, 10, 0))
	if _, err := svc.AddRequest(tracker.Request{Subject: "Prod down", From: "Ops", Priority: tracker.PriorityUrgent}); err != nil {
		t.Fatal(err)
	}
	advanceTo(t, clock, bln(2026, 11, 24, 11, 0))
	if _, err := svc.Ship(tracker.ShipInput{Title: "Backups_v2", Project: "Shiplog", Link: "https://example.com/pr/(1)"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddDeliverable(tracker.Deliverable{Title: "Restore UI", Project: "Shiplog", Status: tracker.StatusInProgress, Due: "2026-12-01"}); err != nil {
		t.Fatal(err)
	}
	last, err := svc.ProposeDecision(tracker.Decision{Title: "Weekly reports on Friday"})
	if err != nil {
		t.Fatal(err)
	}
	advanceTo(t, clock, bln(2026, 11, 27, 17, 30))
	md, err := reports.DraftUpdate(svc, must[reports.Period](t)(reports.ParseWeek("2026-W48", berlin)))
	if err != nil {
		t.Fatal(err)
	}
	sections := []string{"# Status update: 2026-W48", "## Context", "## Background", "### Shipped", "### Next", "## Action needed", "## Deadline", "## Optional"}
	pos := -1
	for _, s := range sections {
		i := strings.Index(md, s)
		if i < 0 || i < pos {
			t.Fatalf("section %q missing or out of order in:\n%s", s, md)
		}
		pos = i
	}
	for _, want := range []string{
		"from Dana, so far (as of Fri 27 Nov 17:30). 1 deliverable shipped, 1 in progress, 2 items blocked.",
		"- [Backups\\_v2](https://example.com/pr/%281%29) (Shiplog, Tue 24 Nov)",
		"- Restore UI (Shiplog, in progress, due 2026-12-01)",
		`- Overdue request: "Prod down" from Ops (urgent, was due Mon 23 Nov 12:00)`,
		`- Decision needs discussion: "Move to SQLite" (objections from Ana: Backups \[need\] care)`,
		"### Decided\n\n- Drop the tray icon: accepted by silence",
		`- Decision "Weekly reports on Friday": object by ` + last.Deadline.In(berlin).Format("Mon 2 Jan 15:04"),
		"- Restore UI due 2026-12-01.",
		// The one request is open past its target: late, in the model's words.
		"- Requests within target: 0% (0 of 1); 1 received, 0 still within target.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("draft lacks %q:\n%s", want, md)
		}
	}
}

func TestDraftUpdateOfAnEmptyWeekSaysSo(t *testing.T) {
	t0 := time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)
	svc := mustOpenClock(t, clockwork.NewFakeClockAt(t0))
	if err := svc.SetSetting("timezone", "UTC"); err != nil {
		t.Fatal(err)
	}
	md, err := reports.DraftUpdate(svc, reports.WeekOf(t0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Nothing shipped in this period.", "Nothing planned yet.", "Nothing is blocked.", "No deadlines in the next two weeks.", "- Deep-work hours: 0.0 h.",
		"- Requests within target: n/a; 0 received, 0 still within target."} {
		if !strings.Contains(md, want) {
			t.Errorf("draft lacks %q:\n%s", want, md)
		}
	}
	if _, err := reports.DraftUpdate(svc, reports.Period{}); !errors.Is(err, tracker.ErrInvalid) {
		t.Errorf("no period: err = %v, want ErrInvalid", err)
	}
}

// bln is a Berlin wall time.
func bln(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, berlin)
}

// mustOpenClock opens a fresh database in Berlin time on clock.
func mustOpenClock(t *testing.T, clock *clockwork.FakeClock) *tracker.Service {
	t.Helper()
	svc, err := sqlite.OpenService(filepath.Join(t.TempDir(), "shiplog.db"), tracker.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := svc.SetSetting("timezone", "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
	return svc
}

func advanceTo(t *testing.T, clock *clockwork.FakeClock, when time.Time) {
	t.Helper()
	d := when.Sub(clock.Now())
	if d < 0 {
		t.Fatalf("cannot move the clock back from %s to %s", clock.Now(), when)
	}
	clock.Advance(d)
}

func TestDraftUpdateSaysWhatTheClosesSaidAndTheCheckInOnlyWhenAsked(t *testing.T) {
	h := fixture.SeedHabits(t)
	week := must[reports.Period](t)(reports.ParseWeek("2026-W47", berlin))
	md := must[string](t)(reports.DraftUpdate(h.Svc, week))
	for _, want := range []string{
		"### Delivery on time\n\n- 2 of 4 due shipped on time (50%); shipped late: 2, median 4 days late; overdue: Docs (11 days), Export (3 days).",
		"### Handoff notes\n\n- Thu 19 Nov: Export is blocked on the API; Kim has the details\n",
		"- First block planned (Fri 20 Nov close): Finish Export (Beta); 1 of 4 closed days planned the next one.",
		"- Energy: 3.3 on average, 4 closed days (3 with an energy).",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("draft lacks %q:\n%s", want, md)
		}
	}
	if strings.Contains(md, "Check-in") || strings.Contains(md, "satisfaction") {
		t.Errorf("the default draft gives away the private check-in:\n%s", md)
	}
	with := must[string](t)(reports.DraftUpdateWith(h.Svc, week, reports.UpdateOptions{CheckIn: true}))
	if !strings.Contains(with, "- Check-in: satisfaction 5, balance 3 (2026-W47).") {
		t.Errorf("the draft asked for the check-in lacks it:\n%s", with)
	}
}
