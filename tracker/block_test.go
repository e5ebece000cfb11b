package tracker_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

func TestStartingABlockStopsTheRunningOneAtTheNewStart(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "API")
	first, stopped, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "api", Goal: "Schema"})
	if err != nil || stopped != nil {
		t.Fatalf("start: %v, stopped %v", err, stopped)
	}
	if first.Project != "API" || !first.Running() {
		t.Fatalf("got %+v", first)
	}
	clock.Advance(40 * time.Minute)
	second, stopped, err := svc.StartBlock(tracker.Block{Kind: tracker.KindMeeting, Project: "API"})
	if err != nil {
		t.Fatal(err)
	}
	if stopped == nil || stopped.ID != first.ID || !stopped.End.Equal(second.Start) {
		t.Fatalf("the first block was not stopped at the second's start: %+v", stopped)
	}
	run, err := svc.Running()
	if err != nil || run.ID != second.ID {
		t.Fatalf("running = %+v, %v; want block %d", run, err, second.ID)
	}
	bs, _ := svc.Blocks(tracker.BlockFilter{})
	running := 0
	for _, b := range bs {
		if b.Running() {
			running++
		}
	}
	if running != 1 || len(bs) != 2 {
		t.Errorf("%d blocks, %d running; want 2 and 1", len(bs), running)
	}
}

func TestTheRunningBlockIsPersistedTheMomentItStarts(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "API")
	b, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API"})
	if err != nil {
		t.Fatal(err)
	}
	// A second process sees it at once: reopen the file.
	other, err := sqlite.OpenService(svc.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	got, err := other.Running()
	if err != nil || got.ID != b.ID || !got.Start.Equal(b.Start) {
		t.Fatalf("another connection sees %+v, %v", got, err)
	}
}

func TestIdleHasNoRunningBlock(t *testing.T) {
	svc, _ := mustOpen(t)
	if _, err := svc.Running(); !errors.Is(err, tracker.ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
	if _, err := svc.StopBlock(tracker.StopInput{}); !errors.Is(err, tracker.ErrConflict) {
		t.Fatalf("stop while idle: got %v, want ErrConflict", err)
	}
}

func TestOverlappingBlocksAreAConflictThatNamesTheOtherBlock(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "API")
	base, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API",
		Start: at("2026-11-24T09:00:00Z"), End: ptr(at("2026-11-24T10:00:00Z"))})
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name       string
		start, end string
		conflict   bool
	}{
		{"one that starts inside", "2026-11-24T09:30:00Z", "2026-11-24T10:30:00Z", true},
		{"one that ends inside", "2026-11-24T08:30:00Z", "2026-11-24T09:01:00Z", true},
		{"one that contains it", "2026-11-24T08:00:00Z", "2026-11-24T11:00:00Z", true},
		{"one inside it", "2026-11-24T09:10:00Z", "2026-11-24T09:20:00Z", true},
		{"the same span", "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z", true},
		{"one that ends where it starts", "2026-11-24T08:00:00Z", "2026-11-24T09:00:00Z", false},
		{"one that starts where it ends", "2026-11-24T10:00:00Z", "2026-11-24T10:30:00Z", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := svc.AddBlock(tracker.Block{Kind: tracker.KindShallow, Project: "API", Start: at(c.start), End: ptr(at(c.end))})
			if !c.conflict {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				svc.DeleteBlock(b.ID)
				return
			}
			if !errors.Is(err, tracker.ErrConflict) {
				t.Fatalf("got %v, want ErrConflict", err)
			}
			if !strings.Contains(err.Error(), "block 1 ") || base.ID != 1 {
				t.Errorf("the error does not name block 1: %v", err)
			}
		})
	}
}

func TestNothingMayStartAfterTheRunningBlock(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "API")
	run, _, _ := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API"})
	clock.Advance(time.Hour)
	_, err := svc.AddBlock(tracker.Block{Kind: tracker.KindMeeting, Project: "API",
		Start: run.Start.Add(10 * time.Minute), End: ptr(run.Start.Add(20 * time.Minute))})
	if !errors.Is(err, tracker.ErrConflict) || !strings.Contains(err.Error(), "running") {
		t.Fatalf("got %v, want a conflict with the running block", err)
	}
}

