package cli

import (
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shiplog/tracker/postgres"
	"shiplog/tracker/postgres/pgtest"
)

// addMember adds name to the team at server and returns the URL they join with.
func addMember(t *testing.T, admin *member, server, name string, manager bool) string {
	t.Helper()
	args := []string{"team", "add-member", name, "--server", server, "--json"}
	if manager {
		args = append(args, "--manager")
	}
	var nm struct{ URL string }
	if err := json.Unmarshal([]byte(admin.ok(args...)), &nm); err != nil {
		t.Fatal(err)
	}
	return nm.URL
}

// joined is a member who joined the team with URL, in zone.
func joined(t *testing.T, joinURL, zone string) *member {
	t.Helper()
	m := newMember(t)
	m.ok("config", "set", "timezone", zone)
	m.ok("team", "join", joinURL)
	return m
}

func decodeJSON[T any](t *testing.T, raw string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("%v: %s", err, raw)
	}
	return v
}

func TestWorkBetweenMembersEndToEnd(t *testing.T) {
	d := pgtest.NewDB(t)
	admin, server := newMember(t), d.AdminURL()
	admin.ok("team", "init", "--server", server)
	adaURL := addMember(t, admin, server, "ada", false)
	ada := joined(t, adaURL, "Europe/Berlin")
	bo := joined(t, addMember(t, admin, server, "bo", false), "America/Los_Angeles")
	mia := joined(t, addMember(t, admin, server, "mia", true), "UTC")
	ada.ok("project", "add", "Atlas")
	ada.ok("block", "add", "deep", "--project", "Atlas", "--from", "2026-11-20T08:00:00Z", "--to", "2026-11-20T10:00:00Z", "--goal", "parser")

	st := decodeJSON[teamStatusJSON](t, ada.ok("team", "status", "--json"))
	if st.Pending < 3 || st.LastSync != nil {
		t.Errorf("ada's status before her first sync: %+v, want her project, block and profile pending", st)
	}
	sync := decodeJSON[teamSyncJSON](t, ada.ok("team", "sync", "--json"))
	if sync.Member != "ada" || !sync.Reset || sync.Pushed < 3 || sync.Pending != 0 || sync.LastSync == "" {
		t.Errorf("ada's first sync: %+v", sync)
	}
	for _, m := range []*member{bo, mia, ada} {
		m.ok("team", "sync")
	}

	t.Run("a request to a teammate reaches them and its answer comes back", func(t *testing.T) {
		out := ada.ok("request", "add", "Review the API draft", "--to", "bo", "--priority", "important")
		if !strings.Contains(out, "sent request") || !strings.Contains(out, "bo's business hours") {
			t.Errorf("request add --to said %q", out)
		}
		ada.ok("team", "sync")
		bo.ok("team", "sync")
		got := decodeJSON[[]requestJSON](t, bo.ok("request", "list", "--json"))
		if len(got) != 1 || got[0].From != "ada" || got[0].DueAt == nil {
			t.Fatalf("bo's requests: %+v", got)
		}
		bo.ok("request", "reply", fmt.Sprint(got[0].ID), "--minutes", "15")
		bo.ok("team", "sync")
		ada.ok("team", "sync")
		sent := decodeJSON[[]requestJSON](t, ada.ok("request", "list", "--sent", "--json"))
		if len(sent) != 1 || sent[0].To != "bo" || sent[0].State != "answered_in_time" || sent[0].ResponseBusinessSeconds == nil {
			t.Errorf("ada's sent requests: %+v", sent)
		}
		if mine := decodeJSON[[]requestJSON](t, ada.ok("request", "list", "--json")); len(mine) != 0 {
			t.Errorf("ada's received requests hold her sent one: %+v", mine)
		}
	})

	t.Run("a team decision is everyone's, and an objection needs no --by in a team", func(t *testing.T) {
		ada.ok("decision", "propose", "Ship on Fridays", "--team")
		ada.ok("team", "sync")
		bo.ok("team", "sync")
		ds := decodeJSON[[]decisionJSON](t, bo.ok("decision", "list", "--json"))
		if len(ds) != 1 || !ds[0].Team || ds[0].Proposer != "ada" {
			t.Fatalf("bo's decisions: %+v", ds)
		}
		if text := bo.ok("decision", "list"); !strings.Contains(text, "proposed by ada") {
			t.Errorf("bo's decision list says %q", text)
		}
		bo.ok("decision", "object", fmt.Sprint(ds[0].ID), "--reason", "Fridays are for on-call handovers")
		bo.ok("team", "sync")
		ada.ok("team", "sync")
		mine := decodeJSON[[]decisionJSON](t, ada.ok("decision", "list", "--json"))
		if len(mine) != 1 || len(mine[0].Objections) != 1 || mine[0].Objections[0].By != "bo" || mine[0].Proposer != "ada" {
			t.Errorf("ada's decisions after bo objected: %+v", mine)
		}
		code, _, se := bo.run("", "decision", "close", fmt.Sprint(ds[0].ID), "--reject")
		if code != 2 || !strings.Contains(se, "only its proposer") {
			t.Errorf("bo closing ada's decision: exit %d, %q", code, se)
		}
	})

	t.Run("the manager's live team report, and nobody else's", func(t *testing.T) {
		rep := decodeJSON[teamReportJSON](t, mia.ok("team", "report", "--week", "2026-W47", "--json"))
		var names []string
		for _, m := range rep.Members {
			names = append(names, m.Name)
		}
		if strings.Join(names, ",") != "ada,bo,mia" || rep.Members[0].DeepHours != 2 || rep.Members[0].Zone != "Europe/Berlin" {
			t.Errorf("mia's live report: %+v", rep)
		}
		pdfPath := filepath.Join(t.TempDir(), "team.pdf")
		mia.ok("team", "report", "--week", "2026-W47", "--out", pdfPath)
		if b, err := os.ReadFile(pdfPath); err != nil || !strings.HasPrefix(string(b), "%PDF") {
			t.Errorf("the live team PDF: %v", err)
		}
		code, _, se := ada.run("", "team", "report", "--week", "2026-W47", "--json")
		if code != 2 || !strings.Contains(se, "manager") {
			t.Errorf("ada's live team report: exit %d, %q", code, se)
		}
	})

	t.Run("with the server down, sync says why on one line and nothing is lost", func(t *testing.T) {
		ada.ok("block", "add", "async", "--project", "Atlas", "--from", "2026-11-20T11:00:00Z", "--to", "2026-11-20T12:00:00Z")
		// The stored login now points where nothing answers (join itself would refuse it).
		down, _ := url.Parse(adaURL)
		down.Host = "127.0.0.1:1"
		q := down.Query()
		q.Del("host")
		q.Del("port")
		down.RawQuery = q.Encode()
		pw, _ := postgres.Password(adaURL)
		if err := postgres.SaveLogin(filepath.Join(ada.config, "shiplog"), postgres.Login{Server: postgres.Redact(down.String()), Member: "ada"}, pw); err != nil {
			t.Fatal(err)
		}
		code, so, se := ada.run("", "team", "sync")
		if code != 1 || !strings.Contains(se, "cannot be reached") || strings.Count(strings.TrimSpace(se), "\n") != 0 || so != "" {
			t.Errorf("sync with the server down: exit %d, stdout %q, stderr %q", code, so, se)
		}
		if st := decodeJSON[teamStatusJSON](t, ada.ok("team", "status", "--json")); st.Pending == 0 {
			t.Errorf("the block waits nowhere: %+v", st)
		}
		ada.ok("team", "join", adaURL)
		if res := decodeJSON[teamSyncJSON](t, ada.ok("team", "sync", "--json")); res.Pending != 0 || res.Pushed == 0 {
			t.Errorf("the sync after the server came back: %+v", res)
		}
	})
}
