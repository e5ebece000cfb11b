package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"

	"shiplog/tracker"
)

func TestPushIsIdempotentAndNeverGoesBack(t *testing.T) {
	tm := newTeam(t)
	ada := tm.remote("ada")
	uid := newUID(t)
	v1 := mustChange(t, Deliverables, uid, 1, Deliverable{Title: "CSV export", Status: "planned"})
	v2 := mustChange(t, Deliverables, uid, 2, Deliverable{Title: "CSV export", Status: "shipped"})

	if res := tm.push(ada, v1); res.Applied != 1 || res.Stale != 0 {
		t.Errorf("first push: %+v, want 1 applied", res)
	}
	if res := tm.push(ada, v1); res.Applied != 0 || res.Stale != 1 {
		t.Errorf("the same push again: %+v, want 1 stale", res)
	}
	tm.push(ada, v2)
	if res := tm.push(ada, v1); res.Applied != 0 || res.Stale != 1 {
		t.Errorf("an older revision after a newer one: %+v, want 1 stale", res)
	}
	var row struct {
		Rev    int64
		Status string
		N      int
	}
	tm.admin.Raw("SELECT max(rev) AS rev, max(status) AS status, count(*) AS n FROM shiplog.deliverables").Scan(&row)
	if row.N != 1 || row.Rev != 2 || row.Status != "shipped" {
		t.Errorf("server holds %+v, want one row at rev 2, shipped", row)
	}
	// The same row twice in one batch: the higher revision wins, in one statement.
	v3 := mustChange(t, Deliverables, uid, 3, Deliverable{Title: "CSV export", Status: "dropped"})
	if res := tm.push(ada, v3, v2); res.Applied != 1 {
		t.Errorf("a batch with two revisions of a row: %+v, want 1 applied", res)
	}
	// A tombstone keeps the row's id and revision and clears its content.
	tm.push(ada, Tombstone(Deliverables, uid, 4))
	var gone struct {
		Deleted bool
		Title   *string
		Status  *string
	}
	tm.admin.Raw("SELECT deleted, title, status FROM shiplog.deliverables WHERE uid = ?", uid).Scan(&gone)
	if !gone.Deleted || gone.Title != nil || gone.Status != nil {
		t.Errorf("after a tombstone the row is %+v, want deleted with no content", gone)
	}
	// A tombstone for a row the server never saw is kept too, so that a late, older revision
	// cannot bring the row back.
	never := newUID(t)
	tm.push(ada, Tombstone(Blocks, never, 5))
	if res := tm.push(ada, mustChange(t, Blocks, never, 4, block("deep", "x", "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z"))); res.Stale != 1 {
		t.Errorf("an older revision after its tombstone: %+v, want stale", res)
	}
}

func TestPushRefusesBadChangesWithoutWriting(t *testing.T) {
	tm := newTeam(t)
	ada := tm.remote("ada")
	good := mustChange(t, Blocks, newUID(t), 1, block("deep", "x", "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z"))
	cases := []struct {
		name   string
		change Change
		field  string
	}{
		{"an unknown table", Change{Table: "secrets", UID: newUID(t), Rev: 1, Data: []byte(`{}`)}, "table"},
		{"no id", Change{Table: Blocks, Rev: 1, Data: []byte(`{}`)}, "uid"},
		{"revision zero", Change{Table: Blocks, UID: newUID(t), Data: []byte(`{}`)}, "rev"},
		{"data that is not an object", Change{Table: Blocks, UID: newUID(t), Rev: 1, Data: []byte(`[1]`)}, "data"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ada.Push(t.Context(), []Change{good, tc.change})
			var fe *tracker.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Errorf("push: %v, want an error on %s", err, tc.field)
			}
		})
	}
	t.Run("a kind the server does not know", func(t *testing.T) {
		_, err := ada.Push(t.Context(), []Change{good, mustChange(t, Blocks, newUID(t), 1, block("nap", "", "2026-11-23T10:00:00Z", "2026-11-23T11:00:00Z"))})
		if !errors.Is(err, tracker.ErrInvalid) {
			t.Errorf("push: %v, want ErrInvalid", err)
		}
	})
	t.Run("an end before the start", func(t *testing.T) {
		_, err := ada.Push(t.Context(), []Change{mustChange(t, Blocks, newUID(t), 1, block("deep", "", "2026-11-23T10:00:00Z", "2026-11-23T09:00:00Z"))})
		if !errors.Is(err, tracker.ErrInvalid) {
			t.Errorf("push: %v, want ErrInvalid", err)
		}
	})
	var n int64
	tm.admin.Raw("SELECT count(*) FROM shiplog.blocks").Scan(&n)
	if n != 0 {
		t.Errorf("%d blocks written by refused batches", n)
	}
}

