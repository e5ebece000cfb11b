package sqlite

import (
	"database/sql"
	"encoding/hex"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"shiplog/tracker"
)

// BlockSpans lists the blocks of the range, oldest first, in the lean form reports need.
//
// A year holds tens of thousands of blocks, and reading them row by row cost about 2.5 µs a row,
// mostly in the driver: two cgo calls and an interface conversion per column. So SQLite formats
// the rows as one text of space-separated integers (group_concat over the ordered rows), which is
// read with a single call and parsed here; for 100k blocks that takes 100 ms instead of 250 ms.
// Anything unexpected in that text falls back to reading the rows one by one.
func (t *tx) BlockSpans(r tracker.BlockRange) ([]tracker.BlockSpan, error) {
	// An error here (such as a text longer than SQLite allows, past about 25M blocks) also falls
	// back: the rows then report any error that is not about the text.
	if text, err := t.blockSpansText(r); err == nil {
		if out, ok := parseBlockSpans(text); ok {
			return out, nil
		}
	}
	return blockSpanRows(t.blockQuery(r))
}

// blockSpansText is the text that parseBlockSpans reads.
func (t *tx) blockSpansText(r tracker.BlockRange) (string, error) {
	q := t.blockQuery(r)
	// The fields are those of blockSpanRows, in that order; the kind is its index in Kinds, and a
	// running block's end is empty (%s prints NULL as nothing).
	rows := q.Select(`printf('%d %d %s %s %d %d %d', project_id,
		CASE kind WHEN 'deep' THEN 0 WHEN 'shallow' THEN 1 WHEN 'async' THEN 2 WHEN 'meeting' THEN 3 ELSE -1 END,
		unixepoch(start_at), unixepoch(end_at), planned_seconds, trim(goal) <> '', interruptions) AS x`).
		Order("start_at, id")
	var text sql.NullString
	err := t.db.Table("(?) AS spans", rows).Select("group_concat(x, ' ')").Row().Scan(&text)
	return text.String, err
}

// TimeIn sums in SQLite, so that a report comparing with earlier periods need not read their blocks.
// Whether blocks may overlap in the ranges it reads from block_overlaps, which the imports that
// keep overlapping blocks fill: looking for overlaps among the blocks themselves would cost as much
// as reading them.
func (t *tx) TimeIn(r tracker.BlockRange, ranges [][2]time.Time, now time.Time) ([]time.Duration, bool, error) {
	out := make([]time.Duration, len(ranges))
	if len(ranges) == 0 {
		return out, false, nil
	}
	q := t.blockQuery(r)
	// In nanoseconds, as time.Duration: now and the ranges may have fractions of a second.
	sub := q.Select(`unixepoch(start_at) * 1000000000 AS s, unixepoch(end_at) * 1000000000 AS e`)
	var cols []string
	var args []any
	lo, hi := ranges[0][0], ranges[0][1]
	for _, rg := range ranges {
		cols = append(cols, `coalesce(sum(max(0, min(coalesce(e, max(s, ?)), ?) - max(s, ?))), 0)`)
		args = append(args, now.UnixNano(), rg[1].UnixNano(), rg[0].UnixNano())
		if rg[0].Before(lo) {
			lo = rg[0]
		}
		if rg[1].After(hi) {
			hi = rg[1]
		}
	}
	args = append(args, sub)
	dest := make([]any, len(ranges))
	sums := make([]int64, len(ranges))
	for i := range sums {
		dest[i] = &sums[i]
	}
	if err := t.db.Raw("SELECT "+strings.Join(cols, ", ")+" FROM (?) AS b", args...).Row().Scan(dest...); err != nil {
		return nil, false, err
	}
	for i, n := range sums {
		out[i] = time.Duration(n)
	}
	// The stored stretches are in whole seconds; the end of the ranges is rounded up to one.
	if end := tracker.UTC(hi); end.Before(hi) {
		hi = end.Add(time.Second)
	}
	var overlap bool
	err := t.db.Raw(`SELECT EXISTS (SELECT 1 FROM block_overlaps WHERE from_at < ? AND to_at > ?)`, tracker.UTC(hi), tracker.UTC(lo)).
		Row().Scan(&overlap)
	return out, overlap, err
}

