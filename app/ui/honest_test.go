package ui

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
)

// sleepThenTick runs a block with heartbeats for 20 minutes, sleeps 40, and ticks on wake.
func sleepThenTick(t *testing.T) (*UI, *tracker.Service, *clockwork.FakeClock) {
	t.Helper()
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Shiplog API")
	u, _ := newTestUI(t, svc, clk, Options{})
	if err := u.startBlock(tracker.KindDeep, "Shiplog API", "Auth", 90*time.Minute); err != nil {
		t.Fatal(err)
	}
	for range 20 {
		clk.Advance(time.Minute)
		u.tick()
	}
	if u.gapDialog != nil {
		t.Fatal("asked about a gap while ticking every minute")
	}
	clk.Advance(40 * time.Minute) // asleep: no ticks
	u.tick()
	if u.gapDialog == nil {
		t.Fatal("no question after a 40-minute gap")
	}
	return u, svc, clk
}

func TestSleepGap(t *testing.T) {
	seen := testNow.Add(20 * time.Minute)
	woke := testNow.Add(60 * time.Minute)

	t.Run("the question names the gap and no heartbeat is written while it is open", func(t *testing.T) {
		u, svc, _ := sleepThenTick(t)
		wantText(t, u.win, "for 0:40 (since 14:20)")
		u.tick()
		b, _ := svc.Running()
		if !b.LastSeen.Equal(seen) {
			t.Errorf("last seen moved to %v while asking", b.LastSeen)
		}
	})

	t.Run("keep the time counts the gap as work", func(t *testing.T) {
		u, svc, _ := sleepThenTick(t)
		tapButton(t, u, "Keep the time")
		b, err := svc.Running()
		if err != nil || !b.Start.Equal(testNow) || !b.LastSeen.Equal(woke) {
			t.Fatalf("running %+v, %v", b, err)
		}
	})

	t.Run("stop at last seen ends the block before the gap", func(t *testing.T) {
		u, svc, _ := sleepThenTick(t)
		tapButton(t, u, "Stop at 14:20")
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if len(bs) != 1 || bs[0].Running() || !bs[0].End.Equal(seen) {
			t.Fatalf("blocks %+v", bs)
		}
	})

	t.Run("split stops at last seen and starts the same work now", func(t *testing.T) {
		u, svc, _ := sleepThenTick(t)
		tapButton(t, u, "Split: stop at 14:20, start again now")
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if len(bs) != 2 {
			t.Fatalf("blocks %+v", bs)
		}
		if !bs[0].End.Equal(seen) || !bs[1].Running() || !bs[1].Start.Equal(woke) {
			t.Errorf("split into %v–%v and %v–", bs[0].Start, bs[0].End, bs[1].Start)
		}
		if bs[1].Project != "Shiplog API" || bs[1].Goal != "Auth" || bs[1].Kind != tracker.KindDeep || bs[1].Planned() != 90*time.Minute {
			t.Errorf("second block %+v", bs[1])
		}
	})
}

func TestCrashRestore(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shiplog.db")
	clk := clockwork.NewFakeClockAt(testNow)
	svc := mustOpenAt(t, path, clk)
	mustProject(t, svc, "Shiplog API")
	svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API"})
	clk.Advance(15 * time.Minute)
	svc.Heartbeat(clk.Now())
	svc.Close() // the crash: nothing stops the block

	for _, tc := range []struct {
		name   string
		answer string
		check  func(t *testing.T, bs []tracker.Block)
	}{
		{"keep: the block runs on from its original start", "Keep the time", func(t *testing.T, bs []tracker.Block) {
			if len(bs) != 1 || !bs[0].Running() || !bs[0].Start.Equal(testNow) {
				t.Errorf("blocks %+v", bs)
			}
		}},
		{"stop: the block ends when it was last seen", "Stop at 14:15", func(t *testing.T, bs []tracker.Block) {
			if len(bs) != 1 || bs[0].Running() || bs[0].Duration(testNow) != 15*time.Minute {
				t.Errorf("blocks %+v", bs)
			}
		}},
		{"split: a new block starts at the restart", "Split: stop at 14:15, start again now", func(t *testing.T, bs []tracker.Block) {
			if len(bs) != 2 || !bs[1].Running() || !bs[1].Start.Equal(testNow.Add(3*time.Hour)) {
				t.Errorf("blocks %+v", bs)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Each answer starts from a copy of the crashed database.
			copyPath := filepath.Join(t.TempDir(), "copy.db")
			copyFile(t, path, copyPath)
			c := clockwork.NewFakeClockAt(testNow.Add(3 * time.Hour))
			svc := mustOpenAt(t, copyPath, c)
			u, _ := newTestUI(t, svc, c, Options{})
			if u.gapDialog == nil {
				t.Fatal("no question on restart after a crash")
			}
			wantText(t, u.win, "Shiplog was not running for 2:45 (since 14:15)")
			tapButton(t, u, tc.answer)
			bs, _ := svc.Blocks(tracker.BlockFilter{})
			tc.check(t, bs)
		})
	}
}

func TestStopAtLastSeenRemovesANeverSeenBlock(t *testing.T) {
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Shiplog API")
	svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API"})
	clk.Advance(time.Hour)
	u, _ := newTestUI(t, svc, clk, Options{})
	tapButton(t, u, "Stop at 14:00")
	if bs, _ := svc.Blocks(tracker.BlockFilter{}); len(bs) != 0 {
		t.Errorf("blocks %+v", bs)
	}
}

func TestClockJumped(t *testing.T) {
	h := &honestTime{}
	for _, tc := range []struct {
		name string
		at   time.Time
		want bool
	}{
		{"the first tick has nothing to compare with", testNow, false},
		{"a tick a minute later is no jump", testNow.Add(time.Minute), false},
		{"a tick forty minutes later is a jump", testNow.Add(41 * time.Minute), true},
		{"the tick after the jump is normal again", testNow.Add(42 * time.Minute), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := h.clockJumped(tc.at); got != tc.want {
				t.Errorf("got %v", got)
			}
		})
	}
}
