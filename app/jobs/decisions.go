package jobs

import (
	"fmt"
	"time"

	"github.com/go-co-op/gocron/v2"

	"shiplog/tracker"
)

// closeDecisions notifies once for each decision whose deadline passed without an explicit close.
// The state itself follows from the data; this only records that the user was told.
func (r *Runner) closeDecisions(cfg tracker.Config, now time.Time) (int, error) {
	ds, err := r.svc.Decisions()
	if err != nil {
		return 0, err
	}
	n := 0
	for _, d := range ds {
		if d.Closed != "" || d.NotifiedAt != nil || now.Before(d.Deadline) {
			continue
		}
		if err := r.svc.MarkDecisionNotified(d.ID, now); err != nil {
			return n, err
		}
		n++
		switch tracker.DecisionStateAt(d, now) {
		case tracker.DecisionNeedsDiscussion:
			r.notify(cfg.Notify, "Decision needs discussion", fmt.Sprintf("%q closed with %d objection(s).", d.Title, len(d.Objections)))
		default:
			r.notify(cfg.Notify, "Decision accepted by silence", fmt.Sprintf("%q: nobody objected by the deadline.", d.Title))
		}
	}
	return n, nil
}

// nextDeadline is the earliest deadline after after of a decision not yet closed or notified;
// zero after means any such deadline, even a passed one.
func nextDeadline(svc *tracker.Service, after time.Time) (time.Time, error) {
	ds, err := svc.Decisions()
	if err != nil {
		return time.Time{}, err
	}
	var next time.Time
	for _, d := range ds {
		if d.Closed != "" || d.NotifiedAt != nil || (!after.IsZero() && !d.Deadline.After(after)) {
			continue
		}
		if next.IsZero() || d.Deadline.Before(next) {
			next = d.Deadline
		}
	}
	return next, nil
}

// scheduleCloser sets a one-time job at the next decision deadline, so that a decision closes at its
// deadline rather than up to a minute later.
func (r *Runner) scheduleCloser(now time.Time) error {
	at, err := nextDeadline(r.svc, now)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	cur, ok := r.slots[DecisionCloser]
	if ok && cur.at.Equal(at) {
		return nil
	}
	if ok {
		_ = r.sched.RemoveJob(cur.id)
		delete(r.slots, DecisionCloser)
	}
	if at.IsZero() {
		return nil
	}
	job, err := r.sched.NewJob(gocron.OneTimeJob(gocron.OneTimeJobStartDateTime(at)), gocron.NewTask(func() {
		cfg, err := r.svc.Config()
		if err != nil {
			r.fail(DecisionCloser, err)
			return
		}
		now := r.clock.Now()
		r.minuteJob(DecisionCloser, func() (int, error) { return r.closeDecisions(cfg, now) })
		if err := r.scheduleCloser(now); err != nil {
			r.fail(DecisionCloser, err)
		}
	}), gocron.WithName(DecisionCloser))
	if err != nil {
		return fmt.Errorf("jobs: schedule %s: %w", DecisionCloser, err)
	}
	r.slots[DecisionCloser] = scheduled{id: job.ID(), at: at}
	return nil
}
