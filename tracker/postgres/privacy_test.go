package postgres

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"shiplog/tracker"
)

func block(kind, goal, from, to string) Block {
	end := at(to)
	return Block{Kind: kind, Goal: goal, Start: at(from), End: &end}
}

func TestEachMemberReadsOnlyTheirOwnBlocks(t *testing.T) {
	tm := newTeam(t)
	ada, bo := tm.remote("ada"), tm.remote("bo")
	tm.push(ada,
		mustChange(t, Blocks, newUID(t), 1, block("deep", "parser", "2026-11-23T08:00:00Z", "2026-11-23T10:00:00Z")),
		mustChange(t, Blocks, newUID(t), 1, block("meeting", "", "2026-11-23T11:00:00Z", "2026-11-23T11:30:00Z")))
	tm.push(bo, mustChange(t, Blocks, newUID(t), 1, block("async", "", "2026-11-23T14:00:00Z", "2026-11-23T15:00:00Z")))

	want := map[string]int{"ada": 2, "bo": 1, "cy": 0, "mia": 0}
	for name, n := range want {
		var members []string
		if err := tm.as(name).Raw("SELECT member FROM shiplog.blocks").Scan(&members).Error; err != nil {
			t.Fatalf("%s reads blocks: %v", name, err)
		}
		if len(members) != n {
			t.Errorf("%s sees %d blocks, want their own %d", name, len(members), n)
		}
		for _, m := range members {
			if m != name {
				t.Errorf("%s sees a block of %s", name, m)
			}
		}
	}
	// Nor do other members' blocks leak through a pull.
	changes, _, err := tm.remote("mia").Pull(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.Table == Blocks {
			t.Errorf("the manager pulled a block of %s", c.Member)
		}
	}
}

func TestChangingAnotherMembersRowChangesNothing(t *testing.T) {
	tm := newTeam(t)
	ada, bo := tm.remote("ada"), tm.remote("bo")
	blockUID, delivUID := newUID(t), newUID(t)
	tm.push(ada,
		mustChange(t, Blocks, blockUID, 1, block("deep", "parser", "2026-11-23T08:00:00Z", "2026-11-23T10:00:00Z")),
		mustChange(t, Deliverables, delivUID, 1, Deliverable{Title: "CSV export", Status: "planned"}))
	before := checksumRows(t, tm)

	t.Run("an UPDATE of a hidden row reports 0 rows", func(t *testing.T) {
		res := tm.as("bo").Exec("UPDATE shiplog.blocks SET goal = 'mine now' WHERE uid = ?", blockUID)
		if res.Error != nil || res.RowsAffected != 0 {
			t.Errorf("bo's UPDATE of ada's block: %d rows, %v; want 0 rows", res.RowsAffected, res.Error)
		}
		res = tm.as("bo").Exec("UPDATE shiplog.deliverables SET status = 'dropped' WHERE uid = ?", delivUID)
		if res.Error != nil || res.RowsAffected != 0 {
			t.Errorf("bo's UPDATE of ada's deliverable, which bo can read: %d rows, %v; want 0 rows", res.RowsAffected, res.Error)
		}
	})
	t.Run("a push over another member's block is a conflict", func(t *testing.T) {
		_, err := bo.Push(t.Context(), []Change{
			mustChange(t, Blocks, newUID(t), 1, block("deep", "bo's own", "2026-11-24T08:00:00Z", "2026-11-24T09:00:00Z")),
			mustChange(t, Blocks, blockUID, 2, block("deep", "taken over", "2026-11-23T08:00:00Z", "2026-11-23T10:00:00Z"))})
		if !errors.Is(err, tracker.ErrConflict) || !strings.Contains(err.Error(), "another member") {
			t.Errorf("push: %v, want a conflict naming another member", err)
		}
	})
	t.Run("a push that the server skips silently is counted and reported", func(t *testing.T) {
		// At a revision the server already has, ON CONFLICT skips the hidden row without a word
		// ("INSERT 0"); only the count tells.
		_, err := bo.Push(t.Context(), []Change{
			mustChange(t, Blocks, blockUID, 1, block("deep", "taken over", "2026-11-23T08:00:00Z", "2026-11-23T10:00:00Z"))})
		if !errors.Is(err, tracker.ErrConflict) || !strings.Contains(err.Error(), "changed 0 rows") {
			t.Errorf("push: %v, want a conflict saying the server changed 0 rows", err)
		}
	})
	t.Run("a push over another member's readable row names them", func(t *testing.T) {
		_, err := bo.Push(t.Context(), []Change{Tombstone(Deliverables, delivUID, 9)})
		if !errors.Is(err, tracker.ErrConflict) || !strings.Contains(err.Error(), "ada") {
			t.Errorf("push: %v, want a conflict naming ada", err)
		}
	})
	if after := checksumRows(t, tm); after != before {
		t.Error("the refused changes changed the server's rows")
	}
	var n int64
	tm.admin.Raw("SELECT count(*) FROM shiplog.blocks WHERE member = 'bo'").Scan(&n)
	if n != 0 {
		t.Errorf("bo's own block in the refused batch was written (%d rows); a batch is all or nothing", n)
	}
}

