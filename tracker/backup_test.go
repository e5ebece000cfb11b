package tracker_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
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
	if err := tracker.CheckBackup(dbPath); err == nil {
		t.Fatal("the corrupted file passes the integrity check; the test corrupts nothing")
	}

	kept, err := tracker.Restore(dbPath, bak, clock.Now())
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

	restored, err := tracker.Open(dbPath, tracker.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	got := snapshot(t, restored)
	if !equalJSON(t, got, want) {
		t.Fatalf("restored data differs:\n got %+v\nwant %+v", got, want)
	}
	if err := tracker.CheckBackup(dbPath); err != nil {
		t.Fatalf("the restored database fails its check: %v", err)
	}
}

func TestRestoreRefusesABadFile(t *testing.T) {
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "shiplog.db")
	svc, err := tracker.Open(dbPath, tracker.WithClock(clockwork.NewFakeClockAt(t0)))
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
			if _, err := tracker.Restore(dbPath, tt.file, t0); !errors.Is(err, tt.want) {
				t.Fatalf("err = %v, want %v", err, tt.want)
			}
			after, _ := os.ReadFile(dbPath)
			if !bytes.Equal(before, after) {
				t.Fatal("a refused restore changed the database")
			}
		})
	}
}

func TestDailyBackupRotationKeepsSevenDailyAndFourWeekly(t *testing.T) {
	svc, _ := mustOpen(t)
	if err := svc.SetSetting("timezone", "UTC"); err != nil {
		t.Fatal(err)
	}
	dbPath := svc.Path()
	// Sixty days of daily backups, from Sunday 27 September to Wednesday 25 November 2026.
	start := time.Date(2026, 9, 27, 3, 0, 0, 0, time.UTC)
	for d := 0; d < 60; d++ {
		day := tracker.DateOf(start.AddDate(0, 0, d), time.UTC)
		// Older copies are made by hand: the service's clock only moves forward, from t0.
		if err := os.WriteFile(tracker.DailyBackupPath(dbPath, day), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	other := filepath.Join(filepath.Dir(dbPath), "shiplog-backup-manual.db")
	if err := os.WriteFile(other, []byte("x"), 0o600); err != nil {
		t.Fatal(err)
	}
	path, removed, err := svc.DailyBackup()
	if err != nil {
		t.Fatal(err)
	}
	if want := tracker.DailyBackupPath(dbPath, "2026-11-25"); path != want {
		t.Fatalf("path = %s, want %s", path, want)
	}
	if err := tracker.CheckBackup(path); err != nil {
		t.Fatalf("today's copy was not replaced by a real backup: %v", err)
	}
	files, err := tracker.Backups(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range files {
		got = append(got, string(f.Day))
	}
	sort.Strings(got)
	want := []string{
		// The newest copy of each of the four ISO weeks before the daily ones: W43 to W46, each ending
		// on a Sunday. 16 to 18 November are in W47, which the daily copies already cover.
		"2026-10-25", "2026-11-01", "2026-11-08", "2026-11-15",
		// Seven daily copies: 19 to 25 November.
		"2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25",
	}
	if !equalJSON(t, got, want) {
		t.Fatalf("kept %v\nwant %v", got, want)
	}
	if len(removed) != 60-len(want) { // the sixty include today's, which was replaced
		t.Errorf("removed %d files, want %d", len(removed), 60-len(want))
	}
	if _, err := os.Stat(other); err != nil {
		t.Errorf("rotation touched a file that is not a dated copy: %v", err)
	}
	if _, err := os.Stat(dbPath); err != nil {
		t.Errorf("rotation touched the database: %v", err)
	}
}

func TestKeepBackupsTable(t *testing.T) {
	files := func(days ...string) []tracker.BackupFile {
		var fs []tracker.BackupFile
		for _, d := range days {
			fs = append(fs, tracker.BackupFile{Path: d, Day: tracker.Date(d)})
		}
		return fs
	}
	tests := []struct {
		name  string
		files []tracker.BackupFile
		want  []string
	}{
		{"fewer than seven are all kept", files("2026-11-25", "2026-11-24"), []string{"2026-11-25", "2026-11-24"}},
		{"gaps in the dailies still keep the newest seven files",
			files("2026-11-25", "2026-11-20", "2026-11-10", "2026-11-01", "2026-10-20", "2026-10-10", "2026-10-01", "2026-09-20"),
			[]string{"2026-11-25", "2026-11-20", "2026-11-10", "2026-11-01", "2026-10-20", "2026-10-10", "2026-10-01", "2026-09-20"}},
		{"two old copies in one week keep only the newer",
			files("2026-11-25", "2026-11-24", "2026-11-23", "2026-11-22", "2026-11-21", "2026-11-20", "2026-11-19",
				"2026-11-13", "2026-11-10", "2026-11-03"),
			[]string{"2026-11-25", "2026-11-24", "2026-11-23", "2026-11-22", "2026-11-21", "2026-11-20", "2026-11-19", "2026-11-13", "2026-11-03"}},
		{"an old copy in a week the dailies cover is dropped",
			files("2026-11-25", "2026-11-24", "2026-11-23", "2026-11-22", "2026-11-21", "2026-11-20", "2026-11-19",
				"2026-11-18", "2026-11-12"),
			[]string{"2026-11-25", "2026-11-24", "2026-11-23", "2026-11-22", "2026-11-21", "2026-11-20", "2026-11-19", "2026-11-12"}},
		{"no more than four weekly copies",
			files("2026-11-25", "2026-11-18", "2026-11-11", "2026-11-04", "2026-10-28", "2026-10-21", "2026-10-14",
				"2026-10-07", "2026-09-30", "2026-09-23", "2026-09-16", "2026-09-09", "2026-09-02"),
			[]string{"2026-11-25", "2026-11-18", "2026-11-11", "2026-11-04", "2026-10-28", "2026-10-21", "2026-10-14",
				"2026-10-07", "2026-09-30", "2026-09-23", "2026-09-16"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keep := tracker.KeepBackups(tt.files, 7, 4)
			var got []string
			for _, f := range tt.files {
				if keep[f.Path] {
					got = append(got, f.Path)
				}
			}
			if !equalJSON(t, got, tt.want) {
				t.Fatalf("kept %v, want %v", got, tt.want)
			}
		})
	}
}
