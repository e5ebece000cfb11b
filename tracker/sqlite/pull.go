package sqlite

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"shiplog/tracker"
	"shiplog/tracker/postgres"
)

// Teammates' rows. A pull stores every row it brings in team_rows, as the server sent it, at the
// highest revision seen. The rows the user works with are then copied into the record's own
// tables with the teammate's login as their author and a local id, so that `request reply 12`
// and `decision object 5` name them as everything else is named:
//   - a request addressed to the user: a received request, from the teammate;
//   - a reply to a request the user sent: the answer that sets the request's state;
//   - a team decision, and the objections to the decisions the record holds;
//   - a handoff note.
//
// Their content is the author's; what the user adds (a reply, a notification mark) lives in
// columns the copy never writes. The triggers leave rows with an author alone, so nothing pulled
// is pushed back.

// Apply stores teammates' rows from a pull and the new cursor, in one transaction, so that a
// crash between the two neither loses rows nor applies them twice. A row replaces the stored one
// only at a higher revision.
func (l *Local) Apply(ctx context.Context, pulled []postgres.Change, next postgres.Cursor) error {
	return l.write(func(db *gorm.DB) error {
		db = db.WithContext(ctx)
		now := tracker.UTC(l.st.clock.Now())
		for _, c := range pulled {
			if c.Member == "" {
				return fmt.Errorf("pulled %s %s without its author", c.Table, c.UID)
			}
			key := c.UID.String()
			if c.Table == postgres.Members {
				key = c.Member
			}
			var data any
			if !c.Deleted {
				data = string(c.Data)
			}
			res := db.Exec(`INSERT INTO team_rows (tbl, uid, member, rev, deleted, data) VALUES (?, ?, ?, ?, ?, ?)
				ON CONFLICT (tbl, uid) DO UPDATE SET member = excluded.member, rev = excluded.rev, deleted = excluded.deleted,
				data = excluded.data WHERE excluded.rev > team_rows.rev`, string(c.Table), key, c.Member, c.Rev, c.Deleted, data)
			if res.Error != nil {
				return fmt.Errorf("store pulled %s %s: %w", c.Table, key, res.Error)
			}
			if res.RowsAffected == 0 {
				continue // an older or the same revision: already applied
			}
			if err := materialize(db, c, now); err != nil {
				return fmt.Errorf("store pulled %s %s of %s: %w", c.Table, key, c.Member, err)
			}
		}
		return putState(db, stateCursor, strconv.FormatUint(uint64(next), 10))
	})
}

// materialize copies one pulled row into the record's own tables, or removes its copy. A row whose
// content cannot be read as its table's (a server newer than this Shiplog could send one) stays in
// team_rows only: refusing it would stop every later pull at it.
func materialize(db *gorm.DB, c postgres.Change, now time.Time) error {
	uid := c.UID.String()
	switch c.Table {
	case postgres.Requests:
		return materializeRequest(db, c, uid, now)
	case postgres.Replies:
		return materializeReply(db, c, uid)
	case postgres.Decisions:
		return materializeDecision(db, c, uid, now)
	case postgres.Objections:
		return materializeObjection(db, c, uid)
	case postgres.Handoffs:
		return materializeHandoff(db, c, uid)
	}
	return nil
}

