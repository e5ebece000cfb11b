package ui

import (
	"log"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
)

// liveEvery is how often the window counts the running block's time on and looks for changes
// made elsewhere (the CLI, the daemon, another window): the issue asks for them within 2 s.
const liveEvery = time.Second

// The tabs, in the order newUI adds them.
const (
	tabToday = iota
	tabDeliverables
	tabRequests
	tabDecisions
	tabProjects
	tabWeek
	tabReports
	tabSettings
	// In team mode the Team tab comes after these, last.
)

var tabNames = []string{"Today", "Deliverables & milestones", "Requests", "Decisions", "Projects", "Week", "Reports", "Settings"}

// live is what the per-second tick needs: whether the window shows, and the record's version as
// last seen. Both are read and written on the UI goroutine only.
type live struct {
	shown   bool
	version uint64
	known   bool
	failing bool // the last check failed; logged once, not every second
	// ticked, when set, is called at the end of every second's work; tests wait on it.
	ticked func()
}

// seen notes the record's version before the screens read it, so that the next check finds a
// change only if something was committed after this read: the window's own writes, refreshed
// at once, do not redraw a second time, and nothing committed meanwhile is missed.
func (l *live) seen(svc *tracker.Service) {
	v, err := svc.Version()
	if err != nil {
		return
	}
	l.version, l.known = v, true
}

// changed reports whether the record changed since it was last seen.
func (l *live) changed(svc *tracker.Service) bool {
	v, err := svc.Version()
	if err != nil {
		if !l.failing {
			log.Printf("shiplog: cannot check the database for changes: %v", err)
		}
		l.failing = true
		return false
	}
	l.failing = false
	return !l.known || v != l.version
}

// liveLoop runs second once a second. Each run is one PRAGMA on a connection held for it and, in
// a window that shows a running block, one text redrawn, which measured no CPU above the bare
// window's (docs/benchmarks.md).
func (u *UI) liveLoop(t clockwork.Ticker, stop chan struct{}) { onTicks(t, stop, u.second) }

// second redraws what a change made elsewhere touched (the visible screen and the tray), or else
// moves the running block's timer on by a second, if it shows.
func (u *UI) second() {
	if u.live.changed(u.svc) {
		u.refresh()
	} else if u.live.shown && u.tabs.SelectedIndex() == tabToday {
		u.today.showElapsed(u.svc.Now())
	}
	if u.live.ticked != nil {
		u.live.ticked()
	}
}
