package ui

import (
	"errors"
	"fmt"
	"log"
	"time"

	"shiplog/tracker"
)

// Gap is a stretch in which the app did not see the running block alive: the machine slept,
// the app crashed, or it hung. Shiplog never counts it as work without asking.
type Gap struct {
	Block    tracker.Block
	LastSeen time.Time
	Now      time.Time
}

// Length is how long the block went unseen.
func (g Gap) Length() time.Duration { return g.Now.Sub(g.LastSeen) }

// FindGap reports the gap to ask about when the running block b was last seen more than idle
// before now. A block with no heartbeat yet counts from its start.
func FindGap(b tracker.Block, now time.Time, idle time.Duration) (Gap, bool) {
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

// Answer is what the user says about a gap.
type Answer int

// The three answers to a gap.
const (
	// AnswerKeep counts the gap as work.
	AnswerKeep Answer = iota
	// AnswerStop stops the block when it was last seen.
	AnswerStop
	// AnswerSplit stops the block when it was last seen and starts the same work again now.
	AnswerSplit
)

// honestTime holds the heartbeat and the gap question. It is driven by check, once at start and
// then once a minute, so that a test can drive it with a fake clock.
type honestTime struct {
	svc *tracker.Service
	// asking is set while a gap question is open: no heartbeat is written meanwhile, so the
	// block's last_seen keeps marking where the gap began.
	asking   bool
	lastTick time.Time
}

func newHonestTime(svc *tracker.Service) *honestTime { return &honestTime{svc: svc} }

// clockJumped reports whether the wall clock moved much more than a tick since the last check,
// which is what a suspend and resume look like from inside the process.
func (h *honestTime) clockJumped(now time.Time) bool {
	jumped := !h.lastTick.IsZero() && now.Sub(h.lastTick) > 2*time.Minute
	h.lastTick = now
	return jumped
}

// check returns the gap to ask about, if any; otherwise it records the heartbeat.
// The per-minute heartbeat means a wake shows up as a gap whether or not the jump is noticed; the
// jump is logged so that a report of a wrong question can be traced to a suspend.
func (h *honestTime) check(now time.Time) (Gap, bool, error) {
	if h.clockJumped(now) {
		log.Printf("shiplog: the clock jumped since the last tick (suspend?); checking the running block")
	}
	if h.asking {
		return Gap{}, false, nil
	}
	b, err := h.svc.Running()
	if errors.Is(err, tracker.ErrNotFound) {
		return Gap{}, false, nil
	}
	if err != nil {
		return Gap{}, false, err
	}
	cfg, err := h.svc.Config()
	if err != nil {
		return Gap{}, false, err
	}
	if g, ok := FindGap(b, now, cfg.IdleGap); ok {
		h.asking = true
		return g, true, nil
	}
	return Gap{}, false, h.svc.Heartbeat(now)
}

// resolve applies the user's answer to a gap.
func (h *honestTime) resolve(g Gap, a Answer) error {
	h.asking = false
	now := h.svc.Now()
	switch a {
	case AnswerKeep:
		return h.svc.Heartbeat(now)
	case AnswerStop:
		return h.stopAtLastSeen(g)
	case AnswerSplit:
		if err := h.stopAtLastSeen(g); err != nil {
			return err
		}
		b := g.Block
		_, _, err := h.svc.StartBlock(tracker.Block{Kind: b.Kind, Project: b.Project, Goal: b.Goal,
			PlannedSeconds: b.PlannedSeconds, DeliverableID: b.DeliverableID, Start: now})
		if err != nil {
			return fmt.Errorf("split block %d: %w", b.ID, err)
		}
		return nil
	}
	return fmt.Errorf("unknown answer %d", a)
}

// stopAtLastSeen ends the block where it was last seen. A block never seen after its start holds
// no work at all, so it is removed rather than stopped at a zero length.
func (h *honestTime) stopAtLastSeen(g Gap) error {
	if !g.LastSeen.After(g.Block.Start) {
		_, err := h.svc.DeleteBlock(g.Block.ID)
		return err
	}
	_, err := h.svc.StopBlock(tracker.StopInput{At: g.LastSeen})
	return err
}
