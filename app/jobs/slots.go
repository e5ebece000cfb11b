package jobs

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/go-co-op/gocron/v2"

	"shiplog/tracker"
)

// DefaultRetryDelays is the backoff after a failed weekly report: three more tries over 21 minutes.
var DefaultRetryDelays = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute}

// slotJob is a job that runs at scheduled moments and catches up once after downtime.
type slotJob struct {
	name  string
	next  func(cfg tracker.Config, after time.Time) time.Time // the first slot after after; zero for none
	run   func(cfg tracker.Config, slot time.Time) (detail string, err error)
	retry bool
}

func (r *Runner) slotJobs() []*slotJob {
	var js []*slotJob
	if r.opts.WriteReport != nil {
		js = append(js, &slotJob{name: WeeklyReport, next: nextReport, run: r.weeklyReport, retry: true})
	}
	return append(js, &slotJob{name: DailyBackup, next: nextBackup, run: r.dailyBackup})
}

// dueSlot reports whether a slot passed after base and by now, and returns the latest such slot:
// after a week of downtime that is the last missed one, and it runs once.
func dueSlot(next func(tracker.Config, time.Time) time.Time, cfg tracker.Config, base, now time.Time) (time.Time, bool) {
	if base.IsZero() {
		return time.Time{}, false
	}
	slot := next(cfg, base)
	if slot.IsZero() || slot.After(now) {
		return time.Time{}, false
	}
	for i := 0; i < 10000; i++ {
		n := next(cfg, slot)
		if n.IsZero() || n.After(now) {
			break
		}
		slot = n
	}
	return slot, true
}

// base is the moment after which a job's next slot counts: its last run, or the runner's start
// for a job that never ran.
func (r *Runner) base(job string) (time.Time, error) {
	last, err := r.svc.LastRun(job)
	if errors.Is(err, tracker.ErrNotFound) {
		return r.started, nil
	}
	if err != nil {
		return time.Time{}, err
	}
	return last.StartedAt, nil
}

