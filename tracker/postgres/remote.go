package postgres

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"shiplog/tracker"
)

// Remote is one member's connection to the team server, logged in as the member's own role.
type Remote struct {
	db      *gorm.DB
	server  string // the URL without its password
	member  string
	manager bool
}

// Open connects to the team server as the member whose login rawURL holds, and checks that the
// login is a Shiplog member (not the admin) and that the server's schema is the one this build
// speaks.
func Open(ctx context.Context, rawURL string) (*Remote, error) {
	db, err := dial(ctx, rawURL)
	if err != nil {
		return nil, err
	}
	r := &Remote{db: db, server: Redact(rawURL)}
	if err := r.check(ctx); err != nil {
		closeDB(db)
		return nil, err
	}
	return r, nil
}

func (r *Remote) check(ctx context.Context) error {
	var who struct {
		Member    string
		Super     bool
		HasRoles  bool
		IsMember  bool
		IsManager bool
	}
	// pg_has_role fails on a role that does not exist, so each group role is looked up first.
	err := r.db.WithContext(ctx).Raw(`SELECT session_user AS member,
		(SELECT rolsuper FROM pg_roles WHERE rolname = session_user) AS super,
		EXISTS (SELECT FROM pg_roles WHERE rolname = ?) AS has_roles,
		coalesce((SELECT pg_has_role(session_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = ?), false) AS is_member,
		coalesce((SELECT pg_has_role(session_user, oid, 'MEMBER') FROM pg_roles WHERE rolname = ?), false) AS is_manager`,
		MemberRole, MemberRole, ManagerRole).Scan(&who).Error
	if err != nil {
		return translate("check the login", err)
	}
	switch {
	case !who.HasRoles:
		return checkVersion(0)
	case who.Super:
		return tracker.Invalidf("%s is the server's admin, whom row-level security does not restrict; join with a member's login (shiplog team add-member)",
			who.Member)
	case !who.IsMember:
		return tracker.Invalidf("%s is not a Shiplog member on this server; the server's admin adds members with 'shiplog team add-member'",
			who.Member)
	}
	v, err := readVersion(r.db.WithContext(ctx))
	if err != nil {
		return translate("read the schema version", err)
	}
	if err := checkVersion(v); err != nil {
		return err
	}
	r.member, r.manager = who.Member, who.IsManager
	return nil
}

// Member is the login's name: the author of every row this Remote pushes.
func (r *Remote) Member() string { return r.member }

// Manager reports whether the login may read every member's weekly figures.
func (r *Remote) Manager() bool { return r.manager }

// Server is the server's URL without the password.
func (r *Remote) Server() string { return r.server }

// Close ends the connection.
func (r *Remote) Close() error { return closeDB(r.db) }

// PushResult counts what a push did.
type PushResult struct {
	Applied int // rows the server took
	Stale   int // rows the server already had at this revision or a newer one: a resend, harmless
}

// Push sends changes as upserts keyed by (table, uid): a row is written only when its revision is
// newer than the server's, so a change sent twice (a lost reply, a kill -9 mid-push) or an older
// one after a newer one changes nothing. All the changes go in one transaction, one statement per
// table, however many rows; the caller chooses the batch size (a few thousand rows is right).
// A change to a row that another member wrote is refused with ErrConflict, and nothing is written.
func (r *Remote) Push(ctx context.Context, changes []Change) (PushResult, error) {
	var res PushResult
	byTable := map[Table][]Change{}
	for _, c := range changes {
		if err := c.Validate(); err != nil {
			return PushResult{}, &RowError{err}
		}
		byTable[c.Table] = append(byTable[c.Table], c)
	}
	err := r.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, t := range tables {
			batch := latest(byTable[t.name])
			if len(batch) == 0 {
				continue
			}
			applied, stale, err := r.upsert(tx, t.name, t.columns, batch)
			if err != nil {
				return err
			}
			res.Applied += applied
			res.Stale += stale
		}
		return nil
	})
	if err != nil {
		err = translate("push", err)
		if errors.Is(err, tracker.ErrConflict) {
			// The server said only that a row is not ours; name it, and its author where visible.
			if named := r.owners(ctx, byTable); named != nil {
				return PushResult{}, named
			}
		}
		return PushResult{}, err
	}
	return res, nil
}

