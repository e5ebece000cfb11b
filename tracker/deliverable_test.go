package tracker_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestSetDeliverableStatus(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "Shiplog")
	d, err := svc.AddDeliverable(tracker.Deliverable{Title: "Sync", Project: "Shiplog", Link: "https://example.com/1",
		Notes: "keep me", Due: "2026-12-01"})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("shipping records now as the shipping time and keeps the other fields", func(t *testing.T) {
		got, err := svc.SetDeliverableStatus(d.ID, tracker.StatusShipped)
		if err != nil {
			t.Fatal(err)
		}
		if got.Status != tracker.StatusShipped || got.ShippedAt == nil || !got.ShippedAt.Equal(t0) {
			t.Fatalf("got %+v; want shipped at %v", got, t0)
		}
		if got.Link != d.Link || got.Notes != "keep me" || got.Due != "2026-12-01" || got.Project != "Shiplog" {
			t.Errorf("fields changed: %+v", got)
		}
	})

	t.Run("shipping again keeps the first shipping time", func(t *testing.T) {
		clock.Advance(time.Hour)
		got, err := svc.SetDeliverableStatus(d.ID, tracker.StatusShipped)
		if err != nil || !got.ShippedAt.Equal(t0) {
			t.Fatalf("got %+v, %v; want still shipped at %v", got, err, t0)
		}
	})

	t.Run("leaving shipped clears the shipping time", func(t *testing.T) {
		if _, err := svc.SetDeliverableStatus(d.ID, tracker.StatusInProgress); err != nil {
			t.Fatal(err)
		}
		got, err := svc.Deliverable(d.ID)
		if err != nil || got.Status != tracker.StatusInProgress || got.ShippedAt != nil {
			t.Fatalf("stored %+v, %v; want in progress with no shipping time", got, err)
		}
	})

	t.Run("an unknown status is invalid and changes nothing", func(t *testing.T) {
		var fe *tracker.FieldError
		if _, err := svc.SetDeliverableStatus(d.ID, "done"); !errors.As(err, &fe) || fe.Field != "status" {
			t.Fatalf("err = %v, want a FieldError on status", err)
		}
		if got, _ := svc.Deliverable(d.ID); got.Status != tracker.StatusInProgress {
			t.Errorf("status %s, want in_progress", got.Status)
		}
	})

	t.Run("an unknown deliverable is not found", func(t *testing.T) {
		if _, err := svc.SetDeliverableStatus(999, tracker.StatusDropped); !errors.Is(err, tracker.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestSetDeliverableStatusKeepsTheImportKey(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "Shiplog")
	if _, err := svc.AddDeliverable(tracker.Deliverable{Title: "Sync", Project: "Shiplog"}); err != nil {
		t.Fatal(err)
	}
	snap, err := svc.Snapshot(tracker.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	other, _ := mustOpen(t)
	if _, err := other.ImportSnapshot(snap, tracker.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := other.SetDeliverableStatus(1, tracker.StatusDropped); err != nil {
		t.Fatal(err)
	}
	// The deliverable remembers which record of the file it came from, so the file adds nothing.
	res, err := other.ImportSnapshot(snap, tracker.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records["deliverables"] != 0 {
		t.Errorf("the second import added %d deliverables; want none", res.Records["deliverables"])
	}
}

func TestSetDeliverableDue(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "Shiplog")
	d, err := svc.AddDeliverable(tracker.Deliverable{Title: "Sync", Project: "Shiplog"})
	if err != nil {
		t.Fatal(err)
	}
	if got, err := svc.SetDeliverableDue(d.ID, "2026-12-24"); err != nil || got.Due != "2026-12-24" {
		t.Fatalf("set: %+v, %v", got, err)
	}
	var fe *tracker.FieldError
	if _, err := svc.SetDeliverableDue(d.ID, "24.12.2026"); !errors.As(err, &fe) || fe.Field != "due" {
		t.Fatalf("err = %v, want a FieldError on due", err)
	}
	if got, err := svc.SetDeliverableDue(d.ID, ""); err != nil || got.Due != "" {
		t.Fatalf("clear: %+v, %v", got, err)
	}
}

func TestLinkDeliverableMilestone(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "Shiplog")
	mustProject(t, svc, "Billing")
	for _, m := range []tracker.Milestone{{Name: "Beta", Project: "Shiplog", DueDate: "2026-12-18"},
		{Name: "Invoices", Project: "Billing", DueDate: "2026-12-18"}} {
		if _, err := svc.AddMilestone(m, time.UTC); err != nil {
			t.Fatal(err)
		}
	}
	d, err := svc.AddDeliverable(tracker.Deliverable{Title: "Sync", Project: "Shiplog"})
	if err != nil {
		t.Fatal(err)
	}

	t.Run("a milestone of the project is linked by name, ignoring case", func(t *testing.T) {
		got, err := svc.LinkDeliverableMilestone(d.ID, "beta")
		if err != nil || got.MilestoneID == nil || got.Milestone != "Beta" {
			t.Fatalf("got %+v, %v", got, err)
		}
		ms, _ := svc.Milestones("Shiplog")
		if len(ms) != 1 || ms[0].Total != 1 {
			t.Errorf("milestones %+v; want Beta counting one deliverable", ms)
		}
	})

	t.Run("another project's milestone is not found and the link stays", func(t *testing.T) {
		if _, err := svc.LinkDeliverableMilestone(d.ID, "Invoices"); !errors.Is(err, tracker.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
		if got, _ := svc.Deliverable(d.ID); got.Milestone != "Beta" {
			t.Errorf("milestone %q, want Beta", got.Milestone)
		}
	})

	t.Run("an empty name unlinks it", func(t *testing.T) {
		got, err := svc.LinkDeliverableMilestone(d.ID, "")
		if err != nil || got.MilestoneID != nil || got.Milestone != "" {
			t.Fatalf("got %+v, %v", got, err)
		}
		if ms, _ := svc.Milestones("Shiplog"); ms[0].Total != 0 {
			t.Errorf("Beta still counts %d deliverables", ms[0].Total)
		}
	})
}

// TestDeliverableHistory checks the times that let a past period be reported as it stood: when a
// deliverable was started, shipped and dropped.
func TestDeliverableHistory(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "Shiplog")
	d, err := svc.AddDeliverable(tracker.Deliverable{Title: "Sync", Project: "Shiplog"})
	if err != nil {
		t.Fatal(err)
	}
	if d.StartedAt != nil || d.ShippedAt != nil || d.DroppedAt != nil {
		t.Fatalf("a planned deliverable has times: %+v", d)
	}
	started := clock.Now()
	if d, err = svc.SetDeliverableStatus(d.ID, tracker.StatusInProgress); err != nil || d.StartedAt == nil || !d.StartedAt.Equal(started) {
		t.Fatalf("started: %+v, %v; want started at %v", d, err, started)
	}
	clock.Advance(24 * time.Hour)
	if d, err = svc.SetDeliverableStatus(d.ID, tracker.StatusDropped); err != nil || d.DroppedAt == nil || !d.DroppedAt.Equal(clock.Now()) {
		t.Fatalf("dropped: %+v, %v", d, err)
	}
	if !d.StartedAt.Equal(started) {
		t.Errorf("dropping moved the start to %v", d.StartedAt)
	}
	clock.Advance(24 * time.Hour)
	if d, err = svc.SetDeliverableStatus(d.ID, tracker.StatusInProgress); err != nil || d.DroppedAt != nil || !d.StartedAt.Equal(started) {
		t.Fatalf("taken up again: %+v, %v; want no drop time and the first start", d, err)
	}
	clock.Advance(time.Hour)
	shipped, err := svc.Ship(tracker.ShipInput{ID: d.ID})
	if err != nil || shipped.ShippedAt == nil || !shipped.ShippedAt.Equal(clock.Now()) || !shipped.StartedAt.Equal(started) {
		t.Fatalf("shipped: %+v, %v", shipped, err)
	}
	stored, err := svc.Deliverable(d.ID)
	if err != nil || !stored.StartedAt.Equal(started) || !stored.ShippedAt.Equal(*shipped.ShippedAt) || stored.DroppedAt != nil {
		t.Errorf("stored %+v, %v", stored, err)
	}
	added, err := svc.AddDeliverable(tracker.Deliverable{Title: "Begun", Project: "Shiplog", Status: tracker.StatusInProgress})
	if err != nil || added.StartedAt == nil || !added.StartedAt.Equal(clock.Now()) {
		t.Errorf("added in progress: %+v, %v; want started now", added, err)
	}
}

// TestRequestDueIsFixedOnArrival checks that a request keeps the due time the targets in force when
// it arrived gave it, whatever the targets become later.
func TestRequestDueIsFixedOnArrival(t *testing.T) {
	svc, _ := mustOpen(t)
	r, err := svc.AddRequest(tracker.Request{Subject: "Review", Priority: tracker.PriorityUrgent})
	if err != nil || r.DueAt == nil {
		t.Fatalf("added %+v, %v", r, err)
	}
	due := *r.DueAt
	if err := svc.SetSetting(tracker.SettingSLAUrgent, "8h"); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Request(r.ID)
	if err != nil || !got.DueAt.Equal(due) {
		t.Fatalf("after the target changed: due %v, %v; want %v", got.DueAt, err, due)
	}
	later, err := svc.AddRequest(tracker.Request{Subject: "Another", Priority: tracker.PriorityUrgent})
	if err != nil || !later.DueAt.After(due) {
		t.Errorf("a request after the change is due %v, want later than %v (8 business hours)", later.DueAt, due)
	}
	fyi, err := svc.AddRequest(tracker.Request{Subject: "FYI", Priority: tracker.PriorityFYI})
	if err != nil || fyi.DueAt != nil {
		t.Errorf("FYI request: due %v, %v; want none", fyi.DueAt, err)
	}
}