// scheduleSlot makes sure the job's one-time gocron job is set for its due or next slot.
func (r *Runner) scheduleSlot(j *slotJob, cfg tracker.Config, now time.Time) error {
	base, err := r.base(j.name)
	if err != nil {
		return err
	}
	at := j.next(cfg, now)
	_, due := dueSlot(j.next, cfg, base, now)
	if due {
		at = now
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	// A queued catch-up run is not queued again. A timed job whose moment passed is replaced: either
	// it ran and the next slot is due, or the machine slept and its timer has not fired yet, in
	// which case it must not fire late on top of the catch-up run.
	cur, ok := r.slots[j.name]
	if ok && (cur.at.Equal(at) || (cur.immediate && !at.After(now))) {
		return nil
	}
	if ok {
		_ = r.sched.RemoveJob(cur.id)
		delete(r.slots, j.name)
	}
	if at.IsZero() {
		return nil
	}
	when := gocron.OneTimeJobStartDateTime(at)
	if !at.After(now) {
		when = gocron.OneTimeJobStartImmediately()
	}
	job, err := r.sched.NewJob(gocron.OneTimeJob(when), gocron.NewTask(func() { r.runSlot(j) }), gocron.WithName(j.name))
	if err != nil {
		return fmt.Errorf("jobs: schedule %s: %w", j.name, err)
	}
	r.slots[j.name] = scheduled{id: job.ID(), at: at, immediate: !at.After(now)}
	return nil
}

// runSlot runs the job if a slot is due, then schedules the next one.
func (r *Runner) runSlot(j *slotJob) {
	mu := r.jobMu[j.name]
	mu.Lock()
	// The queued run has started, so a later tick may queue another if this one fails.
	r.mu.Lock()
	if cur, ok := r.slots[j.name]; ok && cur.immediate {
		cur.immediate = false
		r.slots[j.name] = cur
	}
	r.mu.Unlock()
	cfg, err := r.svc.Config()
	if err != nil {
		mu.Unlock()
		r.fail(j.name, err)
		return
	}
	now := r.clock.Now()
	base, err := r.base(j.name)
	if err == nil {
		if slot, due := dueSlot(j.next, cfg, base, now); due {
			r.attempt(j, slot, 1)
		}
	}
	mu.Unlock()
	if err != nil {
		r.fail(j.name, err)
	}
	if err := r.scheduleSlot(j, cfg, r.clock.Now()); err != nil {
		r.fail(j.name, err)
	}
}

// tries is how many times the job is tried for one slot.
func (r *Runner) tries(j *slotJob) int {
	if j.retry {
		return len(r.opts.RetryDelays) + 1
	}
	return 1
}

// attempt runs try n of a slot and records it. It reads the settings afresh, so that a retry uses
// the settings in force when it runs: a fixed SMTP server or recipient is used by the next try.
// A failure of a retrying job stores its next try in the record (job_retries) in the same
// transaction as the failed run, and schedules it; a restart resumes it (see resumeRetries).
func (r *Runner) attempt(j *slotJob, slot time.Time, n int) {
	start := r.clock.Now()
	cfg, err := r.svc.Config()
	detail := ""
	if err == nil {
		detail, err = j.run(cfg, slot)
	}
	fin := r.clock.Now()
	run := tracker.JobRun{Job: j.name, StartedAt: start, FinishedAt: &fin, Outcome: tracker.JobOK, Detail: detail}
	tries := r.tries(j)
	if err != nil {
		run.Outcome = tracker.JobError
		run.Detail = err.Error()
		if tries > 1 {
			run.Detail = fmt.Sprintf("attempt %d of %d: %v", n, tries, err)
		}
	}
	var next *tracker.JobRetry
	if err != nil && n < tries {
		next = &tracker.JobRetry{Job: j.name, Slot: slot, Attempt: n + 1, DueAt: fin.Add(r.opts.RetryDelays[n-1])}
	}
	if _, rerr := r.svc.RecordJobAttempt(run, next); rerr != nil {
		r.notify(true, "Shiplog could not record a job run", rerr.Error())
	}
	r.mu.Lock()
	delete(r.retryAt, j.name)
	r.mu.Unlock()
	if err == nil {
		return
	}
	title := jobTitle(j.name) + " failed"
	if next != nil {
		if n == 1 {
			r.notify(true, title, fmt.Sprintf("%v. Shiplog retries in %s.", err, shortDur(next.DueAt.Sub(fin))))
		}
		serr := r.scheduleRetry(j, next.DueAt)
		if serr == nil {
			return
		}
		err = fmt.Errorf("%w; and the retry could not be scheduled: %v", err, serr)
	}
	r.notify(true, title, fmt.Sprintf("%v. It is recorded in `shiplog jobs`.", err))
}

// scheduleRetry sets a gocron timer for the job's stored retry at at, or at once if at passed.
func (r *Runner) scheduleRetry(j *slotJob, at time.Time) error {
	when := gocron.OneTimeJobStartDateTime(at)
	if !at.After(r.clock.Now()) {
		when = gocron.OneTimeJobStartImmediately()
	}
	_, err := r.sched.NewJob(gocron.OneTimeJob(when), gocron.NewTask(func() { r.runRetry(j) }), gocron.WithName(j.name+" retry"))
	if err != nil {
		return err
	}
	r.mu.Lock()
	r.retryAt[j.name] = at
	r.mu.Unlock()
	return nil
}

// runRetry runs the job's stored retry, if it is still pending and due.
func (r *Runner) runRetry(j *slotJob) {
	mu := r.jobMu[j.name]
	mu.Lock()
	defer mu.Unlock()
	rt, err := r.svc.JobRetryOf(j.name)
	switch {
	case errors.Is(err, tracker.ErrNotFound):
		return
	case err != nil:
		r.fail(j.name, err)
		return
	case rt.DueAt.After(r.clock.Now()):
		if err := r.scheduleRetry(j, rt.DueAt); err != nil {
			r.fail(j.name, err)
		}
		return
	}
	r.attempt(j, rt.Slot, min(rt.Attempt, r.tries(j)))
}

// resumeRetries schedules the retries that a runner before this one stored and did not get to.
func (r *Runner) resumeRetries() error {
	rts, err := r.svc.JobRetries()
	if err != nil {
		return err
	}
	for _, rt := range rts {
		for _, j := range r.slotJobs() {
			if j.name != rt.Job {
				continue
			}
			if err := r.scheduleRetry(j, rt.DueAt); err != nil {
				return fmt.Errorf("jobs: resume the retry of %s: %w", j.name, err)
			}
		}
	}
	return nil
}

func shortDur(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	return strings.TrimSuffix(s, "0m")
}
