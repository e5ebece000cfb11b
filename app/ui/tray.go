package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"

	"shiplog/tracker"
)

// recentInTray is how many recent projects each Start submenu lists.
const recentInTray = 6

// trayState is everything the tray shows, as a comparable value: refresh sends nothing while it
// stays the same, changes the menu's items in place while the menu keeps its shape, and builds a
// new menu only when the number of recent projects changes.
type trayState struct {
	// plan is the goal of the first block an earlier close planned, while it is on offer; the
	// menu then starts with "Start: <goal>".
	plan       string
	checkInDue bool   // the week's check-in is due: its item says so
	status     string // the state line: "Idle" or the running block and its time
	running    bool   // Stop and Ship it… are enabled, and the icon says a block runs
	recent     [recentInTray]string
	nRecent    int
	dueSoon    int
}

// tray is the tray icon and menu.
type tray struct {
	driver trayDriver
	u      *UI
	shown  trayState
	menu   *fyne.Menu // nil until the first refresh

	// The items whose labels and states follow the state; plan is nil while no plan is on offer.
	status, stop, ship, requests, plan, checkIn *fyne.MenuItem
	starts                                      []kindItems
}

// kindItems are the items of one kind's Start submenu: the recent projects, in order.
type kindItems struct {
	kind     tracker.Kind
	projects []*fyne.MenuItem
}

// makeTray shows the tray through driver. The caller has checked that a tray host is there.
func makeTray(driver trayDriver, u *UI) *tray {
	t := &tray{driver: driver, u: u}
	t.refresh()
	return t
}

// refresh shows the current state, sending the driver only what changed.
func (t *tray) refresh() {
	s := t.state()
	first := t.menu == nil
	if !first && s == t.shown {
		return
	}
	if first || s.running != t.shown.running {
		// The icon goes first, so that the tray registers with the right one.
		if s.running {
			t.driver.SetSystemTrayIcon(iconRunningResource)
		} else {
			t.driver.SetSystemTrayIcon(iconResource)
		}
	}
	if first || s.nRecent != t.shown.nRecent || (s.plan != "") != (t.shown.plan != "") {
		t.menu = t.build(s.nRecent, s.plan != "")
	}
	t.show(s)
	t.shown = s
	t.driver.SetSystemTrayMenu(t.menu)
}

// state reads what the tray shows from the service. A failed read shows as idle or empty rather
// than as an error in the tray; the window reports errors.
func (t *tray) state() trayState {
	u := t.u
	s := trayState{status: "Idle"}
	if b, err := u.svc.Running(); err == nil {
		s.running = true
		s.status = runningLine(b, u.svc.Now())
	}
	if ps, err := u.svc.RecentProjects(recentInTray); err == nil {
		for i, p := range ps {
			s.recent[i] = p.Name
		}
		s.nRecent = len(ps)
	}
	s.dueSoon = t.dueSoon()
	if c, ok, err := u.svc.PlanOffered(); err == nil && ok {
		s.plan = c.Tomorrow.Goal
	}
	if due, err := u.svc.RitualsDue(); err == nil {
		s.checkInDue = due.CheckIn
	}
	return s
}