// checksumRows digests every row of every data table, as the admin sees them.
func checksumRows(t *testing.T, tm *team) string {
	t.Helper()
	var parts []string
	for _, tb := range tables {
		var s *string
		if err := tm.admin.Raw("SELECT md5(string_agg(to_jsonb(t)::text, ',' ORDER BY to_jsonb(t)::text)) FROM shiplog." + string(tb.name) + " t").Scan(&s).Error; err != nil {
			t.Fatal(err)
		}
		if s != nil {
			parts = append(parts, *s)
		} else {
			parts = append(parts, "-")
		}
	}
	return strings.Join(parts, " ")
}

func TestAMemberCannotWriteAsAnotherMember(t *testing.T) {
	tm := newTeam(t)
	bo := tm.as("bo")
	err := bo.Exec(`INSERT INTO shiplog.blocks (uid, member, rev, kind, start_at, end_at)
		VALUES (?, 'ada', 1, 'deep', now() - interval '1 hour', now())`, newUID(t)).Error
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("bo inserting a block as ada: %v, want a row-level security refusal", err)
	}
	err = bo.Exec(`INSERT INTO shiplog.members (member, rev, time_zone, work_days, work_start, work_end, deep_min_seconds)
		VALUES ('ada', 99, 'UTC', '{1}', '09:00', '17:00', 60)`).Error
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Errorf("bo writing ada's profile: %v, want a row-level security refusal", err)
	}
	// Identity comes from the login even when the client names no member, and a forged
	// transaction stamp is overwritten.
	uid := newUID(t)
	if err := bo.Exec(`INSERT INTO shiplog.handoffs (uid, rev, day, note, at, xid, updated_at)
		VALUES (?, 1, '2026-11-23', 'over to you', now(), '1'::xid8, '2000-01-01')`, uid).Error; err != nil {
		t.Fatal(err)
	}
	var row struct {
		Member string
		Old    bool
		Forged bool
	}
	tm.admin.Raw(`SELECT member, updated_at < '2001-01-01' AS old, xid = '1'::xid8 AS forged FROM shiplog.handoffs WHERE uid = ?`, uid).Scan(&row)
	if row.Member != "bo" || row.Old || row.Forged {
		t.Errorf("bo's handoff stored as %+v, want member bo and the server's own stamps", row)
	}
	// SET ROLE to a group role changes current_user, not the author.
	if err := bo.Exec(`SET ROLE shiplog_member; INSERT INTO shiplog.handoffs (uid, member, rev, day, note, at)
		VALUES (gen_random_uuid(), 'shiplog_member', 1, '2026-11-23', 'as the group', now())`).Error; err == nil ||
		!strings.Contains(err.Error(), "row-level security") {
		t.Errorf("bo writing a row as shiplog_member after SET ROLE: %v, want a row-level security refusal", err)
	}
	// Nobody but the admin deletes; a delete is a tombstone.
	if err := bo.Exec("RESET ROLE").Error; err != nil {
		t.Fatal(err)
	}
	if err := bo.Exec("DELETE FROM shiplog.handoffs WHERE uid = ?", uid).Error; err == nil || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("bo deleting a row: %v, want permission denied", err)
	}
}

