package team_test

import (
	"testing"
	"time"

	"shiplog/app/team"
	"shiplog/reports"
	"shiplog/tracker"
	"shiplog/tracker/postgres"
)

// The live team report's fixture: week 2026-W48 (Monday 23 to Sunday 29 November) for three
// members in three zones, read on Tuesday 1 December.
var afterTheWeek = time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func block(t *testing.T, m *member, kind tracker.Kind, goal, from, to string) {
	t.Helper()
	if _, err := m.svc.AddBlock(tracker.Block{Kind: kind, Project: "Atlas", Goal: goal, Start: at(from), End: ptr(at(to))}); err != nil {
		t.Fatalf("%s: block %s %s: %v", m.name, from, to, err)
	}
}

func ship(t *testing.T, m *member, title, when string) {
	t.Helper()
	if _, err := m.svc.Ship(tracker.ShipInput{Title: title, Project: "Atlas", At: at(when)}); err != nil {
		t.Fatalf("%s: ship %s: %v", m.name, title, err)
	}
}

func request(t *testing.T, m *member, r tracker.Request, replied string) tracker.Request {
	t.Helper()
	got, err := m.svc.AddRequest(r)
	if err != nil {
		t.Fatalf("%s: request %s: %v", m.name, r.Subject, err)
	}
	if replied != "" {
		if got, err = m.svc.ReplyRequest(got.ID, tracker.ReplyInput{At: at(replied)}); err != nil {
			t.Fatal(err)
		}
	}
	return got
}

