package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"

	"shiplog/tracker"
)

// notifier sends desktop notifications when the notify setting is on, and remembers which
// running-block notices it already gave, so that each is given once.
type notifier struct {
	svc       *tracker.Service
	send      func(*fyne.Notification)
	planned   map[uint]bool
	forgotten map[uint]bool
}

func newNotifier(svc *tracker.Service, send func(*fyne.Notification)) *notifier {
	return &notifier{svc: svc, send: send, planned: map[uint]bool{}, forgotten: map[uint]bool{}}
}

// notify sends one notification unless notifications are off. It is safe to call from the
// jobs' goroutines: it touches no widget.
func (n *notifier) notify(title, body string) {
	cfg, err := n.svc.Config()
	if err != nil || !cfg.Notify {
		return
	}
	n.send(fyne.NewNotification(title, body))
}

// checkRunning gives the running block's notices: its planned length was reached, or it has run
// so long that it was probably forgotten.
func (n *notifier) checkRunning(b tracker.Block, now time.Time) {
	cfg, err := n.svc.Config()
	if err != nil {
		return
	}
	d := b.Duration(now)
	if b.PlannedSeconds > 0 && d >= b.Planned() && !n.planned[b.ID] {
		n.planned[b.ID] = true
		n.notify("Planned time reached", fmt.Sprintf("%s · %s reached its planned %s.", b.Kind.Label(), b.Project, fmtHM(b.Planned())))
	}
	if cfg.ForgottenAfter > 0 && d > cfg.ForgottenAfter && !n.forgotten[b.ID] {
		n.forgotten[b.ID] = true
		n.notify("Still working?", fmt.Sprintf("%s · %s has been running for %s. Stop it if you are done.",
			b.Kind.Label(), b.Project, fmtHM(d)))
	}
}
