package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"

	"shiplog/tracker"
)

// liveDriver runs the window's per-second loop on the fake clock: step moves the clock a second
// and waits until the loop has done that second's work.
type liveDriver struct {
	t      *testing.T
	clk    interface{ Advance(time.Duration) }
	ticked chan struct{}
}

func startLive(t *testing.T, u *UI) *liveDriver {
	t.Helper()
	d := &liveDriver{t: t, clk: u.clock.(interface{ Advance(time.Duration) }), ticked: make(chan struct{}, 1)}
	u.live.ticked = func() { d.ticked <- struct{}{} }
	stop := make(chan struct{})
	t.Cleanup(func() { close(stop) })
	// The ticker is made here, before the loop runs, so that the first Advance reaches it.
	go u.liveLoop(u.clock.NewTicker(liveEvery), stop)
	return d
}

func (d *liveDriver) step() {
	d.t.Helper()
	d.clk.Advance(liveEvery)
	select {
	case <-d.ticked:
	case <-time.After(10 * time.Second): // a guard against a hang, not a wait for work
		d.t.Fatal("the per-second loop did not run")
	}
}

func TestTheWindowAndTheTraySeeChangesMadeElsewhere(t *testing.T) {
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Shiplog API")
	// The CLI, the daemon or another window: another connection to the same file.
	other := mustOpenAt(t, svc.Path(), clk)
	u, fake := newTestUI(t, svc, clk, Options{})
	live := startLive(t, u)
	stop := item(t, fake.menu, "Stop…")

	t.Run("a block started elsewhere shows within a second, in the window and the tray", func(t *testing.T) {
		if _, _, err := other.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API", Goal: "Export"}); err != nil {
			t.Fatal(err)
		}
		live.step()
		if u.today.state.Text != "Deep work · Shiplog API — Export" || u.today.timer.Text != "0:00:01" {
			t.Errorf("window shows %q, timer %q", u.today.state.Text, u.today.timer.Text)
		}
		if got := fake.menu.Items[0].Label; got != "Deep work · Shiplog API · 0:00" || stop.Disabled {
			t.Errorf("tray shows %q, Stop… disabled %v", got, stop.Disabled)
		}
	})
	t.Run("the timer counts each second as status does, redrawing nothing else", func(t *testing.T) {
		row := u.today.blocks.Objects[0]
		for range 59 {
			live.step()
		}
		b, _ := svc.Running()
		if want := tracker.FormatElapsed(b.Duration(svc.Now())); u.today.timer.Text != want || want != "0:01:00" {
			t.Errorf("timer %q, status would say %q", u.today.timer.Text, want)
		}
		if u.today.blocks.Objects[0] != row {
			t.Error("the blocks were rebuilt without a change to them")
		}
	})
	t.Run("a block stopped elsewhere leaves the tray idle, even with the window hidden", func(t *testing.T) {
		u.hideWindow()
		timer := u.today.timer.Text
		live.step()
		if u.today.timer.Text != timer {
			t.Error("the hidden window's timer was redrawn")
		}
		if _, err := other.StopBlock(tracker.StopInput{}); err != nil {
			t.Fatal(err)
		}
		live.step()
		if got := fake.menu.Items[0].Label; got != "Idle" || !stop.Disabled {
			t.Errorf("tray shows %q, Stop… disabled %v", got, stop.Disabled)
		}
		u.showWindow()
		if u.today.state.Text != "Idle" || u.today.timer.Text != "0:00:00" {
			t.Errorf("shown again: %q, timer %q", u.today.state.Text, u.today.timer.Text)
		}
	})
	t.Run("a project added elsewhere is offered by the pickers of the visible screen", func(t *testing.T) {
		if _, err := other.AddProject(tracker.Project{Name: "Website"}); err != nil {
			t.Fatal(err)
		}
		live.step()
		if got := u.projectNames(); len(got) != 2 {
			t.Fatalf("projects %v", got)
		}
		u.today.startProject.entry.SetText("Website")
		if err := u.today.startProject.check(false); err != nil || u.today.startStop.Disabled() {
			t.Errorf("the start form refuses Website: %v", err)
		}
	})
}

func TestDeepWorkTodayHasNoBarUntilThereIsDeepWork(t *testing.T) {
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Shiplog API")
	u, _ := newTestUI(t, svc, clk, Options{})
	if u.today.deepBar.Visible() || u.today.deep.Text != "0m of 3h goal" {
		t.Errorf("empty day: bar shown %v, label %q", u.today.deepBar.Visible(), u.today.deep.Text)
	}
	end := testNow.Add(-time.Hour)
	if _, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API", Start: testNow.Add(-150 * time.Minute),
		End: &end, Goal: "Export"}); err != nil {
		t.Fatal(err)
	}
	u.refresh()
	if !u.today.deepBar.Visible() || u.today.deepBar.Value != 0.5 || u.today.deep.Text != "1h 30m of 3h goal" {
		t.Errorf("after 1:30: bar shown %v at %v, label %q", u.today.deepBar.Visible(), u.today.deepBar.Value, u.today.deep.Text)
	}
}

func TestShortcutsAreListedAndWork(t *testing.T) {
	svc, clk := mustOpen(t)
	u, _ := newTestUI(t, svc, clk, Options{})
	u.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyP))
	if formEntry(t, u.win, "Name") == nil {
		t.Fatal("Ctrl+P opened no new-project dialog")
	}
	u.dialog.Hide()
	u.win.Canvas().(fyne.Shortcutable).TypedShortcut(ctrl(fyne.KeyName("5")))
	if u.tabs.SelectedIndex() != tabProjects {
		t.Errorf("Ctrl+5 selected tab %d", u.tabs.SelectedIndex())
	}
	u.showAbout()
	for _, sc := range windowShortcuts() {
		wantText(t, u.win, sc.what)
	}
}

func ctrl(k fyne.KeyName) fyne.Shortcut {
	return &desktop.CustomShortcut{KeyName: k, Modifier: fyne.KeyModifierShortcutDefault}
}
