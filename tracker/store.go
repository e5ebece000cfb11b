package tracker

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"
	"gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/schema"
)

// DefaultPath is where the database lives unless --db or SHIPLOG_DB say otherwise:
// $XDG_DATA_HOME/shiplog/shiplog.db, with XDG's fallback of ~/.local/share.
func DefaultPath() (string, error) {
	if p := os.Getenv("SHIPLOG_DB"); p != "" {
		return p, nil
	}
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" || !filepath.IsAbs(base) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the data directory: %w", err)
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "shiplog", "shiplog.db"), nil
}

// dsn builds the SQLite connection string. Each setting is there for a reason:
//   - _journal_mode=WAL lets the GUI, the CLI and the jobs read while one of them writes.
//   - _synchronous=FULL fsyncs the WAL on every commit, so an acknowledged write survives a power cut.
//   - _txlock=immediate takes the write lock at BEGIN; a deferred transaction that later upgrades can fail
//     with "database is locked" without waiting, which the busy timeout cannot cure.
//   - _busy_timeout makes a writer wait up to 15 s for another process's transaction instead of failing.
//   - _foreign_keys=on makes SQLite enforce the REFERENCES clauses of the schema.
//   - _loc=UTC returns stored times in UTC; they are written in UTC by the normaliser below, because
//     GORM would otherwise store the local offset and break range queries across DST.
func dsn(path string) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_txlock", "immediate")
	q.Set("_busy_timeout", "15000")
	q.Set("_foreign_keys", "on")
	q.Set("_loc", "UTC")
	return "file:" + path + "?" + q.Encode()
}

// Option adjusts how Open builds the service.
type Option func(*Service)

// WithClock injects the clock; the default is the system clock.
func WithClock(c Clock) Option { return func(s *Service) { s.clock = c } }

// Open opens (creating if needed) the database at path and migrates it to the current schema.
// A database written by a newer Shiplog is refused and left untouched.
func Open(path string, opts ...Option) (*Service, error) {
	s := &Service{clock: SystemClock, path: path}
	for _, o := range opts {
		o(s)
	}
	if err := prepareFile(path); err != nil {
		return nil, err
	}
	version, err := peekVersion(path)
	if err != nil {
		return nil, err
	}
	if version > len(migrations) {
		return nil, fmt.Errorf("open %s: schema version %d, this shiplog knows up to %d: %w",
			path, version, len(migrations), ErrSchemaTooNew)
	}
	db, err := gorm.Open(sqlite.Open(dsn(path)), &gorm.Config{
		Logger:         logger.Default.LogMode(logger.Silent),
		NowFunc:        func() time.Time { return utc(s.clock.Now()) },
		NamingStrategy: schema.NamingStrategy{},
		// Each service method opens its own transaction, so GORM's per-statement one is redundant.
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
	})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	// A few connections let the GUI read while a job writes; SQLite serialises the writers, and the
	// busy timeout makes them wait rather than fail.
	sqlDB.SetMaxOpenConns(4)
	sqlDB.SetConnMaxIdleTime(time.Minute)
	if err := registerUTC(db); err != nil {
		sqlDB.Close()
		return nil, err
	}
	s.db = db
	if err := s.migrate(version); err != nil {
		sqlDB.Close()
		return nil, err
	}
	return s, nil
}

// prepareFile makes the directory 0700 and the file 0600 before SQLite touches them, since the
// record of someone's working day is private.
func prepareFile(path string) error {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create data directory %s: %w", dir, err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open database %s: %w", path, err)
	}
	if st.IsDir() {
		return fmt.Errorf("open database %s: is a directory", path)
	}
	if st.Mode().Perm() != 0o600 {
		if err := f.Chmod(0o600); err != nil {
			return fmt.Errorf("restrict database %s to its owner: %w", path, err)
		}
	}
	return nil
}

