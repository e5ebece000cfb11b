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

// The outbox. Migration 3 gives every synced row a uid and a rev, and its triggers queue every
// change of the user's own rows in the table outbox, in the transaction of the change: one outbox
// row per table row, at its latest revision, or a tombstone. Triggers rather than calls in the
// service or the store, because then no write path can forget it: GORM's creates and saves, the
// bulk INSERT of an import, the cascades of a foreign key, and whatever statement a later change
// adds all fire them. A push reads each queued row's content as it is then.
//
// Local is the sync engine's view of it (postgres.Local): Pending and Pushed for the push, Cursor
// and Apply for the pull (pull.go).

// syncedTable is a local table whose rows travel; author marks one that also holds teammates'
// rows, told apart by their author.
type syncedTable struct {
	name   string
	author bool
}

// syncedTables are the local tables whose rows travel, in the order a first push queues them:
// parents before the rows that point at them. The server takes them in any order; the order only
// makes a first push read well in the server's log.
var syncedTables = []syncedTable{
	{"projects", false}, {"milestones", false}, {"deliverables", false}, {"blocks", false},
	{"requests", true}, {"replies", true}, {"decisions", true}, {"objections", true}, {"handoffs", true},
	{"check_ins", false}, // migration 7
}

// tablesNamed are the synced tables of the given names, for a migration that made them synced:
// a later migration's tables do not exist yet when an earlier one runs.
func tablesNamed(names ...string) []syncedTable {
	var out []syncedTable
	for _, t := range syncedTables {
		for _, n := range names {
			if t.name == n {
				out = append(out, t)
			}
		}
	}
	return out
}

// Keys of sync_state.
const (
	stateCursor     = "cursor"       // the pull cursor (postgres.Cursor)
	stateLastSync   = "last_sync"    // RFC 3339 time of the last sync that completed
	stateTeam       = "team"         // the server and member the outbox is pushed to
	stateProfileRev = "profile_rev"  // the profile's latest revision
	stateProfile    = "profile_sent" // the profile's content as the server last took it
)

// backfillSync gives every row that migration 4 found an id (UUIDv7, made here) and its first
// revision, and queues them all, with the profile, for the first push. It runs once, inside the
// migration's transaction.
func backfillSync(tx *gorm.DB) error {
	tables := tablesNamed("projects", "milestones", "deliverables", "blocks", "requests", "replies", "decisions", "objections", "handoffs")
	if err := backfillIDs(tx, tables); err != nil {
		return err
	}
	if err := queueRows(tx, tables); err != nil {
		return err
	}
	return queueProfile(tx)
}

// backfillCheckIns does for the check-ins that migration 7 found what backfillSync did for the
// tables of migration 4: an id, a first revision, and a place in the outbox, so that a record
// kept before check-ins travelled sends them at its next sync.
func backfillCheckIns(tx *gorm.DB) error {
	tables := tablesNamed("check_ins")
	if err := backfillIDs(tx, tables); err != nil {
		return err
	}
	return queueRows(tx, tables)
}

// backfillIDs gives each row of tables without an id a UUIDv7 and revision 1.
func backfillIDs(tx *gorm.DB, tables []syncedTable) error {
	for _, t := range tables {
		var ids []int64
		if err := tx.Raw("SELECT id FROM " + t.name + " WHERE uid IS NULL ORDER BY id").Scan(&ids).Error; err != nil {
			return fmt.Errorf("backfill %s: %w", t.name, err)
		}
		const chunk = 10000
		for len(ids) > 0 {
			n := min(chunk, len(ids))
			pairs := make([][2]any, n)
			for i, id := range ids[:n] {
				u, err := uuid.NewV7()
				if err != nil {
					return fmt.Errorf("backfill %s: %w", t.name, err)
				}
				pairs[i] = [2]any{id, u.String()}
			}
			b, _ := json.Marshal(pairs)
			// rev is not a column the triggers watch, so this queues nothing by itself.
			err := tx.Exec("UPDATE "+t.name+` SET uid = m.uid, rev = 1 FROM
				(SELECT json_extract(value, '$[0]') AS id, json_extract(value, '$[1]') AS uid FROM json_each(?)) AS m
				WHERE `+t.name+".id = m.id", string(b)).Error
			if err != nil {
				return fmt.Errorf("backfill %s: %w", t.name, err)
			}
			ids = ids[n:]
		}
	}
	return nil
}

