package sqlite

import (
	"context"
	"embed"
	"fmt"
	"os"
	"strings"

	"gorm.io/gorm"
)

//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one schema version: the SQL that takes the database from the version before it.
type migration struct {
	file string
	// rebuild marks a migration that recreates tables. SQLite can only change a table's primary key
	// by copying it into a new table, and dropping the old parent tables with foreign keys on would
	// run their ON DELETE CASCADE actions and empty the children; so such a migration runs on one
	// connection with foreign keys off, checks them before it commits, and turns them back on.
	rebuild bool
}

// migrations are the schema versions in order; migrations[i] takes a database from version i to i+1,
// recorded in PRAGMA user_version. Never edit a released file: append a new one.
var migrations = []migration{
	// 1: the first schema.
	{file: "0001_init.sql"},
	// 2: ids are never reused (AUTOINCREMENT), a deliverable records when it was started and dropped
	// so that a past period is reported as it stood, and a request keeps the due time it got when it
	// arrived.
	{file: "0002_autoincrement.sql", rebuild: true},
	// 3: the rituals: a close per local day (tomorrow's first block, the handoff note for the team,
	// energy) and a check-in per ISO week (satisfaction, balance).
	{file: "0003_rituals.sql"},
}

// SchemaVersion is the number of migrations this build knows.
func SchemaVersion() int { return len(migrations) }

// migrate takes the database from schema version from to the newest, one transaction per version.
func (s *Store) migrate(from int) error {
	s.migratedFrom = from
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
		if err := s.runMigration(v); err != nil {
			return fmt.Errorf("migrate %s: %w", s.path, err)
		}
	}
	return nil
}

// runMigration applies migrations[v] and records version v+1, in one transaction.
func (s *Store) runMigration(v int) error {
	m := migrations[v]
	script, err := migrationFiles.ReadFile("migrations/" + m.file)
	if err != nil {
		return fmt.Errorf("migration %d: %w", v+1, err)
	}
	apply := func(tx *gorm.DB) error {
		for _, stmt := range splitSQL(string(script)) {
			if err := tx.Exec(stmt).Error; err != nil {
				return fmt.Errorf("migration %d: %w", v+1, err)
			}
		}
		if m.rebuild {
			var problems int64
			if err := tx.Raw("SELECT count(*) FROM pragma_foreign_key_check").Scan(&problems).Error; err != nil {
				return fmt.Errorf("migration %d: check foreign keys: %w", v+1, err)
			}
			if problems > 0 {
				return fmt.Errorf("migration %d: %d rows would break a foreign key", v+1, problems)
			}
		}
		return tx.Exec(fmt.Sprintf("PRAGMA user_version = %d", v+1)).Error
	}
	if !m.rebuild {
		return s.db.Transaction(apply)
	}
	// PRAGMA foreign_keys is a no-op inside a transaction, so it is switched on the connection
	// around it; the connection goes back to the pool with foreign keys on again.
	return s.db.Connection(func(conn *gorm.DB) error {
		if err := conn.Exec("PRAGMA foreign_keys = OFF").Error; err != nil {
			return err
		}
		defer conn.WithContext(context.Background()).Exec("PRAGMA foreign_keys = ON")
		return conn.Transaction(apply)
	})
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