// build makes a menu with n recent projects in each Start submenu, led by the planned block when
// planned; show fills in its texts. The Start submenus sit at the top level, so that the menu is
// two levels deep: see systrayDriver for why libdbusmenu hosts load such a menu reliably and a
// deeper one not.
func (t *tray) build(n int, planned bool) *fyne.Menu {
	u := t.u
	t.status = fyne.NewMenuItem("", nil)
	t.status.Disabled = true
	t.stop = fyne.NewMenuItem("Stop…", u.askStop)
	t.ship = fyne.NewMenuItem("Ship it…", u.askShip)
	t.requests = fyne.NewMenuItem("", u.onTrayRequests)
	t.checkIn = fyne.NewMenuItem("", u.askCheckIn)

	items := []*fyne.MenuItem{t.status, fyne.NewMenuItemSeparator()}
	t.plan = nil
	if planned {
		t.plan = fyne.NewMenuItem("", u.startPlan)
		items = append([]*fyne.MenuItem{t.plan}, items...)
	}
	t.starts = nil
	for _, k := range tracker.Kinds {
		ki := kindItems{kind: k}
		var sub []*fyne.MenuItem
		for range n {
			p := fyne.NewMenuItem("", nil)
			ki.projects = append(ki.projects, p)
			sub = append(sub, p)
		}
		// No separator before "Other project…": the driver can add and remove items at the
		// end of a submenu in place, but a separator that moves resets the whole menu.
		sub = append(sub, fyne.NewMenuItem("Other project…", func() { u.askStart(k) }))
		start := fyne.NewMenuItem(startLabel(k), nil)
		start.ChildMenu = fyne.NewMenu(startLabel(k), sub...)
		items = append(items, start)
		t.starts = append(t.starts, ki)
	}
	quit := fyne.NewMenuItem("Quit", u.quit)
	quit.IsQuit = true
	items = append(items,
		t.stop, t.ship,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("End day…", u.askEndDay),
		t.checkIn,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Log request…", u.askLogRequest),
		t.requests,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Show Shiplog", u.showWindow),
		fyne.NewMenuItem("Weekly report now", u.onTrayReport),
		fyne.NewMenuItemSeparator(),
		quit,
	)
	return fyne.NewMenu("Shiplog", items...)
}

// show writes s into the menu's items. The menu has s.nRecent projects per Start submenu.
func (t *tray) show(s trayState) {
	if t.plan != nil {
		t.plan.Label = planLabel(s.plan)
	}
	t.checkIn.Label = "Weekly check-in…"
	if s.checkInDue {
		t.checkIn.Label = "Weekly check-in… (due)"
	}
	t.status.Label = s.status
	t.stop.Disabled, t.ship.Disabled = !s.running, !s.running
	t.requests.Label = fmt.Sprintf("Open requests (%d due soon)", s.dueSoon)
	for _, ki := range t.starts {
		for i, it := range ki.projects {
			k, name := ki.kind, s.recent[i]
			it.Label = name
			it.Action = func() { t.u.onTrayStart(k, name) }
		}
	}
}

// startLabel is the top-level item that opens kind k's projects.
func startLabel(k tracker.Kind) string {
	switch k {
	case tracker.KindDeep:
		return "Start deep work"
	case tracker.KindShallow:
		return "Start shallow work"
	case tracker.KindAsync:
		return "Start async communication"
	case tracker.KindMeeting:
		return "Start a meeting"
	}
	return "Start " + k.Label()
}

// dueSoon counts open requests within an hour of their target or past it.
func (t *tray) dueSoon() int {
	rs, err := t.u.svc.Requests(tracker.RequestFilter{OpenOnly: true})
	if err != nil {
		return 0
	}
	n := 0
	for _, r := range rs {
		if r.State == tracker.RequestDueSoon || r.State == tracker.RequestOverdue {
			n++
		}
	}
	return n
}

// onTrayStart starts a block in one click.
func (u *UI) onTrayStart(k tracker.Kind, project string) {
	if err := u.startBlock(k, project, "", 0); err != nil {
		u.showWindow()
		u.showError(err)
	}
}

func (u *UI) onTrayRequests() {
	u.showWindow()
	u.tabs.SelectIndex(tabRequests)
}

// onTrayReport writes this week's report at once, or says where reports stand.
func (u *UI) onTrayReport() {
	u.tabs.SelectIndex(tabReports)
	if u.opts.WriteReport == nil {
		u.showWindow()
		return
	}
	if err := u.reports.writeThisWeek(); err != nil {
		if !errors.Is(err, errNoReports) {
			u.showWindow()
			u.showError(err)
		}
	}
}
