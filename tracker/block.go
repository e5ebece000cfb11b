package tracker

import (
	"database/sql"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// StartBlock starts a running block and persists it at once. If another block is running, it is
// stopped at the new block's start, in the same transaction; that block is returned as stopped.
// b.Project names the project; a zero b.Start means now.
func (s *Service) StartBlock(b Block) (started Block, stopped *Block, err error) {
	now := s.clock.Now()
	if b.Start.IsZero() {
		b.Start = now
	}
	b.ID, b.End = 0, nil
	b.Start = utc(b.Start)
	seen := b.Start
	b.LastSeen = &seen
	if err := b.Validate(now); err != nil {
		return Block{}, nil, fmt.Errorf("start block: %w", err)
	}
	err = s.tx(func(tx *gorm.DB) error {
		if err := resolveBlockRefs(tx, &b); err != nil {
			return err
		}
		var run Block
		switch err := tx.Where("end_at IS NULL").Take(&run).Error; {
		case err == nil:
			if !b.Start.After(run.Start) {
				return &ConflictError{Msg: fmt.Sprintf("block %d is running since %s; a new block must start after it",
					run.ID, run.Start.Format(time.RFC3339))}
			}
			end := b.Start
			run.End = &end
			if err := tx.Model(&run).Update("end_at", end).Error; err != nil {
				return err
			}
			stopped = &run
		case !errors.Is(err, gorm.ErrRecordNotFound):
			return err
		}
		if err := checkOverlap(tx, b); err != nil {
			return err
		}
		return tx.Create(&b).Error
	})
	if err != nil {
		return Block{}, nil, fmt.Errorf("start block: %w", err)
	}
	if stopped != nil {
		stopped.Project, _ = projectName(s.db, stopped.ProjectID)
	}
	return b, stopped, nil
}

// StopInput says how to stop the running block. A zero At means now.
type StopInput struct {
	At            time.Time
	Outcome       string
	Interruptions *int
	DeliverableID *uint
}

// StopBlock stops the running block. With no block running it is a conflict.
func (s *Service) StopBlock(in StopInput) (Block, error) {
	now := s.clock.Now()
	if in.At.IsZero() {
		in.At = now
	}
	var b Block
	err := s.tx(func(tx *gorm.DB) error {
		var err error
		b, err = stopRunning(tx, in, now)
		return err
	})
	if err != nil {
		return Block{}, fmt.Errorf("stop block: %w", err)
	}
	b.Project, _ = projectName(s.db, b.ProjectID)
	return b, nil
}

func stopRunning(tx *gorm.DB, in StopInput, now time.Time) (Block, error) {
	var b Block
	if err := tx.Where("end_at IS NULL").Take(&b).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return Block{}, &ConflictError{Msg: "no block is running"}
		}
		return Block{}, err
	}
	end := utc(in.At)
	b.End = &end
	if end.Equal(b.Start) {
		// A block stopped within the second it started was a slip of the finger: discard it rather
		// than refuse the stop, so that the timer is idle afterwards as the user meant.
		b.Discarded = true
		return b, tx.Delete(&Block{}, b.ID).Error
	}
	if in.Outcome != "" {
		b.Outcome = in.Outcome
	}
	if in.Interruptions != nil {
		b.Interruptions = *in.Interruptions
	}
	if in.DeliverableID != nil {
		b.DeliverableID = in.DeliverableID
	}
	if err := b.Validate(now); err != nil {
		return Block{}, err
	}
	if err := resolveBlockRefs(tx, &b); err != nil {
		return Block{}, err
	}
	return b, tx.Save(&b).Error
}

// Running returns the running block, or ErrNotFound when idle.
func (s *Service) Running() (Block, error) {
	var b Block
	if err := s.db.Where("end_at IS NULL").Take(&b).Error; err != nil {
		return Block{}, notFound(err, "running block")
	}
	b.Project, _ = projectName(s.db, b.ProjectID)
	return b, nil
}

// Heartbeat records that the app saw the running block alive at t, so that a later gap (sleep,
// crash) can be told apart from work.
func (s *Service) Heartbeat(t time.Time) error {
	return s.tx(func(tx *gorm.DB) error {
		return tx.Model(&Block{}).Where("end_at IS NULL").Update("last_seen", utc(t)).Error
	})
}

// AddBlock records a finished block. It may not overlap another block.
func (s *Service) AddBlock(b Block) (Block, error) {
	now := s.clock.Now()
	b.ID = 0
	if b.End == nil {
		return Block{}, fmt.Errorf("add block: %w", invalid("to", "must be set; use start for a running block"))
	}
	if err := b.Validate(now); err != nil {
		return Block{}, fmt.Errorf("add block: %w", err)
	}
	err := s.tx(func(tx *gorm.DB) error {
		if err := resolveBlockRefs(tx, &b); err != nil {
			return err
		}
		if err := checkOverlap(tx, b); err != nil {
			return err
		}
		return tx.Create(&b).Error
	})
	if err != nil {
		return Block{}, fmt.Errorf("add block: %w", err)
	}
	return b, nil
}

