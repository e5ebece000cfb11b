package jobs

import (
	"fmt"
	"strings"
	"time"

	"shiplog/tracker"
)

// watchSLA notifies once per request when it becomes due soon and once when it becomes overdue.
func (r *Runner) watchSLA(cfg tracker.Config, now time.Time) (int, error) {
	rs, err := r.svc.Requests(tracker.RequestFilter{OpenOnly: true})
	if err != nil {
		return 0, err
	}
	type note struct{ title, body string }
	var notes []note
	loc := cfg.Location()
	for _, q := range rs {
		// The state at the tick's own time, so that the mark and the state agree even if the tick ran late.
		q.State = tracker.RequestStateAt(q, cfg, now)
		var title string
		switch {
		case q.State == tracker.RequestOverdue && q.NotifiedOverdueAt == nil:
			title = "Request overdue"
		case q.State == tracker.RequestDueSoon && q.NotifiedSoonAt == nil:
			title = "Request due soon"
		default:
			continue
		}
		if err := r.svc.MarkRequestNotified(q.ID, q.State, now); err != nil {
			return len(notes), err
		}
		notes = append(notes, note{title, slaBody(q, cfg.Calendar(), now, loc)})
	}
	// After a long absence many requests can turn at once; one summary beats a wall of pop-ups.
	if len(notes) > 3 {
		var lines []string
		for _, n := range notes {
			lines = append(lines, n.title+": "+n.body)
		}
		r.notify(cfg.Notify, fmt.Sprintf("%d requests need an answer", len(notes)), strings.Join(lines, "\n"))
		return len(notes), nil
	}
	for _, n := range notes {
		r.notify(cfg.Notify, n.title, n.body)
	}
	return len(notes), nil
}

// slaBody says what a request notification is about: when the request is or was due, with the
// date when it is not today (a start-up after days away must not say "is due Wed 13:11" on
// Saturday), and how far off that is in business time, the time its target counts.
func slaBody(q tracker.Request, cal tracker.WorkCalendar, now time.Time, loc *time.Location) string {
	body := fmt.Sprintf("%q", q.Subject)
	if q.From != "" {
		body += " from " + q.From
	}
	due := q.DueAt.In(loc)
	when := due.Format("Mon 2 Jan 15:04")
	if n := now.In(loc); due.Year() == n.Year() && due.YearDay() == n.YearDay() {
		when = "today " + due.Format("15:04")
	}
	if now.Before(*q.DueAt) {
		return body + fmt.Sprintf(" (%s) is due %s (in %s business hours).", q.Priority, when, hm(cal.Between(now, *q.DueAt)))
	}
	return body + fmt.Sprintf(" (%s) was due %s (overdue by %s business hours).", q.Priority, when, hm(cal.Between(*q.DueAt, now)))
}

// hm writes a duration as h:mm, rounding down, as the window and the tray write durations.
func hm(d time.Duration) string {
	m := int(d / time.Minute)
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}
