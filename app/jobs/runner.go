// Package jobs runs Shiplog's scheduled work with gocron: the weekly report, the SLA watcher, the
// decision closer, the forgotten-timer check and the daily backup. The desktop app and
// `shiplog daemon` start it; both share the rules in tracker/.
//
// Every job's schedule is computed from the settings and the job_runs table, not kept in memory,
// so that a job whose time passed while the machine slept or Shiplog was closed runs once when it
// wakes, not once per missed slot.
package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"

	"shiplog/app/desktop"
	"shiplog/reports"
	"shiplog/tracker"
)

// Job names, as job_runs records them.
const (
	WeeklyReport   = "weekly-report"
	SLAWatcher     = "sla-watcher"
	DecisionCloser = "decision-closer"
	ForgottenTimer = "forgotten-timer"
	DailyBackup    = "daily-backup"
)

// Names lists the jobs in display order.
var Names = []string{WeeklyReport, SLAWatcher, DecisionCloser, ForgottenTimer, DailyBackup, EndOfDay, WeeklyCheckIn}

// Options are the side effects the jobs need, declared here and wired by main.
type Options struct {
	// Notify shows a desktop notification (or logs, headless). Nil drops notifications.
	Notify func(title, body string)
	// WriteReport writes the PDF report of the period into the folder dir, under the report file
	// name (reports.FileName), and returns the file's path. Nil disables the weekly report.
	WriteReport func(p reports.Period, dir string) (path string, err error)
	// Mailer sends the weekly report; nil means SMTP through go-mail.
	Mailer Mailer
	// RetryDelays is the backoff after a failed weekly report; nil means DefaultRetryDelays.
	RetryDelays []time.Duration
	// Who runs the jobs, as the job lock tells others: desktop.WhoApp or desktop.WhoDaemon.
	// Empty means "shiplog".
	Who string
	// Sync pushes the outbox to the team server and pulls teammates' changes (team.Engine.Sync);
	// it returns an error wrapping tracker.ErrNotFound while no team login is stored. Nil leaves
	// the team sync job out.
	Sync func(ctx context.Context) error
}

// JobInfo is what `shiplog jobs` and the window show about a job.
type JobInfo struct {
	Name        string    `json:"name"`
	Schedule    string    `json:"schedule"`
	NextRun     time.Time `json:"next_run"`
	LastRun     time.Time `json:"last_run"`
	LastOutcome string    `json:"last_outcome"`
	LastDetail  string    `json:"last_detail"`
}

// Runner owns the gocron scheduler and the jobs' state.
type Runner struct {
	svc     *tracker.Service
	clock   clockwork.Clock
	opts    Options
	sched   gocron.Scheduler
	started time.Time
	lock    *desktop.Lock // the database's job lock, held from Start to Stop

	// jobMu serialises each job's body, so that the minute tick and an exact-time trigger of the
	// same job never run it twice for one slot.
	jobMu map[string]*sync.Mutex

	mu        sync.Mutex // guards the fields below
	slots     map[string]scheduled
	retryAt   map[string]time.Time
	last      map[string]tracker.JobRun // minute jobs' last run, which job_runs keeps only when notable
	forgotten map[uint]bool
	failing   map[string]bool // minute jobs whose last run failed, so that a failure notifies once
}

type scheduled struct {
	id        uuid.UUID
	at        time.Time
	immediate bool // a catch-up run, queued to start at once
}

// New builds a runner; Start starts it.
func New(svc *tracker.Service, clock clockwork.Clock, opts Options) (*Runner, error) {
	if svc == nil || clock == nil {
		return nil, errors.New("jobs: a service and a clock are required")
	}
	if opts.Mailer == nil {
		opts.Mailer = SMTPMailer{}
	}
	if opts.RetryDelays == nil {
		opts.RetryDelays = DefaultRetryDelays
	}
	sched, err := gocron.NewScheduler(gocron.WithClock(clock), gocron.WithStopTimeout(30*time.Second))
	if err != nil {
		return nil, fmt.Errorf("jobs: %w", err)
	}
	r := &Runner{svc: svc, clock: clock, opts: opts, sched: sched,
		jobMu: map[string]*sync.Mutex{}, slots: map[string]scheduled{}, retryAt: map[string]time.Time{},
		last: map[string]tracker.JobRun{}, forgotten: map[uint]bool{}, failing: map[string]bool{}}
	for _, n := range Names {
		r.jobMu[n] = &sync.Mutex{}
	}
	return r, nil
}

