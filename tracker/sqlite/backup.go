package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/atomicfile"
)

// Backup writes a consistent copy of the database to path with VACUUM INTO, which reads through
// SQLite and so includes what is still in the WAL. The copy goes through a temporary file that
// atomicfile creates 0600 first, since the record is private and VACUUM INTO would create it with
// the umask's permissions; it is synced and renamed into place, so it appears whole or not at all,
// replacing an older one.
func (s *Store) Backup(path string) error {
	return atomicfile.WriteVia(path, func(f *os.File) error {
		return s.db.Exec("VACUUM INTO ?", f.Name()).Error
	})
}

// CheckBackup checks that file is a whole Shiplog database this version can open: SQLite's
// integrity_check must say ok, and its schema must not be newer than this build's.
func CheckBackup(file string) error {
	st, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("check backup %s: %w", file, &tracker.NotFoundError{What: "file " + file})
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
		return fmt.Errorf("check backup %s: schema version %d, this shiplog knows up to %d: %w", file, v, SchemaVersion(), tracker.ErrSchemaTooNew)
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
		stem := strings.TrimSuffix(filepath.Base(dbPath), filepath.Ext(dbPath))
		kept = filepath.Join(dir, stem+"-before-restore-"+now.UTC().Format("20060102T150405Z")+".db")
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

// invalid is a tracker.FieldError with a formatted reason.
func invalid(field, format string, args ...any) error {
	return &tracker.FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
