package sqlite_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestJobRunStore(t *testing.T) {
	st, _ := mustStore(t)
	write(t, st, func(tx tracker.Tx) error {
		for i := range 5 {
			for _, job := range []string{"a", "b"} {
				r := tracker.JobRun{Job: job, StartedAt: t0.Add(time.Duration(i) * time.Minute), Outcome: tracker.JobOK}
				if err := tx.CreateJobRun(&r); err != nil {
					return err
				}
			}
		}
		return tx.TrimJobRuns("a", 2)
	})
	err := st.Read(func(tx tracker.Tx) error {
		t.Run("trimming keeps the newest runs of that job only", func(t *testing.T) {
			a, _ := tx.ListJobRuns("a", 0)
			b, _ := tx.ListJobRuns("b", 0)
			if len(a) != 2 || !a[0].StartedAt.Equal(t0.Add(4*time.Minute)) || !a[1].StartedAt.Equal(t0.Add(3*time.Minute)) || len(b) != 5 {
				t.Errorf("a %+v; b has %d runs", a, len(b))
			}
		})
		t.Run("all jobs list newest first, up to the limit", func(t *testing.T) {
			rs, _ := tx.ListJobRuns("", 3)
			if len(rs) != 3 || !rs[0].StartedAt.Equal(t0.Add(4*time.Minute)) || rs[0].Job != "b" || rs[1].Job != "a" {
				t.Errorf("got %+v", rs)
			}
		})
		t.Run("the last run is the newest, and a job that never ran has none", func(t *testing.T) {
			if r, err := tx.LastJobRun("b"); err != nil || !r.StartedAt.Equal(t0.Add(4*time.Minute)) {
				t.Errorf("got %+v, %v", r, err)
			}
			if _, err := tx.LastJobRun("c"); !errors.Is(err, tracker.ErrNotFound) {
				t.Errorf("err = %v, want ErrNotFound", err)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
