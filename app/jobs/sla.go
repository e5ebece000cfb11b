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
		body := fmt.Sprintf("%q", q.Subject)
		if q.From != "" {
			body += " from " + q.From
		}
		body += fmt.Sprintf(" (%s) is due %s.", q.Priority, q.DueAt.In(loc).Format("Mon 15:04"))
		notes = append(notes, note{title, body})
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
