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
	// after, when set, runs in Go after the SQL, in the same transaction: for what SQL cannot do
	// well, such as making ids for the rows already there.
	after func(tx *gorm.DB) error
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
	// 3: the weekly report's retries, kept so that a restart resumes them with the settings in force
	// at each try.
	{file: "0003_job_retries.sql"},
	// 4: team sync: every synced row gets a client-made id and a revision, and every change of the
	// user's own rows reaches the outbox through triggers; teammates' rows have a place.
	{file: "0004_sync.sql", after: backfillSync},
	// 5: the rituals: a close per local day (tomorrow's first block, the handoff note for the team,
	// energy) and a check-in per ISO week (satisfaction, balance); a close's handoff note travels to the
	// team as a handoff row.
	{file: "0005_rituals.sql"},
	// 6: imported blocks may overlap, so finding the blocks that run across a time needs the
	// longest block's length (blocks_length is on lengthExpr), and reports need to know where
	// blocks may overlap (block_overlaps, see TimeIn); and a large import merges in several
	// transactions, journalled so that an import that does not finish is undone.
	{file: "0006_import_merge.sql"},
	// 7: a check-in's two numbers (never its note) travel to the team server, where the team reads
	// only the median of a week that enough members answered; the check-ins already there get
	// their ids and are queued.
	{file: "0007_checkin_sync.sql", after: backfillCheckIns},
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
		bak := fmt.Sprintf("%s.v%d.bak", s.file, from)
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
	script, err := migrationSQL(v)
	if err != nil {
		return err
	}
	apply := func(tx *gorm.DB) error {
		for _, stmt := range splitSQL(script) {
			if err := tx.Exec(stmt).Error; err != nil {
				return fmt.Errorf("migration %d: %w", v+1, err)
			}
		}
		if m.after != nil {
			if err := m.after(tx); err != nil {
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

// migrationSQL is the script of migrations[v].
func migrationSQL(v int) (string, error) {
	b, err := migrationFiles.ReadFile("migrations/" + migrations[v].file)
	if err != nil {
		return "", fmt.Errorf("migration %d: %w", v+1, err)
	}
	return string(b), nil
}

// splitSQL cuts a script into statements at each ";" that ends a line. A trigger's body holds
// statements of its own, so a CREATE TRIGGER runs on to the END that closes it.
func splitSQL(script string) []string {
	var out []string
	var cur []string
	for _, part := range strings.Split(script, ";\n") {
		cur = append(cur, part)
		stmt := strings.Join(cur, ";\n")
		if isTrigger(stmt) && !strings.HasSuffix(strings.ToUpper(strings.TrimSpace(stmt)), "END") {
			continue
		}
		if strings.TrimSpace(stmt) != "" {
			out = append(out, stmt)
		}
		cur = nil
	}
	if stmt := strings.Join(cur, ";\n"); strings.TrimSpace(stmt) != "" {
		out = append(out, stmt)
	}
	return out
}

// isTrigger reports whether a statement, after its comment lines, creates a trigger.
func isTrigger(stmt string) bool {
	for _, line := range strings.Split(stmt, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "--") {
			continue
		}
		return strings.HasPrefix(strings.ToUpper(line), "CREATE TRIGGER")
	}
	return false
}
