package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"shiplog/tracker"
)

func TestTray(t *testing.T) {
	t.Run("the menu lists state, a start submenu per kind with recent projects, and the actions", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Shiplog API", "Website")
		u, fake := newTestUI(t, svc, nil, Options{})
		if fake.menu == nil || fake.icon != iconResource {
			t.Fatalf("tray not set up: menu %v icon %v", fake.menu, fake.icon)
		}
		if got := strings.Join(labels(fake.menu), "|"); got != "Idle||Start deep work|Start shallow work|"+
			"Start async communication|Start a meeting|Stop…|Ship it…||End day…|Weekly check-in…||Log request…|Open requests (0 due soon)||"+
			"Show Shiplog|Weekly report now||Quit" {
			t.Errorf("menu %s", got)
		}
		if !item(t, fake.menu, "Idle").Disabled || !item(t, fake.menu, "Stop…").Disabled {
			t.Error("state line or Stop is enabled while idle")
		}
		for _, k := range tracker.Kinds {
			sub := item(t, fake.menu, startLabel(k)).ChildMenu
			if got := strings.Join(labels(sub), "|"); got != "Shiplog API|Website|Other project…" {
				t.Errorf("%s submenu %s", k.Label(), got)
			}
		}
		if !item(t, fake.menu, "Quit").IsQuit {
			t.Error("Quit is not marked as the quit item")
		}
		_ = u
	})

	t.Run("clicking Start deep work ▸ project starts a block, shows it and switches the icon", func(t *testing.T) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, fake := newTestUI(t, svc, clk, Options{})
		item(t, fake.menu, "Start deep work", "Shiplog API").Action()
		b, err := svc.Running()
		if err != nil || b.Kind != tracker.KindDeep || b.Project != "Shiplog API" {
			t.Fatalf("running %+v, %v", b, err)
		}
		if fake.icon != iconRunningResource {
			t.Error("icon did not switch to the running icon")
		}
		if got := fake.menu.Items[0].Label; got != "Deep work · Shiplog API · 0:00" {
			t.Errorf("state line %q", got)
		}
		clk.Advance(42 * time.Minute)
		u.tick()
		if got := fake.menu.Items[0].Label; got != "Deep work · Shiplog API · 0:42" {
			t.Errorf("state line after 42 min %q", got)
		}
	})

	t.Run("the state line shows the plan", func(t *testing.T) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API", PlannedSeconds: 5400})
		clk.Advance(42 * time.Minute)
		_, fake := newTestUI(t, svc, clk, Options{})
		if got := fake.menu.Items[0].Label; got != "Deep work · Shiplog API · 0:42 of 1:30" {
			t.Errorf("state line %q", got)
		}
	})

	t.Run("Stop asks for the outcome, and the icon goes back", func(t *testing.T) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, fake := newTestUI(t, svc, clk, Options{})
		item(t, fake.menu, "Start a meeting", "Shiplog API").Action()
		clk.Advance(30 * time.Minute)
		item(t, fake.menu, "Stop…").Action()
		test.Type(dialogEntries(t, u.win)[0], "Agreed on the API")
		test.Tap(button(t, u.win, "Stop"))
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if len(bs) != 1 || bs[0].Running() || bs[0].Outcome != "Agreed on the API" {
			t.Fatalf("blocks %+v", bs)
		}
		if fake.icon != iconResource || fake.menu.Items[0].Label != "Idle" {
			t.Errorf("after stop: icon %v, state %q", fake.icon.Name(), fake.menu.Items[0].Label)
		}
	})

	t.Run("Other project… asks for project, goal and plan", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Website")
		u, fake := newTestUI(t, svc, nil, Options{})
		item(t, fake.menu, "Start async communication", "Other project…").Action()
		es := dialogEntries(t, u.win)
		test.Type(es[0], "Website")
		test.Type(es[1], "Answer the backlog")
		test.Type(es[2], "0:45")
		test.Tap(button(t, u.win, "Start"))
		b, err := svc.Running()
		if err != nil || b.Kind != tracker.KindAsync || b.Goal != "Answer the backlog" || b.Planned() != 45*time.Minute {
			t.Fatalf("running %+v, %v", b, err)
		}
	})

	t.Run("Log request… records a request and the count of due ones follows", func(t *testing.T) {
		svc, clk := mustOpen(t)
		u, fake := newTestUI(t, svc, clk, Options{})
		item(t, fake.menu, "Log request…").Action()
		es := dialogEntries(t, u.win)
		test.Type(es[0], "Review the contract")
		test.Type(es[1], "Ana")
		test.Tap(button(t, u.win, "Log"))
		rs, _ := svc.Requests(tracker.RequestFilter{})
		if len(rs) != 1 || rs[0].Subject != "Review the contract" || rs[0].Priority != tracker.PriorityNormal {
			t.Fatalf("requests %+v", rs)
		}
		clk.Advance(14 * 24 * time.Hour) // past the 48 h business target
		u.tick()
		if item(t, fake.menu, "Open requests (1 due soon)") == nil {
			t.Error("count not shown")
		}
	})

	t.Run("Weekly report now says reports are not available until the writer lands", func(t *testing.T) {
		svc, _ := mustOpen(t)
		u, fake := newTestUI(t, svc, nil, Options{})
		item(t, fake.menu, "Weekly report now").Action()
		if u.tabs.SelectedIndex() != tabReports || !hasText(u.win, "not available yet") {
			t.Error("Reports screen not shown with its notice")
		}
	})
}

