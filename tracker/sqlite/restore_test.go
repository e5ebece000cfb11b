package sqlite_test

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// countProjects counts the projects in the database at path through a read-only connection.
func countProjects(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow("SELECT count(*) FROM projects").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRestoreIncludesTheBackupsWAL(t *testing.T) {
	dir := t.TempDir()
	// A backup taken by copying a live database: six projects committed, all still in its -wal.
	src := filepath.Join(dir, "src", "shiplog.db")
	svc, err := sqlite.OpenService(src)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 6 {
		mustProject(t, svc, fmt.Sprintf("P%d", i))
	}
	bak := filepath.Join(dir, "copy.db")
	for _, s := range []string{"", "-wal"} {
		b, err := os.ReadFile(src + s)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(bak+s, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	svc.Close()
	if st, _ := os.Stat(bak + "-wal"); st == nil || st.Size() == 0 {
		t.Fatal("the backup has no WAL; the test proves nothing")
	}
	if err := sqlite.CheckBackup(bak); err != nil {
		t.Fatal(err)
	}
	for _, live := range []string{"a sound database", "no database"} {
		t.Run("into "+live, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "shiplog.db")
			if live == "a sound database" {
				s, err := sqlite.OpenService(db)
				if err != nil {
					t.Fatal(err)
				}
				mustProject(t, s, "Before")
				s.Close()
			}
			if _, err := sqlite.Restore(db, bak, t0); err != nil {
				t.Fatal(err)
			}
			if n := countProjects(t, db); n != 6 {
				t.Fatalf("restored %d projects; the backup, with its WAL, has 6", n)
			}
		})
	}
}

func TestRestoreRefusesAnotherApplicationsDatabase(t *testing.T) {
	dir := t.TempDir()
	db := readOnlyFixture(t)
	before, _ := os.ReadFile(db)
	other := filepath.Join(dir, "other.db")
	conn, err := sql.Open("sqlite3", other)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"CREATE TABLE projects (id INTEGER PRIMARY KEY, title TEXT)", "CREATE TABLE photos (id INTEGER PRIMARY KEY)", "PRAGMA user_version = 1"} {
		if _, err := conn.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	conn.Close()
	_, err = sqlite.Restore(db, other, t0)
	if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), "not a Shiplog database") {
		t.Fatalf("err = %v; want a refusal", err)
	}
	if after, _ := os.ReadFile(db); !bytes.Equal(before, after) {
		t.Error("a refused restore changed the database")
	}
}

// TestRestoreKilledAtAnyMomentLeavesAWholeDatabase restores a large backup in a child process
// and kills it with SIGKILL at random moments: each time the database must pass its check and
// hold either all of the old data or all of the backup's.
func TestRestoreKilledAtAnyMomentLeavesAWholeDatabase(t *testing.T) {
	if db := os.Getenv("SHIPLOG_TEST_RESTORE_CHILD"); db != "" {
		if _, err := sqlite.Restore(db, os.Getenv("SHIPLOG_TEST_RESTORE_FROM"), time.Now()); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	if testing.Short() {
		t.Skip("kills child processes")
	}
	dir := t.TempDir()
	bak := filepath.Join(dir, "big.db")
	svc, err := sqlite.OpenService(bak)
	if err != nil {
		t.Fatal(err)
	}
	svc.Close()
	conn, err := sql.Open("sqlite3", bak)
	if err != nil {
		t.Fatal(err)
	}
	const big = 60000
	if _, err := conn.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO projects (name, created_at) SELECT 'project ' || i || ' ' || hex(randomblob(40)), '2026-11-25 08:00:00+00:00' FROM n`, big); err != nil {
		t.Fatal(err)
	}
	conn.Close()
	db := filepath.Join(dir, "live", "shiplog.db")
	s, err := sqlite.OpenService(db)
	if err != nil {
		t.Fatal(err)
	}
	mustProject(t, s, "The only one")
	s.Close()

	child := func() *exec.Cmd {
		c := exec.Command(os.Args[0], "-test.run=^TestRestoreKilledAtAnyMomentLeavesAWholeDatabase$")
		c.Env = append(os.Environ(), "SHIPLOG_TEST_RESTORE_CHILD="+db, "SHIPLOG_TEST_RESTORE_FROM="+bak)
		return c
	}
	// Time one whole restore, then undo it by restoring the kept file, to spread the kills over its life.
	t1 := time.Now()
	if out, err := child().CombinedOutput(); err != nil {
		t.Fatalf("restore: %v %s", err, out)
	}
	span := time.Since(t1)
	if n := countProjects(t, db); n != big {
		t.Fatalf("a whole restore gave %d projects, want %d", n, big)
	}
	rng := rand.New(rand.NewPCG(7, 14))
	killed, whole, old, restored := 0, 0, 0, 0
	for i := range 12 {
		c := child()
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(span)))) // when the kill lands, not what the test waits for
		_ = c.Process.Kill()
		if c.Wait() != nil {
			killed++
		}
		if err := sqlite.CheckBackup(db); err != nil {
			t.Fatalf("kill %d: the database fails its check: %v", i, err)
		}
		switch n := countProjects(t, db); n {
		case 1:
			old++
		case big:
			restored++
		default:
			t.Fatalf("kill %d: %d projects, neither the old 1 nor the backup's %d", i, n, big)
		}
		whole++
		// Back to the one-project database for the next kill, when the restore got through.
		if countProjects(t, db) == big {
			small := filepath.Join(dir, fmt.Sprintf("small-%d.db", i))
			sv, err := sqlite.OpenService(small)
			if err != nil {
				t.Fatal(err)
			}
			mustProject(t, sv, "The only one")
			sv.Close()
			if _, err := sqlite.Restore(db, small, time.Now()); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("12 restores, %d killed before they finished: the database was whole every time (%d old, %d restored); one restore takes %v",
		killed, old, restored, span.Round(time.Millisecond))
}
