package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"golang.org/x/sys/unix"
	"gorm.io/gorm"

	"shiplog/tracker"
)

// A file import stages its blocks in a scratch database beside the record (DB.import, 0600),
// attached to one connection of the store's pool as "stage". The rows are checked and settled
// there without locking the record, then merged in short transactions (see merge.go), so that a
// quick-log from the tray or the CLI never waits long for the write lock. DB.import.lock is held
// with flock for the life of an import: one import stages at a time, and a journal left by an
// import whose process died is recognised as such.

const stageSchema = `CREATE TABLE stage.rows (
	seq INTEGER PRIMARY KEY,
	ref TEXT NOT NULL,
	source_key TEXT,
	project TEXT NOT NULL,
	lproject TEXT NOT NULL,
	kind TEXT NOT NULL,
	start_at INTEGER NOT NULL,
	end_at INTEGER,
	planned_seconds INTEGER NOT NULL,
	goal TEXT NOT NULL,
	outcome TEXT NOT NULL,
	interruptions INTEGER NOT NULL,
	titles TEXT NOT NULL,
	create_deliverable INTEGER NOT NULL,
	keep_id INTEGER NOT NULL,
	deliverable_id INTEGER,
	state INTEGER NOT NULL DEFAULT 0,
	kept INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE stage.projects (lproject TEXT PRIMARY KEY, id INTEGER NOT NULL);
CREATE TABLE stage.links (lproject TEXT NOT NULL, titles TEXT NOT NULL, create_deliverable INTEGER NOT NULL,
	deliverable_id INTEGER NOT NULL, PRIMARY KEY (lproject, titles, create_deliverable));
CREATE TABLE stage.final (n INTEGER PRIMARY KEY, seq INTEGER NOT NULL);
CREATE TABLE stage.kept (id INTEGER PRIMARY KEY, seq INTEGER NOT NULL)`

// The states of a staged row.
const (
	stateImport  = 0 // to import
	stateStored  = 1 // its source key is stored already
	stateLeftOut = 2 // left out by the rules
)

// stageCols are the columns Add writes, in order.
const stageCols = `seq, ref, source_key, project, lproject, kind, start_at, end_at, planned_seconds, goal, outcome,
	interruptions, titles, create_deliverable, keep_id, deliverable_id`

const stageColCount = 16

type stage struct {
	st   *Store
	path string
	lock *os.File
	conn *sql.Conn
	ctx  context.Context
	add  map[int]*sql.Stmt
}

var _ tracker.ImportStage = (*stage)(nil)

// importLockPath and stagePath name the import's files beside the database.
func importLockPath(db string) string { return db + ".import.lock" }
func stagePath(db string) string      { return db + ".import" }

// lockImport takes the import lock without waiting; held by another import, it is an ErrConflict.
func lockImport(db string) (*os.File, error) {
	f, err := os.OpenFile(importLockPath(db), os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open the import lock: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &tracker.ConflictError{Msg: "another import into this database is running; wait for it to finish"}
		}
		return nil, fmt.Errorf("lock %s: %w", importLockPath(db), err)
	}
	return f, nil
}

// StageImport takes the import lock, undoes what an import that died left in the record, and
// creates an empty stage.
func (s *Store) StageImport() (tracker.ImportStage, error) {
	lock, err := lockImport(s.path)
	if err != nil {
		return nil, err
	}
	st := &stage{st: s, path: stagePath(s.path), lock: lock, ctx: context.Background(), add: map[int]*sql.Stmt{}}
	if err := s.undoImports(); err != nil {
		st.release()
		return nil, err
	}
	_ = os.Remove(st.path)
	f, err := os.OpenFile(st.path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		st.release()
		return nil, fmt.Errorf("create the import stage: %w", err)
	}
	f.Close()
	sqlDB, err := s.db.DB()
	if err != nil {
		st.release()
		return nil, err
	}
	if st.conn, err = sqlDB.Conn(st.ctx); err != nil {
		st.release()
		return nil, err
	}
	// The stage is scratch: a crash loses it and nothing else, so it needs no journal and no fsync.
	stmts := []string{"ATTACH DATABASE ? AS stage", "PRAGMA stage.journal_mode = OFF", "PRAGMA stage.synchronous = OFF",
		"PRAGMA stage.cache_size = -32768"}
	for i, q := range stmts {
		var args []any
		if i == 0 {
			args = []any{st.path}
		}
		if _, err := st.conn.ExecContext(st.ctx, q, args...); err != nil {
			st.Close()
			return nil, fmt.Errorf("open the import stage: %w", err)
		}
	}
	for _, q := range splitSQL(stageSchema) {
		if _, err := st.conn.ExecContext(st.ctx, q); err != nil {
			st.Close()
			return nil, fmt.Errorf("open the import stage: %w", err)
		}
	}
	return st, nil
}