// queueAll queues every row of the user's own and the profile, keeping the revision of a row
// that is queued already.
func queueAll(tx *gorm.DB) error {
	if err := queueRows(tx, syncedTables); err != nil {
		return err
	}
	return queueProfile(tx)
}

// queueRows queues every row of the user's own in tables, keeping the revision of a row that is
// queued already.
func queueRows(tx *gorm.DB, tables []syncedTable) error {
	for _, t := range tables {
		own := ""
		if t.author {
			own = " AND author = ''"
		}
		err := tx.Exec("INSERT INTO outbox (tbl, uid, rev) SELECT ?, uid, rev FROM "+t.name+
			" WHERE uid IS NOT NULL"+own+" ORDER BY id ON CONFLICT (tbl, uid) DO NOTHING", t.name).Error
		if err != nil {
			return fmt.Errorf("queue %s: %w", t.name, err)
		}
	}
	return nil
}

// queueProfile queues the user's profile at a new revision, as the settings triggers do.
func queueProfile(tx *gorm.DB) error {
	err := tx.Exec(`INSERT INTO sync_state (key, value) VALUES (?, (SELECT ms FROM sync_clock))
		ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER) + 1, (SELECT ms FROM sync_clock))`, stateProfileRev).Error
	if err != nil {
		return fmt.Errorf("queue the profile: %w", err)
	}
	err = tx.Exec(`INSERT INTO outbox (tbl, uid, rev) SELECT 'members', '', CAST(value AS INTEGER) FROM sync_state WHERE key = ?
		ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL`, stateProfileRev).Error
	if err != nil {
		return fmt.Errorf("queue the profile: %w", err)
	}
	return nil
}

// Local is the user's side of a team sync: the outbox of changes still to push, and the place
// where teammates' rows and the pull cursor are kept. It implements postgres.Local. It holds its
// own connections to the database file, beside the service's; SQLite serialises their writes.
type Local struct {
	st *Store
	// zone names the system's time zone, which the profile sends when the timezone setting is
	// empty (it means the system's); "UTC" when it cannot tell.
	zone func() string
}

var _ postgres.Local = (*Local)(nil)

// OpenLocal opens the database at path for syncing. zone names the system's time zone (nil: UTC
// unless $TZ says otherwise). Close it when done.
func OpenLocal(path string, zone func() string) (*Local, error) {
	st, err := Open(path)
	if err != nil {
		return nil, err
	}
	if zone == nil {
		zone = func() string { return "" }
	}
	return &Local{st: st, zone: zone}, nil
}

// Close releases the database.
func (l *Local) Close() error { return l.st.Close() }

// SetClock sets the clock of the created and updated times of rows that Apply writes.
func (l *Local) SetClock(c tracker.Clock) { l.st.SetClock(c) }

// read and write run fn on a GORM handle inside one of the store's transactions.
func (l *Local) read(fn func(db *gorm.DB) error) error {
	return l.st.Read(func(t tracker.Tx) error { return fn(t.(*tx).db) })
}

func (l *Local) write(fn func(db *gorm.DB) error) error {
	return l.st.Write(func(t tracker.Tx) error { return fn(t.(*tx).db) })
}

type outboxRow struct {
	Seq     int64
	Tbl     string
	UID     string `gorm:"column:uid"`
	Rev     int64
	Deleted bool
}

