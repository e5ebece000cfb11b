package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

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

// CheckBackup checks that file is a whole Shiplog database this version can open: it must have
// Shiplog's tables and columns for its schema version (not just a version number, which any
// application may set), a schema not newer than this build's, and SQLite's integrity_check must
// say ok. It reads the file through SQLite, so a -wal file beside it is part of what is checked.
func CheckBackup(file string) error {
	st, err := os.Stat(file)
	if err != nil {
		return fmt.Errorf("check backup %s: %w", file, &tracker.NotFoundError{What: "file " + file})
	}
	if !st.Mode().IsRegular() || st.Size() == 0 {
		return fmt.Errorf("check backup %s: %w", file, invalid("file", "is not a database file"))
	}
	abs, err := filepath.Abs(file)
	if err != nil {
		return fmt.Errorf("check backup %s: %w", file, err)
	}
	conn, err := sql.Open("sqlite3", readOnlyURI(abs, !writable(filepath.Dir(abs)) && walSize(abs) == 0))
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
	if err := checkSchema(conn, v); err != nil {
		return fmt.Errorf("check backup %s: %w", file, err)
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

// Restore replaces the database at dbPath with the copy in file, and returns where it kept the
// database it replaced (empty if there was none); now names that kept file. No desktop app or
// daemon may have dbPath open: the caller takes their locks first (app/desktop).
//
// The copy is read through SQLite's online backup API, so what is restored is what CheckBackup
// checked, the backup's -wal included. A sound current database is first copied aside, then
// overwritten in place in one transaction: a crash at any moment leaves it whole, as it was or
// as restored, and a command that has it open sees the one or the other. A current database
// that cannot be read (the usual reason to restore) is moved aside with its WAL, and the copy,
// built and checked in a temporary file beside it, is renamed into its place.
func Restore(dbPath, file string, now time.Time) (kept string, err error) {
	if same, _ := atomicfile.SameFile(dbPath, file); same {
		return "", fmt.Errorf("restore %s: %w", file, invalid("file", "is the database itself"))
	}
	if err := CheckBackup(file); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	src, err := filepath.Abs(file)
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	t, err := locate(dbPath, Options{Mode: Write, emptyIsDamaged: true})
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	if _, err := prepareDir(t, Options{}); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	dir := filepath.Dir(t.file)
	stem := strings.TrimSuffix(filepath.Base(t.file), filepath.Ext(t.file))
	kept = filepath.Join(dir, stem+"-before-restore-"+now.UTC().Format("20060102T150405Z")+".db")
	srcURI := readOnlyURI(src, !writable(filepath.Dir(src)) && walSize(src) == 0)
	if !t.missing && sound(t.file) {
		if err := atomicfile.WriteVia(kept, func(f *os.File) error { return vacuumInto(t.file, f.Name()) }); err != nil {
			return "", fmt.Errorf("restore: keep the current database: %w", err)
		}
		if err := copyDatabase(dsn(t.file), srcURI); err != nil {
			return kept, fmt.Errorf("restore %s: nothing was changed: %w", file, err)
		}
		if err := CheckBackup(t.file); err != nil {
			return kept, fmt.Errorf("restore %s: the restored database fails its check (the previous one is kept at %s): %w", file, kept, err)
		}
		return kept, nil
	}
	// Build the copy beside the target, so that the final step is one rename on the same file system.
	f, err := os.CreateTemp(dir, atomicfile.TempPrefix+"restore-*.db")
	if err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		for _, s := range []string{"", "-wal", "-shm"} {
			os.Remove(tmp + s)
		}
	}()
	if err := copyDatabase(dsn(tmp), srcURI); err != nil {
		return "", fmt.Errorf("restore %s: %w", file, err)
	}
	if err := syncFile(tmp); err != nil {
		return "", fmt.Errorf("restore: %w", err)
	}
	if err := CheckBackup(tmp); err != nil {
		return "", fmt.Errorf("restore %s: the copy fails its check, nothing was changed: %w", file, err)
	}
	if t.missing {
		kept = ""
	} else {
		if err := os.Rename(t.file, kept); err != nil {
			return "", fmt.Errorf("restore: keep the current database: %w", err)
		}
		// The WAL holds committed pages not yet in the main file: it goes with the file it belongs
		// to. The shared-memory index is rebuilt from the WAL, so it is dropped.
		if err := os.Rename(t.file+"-wal", kept+"-wal"); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return "", fmt.Errorf("restore: keep the current WAL: %w", err)
		}
	}
	_ = os.Remove(t.file + "-shm")
	_ = os.Remove(t.file + "-wal")
	if err := os.Rename(tmp, t.file); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		return kept, fmt.Errorf("restore: %w", err)
	}
	return kept, nil
}

// sound reports whether the database file opens and passes SQLite's quick check, so that it can
// be copied aside and written in place.
func sound(file string) bool {
	db, err := sql.Open("sqlite3", dsn(file))
	if err != nil {
		return false
	}
	defer db.Close()
	var res string
	return db.QueryRow("PRAGMA quick_check").Scan(&res) == nil && res == "ok"
}

// vacuumInto writes a consistent copy of the database file, WAL included, into the empty file out.
func vacuumInto(file, out string) error {
	db, err := sql.Open("sqlite3", dsn(file))
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec("VACUUM INTO ?", out)
	return err
}

// backupBusyFor bounds how long a restore waits for other connections' transactions to end.
const backupBusyFor = 30 * time.Second

// copyDatabase copies the whole database at srcURI into the one at dstURI with SQLite's online
// backup API, in one step: one read transaction on the source (which includes its WAL) and one
// write transaction on the destination, which is either committed whole or not at all.
func copyDatabase(dstURI, srcURI string) error {
	src, err := sql.Open("sqlite3", srcURI)
	if err != nil {
		return err
	}
	defer src.Close()
	dst, err := sql.Open("sqlite3", dstURI)
	if err != nil {
		return err
	}
	defer dst.Close()
	ctx := context.Background()
	sc, err := src.Conn(ctx)
	if err != nil {
		return err
	}
	defer sc.Close()
	dc, err := dst.Conn(ctx)
	if err != nil {
		return err
	}
	defer dc.Close()
	return dc.Raw(func(d any) error {
		return sc.Raw(func(s any) error {
			b, err := d.(*sqlite3.SQLiteConn).Backup("main", s.(*sqlite3.SQLiteConn), "main")
			if err != nil {
				return err
			}
			deadline := time.Now().Add(backupBusyFor)
			for {
				done, err := b.Step(-1)
				if err != nil {
					b.Finish()
					return err
				}
				if done {
					return b.Finish()
				}
				// Busy: another connection holds a lock that the busy timeout did not outlast.
				if time.Now().After(deadline) {
					b.Finish()
					return fmt.Errorf("the database stayed busy for %s", backupBusyFor)
				}
				time.Sleep(100 * time.Millisecond)
			}
		})
	})
}

// invalid is a tracker.FieldError with a formatted reason.
func invalid(field, format string, args ...any) error {
	return &tracker.FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}
