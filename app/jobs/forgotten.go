package jobs

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"shiplog/tracker"
)

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
		Outcome: tracker.JobOK, Detail: fmt.Sprintf("%s%d running since %s", forgottenPrefix, b.ID, tracker.When(b.Start, cfg.Location()))})
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