// contentSQL reads the queued rows of each synced table, by their outbox seq, as the server's
// content columns, a JSON object per row: references become the uids of the rows they point at,
// empty dates null, and times RFC 3339. The outbox's revision, not the row's, goes with it (they
// are equal: one trigger writes both). Pending adds the range of seqs of one page of the outbox.
var contentSQL = map[string]string{
	"projects": `SELECT o.seq, json_object('name', x.name, 'color', x.color,
		'archived', json(CASE WHEN x.archived THEN 'true' ELSE 'false' END)) FROM outbox o JOIN projects x ON x.uid = o.uid`,
	"milestones": `SELECT o.seq, json_object('project_uid', p.uid, 'name', x.name, 'start_date', nullif(x.start_date, ''),
		'due_date', x.due_date) FROM outbox o JOIN milestones x ON x.uid = o.uid LEFT JOIN projects p ON p.id = x.project_id`,
	"deliverables": `SELECT o.seq, json_object('project_uid', p.uid, 'milestone_uid', m.uid, 'title', x.title,
		'status', x.status, 'link', x.link, 'due_date', nullif(x.due_date, ''), 'shipped_at', ` + ts("x.shipped_at") + `, 'notes', x.notes)
		FROM outbox o JOIN deliverables x ON x.uid = o.uid LEFT JOIN projects p ON p.id = x.project_id LEFT JOIN milestones m ON m.id = x.milestone_id`,
	"blocks": `SELECT o.seq, json_object('project_uid', p.uid, 'deliverable_uid', d.uid, 'kind', x.kind,
		'start_at', ` + ts("x.start_at") + `, 'end_at', ` + ts("x.end_at") + `, 'planned_seconds', x.planned_seconds, 'goal', x.goal,
		'outcome', x.outcome, 'interruptions', x.interruptions)
		FROM outbox o JOIN blocks x ON x.uid = o.uid LEFT JOIN projects p ON p.id = x.project_id LEFT JOIN deliverables d ON d.id = x.deliverable_id`,
	"requests": `SELECT o.seq, json_object('to_member', nullif(x.to_member, ''), 'from_who', x.from_who,
		'subject', x.subject, 'channel', x.channel, 'priority', x.priority, 'project_uid', p.uid,
		'received_at', ` + ts("x.received_at") + `, 'replied_at', ` + ts("x.replied_at") + `, 'replies', x.replies,
		'minutes_spent', x.minutes_spent, 'notes', x.notes, 'due_at', ` + ts("x.due_at") + `)
		FROM outbox o JOIN requests x ON x.uid = o.uid LEFT JOIN projects p ON p.id = x.project_id`,
	"replies": `SELECT o.seq, json_object('request_uid', r.uid, 'at', ` + ts("x.at") + `, 'body', x.body, 'minutes_spent', x.minutes_spent)
		FROM outbox o JOIN replies x ON x.uid = o.uid JOIN requests r ON r.id = x.request_id`,
	"decisions": `SELECT o.seq, json_object('title', x.title, 'context', x.context, 'project_uid', p.uid,
		'team', json(CASE WHEN x.team THEN 'true' ELSE 'false' END), 'proposed_at', ` + ts("x.proposed_at") + `,
		'deadline', ` + ts("x.deadline") + `, 'closed_state', nullif(x.closed_state, ''), 'outcome', x.outcome, 'closed_at', ` + ts("x.closed_at") + `)
		FROM outbox o JOIN decisions x ON x.uid = o.uid LEFT JOIN projects p ON p.id = x.project_id`,
	"objections": `SELECT o.seq, json_object('decision_uid', d.uid, 'reason', x.reason, 'at', ` + ts("x.at") + `, 'by_who', x.by_who)
		FROM outbox o JOIN objections x ON x.uid = o.uid JOIN decisions d ON d.id = x.decision_id`,
	"handoffs": `SELECT o.seq, json_object('day', x.day, 'note', x.note, 'at', ` + ts("x.at") + `) FROM outbox o JOIN handoffs x ON x.uid = o.uid`,
	// The check-in's two numbers only: its note is private and stays here.
	"check_ins": `SELECT o.seq, json_object('week', x.week, 'satisfaction', x.satisfaction, 'balance', x.balance)
		FROM outbox o JOIN check_ins x ON x.uid = o.uid`,
}

// ts reads a stored time as RFC 3339, as every JSON reader of the change expects. The store writes
// times as "2006-01-02 15:04:05+00:00" (UTC, whole seconds), which is RFC 3339 but for the space;
// replacing it costs far less than parsing the time with strftime. A missing time stays null.
func ts(col string) string { return "replace(" + col + ", ' ', 'T')" }

