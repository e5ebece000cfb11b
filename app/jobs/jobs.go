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
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"
	"github.com/google/uuid"
	"github.com/jonboulle/clockwork"

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
var Names = []string{WeeklyReport, SLAWatcher, DecisionCloser, ForgottenTimer, DailyBackup}

// BackupAt is the local time of the daily backup. A machine that is off then backs up when it wakes.
const BackupAt = 3 * time.Hour

// DefaultRetryDelays is the backoff after a failed weekly report: three more tries over 21 minutes.
var DefaultRetryDelays = []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute}

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

// Start schedules the jobs and starts the scheduler. Jobs whose time passed while Shiplog was not
// running are due at once and run once.
func (r *Runner) Start() error {
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
	r.sched.Start()
	return nil
}

// Stop stops the scheduler, waiting for running jobs to finish.
func (r *Runner) Stop() error {
	return r.sched.Shutdown()
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
	infos := []JobInfo{
		{Name: WeeklyReport, Schedule: "weekly, " + cfg.ReportSchedule.Text},
		{Name: SLAWatcher, Schedule: "every minute", NextRun: minute},
		{Name: DecisionCloser, Schedule: "at each decision's deadline", NextRun: closerNext},
		{Name: ForgottenTimer, Schedule: "every minute", NextRun: minute},
		{Name: DailyBackup, Schedule: "daily, " + tracker.FormatClock(BackupAt)},
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
	}
	if cfg.ReportSchedule.Off {
		infos[0].Schedule = "off"
	}
	return infos, nil
}

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

func nextReport(cfg tracker.Config, after time.Time) time.Time {
	if cfg.ReportSchedule.Off {
		return time.Time{}
	}
	return cfg.ReportSchedule.Next(after, cfg.Location())
}

