package sqlite

import (
	"fmt"
	"time"

	"shiplog/tracker"
)

// jobRunRow is a row of the job_runs table.
type jobRunRow struct {
	ID         uint `gorm:"primaryKey"`
	Job        string
	StartedAt  time.Time
	FinishedAt *time.Time
	Outcome    string
	Detail     string
}

func (jobRunRow) TableName() string { return "job_runs" }

func (r jobRunRow) jobRun() tracker.JobRun {
	return tracker.JobRun{ID: r.ID, Job: r.Job, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, Outcome: r.Outcome, Detail: r.Detail}
}

func (t *tx) CreateJobRun(r *tracker.JobRun) error {
	row := jobRunRow{ID: r.ID, Job: r.Job, StartedAt: r.StartedAt, FinishedAt: r.FinishedAt, Outcome: r.Outcome, Detail: r.Detail}
	if err := t.db.Create(&row).Error; err != nil {
		return err
	}
	r.ID = row.ID
	return nil
}

func (t *tx) TrimJobRuns(job string, keep int) error {
	return t.db.Exec(`DELETE FROM job_runs WHERE job = ? AND id NOT IN
		(SELECT id FROM job_runs WHERE job = ? ORDER BY started_at DESC, id DESC LIMIT ?)`, job, job, keep).Error
}

func (t *tx) ListJobRuns(job string, limit int) ([]tracker.JobRun, error) {
	q := t.db.Model(&jobRunRow{})
	if job != "" {
		q = q.Where("job = ?", job)
	}
	if limit > 0 {
		q = q.Limit(limit)
	}
	var rows []jobRunRow
	if err := q.Order("started_at DESC, id DESC").Find(&rows).Error; err != nil {
		return nil, err
	}
	rs := make([]tracker.JobRun, len(rows))
	for i, r := range rows {
		rs[i] = r.jobRun()
	}
	return rs, nil
}

func (t *tx) LastJobRun(job string) (tracker.JobRun, error) {
	var r jobRunRow
	if err := t.db.Where("job = ?", job).Order("started_at DESC, id DESC").Take(&r).Error; err != nil {
		return tracker.JobRun{}, notFound(err, fmt.Sprintf("run of job %q", job))
	}
	return r.jobRun(), nil
}

// jobRetryRow is a row of the job_retries table.
type jobRetryRow struct {
	Job     string `gorm:"primaryKey"`
	Slot    time.Time
	Attempt int
	DueAt   time.Time
}

func (jobRetryRow) TableName() string { return "job_retries" }

func (t *tx) ListJobRetries() ([]tracker.JobRetry, error) {
	var rows []jobRetryRow
	if err := t.db.Order("due_at, job").Find(&rows).Error; err != nil {
		return nil, err
	}
	rs := make([]tracker.JobRetry, len(rows))
	for i, r := range rows {
		rs[i] = tracker.JobRetry{Job: r.Job, Slot: r.Slot, Attempt: r.Attempt, DueAt: r.DueAt}
	}
	return rs, nil
}

func (t *tx) PutJobRetry(r tracker.JobRetry) error {
	return t.db.Exec(`INSERT INTO job_retries (job, slot, attempt, due_at) VALUES (?, ?, ?, ?)
		ON CONFLICT (job) DO UPDATE SET slot = excluded.slot, attempt = excluded.attempt, due_at = excluded.due_at`,
		r.Job, tracker.UTC(r.Slot), r.Attempt, tracker.UTC(r.DueAt)).Error
}

func (t *tx) DeleteJobRetry(job string) error {
	return t.db.Exec("DELETE FROM job_retries WHERE job = ?", job).Error
}
