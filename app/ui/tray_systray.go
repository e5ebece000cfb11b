package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/systray"
)

// trayDriver shows the tray icon and menu. Fyne's desktop.App is one; systrayDriver is the one
// the app runs with. Calling SetSystemTrayMenu again with the menu last set, after changing its
// items, is how a menu is refreshed, as (*fyne.Menu).Refresh does it.
type trayDriver interface {
	SetSystemTrayIcon(fyne.Resource)
	SetSystemTrayMenu(*fyne.Menu)
}

// systrayDriver shows a *fyne.Menu through fyne.io/systray, sending only what changed.
//
// Fyne 2.7's own driver resets the whole systray menu on every SetSystemTrayMenu and every
// (*fyne.Menu).Refresh: every item is removed and added again under a new id, one LayoutUpdated
// signal each. A tray host closes an open submenu whose ids vanish, so a click there is lost, and
// libdbusmenu-gtk3 (the Xfce, Cinnamon and GNOME trays) can drop a submenu's items while it
// loads a menu whose parents and children are all new (fyne-io/systray#12). This driver instead
// keeps the items it made and, for a menu of the same shape, changes their labels and states in
// place; ids never change. Items are added or removed only where the shape changed, and the menu
// is reset only when a separator would have to move, which systray cannot do in place.
//
// It builds the whole first menu before it registers the tray, so that the host's first look
// finds it complete: systray v1.12 answers that first look one level deep and signals the rest
// a moment later (fyne-io/systray#118), by which time the top-level items exist in the host.
// It registers only once the app has started (Start), so that the host's looks come when the
// app is idle: xfce4-sntray-plugin gives up on a GetLayout answered after 200 ms and never asks
// again, which leaves its submenus empty; amid the start-up, answers took up to 0.8 s on a
// loaded machine, after it under 10 ms.
//
// That makes a two-level menu load reliably, and only that: the host's second look brings all
// deeper items at once, and libdbusmenu asks for their properties in one GetGroupProperties call
// per level. godbus answers each call on a goroutine of its own (godbus/dbus#327), so the third
// level's answer can overtake the second's, and libdbusmenu-gtk3 drops an item whose parent has
// no submenu yet. With Start ▸ Deep work ▸ projects, the built-in Xfce tray showed the projects
// submenu empty in 7 of 10 fresh starts even with this driver; hence the tray's menu is two
// levels deep. A deeper menu would need systray to serve one more level per look, or godbus to
// answer one connection's calls in order.
type systrayDriver struct {
	api     systrayAPI
	do      func(func()) // runs a click's action on the UI goroutine (fyne.Do)
	start   func()       // registers the tray with the host
	ready   bool         // the app has started
	built   bool         // the first menu is built
	started bool
	root    []*trayNode
}

// trayNode is one item as the driver last showed it.
type trayNode struct {
	item      trayItem // nil for a separator
	sep       bool
	sub       bool // the item opens a submenu
	checkable bool
	label     string
	disabled  bool
	checked   bool
	source    *fyne.MenuItem // whose Action a click runs; the menu may swap it for another
	children  []*trayNode
}

// systrayAPI is the part of fyne.io/systray the driver uses, so that tests can see what it
// would send without a session bus.
type systrayAPI interface {
	// addItem adds an item at the end of parent's submenu, or of the menu when parent is nil.
	addItem(parent trayItem, label string, checkable, checked bool) trayItem
	addSeparator(parent trayItem)
	// reset removes every item.
	reset()
	setIcon(png []byte)
}

// trayItem is one item added through systrayAPI.
type trayItem interface {
	SetTitle(string)
	Enable()
	Disable()
	Check()
	Uncheck()
	Remove()
	clicked() <-chan struct{}
}

// newSystrayDriver prepares the tray. Nothing goes to the bus before the first menu is set.
func newSystrayDriver(title string) (d *systrayDriver, stop func()) {
	start, end := systray.RunWithExternalLoop(nil, nil)
	systray.SetTitle(title) // some hosts misbehave without one (fyne-io/fyne#3678)
	d = &systrayDriver{api: systrayPackage{}, do: fyne.Do, start: start}
	return d, func() {
		if d.started {
			end()
		}
	}
}

// SetSystemTrayIcon shows r as the tray icon.
func (d *systrayDriver) SetSystemTrayIcon(r fyne.Resource) {
	d.api.setIcon(r.Content())
}

// SetSystemTrayMenu shows m: the first call builds it, later calls send only the differences
// from what is shown.
func (d *systrayDriver) SetSystemTrayMenu(m *fyne.Menu) {
	if !d.sync(nil, &d.root, m.Items) {
		d.api.reset()
		d.root = nil
		d.sync(nil, &d.root, m.Items) // from nothing it only adds, which always works
	}
	d.built = true
	d.register()
}

