package tracker

import (
	"database/sql"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"
)

// BlockSpan is the part of a block that reports aggregate: no texts but whether it has a goal.
// Reports read many thousands of blocks for a year, so they skip the full Block and its names.
type BlockSpan struct {
	ProjectID      uint
	Kind           Kind
	Start          time.Time
	End            *time.Time // nil while running
	PlannedSeconds int64
	HasGoal        bool
	Interruptions  int
}

// BlockSpans lists the blocks overlapping the filter's range, oldest first, in the lean form
// reports need. It selects like Blocks.
//
// A year holds tens of thousands of blocks, and reading them row by row cost about 2.5 µs a row,
// mostly in the driver: two cgo calls and an interface conversion per column. So SQLite formats
// the rows as one text of space-separated integers (group_concat over the ordered rows), which is
// read with a single call and parsed here; for 100k blocks that takes 100 ms instead of 250 ms.
// Anything unexpected in that text falls back to reading the rows one by one.
func (s *Service) BlockSpans(f BlockFilter) ([]BlockSpan, error) {
	// An error here (such as a text longer than SQLite allows, past about 25M blocks) also falls
	// back: the rows then report any error that is not about the text.
	if text, err := s.blockSpansText(f); err == nil {
		if out, ok := parseBlockSpans(text); ok {
			return out, nil
		}
	}
	q, err := blockQuery(s.db, f)
	if err != nil {
		return nil, fmt.Errorf("list block spans: %w", err)
	}
	return blockSpanRows(q)
}

// blockSpansText is the text that parseBlockSpans reads.
func (s *Service) blockSpansText(f BlockFilter) (string, error) {
	q, err := blockQuery(s.db, f)
	if err != nil {
		return "", err
	}
	// The fields are those of blockSpanRows, in that order; the kind is its index in Kinds, and a
	// running block's end is empty (%s prints NULL as nothing).
	rows := q.Select(`printf('%d %d %s %s %d %d %d', project_id,
		CASE kind WHEN 'deep' THEN 0 WHEN 'shallow' THEN 1 WHEN 'async' THEN 2 WHEN 'meeting' THEN 3 ELSE -1 END,
		unixepoch(start_at), unixepoch(end_at), planned_seconds, trim(goal) <> '', interruptions) AS x`).
		Order("start_at, id")
	var text sql.NullString
	err = s.db.Table("(?) AS spans", rows).Select("group_concat(x, ' ')").Row().Scan(&text)
	return text.String, err
}

// TimeIn sums, for each of the ranges, the time that blocks of the kind spent inside it, exactly
// as a report sums BlockSpans: whole seconds of the stored times, clipped to the range, and a
// running block up to now (or its start, if later). The filter selects the blocks as BlockSpans
// does and must cover the ranges; its Kinds are replaced by kind. The sums are done in SQLite, so
// that a report comparing with earlier periods need not read their blocks.
func (s *Service) TimeIn(f BlockFilter, kind Kind, ranges [][2]time.Time, now time.Time) ([]time.Duration, error) {
	out := make([]time.Duration, len(ranges))
	if len(ranges) == 0 {
		return out, nil
	}
	f.Kinds = []Kind{kind}
	q, err := blockQuery(s.db, f)
	if err != nil {
		return nil, fmt.Errorf("sum block time: %w", err)
	}
	// In nanoseconds, as time.Duration: now and the ranges may have fractions of a second.
	sub := q.Select(`unixepoch(start_at) * 1000000000 AS s, unixepoch(end_at) * 1000000000 AS e`)
	var cols []string
	var args []any
	for _, r := range ranges {
		cols = append(cols, `coalesce(sum(max(0, min(coalesce(e, max(s, ?)), ?) - max(s, ?))), 0)`)
		args = append(args, now.UnixNano(), r[1].UnixNano(), r[0].UnixNano())
	}
	args = append(args, sub)
	dest := make([]any, len(ranges))
	sums := make([]int64, len(ranges))
	for i := range sums {
		dest[i] = &sums[i]
	}
	if err := s.db.Raw("SELECT "+strings.Join(cols, ", ")+" FROM (?) AS b", args...).Row().Scan(dest...); err != nil {
		return nil, fmt.Errorf("sum block time: %w", err)
	}
	for i, n := range sums {
		out[i] = time.Duration(n)
	}
	return out, nil
}

