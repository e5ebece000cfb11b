package ui

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"
	"github.com/google/uuid"

	"shiplog/tracker"
	"shiplog/tracker/postgres"
	"shiplog/tracker/sqlite"
)

// pullFromAda stores, as a sync would, a request ada sent the user (due at due) and a team
// decision of hers.
func pullFromAda(t *testing.T, svc *tracker.Service, due time.Time) {
	t.Helper()
	l, err := sqlite.OpenLocal(svc.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	l.SetClock(svc.Clock())
	me := "bo"
	req, err := postgres.NewChange(postgres.Requests, uuid.New(), 1, postgres.Request{ToMember: &me, Subject: "Review the API draft",
		Priority: "important", ReceivedAt: testNow.Add(-3 * time.Hour), DueAt: &due})
	if err != nil {
		t.Fatal(err)
	}
	dec, err := postgres.NewChange(postgres.Decisions, uuid.New(), 1, postgres.Decision{Title: "Ship on Fridays", Team: true,
		ProposedAt: testNow.Add(-time.Hour), Deadline: testNow.Add(48 * time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	req.Member, dec.Member = "ada", "ada"
	if err := l.Apply(t.Context(), []postgres.Change{req, dec}, 10); err != nil {
		t.Fatal(err)
	}
}

func TestTheTeamTab(t *testing.T) {
	t.Run("without team mode there is no Team tab", func(t *testing.T) {
		svc, clk := mustOpen(t)
		u, _ := newTestUI(t, svc, clk, Options{})
		if u.team != nil || len(u.tabs.Items) != len(tabNames) {
			t.Errorf("%d tabs, team screen %v", len(u.tabs.Items), u.team)
		}
	})

	t.Run("it shows the server, the outbox and the last sync, and syncs on demand", func(t *testing.T) {
		svc, clk := mustOpen(t)
		status := TeamStatus{Joined: true, Server: "postgres://bo@db.example.com/shiplog", Member: "bo", Pending: 3,
			LastSync: testNow.Add(-5 * time.Minute)}
		syncs := 0
		var failWith error
		u, _ := newTestUI(t, svc, clk, Options{
			TeamStatus: func() (TeamStatus, error) { return status, nil },
			TeamSync: func() error {
				syncs++
				if failWith == nil {
					status.Pending, status.LastSync = 0, testNow
				}
				return failWith
			},
		})
		u.team.run = func(f func()) { f() }
		u.tabs.SelectIndex(len(u.tabs.Items) - 1)
		if u.tabs.Selected().Text != "Team" {
			t.Fatalf("the last tab is %q", u.tabs.Selected().Text)
		}
		wantText(t, u.win, "postgres://bo@db.example.com/shiplog")
		wantText(t, u.win, "bo (member)")
		wantText(t, u.win, "3 changes")
		wantText(t, u.win, "Wed 25 Nov 13:55 (0:05 ago)")
		test.Tap(button(t, u.win, "Sync now"))
		if syncs != 1 {
			t.Fatalf("Sync now ran %d syncs", syncs)
		}
		wantText(t, u.win, "In sync.")
		wantText(t, u.win, "0 changes")

		failWith = fmt.Errorf("connect to postgres://bo@db.example.com/shiplog: connection refused: %w", postgres.ErrUnreachable)
		test.Tap(button(t, u.win, "Sync now"))
		wantText(t, u.win, "the team server cannot be reached")
	})

	t.Run("outside a team it says how to join and cannot sync", func(t *testing.T) {
		svc, clk := mustOpen(t)
		u, _ := newTestUI(t, svc, clk, Options{
			TeamStatus: func() (TeamStatus, error) { return TeamStatus{Pending: 1}, nil },
			TeamSync:   func() error { return errors.New("not joined") },
		})
		u.tabs.SelectIndex(len(u.tabs.Items) - 1)
		wantText(t, u.win, "shiplog team join URL")
		if !button(t, u.win, "Sync now").Disabled() {
			t.Error("Sync now is enabled outside a team")
		}
	})

	t.Run("a teammate's request and team decision show, and the tray counts the request due soon", func(t *testing.T) {
		svc, clk := mustOpen(t)
		pullFromAda(t, svc, testNow.Add(40*time.Minute))
		u, fake := newTestUI(t, svc, clk, Options{TeamStatus: func() (TeamStatus, error) { return TeamStatus{Joined: true}, nil }})
		u.tabs.SelectIndex(len(u.tabs.Items) - 1)
		wantText(t, u.win, "Review the API draft — ada")
		wantText(t, u.win, "Ship on Fridays — proposed by ada · open")
		if ls := labels(fake.menu); !slices.Contains(ls, "Open requests (1 due soon)") {
			t.Errorf("the tray menu has no line %q: %q", "Open requests (1 due soon)", ls)
		}
		// Replying from the Team tab answers it.
		test.Tap(button(t, u.win, "Reply…"))
		formEntry(t, u.win, "Minutes spent").SetText("5")
		test.Tap(button(t, u.win, "Reply"))
		rs, _ := svc.Requests(tracker.RequestFilter{})
		if len(rs) != 1 || rs[0].State != tracker.RequestAnsweredInTime {
			t.Errorf("after Reply: %+v", rs)
		}
		wantText(t, u.win, "No teammate waits for an answer.")
	})
}
