package tracker_test

import (
	"encoding/json"
	"errors"
	"path/filepath"
	"testing"
	"time"
	_ "time/tzdata" // the zone rules the expectations were computed with must not depend on the host

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// berlin is the zone of every hand-computed expectation in this file: CET (UTC+1) in November.
var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

// bln is a wall-clock time in Berlin.
func bln(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, berlin)
}

// rulesOpenAt opens a fresh database whose clock starts at start, working Mon–Fri 09:00–17:00 in Berlin.
func rulesOpenAt(t *testing.T, start time.Time) (*tracker.Service, *clockwork.FakeClock) {
	t.Helper()
	clock := clockwork.NewFakeClockAt(start)
	svc, err := sqlite.OpenService(filepath.Join(t.TempDir(), "shiplog.db"), tracker.WithClock(clock))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := svc.SetSetting("timezone", "Europe/Berlin"); err != nil {
		t.Fatalf("set timezone: %v", err)
	}
	return svc, clock
}

// advanceTo moves the fake clock forward to when.
func advanceTo(t *testing.T, clock *clockwork.FakeClock, when time.Time) {
	t.Helper()
	d := when.Sub(clock.Now())
	if d < 0 {
		t.Fatalf("cannot move the clock back from %s to %s", clock.Now(), when)
	}
	clock.Advance(d)
}

func TestRequestDueTimesFollowBusinessHours(t *testing.T) {
	tests := []struct {
		name     string
		priority tracker.Priority
		received time.Time
		holidays string
		want     time.Time
	}{
		{"an urgent request on Friday 16:30 is due Monday 10:30", tracker.PriorityUrgent,
			bln(2026, 11, 20, 16, 30), "", bln(2026, 11, 23, 10, 30)},
		{"a Monday holiday pushes that to Tuesday 10:30", tracker.PriorityUrgent,
			bln(2026, 11, 20, 16, 30), "2026-11-23", bln(2026, 11, 24, 10, 30)},
		{"an urgent request on Saturday starts the clock on Monday at nine", tracker.PriorityUrgent,
			bln(2026, 11, 21, 11, 0), "", bln(2026, 11, 23, 11, 0)},
		{"an urgent request before opening counts from nine", tracker.PriorityUrgent,
			bln(2026, 11, 17, 7, 15), "", bln(2026, 11, 17, 11, 0)},
		{"an important request takes three working days", tracker.PriorityImportant,
			bln(2026, 11, 16, 10, 0), "", bln(2026, 11, 19, 10, 0)},
		{"a normal request on Wednesday noon spans a weekend", tracker.PriorityNormal,
			bln(2026, 11, 18, 12, 0), "", bln(2026, 11, 26, 12, 0)},
		{"an urgent request ending at closing time is due at closing time", tracker.PriorityUrgent,
			bln(2026, 11, 18, 15, 0), "", bln(2026, 11, 18, 17, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, _ := rulesOpenAt(t, tt.received)
			if err := svc.SetSetting("holidays", tt.holidays); err != nil {
				t.Fatal(err)
			}
			r, err := svc.AddRequest(tracker.Request{Subject: "Review", Priority: tt.priority, ReceivedAt: tt.received})
			if err != nil {
				t.Fatal(err)
			}
			if r.DueAt == nil || !r.DueAt.Equal(tt.want) {
				t.Fatalf("due_at = %v, want %v", r.DueAt, tt.want.UTC())
			}
			if r.State != tracker.RequestOpen {
				t.Errorf("state = %s, want open", r.State)
			}
			if r.ResponseBusinessSeconds != nil {
				t.Errorf("response_business_seconds = %d while open, want none", *r.ResponseBusinessSeconds)
			}
		})
	}
}

