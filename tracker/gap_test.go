package tracker_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestFindGap(t *testing.T) {
	start := t0.Add(-time.Hour)
	seen := t0.Add(-10 * time.Minute)
	end := t0
	for _, tc := range []struct {
		name string
		b    tracker.Block
		gap  time.Duration
		ok   bool
	}{
		{"a block seen a minute ago has no gap", tracker.Block{Start: start, LastSeen: ptr(t0.Add(-time.Minute))}, 0, false},
		{"a block seen exactly the idle gap ago has no gap", tracker.Block{Start: start, LastSeen: ptr(t0.Add(-5 * time.Minute))}, 0, false},
		{"a block seen ten minutes ago has a ten-minute gap", tracker.Block{Start: start, LastSeen: &seen}, 10 * time.Minute, true},
		{"a block never seen counts from its start", tracker.Block{Start: start}, time.Hour, true},
		{"a stopped block has no gap", tracker.Block{Start: start, End: &end}, 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			g, ok := tracker.FindGap(tc.b, t0, 5*time.Minute)
			if ok != tc.ok || (ok && g.Length() != tc.gap) {
				t.Errorf("got %v, %v; want %v, %v", g.Length(), ok, tc.gap, tc.ok)
			}
		})
	}
}

// gapAfterSleep starts a deep block on "Shiplog" at t0 with a goal and a plan, sees it alive for 20
// minutes, then lets 40 unseen minutes pass, and returns the gap the app would ask about.
func gapAfterSleep(t *testing.T) (*tracker.Service, tracker.Gap) {
	t.Helper()
	svc, clock := mustOpen(t)
	mustProject(t, svc, "Shiplog")
	if _, _, err := svc.StartBlock(tracker.Block{Project: "Shiplog", Kind: tracker.KindDeep, Goal: "Auth",
		PlannedSeconds: 5400}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(20 * time.Minute)
	if err := svc.Heartbeat(clock.Now()); err != nil {
		t.Fatal(err)
	}
	clock.Advance(40 * time.Minute)
	b, err := svc.Running()
	if err != nil {
		t.Fatal(err)
	}
	g, ok := tracker.FindGap(b, clock.Now(), 5*time.Minute)
	if !ok || g.Length() != 40*time.Minute {
		t.Fatalf("gap %v, %v; want 40 minutes", g.Length(), ok)
	}
	return svc, g
}

func TestResolveGap(t *testing.T) {
	seen, woke := t0.Add(20*time.Minute), t0.Add(60*time.Minute)

	t.Run("keep counts the gap as work and marks the block seen now", func(t *testing.T) {
		svc, g := gapAfterSleep(t)
		if err := svc.ResolveGap(g, tracker.GapKeep); err != nil {
			t.Fatal(err)
		}
		b, err := svc.Running()
		if err != nil || !b.Start.Equal(t0) || !b.LastSeen.Equal(woke) {
			t.Fatalf("running %+v, %v; want the block from %v seen at %v", b, err, t0, woke)
		}
	})

	t.Run("stop ends the block when it was last seen", func(t *testing.T) {
		svc, g := gapAfterSleep(t)
		if err := svc.ResolveGap(g, tracker.GapStop); err != nil {
			t.Fatal(err)
		}
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if len(bs) != 1 || bs[0].Running() || !bs[0].End.Equal(seen) {
			t.Fatalf("blocks %+v; want one block ending at %v", bs, seen)
		}
	})

	t.Run("split stops at last seen and starts the same work now", func(t *testing.T) {
		svc, g := gapAfterSleep(t)
		if err := svc.ResolveGap(g, tracker.GapSplit); err != nil {
			t.Fatal(err)
		}
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if len(bs) != 2 {
			t.Fatalf("blocks %+v; want two", bs)
		}
		if !bs[0].End.Equal(seen) || !bs[1].Running() || !bs[1].Start.Equal(woke) {
			t.Errorf("split into %v–%v and %v–", bs[0].Start, bs[0].End, bs[1].Start)
		}
		if bs[1].Project != "Shiplog" || bs[1].Goal != "Auth" || bs[1].Kind != tracker.KindDeep || bs[1].Planned() != 90*time.Minute {
			t.Errorf("second block %+v", bs[1])
		}
	})

	t.Run("a split that cannot start again leaves the block untouched", func(t *testing.T) {
		svc, g := gapAfterSleep(t)
		// An archived project takes no new blocks, so the second half of the split fails.
		if _, err := svc.ArchiveProject(g.Block.ProjectID, true); err != nil {
			t.Fatal(err)
		}
		err := svc.ResolveGap(g, tracker.GapSplit)
		if !errors.Is(err, tracker.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid for the archived project", err)
		}
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if len(bs) != 1 || !bs[0].Running() || !bs[0].Start.Equal(t0) || !bs[0].LastSeen.Equal(seen) {
			t.Fatalf("blocks %+v; want the one block still running, last seen at %v", bs, seen)
		}
		// The stop alone succeeds on the archived project: it was the new block that failed.
		if err := svc.ResolveGap(g, tracker.GapStop); err != nil {
			t.Fatalf("stop after the failed split: %v", err)
		}
	})

	t.Run("a block never seen after its start is removed, not stopped at zero length", func(t *testing.T) {
		svc, clock := mustOpen(t)
		mustProject(t, svc, "Shiplog")
		b, _, err := svc.StartBlock(tracker.Block{Project: "Shiplog", Kind: tracker.KindDeep})
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
		g, ok := tracker.FindGap(b, clock.Now(), 5*time.Minute)
		if !ok {
			t.Fatal("no gap after an unseen hour")
		}
		if err := svc.ResolveGap(g, tracker.GapStop); err != nil {
			t.Fatal(err)
		}
		if bs, _ := svc.Blocks(tracker.BlockFilter{}); len(bs) != 0 {
			t.Errorf("blocks %+v; want none", bs)
		}
	})

	t.Run("a gap whose block was stopped elsewhere changes nothing", func(t *testing.T) {
		svc, g := gapAfterSleep(t)
		if _, err := svc.StopBlock(tracker.StopInput{At: t0.Add(30 * time.Minute)}); err != nil {
			t.Fatal(err)
		}
		if err := svc.ResolveGap(g, tracker.GapSplit); !errors.Is(err, tracker.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		if len(bs) != 1 || !bs[0].End.Equal(t0.Add(30*time.Minute)) {
			t.Fatalf("blocks %+v; want the block as stopped elsewhere", bs)
		}
	})
}