// Start takes the database's job lock, schedules the jobs and starts the scheduler. Jobs whose
// time passed while Shiplog was not running are due at once and run once, and retries that a
// runner before this one stored are resumed. When another process runs the jobs of the database,
// Start returns a *desktop.LockedError naming it (a tracker.ErrLocked) and runs nothing: one
// runner per database, so that the weekly report is mailed once.
func (r *Runner) Start() (err error) {
	who := r.opts.Who
	if who == "" {
		who = "shiplog"
	}
	lock, err := desktop.TryLock(desktop.JobsLockPath(r.svc.Path()), who)
	if err != nil {
		return fmt.Errorf("jobs: %w", err)
	}
	defer func() {
		if err != nil {
			lock.Close()
		}
	}()
	r.started = r.clock.Now()
	if err := r.loadForgotten(); err != nil {
		return err
	}
	cfg, err := r.svc.Config()
	if err != nil {
		return err
	}
	_, err = r.sched.NewJob(gocron.DurationJob(time.Minute), gocron.NewTask(r.tick),
		gocron.WithName("tick"), gocron.WithStartAt(gocron.WithStartImmediately()),
		// Counting the minute from the end of the last tick means ticks never overlap, and a clock
		// that stands exactly on a minute (a test's fake one) cannot make gocron fire it again and again.
		gocron.WithIntervalFromCompletion())
	if err != nil {
		return fmt.Errorf("jobs: schedule the minute tick: %w", err)
	}
	now := r.clock.Now()
	for _, j := range r.slotJobs() {
		if err := r.scheduleSlot(j, cfg, now); err != nil {
			return err
		}
	}
	if err := r.scheduleCloser(now); err != nil {
		return err
	}
	if err := r.resumeRetries(); err != nil {
		return err
	}

	if err := r.scheduleSync(); err != nil {
		return err
	}
	r.lock = lock
	r.sched.Start()
	return nil
}

// Stop stops the scheduler, waiting for running jobs to finish, and releases the job lock.
func (r *Runner) Stop() error {
	err := r.sched.Shutdown()
	r.mu.Lock()
	lock := r.lock
	r.lock = nil
	r.mu.Unlock()
	if lock != nil {
		_ = lock.Close()
	}
	return err
}

// RunnerOf says who runs the jobs of the database at dbPath, if anyone does.
func RunnerOf(dbPath string) (desktop.Holder, bool) {
	return desktop.Held(desktop.JobsLockPath(dbPath))
}

// Jobs lists the jobs with their next and last runs.
func (r *Runner) Jobs() []JobInfo {
	now := r.clock.Now()
	infos, err := status(r.svc, now, r.started)
	if err != nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for i := range infos {
		in := &infos[i]
		if at, ok := r.retryAt[in.Name]; ok && (in.NextRun.IsZero() || at.Before(in.NextRun)) {
			in.NextRun = at
		}
		if run, ok := r.last[in.Name]; ok && !run.StartedAt.Before(in.LastRun) {
			in.LastRun, in.LastOutcome, in.LastDetail = run.StartedAt, run.Outcome, run.Detail
		}
	}
	return infos
}

// Status computes the jobs' next and last runs from the settings and job_runs, without a
// scheduler: what `shiplog jobs` shows.
func Status(svc *tracker.Service, now time.Time) ([]JobInfo, error) {
	return status(svc, now, time.Time{})
}

func status(svc *tracker.Service, now, started time.Time) ([]JobInfo, error) {
	cfg, err := svc.Config()
	if err != nil {
		return nil, err
	}
	minute := now.Truncate(time.Minute).Add(time.Minute)
	closerNext, err := nextDeadline(svc, time.Time{})
	if err != nil {
		return nil, err
	}
	if !closerNext.IsZero() && closerNext.Before(now) {
		closerNext = now
	}
	dayNext, checkInNext := nextRituals(cfg, now)
	infos := []JobInfo{
		{Name: WeeklyReport, Schedule: "weekly, " + cfg.ReportSchedule.Text},
		{Name: SLAWatcher, Schedule: "every minute", NextRun: minute},
		{Name: DecisionCloser, Schedule: "at each decision's deadline", NextRun: closerNext},
		{Name: ForgottenTimer, Schedule: "every minute", NextRun: minute},
		{Name: DailyBackup, Schedule: "daily, " + tracker.FormatClock(BackupAt)},
		{Name: EndOfDay, Schedule: "working days, at the end of working hours, unless closed", NextRun: dayNext},
		{Name: WeeklyCheckIn, Schedule: "weekly, at the end of the last working day, unless checked in", NextRun: checkInNext},
	}
	retries, err := svc.JobRetries()
	if err != nil {
		return nil, err
	}
	for i := range infos {
		in := &infos[i]
		last, err := svc.LastRun(in.Name)
		switch {
		case err == nil:
			in.LastRun, in.LastOutcome, in.LastDetail = last.StartedAt, last.Outcome, last.Detail
		case !errors.Is(err, tracker.ErrNotFound):
			return nil, err
		}
		var next func(tracker.Config, time.Time) time.Time
		switch in.Name {
		case WeeklyReport:
			next = nextReport
		case DailyBackup:
			next = nextBackup
		default:
			continue
		}
		base := in.LastRun
		if base.IsZero() {
			base = started
		}
		if _, due := dueSlot(next, cfg, base, now); due {
			in.NextRun = now
		} else {
			in.NextRun = next(cfg, now)
		}
		for _, rt := range retries {
			if rt.Job == in.Name && (in.NextRun.IsZero() || rt.DueAt.Before(in.NextRun)) {
				in.NextRun = rt.DueAt
				if in.NextRun.Before(now) {
					in.NextRun = now
				}
				in.Schedule += fmt.Sprintf(" (try %d pending)", rt.Attempt)
			}
		}
	}
	if cfg.ReportSchedule.Off {
		infos[0].Schedule = "off"
	}
	return infos, nil
}

