package tracker_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestShippingByTitleShipsWhatWasPlanned(t *testing.T) {
	cases := []struct {
		name   string
		status tracker.Status
		title  string
	}{
		{"a planned deliverable ships under its exact title", tracker.StatusPlanned, "CSV export"},
		{"the title matches ignoring case and surrounding spaces", tracker.StatusPlanned, "  csv EXPORT "},
		{"a deliverable in progress ships too", tracker.StatusInProgress, "CSV export"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svc, clock := mustOpen(t)
			mustProject(t, svc, "API")
			mustProject(t, svc, "Other")
			// Same title elsewhere: another project's, and one already shipped, must not be taken.
			if _, err := svc.AddDeliverable(tracker.Deliverable{Title: "CSV export", Project: "Other"}); err != nil {
				t.Fatal(err)
			}
			old, err := svc.Ship(tracker.ShipInput{Title: "CSV export", Project: "API", At: t0.Add(-48 * time.Hour)})
			if err != nil {
				t.Fatal(err)
			}
			planned, err := svc.AddDeliverable(tracker.Deliverable{Title: "CSV export", Project: "API", Status: c.status})
			if err != nil {
				t.Fatal(err)
			}
			clock.Advance(26 * time.Hour)
			sh, err := svc.ShipDetail(tracker.ShipInput{Title: c.title, Project: "api", Link: "https://example.com/pr/1"})
			if err != nil {
				t.Fatal(err)
			}
			if sh.New || sh.Deliverable.ID != planned.ID || sh.Was != c.status {
				t.Fatalf("shipped %+v; want planned deliverable %d, was %s", sh, planned.ID, c.status)
			}
			if !sh.Since.Equal(t0) {
				t.Errorf("since %v, want %v, when it was planned", sh.Since, t0)
			}
			got, err := svc.Deliverable(planned.ID)
			if err != nil {
				t.Fatal(err)
			}
			if got.Status != tracker.StatusShipped || got.Title != "CSV export" || got.Link != "https://example.com/pr/1" ||
				got.ShippedAt == nil || !got.ShippedAt.Equal(clock.Now()) {
				t.Errorf("stored %+v", got)
			}
			all, _ := svc.Deliverables(tracker.DeliverableFilter{Projects: []string{"API"}})
			if len(all) != 2 || old.ID == planned.ID {
				t.Errorf("API has %d deliverables, want the old shipped one and the planned one, no third", len(all))
			}
			open, _ := svc.Deliverables(tracker.DeliverableFilter{Statuses: []tracker.Status{tracker.StatusPlanned, tracker.StatusInProgress}})
			if len(open) != 1 || open[0].Project != "Other" {
				t.Errorf("open deliverables %+v; want only Other's", open)
			}
		})
	}
}

func TestShippingANewTitleRecordsANewDeliverable(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "API")
	if _, err := svc.AddDeliverable(tracker.Deliverable{Title: "CSV export v2", Project: "API"}); err != nil {
		t.Fatal(err)
	}
	sh, err := svc.ShipDetail(tracker.ShipInput{Title: "CSV export", Project: "API"})
	if err != nil {
		t.Fatal(err)
	}
	if !sh.New || sh.Was != "" || sh.Deliverable.Status != tracker.StatusShipped || sh.Deliverable.ID != 2 {
		t.Fatalf("got %+v; want a new shipped deliverable 2", sh)
	}
}

func TestTwoOpenDeliverablesOfOneTitleAreAConflictListingBoth(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "API")
	a, _ := svc.AddDeliverable(tracker.Deliverable{Title: "CSV export", Project: "API"})
	b, _ := svc.AddDeliverable(tracker.Deliverable{Title: "csv export", Project: "API", Status: tracker.StatusInProgress})
	_, err := svc.Ship(tracker.ShipInput{Title: "CSV Export", Project: "API"})
	if !errors.Is(err, tracker.ErrConflict) {
		t.Fatalf("got %v, want a conflict", err)
	}
	want := `ship "CSV Export": 2 open deliverables of project "API" are titled "CSV Export": 1 (planned) and 2 (in progress); ship one by its ID, with --id 1 or --id 2`
	if err.Error() != want {
		t.Errorf("got  %q\nwant %q", err, want)
	}
	for _, id := range []uint{a.ID, b.ID} {
		if d, _ := svc.Deliverable(id); d.Status == tracker.StatusShipped {
			t.Errorf("deliverable %d shipped after a refusal", id)
		}
	}
	if ds, _ := svc.Deliverables(tracker.DeliverableFilter{}); len(ds) != 2 {
		t.Errorf("%d deliverables after a refusal, want 2", len(ds))
	}
}

func TestShippingByTitleNeedsAProject(t *testing.T) {
	svc, _ := mustOpen(t)
	_, err := svc.Ship(tracker.ShipInput{Title: "CSV export"})
	var fe *tracker.FieldError
	if !errors.As(err, &fe) || fe.Field != "project" {
		t.Fatalf("got %v, want a field error on project", err)
	}
}

