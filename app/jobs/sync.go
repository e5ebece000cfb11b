package jobs

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/go-co-op/gocron/v2"

	"shiplog/tracker"
	"shiplog/tracker/postgres"
)

// TeamSync is the job that pushes the outbox to the team server and pulls teammates' changes.
const TeamSync = "team-sync"

// syncEvery is how often the team sync runs: a change reaches the team within a minute, and a
// teammate's request within a minute of their sync. A sync with nothing to do costs one query.
const syncEvery = time.Minute

// syncTimeout bounds one sync, so that a server that stops answering mid-push cannot hold the
// job for ever; the outbox keeps what was not pushed.
const syncTimeout = 10 * time.Minute

// scheduleSync runs the team sync at start and then a minute after each run ends, when the
// options have a Sync. It runs on its own gocron job, so that a slow server never delays the
// minute tick's watchers.
func (r *Runner) scheduleSync() error {
	if r.opts.Sync == nil {
		return nil
	}
	r.jobMu[TeamSync] = &sync.Mutex{}
	_, err := r.sched.NewJob(gocron.DurationJob(syncEvery), gocron.NewTask(r.syncTeam),
		gocron.WithName(TeamSync), gocron.WithStartAt(gocron.WithStartImmediately()), gocron.WithIntervalFromCompletion())
	if err != nil {
		return fmt.Errorf("jobs: schedule %s: %w", TeamSync, err)
	}
	return nil
}

// syncTeam runs one sync. Without a team login it does nothing: the outbox simply fills until the
// user joins. A server that cannot be reached is the normal state of a laptop offline: it is
// recorded once, when it starts, and never notified. Any other failure (the server refused a
// change, a newer schema) is recorded and notified once, until a sync succeeds again.
func (r *Runner) syncTeam() {
	mu := r.jobMu[TeamSync]
	mu.Lock()
	defer mu.Unlock()
	ctx, cancel := context.WithTimeout(context.Background(), syncTimeout)
	defer cancel()
	start := r.clock.Now()
	err := r.opts.Sync(ctx)
	if errors.Is(err, tracker.ErrNotFound) {
		return
	}
	fin := r.clock.Now()
	run := tracker.JobRun{Job: TeamSync, StartedAt: start, FinishedAt: &fin, Outcome: tracker.JobOK}
	if err != nil {
		run.Outcome, run.Detail = tracker.JobError, err.Error()
	}
	r.mu.Lock()
	r.last[TeamSync] = run
	wasFailing := r.failing[TeamSync]
	r.failing[TeamSync] = err != nil
	r.mu.Unlock()
	if err == nil || wasFailing {
		return
	}
	_, _ = r.svc.RecordJobRun(run)
	if !errors.Is(err, postgres.ErrUnreachable) {
		r.notify(true, "Team sync failed", err.Error())
	}
}

// SyncInfo is team-sync's line in `shiplog jobs`, for a database joined to a team: the sync runs
// a minute after the last one ends. lastSync is when a sync last completed (the local store keeps
// it); a failure recorded after it is the last outcome, since a sync that succeeds is not
// recorded as a job run (one a minute would bury the others).
func SyncInfo(svc *tracker.Service, now, lastSync time.Time) (JobInfo, error) {
	in := JobInfo{Name: TeamSync, Schedule: "every minute, in team mode", NextRun: now.Truncate(time.Minute).Add(syncEvery)}
	if !lastSync.IsZero() {
		in.LastRun, in.LastOutcome = lastSync, tracker.JobOK
	}
	failed, err := svc.LastRun(TeamSync)
	switch {
	case err == nil && failed.StartedAt.After(lastSync):
		in.LastRun, in.LastOutcome, in.LastDetail = failed.StartedAt, failed.Outcome, failed.Detail
	case err != nil && !errors.Is(err, tracker.ErrNotFound):
		return JobInfo{}, err
	}
	return in, nil
}
