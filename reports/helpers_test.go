package reports

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// fixtureNow is Friday evening of ISO week 47 of 2026, in Berlin.
var fixtureNow = time.Date(2026, 11, 20, 18, 0, 0, 0, berlin)

// mustOpen opens a fresh database in Berlin time with the clock at now.
func mustOpen(t testing.TB, now time.Time) *tracker.Service {
	t.Helper()
	svc, err := sqlite.OpenService(filepath.Join(t.TempDir(), "s.db"), tracker.WithClock(clockwork.NewFakeClockAt(now)))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := svc.SetSetting("timezone", "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
	return svc
}

// at is a Berlin wall time in November 2026.
func at(d, hh, mm int) time.Time { return time.Date(2026, 11, d, hh, mm, 0, 0, berlin) }

func must[T any](t testing.TB) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

// seedFixture records the hand-computed week that model_test.go checks, figure by figure.
func seedFixture(t testing.TB, svc *tracker.Service) {
	t.Helper()
	for _, p := range []string{"Alpha", "Beta"} {
		must[tracker.Project](t)(svc.AddProject(tracker.Project{Name: p}))
	}
	must[tracker.Milestone](t)(svc.AddMilestone(tracker.Milestone{Name: "Launch", Project: "Alpha", StartDate: "2026-11-01", DueDate: "2026-11-30"}, berlin))
	addD := func(d tracker.Deliverable) tracker.Deliverable {
		return must[tracker.Deliverable](t)(svc.AddDeliverable(d))
	}
	d1 := addD(tracker.Deliverable{Title: "Ship login", Project: "Alpha", Milestone: "Launch", Link: "https://x.test/1", Status: tracker.StatusInProgress})
	must[tracker.Deliverable](t)(svc.Ship(tracker.ShipInput{ID: d1.ID, At: at(17, 16, 0)}))
	must[tracker.Deliverable](t)(svc.Ship(tracker.ShipInput{Title: "Fix export", Project: "Beta", At: at(19, 10, 0)}))
	addD(tracker.Deliverable{Title: "Search", Project: "Alpha", Milestone: "Launch", Status: tracker.StatusInProgress, Due: "2026-11-18"})
	addD(tracker.Deliverable{Title: "Dark mode", Project: "Alpha", Milestone: "Launch", Status: tracker.StatusInProgress, Due: "2026-11-25"})
	addD(tracker.Deliverable{Title: "Billing", Project: "Beta", Status: tracker.StatusPlanned, Due: "2026-11-23"})
	must[tracker.Deliverable](t)(svc.Ship(tracker.ShipInput{Title: "Old thing", Project: "Alpha", At: at(11, 12, 0)}))

	type blk struct {
		project       string
		kind          tracker.Kind
		from, to      time.Time
		goal          string
		planned       time.Duration
		interruptions int
		deliv         *uint
	}
	for _, b := range []blk{
		{"Alpha", tracker.KindDeep, at(15, 23, 30), at(16, 0, 30), "G0", 0, 0, nil},
		{"Alpha", tracker.KindDeep, at(16, 9, 0), at(16, 11, 0), "G1", 90 * time.Minute, 2, &d1.ID},
		{"Alpha", tracker.KindDeep, at(17, 23, 0), at(18, 1, 0), "G2", 0, 1, nil},
		{"Alpha", tracker.KindDeep, at(18, 10, 0), at(18, 10, 45), "G3", 0, 0, nil},
		{"Beta", tracker.KindDeep, at(18, 14, 0), at(18, 15, 30), "", 0, 0, nil},
		{"Beta", tracker.KindDeep, at(19, 9, 0), at(19, 10, 0), "G4", time.Hour, 0, nil},
		{"Alpha", tracker.KindAsync, at(16, 11, 0), at(16, 12, 0), "", 0, 0, nil},
		{"Alpha", tracker.KindMeeting, at(17, 13, 0), at(17, 15, 0), "", 0, 0, nil},
		{"Beta", tracker.KindShallow, at(19, 13, 0), at(19, 14, 0), "", 0, 0, nil},
		// The previous week, and the one before for the meeting average.
		{"Alpha", tracker.KindDeep, at(10, 9, 0), at(10, 13, 0), "P1", 0, 0, nil},
		{"Alpha", tracker.KindMeeting, at(11, 9, 0), at(11, 11, 0), "", 0, 0, nil},
		{"Beta", tracker.KindMeeting, at(4, 10, 0), at(4, 12, 0), "", 0, 0, nil},
	} {
		to := b.to
		must[tracker.Block](t)(svc.AddBlock(tracker.Block{Project: b.project, Kind: b.kind, Start: b.from, End: &to, Goal: b.goal,
			PlannedSeconds: int64(b.planned / time.Second), Interruptions: b.interruptions, DeliverableID: b.deliv}))
	}

	req := func(p tracker.Priority, subject string, rec time.Time, reply *time.Time) {
		r := must[tracker.Request](t)(svc.AddRequest(tracker.Request{Subject: subject, From: "Lee", Priority: p, ReceivedAt: rec}))
		if reply != nil {
			must[tracker.Request](t)(svc.ReplyRequest(r.ID, tracker.ReplyInput{At: *reply}))
		}
	}
	ptr := func(t time.Time) *time.Time { return &t }
	req(tracker.PriorityUrgent, "R1", at(16, 10, 0), ptr(at(16, 11, 0)))
	req(tracker.PriorityUrgent, "R2", at(16, 15, 0), ptr(at(17, 10, 0)))
	req(tracker.PriorityUrgent, "R3", at(18, 9, 0), ptr(at(18, 9, 30)))
	req(tracker.PriorityImportant, "R4", at(17, 9, 0), ptr(at(18, 9, 0)))
	req(tracker.PriorityNormal, "R5", at(19, 9, 0), nil)
	req(tracker.PriorityFYI, "R6", at(17, 9, 0), nil)
	req(tracker.PriorityUrgent, "R7", at(19, 14, 0), nil)
	req(tracker.PriorityImportant, "R8", at(10, 9, 0), ptr(at(10, 10, 0)))
	req(tracker.PriorityNormal, "R9", at(2, 9, 0), nil)

	dec := func(title, project string, proposed, deadline time.Time) tracker.Decision {
		return must[tracker.Decision](t)(svc.ProposeDecision(tracker.Decision{Title: title, Project: project, ProposedAt: proposed, Deadline: deadline}))
	}
	x1 := dec("Use Postgres", "Alpha", at(16, 9, 0), at(18, 9, 0))
	must[tracker.Decision](t)(svc.CloseDecision(x1.ID, true, "Yes", at(17, 12, 0)))
	dec("Drop IE", "Alpha", at(9, 9, 0), at(19, 12, 0))
	x3 := dec("Four-day week", "Beta", at(17, 9, 0), at(23, 12, 0))
	must[tracker.Decision](t)(svc.Object(x3.ID, tracker.Objection{By: "Kim", Reason: "Customers expect Friday support", At: at(18, 10, 0)}))
	dec("Old decision", "", at(9, 9, 0), at(11, 9, 0))
}
