package sqlite_test

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/uuid"

	"shiplog/tracker"
	"shiplog/tracker/postgres"
	"shiplog/tracker/sqlite"
)

// queuedCheckIns returns the check-in changes that wait in l's outbox.
func queuedCheckIns(t *testing.T, l *sqlite.Local) []postgres.Change {
	t.Helper()
	changes, err := l.Pending(t.Context(), postgres.BatchSize)
	if err != nil {
		t.Fatal(err)
	}
	var out []postgres.Change
	for _, c := range changes {
		if c.Table == postgres.CheckIns {
			if err := c.Validate(); err != nil {
				t.Errorf("the check-in change does not validate: %v", err)
			}
			out = append(out, c)
		}
	}
	return out
}

func TestACheckInTravelsWithoutItsNote(t *testing.T) {
	svc, _ := mustOpen(t)
	l := mustLocal(t, svc)
	note := "my manager must never read this"
	c, err := svc.CheckIn(tracker.CheckInInput{Satisfaction: 4, Balance: 2, Note: &note})
	if err != nil {
		t.Fatal(err)
	}
	first := queuedCheckIns(t, l)
	if len(first) != 1 {
		t.Fatalf("%d check-ins queued after one check-in, want 1", len(first))
	}

	t.Run("only the week and the two numbers travel", func(t *testing.T) {
		var data map[string]any
		if err := json.Unmarshal(first[0].Data, &data); err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"week": c.Week, "satisfaction": 4.0, "balance": 2.0}
		if len(data) != len(want) {
			t.Errorf("the change holds %v, want only %v", data, want)
		}
		for k, v := range want {
			if data[k] != v {
				t.Errorf("%s = %v, want %v", k, data[k], v)
			}
		}
		if strings.Contains(string(first[0].Data), "never read") {
			t.Errorf("the note travels: %s", first[0].Data)
		}
		if u := first[0].UID; u.Version() != 7 {
			t.Errorf("uid %s is not a UUIDv7", u)
		}
	})

	t.Run("checking in again the same week raises the same row's revision", func(t *testing.T) {
		if _, err := svc.CheckIn(tracker.CheckInInput{Satisfaction: 5, Balance: 2}); err != nil {
			t.Fatal(err)
		}
		again := queuedCheckIns(t, l)
		if len(again) != 1 || again[0].UID != first[0].UID || again[0].Rev <= first[0].Rev {
			t.Fatalf("after a second check-in the outbox holds %+v, want the row %s at a revision above %d", again, first[0].UID, first[0].Rev)
		}
		var got postgres.CheckIn
		if err := json.Unmarshal(again[0].Data, &got); err != nil {
			t.Fatal(err)
		}
		if got.Satisfaction != 5 {
			t.Errorf("the queued satisfaction is %d, want the new 5", got.Satisfaction)
		}
	})

	t.Run("a change of the note alone queues nothing", func(t *testing.T) {
		if err := l.Pushed(t.Context(), queuedCheckIns(t, l)); err != nil {
			t.Fatal(err)
		}
		other := "still private"
		if _, err := svc.CheckIn(tracker.CheckInInput{Satisfaction: 5, Balance: 2, Note: &other}); err != nil {
			t.Fatal(err)
		}
		if q := queuedCheckIns(t, l); len(q) != 0 {
			t.Errorf("a new note queued %+v", q)
		}
	})
}

func TestMigrationSevenQueuesTheCheckInsAlreadyThere(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shiplog.db")
	copyFileT(t, filepath.Join(migrationsDir, "v6.db"), path)
	db := rawDB(t, path)
	var before int
	if err := db.QueryRow("SELECT count(*) FROM check_ins").Scan(&before); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if before == 0 {
		t.Fatal("the version 6 fixture has no check-ins to migrate")
	}
	svc, err := sqlite.OpenService(path)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	l := mustLocal(t, svc)
	q := queuedCheckIns(t, l)
	if len(q) != before {
		t.Fatalf("%d check-ins queued after the migration, want the %d there were", len(q), before)
	}
	seen := map[uuid.UUID]bool{}
	for _, c := range q {
		if seen[c.UID] || c.UID.Version() != 7 {
			t.Errorf("check-in id %s is repeated or not a UUIDv7", c.UID)
		}
		seen[c.UID] = true
	}
}