func TestADeepBlockWithoutAGoalGetsOneAtItsStop(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "API")
	b, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API"})
	if err != nil {
		t.Fatal(err)
	}
	if !b.NeedsGoal() {
		t.Fatal("a deep block without a goal does not ask for one")
	}
	for _, k := range []tracker.Kind{tracker.KindShallow, tracker.KindAsync, tracker.KindMeeting} {
		if (tracker.Block{Kind: k}).NeedsGoal() {
			t.Errorf("a %s block asks for a goal", k)
		}
	}
	if (tracker.Block{Kind: tracker.KindDeep, Goal: "  "}).NeedsGoal() != true {
		t.Error("a goal of spaces counts as a goal")
	}
	clock.Advance(90 * time.Minute)

	// A goal that is no goal is refused like one, and the block keeps running.
	for _, goal := range []string{"   ", strings.Repeat("g", 201), "two\nlines"} {
		_, err := svc.StopBlock(tracker.StopInput{Goal: goal})
		var fe *tracker.FieldError
		if !errors.As(err, &fe) || fe.Field != "goal" {
			t.Errorf("goal %q: got %v, want a field error on goal", goal, err)
		}
		if run, err := svc.Running(); err != nil || run.ID != b.ID {
			t.Fatalf("the block stopped on a refused goal: %v", err)
		}
	}
	got, err := svc.StopBlock(tracker.StopInput{Goal: "  Draft the schema  ", Outcome: "done"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Goal != "Draft the schema" || got.NeedsGoal() || got.Running() {
		t.Errorf("stopped %+v; want the trimmed goal", got)
	}
	bs, _ := svc.Blocks(tracker.BlockFilter{})
	if len(bs) != 1 || bs[0].Goal != "Draft the schema" {
		t.Errorf("stored %+v", bs)
	}
}

func TestAStopWithoutAGoalKeepsTheOneGivenAtTheStart(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "API")
	if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API", Goal: "Schema"}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	got, err := svc.StopBlock(tracker.StopInput{})
	if err != nil || got.Goal != "Schema" {
		t.Fatalf("got %+v, %v", got, err)
	}
}

func TestBlocksStayOutOfTheFuture(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "API")
	now := clock.Now()
	isFuture := func(t *testing.T, err error, field string) {
		t.Helper()
		var fe *tracker.FieldError
		if !errors.As(err, &fe) || fe.Field != field || !strings.Contains(fe.Reason, "is in the future") {
			t.Fatalf("got %v, want %s in the future refused", err, field)
		}
	}

	t.Run("a finished block may not end ahead of now", func(t *testing.T) {
		_, err := svc.AddBlock(tracker.Block{Kind: tracker.KindMeeting, Project: "API", Start: now.Add(8 * time.Hour), End: ptr(now.Add(9 * time.Hour))})
		isFuture(t, err, "end")
	})
	t.Run("a block may start a moment ahead, for clocks that disagree", func(t *testing.T) {
		b, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindShallow, Project: "API", Start: now.Add(30 * time.Second)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.DeleteBlock(b.ID); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a block may not start further ahead", func(t *testing.T) {
		_, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindShallow, Project: "API", Start: now.Add(2 * time.Minute)})
		isFuture(t, err, "start")
	})
	t.Run("an edit may not move a block into the future", func(t *testing.T) {
		b, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API", Start: now.Add(-2 * time.Hour), End: ptr(now.Add(-time.Hour))})
		if err != nil {
			t.Fatal(err)
		}
		_, err = svc.EditBlock(b.ID, tracker.BlockPatch{End: ptr(now.Add(time.Hour))})
		isFuture(t, err, "end")
		got, _ := svc.Blocks(tracker.BlockFilter{})
		if len(got) != 1 || !got[0].End.Equal(now.Add(-time.Hour)) {
			t.Errorf("the refused edit changed the block: %+v", got)
		}
		if _, err := svc.DeleteBlock(b.ID); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a stop may not lie ahead", func(t *testing.T) {
		if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindShallow, Project: "API"}); err != nil {
			t.Fatal(err)
		}
		_, err := svc.StopBlock(tracker.StopInput{At: now.Add(time.Hour)})
		isFuture(t, err, "end")
	})
	t.Run("nothing refused was kept, so a start works", func(t *testing.T) {
		clock.Advance(time.Hour)
		if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API", Goal: "g"}); err != nil {
			t.Fatalf("start after the refusals: %v", err)
		}
	})
}

func TestRequestLatenessIsBusinessTimePastTheDueTime(t *testing.T) {
	svc, clock := mustOpen(t)
	cfg, _ := svc.Config()
	// An urgent request, received now: due two business hours later.
	r, err := svc.AddRequest(tracker.Request{Subject: "x", Priority: tracker.PriorityUrgent})
	if err != nil {
		t.Fatal(err)
	}
	if got := tracker.RequestLateness(r, cfg, clock.Now()); got != 0 {
		t.Errorf("a request just in is %s late", got)
	}
	late := cfg.Calendar().Due(*r.DueAt, 3*time.Hour)
	if got := tracker.RequestLateness(r, cfg, late); got != 3*time.Hour {
		t.Errorf("open past its due time: %s late, want 3h", got)
	}
	r.RepliedAt = &late
	if got := tracker.RequestLateness(r, cfg, late.Add(100*time.Hour)); got != 3*time.Hour {
		t.Errorf("answered late: %s, want 3h whatever the time now", got)
	}
	fyi := tracker.Request{Priority: tracker.PriorityFYI, ReceivedAt: t0}
	if got := tracker.RequestLateness(fyi, cfg, late); got != 0 {
		t.Errorf("an FYI is %s late", got)
	}
}