func TestNoTray(t *testing.T) {
	svc, _ := mustOpen(t)
	fake := &fakeDesktop{App: test.NewTempApp(t)}
	u := newUI(fake, svc, Options{})
	u.trayEnabled = false // what Run sets when dbus.SessionBus fails
	u.setupTray()
	if u.tray != nil || fake.menu != nil {
		t.Error("a tray was set up without a session bus")
	}
}

// menuShot is every item of a menu, depth first, with what a tray host shows of it.
type menuShot struct {
	item     *fyne.MenuItem
	label    string
	disabled bool
}

func snapshot(m *fyne.Menu) []menuShot {
	var out []menuShot
	for _, it := range m.Items {
		out = append(out, menuShot{it, it.Label, it.Disabled})
		if it.ChildMenu != nil {
			out = append(out, snapshot(it.ChildMenu)...)
		}
	}
	return out
}

// changed lists the labels (after the change) of the items whose label or state differ between
// two snapshots of the same menu.
func changed(t *testing.T, before, after []menuShot) []string {
	t.Helper()
	if len(before) != len(after) {
		t.Fatalf("the menu has %d items, had %d", len(after), len(before))
	}
	var out []string
	for i := range after {
		if after[i].item != before[i].item {
			t.Fatalf("item %d (%q) was replaced", i, after[i].label)
		}
		if after[i] != before[i] {
			out = append(out, after[i].label)
		}
	}
	return out
}

func TestTrayRefresh(t *testing.T) {
	t.Run("the same state sends nothing, however often the tick comes", func(t *testing.T) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, fake := newTestUI(t, svc, clk, Options{})
		sets := fake.menuSets
		for range 3 {
			clk.Advance(time.Minute)
			u.tick()
		}
		u.refresh()
		if fake.menuSets != sets {
			t.Errorf("an idle tray set its menu %d more times", fake.menuSets-sets)
		}
	})

	t.Run("the minute tick changes only the status line, in the menu already shown", func(t *testing.T) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, fake := newTestUI(t, svc, clk, Options{})
		item(t, fake.menu, "Start deep work", "Shiplog API").Action()
		menu, before, sets := fake.menu, snapshot(fake.menu), fake.menuSets
		clk.Advance(time.Minute)
		u.tick()
		if fake.menu != menu || fake.menuSets != sets+1 {
			t.Fatalf("the tick set %d menus, a new one: %v", fake.menuSets-sets, fake.menu != menu)
		}
		if got := changed(t, before, snapshot(fake.menu)); len(got) != 1 || got[0] != "Deep work · Shiplog API · 0:01" {
			t.Errorf("the tick changed %q", got)
		}
	})

	t.Run("a block started elsewhere shows in the status line and enables Stop, in place", func(t *testing.T) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API", "Website")
		u, fake := newTestUI(t, svc, clk, Options{})
		menu, before := fake.menu, snapshot(fake.menu)
		if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindMeeting, Project: "Website"}); err != nil {
			t.Fatal(err)
		}
		u.tick()
		if fake.menu != menu {
			t.Fatal("a new menu was set")
		}
		got := changed(t, before, snapshot(fake.menu))
		// Website is now the most recent project, so the submenus swap their two labels.
		want := []string{"Meeting · Website · 0:00", "Website", "Shiplog API", "Website", "Shiplog API",
			"Website", "Shiplog API", "Website", "Shiplog API", "Stop…", "Ship it…"}
		if strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("changed %q\nwant    %q", got, want)
		}
		if fake.icon != iconRunningResource || item(t, fake.menu, "Stop…").Disabled {
			t.Error("the icon or Stop does not say a block runs")
		}
		clk.Advance(10 * time.Minute)
		item(t, fake.menu, "Start deep work", "Shiplog API").Action()
		if b, err := svc.Running(); err != nil || b.Project != "Shiplog API" || b.Kind != tracker.KindDeep {
			t.Errorf("a swapped item started %+v, %v", b, err)
		}
	})

	t.Run("a new project builds a new menu with it in each start submenu", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, fake := newTestUI(t, svc, nil, Options{})
		menu := fake.menu
		mustProject(t, svc, "Website")
		u.refresh()
		if fake.menu == menu {
			t.Fatal("the menu kept its shape")
		}
		if got := strings.Join(labels(item(t, fake.menu, "Start a meeting").ChildMenu), "|"); got != "Shiplog API|Website|Other project…" {
			t.Errorf("submenu %s", got)
		}
	})
}

