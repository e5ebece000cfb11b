package tracker

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"

	"shiplog/tracker/atomicfile"
)

// Backup rotation: how many of the newest daily copies to keep, and how many older weekly ones
// (the newest copy of each of the weeks before those).
const (
	KeepDailyBackups  = 7
	KeepWeeklyBackups = 4
)

// Backup writes a consistent copy of the record to path, which includes what the store has not
// yet folded into its main file. An existing file is refused rather than replaced.
func (s *Service) Backup(path string) error {
	if strings.TrimSpace(path) == "" {
		return fmt.Errorf("back up: %w", invalid("out", "must not be empty"))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	if same, _ := atomicfile.SameFile(abs, s.store.Path()); same {
		return fmt.Errorf("back up to %s: %w", path, invalid("out", "is the database itself"))
	}
	if _, err := os.Stat(abs); err == nil {
		return fmt.Errorf("back up to %s: %w", path, &ConflictError{Msg: "the file already exists"})
	}
	if err := s.store.Backup(abs); err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	return nil
}

// DailyBackupPath is where the daily copy of the database at dbPath for day goes: beside it,
// named like "shiplog-backup-2026-11-25.db".
func DailyBackupPath(dbPath string, day Date) string {
	return filepath.Join(filepath.Dir(dbPath), backupStem(dbPath)+"-backup-"+string(day)+".db")
}

func backupStem(dbPath string) string {
	base := filepath.Base(dbPath)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// DailyBackup writes today's dated copy beside the database, replacing one made earlier today,
// then rotates the copies. It returns the copy's path and the copies it removed.
func (s *Service) DailyBackup() (path string, removed []string, err error) {
	cfg, err := s.Config()
	if err != nil {
		return "", nil, err
	}
	path = DailyBackupPath(s.store.Path(), DateOf(s.clock.Now(), cfg.Location()))
	if err := s.store.Backup(path); err != nil {
		return "", nil, fmt.Errorf("daily backup to %s: %w", path, err)
	}
	removed, err = RotateBackups(s.store.Path(), KeepDailyBackups, KeepWeeklyBackups)
	return path, removed, err
}

// BackupFile is one dated copy found beside the database.
type BackupFile struct {
	Path string
	Day  Date
}

// Backups lists the dated copies beside the database at dbPath, newest first.
func Backups(dbPath string) ([]BackupFile, error) {
	dir := filepath.Dir(dbPath)
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list backups: %w", err)
	}
	re := regexp.MustCompile(`^` + regexp.QuoteMeta(backupStem(dbPath)) + `-backup-(\d{4}-\d{2}-\d{2})\.db$`)
	var out []BackupFile
	for _, e := range entries {
		m := re.FindStringSubmatch(e.Name())
		if m == nil || !e.Type().IsRegular() {
			continue
		}
		if _, err := time.Parse(time.DateOnly, m[1]); err != nil {
			continue
		}
		out = append(out, BackupFile{Path: filepath.Join(dir, e.Name()), Day: Date(m[1])})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Day > out[j].Day })
	return out, nil
}

// RotateBackups keeps the newest daily copies and, for the most recent ISO weeks older than those,
// the newest copy of each week; it removes the rest and returns what it removed. Files that
// are not dated copies, such as a backup written with --out, are never touched.
func RotateBackups(dbPath string, daily, weekly int) ([]string, error) {
	files, err := Backups(dbPath)
	if err != nil {
		return nil, err
	}
	keep := KeepBackups(files, daily, weekly)
	var removed []string
	for _, f := range files {
		if keep[f.Path] {
			continue
		}
		if err := os.Remove(f.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return removed, fmt.Errorf("rotate backups: %w", err)
		}
		removed = append(removed, f.Path)
	}
	return removed, nil
}

// KeepBackups decides which of files (newest first) rotation keeps.
func KeepBackups(files []BackupFile, daily, weekly int) map[string]bool {
	keep := map[string]bool{}
	// A week that already has a daily copy needs no weekly one, so that the weekly copies reach
	// further back.
	covered := map[[2]int]bool{}
	kept := 0
	for i, f := range files {
		t, err := time.Parse(time.DateOnly, string(f.Day))
		if err != nil {
			continue
		}
		y, w := t.ISOWeek()
		k := [2]int{y, w}
		switch {
		case i < daily:
			keep[f.Path] = true
			covered[k] = true
		case !covered[k] && kept < weekly:
			keep[f.Path] = true
			covered[k] = true
			kept++
		}
	}
	return keep
}