// peekVersion reads the schema version through a read-only connection, so that a database from
// a newer Shiplog, or a file that is not a database, is not modified by opening it.
func peekVersion(path string) (int, error) {
	st, err := os.Stat(path)
	if err != nil {
		return 0, fmt.Errorf("open database %s: %w", path, err)
	}
	if st.Size() == 0 {
		return 0, nil
	}
	conn, err := sql.Open("sqlite3", "file:"+path+"?mode=ro&_busy_timeout=15000")
	if err != nil {
		return 0, fmt.Errorf("open database %s: %w", path, err)
	}
	defer conn.Close()
	var v int
	if err := conn.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return 0, unreadable(path, err)
	}
	if v == 0 {
		// An old-enough file may still hold tables from elsewhere; only an empty one is ours to create.
		var n int
		if err := conn.QueryRow("SELECT count(*) FROM sqlite_master").Scan(&n); err != nil {
			return 0, unreadable(path, err)
		}
		if n > 0 {
			return 0, fmt.Errorf("open database %s: not a Shiplog database (it has tables but no schema version): %w", path, ErrInvalid)
		}
	}
	return v, nil
}

// unreadable explains why the database could not be read. A full disk is not a damaged file (in WAL
// mode even a read must create the -shm file), so it says so: the fix is to free space, not to
// restore a backup.
func unreadable(path string, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) && se.SystemErrno == syscall.ENOSPC {
		return fmt.Errorf("open database %s: the disk is full; free some space and try again: %w", path, err)
	}
	return fmt.Errorf("open database %s: not a readable Shiplog database: %w", path, err)
}

// registerUTC installs a GORM callback that stores every time field in UTC, truncated to the second.
func registerUTC(db *gorm.DB) error {
	normalise := func(tx *gorm.DB) {
		if tx.Statement.Schema == nil {
			return
		}
		rv := tx.Statement.ReflectValue
		apply := func(v reflect.Value) {
			for _, f := range tx.Statement.Schema.Fields {
				switch f.FieldType {
				case reflect.TypeOf(time.Time{}):
					if t, zero := f.ValueOf(tx.Statement.Context, v); !zero {
						_ = f.Set(tx.Statement.Context, v, utc(t.(time.Time)))
					}
				case reflect.TypeOf(&time.Time{}):
					if t, zero := f.ValueOf(tx.Statement.Context, v); !zero && t.(*time.Time) != nil {
						_ = f.Set(tx.Statement.Context, v, utcPtr(t.(*time.Time)))
					}
				}
			}
		}
		switch rv.Kind() {
		case reflect.Slice, reflect.Array:
			for i := 0; i < rv.Len(); i++ {
				apply(reflect.Indirect(rv.Index(i)))
			}
		case reflect.Struct:
			apply(rv)
		}
	}
	if err := db.Callback().Create().Before("gorm:create").Register("shiplog:utc", normalise); err != nil {
		return err
	}
	return db.Callback().Update().Before("gorm:update").Register("shiplog:utc", normalise)
}

// Close closes the database.
func (s *Service) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Path is the database file.
func (s *Service) Path() string { return s.path }

// SchemaVersion is the number of migrations this build knows.
func SchemaVersion() int { return len(migrations) }

func (s *Service) migrate(from int) error {
	if from == len(migrations) {
		return nil
	}
	if from > 0 {
		// Keep a copy of the data as it was, in case a migration surprises someone.
		bak := fmt.Sprintf("%s.v%d.bak", s.path, from)
		_ = os.Remove(bak)
		if err := s.db.Exec("VACUUM INTO ?", bak).Error; err != nil {
			return fmt.Errorf("back up before migrating: %w", err)
		}
	}
	for v := from; v < len(migrations); v++ {
		err := s.db.Transaction(func(tx *gorm.DB) error {
			for _, stmt := range splitSQL(migrations[v]) {
				if err := tx.Exec(stmt).Error; err != nil {
					return fmt.Errorf("migration %d: %w", v+1, err)
				}
			}
			return tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", v+1)).Error
		})
		if err != nil {
			return fmt.Errorf("migrate %s: %w", s.path, err)
		}
	}
	return nil
}

func splitSQL(script string) []string {
	var out []string
	for _, stmt := range strings.Split(script, ";\n") {
		if strings.TrimSpace(stmt) != "" {
			out = append(out, stmt)
		}
	}
	return out
}

// notFound maps GORM's not-found to the tracker's.
func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &NotFoundError{What: what}
	}
	return err
}
