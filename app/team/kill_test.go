package team_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/postgres"
)

// buildShiplog builds the real binary once into a temporary directory.
func buildShiplog(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		goBin = "/usr/local/go/bin/go"
	}
	bin := filepath.Join(t.TempDir(), "shiplog")
	cmd := exec.Command(goBin, "build", "-o", bin, "shiplog")
	cmd.Dir = filepath.Join("..", "..")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestAKillDuringAPushLosesAndDuplicatesNothing runs the real binary's 'team sync' on a record of
// 40,000 blocks, kills it with SIGKILL at a random moment of the push (after a random number of
// batches reached the server, plus a random delay that may land inside the next batch's
// transaction), twice, and then syncs to the end: the server must hold every block exactly once.
func TestAKillDuringAPushLosesAndDuplicatesNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and pushes 40,000 blocks")
	}
	bin := buildShiplog(t)
	s := newServer(t, monday)
	ada := s.join("ada", "Europe/Berlin", false)
	const n = 40_000
	p, err := ada.svc.AddProject(tracker.Project{Name: "Atlas"})
	if err != nil {
		t.Fatal(err)
	}
	bs := make([]tracker.Block, n)
	for i := range bs {
		start := monday.AddDate(-3, 0, 0).Add(time.Duration(i) * 30 * time.Minute)
		bs[i] = tracker.Block{ProjectID: p.ID, Kind: tracker.KindDeep, Goal: "goal", Start: start, End: ptr(start.Add(20 * time.Minute))}
	}
	if err := ada.svc.BulkInsertBlocks(bs); err != nil {
		t.Fatal(err)
	}
	// The binary finds the login under $XDG_CONFIG_HOME/shiplog, as on ada's machine.
	xdg := t.TempDir()
	pw, _ := postgres.Password(ada.url)
	if err := postgres.SaveLogin(filepath.Join(xdg, "shiplog"), postgres.Login{Server: postgres.Redact(ada.url), Member: "ada"}, pw); err != nil {
		t.Fatal(err)
	}
	run := func() *exec.Cmd {
		cmd := exec.Command(bin, "--db", ada.svc.Path(), "team", "sync")
		cmd.Env = append(os.Environ(), "XDG_CONFIG_HOME="+xdg)
		cmd.Stdout, cmd.Stderr = &bytes.Buffer{}, &bytes.Buffer{}
		return cmd
	}
	onServer := func() int {
		return s.count("SELECT count(*) FROM shiplog.blocks WHERE member = 'ada'")
	}

	for round := range 2 {
		before := onServer()
		// Kill once at least this many more rows are on the server: a random number of batches.
		threshold := before + postgres.BatchSize*(1+rand.IntN(2))
		jitter := time.Duration(rand.IntN(300)) * time.Millisecond
		cmd := run()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		killed := false
	watch:
		for {
			select {
			case err := <-exited:
				t.Logf("round %d: the sync ended before the kill (%v); %d on the server", round, err, onServer())
				break watch
			case <-time.After(20 * time.Millisecond):
			}
			if onServer() >= threshold {
				<-time.After(jitter)
				if err := cmd.Process.Kill(); err != nil {
					t.Fatal(err)
				}
				<-exited
				killed = true
				break
			}
		}
		if killed {
			t.Logf("round %d: killed with %d of %d blocks on the server, %s after a batch landed", round, onServer(), n, jitter)
		}
	}
	if onServer() >= n {
		t.Fatal("the kills came after the push ended: nothing was tested")
	}

	cmd := run()
	if err := cmd.Run(); err != nil {
		t.Fatalf("the sync after the kills: %v: %s", err, cmd.Stderr)
	}
	if out := cmd.Stdout.(*bytes.Buffer).String(); !strings.Contains(out, "synced with") {
		t.Errorf("the last sync said %q", out)
	}
	total := s.count("SELECT count(*) FROM shiplog.blocks WHERE member = 'ada' AND NOT deleted")
	distinct := s.count("SELECT count(DISTINCT (start_at, end_at)) FROM shiplog.blocks WHERE member = 'ada' AND NOT deleted")
	local, err := ada.svc.Blocks(tracker.BlockFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if total != n || distinct != n || len(local) != n {
		t.Errorf("the server holds %d blocks (%d distinct spans), the record %d; want %d each", total, distinct, len(local), n)
	}
	if st, err := ada.engine.Status(t.Context()); err != nil || st.Pending != 0 {
		t.Errorf("after the last sync: %+v, %v", st, err)
	}
}