// Pending returns up to limit changes not yet pushed, oldest first, with each row's content as
// it is now.
func (l *Local) Pending(ctx context.Context, limit int) ([]postgres.Change, error) {
	var out []postgres.Change
	err := l.read(func(db *gorm.DB) error {
		db = db.WithContext(ctx)
		// Read row by row rather than through GORM's Scan, whose reflection cost a third of a page.
		rows, err := db.Raw("SELECT seq, tbl, uid, rev, deleted FROM outbox WHERE refused IS NULL ORDER BY seq LIMIT ?", limit).Rows()
		if err != nil {
			return err
		}
		queued := make([]outboxRow, 0, min(limit, 1024))
		for rows.Next() {
			var q outboxRow
			if err := rows.Scan(&q.Seq, &q.Tbl, &q.UID, &q.Rev, &q.Deleted); err != nil {
				rows.Close()
				return err
			}
			queued = append(queued, q)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		if len(queued) == 0 {
			return nil
		}
		tablesIn := map[string]bool{}
		for _, q := range queued {
			if !q.Deleted && q.Tbl != string(postgres.Members) {
				tablesIn[q.Tbl] = true
			}
		}
		// The page is the first limit rows by seq, so the seqs between its first and last are its own.
		first, last := queued[0].Seq, queued[len(queued)-1].Seq
		content := map[int64]string{}
		for tbl := range tablesIn {
			query, ok := contentSQL[tbl]
			if !ok {
				return fmt.Errorf("outbox: unknown table %q", tbl)
			}
			rows, err := db.Raw(query+" WHERE o.tbl = ? AND o.seq BETWEEN ? AND ? AND NOT o.deleted", tbl, first, last).Rows()
			if err != nil {
				return fmt.Errorf("read the queued %s: %w", tbl, err)
			}
			for rows.Next() {
				var seq int64
				var data string
				if err := rows.Scan(&seq, &data); err != nil {
					rows.Close()
					return err
				}
				content[seq] = data
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
		}
		for _, q := range queued {
			c, err := l.change(db, q, content)
			if err != nil {
				return err
			}
			out = append(out, c)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read the outbox: %w", err)
	}
	return out, nil
}

// change builds the change for one outbox row.
func (l *Local) change(db *gorm.DB, q outboxRow, content map[int64]string) (postgres.Change, error) {
	if q.Tbl == string(postgres.Members) {
		data, err := l.profileData(db)
		if err != nil {
			return postgres.Change{}, err
		}
		return postgres.Change{Table: postgres.Members, Rev: q.Rev, Data: data}, nil
	}
	uid, err := uuid.Parse(q.UID)
	if err != nil {
		return postgres.Change{}, fmt.Errorf("outbox: %s row with a bad id %q: %w", q.Tbl, q.UID, err)
	}
	data, ok := content[q.Seq]
	if q.Deleted || !ok {
		// A row that is gone without its tombstone cannot be: the delete trigger queues one. Should
		// it happen anyway, the server is told the row is gone, which is true here.
		return postgres.Tombstone(postgres.Table(q.Tbl), uid, q.Rev), nil
	}
	return postgres.Change{Table: postgres.Table(q.Tbl), UID: uid, Rev: q.Rev, Data: json.RawMessage(data)}, nil
}

// profileData is the user's profile as the server's members row, from the settings now.
func (l *Local) profileData(db *gorm.DB) (json.RawMessage, error) {
	var rows []settingRow
	if err := db.Find(&rows).Error; err != nil {
		return nil, err
	}
	stored := make(map[string]string, len(rows))
	for _, r := range rows {
		stored[r.Key] = r.Value
	}
	zone := l.zone()
	if zone == "" {
		zone = "UTC"
	}
	m := tracker.TeammateOf("", tracker.ConfigFromSettings(stored), zone)
	c, err := postgres.ProfileChange(postgres.ProfileOf(m, 1))
	if err != nil {
		return nil, fmt.Errorf("profile: %w", err)
	}
	return c.Data, nil
}

// Pushed removes the sent changes from the outbox, each only if the outbox still holds it at the
// same revision: a row edited again during the push stays queued at its new revision.
func (l *Local) Pushed(ctx context.Context, sent []postgres.Change) error {
	if len(sent) == 0 {
		return nil
	}
	keys := make([][3]any, 0, len(sent))
	var profile json.RawMessage
	for _, c := range sent {
		uid := c.UID.String()
		if c.Table == postgres.Members {
			uid, profile = "", c.Data
		}
		keys = append(keys, [3]any{string(c.Table), uid, c.Rev})
	}
	b, _ := json.Marshal(keys)
	return l.write(func(db *gorm.DB) error {
		db = db.WithContext(ctx)
		err := db.Exec(`DELETE FROM outbox WHERE seq IN (SELECT o.seq FROM outbox o JOIN json_each(?) j
			ON o.tbl = json_extract(j.value, '$[0]') AND o.uid = json_extract(j.value, '$[1]') AND o.rev = json_extract(j.value, '$[2]')
			WHERE o.refused IS NULL)`, string(b)).Error
		if err != nil {
			return fmt.Errorf("clear the outbox: %w", err)
		}
		if profile != nil {
			return putState(db, stateProfile, string(profile))
		}
		return nil
	})
}

// Refuse sets a change aside that the server refused, with its reason, so that the pushes after
// it go on. It stays in the outbox, counted as pending, until its row changes again (the
// triggers then queue it afresh) or the record goes to another team.
func (l *Local) Refuse(ctx context.Context, c postgres.Change, reason error) error {
	uid := c.UID.String()
	if c.Table == postgres.Members {
		uid = ""
	}
	return l.write(func(db *gorm.DB) error {
		return db.WithContext(ctx).Exec("UPDATE outbox SET refused = ? WHERE tbl = ? AND uid = ? AND rev = ?",
			reason.Error(), string(c.Table), uid, c.Rev).Error
	})
}

// Refused lists the changes set aside, as "table uid: reason", oldest first.
func (l *Local) Refused(ctx context.Context) ([]string, error) {
	var out []string
	err := l.read(func(db *gorm.DB) error {
		return db.WithContext(ctx).Raw("SELECT tbl || ' ' || uid || ': ' || refused FROM outbox WHERE refused IS NOT NULL ORDER BY seq").
			Scan(&out).Error
	})
	return out, err
}

// Cursor is where the last pull stopped; zero before the first.
func (l *Local) Cursor(ctx context.Context) (postgres.Cursor, error) {
	var c postgres.Cursor
	err := l.read(func(db *gorm.DB) error {
		v, err := getState(db.WithContext(ctx), stateCursor)
		if err != nil || v == "" {
			return err
		}
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return fmt.Errorf("pull cursor %q: %w", v, err)
		}
		c = postgres.Cursor(n)
		return nil
	})
	return c, err
}

// PendingCount is how many changes wait in the outbox.
func (l *Local) PendingCount(ctx context.Context) (int, error) {
	var n int64
	err := l.read(func(db *gorm.DB) error { return db.WithContext(ctx).Raw("SELECT count(*) FROM outbox").Scan(&n).Error })
	return int(n), err
}

// LastSync is when the last sync completed; zero if none did.
func (l *Local) LastSync(ctx context.Context) (time.Time, error) {
	var at time.Time
	err := l.read(func(db *gorm.DB) error {
		v, err := getState(db.WithContext(ctx), stateLastSync)
		if err != nil || v == "" {
			return err
		}
		at, err = time.Parse(time.RFC3339, v)
		return err
	})
	return at, err
}

// MarkSynced records that a sync completed at at.
func (l *Local) MarkSynced(ctx context.Context, at time.Time) error {
	return l.write(func(db *gorm.DB) error {
		return putState(db.WithContext(ctx), stateLastSync, at.UTC().Format(time.RFC3339))
	})
}

// Joined prepares the outbox for the team that team names (its server and member). When it is
// not the team the outbox was last pushed to, or none was, everything of the user's own is
// queued again, the profile too, and the pull starts from the beginning: the new server has
// none of it. Teammates' rows of another team stay where they are, part of the user's record.
func (l *Local) Joined(ctx context.Context, team string) (reset bool, err error) {
	err = l.write(func(db *gorm.DB) error {
		db = db.WithContext(ctx)
		cur, err := getState(db, stateTeam)
		if err != nil || cur == team {
			return err
		}
		reset = true
		if cur == "" {
			// Never pushed anywhere: nothing has left the outbox since the triggers began to fill it.
			return putState(db, stateTeam, team)
		}
		if err := queueAll(db); err != nil {
			return err
		}
		// The new team may take what the old one refused.
		for _, step := range []string{"UPDATE outbox SET refused = NULL", "DELETE FROM team_rows",
			"DELETE FROM sync_state WHERE key IN ('cursor', 'profile_sent', 'last_sync')"} {
			if err := db.Exec(step).Error; err != nil {
				return err
			}
		}
		return putState(db, stateTeam, team)
	})
	return reset, err
}

// Requeue queues the whole record again at new revisions, and a tombstone for each row the server
// holds (serverUIDs, by table) that the record no longer has: a sync then makes the server match
// the record, as after a restore of an older backup, whatever the server received since.
func (l *Local) Requeue(ctx context.Context, serverUIDs map[string][]uuid.UUID) error {
	return l.write(func(db *gorm.DB) error {
		db = db.WithContext(ctx)
		for _, t := range syncedTables {
			own := ""
			if t.author {
				own = " AND author = ''"
			}
			// rev is not a column the triggers watch; the outbox rows are written just below.
			if err := db.Exec("UPDATE " + t.name + " SET rev = max(rev + 1, (SELECT ms FROM sync_clock)) WHERE uid IS NOT NULL" + own).Error; err != nil {
				return fmt.Errorf("requeue %s: %w", t.name, err)
			}
			err := db.Exec("INSERT INTO outbox (tbl, uid, rev) SELECT ?, uid, rev FROM "+t.name+" WHERE uid IS NOT NULL"+own+
				" ORDER BY id ON CONFLICT (tbl, uid) DO UPDATE SET rev = excluded.rev, deleted = 0, refused = NULL", t.name).Error
			if err != nil {
				return fmt.Errorf("requeue %s: %w", t.name, err)
			}
			ids := make([]string, len(serverUIDs[t.name]))
			for i, u := range serverUIDs[t.name] {
				ids[i] = u.String()
			}
			b, _ := json.Marshal(ids)
			err = db.Exec(`INSERT INTO outbox (tbl, uid, rev, deleted) SELECT ?, j.value, (SELECT ms FROM sync_clock), 1
				FROM json_each(?) j WHERE NOT EXISTS (SELECT 1 FROM `+t.name+` x WHERE x.uid = j.value)
				ON CONFLICT (tbl, uid) DO UPDATE SET rev = max(outbox.rev + 1, excluded.rev), deleted = 1, refused = NULL`,
				t.name, string(b)).Error
			if err != nil {
				return fmt.Errorf("requeue %s: %w", t.name, err)
			}
		}
		return queueProfile(db)
	})
}

// RefreshProfile queues the profile when what it would send differs from what the server last
// took: a setting's trigger queues it at once, but an empty timezone setting follows the
// system's zone, which can change (a laptop that travels) without a setting changing.
func (l *Local) RefreshProfile(ctx context.Context) error {
	return l.write(func(db *gorm.DB) error {
		db = db.WithContext(ctx)
		data, err := l.profileData(db)
		if err != nil {
			return err
		}
		sent, err := getState(db, stateProfile)
		if err != nil || sent == string(data) {
			return err
		}
		var queued int64
		if err := db.Raw("SELECT count(*) FROM outbox WHERE tbl = 'members'").Scan(&queued).Error; err != nil || queued > 0 {
			return err
		}
		return queueProfile(db)
	})
}

func getState(db *gorm.DB, key string) (string, error) {
	var vs []string
	if err := db.Raw("SELECT value FROM sync_state WHERE key = ?", key).Scan(&vs).Error; err != nil {
		return "", err
	}
	if len(vs) == 0 {
		return "", nil
	}
	return vs[0], nil
}

func putState(db *gorm.DB, key, value string) error {
	return db.Exec("INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value", key, value).Error
}