// Start lets the tray register with the host, now or as soon as its first menu is built. The
// app calls it once it has started.
func (d *systrayDriver) Start() {
	d.ready = true
	d.register()
}

func (d *systrayDriver) register() {
	if d.ready && d.built && !d.started {
		d.started = true
		d.start()
	}
}

// sync makes nodes, the items under parent, show items. Nodes that still fit are updated in
// place; since systray can only append, the rest are removed and the remaining items appended.
// It reports false when that would remove a separator, which systray gives no handle for.
func (d *systrayDriver) sync(parent trayItem, nodes *[]*trayNode, items []*fyne.MenuItem) bool {
	shown := *nodes
	keep := 0
	for keep < len(shown) && keep < len(items) && shown[keep].fits(items[keep]) {
		keep++
	}
	for _, n := range shown[keep:] {
		if n.sep {
			return false
		}
	}
	for _, n := range shown[keep:] {
		n.item.Remove()
	}
	shown = shown[:keep]
	for i, n := range shown {
		if !d.update(n, items[i]) {
			return false
		}
	}
	for _, it := range items[keep:] {
		shown = append(shown, d.add(parent, it))
	}
	*nodes = shown
	return true
}

// fits reports whether n can show it by changing its label and states.
func (n *trayNode) fits(it *fyne.MenuItem) bool {
	if n.sep || it.IsSeparator {
		return n.sep == it.IsSeparator
	}
	return n.sub == (it.ChildMenu != nil) && (n.checkable || !it.Checked)
}

// update sends what changed between n and it, and takes it as the source of n's clicks.
func (d *systrayDriver) update(n *trayNode, it *fyne.MenuItem) bool {
	n.source = it
	if n.sep {
		return true
	}
	if label := trayLabel(it.Label); label != n.label {
		n.label = label
		n.item.SetTitle(label)
	}
	if it.Disabled != n.disabled {
		n.disabled = it.Disabled
		if it.Disabled {
			n.item.Disable()
		} else {
			n.item.Enable()
		}
	}
	if n.checkable && it.Checked != n.checked {
		n.checked = it.Checked
		if it.Checked {
			n.item.Check()
		} else {
			n.item.Uncheck()
		}
	}
	if it.ChildMenu != nil {
		return d.sync(n.item, &n.children, it.ChildMenu.Items)
	}
	return true
}

// add appends it, with its submenu, under parent.
func (d *systrayDriver) add(parent trayItem, it *fyne.MenuItem) *trayNode {
	if it.IsSeparator {
		d.api.addSeparator(parent)
		return &trayNode{sep: true, source: it}
	}
	n := &trayNode{
		sub:       it.ChildMenu != nil,
		checkable: it.Checked,
		checked:   it.Checked,
		label:     trayLabel(it.Label),
		disabled:  it.Disabled,
		source:    it,
	}
	n.item = d.api.addItem(parent, n.label, n.checkable, n.checked)
	if it.Disabled {
		n.item.Disable()
	}
	if it.ChildMenu != nil {
		for _, c := range it.ChildMenu.Items {
			n.children = append(n.children, d.add(n.item, c))
		}
	}
	go d.listen(n)
	return n
}

// listen runs n's action for each click until n is removed, which closes the channel.
func (d *systrayDriver) listen(n *trayNode) {
	for range n.item.clicked() {
		d.do(func() {
			if it := n.source; it != nil && !it.Disabled && it.Action != nil {
				it.Action()
			}
		})
	}
}

// trayLabel escapes underscores, which dbusmenu reads as access-key marks: "__" shows one "_".
func trayLabel(s string) string {
	return strings.ReplaceAll(s, "_", "__")
}

// systrayPackage is systrayAPI on the fyne.io/systray package itself.
type systrayPackage struct{}

func (systrayPackage) addItem(parent trayItem, label string, checkable, checked bool) trayItem {
	var it *systray.MenuItem
	switch p, _ := parent.(systrayItem); {
	case parent == nil && checkable:
		it = systray.AddMenuItemCheckbox(label, "", checked)
	case parent == nil:
		it = systray.AddMenuItem(label, "")
	case checkable:
		it = p.AddSubMenuItemCheckbox(label, "", checked)
	default:
		it = p.AddSubMenuItem(label, "")
	}
	return systrayItem{it}
}

func (systrayPackage) addSeparator(parent trayItem) {
	if p, ok := parent.(systrayItem); ok {
		p.AddSeparator()
		return
	}
	systray.AddSeparator()
}

func (systrayPackage) reset() { systray.ResetMenu() }

func (systrayPackage) setIcon(png []byte) { systray.SetIcon(png) }

// systrayItem is a *systray.MenuItem as a trayItem.
type systrayItem struct{ *systray.MenuItem }

func (i systrayItem) clicked() <-chan struct{} { return i.ClickedCh }
