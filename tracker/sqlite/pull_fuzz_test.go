package sqlite_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/google/uuid"

	"shiplog/tracker"
	"shiplog/tracker/postgres"
)

// FuzzApply feeds Apply pulled rows of every table with any content: it must store them or refuse
// them whole, never panic, and never queue anything to push back.
func FuzzApply(f *testing.F) {
	for _, seed := range []struct {
		table byte
		data  string
	}{
		{4, `{"to_member":"bo","subject":"Review","priority":"urgent","received_at":"2026-11-23T09:00:00+00:00","due_at":null}`},
		{4, `{"to_member":null,"subject":"x","priority":"normal","received_at":"2026-11-23T09:00:00Z"}`},
		{6, `{"title":"Ship on Fridays","team":true,"proposed_at":"2026-11-23T09:00:00Z","deadline":"2026-11-25T09:00:00Z","closed_state":"accepted"}`},
		{7, `{"decision_uid":"0193a1b2-0000-7000-8000-000000000000","reason":"no","at":"2026-11-23T10:00:00Z","by_who":null}`},
		{5, `{"request_uid":"0193a1b2-0000-7000-8000-000000000000","at":"2026-11-23T10:00:00Z","body":"","minutes_spent":3}`},
		{8, `{"day":"2026-11-23","note":"over to you","at":"2026-11-23T17:00:00Z"}`},
		{0, `{"display_name":"","time_zone":"Asia/Tokyo","work_days":[1,2,3],"work_start":"09:00:00","work_end":"17:00:00","holidays":[],"deep_min_seconds":1800}`},
		{2, `{"title":"CSV","status":"shipped","shipped_at":"2026-11-23T10:00:00Z"}`},
		{6, `{"title":null,"team":"yes"}`},
		{4, `[]`},
	} {
		f.Add(seed.table, seed.data, false)
	}
	svc, _ := mustOpen(f)
	l := mustLocal(f, svc)
	ctx := context.Background()
	tables := postgres.Tables()
	f.Fuzz(func(t *testing.T, table byte, data string, deleted bool) {
		before, err := l.PendingCount(ctx)
		if err != nil {
			t.Fatal(err)
		}
		c := postgres.Change{Table: tables[int(table)%len(tables)], UID: uuid.New(), Rev: 1, Member: "ada", Deleted: deleted,
			Data: json.RawMessage(data)}
		_ = l.Apply(ctx, []postgres.Change{c}, 1)
		if after, err := l.PendingCount(ctx); err != nil || after != before {
			t.Errorf("applying a pulled %s queued %d changes (%v)", c.Table, after-before, err)
		}
		// Whatever arrived, the record stays readable.
		if _, err := svc.Requests(tracker.RequestFilter{}); err != nil {
			t.Errorf("requests unreadable after a pulled %s: %v", c.Table, err)
		}
		if _, err := svc.AllDecisions(); err != nil {
			t.Errorf("decisions unreadable after a pulled %s: %v", c.Table, err)
		}
		if _, err := svc.Teammates(); err != nil {
			t.Errorf("teammates unreadable after a pulled %s: %v", c.Table, err)
		}
	})
}
