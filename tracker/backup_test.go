package tracker_test

import (
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

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
	if err := sqlite.CheckBackup(path); err != nil {
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