// blockSpanFields is the number of fields per block in BlockSpans' text.
const blockSpanFields = 7

// parseBlockSpans reads BlockSpans' text: blockSpanFields space-separated fields per block. It
// reports false if the text is not exactly that, or the blocks are not in order of their start.
func parseBlockSpans(text string) ([]tracker.BlockSpan, bool) {
	if text == "" {
		return nil, true
	}
	n, ok := countRecords(text, blockSpanFields)
	if !ok {
		return nil, false
	}
	out := make([]tracker.BlockSpan, n)
	ends := make([]time.Time, 0, n) // one allocation for all the ends
	r := fieldReader{text: text}
	for i := range out {
		b := &out[i]
		pid, kind, start := r.int(), r.int(), r.int()
		end, running := r.optInt()
		b.PlannedSeconds, b.HasGoal, b.Interruptions = r.int(), r.int() != 0, int(r.int())
		// Imported blocks may start together, so the starts only must not go back.
		if r.bad || pid < 0 || kind < 0 || kind >= int64(len(tracker.Kinds)) || (i > 0 && start < out[i-1].Start.Unix()) ||
			(!running && end <= start) {
			return nil, false
		}
		b.ProjectID, b.Kind, b.Start = uint(pid), tracker.Kinds[kind], time.Unix(start, 0).UTC()
		if !running {
			ends = append(ends, time.Unix(end, 0).UTC())
			b.End = &ends[len(ends)-1]
		}
	}
	return out, !r.bad && r.pos == len(text)+1
}

// countRecords counts the records of fields space-separated fields in text.
func countRecords(text string, fields int) (int, bool) {
	n := strings.Count(text, " ") + 1
	return n / fields, n%fields == 0
}

// fieldReader reads the space-separated fields of a text that SQLite wrote with printf and
// group_concat. It records a malformed field in bad instead of returning an error every time.
type fieldReader struct {
	text string
	pos  int
	bad  bool
}

func (r *fieldReader) next() string {
	if r.pos > len(r.text) {
		r.bad = true
		return ""
	}
	rest := r.text[r.pos:]
	i := strings.IndexByte(rest, ' ')
	if i < 0 {
		r.pos = len(r.text) + 1 // the last field; reading another one is an error
		return rest
	}
	r.pos += i + 1
	return rest[:i]
}

// int reads an integer field, which must not be empty.
func (r *fieldReader) int() int64 {
	v, null := r.optInt()
	if null {
		r.bad = true
	}
	return v
}

// optInt reads an integer field; an empty one is NULL.
func (r *fieldReader) optInt() (v int64, null bool) {
	f := r.next()
	if f == "" {
		return 0, true
	}
	v, err := strconv.ParseInt(f, 10, 64)
	if err != nil {
		r.bad = true
	}
	return v, false
}

// hex reads a field that SQLite's hex() wrote, giving back the text's exact bytes.
func (r *fieldReader) hex() string {
	f := r.next()
	if f == "" {
		return ""
	}
	b, err := hex.DecodeString(f)
	if err != nil {
		r.bad = true
	}
	return string(b)
}

