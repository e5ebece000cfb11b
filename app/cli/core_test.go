package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
)

// cliT runs commands against one database with a fake clock.
type cliT struct {
	t     *testing.T
	db    string
	clock *clockwork.FakeClock
}

func newCLI(t *testing.T) *cliT {
	t.Helper()
	// Monday 2026-11-23 08:00 UTC.
	return &cliT{t: t, db: filepath.Join(t.TempDir(), "s.db"), clock: clockwork.NewFakeClockAt(time.Date(2026, 11, 23, 8, 0, 0, 0, time.UTC))}
}

func (c *cliT) run(args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	code = Run(&Env{DBPath: c.db, Clock: c.clock, Stdout: &out, Stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func (c *cliT) ok(args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(args...)
	if code != 0 {
		c.t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	return out
}

func TestExitCodesAndOneLineErrors(t *testing.T) {
	c := newCLI(t)
	c.ok("--db", c.db, "project", "add", "Shiplog API")
	cases := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"an unknown command is a usage error", []string{"frobnicate"}, 2, "unknown command"},
		{"a missing required flag is a usage error", []string{"start", "deep"}, 2, "project"},
		{"an unknown flag is a usage error", []string{"start", "deep", "--project", "Shiplog API", "--bogus"}, 2, "bogus"},
		{"a bad kind is a usage error", []string{"start", "nap", "--project", "Shiplog API"}, 2, "KIND"},
		{"an unknown project lists close names", []string{"start", "deep", "--project", "Shiplog AP"}, 2, `did you mean "Shiplog API"`},
		{"a bad time names the flag", []string{"start", "deep", "--project", "Shiplog API", "--at", "soonish"}, 2, "at:"},
		{"stopping while idle is refused", []string{"stop"}, 2, "no block is running"},
		{"an end before the start names the field", []string{"block", "add", "deep", "--project", "Shiplog API", "--from", "07:00", "--to", "06:00"}, 2, "end: must be after the start"},
		{"a bad link names the field", []string{"ship", "X", "--project", "Shiplog API", "--link", "not a url"}, 2, "link:"},
		{"a bad priority names the field", []string{"request", "add", "X", "--priority", "asap"}, 2, "priority"},
		{"an objection needs a reason", []string{"decision", "object", "1", "--by", "Sam"}, 2, "reason"},
		{"a bad ID is a usage error", []string{"block", "delete", "abc"}, 2, "ID"},
		{"a missing block is not found", []string{"block", "delete", "99"}, 2, "block 99 not found"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			code, _, errs := c.run(tc.args...)
			if code != tc.code {
				t.Errorf("exit %d, want %d (%s)", code, tc.code, errs)
			}
			if !strings.Contains(errs, tc.want) {
				t.Errorf("stderr %q does not say %q", errs, tc.want)
			}
			if strings.Count(strings.TrimSpace(errs), "\n") > 0 {
				t.Errorf("stderr is more than one line: %q", errs)
			}
		})
	}
}

func TestAFailedCommandWritesNothing(t *testing.T) {
	c := newCLI(t)
	c.ok("project", "add", "A")
	c.ok("block", "add", "deep", "--project", "A", "--from", "2026-11-22 09:00", "--to", "2026-11-22 10:00")
	before := c.ok("block", "list", "--json")
	// The new block would stop nothing and overlap block 1: refused whole.
	if code, _, _ := c.run("block", "add", "meeting", "--project", "A", "--from", "2026-11-22 09:30", "--to", "2026-11-22 11:00"); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	if after := c.ok("block", "list", "--json"); after != before {
		t.Errorf("the database changed:\n%s\nthen\n%s", before, after)
	}
}

func TestStatusJSONHasTheStableShape(t *testing.T) {
	c := newCLI(t)
	c.ok("project", "add", "A")
	var idle map[string]any
	json.Unmarshal([]byte(c.ok("status", "--json")), &idle)
	if idle["running"] != false || idle["block"] != nil {
		t.Fatalf("idle status: %v", idle)
	}
	c.ok("start", "deep", "--project", "A", "--goal", "Write the spec", "--plan", "90m")
	c.clock.Advance(42 * time.Minute)
	var st struct {
		Running bool `json:"running"`
		Block   struct {
			ID             int    `json:"id"`
			Kind           string `json:"kind"`
			Project        string `json:"project"`
			Goal           string `json:"goal"`
			Start          string `json:"start"`
			ElapsedSeconds int    `json:"elapsed_seconds"`
		} `json:"block"`
	}
	if err := json.Unmarshal([]byte(c.ok("status", "--json")), &st); err != nil {
		t.Fatal(err)
	}
	if !st.Running || st.Block.Kind != "deep" || st.Block.Project != "A" || st.Block.Goal != "Write the spec" ||
		st.Block.Start != "2026-11-23T08:00:00Z" || st.Block.ElapsedSeconds != 42*60 {
		t.Errorf("got %+v", st)
	}
	// The running block is under the hour that deep work needs, so today it is short focus so far.
	if got := c.ok("status"); got != "Deep work · A · 0:42:00 of 1:30:00 · Write the spec\nDeep work today: 0m of 3h goal; 42m short focus, not counted\n" {
		t.Errorf("status %q", got)
	}
}

// TestAWeekFromTheTerminal logs a realistic week and checks what the JSON listings say.
func TestAWeekFromTheTerminal(t *testing.T) {
	c := newCLI(t)
	c.ok("project", "add", "Shiplog API", "--weekly-deep-hours", "12")
	c.ok("project", "add", "Hiring")
	c.ok("milestone", "add", "Beta", "--project", "Shiplog API", "--start", "2026-11-02", "--due", "2026-12-18")
	c.ok("deliverable", "add", "CSV export", "--project", "Shiplog API", "--due", "2026-11-27", "--milestone", "Beta")
	// The week is logged at noon, after the fact: no block may lie ahead of the clock.
	c.clock.Advance(4 * time.Hour) // 12:00
	c.ok("start", "deep", "--project", "Shiplog API", "--goal", "CSV export", "--deliverable", "1", "--at", "09:00")
	c.ok("stop", "--outcome", "Writer done", "--interruptions", "1", "--at", "10:30")
	c.ok("block", "add", "meeting", "--project", "Hiring", "--from", "11:00", "--to", "11:45", "--goal", "Panel")
	c.ok("request", "add", "Review the API draft", "--priority", "urgent", "--from", "Dana", "--at", "09:10")
	c.ok("request", "reply", "1", "--at", "10:40", "--minutes", "15")
	c.ok("ship", "--id", "1", "--link", "https://git.example.com/pr/42", "--at", "10:50")
	c.ok("decision", "propose", "Async stand-up", "--project", "Hiring", "--at", "09:00")

	var blocks []blockJSON
	json.Unmarshal([]byte(c.ok("block", "list", "--from", "2026-11-23", "--to", "2026-11-23", "--json")), &blocks)
	if len(blocks) != 2 || blocks[0].Seconds != 90*60 || blocks[0].Outcome != "Writer done" || *blocks[0].End != "2026-11-23T10:30:00Z" ||
		blocks[1].Kind != "meeting" || blocks[1].Seconds != 45*60 {
		t.Fatalf("blocks: %+v", blocks)
	}
	var ds []deliverableJSON
	json.Unmarshal([]byte(c.ok("deliverable", "list", "--json")), &ds)
	if len(ds) != 1 || ds[0].Status != "shipped" || ds[0].InvestedSeconds != 90*60 || ds[0].Milestone != "Beta" ||
		*ds[0].ShippedAt != "2026-11-23T10:50:00Z" || *ds[0].Due != "2026-11-27" {
		t.Fatalf("deliverables: %+v", ds)
	}
	var rs []requestJSON
	json.Unmarshal([]byte(c.ok("request", "list", "--json")), &rs)
	// Urgent: 2 business hours from 09:10 is 11:10; answered at 10:40 after 1.5 business hours.
	if len(rs) != 1 || *rs[0].DueAt != "2026-11-23T11:10:00Z" || rs[0].State != "answered_in_time" || *rs[0].ResponseBusinessSeconds != 5400 {
		t.Fatalf("requests: %+v", rs)
	}
	var dec []decisionJSON
	json.Unmarshal([]byte(c.ok("decision", "list", "--json")), &dec)
	// 72 business hours of 8 h a day from Monday 09:00 is nine working days: Thursday 2026-12-03 17:00.
	if len(dec) != 1 || dec[0].State != "open" || dec[0].Deadline != "2026-12-03T17:00:00Z" {
		t.Fatalf("decisions: %+v", dec)
	}
}

func TestHelpHasExamplesEverywhere(t *testing.T) {
	root := NewRoot(&Env{})
	for _, c := range root.Commands() {
		subs := c.Commands()
		if len(subs) == 0 && c.Example == "" && c.Name() != "help" {
			t.Errorf("%s --help has no example", c.CommandPath())
		}
		for _, s := range subs {
			if s.Example == "" && s.Name() != "help" {
				t.Errorf("%s --help has no example", s.CommandPath())
			}
		}
	}
}

func TestWithoutADisplayTheBareCommandExplainsInsteadOfCrashing(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	var out, errb bytes.Buffer
	opened := false
	code := Run(&Env{DBPath: filepath.Join(t.TempDir(), "s.db"), Stdout: &out, Stderr: &errb,
		OpenGUI: func(*tracker.Service) error { opened = true; return nil }}, nil)
	if code != 1 || opened || !strings.Contains(errb.String(), "no display") {
		t.Fatalf("exit %d, opened %v, stderr %q", code, opened, errb.String())
	}
}

func TestWriteJSONStreamsTheSameBytesAsTheEncoder(t *testing.T) {
	type row struct {
		ID   int     `json:"id"`
		Name string  `json:"name"`
		End  *string `json:"end"`
		Tags []int   `json:"tags"`
	}
	end := "2026-11-25T10:00:00Z"
	for _, v := range []any{[]row{}, []row{{1, "a<b>&", nil, nil}}, []row{{1, "x", &end, []int{1, 2}}, {2, "é \"q\"", nil, []int{}}}, map[string]int{"a": 1}} {
		var got, want bytes.Buffer
		if err := writeJSON(&Env{Stdout: &got}, v); err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		enc.Encode(v)
		if got.String() != want.String() {
			t.Errorf("got\n%s\nwant\n%s", got.String(), want.String())
		}
	}
}
