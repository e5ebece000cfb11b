package team_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/tracker"
)

// monday is Monday 23 November 2026, 09:00 UTC: 10:00 in Berlin, 01:00 in Los Angeles.
var monday = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func TestARequestToATeammateIsDueAndAnsweredInTheirHours(t *testing.T) {
	s := newServer(t, monday)
	ada := s.join("ada", "Europe/Berlin", false)
	bo := s.join("bo", "America/Los_Angeles", false)

	t.Run("sending needs the teammate's profile, which their first sync brings", func(t *testing.T) {
		_, err := ada.svc.AddRequest(tracker.Request{Subject: "Review the API draft", Priority: tracker.PriorityImportant, To: "bo"})
		if !errors.Is(err, tracker.ErrNotFound) {
			t.Fatalf("a request to a teammate nobody synced: %v, want not found", err)
		}
	})
	bo.sync(t)
	ada.sync(t)
	sent, err := ada.svc.AddRequest(tracker.Request{Subject: "Review the API draft", Priority: tracker.PriorityImportant, To: "bo"})
	if err != nil {
		t.Fatal(err)
	}
	// Outside requests keep working as before, and stay ada's.
	if _, err := ada.svc.AddRequest(tracker.Request{Subject: "Invoice question", From: "Dana", Priority: tracker.PriorityNormal}); err != nil {
		t.Fatal(err)
	}
	// 24 business hours in bo's Monday-to-Friday 09:00-17:00 in Los Angeles, from Monday 01:00
	// there: Monday, Tuesday and Wednesday, due Wednesday 17:00 PST. In ada's Berlin hours it
	// would be Thursday 10:00.
	wantDue := time.Date(2026, 11, 25, 17, 0, 0, 0, zone("America/Los_Angeles"))
	if sent.DueAt == nil || !sent.DueAt.Equal(wantDue) {
		t.Fatalf("ada's request is due %v, want %v (bo's hours)", sent.DueAt, wantDue)
	}
	ada.sync(t)
	bo.sync(t)

	got, err := bo.svc.Requests(tracker.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].From != "ada" || got[0].Subject != "Review the API draft" || got[0].DueAt == nil ||
		!got[0].DueAt.Equal(wantDue) || got[0].State != tracker.RequestOpen {
		t.Fatalf("bo's requests after the sync: %+v", got)
	}
	if mine, _ := ada.svc.Requests(tracker.RequestFilter{}); len(mine) != 1 || mine[0].From != "Dana" {
		t.Errorf("ada's received requests: %+v, want only Dana's (a sent request is not hers to answer)", mine)
	}

	// Wednesday 16:30 in Los Angeles: within an hour of the target, for both of them.
	s.clock.Advance(wantDue.Add(-30 * time.Minute).Sub(s.clock.Now()))
	if got, _ := bo.svc.Requests(tracker.RequestFilter{OpenOnly: true}); len(got) != 1 || got[0].State != tracker.RequestDueSoon {
		t.Errorf("bo's request at 16:30 his time: %+v, want due soon", got)
	}
	if got, _ := ada.svc.Requests(tracker.RequestFilter{Sent: true}); len(got) != 1 || got[0].State != tracker.RequestDueSoon || got[0].To != "bo" {
		t.Errorf("ada's sent request at 16:30 bo's time: %+v, want due soon", got)
	}

	s.clock.Advance(10 * time.Minute)
	answered, err := bo.svc.ReplyRequest(got[0].ID, tracker.ReplyInput{Minutes: 20})
	if err != nil {
		t.Fatal(err)
	}
	if answered.State != tracker.RequestAnsweredInTime {
		t.Errorf("bo's answer: %s", answered.State)
	}
	bo.sync(t)
	ada.sync(t)
	out, err := ada.svc.Requests(tracker.RequestFilter{Sent: true})
	if err != nil {
		t.Fatal(err)
	}
	// Monday 8 h, Tuesday 8 h, Wednesday 09:00 to 16:40: 23 h 40 min of bo's business hours.
	if len(out) != 1 || out[0].State != tracker.RequestAnsweredInTime || out[0].RepliedAt == nil ||
		out[0].ResponseBusinessSeconds == nil || *out[0].ResponseBusinessSeconds != 23*3600+40*60 {
		t.Fatalf("ada's sent request after bo's answer: %+v", out)
	}

	t.Run("one answered after the target is late for both", func(t *testing.T) {
		late, err := ada.svc.AddRequest(tracker.Request{Subject: "Prod alert", Priority: tracker.PriorityUrgent, To: "bo"})
		if err != nil {
			t.Fatal(err)
		}
		ada.sync(t)
		bo.sync(t)
		s.clock.Advance(late.DueAt.Add(2 * time.Hour).Sub(s.clock.Now()))
		rs, _ := bo.svc.Requests(tracker.RequestFilter{OpenOnly: true})
		if len(rs) != 1 || rs[0].State != tracker.RequestOverdue {
			t.Fatalf("bo's open requests: %+v", rs)
		}
		if _, err := bo.svc.ReplyRequest(rs[0].ID, tracker.ReplyInput{}); err != nil {
			t.Fatal(err)
		}
		bo.sync(t)
		ada.sync(t)
		r, err := ada.svc.Request(late.ID)
		if err != nil || r.State != tracker.RequestAnsweredLate {
			t.Errorf("ada's urgent request after a late answer: %+v, %v", r, err)
		}
	})

	t.Run("only the addressee answers", func(t *testing.T) {
		if _, err := ada.svc.ReplyRequest(sent.ID, tracker.ReplyInput{}); !errors.Is(err, tracker.ErrConflict) {
			t.Errorf("ada answering her own sent request: %v, want a conflict", err)
		}
	})
}