func seedWeek48(t *testing.T, s *server) (ada, bo, cy, mia *member) {
	t.Helper()
	ada = s.join("ada", "Europe/Berlin", false)
	bo = s.join("bo", "America/Los_Angeles", false)
	cy = s.join("cy", "Asia/Tokyo", false)
	mia = s.join("mia", "UTC", true)
	for _, set := range []struct {
		m        *member
		key, val string
	}{{bo, tracker.SettingDeepMin, "90m"}, {cy, tracker.SettingDeepMin, "30m"}, {cy, tracker.SettingWorkhours, "10:00-18:00"}} {
		if err := set.m.svc.SetSetting(set.key, set.val); err != nil {
			t.Fatal(err)
		}
	}
	for _, m := range []*member{ada, bo, cy, mia} {
		if _, err := m.svc.AddProject(tracker.Project{Name: "Atlas"}); err != nil {
			t.Fatal(err)
		}
		m.sync(t)
	}
	for _, m := range []*member{ada, bo, cy} {
		m.sync(t)
	}

	// ada, Berlin (UTC+1), deep work counts from 60 minutes.
	block(t, ada, tracker.KindDeep, "parser", "2026-11-22T22:00:00Z", "2026-11-23T00:00:00Z") // Sun 23:00 to Mon 01:00: 1 h in the week
	block(t, ada, tracker.KindDeep, "sync", "2026-11-23T08:00:00Z", "2026-11-23T09:30:00Z")
	block(t, ada, tracker.KindDeep, "", "2026-11-24T08:00:00Z", "2026-11-24T10:00:00Z")      // no goal: short focus
	block(t, ada, tracker.KindDeep, "tests", "2026-11-24T13:00:00Z", "2026-11-24T13:45:00Z") // too short: short focus
	block(t, ada, tracker.KindMeeting, "", "2026-11-25T09:00:00Z", "2026-11-25T10:00:00Z")
	block(t, ada, tracker.KindAsync, "", "2026-11-25T13:00:00Z", "2026-11-25T15:00:00Z")
	block(t, ada, tracker.KindShallow, "", "2026-11-26T13:00:00Z", "2026-11-26T14:00:00Z")
	ship(t, ada, "CSV export", "2026-11-26T15:00:00Z")
	ship(t, ada, "Old thing", "2026-11-20T15:00:00Z") // the week before
	request(t, ada, tracker.Request{Subject: "Invoice", From: "Dana", Priority: tracker.PriorityNormal, ReceivedAt: at("2026-11-23T10:00:00Z")},
		"2026-11-24T10:00:00Z")
	request(t, ada, tracker.Request{Subject: "Outage", From: "Ops", Priority: tracker.PriorityUrgent, ReceivedAt: at("2026-11-27T08:00:00Z")}, "")
	request(t, ada, tracker.Request{Subject: "API review", To: "bo", Priority: tracker.PriorityImportant, ReceivedAt: at("2026-11-23T17:00:00Z")}, "")
	fridays, err := ada.svc.ProposeDecision(tracker.Decision{Title: "Ship on Fridays", Team: true, ProposedAt: at("2026-11-23T09:00:00Z"),
		Deadline: at("2026-11-27T12:00:00Z")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ada.svc.ProposeDecision(tracker.Decision{Title: "Rename repo", ProposedAt: at("2026-11-23T09:00:00Z"),
		Deadline: at("2026-11-26T12:00:00Z")}); err != nil {
		t.Fatal(err)
	}
	if _, err := ada.svc.Object(fridays.ID, tracker.Objection{By: "Sam", Reason: "outside view", At: at("2026-11-24T09:00:00Z")}); err != nil {
		t.Fatal(err)
	}

	// bo, Los Angeles (UTC-8), deep work counts from 90 minutes.
	block(t, bo, tracker.KindDeep, "api", "2026-11-23T17:00:00Z", "2026-11-23T19:00:00Z")
	block(t, bo, tracker.KindDeep, "review", "2026-11-24T17:00:00Z", "2026-11-24T18:20:00Z") // 80 min: short focus
	block(t, bo, tracker.KindDeep, "late", "2026-11-30T07:00:00Z", "2026-11-30T09:00:00Z")   // Sun 23:00 to Mon 01:00 his time: 1 h in the week
	block(t, bo, tracker.KindMeeting, "", "2026-11-25T18:00:00Z", "2026-11-25T21:00:00Z")    // a long meeting
	ship(t, bo, "Rate limiter", "2026-11-30T06:00:00Z")                                      // Sunday 22:00 his time: in his week
	request(t, bo, tracker.Request{Subject: "Vendor", From: "Acme", Priority: tracker.PriorityImportant, ReceivedAt: at("2026-11-24T17:00:00Z")},
		"2026-11-25T17:30:00Z")

	// cy, Tokyo (UTC+9), deep work counts from 30 minutes, works 10:00-18:00.
	block(t, cy, tracker.KindDeep, "ml", "2026-11-23T01:00:00Z", "2026-11-23T01:40:00Z")
	block(t, cy, tracker.KindAsync, "", "2026-11-24T02:00:00Z", "2026-11-24T06:00:00Z")
	ship(t, cy, "Tokyo launch", "2026-11-29T11:00:00Z") // Sunday 20:00 her time: in her week
	ship(t, cy, "Next week's", "2026-11-29T23:30:00Z")  // Monday 08:30 her time: not in her week
	if _, err := cy.svc.ProposeDecision(tracker.Decision{Title: "Quarterly OKRs", Team: true, ProposedAt: at("2026-11-26T01:00:00Z"),
		Deadline: at("2026-12-04T01:00:00Z")}); err != nil {
		t.Fatal(err)
	}
	for _, m := range []*member{ada, bo, cy} {
		m.sync(t)
	}
	for _, m := range []*member{ada, bo, cy} {
		m.sync(t)
	}

	// bo answers ada's request late and objects to her decision; cy objects to it too.
	rs, _ := bo.svc.Requests(tracker.RequestFilter{})
	for _, r := range rs {
		if r.Subject == "API review" {
			if _, err := bo.svc.ReplyRequest(r.ID, tracker.ReplyInput{At: at("2026-11-28T01:00:00Z")}); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, m := range []*member{bo, cy} {
		ds, _ := m.svc.AllDecisions()
		for _, d := range ds {
			if d.Title == "Ship on Fridays" {
				if _, err := m.svc.Object(d.ID, tracker.Objection{By: m.name, Reason: "on-call", At: at("2026-11-25T09:00:00Z")}); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	for round := 0; round < 2; round++ {
		for _, m := range []*member{ada, bo, cy, mia} {
			m.sync(t)
		}
	}
	return ada, bo, cy, mia
}

func TestTheLiveTeamReportHasEachMembersOwnFigures(t *testing.T) {
	s := newServer(t, afterTheWeek)
	ada, bo, cy, mia := seedWeek48(t, s)
	week := func(loc *time.Location) (reports.Period, error) { return reports.ParseWeek("2026-W48", loc) }
	r, err := postgres.Open(t.Context(), mia.url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	live, err := team.Live(t.Context(), r, week, afterTheWeek)
	if err != nil {
		t.Fatal(err)
	}
	rows := map[string]reports.MemberRow{}
	for _, row := range live.Members {
		rows[row.Name] = row
	}
	if len(rows) != 4 {
		t.Fatalf("the live report has %d members, want ada, bo, cy and mia", len(rows))
	}
	var sum reports.MemberRow
	for _, m := range []*member{ada, bo, cy, mia} {
		cfg, err := m.svc.Config()
		if err != nil {
			t.Fatal(err)
		}
		p, _ := week(cfg.Location())
		own, err := reports.Build(m.svc, reports.Options{Period: p, Now: afterTheWeek})
		if err != nil {
			t.Fatal(err)
		}
		want := reports.BuildTeam([]reports.Member{{Name: m.name, Report: own}}).Members[0]
		got := rows[m.name]
		type figures struct {
			Shipped                 int
			Deep, Short, NoGoal     time.Duration
			Within, Judged          int
			WithinPct               float64
			Async, DeepAll, Meeting time.Duration
			AsyncShare              float64
			AsyncOK                 bool
			Open                    int
			Zone                    string
		}
		fig := func(r reports.MemberRow) figures {
			return figures{r.Shipped, r.Deep, r.Short, r.NoGoal, r.Within, r.Judged, r.WithinPct, r.Async, r.DeepAll, r.Meeting,
				r.AsyncShare, r.AsyncOK, r.Open, r.Settings.Zone}
		}
		if fig(got) != fig(want) {
			t.Errorf("%s's live figures\n %+v\nhis or her own report's\n %+v", m.name, fig(got), fig(want))
		}
		sum.Shipped += want.Shipped
		sum.Deep += want.Deep
		sum.Short += want.Short
		sum.Judged += want.Judged
		sum.Open += want.Open
	}
	// The fixture is worth comparing only if every figure has something in it.
	if sum.Shipped != 3 || sum.Deep == 0 || sum.Short == 0 || sum.Judged < 3 || sum.Open != 2 {
		t.Errorf("the fixture's own reports sum to %+v", sum)
	}
	if live.Totals.Open != 2 || len(live.Open) != 2 {
		t.Errorf("the team has %d open decisions (%d rows), want ada's and cy's team decisions once each", live.Totals.Open, len(live.Open))
	}
}
