package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"os"
	"time"

	"gorm.io/gorm"

	"shiplog/tracker"
)

// A stage merges into the record in transactions that hold the write lock for about mergeTarget
// each, with mergeGap between them, so that a quick-log waits for at most one of them however
// large the file. All or none of the file's
// blocks stay all the same: the first transaction writes a journal row (import_journal) with the
// IDs the import's blocks get, the blocks with the highest of them (so that a block added beside
// the import gets a higher ID still), and the projects and deliverables the import creates
// (import_records); the last transaction removes the journal. An import that fails between the
// two takes its blocks out again; one whose process dies leaves the journal, and the next open of
// the database (or the next import) undoes it, once the import lock shows that its process is gone.
//
// Between the first and the last transaction other readers see the import's blocks arrive.

// mergeTarget is how long one merge transaction aims to hold the write lock; the batch size
// follows the time measured. A quick-log waits for at most one transaction, then writes its own.
const mergeTarget = 150 * time.Millisecond

// mergeGap is how long the merge leaves the write lock free between two transactions. A writer
// that finds the lock taken sleeps in SQLite's busy handler for up to 100 ms between tries, so a
// shorter gap can fall between its tries again and again: in a test, a quick-log waited 2.9 s for
// gaps of a few tens of milliseconds. The checkpoint after each transaction counts towards it.
const mergeGap = 110 * time.Millisecond

// The bounds of a merge batch, in blocks.
const (
	minBatch   = 200
	maxBatch   = 100_000
	firstBatch = 5_000
)

// mergeInsert writes staged rows into the record. Its verbs are, in order: the block ID (an
// expression such as "? + f.n"), last_seen, the rows read as f (with a seq column), and the
// condition; the two ? after last_seen are the created and updated stamps. The times go in as
// the driver writes UTC times, so that the text columns compare in time order.
const mergeInsert = `INSERT INTO main.blocks (id, project_id, deliverable_id, kind, start_at, end_at, planned_seconds,
	goal, outcome, interruptions, last_seen, source_key, created_at, updated_at)
	SELECT %s, p.id, coalesce(r.deliverable_id, l.deliverable_id), r.kind,
		strftime('%%Y-%%m-%%d %%H:%%M:%%S+00:00', r.start_at, 'unixepoch'),
		strftime('%%Y-%%m-%%d %%H:%%M:%%S+00:00', r.end_at, 'unixepoch'),
		r.planned_seconds, r.goal, r.outcome, r.interruptions, %s, r.source_key, ?, ?
	FROM %s JOIN stage.rows r ON r.seq = f.seq
	JOIN stage.projects p ON p.lproject = r.lproject
	LEFT JOIN stage.links l ON l.lproject = r.lproject AND l.titles = r.titles AND l.create_deliverable = r.create_deliverable
	WHERE %s ORDER BY 1`

// mergeHook, when a test sets it, runs after each merge transaction, with the number of blocks
// written so far; an error fails the merge there.
var mergeHook func(written int) error

