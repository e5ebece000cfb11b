package tracker

import (
	"database/sql"
	"fmt"
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
func (s *Service) BlockSpans(f BlockFilter) ([]BlockSpan, error) {
	q, err := blockQuery(s.db, f)
	if err != nil {
		return nil, fmt.Errorf("list block spans: %w", err)
	}
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