// fakeSystray records what the driver would send to fyne.io/systray.
type fakeSystray struct {
	sent  []string
	items int
}

type fakeSystrayItem struct {
	s     *fakeSystray
	id    int
	click chan struct{}
}

func (f *fakeSystray) addItem(parent trayItem, label string, checkable, checked bool) trayItem {
	f.items++
	it := &fakeSystrayItem{s: f, id: f.items, click: make(chan struct{})}
	under := 0
	if p, ok := parent.(*fakeSystrayItem); ok {
		under = p.id
	}
	f.sent = append(f.sent, fmt.Sprintf("add %d under %d %q", it.id, under, label))
	return it
}

func (f *fakeSystray) addSeparator(parent trayItem) { f.sent = append(f.sent, "separator") }
func (f *fakeSystray) reset()                       { f.sent = append(f.sent, "reset") }
func (f *fakeSystray) setIcon([]byte)               { f.sent = append(f.sent, "icon") }

func (i *fakeSystrayItem) log(format string, a ...any) {
	i.s.sent = append(i.s.sent, fmt.Sprintf("%d ", i.id)+fmt.Sprintf(format, a...))
}
func (i *fakeSystrayItem) SetTitle(s string)        { i.log("title %q", s) }
func (i *fakeSystrayItem) Enable()                  { i.log("enable") }
func (i *fakeSystrayItem) Disable()                 { i.log("disable") }
func (i *fakeSystrayItem) Check()                   { i.log("check") }
func (i *fakeSystrayItem) Uncheck()                 { i.log("uncheck") }
func (i *fakeSystrayItem) Remove()                  { i.log("remove"); close(i.click) }
func (i *fakeSystrayItem) clicked() <-chan struct{} { return i.click }

