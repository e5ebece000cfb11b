package sqlite_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/google/uuid"

	"shiplog/tracker"
	"shiplog/tracker/postgres"
	"shiplog/tracker/sqlite"
)

// mustLocal opens the sync side of svc's database.
func mustLocal(t testing.TB, svc *tracker.Service) *sqlite.Local {
	t.Helper()
	l, err := sqlite.OpenLocal(svc.Path(), func() string { return "Europe/Berlin" })
	if err != nil {
		t.Fatal(err)
	}
	l.SetClock(svc.Clock())
	t.Cleanup(func() { l.Close() })
	return l
}

// queued maps each outbox row to its revision and whether it is a tombstone, by "table uid".
type queued map[string]struct {
	rev     int64
	deleted bool
}

func outbox(t *testing.T, path string) queued {
	t.Helper()
	db := rawDB(t, path)
	rows, err := db.Query("SELECT tbl, uid, rev, deleted FROM outbox")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := queued{}
	for rows.Next() {
		var tbl, uid string
		var rev int64
		var deleted bool
		if err := rows.Scan(&tbl, &uid, &rev, &deleted); err != nil {
			t.Fatal(err)
		}
		out[tbl+" "+uid] = struct {
			rev     int64
			deleted bool
		}{rev, deleted}
	}
	return out
}

func (q queued) count(table string) int {
	n := 0
	for k := range q {
		if len(k) > len(table) && k[:len(table)+1] == table+" " {
			n++
		}
	}
	return n
}

// uidOf reads a row's uid and rev.
func uidOf(t *testing.T, path, table string, id uint) (string, int64) {
	t.Helper()
	var uid sql.NullString
	var rev int64
	if err := rawDB(t, path).QueryRow("SELECT uid, rev FROM "+table+" WHERE id = ?", id).Scan(&uid, &rev); err != nil {
		t.Fatalf("%s %d: %v", table, id, err)
	}
	if !uid.Valid {
		t.Fatalf("%s %d has no uid", table, id)
	}
	return uid.String, rev
}

