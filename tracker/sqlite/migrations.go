package sqlite

import (
	"fmt"
	"os"
	"strings"

	"gorm.io/gorm"
)

// migrations are the schema versions in order; migrations[i] takes a database from version i to i+1,
// recorded in PRAGMA user_version. Never edit a released entry: append a new one.
var migrations = []string{
	// 1: the first schema.
	`CREATE TABLE projects (
	id INTEGER PRIMARY KEY,
	name TEXT NOT NULL COLLATE NOCASE UNIQUE,
	color TEXT NOT NULL DEFAULT '',
	weekly_deep_hours REAL NOT NULL DEFAULT 0,
	weekly_deliverables INTEGER NOT NULL DEFAULT 0,
	archived NUMERIC NOT NULL DEFAULT 0,
	created_at DATETIME NOT NULL
);
CREATE TABLE milestones (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	name TEXT NOT NULL,
	start_date TEXT NOT NULL DEFAULT '',
	due_date TEXT NOT NULL,
	created_at DATETIME NOT NULL,
	UNIQUE (project_id, name COLLATE NOCASE)
);
CREATE TABLE deliverables (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	milestone_id INTEGER REFERENCES milestones(id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	status TEXT NOT NULL CHECK (status IN ('planned', 'in_progress', 'shipped', 'dropped')),
	link TEXT NOT NULL DEFAULT '',
	due_date TEXT NOT NULL DEFAULT '',
	shipped_at DATETIME,
	notes TEXT NOT NULL DEFAULT '',
	source_key TEXT UNIQUE,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL
);
CREATE INDEX deliverables_project ON deliverables(project_id);
CREATE INDEX deliverables_shipped ON deliverables(shipped_at);
CREATE TABLE blocks (
	id INTEGER PRIMARY KEY,
	project_id INTEGER NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
	deliverable_id INTEGER REFERENCES deliverables(id) ON DELETE SET NULL,
	kind TEXT NOT NULL CHECK (kind IN ('deep', 'shallow', 'async', 'meeting')),
	start_at DATETIME NOT NULL,
	end_at DATETIME,
	planned_seconds INTEGER NOT NULL DEFAULT 0,
	goal TEXT NOT NULL DEFAULT '',
	outcome TEXT NOT NULL DEFAULT '',
	interruptions INTEGER NOT NULL DEFAULT 0,
	last_seen DATETIME,
	source_key TEXT UNIQUE,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL,
	CHECK (end_at IS NULL OR end_at > start_at)
);
CREATE INDEX blocks_start ON blocks(start_at);
CREATE INDEX blocks_deliverable ON blocks(deliverable_id);
CREATE UNIQUE INDEX blocks_one_running ON blocks((end_at IS NULL)) WHERE end_at IS NULL;
CREATE TABLE requests (
	id INTEGER PRIMARY KEY,
	project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
	subject TEXT NOT NULL,
	from_who TEXT NOT NULL DEFAULT '',
	channel TEXT NOT NULL DEFAULT '',
	priority TEXT NOT NULL CHECK (priority IN ('urgent', 'important', 'normal', 'fyi')),
	received_at DATETIME NOT NULL,
	replied_at DATETIME,
	replies INTEGER NOT NULL DEFAULT 0,
	minutes_spent INTEGER NOT NULL DEFAULT 0,
	notes TEXT NOT NULL DEFAULT '',
	notified_soon_at DATETIME,
	notified_overdue_at DATETIME,
	source_key TEXT UNIQUE,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL
);
CREATE INDEX requests_received ON requests(received_at);
CREATE TABLE decisions (
	id INTEGER PRIMARY KEY,
	project_id INTEGER REFERENCES projects(id) ON DELETE SET NULL,
	title TEXT NOT NULL,
	context TEXT NOT NULL DEFAULT '',
	proposed_at DATETIME NOT NULL,
	deadline DATETIME NOT NULL,
	closed_state TEXT NOT NULL DEFAULT '' CHECK (closed_state IN ('', 'accepted', 'rejected')),
	outcome TEXT NOT NULL DEFAULT '',
	closed_at DATETIME,
	notified_at DATETIME,
	source_key TEXT UNIQUE,
	created_at DATETIME NOT NULL,
	updated_at DATETIME NOT NULL
);
CREATE TABLE objections (
	id INTEGER PRIMARY KEY,
	decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
	by_who TEXT NOT NULL,
	reason TEXT NOT NULL,
	at DATETIME NOT NULL
);
CREATE INDEX objections_decision ON objections(decision_id);
CREATE TABLE settings (
	key TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
CREATE TABLE job_runs (
	id INTEGER PRIMARY KEY,
	job TEXT NOT NULL,
	started_at DATETIME NOT NULL,
	finished_at DATETIME,
	outcome TEXT NOT NULL DEFAULT '',
	detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX job_runs_job ON job_runs(job, started_at)`,
	// 2: imported blocks may overlap, so finding the blocks that run across a time needs the
	// longest block's length (blocks_length is on lengthExpr), and reports need to know where
	// blocks may overlap (block_overlaps, see TimeIn); and a large import merges in several
	// transactions, journalled so that an import that does not finish is undone.
	`CREATE INDEX blocks_length ON blocks(unixepoch(end_at) - unixepoch(start_at));
CREATE TABLE block_overlaps (
	from_at DATETIME NOT NULL,
	to_at DATETIME NOT NULL
);
CREATE TABLE import_journal (
	id INTEGER PRIMARY KEY,
	first_block INTEGER NOT NULL,
	last_block INTEGER NOT NULL,
	started_at DATETIME NOT NULL
);
CREATE TABLE import_records (
	journal_id INTEGER NOT NULL REFERENCES import_journal(id) ON DELETE CASCADE,
	kind TEXT NOT NULL,
	record_id INTEGER NOT NULL
)`,
}

// SchemaVersion is the number of migrations this build knows.
func SchemaVersion() int { return len(migrations) }

// migrate takes the database from schema version from to the newest, one transaction per version.
func (s *Store) migrate(from int) error {
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