func TestAFailedStartWritesNothing(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "API")
	run, _, _ := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API"})
	clock.Advance(time.Hour)
	// Starting before the running block's start would stop it before it began: refused as a whole.
	_, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindMeeting, Project: "API", Start: run.Start.Add(-time.Minute)})
	if !errors.Is(err, tracker.ErrConflict) {
		t.Fatalf("got %v, want ErrConflict", err)
	}
	// Unknown project: also nothing changes.
	if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindMeeting, Project: "Nope"}); !errors.Is(err, tracker.ErrNotFound) {
		t.Fatalf("got %v, want ErrNotFound", err)
	}
	got, err := svc.Running()
	if err != nil || got.ID != run.ID || got.End != nil {
		t.Fatalf("the running block changed: %+v %v", got, err)
	}
	bs, _ := svc.Blocks(tracker.BlockFilter{})
	if len(bs) != 1 {
		t.Errorf("%d blocks, want 1", len(bs))
	}
}

func TestUnknownProjectsSuggestCloseNames(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "Shiplog API")
	mustProject(t, svc, "Hiring")
	_, err := svc.ProjectByName("Shiplog AP")
	var nf *tracker.NotFoundError
	if !errors.As(err, &nf) || len(nf.Suggestions) == 0 || nf.Suggestions[0] != "Shiplog API" {
		t.Fatalf("got %v", err)
	}
	if _, err := svc.AddProject(tracker.Project{Name: "HIRING"}); !errors.Is(err, tracker.ErrConflict) {
		t.Fatalf("a duplicate name in another case: got %v, want ErrConflict", err)
	}
}

func TestDurationsAreExactAcrossDST(t *testing.T) {
	cases := []struct {
		zone       string
		start, end [5]int // y, m, d, h, min local wall time
		want       time.Duration
	}{
		// 2026-03-08 02:00 EST jumps to 03:00 EDT: 00:00 to 06:00 wall is 5 real hours.
		{"America/New_York", [5]int{2026, 3, 8, 0, 0}, [5]int{2026, 3, 8, 6, 0}, 5 * time.Hour},
		// 2026-11-01 02:00 EDT falls back to 01:00 EST: 00:00 to 06:00 wall is 7 real hours.
		{"America/New_York", [5]int{2026, 11, 1, 0, 0}, [5]int{2026, 11, 1, 6, 0}, 7 * time.Hour},
		// 2026-03-29 02:00 CET jumps to 03:00 CEST.
		{"Europe/Berlin", [5]int{2026, 3, 29, 1, 30}, [5]int{2026, 3, 29, 3, 30}, time.Hour},
		// 2026-10-25 03:00 CEST falls back to 02:00 CET.
		{"Europe/Berlin", [5]int{2026, 10, 25, 1, 30}, [5]int{2026, 10, 25, 3, 30}, 3 * time.Hour},
		// Lord Howe moves by 30 minutes: 2026-04-05 02:00 (+11) back to 01:30 (+10:30).
		{"Australia/Lord_Howe", [5]int{2026, 4, 5, 0, 0}, [5]int{2026, 4, 5, 4, 0}, 4*time.Hour + 30*time.Minute},
		// 2026-10-04 02:00 (+10:30) forward to 02:30 (+11).
		{"Australia/Lord_Howe", [5]int{2026, 10, 4, 0, 0}, [5]int{2026, 10, 4, 4, 0}, 3*time.Hour + 30*time.Minute},
	}
	for _, c := range cases {
		t.Run(c.zone+" "+time.Date(c.start[0], time.Month(c.start[1]), c.start[2], 0, 0, 0, 0, time.UTC).Format("2006-01-02"), func(t *testing.T) {
			loc, err := time.LoadLocation(c.zone)
			if err != nil {
				t.Skip(err)
			}
			svc, _ := mustOpen(t)
			mustProject(t, svc, "A")
			if err := svc.SetSetting("timezone", c.zone); err != nil {
				t.Fatal(err)
			}
			s := time.Date(c.start[0], time.Month(c.start[1]), c.start[2], c.start[3], c.start[4], 0, 0, loc)
			e := time.Date(c.end[0], time.Month(c.end[1]), c.end[2], c.end[3], c.end[4], 0, 0, loc)
			if _, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "A", Start: s, End: &e}); err != nil {
				t.Fatal(err)
			}
			// Read back through a range given in local dates, as the CLI does.
			day := tracker.Date(s.Format(time.DateOnly))
			bs, err := svc.Blocks(tracker.BlockFilter{From: day.In(loc), To: day.In(loc).AddDate(0, 0, 1)})
			if err != nil || len(bs) != 1 {
				t.Fatalf("range query found %d blocks (%v)", len(bs), err)
			}
			if got := bs[0].Duration(t0); got != c.want {
				t.Errorf("duration %s, want %s", got, c.want)
			}
		})
	}
}