func TestRequestStateMovesFromOpenToDueSoonToOverdue(t *testing.T) {
	// Urgent, received Friday 16:30: due Monday 10:30; due soon from Monday 09:30.
	svc, clock := rulesOpenAt(t, bln(2026, 11, 20, 16, 30))
	r, err := svc.AddRequest(tracker.Request{Subject: "Prod is down", Priority: tracker.PriorityUrgent})
	if err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name string
		at   time.Time
		want tracker.RequestState
	}{
		{"one minute before Friday's close, 1h31 of work is left", bln(2026, 11, 20, 16, 59), tracker.RequestOpen},
		{"on Saturday 1h30 of Monday morning is left", bln(2026, 11, 21, 12, 0), tracker.RequestOpen},
		{"on Monday 09:29 1h01 is left", bln(2026, 11, 23, 9, 29), tracker.RequestOpen},
		{"on Monday 09:30 one business hour is left", bln(2026, 11, 23, 9, 30), tracker.RequestDueSoon},
		{"on Monday 10:29 it is still due soon", bln(2026, 11, 23, 10, 29), tracker.RequestDueSoon},
		{"at 10:30 it is overdue", bln(2026, 11, 23, 10, 30), tracker.RequestOverdue},
		{"a week later it is still overdue", bln(2026, 11, 30, 10, 30), tracker.RequestOverdue},
	}
	for _, st := range steps {
		advanceTo(t, clock, st.at)
		got, err := svc.Request(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.State != st.want {
			t.Errorf("%s: state = %s, want %s", st.name, got.State, st.want)
		}
		list, err := svc.Requests(tracker.RequestFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1 || list[0].State != st.want {
			t.Errorf("%s: listed state disagrees: %+v", st.name, list)
		}
	}
}

func TestRequestResponseTimeIsBusinessTime(t *testing.T) {
	tests := []struct {
		name     string
		received time.Time
		replied  time.Time
		wantSecs int64
		want     tracker.RequestState
	}{
		{"a reply after 90 minutes is in time", bln(2026, 11, 16, 9, 0), bln(2026, 11, 16, 10, 30), 5400, tracker.RequestAnsweredInTime},
		{"a reply exactly at the due time is in time", bln(2026, 11, 16, 9, 0), bln(2026, 11, 16, 11, 0), 7200, tracker.RequestAnsweredInTime},
		{"a reply one minute late is late", bln(2026, 11, 16, 9, 0), bln(2026, 11, 16, 11, 1), 7260, tracker.RequestAnsweredLate},
		{"the weekend does not count", bln(2026, 11, 20, 16, 0), bln(2026, 11, 23, 9, 30), 5400, tracker.RequestAnsweredInTime},
		{"a reply in the evening counts up to closing time", bln(2026, 11, 16, 16, 0), bln(2026, 11, 16, 20, 0), 3600, tracker.RequestAnsweredInTime},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, clock := rulesOpenAt(t, tt.received)
			r, err := svc.AddRequest(tracker.Request{Subject: "Question", Priority: tracker.PriorityUrgent})
			if err != nil {
				t.Fatal(err)
			}
			advanceTo(t, clock, tt.replied)
			r, err = svc.ReplyRequest(r.ID, tracker.ReplyInput{Minutes: 5})
			if err != nil {
				t.Fatal(err)
			}
			if r.ResponseBusinessSeconds == nil || *r.ResponseBusinessSeconds != tt.wantSecs {
				t.Errorf("response_business_seconds = %v, want %d", r.ResponseBusinessSeconds, tt.wantSecs)
			}
			if r.State != tt.want {
				t.Errorf("state = %s, want %s", r.State, tt.want)
			}
		})
	}
}

func TestFYIRequestsHaveNoDueTime(t *testing.T) {
	svc, clock := rulesOpenAt(t, bln(2026, 11, 16, 9, 0))
	r, err := svc.AddRequest(tracker.Request{Subject: "New office hours", Priority: tracker.PriorityFYI})
	if err != nil {
		t.Fatal(err)
	}
	advanceTo(t, clock, bln(2026, 12, 16, 9, 0))
	r, err = svc.Request(r.ID)
	if err != nil {
		t.Fatal(err)
	}
	if r.DueAt != nil || r.State != tracker.RequestOpen {
		t.Fatalf("FYI a month later: due %v, state %s; want no due time and open", r.DueAt, r.State)
	}
	raw, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	var fields map[string]any
	if err := json.Unmarshal(raw, &fields); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"due_at", "response_business_seconds"} {
		if v, ok := fields[k]; !ok || v != nil {
			t.Errorf("JSON %s = %v (present %v), want null", k, v, ok)
		}
	}
	if fields["state"] != "open" {
		t.Errorf("JSON state = %v, want open", fields["state"])
	}
}