func materializeRequest(db *gorm.DB, c postgres.Change, uid string, now time.Time) error {
	var r postgres.Request
	if !c.Deleted {
		if json.Unmarshal(c.Data, &r) != nil {
			return nil
		}
	}
	// The server shows the user only their own requests and those addressed to them.
	if c.Deleted || r.ToMember == nil {
		return db.Exec("DELETE FROM requests WHERE uid = ? AND author <> ''", uid).Error
	}
	res := db.Exec(`UPDATE requests SET rev = ?, from_who = ?, subject = ?, channel = ?, priority = ?, received_at = ?,
		due_at = ?, notes = ?, updated_at = ? WHERE uid = ? AND author <> ''`,
		c.Rev, c.Member, r.Subject, r.Channel, r.Priority, tracker.UTC(r.ReceivedAt), tracker.UTCPtr(r.DueAt), r.Notes, now, uid)
	if res.Error != nil || res.RowsAffected > 0 {
		return res.Error
	}
	return db.Exec(`INSERT INTO requests (uid, rev, author, from_who, subject, channel, priority, received_at, due_at, notes,
		created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		uid, c.Rev, c.Member, c.Member, r.Subject, r.Channel, r.Priority, tracker.UTC(r.ReceivedAt), tracker.UTCPtr(r.DueAt), r.Notes, now, now).Error
}

func materializeReply(db *gorm.DB, c postgres.Change, uid string) error {
	var p postgres.Reply
	if !c.Deleted {
		if json.Unmarshal(c.Data, &p) != nil {
			return nil
		}
	}
	if c.Deleted {
		return db.Exec("DELETE FROM replies WHERE uid = ? AND author <> ''", uid).Error
	}
	// Only an answer to a request the user sent has a place here; the request may be gone.
	requestID, err := localID(db, "SELECT id FROM requests WHERE uid = ? AND to_member <> ''", p.RequestUID)
	if err != nil || requestID == 0 {
		return err
	}
	res := db.Exec(`UPDATE replies SET rev = ?, request_id = ?, at = ?, body = ?, minutes_spent = ? WHERE uid = ? AND author <> ''`,
		c.Rev, requestID, tracker.UTC(p.At), p.Body, p.MinutesSpent, uid)
	if res.Error != nil || res.RowsAffected > 0 {
		return res.Error
	}
	return db.Exec(`INSERT INTO replies (uid, rev, author, request_id, at, body, minutes_spent) VALUES (?, ?, ?, ?, ?, ?, ?)`,
		uid, c.Rev, c.Member, requestID, tracker.UTC(p.At), p.Body, p.MinutesSpent).Error
}

func materializeDecision(db *gorm.DB, c postgres.Change, uid string, now time.Time) error {
	var d postgres.Decision
	if !c.Deleted {
		if json.Unmarshal(c.Data, &d) != nil {
			return nil
		}
	}
	// A teammate's own decisions are theirs; only team decisions are the user's to see.
	if c.Deleted || !d.Team {
		return db.Exec("DELETE FROM decisions WHERE uid = ? AND author <> ''", uid).Error
	}
	closed := ""
	if d.ClosedState != nil {
		closed = *d.ClosedState
	}
	res := db.Exec(`UPDATE decisions SET rev = ?, title = ?, context = ?, team = 1, proposed_at = ?, deadline = ?,
		closed_state = ?, outcome = ?, closed_at = ?, updated_at = ? WHERE uid = ? AND author <> ''`,
		c.Rev, d.Title, d.Context, tracker.UTC(d.ProposedAt), tracker.UTC(d.Deadline), closed, d.Outcome, tracker.UTCPtr(d.ClosedAt), now, uid)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		err := db.Exec(`INSERT INTO decisions (uid, rev, author, team, title, context, proposed_at, deadline, closed_state,
			outcome, closed_at, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			uid, c.Rev, c.Member, d.Title, d.Context, tracker.UTC(d.ProposedAt), tracker.UTC(d.Deadline), closed, d.Outcome,
			tracker.UTCPtr(d.ClosedAt), now, now).Error
		if err != nil {
			return err
		}
	}
	// Objections can arrive before the decision they answer (a decision made a team decision
	// after the objection was pulled); those waiting in team_rows are copied now.
	var waiting []struct {
		UID    string `gorm:"column:uid"`
		Member string
		Rev    int64
		Data   string
	}
	err := db.Raw(`SELECT uid, member, rev, data FROM team_rows WHERE tbl = 'objections' AND NOT deleted
		AND json_extract(data, '$.decision_uid') = ?`, uid).Scan(&waiting).Error
	if err != nil {
		return err
	}
	for _, w := range waiting {
		u, err := uuid.Parse(w.UID)
		if err != nil {
			return err
		}
		o := postgres.Change{Table: postgres.Objections, UID: u, Member: w.Member, Rev: w.Rev, Data: json.RawMessage(w.Data)}
		if err := materializeObjection(db, o, w.UID); err != nil {
			return err
		}
	}
	return nil
}