// gorm is a GORM handle on the stage's connection, for the tracker's Tx.
func (st *stage) gorm() *gorm.DB {
	db := st.st.db.Session(&gorm.Session{NewDB: true, Context: st.ctx})
	db.Statement.ConnPool = st.conn
	return db
}

func (st *stage) exec(q string, args ...any) (sql.Result, error) {
	return st.conn.ExecContext(st.ctx, q, args...)
}

// inTx runs fn in a transaction of the stage's connection: BEGIN IMMEDIATE when it writes the
// record, so that it waits for the write lock at the start, as every writer does.
func (st *stage) inTx(immediate bool, fn func() error) error {
	begin := "BEGIN"
	if immediate {
		begin = "BEGIN IMMEDIATE"
	}
	if _, err := st.exec(begin); err != nil {
		return err
	}
	if err := fn(); err != nil {
		if _, rerr := st.exec("ROLLBACK"); rerr != nil {
			st.badConn()
		}
		return err
	}
	if _, err := st.exec("COMMIT"); err != nil {
		if _, rerr := st.exec("ROLLBACK"); rerr != nil {
			st.badConn()
		}
		return err
	}
	return nil
}

// badConn takes the connection out of the pool when it is left in a state that the next user
// would trip over.
func (st *stage) badConn() {
	_ = st.conn.Raw(func(any) error { return driver.ErrBadConn })
}

// Add appends rows. Their source keys are not indexed as they come: hashed keys land all over
// an index, and keeping one up to date row by row cost most of the staging of a large file.
// DropRepeated finds the repeated keys with one sort instead.
func (st *stage) Add(bs []tracker.StagedBlock) error {
	const batch = 500 // 8,000 parameters, well under SQLite's limit of 32,766
	return st.inTx(false, func() error {
		args := make([]any, 0, batch*stageColCount)
		for len(bs) > 0 {
			n := min(batch, len(bs))
			args = args[:0]
			for _, sb := range bs[:n] {
				it := sb.Item
				b := it.Block
				var key, end, deliv any
				if it.SourceKey != "" {
					key = it.SourceKey
				}
				if b.End != nil {
					end = b.End.Unix()
				}
				if it.DeliverableID != nil {
					deliv = int64(*it.DeliverableID)
				}
				create := 0
				if it.CreateDeliverable {
					create = 1
				}
				args = append(args, sb.Seq, it.Ref, key, b.Project, sb.LProject, string(b.Kind), b.Start.Unix(), end,
					b.PlannedSeconds, b.Goal, b.Outcome, b.Interruptions, tracker.TitleList(it.Deliverables), create,
					int64(it.KeepID), deliv)
			}
			stmt, err := st.addStmt(n)
			if err != nil {
				return err
			}
			if _, err := stmt.ExecContext(st.ctx, args...); err != nil {
				return err
			}
			bs = bs[n:]
		}
		return nil
	})
}

// addStmt is the INSERT of n rows, prepared once per size.
func (st *stage) addStmt(n int) (*sql.Stmt, error) {
	if s, ok := st.add[n]; ok {
		return s, nil
	}
	row := "(" + strings.TrimSuffix(strings.Repeat("?,", stageColCount), ",") + ")"
	q := "INSERT INTO stage.rows (" + stageCols + ") VALUES " + strings.TrimSuffix(strings.Repeat(row+",", n), ",")
	s, err := st.conn.PrepareContext(st.ctx, q)
	if err != nil {
		return nil, err
	}
	st.add[n] = s
	return s, nil
}