func TestEveryWritePathReachesTheOutbox(t *testing.T) {
	svc, clock := mustOpen(t)
	path := svc.Path()
	base := outbox(t, path)
	if len(base) != 1 || base.count("members") != 1 {
		t.Fatalf("a new database's outbox holds %v, want only the profile", base)
	}

	p := mustProject(t, svc, "Atlas")
	d, err := svc.AddDeliverable(tracker.Deliverable{Title: "CSV export", Project: "Atlas"})
	if err != nil {
		t.Fatal(err)
	}
	start := t0.Add(-3 * time.Hour)
	b, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Atlas", Start: start, End: ptr(start.Add(time.Hour)), Goal: "parser"})
	if err != nil {
		t.Fatal(err)
	}
	q := outbox(t, path)
	for _, table := range []string{"projects", "deliverables", "blocks"} {
		if q.count(table) != 1 {
			t.Errorf("after creating one of each, %d %s are queued", q.count(table), table)
		}
	}

	t.Run("every row gets a UUIDv7 made here", func(t *testing.T) {
		for table, id := range map[string]uint{"projects": p.ID, "deliverables": d.ID, "blocks": b.ID} {
			uid, rev := uidOf(t, path, table, id)
			u, err := uuid.Parse(uid)
			if err != nil || u.Version() != 7 || u.Variant() != uuid.RFC4122 {
				t.Errorf("%s %d: uid %q is not a UUIDv7", table, id, uid)
			}
			if rev < 1 {
				t.Errorf("%s %d: rev %d", table, id, rev)
			}
		}
	})

	t.Run("edits coalesce into one row at the newest revision", func(t *testing.T) {
		uid, rev0 := uidOf(t, path, "blocks", b.ID)
		for i := range 3 {
			goal := fmt.Sprint("parser, take ", i)
			if _, err := svc.EditBlock(b.ID, tracker.BlockPatch{Goal: &goal}); err != nil {
				t.Fatal(err)
			}
		}
		_, rev := uidOf(t, path, "blocks", b.ID)
		q := outbox(t, path)
		if q.count("blocks") != 1 || q["blocks "+uid].rev != rev || rev < rev0+3 {
			t.Errorf("after three edits: outbox %v, row rev %d (was %d)", q["blocks "+uid], rev, rev0)
		}
	})

	t.Run("what the server does not hold changes nothing", func(t *testing.T) {
		_, revBefore := uidOf(t, path, "blocks", b.ID)
		if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindShallow, Project: "Atlas"}); err != nil {
			t.Fatal(err)
		}
		before := outbox(t, path)
		clock.Advance(time.Minute)
		if err := svc.Heartbeat(clock.Now()); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.SetProjectGoals(p.ID, 12, 2); err != nil { // local targets, not on the server
			t.Fatal(err)
		}
		if err := svc.SetSetting(tracker.SettingNotify, "false"); err != nil {
			t.Fatal(err)
		}
		after := outbox(t, path)
		if fmt.Sprint(after) != fmt.Sprint(before) {
			t.Errorf("a heartbeat, local goals and a local setting changed the outbox:\n%v\n%v", before, after)
		}
		if _, rev := uidOf(t, path, "blocks", b.ID); rev != revBefore {
			t.Errorf("the block's revision moved from %d to %d", revBefore, rev)
		}
	})

	t.Run("a delete leaves a tombstone at a higher revision", func(t *testing.T) {
		uid, rev := uidOf(t, path, "blocks", b.ID)
		if _, err := svc.DeleteBlock(b.ID); err != nil {
			t.Fatal(err)
		}
		got := outbox(t, path)["blocks "+uid]
		if !got.deleted || got.rev <= rev {
			t.Errorf("after the delete the outbox holds %+v, want a tombstone above rev %d", got, rev)
		}
	})

	t.Run("a bulk import queues every block", func(t *testing.T) {
		var bs []tracker.Block
		for i := range 1200 {
			s := t0.AddDate(0, 0, -30).Add(time.Duration(i) * 20 * time.Minute)
			bs = append(bs, tracker.Block{ProjectID: p.ID, Kind: tracker.KindAsync, Start: s, End: ptr(s.Add(10 * time.Minute))})
		}
		before := outbox(t, path).count("blocks")
		if err := svc.BulkInsertBlocks(bs); err != nil {
			t.Fatal(err)
		}
		if got := outbox(t, path).count("blocks"); got != before+1200 {
			t.Errorf("after importing 1200 blocks %d are queued, want %d", got, before+1200)
		}
	})

	t.Run("a profile setting queues the profile again", func(t *testing.T) {
		rev := outbox(t, path)["members "].rev
		if err := svc.SetSetting(tracker.SettingWorkhours, "08:00-16:00"); err != nil {
			t.Fatal(err)
		}
		if got := outbox(t, path)["members "].rev; got <= rev {
			t.Errorf("the profile's revision went from %d to %d", rev, got)
		}
	})

	t.Run("every synced table has its three triggers", func(t *testing.T) {
		rows, err := rawDB(t, path).Query("SELECT name FROM sqlite_master WHERE type = 'trigger'")
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		have := map[string]bool{}
		for rows.Next() {
			var n string
			rows.Scan(&n)
			have[n] = true
		}
		for _, table := range []string{"projects", "milestones", "deliverables", "blocks", "requests", "replies", "decisions", "objections", "handoffs", "check_ins"} {
			for _, op := range []string{"insert", "update", "delete"} {
				if name := table + "_outbox_" + op; !have[name] {
					t.Errorf("trigger %s is missing: a migration that rebuilt %s must create it again", name, table)
				}
			}
		}
	})
}

