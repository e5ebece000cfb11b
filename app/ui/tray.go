package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"shiplog/tracker"
)

// recentInTray is how many recent projects each Start submenu lists.
const recentInTray = 6

// tray is the tray icon and menu. It is rebuilt when the data changes and once a minute by the
// app's tick, never more often on its own.
type tray struct {
	app     desktop.App
	u       *UI
	running bool
	menu    *fyne.Menu
}

// makeTray sets up the tray on a desktop app. The caller has checked that a session bus exists.
func makeTray(d desktop.App, u *UI) *tray {
	t := &tray{app: d, u: u}
	d.SetSystemTrayIcon(iconResource)
	t.refresh()
	return t
}

// refresh rebuilds the menu and switches the icon when a block starts or stops.
func (t *tray) refresh() {
	b, err := t.u.svc.Running()
	running := err == nil
	t.menu = t.buildMenu(b, running)
	t.app.SetSystemTrayMenu(t.menu)
	if running != t.running {
		t.running = running
		if running {
			t.app.SetSystemTrayIcon(iconRunningResource)
		} else {
			t.app.SetSystemTrayIcon(iconResource)
		}
	}
}

func (t *tray) buildMenu(b tracker.Block, running bool) *fyne.Menu {
	u := t.u
	state := fyne.NewMenuItem("Idle", nil)
	if running {
		state.Label = runningLine(b, u.svc.Now())
	}
	state.Disabled = true

	start := fyne.NewMenuItem("Start", nil)
	recent, err := u.svc.RecentProjects(recentInTray)
	if err != nil {
		recent = nil
	}
	for _, k := range tracker.Kinds {
		kindItem := fyne.NewMenuItem(k.Label(), nil)
		var items []*fyne.MenuItem
		for _, p := range recent {
			items = append(items, fyne.NewMenuItem(p.Name, func() { u.onTrayStart(k, p.Name) }))
		}
		if len(items) > 0 {
			items = append(items, fyne.NewMenuItemSeparator())
		}
		items = append(items, fyne.NewMenuItem("Other…", func() { u.askStart(k) }))
		kindItem.ChildMenu = fyne.NewMenu(k.Label(), items...)
		start.ChildMenu = appendMenu(start.ChildMenu, kindItem)
	}

	stop := fyne.NewMenuItem("Stop…", u.askStop)
	ship := fyne.NewMenuItem("Ship it…", u.askShip)
	stop.Disabled, ship.Disabled = !running, !running

	quit := fyne.NewMenuItem("Quit", u.quit)
	quit.IsQuit = true
	return fyne.NewMenu("Shiplog",
		state,
		fyne.NewMenuItemSeparator(),
		start, stop, ship,
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Log request…", u.askLogRequest),
		fyne.NewMenuItem(fmt.Sprintf("Open requests (%d due soon)", t.dueSoon()), u.onTrayRequests),
		fyne.NewMenuItemSeparator(),
		fyne.NewMenuItem("Show Shiplog", u.showWindow),
		fyne.NewMenuItem("Weekly report now", u.onTrayReport),
		fyne.NewMenuItemSeparator(),
		quit,
	)
}

func appendMenu(m *fyne.Menu, item *fyne.MenuItem) *fyne.Menu {
	if m == nil {
		return fyne.NewMenu("", item)
	}
	m.Items = append(m.Items, item)
	return m
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
	u.tabs.SelectIndex(2)
}

// onTrayReport writes this week's report at once, or says where reports stand.
func (u *UI) onTrayReport() {
	u.tabs.SelectIndex(5)
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
