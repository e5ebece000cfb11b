package tracker

import (
	"errors"
	"fmt"
	"time"
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
	var out []BlockSpan
	err := s.read(func(tx Tx) error {
		r, err := blockRange(tx, f)
		if err != nil {
			return err
		}
		out, err = tx.BlockSpans(r)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list block spans: %w", err)
	}
	return out, nil
}

// TimeIn sums, for each of the ranges, the time that blocks of the kind spent inside it, exactly
// as a report sums BlockSpans: the time Attribute gives each block (where blocks overlap, the
// overlapped span counts once, for the block that started later), clipped to the range, a running
// block up to now (or its start, if later). The filter selects the blocks as BlockSpans does and
// must cover the ranges; its Kinds are replaced by kind. The store does the sums, so that a report
// comparing with earlier periods need not read their blocks; only where blocks of the filter's
// range overlap, which imports alone can cause, are they read and attributed here.
func (s *Service) TimeIn(f BlockFilter, kind Kind, ranges [][2]time.Time, now time.Time) ([]time.Duration, error) {
	if len(ranges) == 0 {
		return make([]time.Duration, 0), nil
	}
	f.Kinds = []Kind{kind}
	var out []time.Duration
	err := s.read(func(tx Tx) error {
		r, err := blockRange(tx, f)
		if err != nil {
			return err
		}
		var overlap bool
		if out, overlap, err = tx.TimeIn(r, ranges, now); err != nil || !overlap {
			return err
		}
		all := r
		all.Kinds, all.ProjectIDs = nil, nil
		spans, err := tx.BlockSpans(all)
		if err != nil {
			return err
		}
		projects := map[uint]bool{}
		for _, id := range r.ProjectIDs {
			projects[id] = true
		}
		out = make([]time.Duration, len(ranges))
		for i, parts := range Attribute(spans, now) {
			if spans[i].Kind != kind || (len(projects) > 0 && !projects[spans[i].ProjectID]) {
				continue
			}
			for j, rg := range ranges {
				out[j] += PartsIn(parts, rg[0], rg[1])
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sum block time: %w", err)
	}
	return out, nil
}

// FirstBlockStart is where the record begins: the start of the earliest block of any project. ok
// is false while no block is recorded. A report compares a period with the one before only as far
// as the record reaches back.
func (s *Service) FirstBlockStart() (start time.Time, ok bool, err error) {
	err = s.read(func(tx Tx) error {
		b, err := tx.FirstBlockIn(time.Unix(0, 0).UTC(), nil, 0)
		switch {
		case errors.Is(err, ErrNotFound):
			return nil
		case err != nil:
			return err
		}
		start, ok = b.Start, true
		return nil
	})
	if err != nil {
		return time.Time{}, false, fmt.Errorf("find the first block: %w", err)
	}
	return start, ok, nil
}