func TestSystrayDriver(t *testing.T) {
	newDriver := func() (*systrayDriver, *fakeSystray, *int) {
		f := &fakeSystray{}
		starts := 0
		ran := make(chan func())
		d := &systrayDriver{api: f, start: func() { starts++ }, do: func(fn func()) { ran <- fn }, ready: true}
		go func() {
			for fn := range ran {
				fn()
			}
		}()
		return d, f, &starts
	}
	sub := func(label string, items ...*fyne.MenuItem) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, nil)
		it.ChildMenu = fyne.NewMenu(label, items...)
		return it
	}
	expect := func(t *testing.T, f *fakeSystray, want ...string) {
		t.Helper()
		if strings.Join(f.sent, "\n") != strings.Join(want, "\n") {
			t.Errorf("sent\n%s\nwant\n%s", strings.Join(f.sent, "\n"), strings.Join(want, "\n"))
		}
		f.sent = nil
	}

	t.Run("the first menu is built whole before the tray registers, once", func(t *testing.T) {
		d, f, starts := newDriver()
		off := fyne.NewMenuItem("Stop_now", nil)
		off.Disabled = true
		d.SetSystemTrayMenu(fyne.NewMenu("", off, fyne.NewMenuItemSeparator(), sub("Start", fyne.NewMenuItem("A", nil))))
		if *starts != 1 {
			t.Fatalf("started %d times", *starts)
		}
		expect(t, f, `add 1 under 0 "Stop__now"`, "1 disable", "separator", `add 2 under 0 "Start"`, `add 3 under 2 "A"`)
		d.SetSystemTrayMenu(fyne.NewMenu("", off, fyne.NewMenuItemSeparator(), sub("Start", fyne.NewMenuItem("A", nil))))
		if *starts != 1 {
			t.Errorf("started %d times", *starts)
		}
		expect(t, f)
	})

	t.Run("the tray registers when the app has started and its first menu is built, whichever is last", func(t *testing.T) {
		d, _, starts := newDriver()
		d.ready = false
		d.SetSystemTrayMenu(fyne.NewMenu("", fyne.NewMenuItem("Idle", nil)))
		if *starts != 0 {
			t.Fatal("registered before the app started")
		}
		d.Start()
		if *starts != 1 {
			t.Fatalf("registered %d times once started", *starts)
		}
		d, _, starts = newDriver()
		d.ready = false
		d.Start()
		if *starts != 0 {
			t.Fatal("registered without a menu")
		}
		d.SetSystemTrayMenu(fyne.NewMenu("", fyne.NewMenuItem("Idle", nil)))
		if *starts != 1 {
			t.Errorf("registered %d times once the menu was built", *starts)
		}
	})

	t.Run("a changed label or state is sent alone, in place", func(t *testing.T) {
		d, f, _ := newDriver()
		status, stop := fyne.NewMenuItem("Idle", nil), fyne.NewMenuItem("Stop", nil)
		stop.Disabled = true
		m := fyne.NewMenu("", status, stop, sub("Start", fyne.NewMenuItem("A", nil)))
		d.SetSystemTrayMenu(m)
		f.sent = nil
		status.Label, stop.Disabled = "Deep work · A · 0:01", false
		m.Items[2].ChildMenu.Items[0].Label = "B"
		d.SetSystemTrayMenu(m)
		expect(t, f, `1 title "Deep work · A · 0:01"`, "2 enable", `4 title "B"`)
	})

	t.Run("items added or removed at the end of a submenu leave the rest in place", func(t *testing.T) {
		d, f, _ := newDriver()
		d.SetSystemTrayMenu(fyne.NewMenu("", sub("Start", fyne.NewMenuItem("A", nil), fyne.NewMenuItem("Other", nil)), fyne.NewMenuItem("Quit", nil)))
		f.sent = nil
		d.SetSystemTrayMenu(fyne.NewMenu("", sub("Start", fyne.NewMenuItem("B", nil), fyne.NewMenuItem("A", nil), fyne.NewMenuItem("Other", nil)), fyne.NewMenuItem("Quit", nil)))
		expect(t, f, `2 title "B"`, `3 title "A"`, `add 5 under 1 "Other"`)
		d.SetSystemTrayMenu(fyne.NewMenu("", sub("Start", fyne.NewMenuItem("Other", nil)), fyne.NewMenuItem("Quit", nil)))
		expect(t, f, "3 remove", "5 remove", `2 title "Other"`)
	})

	t.Run("a separator that would move resets the menu", func(t *testing.T) {
		d, f, starts := newDriver()
		d.SetSystemTrayMenu(fyne.NewMenu("", fyne.NewMenuItem("A", nil), fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Quit", nil)))
		f.sent = nil
		d.SetSystemTrayMenu(fyne.NewMenu("", fyne.NewMenuItem("A", nil), fyne.NewMenuItem("B", nil), fyne.NewMenuItemSeparator(), fyne.NewMenuItem("Quit", nil)))
		expect(t, f, "reset", `add 3 under 0 "A"`, `add 4 under 0 "B"`, "separator", `add 5 under 0 "Quit"`)
		if *starts != 1 {
			t.Errorf("started %d times", *starts)
		}
	})

	t.Run("a click runs the action of the item the menu holds now", func(t *testing.T) {
		d, _, _ := newDriver()
		clicked := make(chan string, 1)
		d.SetSystemTrayMenu(fyne.NewMenu("", fyne.NewMenuItem("A", func() { clicked <- "A" })))
		d.SetSystemTrayMenu(fyne.NewMenu("", fyne.NewMenuItem("B", func() { clicked <- "B" })))
		d.root[0].item.(*fakeSystrayItem).click <- struct{}{}
		if got := <-clicked; got != "B" {
			t.Errorf("the click ran %s", got)
		}
	})
}