// tick runs every minute: the watchers, then a check that each slot job is scheduled for its due
// or next slot, which is what catches up after the machine slept through a timer.
func (r *Runner) tick() {
	now := r.clock.Now()
	cfg, err := r.svc.Config()
	if err != nil {
		r.fail(SLAWatcher, err)
		return
	}
	r.minuteJob(SLAWatcher, func() (int, error) { return r.watchSLA(cfg, now) })
	r.minuteJob(DecisionCloser, func() (int, error) { return r.closeDecisions(cfg, now) })
	r.minuteJob(ForgottenTimer, func() (int, error) { return r.checkForgotten(cfg, now) })
	r.rituals(cfg)
	for _, j := range r.slotJobs() {
		if err := r.scheduleSlot(j, cfg, now); err != nil {
			r.fail(j.name, err)
		}
	}
	if err := r.scheduleCloser(now); err != nil {
		r.fail(DecisionCloser, err)
	}
}

// minuteJob runs a watcher. Its runs are recorded in job_runs only when it notified something or
// failed, so that a job running 1440 times a day does not crowd out the history.
func (r *Runner) minuteJob(name string, fn func() (int, error)) {
	mu := r.jobMu[name]
	mu.Lock()
	defer mu.Unlock()
	start := r.clock.Now()
	n, err := fn()
	fin := r.clock.Now()
	run := tracker.JobRun{Job: name, StartedAt: start, FinishedAt: &fin, Outcome: tracker.JobOK}
	if err != nil {
		run.Outcome, run.Detail = tracker.JobError, err.Error()
	} else if n > 0 {
		run.Detail = fmt.Sprintf("notified %d", n)
	}
	r.mu.Lock()
	r.last[name] = run
	wasFailing := r.failing[name]
	r.failing[name] = err != nil
	r.mu.Unlock()
	if err != nil || n > 0 {
		if _, rerr := r.svc.RecordJobRun(run); rerr != nil && err == nil {
			err = rerr
		}
	}
	if err != nil && !wasFailing {
		r.notify(true, jobTitle(name)+" failed", err.Error())
	}
}

func (r *Runner) fail(job string, err error) {
	r.mu.Lock()
	wasFailing := r.failing[job]
	r.failing[job] = true
	r.mu.Unlock()
	now := r.clock.Now()
	_, _ = r.svc.RecordJobRun(tracker.JobRun{Job: job, StartedAt: now, FinishedAt: &now, Outcome: tracker.JobError, Detail: err.Error()})
	if !wasFailing {
		r.notify(true, jobTitle(job)+" failed", err.Error())
	}
}

// notify sends a notification if enabled; failures are always shown, since they must never be
// lost silently.
func (r *Runner) notify(enabled bool, title, body string) {
	if r.opts.Notify != nil && enabled {
		r.opts.Notify(title, body)
	}
}

func jobTitle(name string) string {
	switch name {
	case WeeklyReport:
		return "Weekly report"
	case SLAWatcher:
		return "Request watcher"
	case DecisionCloser:
		return "Decision closer"
	case ForgottenTimer:
		return "Forgotten-timer check"
	case DailyBackup:
		return "Daily backup"
	case EndOfDay:
		return "End-of-day prompt"
	case WeeklyCheckIn:
		return "Weekly check-in prompt"
	}
	return name
}
