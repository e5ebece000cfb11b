package tracker

import (
	"fmt"
	"strings"
)

// Job run outcomes.
const (
	JobOK    = "ok"
	JobError = "error"
)

// keepJobRuns is how many runs of each job are kept. The minute jobs would otherwise add
// more than a thousand rows a day; the history is for "what happened lately", not an audit.
const keepJobRuns = 200

// RecordJobRun stores one run of a scheduled job and trims that job's old runs. A zero
// StartedAt means now.
func (s *Service) RecordJobRun(r JobRun) (JobRun, error) {
	r.ID = 0
	r.Job = strings.TrimSpace(r.Job)
	if r.Job == "" {
		return JobRun{}, fmt.Errorf("record job run: %w", invalid("job", "must not be empty"))
	}
	switch r.Outcome {
	case JobOK, JobError:
	default:
		return JobRun{}, fmt.Errorf("record job run %s: %w", r.Job, invalid("outcome", "must be ok or error; got %q", r.Outcome))
	}
	if r.StartedAt.IsZero() {
		r.StartedAt = s.clock.Now()
	}
	r.StartedAt = utc(r.StartedAt)
	r.FinishedAt = utcPtr(r.FinishedAt)
	if len(r.Detail) > MaxNotes {
		r.Detail = r.Detail[:MaxNotes]
	}
	err := s.write(func(tx Tx) error {
		if err := tx.CreateJobRun(&r); err != nil {
			return err
		}
		return tx.TrimJobRuns(r.Job, keepJobRuns)
	})
	if err != nil {
		return JobRun{}, fmt.Errorf("record job run %s: %w", r.Job, err)
	}
	return r, nil
}

// JobRuns lists the runs of a job, newest first; an empty job lists every job's runs. A limit of
// zero or less means no limit.
func (s *Service) JobRuns(job string, limit int) ([]JobRun, error) {
	var rs []JobRun
	err := s.read(func(tx Tx) error {
		var err error
		rs, err = tx.ListJobRuns(job, limit)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list job runs: %w", err)
	}
	return rs, nil
}

// LastRun is a job's most recent run; ErrNotFound if it never ran.
func (s *Service) LastRun(job string) (JobRun, error) {
	var r JobRun
	err := s.read(func(tx Tx) error {
		var err error
		r, err = tx.LastJobRun(job)
		return err
	})
	if err != nil {
		return JobRun{}, err
	}
	return r, nil
}