func TestThreeRepliesSuggestTalkingLive(t *testing.T) {
	svc, clock := rulesOpenAt(t, bln(2026, 11, 16, 9, 0))
	r, err := svc.AddRequest(tracker.Request{Subject: "API shape", Priority: tracker.PriorityNormal})
	if err != nil {
		t.Fatal(err)
	}
	fyi, err := svc.AddRequest(tracker.Request{Subject: "Newsletter", Priority: tracker.PriorityFYI})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 3; i++ {
		clock.Advance(10 * time.Minute)
		if r, err = svc.ReplyRequest(r.ID, tracker.ReplyInput{}); err != nil {
			t.Fatal(err)
		}
		if fyi, err = svc.ReplyRequest(fyi.ID, tracker.ReplyInput{}); err != nil {
			t.Fatal(err)
		}
		if want := i >= 3; r.SuggestLive != want {
			t.Errorf("after %d replies suggest_live = %v, want %v", i, r.SuggestLive, want)
		}
	}
	if r.Replies != 3 {
		t.Errorf("replies = %d, want 3", r.Replies)
	}
	if !r.RepliedAt.Equal(bln(2026, 11, 16, 9, 10)) {
		t.Errorf("replied_at = %v, want the first reply, 09:10", r.RepliedAt)
	}
	if fyi.SuggestLive {
		t.Error("an FYI thread suggests talking live; it should not")
	}
}

// The default window is 72 business hours: proposed Monday 16 November 10:00, the deadline is
// nine working days later, Friday 27 November 10:00.
var (
	proposed = bln(2026, 11, 16, 10, 0)
	deadline = bln(2026, 11, 27, 10, 0)
)

func proposeAt(t *testing.T) (*tracker.Service, *clockwork.FakeClock, tracker.Decision) {
	t.Helper()
	svc, clock := rulesOpenAt(t, proposed)
	d, err := svc.ProposeDecision(tracker.Decision{Title: "Store data in SQLite", Context: "We need one file."})
	if err != nil {
		t.Fatal(err)
	}
	if !d.Deadline.Equal(deadline) {
		t.Fatalf("deadline = %v, want %v", d.Deadline, deadline.UTC())
	}
	if d.State != tracker.DecisionOpen {
		t.Fatalf("state = %s, want open", d.State)
	}
	return svc, clock, d
}

func decisionState(t *testing.T, svc *tracker.Service, id uint) tracker.DecisionState {
	t.Helper()
	d, err := svc.Decision(id)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := svc.Decisions()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].State != d.State {
		t.Fatalf("listed state disagrees with the single decision: %+v vs %s", ds, d.State)
	}
	return d.State
}

func TestSilenceAtTheDeadlineAcceptsTheDecision(t *testing.T) {
	svc, clock, d := proposeAt(t)
	advanceTo(t, clock, deadline.Add(-time.Second))
	if got := decisionState(t, svc, d.ID); got != tracker.DecisionOpen {
		t.Fatalf("a second before the deadline: %s, want open", got)
	}
	clock.Advance(time.Second)
	if got := decisionState(t, svc, d.ID); got != tracker.DecisionAcceptedBySilence {
		t.Fatalf("at the deadline: %s, want accepted_by_silence", got)
	}
}

func TestAnObjectionJustBeforeTheDeadlineNeedsDiscussion(t *testing.T) {
	svc, clock, d := proposeAt(t)
	advanceTo(t, clock, deadline.Add(-time.Minute))
	if _, err := svc.Object(d.ID, tracker.Objection{By: "Ana", Reason: "Backups are harder"}); err != nil {
		t.Fatal(err)
	}
	if got := decisionState(t, svc, d.ID); got != tracker.DecisionOpen {
		t.Fatalf("before the deadline with an objection: %s, want open", got)
	}
	advanceTo(t, clock, deadline)
	if got := decisionState(t, svc, d.ID); got != tracker.DecisionNeedsDiscussion {
		t.Fatalf("at the deadline: %s, want needs_discussion", got)
	}
}

func TestObjectionsAreRefusedAtOrAfterTheDeadline(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		want error
	}{
		{"an objection recorded afterwards with a time before the deadline counts", deadline.Add(-time.Second), nil},
		{"an objection at the deadline is refused", deadline, tracker.ErrConflict},
		{"an objection after the deadline is refused", deadline.Add(time.Hour), tracker.ErrConflict},
		{"an objection before the proposal is invalid", proposed.Add(-time.Hour), tracker.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, clock, d := proposeAt(t)
			advanceTo(t, clock, deadline.Add(2*time.Hour))
			_, err := svc.Object(d.ID, tracker.Objection{By: "Ana", Reason: "Too early", At: tt.at})
			if !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			want := tracker.DecisionAcceptedBySilence
			if tt.want == nil {
				want = tracker.DecisionNeedsDiscussion
			}
			if got := decisionState(t, svc, d.ID); got != want {
				t.Errorf("state = %s, want %s", got, want)
			}
		})
	}
}

