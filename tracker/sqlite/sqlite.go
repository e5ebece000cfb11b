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
	"database/sql/driver"
	"errors"
	"fmt"
	"net/url"
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
	path  string // as given, which backups are named after
	file  string // the absolute file SQLite has open
	clock tracker.Clock
	// migratedFrom is the schema version the file had when Open migrated it, or the current one.
	migratedFrom int
	// readOnly: the file or its folder cannot be written, and it was opened for reading.
	readOnly bool
	// watch is the connection that Version reads the change counter on.
	watch watch
}

var _ tracker.Store = (*Store)(nil)

// dsn builds the SQLite connection string for the absolute path abs. Each setting is there for a reason:
//   - _journal_mode=WAL lets the GUI, the CLI and the jobs read while one of them writes.
//   - _synchronous=FULL fsyncs the WAL on every commit, so an acknowledged write survives a power cut.
//   - _txlock=immediate takes the write lock at BEGIN; a deferred transaction that later upgrades can fail
//     with "database is locked" without waiting, which the busy timeout cannot cure.
//   - _busy_timeout makes a writer wait up to 15 s for another process's transaction instead of failing.
//   - _foreign_keys=on makes SQLite enforce the REFERENCES clauses of the schema.
//   - _loc=UTC returns stored times in UTC; they are written in UTC by the normaliser below, because
//     GORM would otherwise store the local offset and break range queries across DST.
//
// The path is escaped (see fileURI): a database path is a path, never a URI.
func dsn(abs string) string {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_txlock", "immediate")
	q.Set("_busy_timeout", "15000")
	q.Set("_foreign_keys", "on")
	q.Set("_loc", "UTC")
	return fileURI(abs, q)
}

// OpenService opens the database at path as Open does and builds the tracker's service on it,
// stamping records with the service's clock.
func OpenService(path string, opts ...tracker.Option) (*tracker.Service, error) {
	return OpenServiceWith(path, Options{}, opts...)
}

// OpenServiceWith opens the database at path as OpenWith does and builds the tracker's service on it.
func OpenServiceWith(path string, o Options, opts ...tracker.Option) (*tracker.Service, error) {
	st, err := OpenWith(path, o)
	if err != nil {
		return nil, err
	}
	svc := tracker.NewService(st, opts...)
	st.SetClock(svc.Clock())
	if st.migratedFrom > 0 && st.migratedFrom < 2 {
		// Version 2 keeps each request's due time; requests logged before get the one the current
		// targets give them, once, so that changing a target later no longer moves them.
		if _, err := svc.FixRequestDueTimes(); err != nil {
			st.Close()
			return nil, err
		}
	}
	return svc, nil
}

// Open opens (creating if needed) the database at path for reading and writing, and migrates it
// to the current schema. See OpenWith.
func Open(path string) (*Store, error) { return OpenWith(path, Options{}) }

// OpenWith opens the database at path and migrates it to the current schema. It is the one place
// that opens the database, and it checks the path before SQLite touches it: anything but a
// regular file or nothing is refused unchanged, and so is an empty file, another application's
// database and a database written by a newer Shiplog. A missing database is created only in
// Write mode; in Read mode a database that cannot be written opens read-only.
func OpenWith(path string, o Options) (*Store, error) {
	t, err := locate(path, o)
	if err != nil {
		return nil, err
	}
	if t.missing {
		dirs, err := prepareDir(t, o)
		if err != nil {
			return nil, err
		}
		made, err := create(t)
		if err != nil {
			return nil, err
		}
		if made {
			msg := "created a new database at " + t.file
			if len(dirs) > 0 {
				msg += " (and its folder " + dirs[len(dirs)-1] + ")"
			}
			o.notice("%s", msg)
		}
	} else if !t.readOnly {
		if _, err := prepareDir(t, o); err != nil {
			return nil, err
		}
		restrictFile(t, o)
	}
	version, err := peek(t)
	if err != nil {
		return nil, err
	}
	if version > len(migrations) {
		return nil, fmt.Errorf("open %s: schema version %d, this shiplog knows up to %d: %w",
			path, version, len(migrations), tracker.ErrSchemaTooNew)
	}
	if t.readOnly && version < len(migrations) {
		return nil, fmt.Errorf("open database %s: %w: it has schema version %d and needs upgrading to %d, which writes; make it writable first",
			path, tracker.ErrReadOnly, version, len(migrations))
	}
	st, err := openFile(t, version)
	if err != nil {
		return nil, err
	}
	st.path = path
	return st, nil
}

