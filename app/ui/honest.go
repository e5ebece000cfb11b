package ui

import (
	"errors"
	"log"
	"time"

	"shiplog/tracker"
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
func (h *honestTime) check(now time.Time) (tracker.Gap, bool, error) {
	if h.clockJumped(now) {
		log.Printf("shiplog: the clock jumped since the last tick (suspend?); checking the running block")
	}
	if h.asking {
		return tracker.Gap{}, false, nil
	}
	b, err := h.svc.Running()
	if errors.Is(err, tracker.ErrNotFound) {
		return tracker.Gap{}, false, nil
	}
	if err != nil {
		return tracker.Gap{}, false, err
	}
	cfg, err := h.svc.Config()
	if err != nil {
		return tracker.Gap{}, false, err
	}
	if g, ok := tracker.FindGap(b, now, cfg.IdleGap); ok {
		h.asking = true
		return g, true, nil
	}
	return tracker.Gap{}, false, h.svc.Heartbeat(now)
}

// resolve applies the user's answer to a gap; the service does it in one transaction.
func (h *honestTime) resolve(g tracker.Gap, a tracker.GapAnswer) error {
	h.asking = false
	return h.svc.ResolveGap(g, a)
}
