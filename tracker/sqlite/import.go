package sqlite

import (
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"shiplog/tracker"
)

func (t *tx) BlockSourceKeys() (map[string]uint, error) {
	rows, err := t.db.Raw(`SELECT source_key, id FROM blocks WHERE source_key IS NOT NULL`).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]uint{}
	for rows.Next() {
		var key string
		var id uint
		if err := rows.Scan(&key, &id); err != nil {
			return nil, err
		}
		out[key] = id
	}
	return out, rows.Err()
}

func (t *tx) BlockTimes() ([]tracker.Block, error) {
	var rows []blockRow
	if err := t.db.Select("id", "start_at", "end_at").Order("start_at").Find(&rows).Error; err != nil {
		return nil, err
	}
	bs := make([]tracker.Block, len(rows))
	for i, r := range rows {
		bs[i] = tracker.Block{ID: r.ID, Start: r.StartAt, End: r.EndAt}
	}
	return bs, nil
}

// BlockTimesIn reads the blocks that overlap [from, to) as Unix seconds: those that start in the
// range, those that start before it and run into it, and the running block.
func (t *tx) BlockTimesIn(from, to time.Time) ([]tracker.BlockTime, error) {
	from, to = tracker.UTC(from), tracker.UTC(to)
	longest, err := t.longest()
	if err != nil {
		return nil, err
	}
	rows, err := t.db.Raw(`SELECT id, unixepoch(start_at), coalesce(unixepoch(end_at), 0) FROM blocks
		WHERE start_at >= ? AND start_at < ? AND (end_at IS NULL OR end_at > ?)
		UNION SELECT id, unixepoch(start_at), 0 FROM blocks WHERE end_at IS NULL
		ORDER BY 2, 1`, from.Add(-longest), to, from).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tracker.BlockTime
	for rows.Next() {
		var b tracker.BlockTime
		if err := rows.Scan(&b.ID, &b.Start, &b.End); err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, rows.Err()
}

func (t *tx) NoteOverlaps(from, to time.Time) error {
	return t.db.Exec(`INSERT INTO block_overlaps (from_at, to_at) VALUES (?, ?)`, tracker.UTC(from), tracker.UTC(to)).Error
}

func (t *tx) OverlapStretches() ([][2]time.Time, error) {
	rows, err := t.db.Raw(`SELECT from_at, to_at FROM block_overlaps ORDER BY from_at`).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out [][2]time.Time
	for rows.Next() {
		var st [2]time.Time
		if err := rows.Scan(&st[0], &st[1]); err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

func (t *tx) MaxBlockID() (uint, error) {
	var id sql.NullInt64
	err := t.db.Raw("SELECT max(id) FROM blocks").Row().Scan(&id)
	return uint(id.Int64), err
}

// tables names the table of each kind of record.
var tables = map[tracker.Record]string{
	tracker.RecordProjects: "projects", tracker.RecordMilestones: "milestones", tracker.RecordDeliverables: "deliverables",
	tracker.RecordBlocks: "blocks", tracker.RecordRequests: "requests", tracker.RecordDecisions: "decisions",
}

func table(kind tracker.Record) (string, error) {
	if t, ok := tables[kind]; ok {
		return t, nil
	}
	return "", fmt.Errorf("no table holds %s by ID", kind)
}

func (t *tx) IDFree(kind tracker.Record, id uint) (bool, error) {
	tbl, err := table(kind)
	if err != nil {
		return false, err
	}
	var n int64
	err = t.db.Table(tbl).Where("id = ?", id).Count(&n).Error
	return n == 0, err
}

func (t *tx) KeyedID(kind tracker.Record, key string) (uint, error) {
	tbl, err := table(kind)
	if err != nil {
		return 0, err
	}
	var ids []uint
	if err := t.db.Table(tbl).Where("source_key = ?", key).Pluck("id", &ids).Error; err != nil {
		return 0, err
	}
	if len(ids) == 0 {
		return 0, &tracker.NotFoundError{What: fmt.Sprintf("%s with source key %q", kind, key)}
	}
	return ids[0], nil
}

// InsertBlocks writes validated blocks with multi-row INSERTs on the transaction's connection.
// GORM's batch create reflects over every field and reads the IDs back, which made a 100k-row
// import take seconds; nothing here needs the new IDs. Times are normalised as the store's
// callback would do it.
func (t *tx) InsertBlocks(blocks []tracker.Block) error {
	const cols = 16
	const batch = 500 // 8000 parameters, well under SQLite's limit of 32766
	tx := t.db
	stamp := tx.NowFunc()
	ctx := tx.Statement.Context
	if len(blocks) > 1000 {
		// Hashed source keys land all over their unique index; with SQLite's default 2 MB page cache a
		// large import spends much of its time evicting and re-reading index pages. The cache belongs
		// to the connection, so it is put back afterwards.
		var old int64
		if err := tx.Raw("PRAGMA cache_size").Scan(&old).Error; err == nil && tx.Exec("PRAGMA cache_size = -65536").Error == nil {
			defer tx.Exec(fmt.Sprintf("PRAGMA cache_size = %d", old))
		}
	}
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	// One statement per batch size, prepared once: preparing a 500-row INSERT for every batch cost
	// as much as running it.
	prepare := func(n int) (*sql.Stmt, error) {
		if st, ok := stmts[n]; ok {
			return st, nil
		}
		row := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
		q := `INSERT INTO blocks (id, project_id, deliverable_id, kind, start_at, end_at, planned_seconds, goal,
			outcome, interruptions, last_seen, source_key, created_at, updated_at, uid, rev) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+",", n), ",")
		st, err := tx.Statement.ConnPool.PrepareContext(ctx, q)
		if err != nil {
			return nil, err
		}
		stmts[n] = st
		return st, nil
	}
	args := make([]any, 0, batch*cols)
	for len(blocks) > 0 {
		n := min(batch, len(blocks))
		args = args[:0]
		for _, b := range blocks[:n] {
			var id any
			if b.ID != 0 {
				id = int64(b.ID)
			}
			var did any
			if b.DeliverableID != nil {
				did = int64(*b.DeliverableID)
			}
			var end, seen any
			if b.End != nil {
				end = tracker.UTC(*b.End)
			}
			if b.LastSeen != nil {
				seen = tracker.UTC(*b.LastSeen)
			}
			var key any
			if b.SourceKey != nil {
				key = *b.SourceKey
			}
			// The id and first revision that the outbox's insert trigger would otherwise give each
			// row with an update of its own.
			uid, err := uuid.NewV7()
			if err != nil {
				return err
			}
			args = append(args, id, int64(b.ProjectID), did, string(b.Kind), tracker.UTC(b.Start), end, b.PlannedSeconds, b.Goal,
				b.Outcome, int64(b.Interruptions), seen, key, stamp, stamp, uid.String(), 1)
		}
		st, err := prepare(n)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
		blocks = blocks[n:]
	}
	return nil
}

// SnapshotBlocks reads every block, by ID, with its project's ID alongside. Loading 100k full
// Blocks through GORM's reflection and time parsing took most of an export's time, and reading the
// ten columns row by row still cost about 2 µs a row in the driver (two cgo calls per column). So
// SQLite writes the rows as one text of space-separated fields, the times as Unix seconds and
// goal and outcome in hex(), which is read with a single call and parsed here: 100k blocks in
// about 130 ms instead of 250. Anything unexpected in that text falls back to reading rows.
func (t *tx) SnapshotBlocks() ([]tracker.SnapBlock, []uint, error) {
	// An error here (such as a text longer than SQLite allows) also falls back to the rows.
	if text, err := snapshotBlocksText(t.db); err == nil {
		if bs, pids, ok := parseSnapBlocks(text); ok {
			return bs, pids, nil
		}
	}
	return snapshotBlockRows(t.db)
}

// snapshotBlocksText is the text that parseSnapBlocks reads.
func snapshotBlocksText(tx *gorm.DB) (string, error) {
	var text sql.NullString
	err := tx.Raw(`SELECT group_concat(x, ' ') FROM (SELECT printf('%d %d %d %s %s %d %d %s %s %s', id, project_id,
		CASE kind WHEN 'deep' THEN 0 WHEN 'shallow' THEN 1 WHEN 'async' THEN 2 WHEN 'meeting' THEN 3 ELSE -1 END,
		unixepoch(start_at), unixepoch(end_at), planned_seconds, interruptions, deliverable_id, hex(goal),
		hex(outcome)) AS x FROM blocks ORDER BY id)`).Row().Scan(&text)
	return text.String, err
}

// snapBlockFields is the number of fields per block in SnapshotBlocks' text.
const snapBlockFields = 10

// parseSnapBlocks reads SnapshotBlocks' text. It reports false if the text is not exactly
// snapBlockFields fields per block, with the IDs ascending.
func parseSnapBlocks(text string) ([]tracker.SnapBlock, []uint, bool) {
	if text == "" {
		return nil, nil, true
	}
	n, ok := countRecords(text, snapBlockFields)
	if !ok {
		return nil, nil, false
	}
	out, pids := make([]tracker.SnapBlock, n), make([]uint, n)
	// One allocation each for the ends and the deliverable IDs the blocks point to.
	ends, delivs := make([]time.Time, 0, n), make([]uint, 0, n)
	r := fieldReader{text: text}
	for i := range out {
		b := &out[i]
		id, pid, kind, start := r.int(), r.int(), r.int(), r.int()
		end, running := r.optInt()
		b.PlannedSeconds, b.Interruptions = r.int(), int(r.int())
		deliv, noDeliv := r.optInt()
		b.Goal, b.Outcome = r.hex(), r.hex()
		if r.bad || id <= 0 || pid < 0 || deliv < 0 || kind < 0 || kind >= int64(len(tracker.Kinds)) ||
			(i > 0 && uint(id) <= out[i-1].ID) {
			return nil, nil, false
		}
		b.ID, pids[i], b.Kind, b.Start = uint(id), uint(pid), tracker.Kinds[kind], time.Unix(start, 0).UTC()
		if !running {
			ends = append(ends, time.Unix(end, 0).UTC())
			b.End = &ends[len(ends)-1]
		}
		if !noDeliv {
			delivs = append(delivs, uint(deliv))
			b.DeliverableID = &delivs[len(delivs)-1]
		}
	}
	return out, pids, !r.bad && r.pos == len(text)+1
}

// snapshotBlockRows reads the blocks for SnapshotBlocks row by row.
func snapshotBlockRows(tx *gorm.DB) ([]tracker.SnapBlock, []uint, error) {
	rows, err := tx.Raw(`SELECT id, project_id, kind, unixepoch(start_at), unixepoch(end_at), planned_seconds, goal,
		outcome, interruptions, deliverable_id FROM blocks ORDER BY id`).Rows()
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []tracker.SnapBlock
	var pids []uint
	for rows.Next() {
		var (
			b          tracker.SnapBlock
			projectID  uint
			start      int64
			end, deliv sql.NullInt64
		)
		if err := rows.Scan(&b.ID, &projectID, &b.Kind, &start, &end, &b.PlannedSeconds, &b.Goal, &b.Outcome,
			&b.Interruptions, &deliv); err != nil {
			return nil, nil, err
		}
		b.Start = time.Unix(start, 0).UTC()
		if end.Valid {
			e := time.Unix(end.Int64, 0).UTC()
			b.End = &e
		}
		if deliv.Valid {
			d := uint(deliv.Int64)
			b.DeliverableID = &d
		}
		out = append(out, b)
		pids = append(pids, projectID)
	}
	return out, pids, rows.Err()
}