func (st *stage) Merge(plan tracker.MergePlan) (tracker.MergeResult, error) {
	var res tracker.MergeResult
	// Decide the IDs outside the record's lock: kept IDs where free (the first row that asks for
	// one), the others by start.
	prep := []string{
		`UPDATE stage.rows SET kept = 1 WHERE state = 0 AND end_at IS NOT NULL AND keep_id > 0
			AND NOT EXISTS (SELECT 1 FROM main.blocks b WHERE b.id = rows.keep_id)
			AND seq = (SELECT min(r2.seq) FROM stage.rows r2 WHERE r2.keep_id = rows.keep_id AND r2.state = 0
				AND r2.end_at IS NOT NULL)`,
		`INSERT INTO stage.kept (id, seq) SELECT keep_id, seq FROM stage.rows WHERE kept = 1`,
		`INSERT INTO stage.final (seq) SELECT seq FROM stage.rows WHERE state = 0 AND end_at IS NOT NULL AND kept = 0
			ORDER BY start_at, seq`,
	}
	var anyKept int
	if err := st.conn.QueryRowContext(st.ctx, `SELECT EXISTS (SELECT 1 FROM stage.rows WHERE keep_id > 0)`).Scan(&anyKept); err != nil {
		return res, err
	}
	if anyKept == 0 {
		prep = prep[2:]
	} else if _, err := st.exec(`CREATE INDEX stage.rows_keep ON rows (keep_id) WHERE keep_id > 0`); err != nil {
		return res, err
	}
	for _, q := range prep {
		if _, err := st.exec(q); err != nil {
			return res, fmt.Errorf("merge: %w", err)
		}
	}
	var n, nKept int64
	if err := st.conn.QueryRowContext(st.ctx, `SELECT (SELECT count(*) FROM stage.final), (SELECT count(*) FROM stage.kept)`).
		Scan(&n, &nKept); err != nil {
		return res, err
	}
	// The batches commit without an fsync of their own (synchronous=NORMAL) and are checkpointed
	// right after each commit, outside the write lock: the lock is held for the batch alone, and
	// the log stays short, so that a quick-log's commit never has a long log to checkpoint. A
	// batch lost to a power cut takes every later one with it (the log is read in order up to its
	// first bad frame), and the journal written first stays, so the import is undone. The last
	// transaction, which removes the journal, is synchronous again: an import reported done is.
	for _, q := range []string{`PRAGMA main.cache_size = -65536`, `PRAGMA main.synchronous = NORMAL`, `PRAGMA wal_autocheckpoint = 0`} {
		if _, err := st.exec(q); err != nil {
			return res, fmt.Errorf("merge: %w", err)
		}
	}
	defer func() {
		for _, q := range []string{`PRAGMA main.cache_size = -2000`, `PRAGMA main.synchronous = FULL`, `PRAGMA wal_autocheckpoint = 1000`} {
			if _, err := st.exec(q); err != nil {
				st.badConn()
			}
		}
	}()

	m := &merger{st: st, plan: plan, n: n, nKept: nKept, batch: firstBatch, next: n, keptBelow: -1}
	err := m.tx(m.first, true)
	for err == nil && (m.next > 0 || m.keptBelow != 0) {
		err = m.tx(m.step, true)
	}
	if err == nil {
		if _, err = st.exec(`PRAGMA main.synchronous = FULL`); err == nil {
			err = m.tx(func() error { return m.last(&res) }, false)
		}
	}
	if err != nil {
		if uerr := st.st.undo(st, m.journal); uerr != nil {
			return res, fmt.Errorf("merge: %w; undoing it failed too (%v), so the next start of Shiplog undoes it", err, uerr)
		}
		return res, fmt.Errorf("merge: %w; nothing was imported", err)
	}
	return res, nil
}

// tx runs fn in one write transaction and checkpoints the log after it. It measures how long the
// write lock was held, from BEGIN IMMEDIATE's return to COMMIT's, and sizes the next batch so that
// the lock is held for about mergeTarget: the batch's rows and the log pages they dirty, which
// grow with the record's indexes, are what the time goes into. With more to follow it leaves the
// lock free for mergeGap.
func (m *merger) tx(fn func() error, more bool) error {
	st := m.st
	var t0 time.Time
	rows := m.written
	if err := st.inTx(true, func() error { t0 = time.Now(); return fn() }); err != nil {
		return err
	}
	held := time.Since(t0)
	if did := m.written - rows; did > 0 && held > 0 {
		// Double at most at once: the cost of a batch is not linear in its rows, and a
		// transaction that overshoots holds up a quick-log.
		next := int64(float64(did) * float64(mergeTarget) / float64(held))
		m.batch = min(maxBatch, max(minBatch, min(next, 2*int64(did))))
	}
	// A checkpoint that cannot finish (a reader holds an old snapshot) is finished by a later one.
	c0 := time.Now()
	if _, err := st.exec(`PRAGMA wal_checkpoint(PASSIVE)`); err != nil {
		return err
	}
	if gap := mergeGap - time.Since(c0); gap > 0 && more {
		time.Sleep(gap)
	}
	if mergeHook != nil {
		return mergeHook(m.written)
	}
	return nil
}

// merger is a merge in progress.
type merger struct {
	st      *stage
	plan    tracker.MergePlan
	journal int64
	// n staged blocks take the IDs base+1 … base+n by start; nKept keep their own.
	n, nKept int64
	base     int64
	// next is the largest final order not yet written (0 when all are); keptBelow the bound
	// under which kept IDs are still to write (-1 before the first, 0 when all are).
	next, keptBelow int64
	batch           int64
	written         int
	// checked is the largest block ID the guard has looked at.
	checked int64
	stamp   time.Time
}