func materializeObjection(db *gorm.DB, c postgres.Change, uid string) error {
	var o postgres.Objection
	if !c.Deleted {
		if json.Unmarshal(c.Data, &o) != nil {
			return nil
		}
	}
	if c.Deleted {
		return db.Exec("DELETE FROM objections WHERE uid = ? AND author <> ''", uid).Error
	}
	decisionID, err := localID(db, "SELECT id FROM decisions WHERE uid = ?", o.DecisionUID)
	if err != nil || decisionID == 0 {
		return err // a decision the user does not see; it waits in team_rows
	}
	by := c.Member
	if o.By != nil && *o.By != "" {
		by = *o.By
	}
	res := db.Exec(`UPDATE objections SET rev = ?, decision_id = ?, by_who = ?, reason = ?, at = ? WHERE uid = ? AND author <> ''`,
		c.Rev, decisionID, by, o.Reason, tracker.UTC(o.At), uid)
	if res.Error != nil || res.RowsAffected > 0 {
		return res.Error
	}
	return db.Exec(`INSERT INTO objections (uid, rev, author, decision_id, by_who, reason, at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (uid) DO NOTHING`, uid, c.Rev, c.Member, decisionID, by, o.Reason, tracker.UTC(o.At)).Error
}

func materializeHandoff(db *gorm.DB, c postgres.Change, uid string) error {
	var h postgres.Handoff
	if !c.Deleted {
		if json.Unmarshal(c.Data, &h) != nil {
			return nil
		}
	}
	if c.Deleted {
		return db.Exec("DELETE FROM handoffs WHERE uid = ? AND author <> ''", uid).Error
	}
	res := db.Exec(`UPDATE handoffs SET rev = ?, day = ?, note = ?, at = ? WHERE uid = ? AND author <> ''`,
		c.Rev, h.Day, h.Note, tracker.UTC(h.At), uid)
	if res.Error != nil || res.RowsAffected > 0 {
		return res.Error
	}
	return db.Exec(`INSERT INTO handoffs (uid, rev, author, day, note, at) VALUES (?, ?, ?, ?, ?, ?)`,
		uid, c.Rev, c.Member, h.Day, h.Note, tracker.UTC(h.At)).Error
}

// localID is the id the query finds for a uid, or 0 when there is none.
func localID(db *gorm.DB, query string, uid uuid.UUID) (uint, error) {
	var ids []uint
	if err := db.Raw(query, uid.String()).Scan(&ids).Error; err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, nil
	}
	return ids[0], nil
}

// Teammates lists the teammates whose profiles the last pulls brought.
func (t *tx) Teammates() ([]tracker.Teammate, error) {
	var rows []struct {
		Member string
		Rev    int64
		Data   string
	}
	err := t.db.Raw("SELECT member, rev, data FROM team_rows WHERE tbl = 'members' AND NOT deleted ORDER BY member").Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]tracker.Teammate, 0, len(rows))
	for _, r := range rows {
		p, err := postgres.Change{Table: postgres.Members, Member: r.Member, Rev: r.Rev, Data: json.RawMessage(r.Data)}.Profile()
		if err != nil {
			continue // a profile this Shiplog cannot read is no teammate to send to
		}
		if _, err := time.LoadLocation(p.TimeZone); err != nil || p.TimeZone == "" {
			continue
		}
		out = append(out, p.Teammate())
	}
	return out, nil
}