func TestATeamDecisionClosesForEveryoneAlike(t *testing.T) {
	s := newServer(t, monday)
	ada := s.join("ada", "Europe/Berlin", false)
	bo := s.join("bo", "America/Los_Angeles", false)
	cy := s.join("cy", "Asia/Tokyo", false)
	// cy records some decisions of her own first, so that local ids differ between members.
	for _, title := range []string{"Use Go 1.26", "Rename the repo"} {
		if _, err := cy.svc.ProposeDecision(tracker.Decision{Title: title}); err != nil {
			t.Fatal(err)
		}
	}
	objected, err := ada.svc.ProposeDecision(tracker.Decision{Title: "Ship on Fridays", Team: true})
	if err != nil {
		t.Fatal(err)
	}
	silent, err := ada.svc.ProposeDecision(tracker.Decision{Title: "Adopt MADR", Team: true, Deadline: monday.Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ada.svc.ProposeDecision(tracker.Decision{Title: "ada's own"}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []*member{ada, bo, cy} {
		m.sync(t)
	}

	find := func(m *member, title string) tracker.Decision {
		t.Helper()
		ds, err := m.svc.AllDecisions()
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range ds {
			if d.Title == title {
				return d
			}
		}
		t.Fatalf("%s does not see %q among %v", m.name, title, ds)
		return tracker.Decision{}
	}
	onBo, onCy := find(bo, "Ship on Fridays"), find(cy, "Ship on Fridays")
	if onBo.Author != "ada" || !onBo.Team || !onBo.Deadline.Equal(objected.Deadline) || onCy.ID == onBo.ID && onCy.ID == objected.ID {
		t.Errorf("bo sees %+v; cy's id %d", onBo, onCy.ID)
	}
	// ada's two decisions arrive in one sync, in no fixed order between them (one server
	// transaction), after cy's own two.
	if other := find(cy, "Adopt MADR"); min(onCy.ID, other.ID) != 3 || max(onCy.ID, other.ID) != 4 {
		t.Errorf("cy's local ids for ada's decisions are %d and %d, want 3 and 4 after her own two", onCy.ID, other.ID)
	}
	if ds, _ := bo.svc.AllDecisions(); len(ds) != 2 {
		t.Errorf("bo sees %d decisions, want ada's two team decisions and not her own", len(ds))
	}
	// bo objects from his own Shiplog, by the id he sees.
	if _, err := bo.svc.Object(onBo.ID, tracker.Objection{By: "bo", Reason: "Fridays are for on-call handovers"}); err != nil {
		t.Fatal(err)
	}
	bo.sync(t)
	for _, m := range []*member{ada, cy} {
		m.sync(t)
	}
	if d := find(ada, "Ship on Fridays"); len(d.Objections) != 1 || d.Objections[0].By != "bo" || d.State != tracker.DecisionOpen {
		t.Errorf("ada's decision after bo's objection: %+v", d)
	}

	s.clock.Advance(objected.Deadline.Add(time.Minute).Sub(s.clock.Now()))
	for _, m := range []*member{ada, bo, cy} {
		if d := find(m, "Ship on Fridays"); d.State != tracker.DecisionNeedsDiscussion {
			t.Errorf("%s sees %q as %s after the deadline, want needs_discussion", m.name, d.Title, d.State)
		}
		if d := find(m, "Adopt MADR"); d.State != tracker.DecisionAcceptedBySilence || !d.Deadline.Equal(silent.Deadline) {
			t.Errorf("%s sees %q as %s, want accepted by silence", m.name, d.Title, d.State)
		}
	}
	t.Run("an objection after the deadline is refused on every side", func(t *testing.T) {
		if _, err := cy.svc.Object(find(cy, "Adopt MADR").ID, tracker.Objection{By: "cy", Reason: "late"}); !errors.Is(err, tracker.ErrConflict) {
			t.Errorf("a late objection: %v", err)
		}
	})
	t.Run("only the proposer closes it", func(t *testing.T) {
		if _, err := bo.svc.CloseDecision(onBo.ID, false, "no", time.Time{}); !errors.Is(err, tracker.ErrConflict) {
			t.Errorf("bo closing ada's decision: %v", err)
		}
	})
}

func TestTheProfileTravelsWhenASettingChanges(t *testing.T) {
	s := newServer(t, monday)
	ada := s.join("ada", "Europe/Berlin", false)
	bo := s.join("bo", "America/Los_Angeles", false)
	ada.sync(t)
	bo.sync(t)
	if err := bo.svc.SetSetting(tracker.SettingWorkhours, "07:00-15:00"); err != nil {
		t.Fatal(err)
	}
	if st, _ := bo.engine.Status(t.Context()); st.Pending != 1 {
		t.Errorf("after a change of his hours bo has %d pending, want his profile", st.Pending)
	}
	bo.sync(t)
	ada.sync(t)
	mates, err := ada.svc.Teammates()
	if err != nil || len(mates) != 1 || mates[0].Name != "bo" || mates[0].WorkStart != 7*time.Hour || mates[0].Timezone != "America/Los_Angeles" {
		t.Errorf("ada's teammates: %+v, %v", mates, err)
	}
}
