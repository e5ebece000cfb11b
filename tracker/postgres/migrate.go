package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"shiplog/tracker"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one numbered SQL script, applied in one transaction.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations lists the embedded scripts in order; a script's number is its file name's prefix and
// the numbers run 1, 2, 3… without gaps.
var migrations = func() []migration {
	names, err := fs.Glob(migrationFiles, "migrations/*.sql")
	if err != nil {
		panic(err)
	}
	sort.Strings(names)
	var out []migration
	for i, n := range names {
		base := strings.TrimPrefix(n, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil || v != i+1 {
			panic(fmt.Sprintf("postgres: migration %s is out of sequence", n))
		}
		b, _ := migrationFiles.ReadFile(n)
		out = append(out, migration{version: v, name: base, sql: string(b)})
	}
	return out
}()

// SchemaVersion is the newest server schema this build knows.
func SchemaVersion() int { return len(migrations) }

// initLock is the advisory lock key that serialises team init across admins (the letters "shiplog").
const initLock = 0x736869706c6f67

// InitResult says what Init did.
type InitResult struct {
	From, To int // schema versions before and after; equal when it was up to date
}

// UpToDate reports whether Init found nothing to do.
func (r InitResult) UpToDate() bool { return r.From == r.To }

// readVersion is the server's schema version: 0 when the schema was never made. A schema named
// shiplog without a version table is someone else's, and is refused.
func readVersion(tx *gorm.DB) (int, error) {
	var has struct{ Schema, Table bool }
	err := tx.Raw(`SELECT EXISTS (SELECT FROM pg_namespace WHERE nspname = 'shiplog') AS schema,
		to_regclass('shiplog.schema_version') IS NOT NULL AS "table"`).Scan(&has).Error
	if err != nil {
		return 0, err
	}
	switch {
	case has.Table:
		var v int
		err := tx.Raw("SELECT coalesce(max(version), 0) FROM shiplog.schema_version").Scan(&v).Error
		return v, err
	case has.Schema:
		return 0, tracker.Conflictf("the database has a schema named shiplog that Shiplog did not make (no shiplog.schema_version)")
	}
	return 0, nil
}

// checkVersion refuses a server schema that this build cannot work with.
func checkVersion(v int) error {
	switch {
	case v == 0:
		return tracker.NotFoundf("the server has no Shiplog schema; the server's admin runs 'shiplog team init' first")
	case v > SchemaVersion():
		return fmt.Errorf("the server's schema is version %d, this shiplog knows up to %d; update shiplog: %w",
			v, SchemaVersion(), tracker.ErrSchemaTooNew)
	case v < SchemaVersion():
		return fmt.Errorf("the server's schema is version %d, this shiplog needs %d; the server's admin runs 'shiplog team init' to upgrade it",
			v, SchemaVersion())
	}
	return nil
}

// Init creates or upgrades the schema, roles, policies and views on the server at adminURL, as
// its admin (a superuser, or a role that may create roles and owns the database). Each pending
// migration runs in one transaction with its version row; a server whose schema is newer than
// this build is refused before anything changes. Running Init again changes nothing.
func Init(ctx context.Context, adminURL string) (InitResult, error) {
	db, err := dial(ctx, adminURL)
	if err != nil {
		return InitResult{}, err
	}
	defer closeDB(db)
	if err := checkAdmin(ctx, db); err != nil {
		return InitResult{}, err
	}
	var res InitResult
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		// Two admins running init at once would both see version 0; the lock makes the second wait
		// and then find the work done.
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", initLock).Error; err != nil {
			return err
		}
		v, err := readVersion(tx)
		if err != nil {
			return err
		}
		res = InitResult{From: v, To: v}
		if v > SchemaVersion() {
			return checkVersion(v)
		}
		for _, m := range migrations[v:] {
			// One script may hold many statements; with no arguments pgx sends it as a simple query,
			// which PostgreSQL runs as a whole, dollar-quoted bodies included.
			if err := tx.Exec(m.sql).Error; err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			if err := tx.Exec("INSERT INTO shiplog.schema_version (version) VALUES (?)", m.version).Error; err != nil {
				return fmt.Errorf("migration %s: %w", m.name, err)
			}
			res.To = m.version
		}
		return nil
	})
	if err != nil {
		return InitResult{From: res.From, To: res.From}, translate("team init", err)
	}
	return res, nil
}

// checkAdmin makes sure the login can create roles, so that init fails with a clear message
// instead of halfway through a migration.
func checkAdmin(ctx context.Context, db *gorm.DB) error {
	var who struct {
		Name       string
		Super      bool
		CreateRole bool
	}
	err := db.WithContext(ctx).Raw(`SELECT rolname AS name, rolsuper AS super, rolcreaterole AS create_role
		FROM pg_roles WHERE rolname = session_user`).Scan(&who).Error
	if err != nil {
		return translate("check the admin login", err)
	}
	if !who.Super && !who.CreateRole {
		return tracker.Invalidf("%s cannot create roles; connect as the server's admin (a superuser or a role with CREATEROLE)",
			who.Name)
	}
	return nil
}
