package sqlite_test

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// TestMigrationTwo checks what schema version 2 changed on the version 1 fixture: every table keeps
// its rows and ids and never hands out an id again, deliverables in progress or dropped get the
// times their state began, and requests get the due time the current targets give them, which a
// later change of the targets no longer moves.
func TestMigrationTwo(t *testing.T) {
	clock := clockwork.NewFakeClockAt(fixtureNow)
	path := filepath.Join(t.TempDir(), "shiplog.db")
	copyFileT(t, filepath.Join(migrationsDir, "v1.db"), path)
	before := rawCounts(t, path)

	svc, err := sqlite.OpenService(path, tracker.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()

	t.Run("every table keeps its rows and ids", func(t *testing.T) {
		svc.Close()
		after := rawCounts(t, path)
		for table, n := range before {
			if after[table] != n {
				t.Errorf("%s: %s after the migration, %s before", table, after[table], n)
			}
		}
		var err error
		svc, err = sqlite.OpenService(path, tracker.WithClock(clock))
		if err != nil {
			t.Fatal(err)
		}
	})

	t.Run("every table is AUTOINCREMENT", func(t *testing.T) {
		db := rawDB(t, path)
		for _, table := range []string{"projects", "milestones", "deliverables", "blocks", "requests", "decisions", "objections", "job_runs"} {
			var sqlText string
			if err := db.QueryRow(`SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?`, table).Scan(&sqlText); err != nil {
				t.Fatalf("%s: %v", table, err)
			}
			if !strings.Contains(sqlText, "AUTOINCREMENT") {
				t.Errorf("%s is not AUTOINCREMENT: %s", table, sqlText)
			}
		}
		var fk int
		if err := db.QueryRow(`SELECT count(*) FROM pragma_foreign_key_check`).Scan(&fk); err != nil || fk != 0 {
			t.Errorf("foreign key check: %d problems, %v", fk, err)
		}
	})

	t.Run("deliverables in progress and dropped know when their state began", func(t *testing.T) {
		ds, err := svc.Deliverables(tracker.DeliverableFilter{})
		if err != nil {
			t.Fatal(err)
		}
		seen := map[tracker.Status]bool{}
		for _, d := range ds {
			seen[d.Status] = true
			switch d.Status {
			case tracker.StatusInProgress:
				if d.StartedAt == nil || d.DroppedAt != nil || d.ShippedAt != nil {
					t.Errorf("deliverable %d in progress: started %v, shipped %v, dropped %v", d.ID, d.StartedAt, d.ShippedAt, d.DroppedAt)
				}
			case tracker.StatusPlanned:
				if d.StartedAt != nil || d.DroppedAt != nil {
					t.Errorf("deliverable %d planned: started %v, dropped %v", d.ID, d.StartedAt, d.DroppedAt)
				}
			case tracker.StatusShipped:
				if d.ShippedAt == nil {
					t.Errorf("deliverable %d shipped without a time", d.ID)
				}
			}
		}
		if !seen[tracker.StatusInProgress] || !seen[tracker.StatusShipped] {
			t.Fatalf("the fixture lacks a state to check: %v", seen)
		}
	})

	t.Run("requests keep the due time they got when the targets change", func(t *testing.T) {
		rs, err := svc.Requests(tracker.RequestFilter{})
		if err != nil {
			t.Fatal(err)
		}
		due := map[uint]time.Time{}
		for _, r := range rs {
			if r.Priority == tracker.PriorityFYI {
				if r.DueAt != nil {
					t.Errorf("FYI request %d has a due time", r.ID)
				}
				continue
			}
			if r.DueAt == nil {
				t.Fatalf("request %d has no due time after the migration", r.ID)
			}
			due[r.ID] = *r.DueAt
		}
		if len(due) == 0 {
			t.Fatal("the fixture has no request with a target")
		}
		for _, key := range []string{tracker.SettingSLAUrgent, tracker.SettingSLAImportant, tracker.SettingSLANormal} {
			if err := svc.SetSetting(key, "1h"); err != nil {
				t.Fatal(err)
			}
		}
		rs, err = svc.Requests(tracker.RequestFilter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range rs {
			if want, ok := due[r.ID]; ok && !r.DueAt.Equal(want) {
				t.Errorf("request %d: due %v after the targets changed, %v before", r.ID, r.DueAt, want)
			}
		}
	})

	t.Run("a deleted id is never handed out again", func(t *testing.T) {
		bs, err := svc.Blocks(tracker.BlockFilter{})
		if err != nil {
			t.Fatal(err)
		}
		var maxID uint
		for _, b := range bs {
			maxID = max(maxID, b.ID)
		}
		if _, err := svc.DeleteBlock(maxID); err != nil {
			t.Fatal(err)
		}
		start := time.Date(2020, 1, 6, 9, 0, 0, 0, time.UTC)
		end := start.Add(time.Hour)
		b, err := svc.AddBlock(tracker.Block{Project: "Shiplog app", Kind: tracker.KindShallow, Start: start, End: &end})
		if err != nil {
			t.Fatal(err)
		}
		if b.ID <= maxID {
			t.Errorf("new block got id %d; ids up to %d were used", b.ID, maxID)
		}
	})
}

// TestIDsAreNeverReused deletes the newest block and checks that the next one gets a new id, as
// scripts and notes that hold ids expect.
func TestIDsAreNeverReused(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "P")
	end := t0.Add(-time.Hour)
	b, err := svc.AddBlock(tracker.Block{Project: "P", Kind: tracker.KindDeep, Start: end.Add(-time.Hour), End: &end})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.DeleteBlock(b.ID); err != nil {
		t.Fatal(err)
	}
	started, _ := must2(t)(svc.StartBlock(tracker.Block{Project: "P", Kind: tracker.KindDeep}))
	if started.ID <= b.ID {
		t.Errorf("block %d deleted, the next block got id %d", b.ID, started.ID)
	}
}

func must2(t *testing.T) func(tracker.Block, *tracker.Block, error) (tracker.Block, *tracker.Block) {
	return func(b tracker.Block, s *tracker.Block, err error) (tracker.Block, *tracker.Block) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return b, s
	}
}

// rawCounts counts the rows and sums the ids of each table, read straight from the file.
func rawCounts(t *testing.T, path string) map[string]string {
	t.Helper()
	db := rawDB(t, path)
	out := map[string]string{}
	for _, table := range []string{"projects", "milestones", "deliverables", "blocks", "requests", "decisions", "objections", "settings"} {
		var n, ids sql.NullInt64
		idCol := "id"
		if table == "settings" {
			idCol = "length(key)"
		}
		if err := db.QueryRow(`SELECT count(*), sum(`+idCol+`) FROM `+table).Scan(&n, &ids); err != nil {
			t.Fatalf("%s: %v", table, err)
		}
		out[table] = fmt.Sprintf("%d rows, id sum %d", n.Int64, ids.Int64)
	}
	return out
}

// rawDB opens the file read-only through database/sql, beside the store, to read what is stored.
func rawDB(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}
