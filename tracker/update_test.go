package tracker_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestParseISOWeek(t *testing.T) {
	tests := []struct {
		in   string
		from time.Time
	}{
		{"2026-W47", bln(2026, 11, 16, 0, 0)},
		{"2026w47", bln(2026, 11, 16, 0, 0)},
		{" 2026-W01 ", bln(2025, 12, 29, 0, 0)}, // week 1 holds 4 January, so it starts in December
		{"2026-W53", bln(2026, 12, 28, 0, 0)},   // 2026 starts on a Thursday: it has 53 weeks
		{"2027-W1", bln(2027, 1, 4, 0, 0)},
		{"2026-W13", bln(2026, 3, 23, 0, 0)}, // the week of the spring DST change is 167 hours long
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			from, to, err := tracker.ParseISOWeek(tt.in, berlin)
			if err != nil {
				t.Fatal(err)
			}
			if !from.Equal(tt.from) || !to.Equal(tt.from.AddDate(0, 0, 7)) {
				t.Fatalf("got %v to %v, want %v and a week later", from, to, tt.from)
			}
		})
	}
	for _, bad := range []string{"", "2026", "2026-47", "2026-W0", "2026-W54", "2027-W53", "26-W10", "2026-W1x", "2026-W+1", "0000-W01"} {
		if _, _, err := tracker.ParseISOWeek(bad, berlin); !errors.Is(err, tracker.ErrInvalid) {
			t.Errorf("ParseISOWeek(%q): err = %v, want ErrInvalid", bad, err)
		}
	}
}

// FuzzParseISOWeek checks that accepted weeks start on a Monday at midnight, last seven days,
// and print back to themselves.
func FuzzParseISOWeek(f *testing.F) {
	for _, s := range []string{"2026-W47", "2026W01", "2020-w53", "2021-W53", "9999-W52", "0001-W01", "2026-W", "-W1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		from, to, err := tracker.ParseISOWeek(in, berlin)
		if err != nil {
			if !errors.Is(err, tracker.ErrInvalid) {
				t.Fatalf("error %v for %q is not ErrInvalid", err, in)
			}
			return
		}
		if from.Weekday() != time.Monday || from.Hour() != 0 || from.Minute() != 0 {
			t.Fatalf("%q starts %v, not a Monday at midnight", in, from)
		}
		if !to.Equal(from.AddDate(0, 0, 7)) {
			t.Fatalf("%q ends %v, not a week after %v", in, to, from)
		}
		again, _, err := tracker.ParseISOWeek(tracker.FormatISOWeek(from), berlin)
		if err != nil || !again.Equal(from) {
			t.Fatalf("%q -> %s -> %v (%v)", in, tracker.FormatISOWeek(from), again, err)
		}
	})
}

func TestDraftUpdateListsShippedNextAndBlocked(t *testing.T) {
	// Friday 27 November 2026 17:30, in week 48, which runs from Monday 23 to Sunday 29 November.
	svc, clock := rulesOpenAt(t, bln(2026, 11, 16, 9, 0))
	if err := svc.SetSetting("report.author", "Dana"); err != nil {
		t.Fatal(err)
	}
	mustProject(t, svc, "Shiplog")
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
	from, to, err := tracker.ParseISOWeek("2026-W48", berlin)
	if err != nil {
		t.Fatal(err)
	}
	md, err := svc.DraftUpdate(from, to)
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
		"from Dana. 1 deliverable shipped, 1 in progress, 2 items blocked.",
		"- [Backups\\_v2](https://example.com/pr/%281%29) (Shiplog, Tue 24 Nov)",
		"- Restore UI (Shiplog, in progress, due 2026-12-01)",
		`- Overdue request: "Prod down" from Ops (urgent, was due Mon 23 Nov 12:00)`,
		`- Decision needs discussion: "Move to SQLite" (objections from Ana: Backups \[need\] care)`,
		"### Decided\n\n- Drop the tray icon: accepted by silence",
		`- Decision "Weekly reports on Friday": object by ` + last.Deadline.In(berlin).Format("Mon 2 Jan 15:04"),
		"- Restore UI due 2026-12-01.",
		"- Requests received: 1; 0 answered in time, 0 late, 1 waiting.",
	} {
		if !strings.Contains(md, want) {
			t.Errorf("draft lacks %q:\n%s", want, md)
		}
	}
}

func TestDraftUpdateOfAnEmptyWeekSaysSo(t *testing.T) {
	svc, _ := mustOpen(t)
	from, to := tracker.WeekOf(t0, time.UTC)
	md, err := svc.DraftUpdate(from, to)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Nothing shipped in this period.", "Nothing planned yet.", "Nothing is blocked.", "No deadlines in the next two weeks.", "Deep work: 0:00."} {
		if !strings.Contains(md, want) {
			t.Errorf("draft lacks %q:\n%s", want, md)
		}
	}
	if _, err := svc.DraftUpdate(to, from); !errors.Is(err, tracker.ErrInvalid) {
		t.Errorf("reversed period: err = %v, want ErrInvalid", err)
	}
}
