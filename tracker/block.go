package tracker

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// StartBlock starts a running block and persists it at once. If another block is running, it is
// stopped at the new block's start, in the same transaction; that block is returned as stopped.
// b.Project names the project; a zero b.Start means now.
func (s *Service) StartBlock(b Block) (started Block, stopped *Block, err error) {
	now := s.now()
	err = s.write(func(tx Tx) error {
		var err error
		started, stopped, err = startBlock(tx, b, now)
		return err
	})
	if err != nil {
		return Block{}, nil, fmt.Errorf("start block: %w", err)
	}
	return started, stopped, nil
}

// startBlock is StartBlock inside a transaction.
func startBlock(tx Tx, b Block, now time.Time) (Block, *Block, error) {
	if b.Start.IsZero() {
		b.Start = now
	}
	b.ID, b.End = 0, nil
	b.Start = UTC(b.Start)
	seen := b.Start
	b.LastSeen = &seen
	if err := b.Validate(now); err != nil {
		return Block{}, nil, err
	}
	if err := resolveBlockRefs(tx, &b); err != nil {
		return Block{}, nil, err
	}
	var stopped *Block
	switch run, err := tx.RunningBlock(); {
	case err == nil:
		if !b.Start.After(run.Start) {
			return Block{}, nil, conflictAt(now, "block %d is running since %s; a new block must start after it",
				run.ID, run.Start)
		}
		end := b.Start
		run.End = &end
		if err := tx.SaveBlock(&run); err != nil {
			return Block{}, nil, err
		}
		run.Project = projectName(tx, run.ProjectID)
		stopped = &run
	case !errors.Is(err, ErrNotFound):
		return Block{}, nil, err
	}
	if err := checkOverlap(tx, b, now); err != nil {
		return Block{}, nil, err
	}
	if err := tx.CreateBlock(&b); err != nil {
		return Block{}, nil, err
	}
	return b, stopped, nil
}

// StopInput says how to stop the running block. A zero At means now.
type StopInput struct {
	At      time.Time
	Outcome string
	// Goal, when set, becomes the block's goal as it stops: deep work started without one (from
	// the tray, say) is not counted until it has one, so the stop is where to ask for it.
	Goal          string
	Interruptions *int
	DeliverableID *uint
}

// StopBlock stops the running block. With no block running it is a conflict.
func (s *Service) StopBlock(in StopInput) (Block, error) {
	now := s.now()
	if in.At.IsZero() {
		in.At = now
	}
	var b Block
	err := s.write(func(tx Tx) error {
		var err error
		b, err = stopRunning(tx, in, now)
		return err
	})
	if err != nil {
		return Block{}, fmt.Errorf("stop block: %w", err)
	}
	return b, nil
}

