package postgres

import (
	"context"
	"fmt"
)

// CheckInMedian is the team's check-in of one ISO week, from shiplog.check_in_medians: how many
// members answered it and, only when at least tracker.MinCheckInsForMedian did, the medians of
// their satisfaction and balance. The server enforces the threshold: with fewer answers it sends
// no medians at all, so no login can read a member's own numbers through it.
type CheckInMedian struct {
	Week     string
	Answered int
	// Satisfaction and Balance are nil for a week with too few answers.
	Satisfaction, Balance *float64
}

// CheckInMedians reads the team's check-ins of the ISO weeks from fromWeek to toWeek ("2026-W48"),
// both included, by week; a week that nobody answered is absent. Every member may read them.
func (r *Remote) CheckInMedians(ctx context.Context, fromWeek, toWeek string) ([]CheckInMedian, error) {
	var rows []CheckInMedian
	err := r.db.WithContext(ctx).Raw(`SELECT week, answered, satisfaction, balance
		FROM shiplog.check_in_medians(?, ?) ORDER BY week`, fromWeek, toWeek).Scan(&rows).Error
	if err != nil {
		return nil, translate(fmt.Sprintf("read the team's check-ins from %s to %s", fromWeek, toWeek), err)
	}
	return rows, nil
}
