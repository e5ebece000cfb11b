package team_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/app/team"
	"shiplog/reports"
	"shiplog/tracker"
	"shiplog/tracker/postgres"
)

// inWeek48 is Friday 27 November 2026, 16:00 UTC: in ISO week 2026-W48 in Berlin, Los Angeles
// and Tokyo alike, when the members check in.
var inWeek48 = time.Date(2026, 11, 27, 16, 0, 0, 0, time.UTC)

func checkIn(t *testing.T, m *member, satisfaction, balance int) {
	t.Helper()
	note := m.name + "'s private note"
	if _, err := m.svc.CheckIn(tracker.CheckInInput{Satisfaction: satisfaction, Balance: balance, Note: &note}); err != nil {
		t.Fatalf("%s checks in: %v", m.name, err)
	}
}

// teamCheckIns builds the team's check-in of 2026-W48 both ways: live from the server as mia, and
// from every member's export as the file-based team report does.
func teamCheckIns(t *testing.T, s *server, mia *member, all ...*member) (live, files reports.TeamCheckIns) {
	t.Helper()
	week := func(loc *time.Location) (reports.Period, error) { return reports.ParseWeek("2026-W48", loc) }
	r, err := postgres.Open(t.Context(), mia.url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	now := s.clock.Now()
	lt, err := team.Live(t.Context(), r, week, now)
	if err != nil {
		t.Fatal(err)
	}
	var members []reports.Member
	for _, m := range all {
		snap, err := m.svc.Snapshot(tracker.SnapshotFilter{})
		if err != nil {
			t.Fatal(err)
		}
		src, err := reports.NewSnapshotSource(snap, now)
		if err != nil {
			t.Fatal(err)
		}
		cfg, err := m.svc.Config()
		if err != nil {
			t.Fatal(err)
		}
		p, err := week(cfg.Location())
		if err != nil {
			t.Fatal(err)
		}
		rep, err := reports.Build(src, reports.Options{Period: p, Now: now})
		if err != nil {
			t.Fatal(err)
		}
		members = append(members, reports.Member{Name: m.name, Report: rep})
	}
	return lt.CheckIns, reports.BuildTeam(members).CheckIns
}

func TestTheLiveTeamReportShowsTheTeamsMedianCheckIn(t *testing.T) {
	s := newServer(t, inWeek48)
	ada := s.join("ada", "Europe/Berlin", false)
	bo := s.join("bo", "America/Los_Angeles", false)
	cy := s.join("cy", "Asia/Tokyo", false)
	mia := s.join("mia", "UTC", true)
	all := []*member{ada, bo, cy, mia}
	for _, m := range all {
		m.sync(t)
	}

	checkIn(t, ada, 4, 2)
	checkIn(t, bo, 2, 5)
	ada.sync(t)
	bo.sync(t)
	t.Run("with 2 answers the week shows no median, live as from the files", func(t *testing.T) {
		live, files := teamCheckIns(t, s, mia, all...)
		if live != files {
			t.Errorf("live %+v, from the files %+v", live, files)
		}
		if live.OK || live.Answered != 2 || live.Members != 4 || live.Week != "2026-W48" {
			t.Errorf("live %+v, want 2 of 4 answered 2026-W48 and no median", live)
		}
		if want := "not shown: 2 of 4 answered 2026-W48; the median shows from 3 answers"; live.Text() != want {
			t.Errorf("live text %q, want %q", live.Text(), want)
		}
	})

	t.Run("a check-in made offline reaches the server on the next sync", func(t *testing.T) {
		cy.login(closedPort(t, cy.url))
		checkIn(t, cy, 5, 3)
		if _, err := cy.engine.Sync(t.Context()); !errors.Is(err, postgres.ErrUnreachable) {
			t.Fatalf("a sync with the server down: %v, want unreachable", err)
		}
		if n := s.count("SELECT count(*) FROM shiplog.check_ins WHERE member = 'cy'"); n != 0 {
			t.Fatalf("the server has %d of cy's check-ins before she could sync", n)
		}
		cy.login(cy.url)
		if res := cy.sync(t); res.Pending != 0 {
			t.Errorf("after the server came back %d changes wait", res.Pending)
		}
		if n := s.count("SELECT count(*) FROM shiplog.check_ins WHERE member = 'cy' AND week = '2026-W48'"); n != 1 {
			t.Errorf("the server has %d of cy's check-ins of 2026-W48, want 1", n)
		}
	})

	t.Run("with 3 answers the live median is the file-based report's", func(t *testing.T) {
		live, files := teamCheckIns(t, s, mia, all...)
		if live != files {
			t.Errorf("live %+v, from the files %+v", live, files)
		}
		// The middle of 2, 4, 5 and of 2, 3, 5.
		if !live.OK || live.Satisfaction != 4 || live.Balance != 3 || live.Answered != 3 {
			t.Errorf("live %+v, want 3 of 4 answered with medians 4 and 3", live)
		}
	})

	t.Run("checking in again the same week updates the server's row, not a second one", func(t *testing.T) {
		s.clock.Advance(time.Hour)
		checkIn(t, ada, 1, 2)
		ada.sync(t)
		if n := s.count("SELECT count(*) FROM shiplog.check_ins WHERE member = 'ada'"); n != 1 {
			t.Errorf("the server has %d check-ins of ada's, want 1", n)
		}
		live, files := teamCheckIns(t, s, mia, all...)
		if live != files {
			t.Errorf("live %+v, from the files %+v", live, files)
		}
		if !live.OK || live.Satisfaction != 2 || live.Answered != 3 {
			t.Errorf("live %+v, want 3 answers with median satisfaction 2 (of 1, 2, 5)", live)
		}
	})

	t.Run("a fourth answer gives the mean of the two middle ones", func(t *testing.T) {
		checkIn(t, mia, 5, 4)
		mia.sync(t)
		live, files := teamCheckIns(t, s, mia, all...)
		if live != files {
			t.Errorf("live %+v, from the files %+v", live, files)
		}
		// Satisfaction 1, 2, 5, 5: (2+5)/2; balance 2, 3, 4, 5: (3+4)/2.
		if !live.OK || live.Satisfaction != 3.5 || live.Balance != 3.5 || live.Answered != 4 {
			t.Errorf("live %+v, want 4 answers with medians 3.5 and 3.5", live)
		}
	})

	t.Run("no note reaches the server", func(t *testing.T) {
		if n := s.count("SELECT count(*) FROM shiplog.check_ins c WHERE to_jsonb(c)::text LIKE '%note%'"); n != 0 {
			t.Errorf("%d check-ins on the server hold a note", n)
		}
	})
}
