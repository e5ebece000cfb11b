package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"shiplog/tracker"
)

func TestTray(t *testing.T) {
	t.Run("the menu lists state, start submenus per kind with recent projects, and the actions", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Shiplog API", "Website")
		u, fake := newTestUI(t, svc, nil, Options{})
		if fake.menu == nil || fake.icon != iconResource {
			t.Fatalf("tray not set up: menu %v icon %v", fake.menu, fake.icon)
		}
		if got := strings.Join(labels(fake.menu), "|"); got !=
			"Idle||Start|Stop…|Ship it…||Log request…|Open requests (0 due soon)||Show Shiplog|Weekly report now||Quit" {
			t.Errorf("menu %s", got)
		}
		if !item(t, fake.menu, "Idle").Disabled || !item(t, fake.menu, "Stop…").Disabled {
			t.Error("state line or Stop is enabled while idle")
		}
		for _, k := range tracker.Kinds {
			sub := item(t, fake.menu, "Start", k.Label()).ChildMenu
			if got := strings.Join(labels(sub), "|"); got != "Shiplog API|Website||Other…" {
				t.Errorf("%s submenu %s", k.Label(), got)
			}
		}
		if !item(t, fake.menu, "Quit").IsQuit {
			t.Error("Quit is not marked as the quit item")
		}
		_ = u
	})

	t.Run("clicking Start ▸ Deep work ▸ project starts a block, shows it and switches the icon", func(t *testing.T) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, fake := newTestUI(t, svc, clk, Options{})
		item(t, fake.menu, "Start", "Deep work", "Shiplog API").Action()
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

	t.Run("the menu is set only when something changes or the minute ticks", func(t *testing.T) {
		svc, clk := mustOpen(t)
		u, fake := newTestUI(t, svc, clk, Options{})
		before := fake.menuSets
		u.tick()
		if fake.menuSets != before+1 {
			t.Errorf("one tick set the menu %d times", fake.menuSets-before)
		}
	})

	t.Run("Stop asks for the outcome, and the icon goes back", func(t *testing.T) {
		svc, clk := mustOpen(t)
		mustProject(t, svc, "Shiplog API")
		u, fake := newTestUI(t, svc, clk, Options{})
		item(t, fake.menu, "Start", "Meeting", "Shiplog API").Action()
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

	t.Run("Other… asks for project, goal and plan", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Website")
		u, fake := newTestUI(t, svc, nil, Options{})
		item(t, fake.menu, "Start", "Async communication", "Other…").Action()
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
		if u.tabs.SelectedIndex() != 5 || !hasText(u.win, "not available yet") {
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
