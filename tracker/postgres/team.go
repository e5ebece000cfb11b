package postgres

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"shiplog/tracker"
)

// The reads of a manager's live team report. Each returns what the server lets the login see:
// the team's results (profiles, projects, deliverables, decisions and objections) for every
// member, and, through period_totals and request_times, each member's time figures and request
// times, which the server shows a member for themself and a manager for everyone. Never a block.

// PeriodTotal is one member's time figures for a period, from shiplog.period_totals: the time of
// each kind inside the period in the member's own zone, and the qualifying deep work, the short
// focus and the deep work without a goal by the personal report's definitions.
type PeriodTotal struct {
	Member   string
	TimeZone string
	Seconds
}

// Seconds are a member's time figures over a period or a week: the time of each kind, the
// qualifying deep work, the short focus and the deep work without a goal, and the blocks counted.
type Seconds struct {
	DeepSeconds           int64
	ShallowSeconds        int64
	AsyncSeconds          int64
	MeetingSeconds        int64
	QualifyingDeepSeconds int64
	ShortFocusSeconds     int64
	NoGoalSeconds         int64
	Blocks                int64
}

// PeriodTotals reads each member's figures for the local dates [from, to), each member's dates
// read in their own time zone. A manager reads every member's; a member only their own.
func (r *Remote) PeriodTotals(ctx context.Context, from, to tracker.Date) ([]PeriodTotal, error) {
	var rows []PeriodTotal
	err := r.db.WithContext(ctx).Raw(`SELECT member, time_zone, deep_seconds, shallow_seconds, async_seconds,
		meeting_seconds, qualifying_deep_seconds, short_focus_seconds, no_goal_seconds, blocks
		FROM shiplog.period_totals(?::date, ?::date) ORDER BY member`, string(from), string(to)).Scan(&rows).Error
	if err != nil {
		return nil, translate(fmt.Sprintf("read period totals from %s to %s", from, to), err)
	}
	return rows, nil
}

// RequestTime is when a request arrived, was due and was first answered, and who is to answer it
// (the receiver), from shiplog.request_times; it holds nothing of the request's content.
type RequestTime struct {
	UID        uuid.UUID
	Receiver   string
	Priority   string
	ReceivedAt time.Time
	DueAt      *time.Time
	AnsweredAt *time.Time
}

// RequestTimes reads the requests received before before. A manager reads every member's; a
// member the ones they received.
func (r *Remote) RequestTimes(ctx context.Context, before time.Time) ([]RequestTime, error) {
	var rows []struct {
		UID        string
		Receiver   string
		Priority   string
		ReceivedAt time.Time
		DueAt      *time.Time
		AnsweredAt *time.Time
	}
	err := r.db.WithContext(ctx).Raw(`SELECT uid::text AS uid, receiver, priority, received_at, due_at, answered_at
		FROM shiplog.request_times WHERE received_at < ? ORDER BY receiver, received_at, uid`, before.UTC()).Scan(&rows).Error
	if err != nil {
		return nil, translate("read request times", err)
	}
	out := make([]RequestTime, len(rows))
	for i, row := range rows {
		u, err := uuid.Parse(row.UID)
		if err != nil {
			return nil, fmt.Errorf("read request times: %w", err)
		}
		out[i] = RequestTime{UID: u, Receiver: row.Receiver, Priority: row.Priority, ReceivedAt: row.ReceivedAt.UTC(),
			DueAt: tracker.UTCPtr(row.DueAt), AnsweredAt: tracker.UTCPtr(row.AnsweredAt)}
	}
	return out, nil
}

// TeamRows reads the live rows of a table the team reads (members, projects, milestones,
// deliverables, decisions, objections, handoffs), every member's, the login's own included, as
// changes whose Data holds the content columns. where, when not empty, is a further SQL condition
// on the table's columns with ? placeholders for args.
func (r *Remote) TeamRows(ctx context.Context, table Table, where string, args ...any) ([]Change, error) {
	switch table {
	case Members, Projects, Milestones, Deliverables, Decisions, Objections, Handoffs:
	default:
		return nil, &tracker.FieldError{Field: "table", Reason: fmt.Sprintf("%q is not a table the team reads", table)}
	}
	uid, cond, drop := "uid::text", "NOT t.deleted", "'{uid,member,rev,deleted,xid,updated_at}'::text[]"
	if table == Members {
		uid, cond, drop = "NULL::text", "true", "'{member,rev,xid,updated_at}'::text[]"
	}
	if strings.TrimSpace(where) != "" {
		cond += " AND (" + where + ")"
	}
	var rows []struct {
		UID    *string
		Member string
		Rev    int64
		Data   string
	}
	q := fmt.Sprintf(`SELECT %s AS uid, t.member, t.rev, (to_jsonb(t) - %s)::text AS data FROM shiplog.%s t
		WHERE %s ORDER BY t.member, t.xid`, uid, drop, table, cond)
	if err := r.db.WithContext(ctx).Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, translate("read "+string(table), err)
	}
	out := make([]Change, len(rows))
	for i, row := range rows {
		c := Change{Table: table, Member: row.Member, Rev: row.Rev, Data: json.RawMessage(row.Data)}
		if row.UID != nil {
			u, err := uuid.Parse(*row.UID)
			if err != nil {
				return nil, fmt.Errorf("read %s: %w", table, err)
			}
			c.UID = u
		}
		out[i] = c
	}
	return out, nil
}

// Profiles reads every member's profile that the server holds, by member.
func (r *Remote) Profiles(ctx context.Context) ([]Profile, error) {
	rows, err := r.TeamRows(ctx, Members, "")
	if err != nil {
		return nil, err
	}
	out := make([]Profile, 0, len(rows))
	for _, c := range rows {
		p, err := c.Profile()
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// OwnUIDs lists the ids of the login's own live rows of a table, for a sync that makes the server
// match the member's record again (after a restore of an older backup): the rows the record no
// longer has are then deleted by tombstones.
func (r *Remote) OwnUIDs(ctx context.Context, table Table) ([]uuid.UUID, error) {
	if !known(table) || table == Members {
		return nil, &tracker.FieldError{Field: "table", Reason: fmt.Sprintf("%q is not a table of rows with ids", table)}
	}
	var ids []string
	err := r.db.WithContext(ctx).Raw(fmt.Sprintf("SELECT uid::text FROM shiplog.%s WHERE member = session_user AND NOT deleted", table)).
		Scan(&ids).Error
	if err != nil {
		return nil, translate("read "+string(table), err)
	}
	out := make([]uuid.UUID, len(ids))
	for i, s := range ids {
		if out[i], err = uuid.Parse(s); err != nil {
			return nil, fmt.Errorf("read %s: %w", table, err)
		}
	}
	return out, nil
}