func TestPendingSendsTheServersColumns(t *testing.T) {
	svc, _ := mustOpen(t)
	l := mustLocal(t, svc)
	mustProject(t, svc, "Atlas")
	start := t0.Add(-2 * time.Hour)
	d, err := svc.AddDeliverable(tracker.Deliverable{Title: "CSV export", Project: "Atlas", Due: "2026-11-30"})
	if err != nil {
		t.Fatal(err)
	}
	did := d.ID
	b, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Atlas", Start: start, End: ptr(start.Add(90 * time.Minute)),
		Goal: "parser", PlannedSeconds: 3600, Interruptions: 2, DeliverableID: &did})
	if err != nil {
		t.Fatal(err)
	}
	dec, err := svc.ProposeDecision(tracker.Decision{Title: "Ship on Fridays", Team: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Object(dec.ID, tracker.Objection{By: "Sam", Reason: "on-call"}); err != nil {
		t.Fatal(err)
	}
	changes, err := l.Pending(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	byTable := map[postgres.Table][]postgres.Change{}
	for _, c := range changes {
		if err := c.Validate(); err != nil {
			t.Errorf("%s change does not validate: %v", c.Table, err)
		}
		byTable[c.Table] = append(byTable[c.Table], c)
	}
	var got postgres.Block
	if err := json.Unmarshal(byTable[postgres.Blocks][0].Data, &got); err != nil {
		t.Fatal(err)
	}
	projectUID, _ := uidOf(t, svc.Path(), "projects", b.ProjectID)
	delivUID, _ := uidOf(t, svc.Path(), "deliverables", d.ID)
	if got.ProjectUID == nil || got.ProjectUID.String() != projectUID || got.DeliverableUID == nil || got.DeliverableUID.String() != delivUID ||
		got.Kind != "deep" || !got.Start.Equal(start) || got.End == nil || !got.End.Equal(start.Add(90*time.Minute)) ||
		got.Goal != "parser" || got.PlannedSeconds != 3600 || got.Interruptions != 2 {
		t.Errorf("the block goes out as %+v", got)
	}
	var gd postgres.Deliverable
	json.Unmarshal(byTable[postgres.Deliverables][0].Data, &gd)
	if gd.Title != "CSV export" || gd.Status != "planned" || gd.DueDate == nil || *gd.DueDate != "2026-11-30" {
		t.Errorf("the deliverable goes out as %+v", gd)
	}
	var gdec postgres.Decision
	json.Unmarshal(byTable[postgres.Decisions][0].Data, &gdec)
	if !gdec.Team || gdec.Title != "Ship on Fridays" || gdec.ClosedState != nil {
		t.Errorf("the decision goes out as %+v", gdec)
	}
	var gob postgres.Objection
	json.Unmarshal(byTable[postgres.Objections][0].Data, &gob)
	if gob.DecisionUID != byTable[postgres.Decisions][0].UID || gob.By == nil || *gob.By != "Sam" {
		t.Errorf("the objection goes out as %+v", gob)
	}
	p, err := byTable[postgres.Members][0].Profile()
	if err != nil {
		t.Fatal(err)
	}
	if p.TimeZone != "Europe/Berlin" || p.WorkStart != 9*time.Hour || p.TargetUrgent != 2*time.Hour || p.DeepMin != time.Hour {
		t.Errorf("the profile goes out as %+v (an empty timezone setting sends the system's zone)", p)
	}
}

func TestPushedKeepsARowEditedDuringThePush(t *testing.T) {
	svc, _ := mustOpen(t)
	l := mustLocal(t, svc)
	p := mustProject(t, svc, "Atlas")
	batch, err := l.Pending(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	// The project is renamed while the batch is on its way.
	if _, err := svc.RenameProject(p.ID, "Atlas 2"); err != nil {
		t.Fatal(err)
	}
	if err := l.Pushed(t.Context(), batch); err != nil {
		t.Fatal(err)
	}
	left, err := l.Pending(t.Context(), 100)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || left[0].Table != postgres.Projects || left[0].Rev <= batch[0].Rev && batch[0].Table == postgres.Projects {
		t.Fatalf("left in the outbox: %v", left)
	}
	var pr postgres.Project
	json.Unmarshal(left[0].Data, &pr)
	if pr.Name != "Atlas 2" {
		t.Errorf("the renamed project goes out as %+v", pr)
	}
	if n, _ := l.PendingCount(t.Context()); n != 1 {
		t.Errorf("pending %d, want 1", n)
	}
}

// pulled builds a teammate's change as Pull returns it.
func pulled(t testing.TB, member string, table postgres.Table, uid uuid.UUID, rev int64, row any) postgres.Change {
	t.Helper()
	c, err := postgres.NewChange(table, uid, rev, row)
	if err != nil {
		t.Fatal(err)
	}
	c.Member = member
	return c
}

func profileOf(t testing.TB, member, zone string, rev int64) postgres.Change {
	t.Helper()
	m := tracker.TeammateOf(member, tracker.DefaultConfig(), zone)
	c, err := postgres.ProfileChange(postgres.ProfileOf(m, rev))
	if err != nil {
		t.Fatal(err)
	}
	c.Member = member
	return c
}

func TestApplyGivesTeammatesRowsLocalIDsAndPushesNothingBack(t *testing.T) {
	svc, _ := mustOpen(t)
	l := mustLocal(t, svc)
	ctx := context.Background()
	before, _ := l.PendingCount(ctx)
	received := t0.Add(-time.Hour)
	due := t0.Add(23 * time.Hour)
	reqUID, decUID, objUID, lateObj := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	to := "bo"
	err := l.Apply(ctx, []postgres.Change{
		profileOf(t, "ada", "Europe/Berlin", 3),
		pulled(t, "ada", postgres.Requests, reqUID, 1, postgres.Request{ToMember: &to, Subject: "Review the API draft",
			Priority: "important", ReceivedAt: received, DueAt: &due}),
		pulled(t, "ada", postgres.Decisions, decUID, 1, postgres.Decision{Title: "Ship on Fridays", Team: true,
			ProposedAt: received, Deadline: t0.Add(48 * time.Hour)}),
		pulled(t, "cy", postgres.Objections, objUID, 1, postgres.Objection{DecisionUID: decUID, Reason: "on-call", At: t0.Add(-time.Minute)}),
		pulled(t, "ada", postgres.Decisions, uuid.New(), 1, postgres.Decision{Title: "ada's own", ProposedAt: received, Deadline: t0.Add(time.Hour)}),
		pulled(t, "ada", postgres.Deliverables, uuid.New(), 1, postgres.Deliverable{Title: "ada's deliverable", Status: "shipped"}),
	}, 42)
	if err != nil {
		t.Fatal(err)
	}
	if c, _ := l.Cursor(ctx); c != 42 {
		t.Errorf("cursor %d, want 42", c)
	}
	if after, _ := l.PendingCount(ctx); after != before {
		t.Errorf("applying teammates' rows queued %d changes", after-before)
	}

	rs, err := svc.Requests(tracker.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].From != "ada" || rs[0].Author != "ada" || rs[0].DueAt == nil || !rs[0].DueAt.Equal(due) {
		t.Fatalf("requests after the pull: %+v", rs)
	}
	ds, err := svc.AllDecisions()
	if err != nil {
		t.Fatal(err)
	}
	if len(ds) != 1 || ds[0].Author != "ada" || !ds[0].Team || len(ds[0].Objections) != 1 || ds[0].Objections[0].By != "cy" {
		t.Fatalf("decisions after the pull: %+v", ds)
	}
	if own, _ := svc.Decisions(); len(own) != 0 {
		t.Errorf("a teammate's team decision counts among the user's own: %+v", own)
	}
	mates, err := svc.Teammates()
	if err != nil || len(mates) != 1 || mates[0].Name != "ada" || mates[0].Timezone != "Europe/Berlin" {
		t.Errorf("teammates: %+v, %v", mates, err)
	}

	t.Run("the user's reply is theirs and goes out; the request stays ada's", func(t *testing.T) {
		got, err := svc.ReplyRequest(rs[0].ID, tracker.ReplyInput{Minutes: 10})
		if err != nil {
			t.Fatal(err)
		}
		if got.State != tracker.RequestAnsweredInTime {
			t.Errorf("state %s", got.State)
		}
		changes, _ := l.Pending(ctx, 100)
		var replies, requests int
		for _, c := range changes {
			switch c.Table {
			case postgres.Replies:
				replies++
				var p postgres.Reply
				json.Unmarshal(c.Data, &p)
				if p.RequestUID != reqUID || p.MinutesSpent != 10 {
					t.Errorf("the reply goes out as %+v", p)
				}
			case postgres.Requests:
				requests++
			}
		}
		if replies != 1 || requests != 0 {
			t.Errorf("queued %d replies and %d requests, want the reply alone", replies, requests)
		}
	})

	t.Run("an older revision changes nothing, a newer one does", func(t *testing.T) {
		err := l.Apply(ctx, []postgres.Change{
			pulled(t, "ada", postgres.Requests, reqUID, 1, postgres.Request{ToMember: &to, Subject: "stale", Priority: "urgent", ReceivedAt: received}),
		}, 43)
		if err != nil {
			t.Fatal(err)
		}
		r, _ := svc.Request(rs[0].ID)
		if r.Subject != "Review the API draft" {
			t.Errorf("an older revision replaced the request: %+v", r)
		}
		err = l.Apply(ctx, []postgres.Change{
			pulled(t, "ada", postgres.Requests, reqUID, 2, postgres.Request{ToMember: &to, Subject: "Review the API draft v2",
				Priority: "important", ReceivedAt: received, DueAt: &due}),
		}, 44)
		if err != nil {
			t.Fatal(err)
		}
		r, _ = svc.Request(rs[0].ID)
		if r.Subject != "Review the API draft v2" || r.RepliedAt == nil || r.Replies != 1 {
			t.Errorf("a newer revision: %+v (the user's reply must stay)", r)
		}
	})

	t.Run("an objection that arrives before its decision waits for it", func(t *testing.T) {
		dec2 := uuid.New()
		err := l.Apply(ctx, []postgres.Change{
			pulled(t, "cy", postgres.Objections, lateObj, 1, postgres.Objection{DecisionUID: dec2, Reason: "later", At: t0.Add(-time.Minute)}),
		}, 45)
		if err != nil {
			t.Fatal(err)
		}
		err = l.Apply(ctx, []postgres.Change{
			pulled(t, "ada", postgres.Decisions, dec2, 1, postgres.Decision{Title: "Second", Team: true, ProposedAt: received, Deadline: t0.Add(time.Hour)}),
		}, 46)
		if err != nil {
			t.Fatal(err)
		}
		ds, _ := svc.AllDecisions()
		var objections int
		for _, d := range ds {
			if d.Title == "Second" {
				objections = len(d.Objections)
			}
		}
		if objections != 1 {
			t.Errorf("the second decision has %d objections, want the one that waited", objections)
		}
	})

	t.Run("a tombstone removes the copy", func(t *testing.T) {
		err := l.Apply(ctx, []postgres.Change{postgres.Tombstone(postgres.Decisions, decUID, 2)}, 47)
		if err == nil {
			t.Fatal("a pulled change without its author was accepted")
		}
		tomb := postgres.Tombstone(postgres.Decisions, decUID, 2)
		tomb.Member = "ada"
		if err := l.Apply(ctx, []postgres.Change{tomb}, 47); err != nil {
			t.Fatal(err)
		}
		ds, _ := svc.AllDecisions()
		var titles []string
		for _, d := range ds {
			titles = append(titles, d.Title)
		}
		sort.Strings(titles)
		if fmt.Sprint(titles) != "[Second]" {
			t.Errorf("decisions after the tombstone: %v", titles)
		}
	})

	t.Run("closing a teammate's decision is refused", func(t *testing.T) {
		ds, _ := svc.AllDecisions()
		if _, err := svc.CloseDecision(ds[0].ID, true, "", time.Time{}); err == nil {
			t.Error("closed a teammate's decision")
		}
	})
}

func TestJoiningAnotherTeamQueuesEverythingAgain(t *testing.T) {
	svc, _ := mustOpen(t)
	l := mustLocal(t, svc)
	ctx := context.Background()
	mustProject(t, svc, "Atlas")
	if reset, err := l.Joined(ctx, "postgres://db/one ada"); err != nil || !reset {
		t.Fatalf("first join: %v, %v", reset, err)
	}
	all, _ := l.Pending(ctx, 100)
	if err := l.Pushed(ctx, all); err != nil {
		t.Fatal(err)
	}
	if err := l.Apply(ctx, []postgres.Change{profileOf(t, "bo", "UTC", 1)}, 7); err != nil {
		t.Fatal(err)
	}
	if reset, err := l.Joined(ctx, "postgres://db/one ada"); err != nil || reset {
		t.Fatalf("the same team again: %v, %v", reset, err)
	}
	if n, _ := l.PendingCount(ctx); n != 0 {
		t.Errorf("the same team again queued %d", n)
	}
	if reset, err := l.Joined(ctx, "postgres://db/two ada"); err != nil || !reset {
		t.Fatalf("another team: %v, %v", reset, err)
	}
	if n, _ := l.PendingCount(ctx); n != len(all) {
		t.Errorf("another team queued %d, want all %d again", n, len(all))
	}
	if c, _ := l.Cursor(ctx); c != 0 {
		t.Errorf("the cursor stayed at %d", c)
	}
	if mates, _ := svc.Teammates(); len(mates) != 0 {
		t.Errorf("the old team's profiles stayed: %v", mates)
	}
}

func TestTheSyncMigrationGivesEveryRowAnIDAndQueuesIt(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shiplog.db")
	copyFileT(t, filepath.Join(migrationsDir, "v3.db"), path)
	before := rawCounts(t, path)
	svc, err := sqlite.OpenService(path)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	db := rawDB(t, path)
	total := 0
	for _, table := range []string{"projects", "milestones", "deliverables", "blocks", "requests", "decisions", "objections"} {
		var rows, ids, distinct, revs int
		err := db.QueryRow("SELECT count(*), count(uid), count(DISTINCT uid), count(*) FILTER (WHERE rev = 1) FROM "+table).Scan(&rows, &ids, &distinct, &revs)
		if err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf("%d rows,", rows); before[table][:len(want)] != want || ids != rows || distinct != rows || revs != rows {
			t.Errorf("%s: %d rows (%s before), %d ids, %d distinct, %d at rev 1", table, rows, before[table], ids, distinct, revs)
		}
		total += rows
	}
	q := outbox(t, path)
	if len(q) != total+1 {
		t.Errorf("the outbox holds %d, want every row (%d) and the profile", len(q), total)
	}
}

func ptr[T any](v T) *T { return &v }
