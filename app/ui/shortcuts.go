package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"
)

// shortcut is one keyboard shortcut of the window, as the Help dialog lists it.
type shortcut struct {
	key  fyne.KeyName
	keys string // as the Help dialog writes it
	what string
	run  func(u *UI)
}

// windowShortcuts are the window's keyboard shortcuts; Ctrl is Cmd on macOS.
func windowShortcuts() []shortcut {
	return []shortcut{
		{fyne.KeyReturn, "Ctrl+Enter", "Start the block on Today, or stop the running one", (*UI).onStartStop},
		{fyne.KeyS, "Ctrl+S", "Ship it: stop the running block and record what shipped", (*UI).onShip},
		{fyne.KeyN, "Ctrl+N", "Add a finished block on Today", (*UI).onNewBlock},
		{fyne.KeyP, "Ctrl+P", "New project", func(u *UI) { u.askNewProject("", nil) }},
		{fyne.KeyR, "Ctrl+R", "Log a request", (*UI).askLogRequest},
		{fyne.KeyD, "Ctrl+D", "Propose a decision", (*UI).onNewDecision},
		{fyne.KeyF, "Ctrl+F", "Filter deliverables or requests", (*UI).onFilter},
		{fyne.KeyComma, "Ctrl+,", "Settings", func(u *UI) { u.tabs.SelectIndex(tabSettings) }},
		{fyne.KeyF1, "F1", "This list of shortcuts", (*UI).showShortcuts},
	}
}

// addShortcuts registers the window's keyboard shortcuts, and Ctrl+1 to Ctrl+8 for the tabs.
func (u *UI) addShortcuts() {
	c := u.win.Canvas()
	ctrl := fyne.KeyModifierShortcutDefault
	for _, sc := range windowShortcuts() {
		run := sc.run
		if sc.key == fyne.KeyF1 {
			c.SetOnTypedKey(func(e *fyne.KeyEvent) {
				if e.Name == fyne.KeyF1 {
					run(u)
				}
			})
			continue
		}
		c.AddShortcut(&desktop.CustomShortcut{KeyName: sc.key, Modifier: ctrl}, func(fyne.Shortcut) { run(u) })
	}
	c.AddShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyEnter, Modifier: ctrl}, func(fyne.Shortcut) { u.onStartStop() })
	for i := range tabNames {
		tab := i
		key := fyne.KeyName(string(rune('1' + i)))
		c.AddShortcut(&desktop.CustomShortcut{KeyName: key, Modifier: ctrl}, func(fyne.Shortcut) { u.tabs.SelectIndex(tab) })
	}
}

// shortcutList is the shortcuts in two columns, for the Help and About dialogs.
func shortcutList() fyne.CanvasObject {
	grid := container.New(layout.NewFormLayout())
	for _, sc := range windowShortcuts() {
		grid.Add(widget.NewLabelWithStyle(sc.keys, fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}))
		grid.Add(widget.NewLabel(sc.what))
	}
	grid.Add(widget.NewLabelWithStyle("Ctrl+1 … Ctrl+8", fyne.TextAlignLeading, fyne.TextStyle{Monospace: true}))
	grid.Add(widget.NewLabel("Go to a tab, Today to Settings"))
	return grid
}

// showShortcuts lists the keyboard shortcuts (F1).
func (u *UI) showShortcuts() {
	d := dialog.NewCustom("Keyboard shortcuts", "Close", shortcutList(), u.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}

// onNewBlock (Ctrl+N) opens Today and focuses the quick-add form.
func (u *UI) onNewBlock() {
	u.tabs.SelectIndex(tabToday)
	u.win.Canvas().Focus(u.today.addProject.entry)
}

// onShip (Ctrl+S) stops the running block and ships its outcome, or adds a deliverable.
func (u *UI) onShip() {
	if _, err := u.svc.Running(); err == nil {
		u.askShip()
		return
	}
	u.tabs.SelectIndex(tabDeliverables)
	u.win.Canvas().Focus(u.deliverables.title)
}

// onStartStop (Ctrl+Enter) stops the running block or starts one from the Today form.
func (u *UI) onStartStop() {
	if _, err := u.svc.Running(); err == nil {
		u.askStop()
		return
	}
	u.tabs.SelectIndex(tabToday)
	u.today.onStart()
}

// onNewDecision (Ctrl+D) opens Decisions and focuses the proposal.
func (u *UI) onNewDecision() {
	u.tabs.SelectIndex(tabDecisions)
	u.win.Canvas().Focus(u.decisions.title)
}

// onFilter (Ctrl+F) focuses the current screen's filter, or the deliverables filter.
func (u *UI) onFilter() {
	switch u.tabs.SelectedIndex() {
	case tabRequests:
		u.win.Canvas().Focus(u.requests.filter)
	default:
		u.tabs.SelectIndex(tabDeliverables)
		u.win.Canvas().Focus(u.deliverables.filter)
	}
}
