package sqlite_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// backupSnapshot is the data the restore test compares: enough rows of enough kinds to notice loss.
type backupSnapshot struct {
	Projects     []tracker.Project
	Deliverables []tracker.Deliverable
	Requests     []tracker.Request
	Decisions    []tracker.Decision
	Settings     []tracker.KV
}

func snapshot(t *testing.T, svc *tracker.Service) backupSnapshot {
	t.Helper()
	var s backupSnapshot
	var err error
	if s.Projects, err = svc.Projects(true); err != nil {
		t.Fatal(err)
	}
	if s.Deliverables, err = svc.Deliverables(tracker.DeliverableFilter{}); err != nil {
		t.Fatal(err)
	}
	if s.Requests, err = svc.Requests(tracker.RequestFilter{}); err != nil {
		t.Fatal(err)
	}
	if s.Decisions, err = svc.Decisions(); err != nil {
		t.Fatal(err)
	}
	if s.Settings, err = svc.Settings(); err != nil {
		t.Fatal(err)
	}
	return s
}

func fillForBackup(t *testing.T, svc *tracker.Service) {
	t.Helper()
	mustProject(t, svc, "Shiplog")
	for _, title := range []string{"Backups", "Restore", "Rotation"} {
		if _, err := svc.Ship(tracker.ShipInput{Title: title, Project: "Shiplog", Link: "https://example.com/" + title}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.AddRequest(tracker.Request{Subject: "Can we restore?", Priority: tracker.PriorityUrgent}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ProposeDecision(tracker.Decision{Title: "Keep 7 daily backups"}); err != nil {
		t.Fatal(err)
	}
	if err := svc.SetSetting("timezone", "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
}

func TestBackupCorruptRestoreGivesIdenticalData(t *testing.T) {
	svc, clock := mustOpen(t)
	fillForBackup(t, svc)
	want := snapshot(t, svc)
	dbPath := svc.Path()
	bak := filepath.Join(t.TempDir(), "copy.db")
	if err := svc.Backup(bak); err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(bak); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("backup file: %v, mode %v; want 0600", err, st.Mode())
	}
	if err := svc.Backup(bak); !errors.Is(err, tracker.ErrConflict) {
		t.Fatalf("second backup to the same file: err = %v, want ErrConflict", err)
	}
	// A write after the backup must not survive the restore.
	if _, err := svc.AddRequest(tracker.Request{Subject: "after the backup", Priority: tracker.PriorityFYI}); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	// Corrupt the live file: overwrite its pages after the header with noise.
	raw, err := os.ReadFile(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	for i := 100; i < len(raw); i++ {
		raw[i] = byte(i * 7)
	}
	if err := os.WriteFile(dbPath, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := sqlite.CheckBackup(dbPath); err == nil {
		t.Fatal("the corrupted file passes the integrity check; the test corrupts nothing")
	}

	kept, err := sqlite.Restore(dbPath, bak, clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if kept == "" || filepath.Dir(kept) != filepath.Dir(dbPath) {
		t.Fatalf("kept = %q, want a file beside the database", kept)
	}
	keptRaw, err := os.ReadFile(kept)
	if err != nil || !bytes.Equal(keptRaw, raw) {
		t.Fatalf("the previous database was not kept as it was (err %v)", err)
	}
	for _, suffix := range []string{"-wal", "-shm"} {
		if _, err := os.Stat(dbPath + suffix); err == nil {
			t.Errorf("%s of the old database is still beside the restored one", suffix)
		}
	}

	restored, err := sqlite.OpenService(dbPath, tracker.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	got := snapshot(t, restored)
	if !equalJSON(t, got, want) {
		t.Fatalf("restored data differs:\n got %+v\nwant %+v", got, want)
	}
	if err := sqlite.CheckBackup(dbPath); err != nil {
		t.Fatalf("the restored database fails its check: %v", err)
	}
}

func TestRestoreRefusesABadFile(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "shiplog.db")
	svc, err := sqlite.OpenService(dbPath, tracker.WithClock(clockwork.NewFakeClockAt(t0)))
	if err != nil {
		t.Fatal(err)
	}
	fillForBackup(t, svc)
	good := filepath.Join(dir, "good.db")
	if err := svc.Backup(good); err != nil {
		t.Fatal(err)
	}
	svc.Close()
	before, _ := os.ReadFile(dbPath)

	garbage := filepath.Join(dir, "garbage.db")
	if err := os.WriteFile(garbage, []byte("not a database at all, just text that is long enough"), 0o600); err != nil {
		t.Fatal(err)
	}
	corrupt := filepath.Join(dir, "corrupt.db")
	raw, _ := os.ReadFile(good)
	for i := 4096; i < len(raw); i++ {
		raw[i] ^= 0x5a
	}
	if err := os.WriteFile(corrupt, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		file string
		want error
	}{
		{"a missing file is not found", filepath.Join(dir, "missing.db"), tracker.ErrNotFound},
		{"a text file is invalid", garbage, tracker.ErrInvalid},
		{"a file with damaged pages is invalid", corrupt, tracker.ErrInvalid},
		{"the database itself is invalid", dbPath, tracker.ErrInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := sqlite.Restore(dbPath, tt.file, t0); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			after, _ := os.ReadFile(dbPath)
			if !bytes.Equal(before, after) {
				t.Fatal("a refused restore changed the database")
			}
		})
	}
}
