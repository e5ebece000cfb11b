package reports_test

import (
	"strings"
	"testing"
	"time"

	"shiplog/reports"
	"shiplog/reports/internal/fixture"
	"shiplog/tracker"
)

func TestEndOfDaySummary(t *testing.T) {
	h := fixture.SeedHabits(t)
	t.Run("a past day, as it stood at its end", func(t *testing.T) {
		e := must[*reports.DayEnd](t)(reports.EndOfDay(h.Svc, reports.DayOf(at(19, 12, 0), berlin), fixture.HabitsNow))
		eq(t, "day", e.Day, tracker.Date("2026-11-19"))
		eq(t, "as of", e.AsOf, at(20, 0, 0))
		eq(t, "shipped", len(e.Shipped), 1)
		eq(t, "shipped title", e.Shipped[0].Title, "Search")
		eq(t, "deep work", e.Deep.GoalText(), "1h of 3h goal")
		eq(t, "next working day", e.NextWorkday, tracker.Date("2026-11-20"))
		eq(t, "closing", len(e.DecisionsClosing), 1)
		eq(t, "closing title", e.DecisionsClosing[0].Title, "Drop IE")
		eq(t, "closing words", reports.ClosesWords(e.DecisionsClosing[0].At, e.WordsAt, berlin), "closes tomorrow 12:00")
	})

	t.Run("today: open requests by when they fall due, decisions closing tomorrow", func(t *testing.T) {
		svc := h.Svc
		must[tracker.Request](t)(svc.AddRequest(tracker.Request{Subject: "Prod down", Priority: tracker.PriorityUrgent, ReceivedAt: at(20, 15, 0)}))
		must[tracker.Request](t)(svc.AddRequest(tracker.Request{Subject: "Pricing copy", Priority: tracker.PriorityImportant, ReceivedAt: at(23, 7, 30)}))
		must[tracker.Request](t)(svc.AddRequest(tracker.Request{Subject: "Invoice run", Priority: tracker.PriorityUrgent, ReceivedAt: at(23, 7, 45)}))
		must[tracker.Decision](t)(svc.ProposeDecision(tracker.Decision{Title: "Freeze on Friday", ProposedAt: at(23, 7, 50), Deadline: at(24, 16, 0)}))
		e := must[*reports.DayEnd](t)(reports.EndOfDay(svc, reports.DayOf(fixture.HabitsNow, berlin), fixture.HabitsNow))
		var open []string
		for _, q := range e.Open {
			open = append(open, q.Subject+": "+reports.DueWords(q.Due, e.WordsAt, berlin))
		}
		// Urgent: 2 business hours, from the next opening. Important: 24, three working days.
		eq(t, "open", strings.Join(open, "; "),
			"Prod down: overdue since Fri 20 Nov 17:00; Invoice run: due in 3h (today 11:00); Pricing copy: due Wed 25 Nov 17:00")
		eq(t, "deep work", e.Deep.GoalText(), "0m of 3h goal")
		eq(t, "closing", len(e.DecisionsClosing), 1)
		eq(t, "closing words", reports.ClosesWords(e.DecisionsClosing[0].At, e.WordsAt, berlin), "closes tomorrow 16:00")
	})
}

func TestDueWords(t *testing.T) {
	now := time.Date(2026, 11, 25, 15, 20, 0, 0, berlin)
	for _, c := range []struct {
		due  time.Time
		want string
	}{
		{now.Add(-time.Minute), "overdue since Wed 25 Nov 15:19"},
		{now, "overdue since Wed 25 Nov 15:20"},
		{now.Add(40 * time.Minute), "due in 40m (today 16:00)"},
		{now.Add(8*time.Hour + 39*time.Minute), "due in 8h 39m (today 23:59)"},
		{now.Add(8*time.Hour + 40*time.Minute), "due tomorrow 00:00"},
		{time.Date(2026, 11, 27, 9, 0, 0, 0, berlin), "due Fri 27 Nov 09:00"},
	} {
		eq(t, c.due.String(), reports.DueWords(c.due, now, berlin), c.want)
	}
	// An instant read in New York, six hours behind Berlin.
	ny := fixture.NewYork
	eq(t, "in New York", reports.DueWords(time.Date(2026, 11, 26, 1, 0, 0, 0, berlin), now, ny), "due in 9h 40m (today 19:00)")
}
