package jobs

import (
	"fmt"
	"time"

	"shiplog/tracker"
)

// BackupAt is the local time of the daily backup. A machine that is off then backs up when it wakes.
const BackupAt = 3 * time.Hour

// nextBackup is the first BackupAt in the configured zone after after.
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

// dailyBackup takes the day's backup and rotates out old ones; the detail names the file and
// counts the rotated ones.
func (r *Runner) dailyBackup(_ tracker.Config, _ time.Time) (string, error) {
	path, removed, err := r.svc.DailyBackup()
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("wrote %s; rotated out %d", path, len(removed)), nil
}