func TestRangeQueriesIncludeTheBlockThatCrossesTheStart(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "A")
	add := func(s, e string) {
		if _, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "A", Start: at(s), End: ptr(at(e))}); err != nil {
			t.Fatal(err)
		}
	}
	add("2026-11-23T20:00:00Z", "2026-11-23T22:00:00Z")
	add("2026-11-23T23:00:00Z", "2026-11-24T01:00:00Z") // crosses midnight
	add("2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z")
	add("2026-11-25T09:00:00Z", "2026-11-25T10:00:00Z")
	bs, err := svc.Blocks(tracker.BlockFilter{From: at("2026-11-24T00:00:00Z"), To: at("2026-11-25T00:00:00Z")})
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 || bs[0].ID != 2 || bs[1].ID != 3 {
		t.Fatalf("got %d blocks: %+v", len(bs), bs)
	}
}

func TestDeleteCanBeUndone(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "A")
	b, _ := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "A", Goal: "g",
		Start: at("2026-11-24T09:00:00Z"), End: ptr(at("2026-11-24T10:00:00Z"))})
	del, err := svc.DeleteBlock(b.ID)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.DeleteBlock(b.ID); !errors.Is(err, tracker.ErrNotFound) {
		t.Fatalf("second delete: %v", err)
	}
	back, err := svc.RestoreBlock(del)
	if err != nil || back.ID != b.ID || back.Goal != "g" {
		t.Fatalf("restore: %+v %v", back, err)
	}
}

func TestEditChecksTheResultLikeANewBlock(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "A")
	a, _ := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "A", Start: at("2026-11-24T09:00:00Z"), End: ptr(at("2026-11-24T10:00:00Z"))})
	b, _ := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "A", Start: at("2026-11-24T11:00:00Z"), End: ptr(at("2026-11-24T12:00:00Z"))})
	if _, err := svc.EditBlock(b.ID, tracker.BlockPatch{Start: ptr(at("2026-11-24T09:30:00Z"))}); !errors.Is(err, tracker.ErrConflict) {
		t.Fatalf("edit into an overlap: %v", err)
	}
	got, err := svc.EditBlock(a.ID, tracker.BlockPatch{End: ptr(at("2026-11-24T10:45:00Z")), Outcome: ptr("done")})
	if err != nil || got.Duration(t0) != 105*time.Minute || got.Outcome != "done" {
		t.Fatalf("edit: %+v %v", got, err)
	}
}

