package tracker_test

import (
	"testing"
	"time"

	"shiplog/tracker"
)

// The state rules answer where a record stood at any instant; a report for a past period reads
// them at the period's end. Times below are UTC on Monday 16 to Sunday 22 November 2026.
func TestDeliverableStatusAt(t *testing.T) {
	mon := func(h int) time.Time { return time.Date(2026, 11, 16, h, 0, 0, 0, time.UTC) }
	created, started, shipped, dropped := mon(8), mon(10), mon(12), mon(14)
	tests := []struct {
		name string
		d    tracker.Deliverable
		at   time.Time
		want tracker.Status
	}{
		{"before it was created it does not exist", tracker.Deliverable{Status: tracker.StatusPlanned, CreatedAt: created}, mon(7), ""},
		{"at its creation it is planned", tracker.Deliverable{Status: tracker.StatusPlanned, CreatedAt: created}, created, tracker.StatusPlanned},
		{"a shipped one is planned before it started", tracker.Deliverable{Status: tracker.StatusShipped, CreatedAt: created, StartedAt: &started, ShippedAt: &shipped}, mon(9), tracker.StatusPlanned},
		{"in progress from its start", tracker.Deliverable{Status: tracker.StatusShipped, CreatedAt: created, StartedAt: &started, ShippedAt: &shipped}, started, tracker.StatusInProgress},
		{"in progress until it shipped", tracker.Deliverable{Status: tracker.StatusShipped, CreatedAt: created, StartedAt: &started, ShippedAt: &shipped}, shipped.Add(-time.Second), tracker.StatusInProgress},
		{"shipped from its ship time", tracker.Deliverable{Status: tracker.StatusShipped, CreatedAt: created, StartedAt: &started, ShippedAt: &shipped}, shipped, tracker.StatusShipped},
		{"shipped without a start is planned until it ships", tracker.Deliverable{Status: tracker.StatusShipped, CreatedAt: created, ShippedAt: &shipped}, mon(11), tracker.StatusPlanned},
		{"shipped after the fact existed when it shipped", tracker.Deliverable{Status: tracker.StatusShipped, CreatedAt: mon(20), ShippedAt: &shipped}, mon(13), tracker.StatusShipped},
		{"dropped after its start", tracker.Deliverable{Status: tracker.StatusDropped, CreatedAt: created, StartedAt: &started, DroppedAt: &dropped}, mon(13), tracker.StatusInProgress},
		{"dropped from its drop time", tracker.Deliverable{Status: tracker.StatusDropped, CreatedAt: created, StartedAt: &started, DroppedAt: &dropped}, dropped, tracker.StatusDropped},
		{"in progress is planned before its start", tracker.Deliverable{Status: tracker.StatusInProgress, CreatedAt: created, StartedAt: &started}, mon(9), tracker.StatusPlanned},
		{"in progress without a recorded start holds since it existed", tracker.Deliverable{Status: tracker.StatusInProgress, CreatedAt: created}, created, tracker.StatusInProgress},
		{"dropped without a recorded drop time holds since it existed", tracker.Deliverable{Status: tracker.StatusDropped, CreatedAt: created}, created, tracker.StatusDropped},
		{"a record without any time always existed", tracker.Deliverable{Status: tracker.StatusInProgress}, time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC), tracker.StatusInProgress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.StatusAt(tt.at); got != tt.want {
				t.Errorf("StatusAt(%s) = %q, want %q", tt.at.Format(time.RFC3339), got, tt.want)
			}
		})
	}
}

// TestDeliverableHistoryThroughTheService checks that the times the service records give the
// statuses a report for a past week needs.
func TestDeliverableHistoryThroughTheService(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "P")
	d, err := svc.AddDeliverable(tracker.Deliverable{Title: "Login", Project: "P"})
	if err != nil {
		t.Fatal(err)
	}
	created := clock.Now()
	clock.Advance(24 * time.Hour)
	if _, err := svc.SetDeliverableStatus(d.ID, tracker.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	started := clock.Now()
	clock.Advance(7 * 24 * time.Hour)
	if _, err := svc.Ship(tracker.ShipInput{ID: d.ID}); err != nil {
		t.Fatal(err)
	}
	got, err := svc.Deliverable(d.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		at   time.Time
		want tracker.Status
	}{
		{created.Add(-time.Minute), ""},
		{created, tracker.StatusPlanned},
		{started, tracker.StatusInProgress},
		{clock.Now().Add(-time.Second), tracker.StatusInProgress},
		{clock.Now(), tracker.StatusShipped},
	} {
		if s := got.StatusAt(c.at); s != c.want {
			t.Errorf("at %s: %q, want %q", c.at.Format(time.RFC3339), s, c.want)
		}
	}
}