// blockSpanRows reads block spans row by row.
func blockSpanRows(q *gorm.DB) ([]tracker.BlockSpan, error) {
	// SQLite turns the stored times into Unix seconds far faster than the driver parses the text.
	rows, err := q.Select(`project_id, kind, CAST(strftime('%s', start_at) AS INTEGER),
		CAST(strftime('%s', end_at) AS INTEGER), planned_seconds, trim(goal) <> '', interruptions`).
		Order("start_at, id").Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []tracker.BlockSpan
	for rows.Next() {
		var b tracker.BlockSpan
		var start int64
		var end sql.NullInt64
		if err := rows.Scan(&b.ProjectID, &b.Kind, &start, &end, &b.PlannedSeconds, &b.HasGoal, &b.Interruptions); err != nil {
			return nil, err
		}
		b.Start = time.Unix(start, 0).UTC()
		if end.Valid {
			e := time.Unix(end.Int64, 0).UTC()
			b.End = &e
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// investedIndexShare: InvestedSeconds reads the wanted deliverables' blocks through the blocks_deliverable index when
// they are fewer than one in investedIndexShare of all blocks, and scans the table otherwise: a
// lookup through the index costs about as much as 25 rows of a scan (100k blocks: 4 µs against
// 0.16 µs a row).
const investedIndexShare = 24

// InvestedSeconds picks among three queries by how many of the blocks it needs.
func (t *tx) InvestedSeconds(ids []uint, now, until time.Time) (map[uint]int64, error) {
	secs := `unixepoch(coalesce(end_at, ?)) - unixepoch(start_at)`
	now = tracker.UTC(now)
	bind := []any{now}
	if !until.IsZero() {
		// A report for a past period counts only the work done by its end: each block up to
		// until, and nothing of a block that starts later.
		secs = `max(0, min(unixepoch(coalesce(end_at, ?)), ?) - unixepoch(start_at))`
		bind = append(bind, until.Unix())
	}
	if len(ids) > 1000 {
		// Sum them all rather than bind a long list, then keep the wanted ones.
		all, err := t.InvestedSeconds(nil, now, until)
		if err != nil {
			return nil, err
		}
		m := make(map[uint]int64, len(ids))
		for _, id := range ids {
			if v, ok := all[id]; ok {
				m[id] = v
			}
		}
		return m, nil
	}
	if ids != nil {
		// Every deliverable wanted, as in a report listing all of them: summing them all without
		// the IN test is a sixth faster.
		var all, wanted int64
		if err := t.db.Raw(`SELECT count(*), count(*) FILTER (WHERE id IN ?) FROM deliverables`, ids).Row().Scan(&all, &wanted); err != nil {
			return nil, err
		}
		if wanted == all {
			ids = nil
		}
	}
	var q string
	var args []any
	switch {
	case ids == nil:
		// A sequential scan: when many blocks have a deliverable, walking blocks_deliverable costs
		// one table lookup per block, several times what scanning the table costs (100k blocks:
		// 250 ms against 30 ms). The blocks' seconds are computed in a subquery that the LIMIT keeps
		// SQLite from flattening, so that the GROUP BY sorts small rows instead of the stored times
		// (a fifth faster). unixepoch parses a time once, unlike CAST(strftime('%s', ...)).
		q = `SELECT deliverable_id, sum(secs) FROM (SELECT deliverable_id, ` + secs + ` AS secs
			FROM blocks NOT INDEXED WHERE deliverable_id IS NOT NULL LIMIT -1) GROUP BY deliverable_id`
		args = bind
	default:
		// Count the wanted blocks in the covering index (about 1 ms) to choose between the index
		// and a scan; max(rowid) stands in for the number of blocks.
		var n int64
		var total sql.NullInt64
		err := t.db.Raw(`SELECT count(*), (SELECT max(rowid) FROM blocks) FROM blocks WHERE deliverable_id IN ?`, ids).
			Row().Scan(&n, &total)
		if err != nil {
			return nil, err
		}
		if n == 0 {
			return map[uint]int64{}, nil
		}
		if n*investedIndexShare < total.Int64 {
			q = `SELECT deliverable_id, sum(` + secs + `) FROM blocks INDEXED BY blocks_deliverable
				WHERE deliverable_id IN ? GROUP BY deliverable_id`
		} else {
			q = `SELECT deliverable_id, sum(secs) FROM (SELECT deliverable_id, ` + secs + ` AS secs
				FROM blocks NOT INDEXED WHERE deliverable_id IN ? LIMIT -1) GROUP BY deliverable_id`
		}
		args = append(bind, ids)
	}
	rows, err := t.db.Raw(q, args...).Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	invested := map[uint]int64{}
	for rows.Next() {
		var id int64
		var sum sql.NullInt64
		if err := rows.Scan(&id, &sum); err != nil {
			return nil, err
		}
		invested[uint(id)] = max(sum.Int64, 0)
	}
	return invested, rows.Err()
}