func TestInvestedTimeIsTheSumOfTheDeliverablesBlocks(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "A")
	d, err := svc.AddDeliverable(tracker.Deliverable{Title: "Export", Project: "A"})
	if err != nil {
		t.Fatal(err)
	}
	svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "A", DeliverableID: &d.ID, Start: at("2026-11-24T09:00:00Z"), End: ptr(at("2026-11-24T10:30:00Z"))})
	svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "A", Start: at("2026-11-24T11:00:00Z"), End: ptr(at("2026-11-24T12:00:00Z"))})
	svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "A", DeliverableID: &d.ID})
	clock.Advance(15 * time.Minute)
	got, err := svc.Deliverable(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.InvestedSeconds != 90*60+15*60 {
		t.Errorf("invested %d s, want %d", got.InvestedSeconds, 105*60)
	}
	shipped, err := svc.Ship(tracker.ShipInput{ID: d.ID, Link: "https://example.com/pr/1"})
	if err != nil || shipped.Status != tracker.StatusShipped || shipped.ShippedAt == nil {
		t.Fatalf("ship: %+v %v", shipped, err)
	}
	if _, err := svc.Ship(tracker.ShipInput{ID: d.ID}); !errors.Is(err, tracker.ErrConflict) {
		t.Errorf("shipping twice: %v", err)
	}
}

func TestMilestoneProgressIsShippedOverTotal(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "A")
	if _, err := svc.AddMilestone(tracker.Milestone{Name: "Beta", Project: "A", DueDate: "2026-12-18"}, time.UTC); err != nil {
		t.Fatal(err)
	}
	for i, st := range []tracker.Status{tracker.StatusShipped, tracker.StatusPlanned, tracker.StatusInProgress, tracker.StatusDropped} {
		if _, err := svc.AddDeliverable(tracker.Deliverable{Title: string(rune('a' + i)), Project: "A", Milestone: "beta", Status: st}); err != nil {
			t.Fatal(err)
		}
	}
	ms, _ := svc.Milestones()
	if len(ms) != 1 || ms[0].Shipped != 1 || ms[0].Total != 3 || ms[0].StartDate != "2026-11-25" {
		t.Fatalf("got %+v", ms)
	}
	if _, err := svc.AddDeliverable(tracker.Deliverable{Title: "x", Project: "A", Milestone: "Gamma"}); !errors.Is(err, tracker.ErrNotFound) {
		t.Errorf("unknown milestone: %v", err)
	}
}

func TestABlockStoppedInTheSecondItStartedIsDiscarded(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "A")
	b, _, _ := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "A"})
	got, err := svc.StopBlock(tracker.StopInput{})
	if err != nil || !got.Discarded || got.ID != b.ID {
		t.Fatalf("got %+v, %v", got, err)
	}
	if bs, _ := svc.Blocks(tracker.BlockFilter{}); len(bs) != 0 {
		t.Errorf("%d blocks left, want 0", len(bs))
	}
	if _, err := svc.Running(); !errors.Is(err, tracker.ErrNotFound) {
		t.Errorf("still running: %v", err)
	}
}

func TestStopCanGiveTheBlockItsGoal(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "API")
	if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API"}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(90 * time.Minute)
	b, err := svc.StopBlock(tracker.StopInput{Goal: "Export endpoint", Outcome: "Merged"})
	if err != nil {
		t.Fatal(err)
	}
	if b.Goal != "Export endpoint" || b.Outcome != "Merged" {
		t.Errorf("stopped %+v", b)
	}
	bs, _ := svc.Blocks(tracker.BlockFilter{})
	if len(bs) != 1 || bs[0].Goal != "Export endpoint" {
		t.Errorf("stored %+v", bs)
	}

	t.Run("a goal that breaks the rules stops nothing", func(t *testing.T) {
		if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API"}); err != nil {
			t.Fatal(err)
		}
		clock.Advance(time.Hour)
		_, err := svc.StopBlock(tracker.StopInput{Goal: strings.Repeat("x", tracker.MaxTitle+1)})
		var fe *tracker.FieldError
		if !errors.As(err, &fe) || fe.Field != "goal" {
			t.Fatalf("stop: %v", err)
		}
		if _, err := svc.Running(); err != nil {
			t.Errorf("the block is no longer running: %v", err)
		}
	})
}
