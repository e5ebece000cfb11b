// Package sqlite keeps Shiplog's record in one SQLite file through GORM: it implements
// tracker.Store, and nothing else in the program opens the database or writes SQL.
//
// One file holds each kind of record (project.go, block.go, …) with its row type: the tracker's
// entities carry no storage tags, so each row type maps its entity onto the columns of the schema
// in migrations.go. report.go and import.go hold the bulk read and write paths, which bypass GORM
// where its per-row reflection was the cost.
package sqlite

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"syscall"
	"time"

	"github.com/mattn/go-sqlite3"
	gormsqlite "gorm.io/driver/sqlite"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
	"gorm.io/gorm/schema"

	"shiplog/tracker"
)

// Store is the record in one SQLite database file. It implements tracker.Store.
type Store struct {
	db    *gorm.DB
	path  string
	clock tracker.Clock
}

var _ tracker.Store = (*Store)(nil)

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

// OpenService opens the database at path as Open does and builds the tracker's service on it,
// stamping records with the service's clock.
func OpenService(path string, opts ...tracker.Option) (*tracker.Service, error) {
	st, err := Open(path)
	if err != nil {
		return nil, err
	}
	svc := tracker.NewService(st, opts...)
	st.SetClock(svc.Clock())
	return svc, nil
}

// Open opens (creating if needed) the database at path and migrates it to the current schema.
// A database written by a newer Shiplog is refused and left untouched.
func Open(path string) (*Store, error) {
	st := &Store{path: path, clock: tracker.SystemClock}
	if err := prepareFile(path); err != nil {
		return nil, err
	}
	version, err := peekVersion(path)
	if err != nil {
		return nil, err
	}
	if version > len(migrations) {
		return nil, fmt.Errorf("open %s: schema version %d, this shiplog knows up to %d: %w",
			path, version, len(migrations), tracker.ErrSchemaTooNew)
	}
	db, err := gorm.Open(gormsqlite.Open(dsn(path)), &gorm.Config{
		Logger:         logger.Default.LogMode(logger.Silent),
		NowFunc:        func() time.Time { return utc(st.clock.Now()) },
		NamingStrategy: schema.NamingStrategy{},
		// Each Read and Write opens its own transaction, so GORM's per-statement one is redundant.
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
	st.db = db
	if err := st.migrate(version); err != nil {
		sqlDB.Close()
		return nil, err
	}
	// An import killed while it merged left its journal: undo it before anyone reads the record.
	if err := st.recoverImports(); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return st, nil
}

// SetClock sets the clock that stamps the records' created and updated times; OpenService sets
// the service's. Call it before the store is used.
func (s *Store) SetClock(c tracker.Clock) { s.clock = c }

// Path is the database file.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// Write runs fn in one transaction, which BEGIN IMMEDIATE (see dsn) opens with the write lock held.
func (s *Store) Write(fn func(tracker.Tx) error) error {
	return s.db.Transaction(func(db *gorm.DB) error { return fn(&tx{db: db}) })
}

// Read runs fn in a read transaction on one connection. It begins with a plain (deferred) BEGIN,
// not the driver's BEGIN IMMEDIATE, so that it takes no write lock: in WAL mode it sees one
// snapshot of the database while writers carry on. It always rolls back, so a write by mistake
// is not kept.
func (s *Store) Read(fn func(tracker.Tx) error) error {
	ctx := context.Background()
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "BEGIN"); err != nil {
		return err
	}
	defer func() {
		if _, err := conn.ExecContext(ctx, "ROLLBACK"); err != nil {
			// A connection left inside a transaction would fail the next BEGIN on it: drop it.
			_ = conn.Raw(func(any) error { return driver.ErrBadConn })
		}
	}()
	db := s.db.Session(&gorm.Session{NewDB: true, Context: ctx})
	db.Statement.ConnPool = conn
	return fn(&tx{db: db})
}

// tx is the record inside one Read or Write: the tracker's Tx over a GORM handle bound to one
// transaction.
type tx struct {
	db *gorm.DB
}

var _ tracker.Tx = (*tx)(nil)

// notFound maps GORM's not-found to the tracker's, naming what was looked for.
func notFound(err error, what string) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return &tracker.NotFoundError{What: what}
	}
	return err
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
			return 0, fmt.Errorf("open database %s: not a Shiplog database (it has tables but no schema version): %w", path, tracker.ErrInvalid)
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

// utc is how the database stores an instant: UTC, whole seconds. One representation keeps range
// queries on the text columns in time order.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := utc(*t)
	return &u
}