// blockSpanFields is the number of fields per block in BlockSpans' text.
const blockSpanFields = 7

// parseBlockSpans reads BlockSpans' text: blockSpanFields space-separated fields per block. It
// reports false if the text is not exactly that, or the blocks are not in order of their start.
func parseBlockSpans(text string) ([]BlockSpan, bool) {
	if text == "" {
		return nil, true
	}
	n, ok := countRecords(text, blockSpanFields)
	if !ok {
		return nil, false
	}
	out := make([]BlockSpan, n)
	ends := make([]time.Time, 0, n) // one allocation for all the ends
	r := fieldReader{text: text}
	for i := range out {
		b := &out[i]
		pid, kind, start := r.int(), r.int(), r.int()
		end, running := r.optInt()
		b.PlannedSeconds, b.HasGoal, b.Interruptions = r.int(), r.int() != 0, int(r.int())
		if r.bad || pid < 0 || kind < 0 || kind >= int64(len(Kinds)) || (i > 0 && start <= out[i-1].Start.Unix()) ||
			(!running && end <= start) {
			return nil, false
		}
		b.ProjectID, b.Kind, b.Start = uint(pid), Kinds[kind], time.Unix(start, 0).UTC()
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
func blockSpanRows(q *gorm.DB) ([]BlockSpan, error) {
	// SQLite turns the stored times into Unix seconds far faster than the driver parses the text.
	rows, err := q.Select(`project_id, kind, CAST(strftime('%s', start_at) AS INTEGER),
		CAST(strftime('%s', end_at) AS INTEGER), planned_seconds, trim(goal) <> '', interruptions`).
		Order("start_at, id").Rows()
	if err != nil {
		return nil, fmt.Errorf("list block spans: %w", err)
	}
	defer rows.Close()
	var out []BlockSpan
	for rows.Next() {
		var b BlockSpan
		var start int64
		var end sql.NullInt64
		if err := rows.Scan(&b.ProjectID, &b.Kind, &start, &end, &b.PlannedSeconds, &b.HasGoal, &b.Interruptions); err != nil {
			return nil, fmt.Errorf("list block spans: %w", err)
		}
		b.Start = time.Unix(start, 0).UTC()
		if end.Valid {
			e := time.Unix(end.Int64, 0).UTC()
			b.End = &e
		}
		out = append(out, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list block spans: %w", err)
	}
	return out, nil
}

// BulkInsertBlocks stores finished blocks in one transaction, for imports and benchmarks. It checks
// each block's own fields but, unlike AddBlock, not overlaps: the caller vouches that the blocks do
// not overlap each other or stored blocks. ProjectID must be set.
func (s *Service) BulkInsertBlocks(bs []Block) error {
	now := s.clock.Now()
	for i := range bs {
		b := &bs[i]
		b.ID = 0
		if b.End == nil {
			return fmt.Errorf("bulk insert blocks: block %d: %w", i, invalid("end", "must be set"))
		}
		if err := b.Validate(now); err != nil {
			return fmt.Errorf("bulk insert blocks: block %d: %w", i, err)
		}
		if b.ProjectID == 0 {
			return fmt.Errorf("bulk insert blocks: block %d: %w", i, invalid("project", "must be set"))
		}
	}
	err := s.tx(func(tx *gorm.DB) error {
		return tx.CreateInBatches(bs, 500).Error
	})
	if err != nil {
		return fmt.Errorf("bulk insert blocks: %w", err)
	}
	return nil
}