// first writes the journal, lets the plan create projects and deliverables, fills the stage's
// maps and writes the first batch, which holds the largest ID.
func (m *merger) first() error {
	st := m.st
	var maxID, maxKept sql.NullInt64
	if err := st.conn.QueryRowContext(st.ctx, `SELECT (SELECT max(id) FROM main.blocks), (SELECT max(id) FROM stage.kept)`).
		Scan(&maxID, &maxKept); err != nil {
		return err
	}
	m.base = max(maxID.Int64, maxKept.Int64)
	var taken int64
	if err := st.conn.QueryRowContext(st.ctx, `SELECT count(*) FROM stage.kept k JOIN main.blocks b ON b.id = k.id`).
		Scan(&taken); err != nil {
		return err
	}
	if taken > 0 {
		return &tracker.ConflictError{Msg: "blocks were added during the import with IDs it meant to keep; run the import again"}
	}
	m.stamp = tracker.UTC(m.plan.Now)
	r, err := st.exec(`INSERT INTO main.import_journal (first_block, last_block, started_at) VALUES (?, ?, ?)`,
		m.base+1, m.base+m.n, m.stamp)
	if err != nil {
		return err
	}
	if m.journal, err = r.LastInsertId(); err != nil {
		return err
	}
	refs, err := m.plan.Prepare(journalTx{tx: &tx{db: st.gorm()}, journal: m.journal})
	if err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM stage.projects`, `DELETE FROM stage.links`} {
		if _, err := st.exec(q); err != nil {
			return err
		}
	}
	for lname, id := range refs.Projects {
		if _, err := st.exec(`INSERT INTO stage.projects (lproject, id) VALUES (?, ?)`, lname, int64(id)); err != nil {
			return err
		}
	}
	for l, id := range refs.Links {
		if _, err := st.exec(`INSERT INTO stage.links (lproject, titles, create_deliverable, deliverable_id) VALUES (?, ?, ?, ?)`,
			l.LProject, l.Titles, l.Create, int64(id)); err != nil {
			return err
		}
	}
	if !m.plan.OverlapFrom.IsZero() {
		if _, err := st.exec(`INSERT INTO main.block_overlaps (from_at, to_at) VALUES (?, ?)`, tracker.UTC(m.plan.OverlapFrom),
			tracker.UTC(m.plan.OverlapTo)); err != nil {
			return err
		}
	}
	m.checked = int64(m.plan.SinceID)
	if err := m.guard(); err != nil {
		return err
	}
	return m.write()
}

// step writes one batch.
func (m *merger) step() error {
	if err := m.guard(); err != nil {
		return err
	}
	return m.write()
}

// last starts the open entry if nothing runs, and removes the journal.
func (m *merger) last(res *tracker.MergeResult) error {
	st := m.st
	if err := m.guard(); err != nil {
		return err
	}
	if m.plan.Running >= 0 {
		var running int
		if err := st.conn.QueryRowContext(st.ctx, `SELECT EXISTS (SELECT 1 FROM main.blocks WHERE end_at IS NULL)`).
			Scan(&running); err != nil {
			return err
		}
		if running == 0 {
			// The open entry keeps its ID where free, as the others do.
			id := "CASE WHEN r.keep_id > 0 AND NOT EXISTS (SELECT 1 FROM main.blocks b WHERE b.id = r.keep_id) THEN r.keep_id END"
			q := fmt.Sprintf(mergeInsert, id, "?", "(SELECT ? AS seq) f", "1")
			if _, err := st.exec(q, m.stamp, m.stamp, m.stamp, m.plan.Running); err != nil {
				return err
			}
			res.Running = true
		}
	}
	_, err := st.exec(`DELETE FROM main.import_journal WHERE id = ?`, m.journal)
	return err
}

// write inserts the next batch: the final orders from next down, then the kept IDs from the top.
func (m *merger) write() error {
	st := m.st
	var did int64
	switch {
	case m.next > 0:
		lo := max(0, m.next-m.batch)
		q := fmt.Sprintf(mergeInsert, "? + f.n", "NULL", "stage.final f", "f.n > ? AND f.n <= ?")
		r, err := st.exec(q, m.base, m.stamp, m.stamp, lo, m.next)
		if err != nil {
			return err
		}
		if did, err = r.RowsAffected(); err != nil {
			return err
		}
		m.next = lo
		if m.next == 0 && m.nKept == 0 {
			m.keptBelow = 0 // nothing keeps its ID: the batches are done
		}
	case m.keptBelow != 0:
		if m.nKept == 0 {
			m.keptBelow = 0
			return nil
		}
		below := m.keptBelow
		if below < 0 {
			below = 1 << 62
		}
		var lo sql.NullInt64
		if err := st.conn.QueryRowContext(st.ctx, `SELECT min(id) FROM (SELECT id FROM stage.kept WHERE id < ? ORDER BY id DESC LIMIT ?)`,
			below, m.batch).Scan(&lo); err != nil {
			return err
		}
		if !lo.Valid {
			m.keptBelow = 0
			return nil
		}
		q := fmt.Sprintf(mergeInsert, "f.id", "NULL", "stage.kept f", "f.id >= ? AND f.id < ?")
		r, err := st.exec(q, m.stamp, m.stamp, lo.Int64, below)
		if err != nil {
			return err
		}
		if did, err = r.RowsAffected(); err != nil {
			return err
		}
		if _, err := st.exec(`INSERT INTO main.import_records (journal_id, kind, record_id)
			SELECT ?, 'block', id FROM stage.kept WHERE id >= ? AND id < ?`, m.journal, lo.Int64, below); err != nil {
			return err
		}
		m.keptBelow = lo.Int64
		if lo.Int64 <= 1 {
			m.keptBelow = 0
		}
	}
	m.written += int(did)
	return nil
}

// guard fails the merge when a block stored since the plan, other than the import's own, overlaps
// a staged block: the plan trimmed or left out blocks for the stored ones and did not see it.
// Under keep there is nothing to check. Each block is looked at once: checked is the largest ID
// looked at so far.
func (m *merger) guard() error {
	if !m.plan.Guard {
		return nil
	}
	st, now := m.st, m.plan.Now.Unix()
	var id int64
	var ref string
	err := st.conn.QueryRowContext(st.ctx, `SELECT b.id, r.ref FROM main.blocks b JOIN stage.rows r ON r.state = 0
			AND r.start_at < coalesce(unixepoch(b.end_at), ?) AND coalesce(r.end_at, ?) > unixepoch(b.start_at)
		WHERE b.id > ? AND NOT (b.id > ? AND b.id <= ?) AND b.id NOT IN (SELECT id FROM stage.kept) LIMIT 1`,
		now, now, m.checked, m.base, m.base+m.n).Scan(&id, &ref)
	switch {
	case err == nil:
		return &tracker.ConflictError{Msg: fmt.Sprintf("block %d was added during the import and overlaps %s; "+
			"run the import again", id, ref)}
	case !errors.Is(err, sql.ErrNoRows):
		return err
	}
	var top sql.NullInt64
	if err := st.conn.QueryRowContext(st.ctx, `SELECT max(id) FROM main.blocks`).Scan(&top); err != nil {
		return err
	}
	m.checked = max(m.checked, top.Int64)
	return nil
}

// journalTx is the record inside the merge's first transaction: what it creates is written to
// the journal too, so that an import that does not finish can be undone.
type journalTx struct {
	*tx
	journal int64
}

func (j journalTx) record(kind string, id uint) error {
	return j.db.Exec(`INSERT INTO main.import_records (journal_id, kind, record_id) VALUES (?, ?, ?)`, j.journal, kind, id).Error
}

func (j journalTx) CreateProject(p *tracker.Project) error {
	if err := j.tx.CreateProject(p); err != nil {
		return err
	}
	return j.record("project", p.ID)
}

func (j journalTx) CreateDeliverable(d *tracker.Deliverable) error {
	if err := j.tx.CreateDeliverable(d); err != nil {
		return err
	}
	return j.record("deliverable", d.ID)
}

// undoBatch is how many blocks one transaction of an undo deletes.
const undoBatch = 20_000

// undo takes an unfinished import out of the record: its blocks in batches, then the projects and
// deliverables it created that nothing else uses by now, then the journal. It runs on the stage's
// connection when the importer undoes its own merge, else on the pool.
func (s *Store) undo(st *stage, journal int64) error {
	if journal == 0 {
		return nil
	}
	inTx := func(fn func(exec func(q string, args ...any) error) error) error {
		if st != nil {
			return st.inTx(true, func() error {
				return fn(func(q string, args ...any) error { _, err := st.exec(q, args...); return err })
			})
		}
		return s.db.Transaction(func(db *gorm.DB) error {
			return fn(func(q string, args ...any) error { return db.Exec(q, args...).Error })
		})
	}
	var row *sql.Row
	const q = `SELECT first_block, last_block FROM main.import_journal WHERE id = ?`
	if st != nil {
		row = st.conn.QueryRowContext(st.ctx, q, journal)
	} else {
		row = s.db.Raw(q, journal).Row()
	}
	var first, last int64
	if err := row.Scan(&first, &last); errors.Is(err, sql.ErrNoRows) {
		return nil
	} else if err != nil {
		return err
	}
	for hi := last; hi >= first; hi -= undoBatch {
		lo := max(first, hi-undoBatch+1)
		err := inTx(func(exec func(string, ...any) error) error {
			return exec(`DELETE FROM main.blocks WHERE id >= ? AND id <= ?`, lo, hi)
		})
		if err != nil {
			return err
		}
	}
	return inTx(func(exec func(string, ...any) error) error {
		steps := []string{
			`DELETE FROM main.blocks WHERE id IN (SELECT record_id FROM main.import_records WHERE journal_id = ? AND kind = 'block')`,
			`DELETE FROM main.deliverables WHERE id IN (SELECT record_id FROM main.import_records WHERE journal_id = ?
				AND kind = 'deliverable') AND NOT EXISTS (SELECT 1 FROM main.blocks b WHERE b.deliverable_id = deliverables.id)`,
			`DELETE FROM main.projects WHERE id IN (SELECT record_id FROM main.import_records WHERE journal_id = ?
				AND kind = 'project') AND NOT EXISTS (SELECT 1 FROM main.blocks b WHERE b.project_id = projects.id)
				AND NOT EXISTS (SELECT 1 FROM main.deliverables d WHERE d.project_id = projects.id)
				AND NOT EXISTS (SELECT 1 FROM main.milestones m WHERE m.project_id = projects.id)
				AND NOT EXISTS (SELECT 1 FROM main.requests r WHERE r.project_id = projects.id)
				AND NOT EXISTS (SELECT 1 FROM main.decisions d WHERE d.project_id = projects.id)`,
			`DELETE FROM main.import_journal WHERE id = ?`,
		}
		for _, q := range steps {
			if err := exec(q, journal); err != nil {
				return err
			}
		}
		return nil
	})
}

// undoImports undoes every journalled import; the caller holds the import lock, so none of them
// is still running.
func (s *Store) undoImports() error {
	var ids []int64
	if err := s.db.Raw(`SELECT id FROM import_journal ORDER BY id`).Scan(&ids).Error; err != nil {
		return fmt.Errorf("read the import journal: %w", err)
	}
	for _, id := range ids {
		if err := s.undo(nil, id); err != nil {
			return fmt.Errorf("undo an unfinished import: %w", err)
		}
	}
	return nil
}

// recoverImports undoes the imports whose process died, if no import is running now, and removes
// the stage such a process left. Open calls it, so that the blocks of an import killed while it
// merged are gone before anyone reads them.
func (s *Store) recoverImports() error {
	var n int64
	if err := s.db.Raw(`SELECT count(*) FROM import_journal`).Scan(&n).Error; err != nil {
		return err
	}
	if _, err := os.Stat(stagePath(s.path)); n == 0 && err != nil {
		return nil
	}
	lock, err := lockImport(s.path)
	if errors.Is(err, tracker.ErrConflict) {
		return nil // an import is merging right now; its journal is its own
	}
	if err != nil {
		return err
	}
	defer lock.Close()
	if err := s.undoImports(); err != nil {
		return err
	}
	_ = os.Remove(stagePath(s.path))
	return nil
}
