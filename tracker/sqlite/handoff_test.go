package sqlite_test

import (
	"testing"
	"time"

	"shiplog/tracker"
)

// TestADaysHandoffNoteReachesTheOutbox checks that closing a day with a handoff note queues it for
// the team as a handoff row, that changing the note queues it again under the same id, and that
// clearing it sends a tombstone: the note travels however the close is written.
func TestADaysHandoffNoteReachesTheOutbox(t *testing.T) {
	svc, clock := mustOpen(t)
	clock.Advance(2 * time.Hour) // 17:00 UTC, the end of the working day
	note := "Parser half done; the fixtures are in testdata/real"
	c, err := svc.CloseDay(tracker.CloseDayInput{Handoff: &note})
	if err != nil {
		t.Fatal(err)
	}
	key := "handoffs " + c.UID
	first, ok := outbox(t, svc.Path())[key]
	if !ok || first.deleted {
		t.Fatalf("the handoff is not queued as %q: %v", key, outbox(t, svc.Path()))
	}
	db := rawDB(t, svc.Path())
	var stored string
	if err := db.QueryRow(`SELECT note FROM handoffs WHERE uid = ? AND author = ''`, c.UID).Scan(&stored); err != nil || stored != note {
		t.Fatalf("handoff row %q, %v", stored, err)
	}

	clock.Advance(time.Minute)
	changed := note + "; review tomorrow"
	if _, err := svc.CloseDay(tracker.CloseDayInput{Handoff: &changed}); err != nil {
		t.Fatal(err)
	}
	again := outbox(t, svc.Path())[key]
	if again.deleted || again.rev <= first.rev {
		t.Errorf("a changed note is queued at rev %d (was %d), deleted %v", again.rev, first.rev, again.deleted)
	}

	clock.Advance(time.Minute)
	empty := ""
	if _, err := svc.CloseDay(tracker.CloseDayInput{Handoff: &empty}); err != nil {
		t.Fatal(err)
	}
	if gone := outbox(t, svc.Path())[key]; !gone.deleted {
		t.Errorf("a cleared note is not a tombstone: %+v", gone)
	}
}
