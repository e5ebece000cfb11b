package team_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shiplog/app/team"
	"shiplog/reports"
	"shiplog/tracker"
	"shiplog/tracker/postgres"
	"shiplog/tracker/sqlite"
)

// record adds n finished blocks, a deliverable shipped and an outside request to m's record.
func record(t *testing.T, m *member, n int, from time.Time) {
	t.Helper()
	if _, err := m.svc.ProjectByName("Atlas"); err != nil {
		if _, err := m.svc.AddProject(tracker.Project{Name: "Atlas"}); err != nil {
			t.Fatal(err)
		}
	}
	for i := range n {
		start := from.Add(time.Duration(i) * 2 * time.Hour)
		if _, err := m.svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Atlas", Goal: fmt.Sprint("goal ", i),
			Start: start, End: ptr(start.Add(time.Hour))}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := m.svc.Ship(tracker.ShipInput{Title: fmt.Sprint("Feature ", from.Unix()), Project: "Atlas"}); err != nil {
		t.Fatal(err)
	}
	if _, err := m.svc.AddRequest(tracker.Request{Subject: fmt.Sprint("Question ", from.Unix()), From: "Dana", Priority: tracker.PriorityNormal}); err != nil {
		t.Fatal(err)
	}
}

// sameCounts checks that the server holds exactly m's own rows, once each.
func sameCounts(t *testing.T, s *server, m *member) {
	t.Helper()
	for table, local := range map[string]int{
		"blocks":       len(must(m.svc.Blocks(tracker.BlockFilter{}))),
		"deliverables": len(must(m.svc.Deliverables(tracker.DeliverableFilter{}))),
		"projects":     len(must(m.svc.Projects(true))),
		"requests":     len(must(m.svc.Requests(tracker.RequestFilter{}))) + len(must(m.svc.Requests(tracker.RequestFilter{Sent: true}))),
	} {
		n := s.count("SELECT count(*) FROM shiplog."+table+" WHERE member = $1 AND NOT deleted", m.name)
		distinct := s.count("SELECT count(DISTINCT uid) FROM shiplog."+table+" WHERE member = $1 AND NOT deleted", m.name)
		if n != local || distinct != local {
			t.Errorf("%s: the server holds %d of %s's (%d distinct), the record %d", table, n, m.name, distinct, local)
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func TestWorkContinuesWhileTheServerIsDownAndSyncCatchesUp(t *testing.T) {
	s := newServer(t, monday)
	ada := s.join("ada", "Europe/Berlin", false)
	record(t, ada, 5, monday.Add(-72*time.Hour))
	ada.sync(t)
	sameCounts(t, s, ada)

	// The server goes away: the stored login points where nothing answers.
	ada.login(closedPort(t, ada.url))
	record(t, ada, 7, monday.Add(-48*time.Hour))
	res, err := ada.engine.Sync(t.Context())
	if !errors.Is(err, postgres.ErrUnreachable) {
		t.Fatalf("a sync with the server down: %v, want unreachable", err)
	}
	if !strings.Contains(err.Error(), "wait in the outbox") || res.Pending < 9 {
		t.Errorf("the failure says %q with %d pending; it should say the changes wait", err, res.Pending)
	}
	// Work goes on as usual.
	s.clock.Advance(time.Hour)
	if _, _, err := ada.svc.StartBlock(tracker.Block{Kind: tracker.KindShallow, Project: "Atlas"}); err != nil {
		t.Fatal(err)
	}
	if _, err := ada.svc.StopBlock(tracker.StopInput{}); err != nil {
		t.Fatal(err)
	}
	st, err := ada.engine.Status(t.Context())
	if err != nil || st.Pending < 10 || !st.Joined {
		t.Errorf("status while down: %+v, %v", st, err)
	}

	ada.login(ada.url)
	res = ada.sync(t)
	if res.Pending != 0 || res.Pushed < 10 {
		t.Errorf("the sync after the server came back: %+v", res)
	}
	sameCounts(t, s, ada)
	if st, _ := ada.engine.Status(t.Context()); st.Pending != 0 || !st.LastSync.Equal(s.clock.Now().Truncate(time.Second)) {
		t.Errorf("status after catching up: %+v", st)
	}
}

func TestSyncWithoutALoginSaysSo(t *testing.T) {
	s := newServer(t, monday)
	ada := s.join("ada", "Europe/Berlin", false)
	if _, err := postgres.ForgetLogin(ada.dir); err != nil {
		t.Fatal(err)
	}
	if _, err := ada.engine.Sync(t.Context()); !errors.Is(err, tracker.ErrNotFound) {
		t.Errorf("sync without a login: %v, want not found", err)
	}
	if st, err := ada.engine.Status(t.Context()); err != nil || st.Joined || st.Pending == 0 {
		t.Errorf("status without a login: %+v, %v (the outbox still counts)", st, err)
	}
}

func TestAMemberCannotReadAnothersBlocks(t *testing.T) {
	s := newServer(t, monday)
	ada := s.join("ada", "Europe/Berlin", false)
	bo := s.join("bo", "America/Los_Angeles", false)
	record(t, ada, 4, monday.Add(-72*time.Hour))
	record(t, bo, 2, monday.Add(-72*time.Hour))
	ada.sync(t)
	bo.sync(t)

	if bs, _ := bo.svc.Blocks(tracker.BlockFilter{}); len(bs) != 2 {
		t.Errorf("bo's record holds %d blocks after the sync, want his own 2", len(bs))
	}
	if rs, _ := bo.svc.Requests(tracker.RequestFilter{}); len(rs) != 1 {
		t.Errorf("bo's record holds %d requests, want his own one (ada's outside requests are hers)", len(rs))
	}
	r, err := postgres.Open(t.Context(), bo.url)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if _, err := r.TeamRows(t.Context(), postgres.Blocks, ""); err == nil {
		t.Error("the team reads of the client reach blocks")
	}
	totals, err := r.PeriodTotals(t.Context(), "2026-11-01", "2026-12-01")
	if err != nil || len(totals) != 1 || totals[0].Member != "bo" {
		t.Errorf("bo's period totals: %+v, %v", totals, err)
	}
	times, err := r.RequestTimes(t.Context(), monday.AddDate(1, 0, 0))
	if err != nil || len(times) != 1 || times[0].Receiver != "bo" {
		t.Errorf("bo's request times: %+v, %v", times, err)
	}
	week := func(loc *time.Location) (reports.Period, error) { return reports.WeekOf(monday, loc), nil }
	if _, err := team.Live(t.Context(), r, week, monday); !errors.Is(err, tracker.ErrInvalid) {
		t.Errorf("bo's live team report: %v, want refused", err)
	}
}

func TestAChangeTheServerRefusesIsSetAsideAndTheRestGoesOn(t *testing.T) {
	s := newServer(t, monday)
	ada := s.join("ada", "Europe/Berlin", false)
	record(t, ada, 3, monday.Add(-72*time.Hour))
	// PostgreSQL keeps no NUL in text; Shiplog's own checks let one through in an outcome.
	start := monday.Add(-10 * time.Hour)
	bad, err := ada.svc.AddBlock(tracker.Block{Kind: tracker.KindShallow, Project: "Atlas", Start: start, End: ptr(start.Add(time.Hour)),
		Outcome: "a\x00b"})
	if err != nil {
		t.Fatal(err)
	}
	record(t, ada, 3, monday.Add(-48*time.Hour))
	res, err := ada.engine.Sync(t.Context())
	if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), "refused 1 change") {
		t.Fatalf("sync with a bad row: %v", err)
	}
	if res.Refused != 1 || res.Pending != 1 {
		t.Errorf("the sync: %+v", res)
	}
	if n := s.count("SELECT count(*) FROM shiplog.blocks WHERE member = 'ada'"); n != 6 {
		t.Errorf("the server holds %d of ada's blocks, want the 6 good ones", n)
	}
	if st, _ := ada.engine.Status(t.Context()); st.Refused != 1 || st.Pending != 1 {
		t.Errorf("status: %+v", st)
	}
	// Once the row is fixed, it goes.
	fixed := "ab"
	if _, err := ada.svc.EditBlock(bad.ID, tracker.BlockPatch{Outcome: &fixed}); err != nil {
		t.Fatal(err)
	}
	ada.sync(t)
	sameCounts(t, s, ada)
}

func TestAFullSyncAfterARestoreMakesTheServerMatchTheRecord(t *testing.T) {
	s := newServer(t, monday)
	ada := s.join("ada", "Europe/Berlin", false)
	record(t, ada, 3, monday.Add(-72*time.Hour))
	backup := filepath.Join(t.TempDir(), "backup.db")
	if err := ada.svc.Backup(backup); err != nil {
		t.Fatal(err)
	}
	ada.sync(t)
	// After the backup: a block edited, one added, both pushed.
	bs, _ := ada.svc.Blocks(tracker.BlockFilter{})
	later := "edited after the backup"
	if _, err := ada.svc.EditBlock(bs[0].ID, tracker.BlockPatch{Goal: &later}); err != nil {
		t.Fatal(err)
	}
	record(t, ada, 2, monday.Add(-24*time.Hour))
	ada.sync(t)

	// The record goes back to the backup, as a restore leaves it.
	ada.engine.Close()
	path := ada.svc.Path()
	ada.svc.Close()
	copyFile(t, backup, path)
	svc, err := sqlite.OpenService(path, tracker.WithClock(s.clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	ada.svc, ada.engine = svc, team.New(svc, team.Options{ConfigDir: ada.dir})
	t.Cleanup(func() { ada.engine.Close() })

	if _, err := ada.engine.Resync(t.Context()); err != nil {
		t.Fatal(err)
	}
	sameCounts(t, s, ada)
	if n := s.count("SELECT count(*) FROM shiplog.blocks WHERE member = 'ada' AND NOT deleted AND goal = $1", later); n != 0 {
		t.Errorf("the server still holds the edit the restored record lost")
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		os.Remove(to + suffix)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestAPermissionTakenAwaySetsNothingAside(t *testing.T) {
	s := newServer(t, monday)
	ada := s.join("ada", "Europe/Berlin", false)
	record(t, ada, 2, monday.Add(-72*time.Hour))
	if _, err := s.admin.Exec("REVOKE INSERT ON shiplog.blocks FROM shiplog_member"); err != nil {
		t.Fatal(err)
	}
	res, err := ada.engine.Sync(t.Context())
	if err == nil || res.Refused != 0 {
		t.Fatalf("a sync without the right to insert blocks: %+v, %v", res, err)
	}
	if st, _ := ada.engine.Status(t.Context()); st.Refused != 0 || st.Pending == 0 {
		t.Errorf("status: %+v, want everything still queued and nothing set aside", st)
	}
	if _, err := s.admin.Exec("GRANT INSERT ON shiplog.blocks TO shiplog_member"); err != nil {
		t.Fatal(err)
	}
	ada.sync(t)
	sameCounts(t, s, ada)
}
