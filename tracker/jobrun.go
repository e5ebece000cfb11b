package tracker

import (
	"fmt"
	"strings"
	"time"
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
	return s.recordJobRun(r, nil)
}

// recordJobRun checks and stores r, and runs also, if not nil, in the same transaction.
func (s *Service) recordJobRun(r JobRun, also func(Tx) error) (JobRun, error) {
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
	r.StartedAt = UTC(r.StartedAt)
	r.FinishedAt = UTCPtr(r.FinishedAt)
	if len(r.Detail) > MaxNotes {
		r.Detail = r.Detail[:MaxNotes]
	}
	err := s.write(func(tx Tx) error {
		if err := tx.CreateJobRun(&r); err != nil {
			return err
		}
		if also != nil {
			if err := also(tx); err != nil {
				return err
			}
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

// JobRetry is the next try of a scheduled job whose run failed. It is kept in the record, not in
// memory, so that a restart inside the retry window resumes the tries instead of losing them.
type JobRetry struct {
	Job string `json:"job"`
	// Slot is the scheduled moment that the tries are for, such as the weekly report's Friday 16:00.
	Slot time.Time `json:"slot"`
	// Attempt is the number of the next try: 2 for the first retry.
	Attempt int       `json:"attempt"`
	DueAt   time.Time `json:"due_at"`
}

// RecordJobAttempt stores one try of a scheduled job, as RecordJobRun does, and in the same
// transaction sets the job's next try to next, or clears it when next is nil: a try that failed
// is never recorded without its retry, nor a retry kept after the try that succeeded.
func (s *Service) RecordJobAttempt(r JobRun, next *JobRetry) (JobRun, error) {
	if next != nil {
		if next.Job != strings.TrimSpace(r.Job) || next.Attempt < 2 || next.Slot.IsZero() || next.DueAt.IsZero() {
			return JobRun{}, fmt.Errorf("record job run %s: %w", r.Job, invalid("retry", "must name the same job, a slot, a due time and an attempt of 2 or more"))
		}
		n := *next
		n.Slot, n.DueAt = UTC(n.Slot), UTC(n.DueAt)
		next = &n
	}
	return s.recordJobRun(r, func(tx Tx) error {
		if next == nil {
			return tx.DeleteJobRetry(strings.TrimSpace(r.Job))
		}
		return tx.PutJobRetry(*next)
	})
}

// JobRetries lists the pending retries of every job, the soonest first.
func (s *Service) JobRetries() ([]JobRetry, error) {
	var rs []JobRetry
	err := s.read(func(tx Tx) error {
		var err error
		rs, err = tx.ListJobRetries()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list job retries: %w", err)
	}
	return rs, nil
}

// JobRetryOf is the job's pending retry; ErrNotFound when none is pending.
func (s *Service) JobRetryOf(job string) (JobRetry, error) {
	rs, err := s.JobRetries()
	if err != nil {
		return JobRetry{}, err
	}
	for _, r := range rs {
		if r.Job == job {
			return r, nil
		}
	}
	return JobRetry{}, &NotFoundError{What: fmt.Sprintf("retry of job %q", job)}
}
