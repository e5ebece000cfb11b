package tracker

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
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

// Backup writes a consistent copy of the database to path with VACUUM INTO, which reads through
// SQLite and so includes what is still in the WAL. An existing file is refused rather than replaced.
func (s *Service) Backup(path string) error {
	if strings.TrimSpace(path) == "" {
		return fmt.Errorf("back up: %w", invalid("out", "must not be empty"))
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	if same, _ := sameFile(abs, s.path); same {
		return fmt.Errorf("back up to %s: %w", path, invalid("out", "is the database itself"))
	}
	if _, err := os.Stat(abs); err == nil {
		return fmt.Errorf("back up to %s: %w", path, &ConflictError{Msg: "the file already exists"})
	}
	if err := s.vacuumInto(abs); err != nil {
		return fmt.Errorf("back up to %s: %w", path, err)
	}
	return nil
}

// vacuumInto writes the copy atomically through a temporary file that atomicfile creates 0600
// first, since the record is private and VACUUM INTO would create it with the umask's permissions.
// The copy appears whole or not at all, and is synced before it is renamed into place.
func (s *Service) vacuumInto(path string) error {
	return atomicfile.WriteVia(path, func(f *os.File) error {
		return s.db.Exec("VACUUM INTO ?", f.Name()).Error
	})
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
	path = DailyBackupPath(s.path, DateOf(s.clock.Now(), cfg.Location()))
	if err := s.vacuumInto(path); err != nil {
		return "", nil, fmt.Errorf("daily backup to %s: %w", path, err)
	}
	removed, err = RotateBackups(s.path, KeepDailyBackups, KeepWeeklyBackups)
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

// CheckBackup checks that file is a whole Shiplog database this version can open: SQLite's
// integrity_check must say ok, and its schema must not be newer than this build's.
func CheckBackup(file string) error {
	st, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("check backup %s: %w", file, &NotFoundError{What: "file " + file})
	}
	if !st.Mode().IsRegular() || st.Size() == 0 {
		return fmt.Errorf("check backup %s: %w", file, invalid("file", "is not a database file"))
	}
	conn, err := sql.Open("sqlite3", "file:"+file+"?mode=ro&_busy_timeout=15000")
	if err != nil {
		return fmt.Errorf("check backup %s: %w", file, err)
	}
	defer conn.Close()
	var v int
	if err := conn.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("check backup %s: %w", file, invalid("file", "is not a readable database: %v", err))
	}
	if v == 0 {
		return fmt.Errorf("check backup %s: %w", file, invalid("file", "is not a Shiplog database"))
	}
	if v > SchemaVersion() {
		return fmt.Errorf("check backup %s: schema version %d, this shiplog knows up to %d: %w", file, v, SchemaVersion(), ErrSchemaTooNew)
	}
	rows, err := conn.Query("PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("check backup %s: %w", file, invalid("file", "integrity check failed: %v", err))
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return fmt.Errorf("check backup %s: %w", file, err)
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("check backup %s: %w", file, invalid("file", "integrity check failed: %v", err))
	}
	if len(problems) > 0 {
		if len(problems) > 3 {
			problems = append(problems[:3], "...")
		}
		return fmt.Errorf("check backup %s: %w", file, invalid("file", "integrity check failed: %s", strings.Join(problems, "; ")))
	}
	return nil
}

// Restore replaces the database at dbPath with the copy in file. Every Service on dbPath must be
// closed first, in this and any other process. It checks the copy first, then keeps the current
// database beside it (renamed, with its WAL, so nothing is lost even if it cannot be read) and
// returns that kept path, which is empty if there was no database. now names the kept file.
func Restore(dbPath, file string, now time.Time) (kept string, err error) {
	if same, _ := sameFile(dbPath, file); same {
		return "", fmt.Errorf("restore %s: %w", file, invalid("file", "is the database itself"))
	}
	if err := CheckBackup(file); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	dir := filepath.Dir(dbPath)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	// Copy first, beside the target, so that the final step is one rename on the same file system.
	tmp := dbPath + ".restore-tmp"
	if err := copyFile(file, tmp); err != nil {
		os.Remove(tmp)
		return "", fmt.Errorf("restore %s: %w", file, err)
	}
	if _, err := os.Stat(dbPath); err == nil {
		kept = filepath.Join(dir, backupStem(dbPath)+"-before-restore-"+now.UTC().Format("20060102T150405Z")+".db")
		if err := os.Rename(dbPath, kept); err != nil {
			os.Remove(tmp)
			return "", fmt.Errorf("restore: keep the current database: %w", err)
		}
		// The WAL holds committed pages not yet in the main file: it goes with the file it belongs
		// to. The shared-memory index is rebuilt from the WAL, so it is dropped.
		if err := os.Rename(dbPath+"-wal", kept+"-wal"); err != nil && !errors.Is(err, fs.ErrNotExist) {
			os.Remove(tmp)
			return "", fmt.Errorf("restore: keep the current WAL: %w", err)
		}
	}
	_ = os.Remove(dbPath + "-shm")
	_ = os.Remove(dbPath + "-wal")
	if err := os.Rename(tmp, dbPath); err != nil {
		os.Remove(tmp)
		return kept, fmt.Errorf("restore: %w", err)
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	return kept, nil
}

// copyFile copies src to a new file dst with owner-only permissions and syncs it.
func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

func sameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