func TestRequestStateAt(t *testing.T) {
	cfg := tracker.ConfigFromSettings(map[string]string{"timezone": "UTC"})
	received := time.Date(2026, 11, 16, 10, 0, 0, 0, time.UTC) // Monday
	due := received.Add(2 * time.Hour)
	replied := time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC) // a week later
	r := tracker.Request{Priority: tracker.PriorityUrgent, ReceivedAt: received, DueAt: &due, RepliedAt: &replied}
	tests := []struct {
		name string
		at   time.Time
		want tracker.RequestState
	}{
		{"open while more than a business hour remains", received, tracker.RequestOpen},
		{"due soon in its last business hour", due.Add(-time.Hour), tracker.RequestDueSoon},
		{"overdue at its due time", due, tracker.RequestOverdue},
		{"still overdue the week it was received, though answered later", time.Date(2026, 11, 22, 23, 0, 0, 0, time.UTC), tracker.RequestOverdue},
		{"answered late from the reply on", replied, tracker.RequestAnsweredLate},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := r.StateAt(tt.at, cfg); got != tt.want {
				t.Errorf("StateAt = %q, want %q", got, tt.want)
			}
		})
	}
	if r.AnsweredBy(replied.Add(-time.Second)) || !r.AnsweredBy(replied) {
		t.Error("AnsweredBy does not turn at the reply")
	}
	if got := tracker.RequestStateAt(r, cfg, replied); got != r.StateAt(replied, cfg) {
		t.Errorf("RequestStateAt %q differs from StateAt", got)
	}
}

func TestDecisionStateAt(t *testing.T) {
	proposed := time.Date(2026, 11, 16, 9, 0, 0, 0, time.UTC)
	deadline := proposed.Add(48 * time.Hour)
	closed := deadline.Add(24 * time.Hour)
	tests := []struct {
		name string
		d    tracker.Decision
		at   time.Time
		want tracker.DecisionState
	}{
		{"open before the deadline", tracker.Decision{ProposedAt: proposed, Deadline: deadline}, proposed, tracker.DecisionOpen},
		{"accepted by silence at the deadline", tracker.Decision{ProposedAt: proposed, Deadline: deadline}, deadline, tracker.DecisionAcceptedBySilence},
		{"needs discussion after an objection", tracker.Decision{ProposedAt: proposed, Deadline: deadline,
			Objections: []tracker.Objection{{By: "Kim", Reason: "r", At: proposed.Add(time.Hour)}}}, deadline, tracker.DecisionNeedsDiscussion},
		{"a close after the instant does not count yet", tracker.Decision{ProposedAt: proposed, Deadline: deadline, Closed: "accepted", ClosedAt: &closed},
			deadline, tracker.DecisionAcceptedBySilence},
		{"a close counts from its time", tracker.Decision{ProposedAt: proposed, Deadline: deadline, Closed: "rejected", ClosedAt: &closed},
			closed, tracker.DecisionRejected},
		{"a close of unknown time always counts", tracker.Decision{ProposedAt: proposed, Deadline: deadline, Closed: "accepted"},
			proposed, tracker.DecisionAccepted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.d.StateAt(tt.at); got != tt.want {
				t.Errorf("StateAt = %q, want %q", got, tt.want)
			}
			if got := tracker.DecisionStateAt(tt.d, tt.at); got != tt.d.StateAt(tt.at) {
				t.Errorf("DecisionStateAt %q differs from StateAt", got)
			}
		})
	}
}

// TestSnapshotCarriesDeliverableHistory checks that an export keeps the times StatusAt reads, that
// an import restores them, and that an export made before they were kept imports as the same
// records.
func TestSnapshotCarriesDeliverableHistory(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "P")
	d, err := svc.AddDeliverable(tracker.Deliverable{Title: "Login", Project: "P"})
	if err != nil {
		t.Fatal(err)
	}
	clock.Advance(time.Hour)
	if _, err := svc.SetDeliverableStatus(d.ID, tracker.StatusInProgress); err != nil {
		t.Fatal(err)
	}
	snap, err := svc.Snapshot(tracker.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	sd := snap.Deliverables[0]
	if sd.CreatedAt == nil || !sd.CreatedAt.Equal(t0) || sd.StartedAt == nil || !sd.StartedAt.Equal(t0.Add(time.Hour)) {
		t.Fatalf("export lacks the history: created %v, started %v", sd.CreatedAt, sd.StartedAt)
	}
	other, _ := mustOpen(t)
	if _, err := other.ImportSnapshot(snap, tracker.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	got, err := other.Deliverable(1)
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(t0) || got.StartedAt == nil || !got.StartedAt.Equal(t0.Add(time.Hour)) {
		t.Errorf("import lost the history: created %v, started %v", got.CreatedAt, got.StartedAt)
	}
	old := snap
	old.Deliverables = []tracker.SnapDeliverable{sd}
	old.Deliverables[0].CreatedAt, old.Deliverables[0].StartedAt = nil, nil
	res, err := other.ImportSnapshot(old, tracker.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records["deliverables"] != 0 {
		t.Errorf("an export without the history added %d deliverables; want none", res.Records["deliverables"])
	}
}