// BlockPatch changes some fields of a block; nil fields stay as they are.
type BlockPatch struct {
	Kind          *Kind
	Project       *string
	Start         *time.Time
	End           *time.Time
	Goal          *string
	Outcome       *string
	Interruptions *int
	PlannedSecs   *int64
	DeliverableID **uint
}

// EditBlock applies a patch to a block and checks the result like a new block.
func (s *Service) EditBlock(id uint, p BlockPatch) (Block, error) {
	now := s.clock.Now()
	var b Block
	err := s.tx(func(tx *gorm.DB) error {
		if err := tx.Take(&b, id).Error; err != nil {
			return notFound(err, fmt.Sprintf("block %d", id))
		}
		b.Project, _ = projectName(tx, b.ProjectID)
		if p.Kind != nil {
			b.Kind = *p.Kind
		}
		if p.Project != nil {
			b.Project = *p.Project
		}
		if p.Start != nil {
			b.Start = utc(*p.Start)
		}
		if p.End != nil {
			if b.End == nil {
				return invalid("end", "cannot be set on the running block; stop it instead")
			}
			e := utc(*p.End)
			b.End = &e
		}
		if p.Goal != nil {
			b.Goal = *p.Goal
		}
		if p.Outcome != nil {
			b.Outcome = *p.Outcome
		}
		if p.Interruptions != nil {
			b.Interruptions = *p.Interruptions
		}
		if p.PlannedSecs != nil {
			b.PlannedSeconds = *p.PlannedSecs
		}
		if p.DeliverableID != nil {
			b.DeliverableID = *p.DeliverableID
		}
		if err := b.Validate(now); err != nil {
			return err
		}
		if err := resolveBlockRefs(tx, &b); err != nil {
			return err
		}
		if err := checkOverlap(tx, b); err != nil {
			return err
		}
		return tx.Save(&b).Error
	})
	if err != nil {
		return Block{}, fmt.Errorf("edit block %d: %w", id, err)
	}
	return b, nil
}

// DeleteBlock removes a block and returns it, so that the caller can offer undo through RestoreBlock.
func (s *Service) DeleteBlock(id uint) (Block, error) {
	var b Block
	err := s.tx(func(tx *gorm.DB) error {
		if err := tx.Take(&b, id).Error; err != nil {
			return notFound(err, fmt.Sprintf("block %d", id))
		}
		return tx.Delete(&Block{}, id).Error
	})
	if err != nil {
		return Block{}, fmt.Errorf("delete block %d: %w", id, err)
	}
	b.Project, _ = projectName(s.db, b.ProjectID)
	return b, nil
}

// RestoreBlock puts a deleted block back with its old ID: the undo of DeleteBlock.
func (s *Service) RestoreBlock(b Block) (Block, error) {
	err := s.tx(func(tx *gorm.DB) error {
		if err := checkOverlap(tx, b); err != nil {
			return err
		}
		if b.End == nil {
			var n int64
			if err := tx.Model(&Block{}).Where("end_at IS NULL").Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				return &ConflictError{Msg: "another block is running"}
			}
		}
		return tx.Create(&b).Error
	})
	if err != nil {
		return Block{}, fmt.Errorf("restore block %d: %w", b.ID, err)
	}
	return b, nil
}

// BlockFilter selects blocks that overlap [From, To); zero bounds are open.
type BlockFilter struct {
	From, To time.Time
	Projects []string
	Kinds    []Kind
}

// Blocks lists blocks overlapping the filter's range, oldest first, with project names filled in.
func (s *Service) Blocks(f BlockFilter) ([]Block, error) {
	q, err := blockQuery(s.db, f)
	if err != nil {
		return nil, fmt.Errorf("list blocks: %w", err)
	}
	// Scanned by hand rather than with Find: GORM's per-row reflection made a 100k-block listing
	// take over a second.
	rows, err := q.Select("id, project_id, kind, start_at, end_at, planned_seconds, goal, outcome, interruptions, deliverable_id, last_seen").
		Order("start_at, id").Rows()
	if err != nil {
		return nil, fmt.Errorf("list blocks: %w", err)
	}
	defer rows.Close()
	var bs []Block
	for rows.Next() {
		var b Block
		var kind string
		var did sql.NullInt64
		if err := rows.Scan(&b.ID, &b.ProjectID, &kind, &b.Start, &b.End, &b.PlannedSeconds, &b.Goal, &b.Outcome,
			&b.Interruptions, &did, &b.LastSeen); err != nil {
			return nil, fmt.Errorf("list blocks: %w", err)
		}
		b.Kind = Kind(kind)
		if did.Valid {
			id := uint(did.Int64)
			b.DeliverableID = &id
		}
		bs = append(bs, b)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list blocks: %w", err)
	}
	names, err := projectNames(s.db)
	if err != nil {
		return nil, fmt.Errorf("list blocks: %w", err)
	}
	for i := range bs {
		bs[i].Project = names[bs[i].ProjectID]
	}
	return bs, nil
}

