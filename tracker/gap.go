package tracker

import (
	"fmt"
	"time"
)

// Gap is a stretch in which the app did not see the running block alive: the machine slept,
// the app crashed, or it hung. Shiplog never counts it as work without asking.
type Gap struct {
	Block    Block
	LastSeen time.Time
	Now      time.Time
}

// Length is how long the block went unseen.
func (g Gap) Length() time.Duration { return g.Now.Sub(g.LastSeen) }

// FindGap reports the gap to ask about when the running block b was last seen more than idle
// before now. A block with no heartbeat yet counts from its start.
func FindGap(b Block, now time.Time, idle time.Duration) (Gap, bool) {
	if !b.Running() {
		return Gap{}, false
	}
	seen := b.Start
	if b.LastSeen != nil && b.LastSeen.After(seen) {
		seen = *b.LastSeen
	}
	if now.Sub(seen) <= idle {
		return Gap{}, false
	}
	return Gap{Block: b, LastSeen: seen, Now: now}, true
}

// GapAnswer is what the user says about a gap.
type GapAnswer int

// The three answers to a gap.
const (
	// GapKeep counts the gap as work.
	GapKeep GapAnswer = iota
	// GapStop stops the block when it was last seen.
	GapStop
	// GapSplit stops the block when it was last seen and starts the same work again now.
	GapSplit
)

// ResolveGap applies the user's answer to a gap, in one transaction: a split either stops the
// block and starts its successor, or changes nothing. A gap whose block no longer runs (it was
// stopped elsewhere meanwhile) is ErrNotFound, and nothing changes.
func (s *Service) ResolveGap(g Gap, a GapAnswer) error {
	now := s.now()
	err := s.write(func(tx Tx) error {
		run, err := tx.RunningBlock()
		if err != nil {
			return err
		}
		if run.ID != g.Block.ID {
			return &NotFoundError{What: fmt.Sprintf("running block %d", g.Block.ID)}
		}
		switch a {
		case GapKeep:
			return tx.MarkRunningSeen(UTC(now))
		case GapStop:
			return stopAtLastSeen(tx, g, now)
		case GapSplit:
			if err := stopAtLastSeen(tx, g, now); err != nil {
				return err
			}
			b := g.Block
			_, _, err := startBlock(tx, Block{Kind: b.Kind, ProjectID: b.ProjectID, Project: b.Project, Goal: b.Goal,
				PlannedSeconds: b.PlannedSeconds, DeliverableID: b.DeliverableID, Start: now}, now)
			return err
		}
		return invalid("answer", "must be keep, stop or split; got %d", a)
	})
	if err != nil {
		return fmt.Errorf("resolve the gap in block %d: %w", g.Block.ID, err)
	}
	return nil
}

// stopAtLastSeen ends the gap's block where it was last seen. A block never seen after its start
// holds no work at all, so it is removed rather than stopped at a zero length.
func stopAtLastSeen(tx Tx, g Gap, now time.Time) error {
	if !g.LastSeen.After(g.Block.Start) {
		return tx.DeleteBlock(g.Block.ID)
	}
	_, err := stopRunning(tx, StopInput{At: g.LastSeen}, now)
	return err
}