// openFile opens the checked file through GORM and migrates it from version.
func openFile(t target, version int) (*Store, error) {
	st := &Store{path: t.path, file: t.file, clock: tracker.SystemClock, readOnly: t.readOnly}
	source := dsn(t.file)
	if t.readOnly {
		source = readOnlyURI(t.file, t.immutable)
	}
	db, err := gorm.Open(gormsqlite.Open(source), &gorm.Config{
		Logger:         logger.Default.LogMode(logger.Silent),
		NowFunc:        func() time.Time { return tracker.UTC(st.clock.Now()) },
		NamingStrategy: schema.NamingStrategy{},
		// Each Read and Write opens its own transaction, so GORM's per-statement one is redundant.
		SkipDefaultTransaction: true,
		PrepareStmt:            false,
	})
	if err != nil {
		return nil, unreadable(t, err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", t.path, err)
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
	if !t.readOnly {
		if err := st.migrate(version); err != nil {
			sqlDB.Close()
			return nil, err
		}
		// An import killed while it merged left its journal: undo it before anyone reads the record.
		// (A read-only database cannot hold a half-merged import: the import could not write either.)
		if err := st.recoverImports(); err != nil {
			sqlDB.Close()
			return nil, fmt.Errorf("open %s: %w", t.path, err)
		}
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
	s.watch.close()
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// ReadOnly reports whether the database was opened read-only, because it, or its folder, cannot
// be written.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Write runs fn in one transaction, which BEGIN IMMEDIATE (see dsn) opens with the write lock held.
// On a database opened read-only it fails at once with tracker.ErrReadOnly.
func (s *Store) Write(fn func(tracker.Tx) error) error {
	if s.readOnly {
		return fmt.Errorf("%w: %s cannot be written, so nothing was changed", tracker.ErrReadOnly, s.file)
	}
	err := s.db.Transaction(func(db *gorm.DB) error { return fn(&tx{db: db}) })
	var se sqlite3.Error
	if errors.As(err, &se) && se.Code == sqlite3.ErrReadonly {
		return fmt.Errorf("%w: %s cannot be written, so nothing was changed: %w", tracker.ErrReadOnly, s.file, err)
	}
	return err
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

// unreadable explains why the database could not be read. A full disk is not a damaged file (in WAL
// mode even a read must create the -shm file), and neither is a file or folder that cannot be
// opened: each says so, since the fix is to free space or change permissions, not to restore a backup.
func unreadable(t target, err error) error {
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch {
		case se.SystemErrno == syscall.ENOSPC:
			return fmt.Errorf("open database %s: the disk is full; free some space and try again: %w", t.path, err)
		case se.SystemErrno == syscall.EACCES || se.SystemErrno == syscall.EPERM || se.SystemErrno == syscall.EROFS:
			return fmt.Errorf("open database %s: permission denied for the file or its folder %s: %w", t.path, filepath.Dir(t.file), err)
		case se.Code == sqlite3.ErrCantOpen:
			return fmt.Errorf("open database %s: SQLite cannot open it or create its journal in %s (check that folder's permissions): %w",
				t.path, filepath.Dir(t.file), err)
		case se.Code == sqlite3.ErrReadonly:
			return fmt.Errorf("open database %s: %w: %w", t.path, tracker.ErrReadOnly, err)
		}
	}
	return fmt.Errorf("open database %s: not a readable Shiplog database: %w", t.path, err)
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
						_ = f.Set(tx.Statement.Context, v, tracker.UTC(t.(time.Time)))
					}
				case reflect.TypeOf(&time.Time{}):
					if t, zero := f.ValueOf(tx.Statement.Context, v); !zero && t.(*time.Time) != nil {
						_ = f.Set(tx.Statement.Context, v, tracker.UTCPtr(t.(*time.Time)))
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