// stopRunning stops the running block at in.At and returns it with its project's name.
func stopRunning(tx Tx, in StopInput, now time.Time) (Block, error) {
	b, err := tx.RunningBlock()
	if errors.Is(err, ErrNotFound) {
		return Block{}, &ConflictError{Msg: "no block is running"}
	}
	if err != nil {
		return Block{}, err
	}
	end := UTC(in.At)
	b.End = &end
	if end.Equal(b.Start) {
		// A block stopped within the second it started was a slip of the finger: discard it rather
		// than refuse the stop, so that the timer is idle afterwards as the user meant.
		b.Discarded = true
		b.Project = projectName(tx, b.ProjectID)
		return b, tx.DeleteBlock(b.ID)
	}
	if in.Outcome != "" {
		b.Outcome = in.Outcome
	}
	if in.Goal != "" {
		// A goal of spaces alone stays as typed, so that Validate refuses it as empty.
		if g := strings.TrimSpace(in.Goal); g != "" {
			in.Goal = g
		}
		b.Goal = in.Goal
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
	// The project is checked by ID: a block that runs on a project archived since may still stop.
	if err := resolveBlockRefs(tx, &b); err != nil {
		return Block{}, err
	}
	if err := tx.SaveBlock(&b); err != nil {
		return Block{}, err
	}
	b.Project = projectName(tx, b.ProjectID)
	return b, nil
}

// Running returns the running block, or ErrNotFound when idle.
func (s *Service) Running() (Block, error) {
	var b Block
	err := s.read(func(tx Tx) error {
		var err error
		if b, err = tx.RunningBlock(); err != nil {
			return err
		}
		b.Project = projectName(tx, b.ProjectID)
		return nil
	})
	if err != nil {
		return Block{}, err
	}
	return b, nil
}

// Heartbeat records that the app saw the running block alive at t, so that a later gap (sleep,
// crash) can be told apart from work.
func (s *Service) Heartbeat(t time.Time) error {
	return s.write(func(tx Tx) error { return tx.MarkRunningSeen(UTC(t)) })
}

// AddBlock records a finished block. It may not overlap another block.
func (s *Service) AddBlock(b Block) (Block, error) {
	now := s.now()
	b.ID = 0
	if b.End == nil {
		return Block{}, fmt.Errorf("add block: %w", invalid("to", "must be set; use start for a running block"))
	}
	if err := b.Validate(now); err != nil {
		return Block{}, fmt.Errorf("add block: %w", err)
	}
	err := s.write(func(tx Tx) error {
		if err := resolveBlockRefs(tx, &b); err != nil {
			return err
		}
		if err := checkOverlap(tx, b, now); err != nil {
			return err
		}
		return tx.CreateBlock(&b)
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

// apply changes b as the patch says.
func (p BlockPatch) apply(b *Block) error {
	if p.Kind != nil {
		b.Kind = *p.Kind
	}
	if p.Project != nil {
		b.Project = *p.Project
	}
	if p.Start != nil {
		b.Start = UTC(*p.Start)
	}
	if p.End != nil {
		if b.End == nil {
			return invalid("end", "cannot be set on the running block; stop it instead")
		}
		e := UTC(*p.End)
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
	return nil
}

// EditBlock applies a patch to a block and checks the result like a new block.
func (s *Service) EditBlock(id uint, p BlockPatch) (Block, error) {
	now := s.now()
	var b Block
	err := s.write(func(tx Tx) error {
		var err error
		if b, err = tx.Block(id); err != nil {
			return err
		}
		b.Project = projectName(tx, b.ProjectID)
		if err := p.apply(&b); err != nil {
			return err
		}
		if err := b.Validate(now); err != nil {
			return err
		}
		if err := resolveBlockRefs(tx, &b); err != nil {
			return err
		}
		if err := checkOverlap(tx, b, now); err != nil {
			return err
		}
		return tx.SaveBlock(&b)
	})
	if err != nil {
		return Block{}, fmt.Errorf("edit block %d: %w", id, err)
	}
	return b, nil
}

// DeleteBlock removes a block and returns it, so that the caller can offer undo through RestoreBlock.
func (s *Service) DeleteBlock(id uint) (Block, error) {
	var b Block
	err := s.write(func(tx Tx) error {
		var err error
		if b, err = tx.Block(id); err != nil {
			return err
		}
		b.Project = projectName(tx, b.ProjectID)
		return tx.DeleteBlock(id)
	})
	if err != nil {
		return Block{}, fmt.Errorf("delete block %d: %w", id, err)
	}
	return b, nil
}

// RestoreBlock puts a deleted block back with its old ID: the undo of DeleteBlock.
func (s *Service) RestoreBlock(b Block) (Block, error) {
	now := s.now()
	err := s.write(func(tx Tx) error {
		if err := checkOverlap(tx, b, now); err != nil {
			return err
		}
		if b.End == nil {
			_, err := tx.RunningBlock()
			if err == nil {
				return &ConflictError{Msg: "another block is running"}
			}
			if !errors.Is(err, ErrNotFound) {
				return err
			}
		}
		return tx.CreateBlock(&b)
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
	var bs []Block
	err := s.read(func(tx Tx) error {
		r, err := blockRange(tx, f)
		if err != nil {
			return err
		}
		if bs, err = tx.ListBlocks(r); err != nil {
			return err
		}
		names, err := projectNames(tx)
		if err != nil {
			return err
		}
		for i := range bs {
			bs[i].Project = names[bs[i].ProjectID]
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list blocks: %w", err)
	}
	return bs, nil
}

// blockRange turns a filter into the stored blocks to read: those that start inside the range,
// which the store finds by their start alone, and those that start before From and run into it.
// Imported blocks may overlap, so there can be several of the latter.
func blockRange(tx Tx, f BlockFilter) (BlockRange, error) {
	r := BlockRange{From: UTC(f.From), To: UTC(f.To), Kinds: f.Kinds}
	if !r.From.IsZero() {
		across, err := tx.BlocksAcross(r.From, 0)
		if err != nil {
			return BlockRange{}, err
		}
		for _, b := range across {
			r.Also = append(r.Also, b.ID)
		}
	}
	ids, err := projectIDs(tx, f.Projects)
	if err != nil {
		return BlockRange{}, err
	}
	r.ProjectIDs = ids
	return r, nil
}

// resolveBlockRefs turns the project name into an ID and checks the deliverable exists.
func resolveBlockRefs(tx Tx, b *Block) error {
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
		if _, err := tx.Deliverable(*b.DeliverableID); err != nil {
			return err
		}
	}
	return nil
}

// checkOverlap refuses a block that overlaps another one, naming it, with its times in now's zone.
// A running block extends without end, so nothing may start after it. Blocks typed into Shiplog
// may not overlap anything, imported ones included, even where imported blocks overlap each other.
func checkOverlap(tx Tx, b Block, now time.Time) error {
	// A block that overlaps [start, end) either starts before start and runs past it, or starts
	// in [start, end); the first of the latter is enough.
	others, err := tx.BlocksAcross(b.Start, b.ID)
	if err != nil {
		return err
	}
	next, err := tx.FirstBlockIn(b.Start, b.End, b.ID)
	if err == nil {
		others = append(others, next)
	} else if !errors.Is(err, ErrNotFound) {
		return err
	}
	for _, o := range others {
		if overlaps(b, o) {
			return conflictAt(now, "overlaps block %d (%s, %s, %s to %s)",
				o.ID, projectName(tx, o.ProjectID), o.Kind, o.Start, o.End)
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