func TestProfilesRoundTrip(t *testing.T) {
	tm := newTeam(t)
	p := Profile{Rev: 2, DisplayName: "Bo", TimeZone: "America/New_York", WorkStart: 8*time.Hour + 30*time.Minute,
		WorkEnd: 24 * time.Hour, Holidays: []tracker.Date{"2026-11-26", "2026-12-25"}, DeepMin: 90 * time.Minute,
		TargetUrgent: 2 * time.Hour, TargetImportant: 24 * time.Hour, DecisionWindow: 72 * time.Hour}
	p.WorkDays[time.Sunday], p.WorkDays[time.Monday], p.WorkDays[time.Thursday] = true, true, true
	c, err := ProfileChange(p)
	if err != nil {
		t.Fatal(err)
	}
	bo := tm.remote("bo")
	if res := tm.push(bo, c); res.Applied != 1 {
		t.Errorf("profile push: %+v", res)
	}
	older := c
	older.Rev = 1
	if res := tm.push(bo, older); res.Stale != 1 {
		t.Errorf("an older profile: %+v, want stale", res)
	}
	changes, _, err := tm.remote("ada").Pull(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 {
		t.Fatalf("ada pulled %d changes, want bo's profile", len(changes))
	}
	got, err := changes[0].Profile()
	if err != nil {
		t.Fatal(err)
	}
	p.Member = "bo"
	if fmt.Sprint(got) != fmt.Sprint(p) {
		t.Errorf("pulled profile\n %+v\nwant\n %+v", got, p)
	}
	if _, err := ProfileChange(Profile{Rev: 1, TimeZone: "Mars/Olympus"}); err == nil {
		t.Error("a profile in an unknown zone was accepted")
	}
}

// rawPush writes one deliverable inside an open transaction, as Push does, and returns the
// transaction so that the test decides when it commits.
func rawPush(t *testing.T, db *gorm.DB, title string) *gorm.DB {
	t.Helper()
	tx := db.Begin()
	if tx.Error != nil {
		t.Fatal(tx.Error)
	}
	err := tx.Exec("INSERT INTO shiplog.deliverables (uid, rev, title, status) VALUES (?, 1, ?, 'planned')", newUID(t), title).Error
	if err != nil {
		t.Fatal(err)
	}
	return tx
}

func titles(t *testing.T, changes []Change) []string {
	t.Helper()
	var out []string
	for _, c := range changes {
		var d Deliverable
		if err := json.Unmarshal(c.Data, &d); err != nil {
			t.Fatal(err)
		}
		out = append(out, d.Title)
	}
	sort.Strings(out)
	return out
}

func TestPullNeverSkipsATransactionThatCommitsLate(t *testing.T) {
	tm := newTeam(t)
	cy := tm.remote("cy")
	// ada's transaction starts first and so has the lower id; bo's commits first.
	adaTx := rawPush(t, tm.as("ada"), "early id, late commit")
	boTx := rawPush(t, tm.as("bo"), "late id, early commit")
	if err := boTx.Commit().Error; err != nil {
		t.Fatal(err)
	}

	first, cursor, err := cy.Pull(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	// bo's row is committed, but a transaction below it is still open: it waits for the next pull,
	// where both arrive. A sequence cursor would hand it out now and then skip ada's.
	if len(first) != 0 {
		t.Errorf("first pull got %v while an older transaction was open, want nothing yet", titles(t, first))
	}
	if err := adaTx.Commit().Error; err != nil {
		t.Fatal(err)
	}
	second, cursor2, err := cy.Pull(t.Context(), cursor)
	if err != nil {
		t.Fatal(err)
	}
	got := titles(t, second)
	if len(got) != 2 {
		t.Fatalf("second pull got %v, want both rows", got)
	}
	third, _, err := cy.Pull(t.Context(), cursor2)
	if err != nil {
		t.Fatal(err)
	}
	if len(third) != 0 {
		t.Errorf("a third pull got %v again", titles(t, third))
	}
}

func TestPullSeesAnUpdateAgainAndATombstone(t *testing.T) {
	tm := newTeam(t)
	ada, bo := tm.remote("ada"), tm.remote("bo")
	uid := newUID(t)
	tm.push(ada, mustChange(t, Decisions, uid, 1, Decision{Title: "Ship on Fridays", ProposedAt: at("2026-11-23T09:00:00Z"), Deadline: at("2026-11-26T09:00:00Z")}))
	_, cursor, err := bo.Pull(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	tm.push(ada, Tombstone(Decisions, uid, 2))
	changes, _, err := bo.Pull(t.Context(), cursor)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || !changes[0].Deleted || changes[0].Rev != 2 || changes[0].Data != nil {
		t.Errorf("after the delete bo pulled %+v, want one tombstone at rev 2", changes)
	}
}

// memLocal is an in-memory Local: an outbox and the rows pulled from teammates.
type memLocal struct {
	outbox     map[uuid.UUID]Change
	order      []uuid.UUID
	rows       map[uuid.UUID]Change
	cursor     Cursor
	failPushed int // fail this many Pushed calls: the reply that never arrived
}

func newMemLocal() *memLocal {
	return &memLocal{outbox: map[uuid.UUID]Change{}, rows: map[uuid.UUID]Change{}}
}

func (l *memLocal) record(c Change) {
	if _, ok := l.outbox[c.UID]; !ok {
		l.order = append(l.order, c.UID)
	}
	l.outbox[c.UID] = c
}

func (l *memLocal) Pending(ctx context.Context, limit int) ([]Change, error) {
	var out []Change
	for _, id := range l.order {
		if c, ok := l.outbox[id]; ok {
			out = append(out, c)
			if len(out) == limit {
				break
			}
		}
	}
	return out, nil
}

func (l *memLocal) Pushed(ctx context.Context, sent []Change) error {
	if l.failPushed > 0 {
		l.failPushed--
		return errors.New("the process was killed before it cleared the outbox")
	}
	for _, c := range sent {
		if cur, ok := l.outbox[c.UID]; ok && cur.Rev == c.Rev {
			delete(l.outbox, c.UID)
		}
	}
	var order []uuid.UUID
	for _, id := range l.order {
		if _, ok := l.outbox[id]; ok {
			order = append(order, id)
		}
	}
	l.order = order
	return nil
}

func (l *memLocal) Cursor(ctx context.Context) (Cursor, error) { return l.cursor, nil }

func (l *memLocal) Apply(ctx context.Context, pulled []Change, next Cursor) error {
	for _, c := range pulled {
		if old, ok := l.rows[c.UID]; !ok || c.Rev > old.Rev {
			l.rows[c.UID] = c
		}
	}
	l.cursor = next
	return nil
}

func TestSyncSurvivesALostReplyWithoutDuplicates(t *testing.T) {
	tm := newTeam(t)
	ada, bo := tm.remote("ada"), tm.remote("bo")
	local := newMemLocal()
	const n = BatchSize + 1234
	for i := range n {
		start := at("2026-11-02T08:00:00Z").Add(time.Duration(i) * time.Hour)
		local.record(mustChange(t, Blocks, newUID(t), 1, block("deep", fmt.Sprint("goal ", i), start.Format(time.RFC3339), start.Add(50*time.Minute).Format(time.RFC3339))))
	}
	local.record(mustChange(t, Deliverables, newUID(t), 1, Deliverable{Title: "CSV export", Status: "shipped"}))

	// The first batch reaches the server, but the reply is lost.
	local.failPushed = 1
	if _, err := Sync(t.Context(), ada, local); err == nil {
		t.Fatal("sync with a lost reply reported success")
	}
	res, err := Sync(t.Context(), ada, local)
	if err != nil {
		t.Fatal(err)
	}
	if res.Stale != BatchSize || res.Pushed != n+1-BatchSize {
		t.Errorf("second sync: %+v, want the first batch stale and the rest pushed", res)
	}
	var count, distinct int64
	tm.admin.Raw("SELECT count(*), count(DISTINCT uid) FROM shiplog.blocks WHERE member = 'ada'").Row().Scan(&count, &distinct)
	if count != n || distinct != n {
		t.Errorf("server holds %d blocks (%d distinct), want %d", count, distinct, n)
	}
	if len(local.outbox) != 0 {
		t.Errorf("%d changes left in the outbox", len(local.outbox))
	}
	// A sync with nothing to do pushes nothing and pulls nothing.
	again, err := Sync(t.Context(), ada, local)
	if err != nil || again.Pushed+again.Stale+again.Pulled != 0 {
		t.Errorf("idle sync: %+v, %v", again, err)
	}
	// bo receives ada's deliverable, not her blocks.
	boLocal := newMemLocal()
	got, err := Sync(t.Context(), bo, boLocal)
	if err != nil {
		t.Fatal(err)
	}
	if got.Pulled != 1 || len(boLocal.rows) != 1 {
		t.Errorf("bo's sync: %+v, want ada's one deliverable", got)
	}
}

func TestSyncKeepsTheOutboxWhileTheServerRefuses(t *testing.T) {
	tm := newTeam(t)
	ada := tm.remote("ada")
	local := newMemLocal()
	local.record(mustChange(t, Handoffs, newUID(t), 1, Handoff{Day: "2026-11-23", Note: "over to you", At: at("2026-11-23T17:00:00Z")}))
	// The admin locks ada out and ends her sessions: her next connection is refused.
	if err := tm.admin.Exec("ALTER ROLE ada NOLOGIN").Error; err != nil {
		t.Fatal(err)
	}
	if err := tm.admin.Exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'ada'").Error; err != nil {
		t.Fatal(err)
	}
	if _, err := Sync(t.Context(), ada, local); err == nil {
		t.Fatal("sync succeeded while the server refused the login")
	}
	if len(local.outbox) != 1 {
		t.Fatalf("a failed sync left %d changes in the outbox, want 1", len(local.outbox))
	}
	if err := tm.admin.Exec("ALTER ROLE ada LOGIN").Error; err != nil {
		t.Fatal(err)
	}
	res, err := Sync(t.Context(), ada, local)
	if err != nil {
		t.Fatal(err)
	}
	var n int64
	tm.admin.Raw("SELECT count(*) FROM shiplog.handoffs").Scan(&n)
	if res.Pushed != 1 || n != 1 || len(local.outbox) != 0 {
		t.Errorf("after the server let ada back in: %+v, server holds %d, outbox %d", res, n, len(local.outbox))
	}
}