func TestTeamReadsResultsAndTheEndsOfARequestReadIt(t *testing.T) {
	tm := newTeam(t)
	ada, bo, cy := tm.remote("ada"), tm.remote("bo"), tm.remote("cy")
	project, deliv, decision, request, private := newUID(t), newUID(t), newUID(t), newUID(t), newUID(t)
	tm.push(ada,
		mustChange(t, Projects, project, 1, Project{Name: "Shiplog API"}),
		mustChange(t, Milestones, newUID(t), 1, Milestone{ProjectUID: &project, Name: "Beta", DueDate: "2026-12-18"}),
		mustChange(t, Deliverables, deliv, 1, Deliverable{ProjectUID: &project, Title: "CSV export", Status: "shipped", ShippedAt: ptr(at("2026-11-23T15:00:00Z"))}),
		mustChange(t, Decisions, decision, 1, Decision{Title: "Use UUIDv7 ids", Team: true, ProposedAt: at("2026-11-23T09:00:00Z"), Deadline: at("2026-11-26T09:00:00Z")}),
		mustChange(t, Handoffs, newUID(t), 1, Handoff{Day: "2026-11-23", Note: "parser half done", At: at("2026-11-23T17:00:00Z")}),
		mustChange(t, Requests, request, 1, Request{ToMember: ptr("bo"), Subject: "Review the parser", Priority: "important", ReceivedAt: at("2026-11-23T10:00:00Z")}),
		mustChange(t, Requests, private, 1, Request{FromWho: "a customer", Subject: "Invoice question", Priority: "normal", ReceivedAt: at("2026-11-23T11:00:00Z")}))
	tm.push(cy, mustChange(t, Objections, newUID(t), 1, Objection{DecisionUID: decision, Reason: "v4 is enough", At: at("2026-11-24T09:00:00Z")}))
	reply := mustChange(t, Replies, newUID(t), 1, Reply{RequestUID: request, At: at("2026-11-23T16:00:00Z"), Body: "Looks good"})
	tm.push(bo, reply)

	pulled := func(r *Remote) map[Table]int {
		changes, _, err := r.Pull(t.Context(), 0)
		if err != nil {
			t.Fatal(err)
		}
		n := map[Table]int{}
		for _, c := range changes {
			n[c.Table]++
		}
		return n
	}
	for name, r := range map[string]*Remote{"bo": bo, "cy": cy, "mia": tm.remote("mia")} {
		n := pulled(r)
		for _, tb := range []Table{Projects, Milestones, Deliverables, Decisions, Handoffs} {
			if n[tb] != 1 {
				t.Errorf("%s pulled %d %s of ada's, want 1", name, n[tb], tb)
			}
		}
		wantReq, wantReply := 0, 0
		if name == "bo" {
			wantReq = 1 // addressed to bo; ada's private request stays hers
		}
		if n[Requests] != wantReq {
			t.Errorf("%s pulled %d requests, want %d", name, n[Requests], wantReq)
		}
		if name != "bo" && n[Replies] != wantReply {
			t.Errorf("%s pulled %d replies, want none: the thread is ada's and bo's", name, n[Replies])
		}
		if name != "cy" && n[Objections] != 1 {
			t.Errorf("%s pulled %d objections, want cy's", name, n[Objections])
		}
	}
	if n := pulled(ada); n[Replies] != 1 || n[Objections] != 1 {
		t.Errorf("ada pulled %d replies and %d objections, want bo's reply and cy's objection", n[Replies], n[Objections])
	}
	// cy cannot answer a request cy cannot see.
	_, err := cy.Push(t.Context(), []Change{mustChange(t, Replies, newUID(t), 1, Reply{RequestUID: request, At: at("2026-11-23T16:00:00Z"), Body: "me too"})})
	if !errors.Is(err, tracker.ErrConflict) {
		t.Errorf("cy replying to ada's request to bo: %v, want a conflict", err)
	}
}

func TestPulledRowsCarryTheirContent(t *testing.T) {
	tm := newTeam(t)
	ada := tm.remote("ada")
	uid := newUID(t)
	want := Deliverable{Title: "CSV export", Status: "shipped", Link: "https://example.com/pr/1", DueDate: ptr("2026-11-27"),
		ShippedAt: ptr(at("2026-11-23T15:00:00Z")), Notes: "with headers"}
	tm.push(ada, mustChange(t, Deliverables, uid, 3, want))
	changes, _, err := tm.remote("bo").Pull(t.Context(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(changes) != 1 || changes[0].UID != uid || changes[0].Rev != 3 || changes[0].Member != "ada" {
		t.Fatalf("pulled %+v, want ada's deliverable at rev 3", changes)
	}
	var got Deliverable
	if err := json.Unmarshal(changes[0].Data, &got); err != nil {
		t.Fatal(err)
	}
	if got.Title != want.Title || got.Link != want.Link || *got.DueDate != *want.DueDate || !got.ShippedAt.Equal(*want.ShippedAt) || got.Notes != want.Notes {
		t.Errorf("pulled %+v, want %+v", got, want)
	}
	if got.ProjectUID != nil {
		t.Errorf("project_uid %v, want none", got.ProjectUID)
	}
}
