package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// TeamStatus is where team mode stands, as the Team tab shows it. It never holds the password.
type TeamStatus struct {
	Joined   bool
	Server   string // the URL without the password
	Member   string
	Manager  bool
	Pending  int       // changes waiting in the outbox
	LastSync time.Time // zero when none completed
}

// teamScreen shows team mode: the server and the outbox, the requests teammates sent and that
// wait for an answer, the requests sent to them, and the team's decisions. The sync itself runs
// on its own every minute (the jobs); Sync now runs it at once.
type teamScreen struct {
	u *UI

	server, member, pending, lastSync *widget.Label
	syncBtn                           *widget.Button
	syncMsg                           *widget.Label
	incoming, sent, decisions         *fyne.Container

	// run runs a sync away from the UI goroutine; tests run it in place.
	run func(func())
}

func newTeamScreen(u *UI) *teamScreen {
	s := &teamScreen{u: u, server: widget.NewLabel(""), member: widget.NewLabel(""), pending: widget.NewLabel(""),
		lastSync: widget.NewLabel(""), syncMsg: newLabel(""), incoming: container.NewVBox(), sent: container.NewVBox(),
		decisions: container.NewVBox(), run: func(f func()) { go f() }}
	s.syncBtn = widget.NewButtonWithIcon("Sync now", theme.ViewRefreshIcon(), s.onSync)
	return s
}

func (s *teamScreen) build() fyne.CanvasObject {
	status := widget.NewForm(widget.NewFormItem("Server", s.server), widget.NewFormItem("Member", s.member),
		widget.NewFormItem("Waiting to sync", s.pending), widget.NewFormItem("Last sync", s.lastSync))
	return container.NewVScroll(container.NewVBox(
		widget.NewCard("Team server", "", container.NewVBox(status, container.NewBorder(nil, nil, nil, s.syncBtn, s.syncMsg))),
		widget.NewCard("Requests from teammates", "", s.incoming),
		widget.NewCard("Requests to teammates", "", s.sent),
		widget.NewCard("Team decisions", "", s.decisions),
	))
}

// onSync syncs now, off the UI goroutine, and shows how it went.
func (s *teamScreen) onSync() {
	sync := s.u.opts.TeamSync
	if sync == nil {
		return
	}
	s.syncBtn.Disable()
	s.syncMsg.SetText("Syncing…")
	s.run(func() {
		err := sync()
		fyne.Do(func() {
			s.syncBtn.Enable()
			if err != nil {
				s.syncMsg.SetText("⚠ " + err.Error())
			} else {
				s.syncMsg.SetText("In sync.")
			}
			s.u.refresh()
		})
	})
}

func (s *teamScreen) refresh() {
	u := s.u
	st, err := u.opts.TeamStatus()
	if err != nil {
		u.showError(err)
	}
	now := u.svc.Now()
	cfg := u.config()
	loc := cfg.Location()
	if st.Joined {
		role := "member"
		if st.Manager {
			role = "manager"
		}
		s.server.SetText(st.Server)
		s.member.SetText(fmt.Sprintf("%s (%s)", st.Member, role))
		s.syncBtn.Enable()
	} else {
		s.server.SetText("Not in a team. Join one with: shiplog team join URL")
		s.member.SetText("—")
		s.syncBtn.Disable()
	}
	s.pending.SetText(count(st.Pending, "change"))
	if st.LastSync.IsZero() {
		s.lastSync.SetText("never")
	} else {
		s.lastSync.SetText(fmt.Sprintf("%s (%s ago)", st.LastSync.In(loc).Format("Mon 2 Jan 15:04"), fmtHM(now.Sub(st.LastSync))))
	}
	s.fillRequests(now, cfg)
	s.fillDecisions(loc)
}

func (s *teamScreen) fillRequests(now time.Time, cfg tracker.Config) {
	u := s.u
	s.incoming.RemoveAll()
	s.sent.RemoveAll()
	rs, err := u.svc.Requests(tracker.RequestFilter{OpenOnly: true})
	if err != nil {
		u.showError(err)
	}
	for _, r := range rs {
		if r.Author == "" {
			continue
		}
		s.incoming.Add(u.requests.row(r, now, cfg))
	}
	sent, err := u.svc.Requests(tracker.RequestFilter{Sent: true})
	if err != nil {
		u.showError(err)
	}
	for _, r := range sent {
		state := widget.NewLabel(fmt.Sprintf("%s · %s", r.Priority, stateText(r.State)))
		switch r.State {
		case tracker.RequestOverdue, tracker.RequestAnsweredLate:
			state.Importance = widget.DangerImportance
		case tracker.RequestDueSoon:
			state.Importance = widget.WarningImportance
		}
		s.sent.Add(container.NewBorder(nil, nil, nil, state, newLabel(fmt.Sprintf("%s → %s", r.Subject, r.To))))
	}
	empty := func(c *fyne.Container, text string) {
		if len(c.Objects) == 0 {
			c.Add(widget.NewLabelWithStyle(text, fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
		}
	}
	empty(s.incoming, "No teammate waits for an answer.")
	empty(s.sent, "No request sent to a teammate.")
}

func (s *teamScreen) fillDecisions(loc *time.Location) {
	u := s.u
	s.decisions.RemoveAll()
	ds, err := u.svc.AllDecisions()
	if err != nil {
		u.showError(err)
	}
	for _, d := range ds {
		if !d.Team {
			continue
		}
		who := "you"
		if d.Author != "" {
			who = d.Author
		}
		line := fmt.Sprintf("%s — proposed by %s · %s · deadline %s · %s", d.Title, who, stateText(d.State),
			d.Deadline.In(loc).Format("Mon 2 Jan 15:04"), count(len(d.Objections), "objection"))
		s.decisions.Add(newLabel(line))
	}
	if len(s.decisions.Objects) == 0 {
		s.decisions.Add(widget.NewLabelWithStyle("No team decision.", fyne.TextAlignLeading, fyne.TextStyle{Italic: true}))
	}
}

// stateText is a state as words: answered_in_time reads "answered in time".
func stateText[T ~string](st T) string {
	b := []byte(st)
	for i, c := range b {
		if c == '_' {
			b[i] = ' '
		}
	}
	return string(b)
}

// count says n things: "1 change", "3 changes".
func count(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}
