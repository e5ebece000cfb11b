package postgres

import (
	"context"
	"fmt"

	"shiplog/tracker"
)

// WeeklyTotal is one row of shiplog.weekly_totals: a member's figures for one ISO week in the
// member's own time zone. docs/team.md defines each figure.
type WeeklyTotal struct {
	Member    string
	Week      string       // 2026-W47
	WeekStart tracker.Date // the member's local Monday
	TimeZone  string
	Seconds
}

// WeeklyTotals reads the weekly figures of the weeks that start in [from, to), ordered by member
// and week. A manager reads every member's; a member only their own: the server decides.
func (r *Remote) WeeklyTotals(ctx context.Context, from, to tracker.Date) ([]WeeklyTotal, error) {
	var rows []WeeklyTotal
	err := r.db.WithContext(ctx).Raw(`SELECT member, week, week_start::text AS week_start, time_zone, deep_seconds,
		shallow_seconds, async_seconds, meeting_seconds, qualifying_deep_seconds, short_focus_seconds, no_goal_seconds, blocks
		FROM shiplog.weekly_totals WHERE week_start >= ?::date AND week_start < ?::date ORDER BY member, week_start`,
		string(from), string(to)).Scan(&rows).Error
	if err != nil {
		return nil, translate(fmt.Sprintf("read weekly totals from %s to %s", from, to), err)
	}
	return rows, nil
}