// blockQuery builds the range query. Blocks never overlap, so at most one block starts before From
// and still runs into the range: the range condition stays an index range scan on start_at.
func blockQuery(db *gorm.DB, f BlockFilter) (*gorm.DB, error) {
	q := db.Model(&Block{})
	if !f.From.IsZero() {
		from := utc(f.From)
		var prev Block
		err := db.Select("id", "end_at").Where("start_at < ?", from).Order("start_at DESC").Limit(1).Take(&prev).Error
		switch {
		case err == nil && (prev.End == nil || prev.End.After(from)):
			q = q.Where("(start_at >= ? OR id = ?)", from, prev.ID)
		case err == nil || errors.Is(err, gorm.ErrRecordNotFound):
			q = q.Where("start_at >= ?", from)
		default:
			return nil, err
		}
	}
	if !f.To.IsZero() {
		q = q.Where("start_at < ?", utc(f.To))
	}
	if len(f.Projects) > 0 {
		var ids []uint
		for _, name := range f.Projects {
			p, err := projectByName(db, name)
			if err != nil {
				return nil, err
			}
			ids = append(ids, p.ID)
		}
		q = q.Where("project_id IN ?", ids)
	}
	if len(f.Kinds) > 0 {
		q = q.Where("kind IN ?", f.Kinds)
	}
	return q, nil
}

// resolveBlockRefs turns the project name into an ID and checks the deliverable exists.
func resolveBlockRefs(tx *gorm.DB, b *Block) error {
	if b.Project != "" {
		p, err := projectByName(tx, b.Project)
		if err != nil {
			return err
		}
		if p.Archived {
			return invalid("project", "%q is archived", p.Name)
		}
		b.ProjectID, b.Project = p.ID, p.Name
	}
	if b.ProjectID == 0 {
		return invalid("project", "must be set")
	}
	if b.DeliverableID != nil {
		var d Deliverable
		if err := tx.Select("id", "project_id").Take(&d, *b.DeliverableID).Error; err != nil {
			return notFound(err, fmt.Sprintf("deliverable %d", *b.DeliverableID))
		}
	}
	return nil
}

// checkOverlap refuses a block that overlaps another one, naming it. A running block extends
// without end, so nothing may start after it.
func checkOverlap(tx *gorm.DB, b Block) error {
	var others []Block
	// Only two blocks can overlap [start, end) given the stored blocks never overlap: the last one
	// starting before start, and the first one starting at or after it (before end).
	var prev Block
	err := tx.Where("start_at < ? AND id <> ?", b.Start, b.ID).Order("start_at DESC").Limit(1).Take(&prev).Error
	if err == nil {
		others = append(others, prev)
	} else if !errors.Is(err, gorm.ErrRecordNotFound) {
		return err
	}
	q := tx.Where("start_at >= ? AND id <> ?", b.Start, b.ID)
	if b.End != nil {
		q = q.Where("start_at < ?", *b.End)
	}
	var next Block
	err = q.Order("start_at").Limit(1).Take(&next).Error
	if err == nil {
		others = append(others, next)
	} else if !errors.Is(err, gorm.ErrRecordNotFound) {
		return err
	}
	for _, o := range others {
		if overlaps(b, o) {
			name, _ := projectName(tx, o.ProjectID)
			end := "running"
			if o.End != nil {
				end = o.End.Format(time.RFC3339)
			}
			return &ConflictError{Msg: fmt.Sprintf("overlaps block %d (%s, %s, %s to %s)",
				o.ID, name, o.Kind, o.Start.Format(time.RFC3339), end)}
		}
	}
	return nil
}

func overlaps(a, b Block) bool {
	// Half-open intervals; a nil end runs forever.
	aEndsAfterBStart := a.End == nil || a.End.After(b.Start)
	bEndsAfterAStart := b.End == nil || b.End.After(a.Start)
	return aEndsAfterBStart && bEndsAfterAStart
}

func projectName(db *gorm.DB, id uint) (string, error) {
	var p Project
	if err := db.Select("name").Take(&p, id).Error; err != nil {
		return "", notFound(err, fmt.Sprintf("project %d", id))
	}
	return p.Name, nil
}