// latest keeps one change per row, the one with the highest revision, sorted by id so that two
// concurrent pushes lock rows in the same order. PostgreSQL refuses an upsert that touches a row twice.
func latest(changes []Change) []Change {
	if len(changes) == 0 {
		return nil
	}
	best := make(map[uuid.UUID]Change, len(changes))
	for _, c := range changes {
		if old, ok := best[c.UID]; !ok || c.Rev > old.Rev {
			best[c.UID] = c
		}
	}
	out := make([]Change, 0, len(best))
	for _, c := range best {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return bytes.Compare(out[i].UID[:], out[j].UID[:]) < 0 })
	return out
}

// upsertSQL is the statement that writes a batch to one table. The batch travels as one JSON
// parameter, so a batch of any size is one round trip and needs no temporary table; the server
// maps each row's data to the table's columns by name. A tombstone's content is cleared.
func upsertSQL(t Table, columns []string) string {
	var sel, set []string
	for _, c := range columns {
		if t == Members {
			sel = append(sel, "d."+c)
		} else {
			sel = append(sel, fmt.Sprintf("CASE WHEN c.deleted THEN NULL ELSE d.%s END", c))
		}
		set = append(set, fmt.Sprintf("%s = EXCLUDED.%s", c, c))
	}
	from := fmt.Sprintf(`FROM jsonb_to_recordset(?::jsonb) AS c(uid uuid, rev bigint, deleted boolean, data jsonb)
		CROSS JOIN LATERAL jsonb_populate_record(NULL::shiplog.%s, c.data) AS d`, t)
	if t == Members {
		// A profile's key is its author: the member column's default, session_user.
		return fmt.Sprintf(`INSERT INTO shiplog.members AS t (rev, %s) SELECT c.rev, %s %s
			ON CONFLICT (member) DO UPDATE SET rev = EXCLUDED.rev, %s WHERE t.rev < EXCLUDED.rev
			RETURNING t.member::text AS key`,
			strings.Join(columns, ", "), strings.Join(sel, ", "), from, strings.Join(set, ", "))
	}
	return fmt.Sprintf(`INSERT INTO shiplog.%s AS t (uid, rev, deleted, %s) SELECT c.uid, c.rev, c.deleted, %s %s
		ORDER BY c.uid
		ON CONFLICT (uid) DO UPDATE SET rev = EXCLUDED.rev, deleted = EXCLUDED.deleted, %s WHERE t.rev < EXCLUDED.rev
		RETURNING t.uid::text AS key`,
		t, strings.Join(columns, ", "), strings.Join(sel, ", "), from, strings.Join(set, ", "))
}

// upsert writes one table's batch and accounts for every row: written, already there at this or
// a newer revision, or refused. PostgreSQL reports a row that row-level security hides as not
// written ("INSERT 0"), so a row the statement did not return is looked up before it counts as
// stale; one that cannot be seen, or is another member's, is a conflict.
func (r *Remote) upsert(tx *gorm.DB, t Table, columns []string, batch []Change) (applied, stale int, err error) {
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i, c := range batch {
		if i > 0 {
			buf.WriteByte(',')
		}
		fmt.Fprintf(&buf, `{"uid":"%s","rev":%d,"deleted":%t,"data":`, c.UID, c.Rev, c.Deleted)
		if c.Deleted || len(c.Data) == 0 {
			buf.WriteString("null")
		} else {
			buf.Write(c.Data)
		}
		buf.WriteByte('}')
	}
	buf.WriteByte(']')
	var written []string
	if err := tx.Raw(upsertSQL(t, columns), buf.String()).Scan(&written).Error; err != nil {
		return 0, 0, translate("push "+string(t), err)
	}
	if len(written) == len(batch) {
		return len(written), 0, nil
	}
	if t == Members {
		// The only row is the member's own profile, which the policies cannot hide from them.
		return len(written), len(batch) - len(written), nil
	}
	done := make(map[string]bool, len(written))
	for _, k := range written {
		done[k] = true
	}
	var missing []string
	want := map[string]int64{}
	for _, c := range batch {
		if k := c.UID.String(); !done[k] {
			missing = append(missing, k)
			want[k] = c.Rev
		}
	}
	var found []struct {
		UID    string
		Rev    int64
		Member string
	}
	err = tx.Raw(fmt.Sprintf("SELECT uid::text AS uid, rev, member FROM shiplog.%s WHERE uid = ANY(?::uuid[])", t),
		"{"+strings.Join(missing, ",")+"}").Scan(&found).Error
	if err != nil {
		return 0, 0, translate("push "+string(t), err)
	}
	seen := map[string]bool{}
	for _, f := range found {
		seen[f.UID] = true
		switch {
		case f.Member != r.member:
			return 0, 0, &RowError{&tracker.ConflictError{Msg: fmt.Sprintf("push %s: row %s belongs to %s; the server changed nothing", t, f.UID, f.Member)}}
		case f.Rev < want[f.UID]:
			return 0, 0, &RowError{&tracker.ConflictError{Msg: fmt.Sprintf("push %s: row %s was not written at revision %d (the server has %d)", t, f.UID, want[f.UID], f.Rev)}}
		}
	}
	for _, k := range missing {
		if !seen[k] {
			return 0, 0, &RowError{&tracker.ConflictError{Msg: fmt.Sprintf("push %s: row %s belongs to another member; the server changed 0 rows", t, k)}}
		}
	}
	return len(written), len(found), nil
}

