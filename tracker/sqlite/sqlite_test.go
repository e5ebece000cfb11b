package sqlite_test

import (
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

func TestOpenCreatesAPrivateFileInAPrivateDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "xdg", "shiplog")
	path := filepath.Join(dir, "shiplog.db")
	svc, err := sqlite.OpenService(path)
	if err != nil {
		t.Fatal(err)
	}
	mustProject(t, svc, "A") // make SQLite write the WAL too
	svc.Close()
	for p, want := range map[string]os.FileMode{dir: 0o700, path: 0o600} {
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := st.Mode().Perm(); got != want {
			t.Errorf("%s has mode %o, want %o", p, got, want)
		}
	}
}

func TestOpenTightensALooseFileMode(t *testing.T) {
	path := readOnlyFixture(t)
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	svc, err := sqlite.OpenService(path)
	if err != nil {
		t.Fatal(err)
	}
	svc.Close()
	st, _ := os.Stat(path)
	if st.Mode().Perm() != 0o600 {
		t.Errorf("mode %o, want 0600", st.Mode().Perm())
	}
}

func TestOpenSetsTheDurabilityPragmas(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "A")
	db, err := sql.Open("sqlite3", "file:"+svc.Path()+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var mode string
	if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q (%v), want wal", mode, err)
	}
	var v int
	if err := db.QueryRow("PRAGMA user_version").Scan(&v); err != nil || v != sqlite.SchemaVersion() {
		t.Errorf("user_version = %d, want %d", v, sqlite.SchemaVersion())
	}
}

func TestANewerSchemaIsRefusedAndLeftUntouched(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	svc, err := sqlite.OpenService(path)
	if err != nil {
		t.Fatal(err)
	}
	svc.Close()
	db, _ := sql.Open("sqlite3", "file:"+path)
	if _, err := db.Exec("PRAGMA user_version = 999"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	before, _ := os.ReadFile(path)

	_, err = sqlite.OpenService(path)
	if !errors.Is(err, tracker.ErrSchemaTooNew) {
		t.Fatalf("got %v, want ErrSchemaTooNew", err)
	}
	if !strings.Contains(err.Error(), "999") {
		t.Errorf("the message does not name the version: %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(before) != string(after) {
		t.Error("opening changed the newer database")
	}
}

func TestAFileThatIsNotADatabaseIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s.db")
	os.WriteFile(path, []byte("SQLite format 3\x00 but truncated garbage"), 0o600)
	if _, err := sqlite.OpenService(path); err == nil {
		t.Fatal("a truncated file opened without error")
	}
}

func TestTimesAreStoredInUTC(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "A")
	berlin, _ := time.LoadLocation("Europe/Berlin")
	start := time.Date(2026, 11, 25, 9, 0, 0, 0, berlin)
	end := start.Add(90 * time.Minute)
	if _, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "A", Start: start, End: &end}); err != nil {
		t.Fatal(err)
	}
	db, _ := sql.Open("sqlite3", "file:"+svc.Path()+"?mode=ro")
	defer db.Close()
	var raw string
	if err := db.QueryRow("SELECT CAST(start_at AS TEXT) FROM blocks").Scan(&raw); err != nil {
		t.Fatal(err)
	}
	if raw != "2026-11-25 08:00:00+00:00" {
		t.Errorf("stored %q, want the UTC instant 2026-11-25 08:00:00+00:00", raw)
	}
}

func TestAFailedWriteKeepsNothing(t *testing.T) {
	st, _ := mustStore(t)
	boom := errors.New("boom")
	err := st.Write(func(tx tracker.Tx) error {
		if err := tx.CreateProject(&tracker.Project{Name: "A"}); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v, want fn's error", err)
	}
	_ = st.Read(func(tx tracker.Tx) error {
		if _, err := tx.FindProject("A"); !errors.Is(err, tracker.ErrNotFound) {
			t.Errorf("the failed write's project is there: %v", err)
		}
		return nil
	})
}

func TestAReadSeesOneSnapshotAndBlocksNoWriter(t *testing.T) {
	st, _ := mustStore(t)
	count := func(tx tracker.Tx) int {
		ps, err := tx.ListProjects(true)
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}
	err := st.Read(func(tx tracker.Tx) error {
		before := count(tx)
		// A writer commits while the read is open; the read keeps its view.
		write(t, st, func(w tracker.Tx) error { return w.CreateProject(&tracker.Project{Name: "During"}) })
		if after := count(tx); after != before {
			t.Errorf("the read saw %d projects, then %d", before, after)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Read(func(tx tracker.Tx) error {
		if n := count(tx); n != 1 {
			t.Errorf("%d projects after the read, want the writer's", n)
		}
		return nil
	})
}

func TestAWriteInsideAReadIsNotKept(t *testing.T) {
	st, _ := mustStore(t)
	err := st.Read(func(tx tracker.Tx) error { return tx.CreateProject(&tracker.Project{Name: "Inside the read"}) })
	if err != nil {
		t.Fatal(err)
	}
	_ = st.Read(func(tx tracker.Tx) error {
		if _, err := tx.FindProject("Inside the read"); !errors.Is(err, tracker.ErrNotFound) {
			t.Errorf("the write inside the read was kept: %v", err)
		}
		return nil
	})
}