// DropRepeated deletes every row with a source key that a row earlier in the file has, found by
// sorting the keys once.
func (st *stage) DropRepeated() (int, error) {
	r, err := st.exec(`DELETE FROM stage.rows WHERE seq IN (SELECT seq FROM (SELECT seq,
		row_number() OVER (PARTITION BY source_key ORDER BY seq) AS n FROM stage.rows WHERE source_key IS NOT NULL) WHERE n > 1)`)
	if err != nil {
		return 0, err
	}
	n, err := r.RowsAffected()
	return int(n), err
}

func (st *stage) DropStored() (int, error) {
	r, err := st.exec(`UPDATE stage.rows SET state = ? WHERE state = ? AND source_key IS NOT NULL
		AND EXISTS (SELECT 1 FROM main.blocks b WHERE b.source_key = rows.source_key)`, stateStored, stateImport)
	if err != nil {
		return 0, err
	}
	n, err := r.RowsAffected()
	return int(n), err
}

func (st *stage) Open() ([]tracker.StagedSpan, error) {
	rows, err := st.conn.QueryContext(st.ctx, `SELECT seq, start_at FROM stage.rows WHERE state = ? AND end_at IS NULL
		ORDER BY seq`, stateImport)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tracker.StagedSpan
	for rows.Next() {
		var s tracker.StagedSpan
		if err := rows.Scan(&s.Seq, &s.Start); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// Spans reads the spans in chunks of the file, each as one text that SQLite writes and Go parses:
// for a million rows, reading them row by row costs seconds of cgo calls.
func (st *stage) Spans(count func(int), fn func(tracker.StagedSpan)) error {
	const chunk = 100_000
	var n, last sql.NullInt64
	if err := st.conn.QueryRowContext(st.ctx, `SELECT count(*), max(seq) FROM stage.rows WHERE state IN (?, ?)`,
		stateImport, stateStored).Scan(&n, &last); err != nil {
		return err
	}
	count(int(n.Int64))
	for from := int64(0); from <= last.Int64 && n.Int64 > 0; from += chunk {
		var text sql.NullString
		err := st.conn.QueryRowContext(st.ctx, `SELECT group_concat(seq || ' ' || start_at || ' ' || coalesce(end_at, 0) || ' ' ||
				CASE WHEN state = 1 THEN coalesce((SELECT b.id FROM main.blocks b WHERE b.source_key = r.source_key), 0) ELSE 0 END, ' ')
			FROM (SELECT seq, start_at, end_at, state, source_key FROM stage.rows WHERE state IN (?, ?) AND seq >= ? AND seq < ?
				ORDER BY seq) AS r`,
			stateImport, stateStored, from, from+chunk).Scan(&text)
		if err != nil {
			return err
		}
		if text.String == "" {
			continue
		}
		r := fieldReader{text: text.String}
		for r.pos <= len(r.text) && !r.bad {
			s := tracker.StagedSpan{Seq: int(r.int()), Start: r.int(), End: r.int(), Stored: uint(r.int())}
			if !r.bad {
				fn(s)
			}
		}
		if r.bad {
			return fmt.Errorf("read the staged spans: malformed text at %d", r.pos)
		}
	}
	return nil
}

func (st *stage) Settle(changes []tracker.StagedChange) error {
	if len(changes) == 0 {
		return nil
	}
	return st.inTx(false, func() error {
		left, err := st.conn.PrepareContext(st.ctx, `UPDATE stage.rows SET state = ? WHERE seq = ?`)
		if err != nil {
			return err
		}
		defer left.Close()
		moved, err := st.conn.PrepareContext(st.ctx, `UPDATE stage.rows SET start_at = ?, end_at = ? WHERE seq = ?`)
		if err != nil {
			return err
		}
		defer moved.Close()
		for _, c := range changes {
			if c.LeftOut {
				_, err = left.ExecContext(st.ctx, stateLeftOut, c.Seq)
			} else {
				var end any
				if c.End != 0 {
					end = c.End
				}
				_, err = moved.ExecContext(st.ctx, c.Start, end, c.Seq)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

func (st *stage) Summary() (tracker.StageSummary, error) {
	sum := tracker.StageSummary{Projects: map[string]string{}, Counts: map[string]map[tracker.Kind]int{},
		LeftOut: map[string][2]int64{}}
	rows, err := st.conn.QueryContext(st.ctx, `SELECT lproject, kind, count(*), coalesce(sum(end_at - start_at), 0),
		min(start_at), max(start_at) FROM stage.rows WHERE state = ? GROUP BY lproject, kind`, stateImport)
	if err != nil {
		return sum, err
	}
	defer rows.Close()
	for rows.Next() {
		var lname, kind string
		var n, secs, first, last int64
		if err := rows.Scan(&lname, &kind, &n, &secs, &first, &last); err != nil {
			return sum, err
		}
		if sum.Counts[lname] == nil {
			sum.Counts[lname] = map[tracker.Kind]int{}
		}
		sum.Counts[lname][tracker.Kind(kind)] = int(n)
		f, l := time.Unix(first, 0).UTC(), time.Unix(last, 0).UTC()
		if sum.Added == 0 || f.Before(sum.First) {
			sum.First = f
		}
		if l.After(sum.Last) {
			sum.Last = l
		}
		sum.Added += int(n)
		sum.Seconds += secs
	}
	if err := rows.Err(); err != nil {
		return sum, err
	}
	rows.Close()
	// A bare column beside min() comes from the row with the minimum: the name the file writes first.
	names, err := st.conn.QueryContext(st.ctx, `SELECT lproject, project, min(seq) FROM stage.rows WHERE state = ?
		GROUP BY lproject`, stateImport)
	if err != nil {
		return sum, err
	}
	defer names.Close()
	for names.Next() {
		var lname, name string
		var seq int64
		if err := names.Scan(&lname, &name, &seq); err != nil {
			return sum, err
		}
		sum.Projects[lname] = name
	}
	if err := names.Err(); err != nil {
		return sum, err
	}
	names.Close()
	left, err := st.conn.QueryContext(st.ctx, `SELECT lproject, count(*), coalesce(sum(end_at - start_at), 0)
		FROM stage.rows WHERE state = ? GROUP BY lproject`, stateLeftOut)
	if err != nil {
		return sum, err
	}
	defer left.Close()
	for left.Next() {
		var lname string
		var n, secs int64
		if err := left.Scan(&lname, &n, &secs); err != nil {
			return sum, err
		}
		sum.LeftOut[lname] = [2]int64{n, secs}
	}
	return sum, left.Err()
}

func (st *stage) Refs(seqs []int) (map[int][2]string, error) {
	out := map[int][2]string{}
	for len(seqs) > 0 {
		n := min(500, len(seqs))
		args := make([]any, n)
		for i, s := range seqs[:n] {
			args[i] = s
		}
		rows, err := st.conn.QueryContext(st.ctx, `SELECT seq, ref, project FROM stage.rows WHERE seq IN (`+
			strings.TrimSuffix(strings.Repeat("?,", n), ",")+`)`, args...)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var seq int
			var ref, project string
			if err := rows.Scan(&seq, &ref, &project); err != nil {
				rows.Close()
				return nil, err
			}
			out[seq] = [2]string{ref, project}
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, err
		}
		seqs = seqs[n:]
	}
	return out, nil
}

func (st *stage) Links() ([]tracker.StagedLink, error) {
	rows, err := st.conn.QueryContext(st.ctx, `SELECT DISTINCT lproject, titles, create_deliverable FROM stage.rows
		WHERE state = ? AND titles <> ''`, stateImport)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tracker.StagedLink
	for rows.Next() {
		var l tracker.StagedLink
		if err := rows.Scan(&l.LProject, &l.Titles, &l.Create); err != nil {
			return nil, err
		}
		out = append(out, l)
	}
	return out, rows.Err()
}

// release drops the import lock.
func (st *stage) release() {
	if st.lock != nil {
		st.lock.Close()
		st.lock = nil
	}
}

// Close detaches and removes the stage and releases the import lock.
func (st *stage) Close() error {
	for _, s := range st.add {
		s.Close()
	}
	st.add = nil
	var err error
	if st.conn != nil {
		if _, derr := st.exec("DETACH DATABASE stage"); derr != nil {
			st.badConn()
		}
		err = st.conn.Close()
		st.conn = nil
	}
	if rerr := os.Remove(st.path); rerr != nil && !errors.Is(rerr, os.ErrNotExist) && err == nil {
		err = rerr
	}
	st.release()
	return err
}
