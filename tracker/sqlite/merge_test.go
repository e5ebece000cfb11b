package sqlite

import (
	"bufio"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
)

// mergeNow is the clock of the merge tests; their blocks end before it.
var mergeNow = time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)

// manyBlocks are n ten-minute blocks a minute apart before mergeNow, each with its own key, in
// two projects that the import creates.
func manyBlocks(n int) []tracker.ImportBlock {
	start := mergeNow.Add(-time.Duration(n+1) * 11 * time.Minute)
	out := make([]tracker.ImportBlock, n)
	for i := range out {
		s := start.Add(time.Duration(i) * 11 * time.Minute)
		e := s.Add(10 * time.Minute)
		out[i] = tracker.ImportBlock{Ref: fmt.Sprintf("line %d", i+2), SourceKey: fmt.Sprintf("test:%d", i),
			Block:        tracker.Block{Project: fmt.Sprintf("Imported %d", i%2), Kind: tracker.KindDeep, Start: s, End: &e},
			Deliverables: []string{"Task"}, CreateDeliverable: true}
	}
	return out
}

// counts reads what an import leaves behind: blocks, projects, deliverables and journal rows.
func counts(t *testing.T, db string) [4]int {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro&_busy_timeout=15000")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var c [4]int
	if err := conn.QueryRow(`SELECT (SELECT count(*) FROM blocks), (SELECT count(*) FROM projects),
		(SELECT count(*) FROM deliverables), (SELECT count(*) FROM import_journal)`).Scan(&c[0], &c[1], &c[2], &c[3]); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAMergeThatFailsTakesItsBlocksOutAgain(t *testing.T) {
	for _, failAt := range []int{1, 3} {
		t.Run(fmt.Sprintf("failing after transaction %d", failAt), func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "s.db")
			svc, err := OpenService(db, tracker.WithClock(clockwork.NewFakeClockAt(mergeNow)))
			if err != nil {
				t.Fatal(err)
			}
			defer svc.Close()
			txs := 0
			mergeHook = func(int) error {
				if txs++; txs == failAt {
					return errors.New("the disk is full")
				}
				return nil
			}
			defer func() { mergeHook = nil }()
			_, err = svc.ImportBlocks(manyBlocks(20_000), tracker.ImportOptions{})
			if err == nil || !strings.Contains(err.Error(), "the disk is full; nothing was imported") {
				t.Fatalf("got %v", err)
			}
			if c := counts(t, db); c != [4]int{} {
				t.Errorf("left behind %d blocks, %d projects, %d deliverables, %d journal rows", c[0], c[1], c[2], c[3])
			}
			mergeHook = nil
			res, err := svc.ImportBlocks(manyBlocks(20_000), tracker.ImportOptions{})
			if err != nil || res.Added != 20_000 {
				t.Fatalf("the import again: %v, added %d", err, res.Added)
			}
			if c := counts(t, db); c != [4]int{20_000, 2, 2, 0} {
				t.Errorf("got %d blocks, %d projects, %d deliverables, %d journal rows", c[0], c[1], c[2], c[3])
			}
		})
	}
}

// TestImportChild is the process that TestAnImportKilledWhileItMergesLeavesAllOrNone kills: it
// imports into the database SHIPLOG_IMPORT_CHILD and says "merging" after the first merge
// transaction.
func TestImportChild(t *testing.T) {
	db := os.Getenv("SHIPLOG_IMPORT_CHILD")
	if db == "" {
		t.Skip("run by TestAnImportKilledWhileItMergesLeavesAllOrNone")
	}
	svc, err := OpenService(db, tracker.WithClock(clockwork.NewFakeClockAt(mergeNow)))
	if err != nil {
		t.Fatal(err)
	}
	said := false
	mergeHook = func(int) error {
		if !said {
			fmt.Println("merging")
			said = true
		}
		return nil
	}
	if _, err := svc.ImportBlocks(manyBlocks(60_000), tracker.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	fmt.Println("imported")
}

// TestAnImportKilledWhileItMergesLeavesAllOrNone kills an importing process with SIGKILL at a
// random moment of its merge, several times: the next open of the database must find every block
// of the file or none, and no project, deliverable or journal row of a killed import.
func TestAnImportKilledWhileItMergesLeavesAllOrNone(t *testing.T) {
	if testing.Short() {
		t.Skip("runs and kills an import of 60,000 blocks several times")
	}
	rng := rand.New(rand.NewPCG(13, 2026))
	none, all := 0, 0
	for i := range 4 {
		db := filepath.Join(t.TempDir(), "s.db")
		cmd := exec.Command(os.Args[0], "-test.run=^TestImportChild$")
		cmd.Env = append(os.Environ(), "SHIPLOG_IMPORT_CHILD="+db)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		lines := bufio.NewScanner(out)
		for lines.Scan() && lines.Text() != "merging" {
		}
		// The kill lands at a random moment of the merge's next few seconds: inside a transaction,
		// between two, or in the checkpoint after one. Waiting is the point here.
		time.Sleep(time.Duration(rng.Int64N(int64(1500 * time.Millisecond))))
		if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		_ = cmd.Wait()
		before := counts(t, db)
		st, err := Open(db)
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
		after := counts(t, db)
		switch after {
		case [4]int{}:
			none++
		case [4]int{60_000, 2, 2, 0}:
			all++
		default:
			t.Errorf("kill %d: %d blocks, %d projects, %d deliverables, %d journal rows after the next open", i, after[0],
				after[1], after[2], after[3])
		}
		t.Logf("kill %d: %d blocks and %d journal rows at the kill, %d blocks after the next open", i, before[0], before[3], after[0])
		if _, err := os.Stat(stagePath(db)); err == nil {
			t.Errorf("kill %d: the next open left the stage", i)
		}
	}
	if none == 0 {
		t.Error("no kill landed inside the merge; the test proves nothing")
	}
}