// owners looks, after a refused push, for a row in the batch that belongs to someone else, so that
// the error names it. It returns nil when it finds none.
func (r *Remote) owners(ctx context.Context, byTable map[Table][]Change) error {
	for _, t := range tables {
		if t.name == Members || len(byTable[t.name]) == 0 {
			continue
		}
		var ids []string
		for _, c := range byTable[t.name] {
			ids = append(ids, c.UID.String())
		}
		var found []struct{ UID, Member string }
		err := r.db.WithContext(ctx).Raw(fmt.Sprintf(`SELECT uid::text AS uid, member FROM shiplog.%s
			WHERE uid = ANY(?::uuid[]) AND member <> session_user LIMIT 1`, t.name), "{"+strings.Join(ids, ",")+"}").Scan(&found).Error
		if err == nil && len(found) > 0 {
			return &RowError{&tracker.ConflictError{Msg: fmt.Sprintf("push %s: row %s belongs to %s; the server changed nothing", t.name, found[0].UID, found[0].Member)}}
		}
	}
	return nil
}

// Pull returns the teammates' rows visible to this member that changed since the cursor, and the
// cursor to pull from next time. The member's own rows are left out: their truth is local.
//
// The cursor is a transaction id, not a sequence: every row is stamped with the transaction that
// last wrote it, and a pull reads only rows written by transactions below the xmin of its
// snapshot, the oldest transaction still running. A transaction that commits late, after a newer
// one was pulled, therefore has an id at or above the cursor and is read by the next pull; no row
// is ever skipped. A long-running transaction on the server delays pulls, it never loses rows.
func (r *Remote) Pull(ctx context.Context, since Cursor) ([]Change, Cursor, error) {
	var horizon string
	db := r.db.WithContext(ctx)
	if err := db.Raw("SELECT pg_snapshot_xmin(pg_current_snapshot())::text").Scan(&horizon).Error; err != nil {
		return nil, since, translate("pull", err)
	}
	next, err := strconv.ParseUint(horizon, 10, 64)
	if err != nil {
		return nil, since, fmt.Errorf("pull: unexpected snapshot horizon %q", horizon)
	}
	if Cursor(next) <= since {
		return nil, since, nil
	}
	var parts []string
	var args []any
	for i, t := range tables {
		uid, deleted, drop := "uid", "deleted", "'{uid,member,rev,deleted,xid,updated_at}'::text[]"
		if t.name == Members {
			uid, deleted, drop = "NULL::uuid", "false", "'{member,rev,xid,updated_at}'::text[]"
		}
		parts = append(parts, fmt.Sprintf(`SELECT %d AS ord, t.xid, %s AS uid, t.member, t.rev, %s AS deleted,
			(to_jsonb(t) - %s)::text AS data
			FROM shiplog.%s t WHERE t.xid >= ?::text::xid8 AND t.xid < ?::text::xid8 AND t.member <> session_user`,
			i, uid, deleted, drop, t.name))
		args = append(args, strconv.FormatUint(uint64(since), 10), horizon)
	}
	var rows []struct {
		Ord     int
		UID     *string
		Member  string
		Rev     int64
		Deleted bool
		Data    string
	}
	q := strings.Join(parts, "\nUNION ALL\n") + "\nORDER BY ord, xid, uid"
	if err := db.Raw(q, args...).Scan(&rows).Error; err != nil {
		return nil, since, translate("pull", err)
	}
	out := make([]Change, 0, len(rows))
	for _, row := range rows {
		c := Change{Table: tables[row.Ord].name, Member: row.Member, Rev: row.Rev, Deleted: row.Deleted}
		if row.UID != nil {
			if c.UID, err = uuid.Parse(*row.UID); err != nil {
				return nil, since, fmt.Errorf("pull: %w", err)
			}
		}
		if !c.Deleted {
			c.Data = json.RawMessage(row.Data)
		}
		out = append(out, c)
	}
	return out, Cursor(next), nil
}