func nextBackup(cfg tracker.Config, after time.Time) time.Time {
	l := after.In(cfg.Location())
	for i := 0; i < 3; i++ {
		d := l.AddDate(0, 0, i)
		at := time.Date(d.Year(), d.Month(), d.Day(), int(BackupAt/time.Hour), int(BackupAt%time.Hour/time.Minute), 0, 0, l.Location())
		if at.After(after) {
			return at
		}
	}
	return time.Time{}
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
			r.attempt(j, cfg, slot, 1)
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

// attempt runs one try of a slot and records it; a failure of a retrying job schedules the next try.
func (r *Runner) attempt(j *slotJob, cfg tracker.Config, slot time.Time, n int) {
	start := r.clock.Now()
	detail, err := j.run(cfg, slot)
	fin := r.clock.Now()
	run := tracker.JobRun{Job: j.name, StartedAt: start, FinishedAt: &fin, Outcome: tracker.JobOK, Detail: detail}
	tries := 1
	if j.retry {
		tries = len(r.opts.RetryDelays) + 1
	}
	if err != nil {
		run.Outcome = tracker.JobError
		run.Detail = err.Error()
		if tries > 1 {
			run.Detail = fmt.Sprintf("attempt %d of %d: %v", n, tries, err)
		}
	}
	if _, rerr := r.svc.RecordJobRun(run); rerr != nil {
		r.notify(true, "Shiplog could not record a job run", rerr.Error())
	}
	r.mu.Lock()
	delete(r.retryAt, j.name)
	r.mu.Unlock()
	if err == nil {
		return
	}
	title := jobTitle(j.name) + " failed"
	if n < tries {
		delay := r.opts.RetryDelays[n-1]
		at := fin.Add(delay)
		if n == 1 {
			r.notify(true, title, fmt.Sprintf("%v. Shiplog retries in %s.", err, shortDur(delay)))
		}
		_, serr := r.sched.NewJob(gocron.OneTimeJob(gocron.OneTimeJobStartDateTime(at)), gocron.NewTask(func() {
			mu := r.jobMu[j.name]
			mu.Lock()
			defer mu.Unlock()
			r.attempt(j, cfg, slot, n+1)
		}), gocron.WithName(j.name+" retry"))
		if serr == nil {
			r.mu.Lock()
			r.retryAt[j.name] = at
			r.mu.Unlock()
			return
		}
		err = fmt.Errorf("%w; and the retry could not be scheduled: %v", err, serr)
	}
	r.notify(true, title, fmt.Sprintf("%v. It is recorded in `shiplog jobs`.", err))
}

// weeklyReport writes the PDF of the slot's ISO week into report.dir and mails it if mail is set up.
func (r *Runner) weeklyReport(cfg tracker.Config, slot time.Time) (string, error) {
	p := reports.WeekOf(slot, cfg.Location())
	week := p.String()
	path, err := r.opts.WriteReport(p, cfg.ReportDir)
	if err != nil {
		return "", fmt.Errorf("write the %s report: %w", week, err)
	}
	detail := "wrote " + path
	if len(cfg.ReportTo) == 0 || !cfg.SMTP.Enabled() {
		return detail, nil
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read the %s report: %w", week, err)
	}
	title := cfg.ReportTitle
	if title == "" {
		title = "Weekly results"
	}
	subject := fmt.Sprintf("%s %s", title, week)
	if cfg.Author != "" {
		subject += " (" + cfg.Author + ")"
	}
	m := Mail{
		To:      cfg.ReportTo,
		Subject: subject,
		Body: fmt.Sprintf("The Shiplog report for %s (%s to %s) is attached.\n", week,
			p.From.Format("Mon 2 Jan"), p.To.AddDate(0, 0, -1).Format("Mon 2 Jan 2006")),
		Date:        r.clock.Now(),
		Attachments: []Attachment{{Name: filepath.Base(path), Data: data}},
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	if err := r.opts.Mailer.Send(ctx, cfg.SMTP, m); err != nil {
		return "", fmt.Errorf("the %s report was written to %s but not mailed: %w", week, path, err)
	}
	return detail + " and mailed it to " + strings.Join(cfg.ReportTo, ", "), nil
}

func (r *Runner) dailyBackup(_ tracker.Config, _ time.Time) (string, error) {
	path, removed, err := r.svc.DailyBackup()
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("wrote %s; rotated out %d", path, len(removed)), nil
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

// forgottenPrefix starts the detail of a forgotten-timer run that notified, so that a restart
// does not notify again for the same block.
const forgottenPrefix = "block "

// checkForgotten notifies once per block that has been running longer than timer.forgotten.
func (r *Runner) checkForgotten(cfg tracker.Config, now time.Time) (int, error) {
	b, err := r.svc.Running()
	if errors.Is(err, tracker.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if b.Duration(now) <= cfg.ForgottenAfter {
		return 0, nil
	}
	r.mu.Lock()
	done := r.forgotten[b.ID]
	r.forgotten[b.ID] = true
	r.mu.Unlock()
	if done {
		return 0, nil
	}
	d := b.Duration(now).Round(time.Minute)
	r.notify(cfg.Notify, "Timer still running", fmt.Sprintf("%s on %s has run for %d:%02d. Forgot to stop it?",
		b.Kind.Label(), b.Project, int(d.Hours()), int(d.Minutes())%60))
	_, err = r.svc.RecordJobRun(tracker.JobRun{Job: ForgottenTimer, StartedAt: now, FinishedAt: &now,
		Outcome: tracker.JobOK, Detail: fmt.Sprintf("%s%d running since %s", forgottenPrefix, b.ID, b.Start.UTC().Format(time.RFC3339))})
	// The notification went out; report a failed record without notifying again.
	return 0, err
}

func (r *Runner) loadForgotten() error {
	runs, err := r.svc.JobRuns(ForgottenTimer, 0)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, run := range runs {
		rest, ok := strings.CutPrefix(run.Detail, forgottenPrefix)
		if !ok {
			continue
		}
		idText, _, _ := strings.Cut(rest, " ")
		if id, err := strconv.ParseUint(idText, 10, 64); err == nil {
			r.forgotten[uint(id)] = true
		}
	}
	return nil
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
	}
	return name
}

func shortDur(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	return strings.TrimSuffix(s, "0m")
}