func TestAnObjectionNeedsAReason(t *testing.T) {
	svc, _, d := proposeAt(t)
	if _, err := svc.Object(d.ID, tracker.Objection{By: "Ana", Reason: "  "}); !errors.Is(err, tracker.ErrInvalid) {
		t.Fatalf("err = %v, want ErrInvalid", err)
	}
}

func TestAnExplicitCloseWinsOverSilenceAndObjections(t *testing.T) {
	tests := []struct {
		name     string
		object   bool
		accepted bool
		want     tracker.DecisionState
	}{
		{"accepted early stays accepted past the deadline", false, true, tracker.DecisionAccepted},
		{"rejected despite silence is rejected", false, false, tracker.DecisionRejected},
		{"accepted despite an objection is accepted", true, true, tracker.DecisionAccepted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, clock, d := proposeAt(t)
			clock.Advance(time.Hour)
			if tt.object {
				if _, err := svc.Object(d.ID, tracker.Objection{By: "Ana", Reason: "Unsure"}); err != nil {
					t.Fatal(err)
				}
			}
			closed, err := svc.CloseDecision(d.ID, tt.accepted, "Decided in the Tuesday sync", time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			if closed.State != tt.want || closed.Outcome != "Decided in the Tuesday sync" || closed.ClosedAt == nil ||
				!closed.ClosedAt.Equal(proposed.Add(time.Hour)) {
				t.Fatalf("closed = %+v", closed)
			}
			advanceTo(t, clock, deadline.Add(time.Hour))
			if got := decisionState(t, svc, d.ID); got != tt.want {
				t.Errorf("after the deadline: %s, want %s", got, tt.want)
			}
			if _, err := svc.Object(d.ID, tracker.Objection{By: "Bo", Reason: "Late", At: proposed.Add(2 * time.Hour)}); !errors.Is(err, tracker.ErrConflict) {
				t.Errorf("objection to a closed decision: err = %v, want ErrConflict", err)
			}
			if _, err := svc.CloseDecision(d.ID, true, "again", time.Time{}); !errors.Is(err, tracker.ErrConflict) {
				t.Errorf("second close: err = %v, want ErrConflict", err)
			}
		})
	}
}

func TestDecisionStateNeedsNoJobRun(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "shiplog.db")
	clock := clockwork.NewFakeClockAt(proposed)
	svc, err := sqlite.OpenService(path, tracker.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SetSetting("timezone", "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
	silent, err := svc.ProposeDecision(tracker.Decision{Title: "Silent one"})
	if err != nil {
		t.Fatal(err)
	}
	objected, err := svc.ProposeDecision(tracker.Decision{Title: "Objected one"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Object(objected.ID, tracker.Objection{By: "Ana", Reason: "No"}); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	// A later process, with no scheduler ever run: the state follows from the data and the clock.
	later, err := sqlite.OpenService(path, tracker.WithClock(clockwork.NewFakeClockAt(deadline.Add(24*time.Hour))))
	if err != nil {
		t.Fatal(err)
	}
	defer later.Close()
	ds, err := later.Decisions()
	if err != nil {
		t.Fatal(err)
	}
	got := map[uint]tracker.DecisionState{}
	for _, d := range ds {
		if d.NotifiedAt != nil {
			t.Errorf("decision %d was marked notified without a job", d.ID)
		}
		got[d.ID] = d.State
	}
	if got[silent.ID] != tracker.DecisionAcceptedBySilence || got[objected.ID] != tracker.DecisionNeedsDiscussion {
		t.Fatalf("states = %v", got)
	}
}

func TestDecisionWindowSettingMovesTheDeadline(t *testing.T) {
	svc, _ := rulesOpenAt(t, proposed)
	if err := svc.SetSetting("decision.window", "8h"); err != nil {
		t.Fatal(err)
	}
	d, err := svc.ProposeDecision(tracker.Decision{Title: "Quick one"})
	if err != nil {
		t.Fatal(err)
	}
	if want := bln(2026, 11, 17, 10, 0); !d.Deadline.Equal(want) {
		t.Fatalf("deadline = %v, want %v", d.Deadline, want.UTC())
	}
}
