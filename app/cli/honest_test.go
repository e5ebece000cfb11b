package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
)

// fail runs a command that must fail with exit 2 and returns its one-line stderr.
func (c *cliT) fail(args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(args...)
	if code != 2 {
		c.t.Fatalf("%v: exit %d, want 2; stdout %q stderr %q", args, code, out, errs)
	}
	if strings.Count(errs, "\n") != 1 {
		c.t.Errorf("%v: stderr is not one line: %q", args, errs)
	}
	return errs
}

// noRFC3339 fails when text shows a time the way JSON does, not the way a person types it.
func noRFC3339(t *testing.T, text string) {
	t.Helper()
	for _, bad := range []string{"T0", "T1", "T2", ":00Z"} {
		if strings.Contains(text, bad) {
			t.Errorf("%q shows a time in RFC 3339", text)
		}
	}
}

// TestTimesInMessagesAreInTheConfiguredZone runs each command whose output or error names a time
// with a zone set west and one east of UTC: the times show as typed there, never in UTC.
func TestTimesInMessagesAreInTheConfiguredZone(t *testing.T) {
	for _, zone := range []string{"America/Chicago", "Asia/Kathmandu"} {
		t.Run(zone, func(t *testing.T) {
			c := newCLI(t)
			c.clock.Advance(12 * time.Hour) // Monday 2026-11-23 20:00 UTC: 14:00 in Chicago, Tuesday 01:45 in Kathmandu.
			c.ok("config", "set", "timezone", zone)
			c.ok("project", "add", "A")
			loc, _ := time.LoadLocation(zone)
			// local is a wall-clock time on Monday in the zone, as the user types it, and as
			// messages must show it (with the zone's abbreviation when it is not the machine's).
			local := func(hhmm string) (typed, shown string) {
				t0, err := time.ParseInLocation("2006-01-02 15:04", "2026-11-23 "+hhmm, loc)
				if err != nil {
					t.Fatal(err)
				}
				return "2026-11-23 " + hhmm, tracker.When(t0, loc)
			}
			checkErr := func(errs, want string) {
				t.Helper()
				if !strings.HasSuffix(strings.TrimSpace(errs), want) {
					t.Errorf("stderr\n %q\nwant it to end\n %q", errs, want)
				}
				noRFC3339(t, errs)
			}
			checkOut := func(out, want string) {
				t.Helper()
				if out != want+"\n" {
					t.Errorf("stdout\n %q\nwant\n %q", out, want)
				}
				noRFC3339(t, out)
			}

			from, fromShown := local("10:30")
			to, toShown := local("10:00")
			if !strings.HasPrefix(fromShown, "2026-11-23 10:30") {
				t.Fatalf("10:30 in %s shows as %q", zone, fromShown)
			}
			checkErr(c.fail("block", "add", "deep", "--project", "A", "--from", from, "--to", to),
				"end: must be after the start ("+fromShown+"); got "+toShown)

			nine, nineShown := local("09:00")
			ten, tenShown := local("10:00")
			c.ok("block", "add", "deep", "--project", "A", "--goal", "g", "--from", nine, "--to", ten)
			half, _ := local("09:30")
			checkErr(c.fail("block", "add", "meeting", "--project", "A", "--from", half, "--to", from),
				"overlaps block 1 (A, deep, "+nineShown+" to "+tenShown+")")

			eleven, elevenShown := local("11:00")
			checkOut(c.ok("start", "shallow", "--project", "A", "--at", eleven), "started block 2: Shallow on A at "+elevenShown)
			checkErr(c.fail("start", "shallow", "--project", "A", "--at", from),
				"block 2 is running since "+elevenShown+"; a new block must start after it")
			c.ok("stop", "--at", "2026-11-23 11:30")
			checkOut(c.ok("block", "delete", "1"), "deleted block 1 (A, deep, "+nineShown+")")

			// 23:30 today lies ahead in both zones.
			now := c.clock.Now().In(loc)
			late := time.Date(now.Year(), now.Month(), now.Day(), 23, 30, 0, 0, loc)
			checkErr(c.fail("block", "add", "meeting", "--project", "A", "--from", "23:00", "--to", "23:30"),
				"end: "+tracker.When(late, loc)+" is in the future; planned time belongs in the block's plan (--plan)")

			c.ok("request", "add", "Review", "--priority", "normal", "--at", eleven)
			checkErr(c.fail("request", "reply", "1", "--at", ten),
				"replied_at: must not be before the request was received ("+elevenShown+"); got "+tenShown)
			checkErr(c.fail("decision", "propose", "Adopt MADR", "--at", eleven, "--deadline", ten),
				"deadline: must be after the proposal time ("+elevenShown+"); got "+tenShown)
		})
	}
}

func TestStartingDeepWorkWithoutAGoalHintsAtStop(t *testing.T) {
	c := newCLI(t)
	c.ok("project", "add", "A")
	hint := "no goal: deep work without a goal is not counted; add one with `shiplog stop --goal …`\n"

	code, out, errs := c.run("start", "deep", "--project", "A")
	if code != 0 || errs != hint || !strings.HasPrefix(out, "started block 1: Deep work on A at ") {
		t.Fatalf("exit %d, stdout %q, stderr %q; want the hint on stderr", code, out, errs)
	}
	c.clock.Advance(90 * time.Minute)
	if errs := c.fail("stop", "--goal", strings.Repeat("g", 201)); !strings.Contains(errs, "goal: must be at most 200 characters") {
		t.Errorf("a long goal: %q", errs)
	}
	if errs := c.fail("stop", "--goal", ""); !strings.Contains(errs, "--goal must not be empty") {
		t.Errorf("an empty goal: %q", errs)
	}
	code, out, errs = c.run("stop", "--goal", "Draft the export schema")
	if code != 0 || errs != "" || out != "stopped block 1: Deep work on A, 1:30\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
	var bs []blockJSON
	json.Unmarshal([]byte(c.ok("block", "list", "--json")), &bs)
	if len(bs) != 1 || bs[0].Goal != "Draft the export schema" {
		t.Fatalf("blocks %+v", bs)
	}

	for _, args := range [][]string{{"start", "deep", "--project", "A", "--goal", "Schema"}, {"start", "meeting", "--project", "A"}} {
		if code, _, errs := c.run(args...); code != 0 || errs != "" {
			t.Errorf("%v: exit %d, stderr %q; want no hint", args, code, errs)
		}
		c.clock.Advance(10 * time.Minute)
	}
	c.ok("stop")

	// Stopped without a goal, the block says how to give it one afterwards.
	c.run("start", "deep", "--project", "A")
	c.clock.Advance(time.Hour)
	code, _, errs = c.run("stop")
	if want := "no goal: deep work without a goal is not counted; add one with `shiplog block edit 4 --goal …`\n"; code != 0 || errs != want {
		t.Errorf("exit %d, stderr %q; want %q", code, errs, want)
	}
}

func TestShipShipsThePlannedDeliverable(t *testing.T) {
	c := newCLI(t)
	c.ok("project", "add", "Shiplog API")
	c.ok("deliverable", "add", "CSV export", "--project", "Shiplog API")
	c.clock.Advance(72 * time.Hour)

	if got := c.ok("ship", " csv Export ", "--project", "shiplog api", "--link", "https://git.example.com/pr/42"); got != "shipped deliverable 1 \"CSV export\" (planned since 2026-11-23)\n" {
		t.Errorf("ship: %q", got)
	}
	var ds []deliverableJSON
	json.Unmarshal([]byte(c.ok("deliverable", "list", "--json")), &ds)
	if len(ds) != 1 || ds[0].Status != "shipped" || ds[0].Link != "https://git.example.com/pr/42" {
		t.Fatalf("deliverables %+v; want the planned one shipped, no duplicate", ds)
	}
	if got := c.ok("ship", "CSV export", "--project", "Shiplog API"); got != "recorded a new shipped deliverable 2 \"CSV export\" in Shiplog API\n" {
		t.Errorf("a title with nothing open: %q", got)
	}

	c.ok("deliverable", "add", "Docs", "--project", "Shiplog API")
	c.ok("deliverable", "add", "docs", "--project", "Shiplog API", "--status", "in_progress")
	errs := c.fail("ship", "Docs", "--project", "Shiplog API")
	want := `2 open deliverables of project "Shiplog API" are titled "Docs": 3 (planned) and 4 (in progress); ship one by its ID, with --id 3 or --id 4`
	if !strings.HasSuffix(strings.TrimSpace(errs), want) {
		t.Errorf("stderr %q; want it to end %q", errs, want)
	}
	if got := c.ok("ship", "--id", "4"); got != "shipped deliverable 4 \"docs\" (in progress since 2026-11-26)\n" {
		t.Errorf("ship --id: %q", got)
	}
}

func TestDurationsNeedTheirUnit(t *testing.T) {
	c := newCLI(t)
	c.ok("project", "add", "A")
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"config", "set", "sla.urgent", "2"}, "sla.urgent: 2 has no unit; use 2h or 120m"},
		{[]string{"config", "set", "deep.min", "90"}, "deep.min: 90 has no unit; use 90m or 1h30m"},
		{[]string{"config", "set", "deep.min", "9h"}, `deep.min: must be between 1m and 8h; got "9h"`},
		{[]string{"config", "set", "timer.forgotten", "5m"}, `timer.forgotten: must be between 10m and 24h; got "5m"`},
		{[]string{"config", "set", "goal.deep", "200h"}, `goal.deep: must be between 0h and 168h; got "200h"`},
		{[]string{"start", "deep", "--project", "A", "--goal", "g", "--plan", "90"}, "plan: 90 has no unit; use 90m or 1h30m"},
		{[]string{"start", "deep", "--project", "A", "--goal", "g", "--plan", "1500m"}, "plan: must be between 0m and 24h; got 25h"},
	}
	for _, tc := range cases {
		if errs := c.fail(tc.args...); !strings.HasSuffix(strings.TrimSpace(errs), tc.want) {
			t.Errorf("%v: stderr %q; want it to end %q", tc.args, errs, tc.want)
		}
	}
	if got := c.ok("config", "get", "sla.urgent"); got != "2h\n" {
		t.Errorf("a refused value was stored: sla.urgent = %q", got)
	}
	c.ok("config", "set", "goal.deep", "15h")
	c.ok("config", "set", "sla.urgent", "90m")
	c.ok("start", "deep", "--project", "A", "--goal", "g", "--plan", "1:30")
	for _, line := range strings.Split(c.ok("config", "--help"), "\n") {
		if f := strings.Fields(line); len(f) > 0 && f[0] == "goal.deep" && !strings.Contains(line, "weekly deep-work goal in hours") {
			t.Errorf("config --help does not say goal.deep's unit: %q", line)
		}
	}
}

// TestChangingATargetDoesNotMoveTheDueTimeOfLoggedRequests checks that a request keeps the due
// time it got when it arrived: a later target applies to later requests only.
func TestChangingATargetDoesNotMoveTheDueTimeOfLoggedRequests(t *testing.T) {
	c := newCLI(t)
	c.ok("config", "set", "timezone", "UTC")
	c.clock.Advance(3 * time.Hour) // Monday 11:00
	c.ok("request", "add", "Prod alert", "--priority", "urgent", "--at", "09:10")
	before := c.ok("request", "list")
	var rs []requestJSON
	json.Unmarshal([]byte(c.ok("request", "list", "--json")), &rs)
	if len(rs) != 1 || *rs[0].DueAt != "2026-11-23T11:10:00Z" {
		t.Fatalf("requests %+v", rs)
	}

	c.ok("config", "set", "sla.urgent", "4h")
	if after := c.ok("request", "list"); after != before {
		t.Errorf("the listing changed with the target:\n%s\nthen\n%s", before, after)
	}
	json.Unmarshal([]byte(c.ok("request", "list", "--json")), &rs)
	if *rs[0].DueAt != "2026-11-23T11:10:00Z" {
		t.Errorf("due %s after the target changed; want 11:10 still", *rs[0].DueAt)
	}
	c.ok("request", "add", "Second alert", "--priority", "urgent", "--at", "09:10")
	json.Unmarshal([]byte(c.ok("request", "list", "--json")), &rs)
	if len(rs) != 2 || *rs[1].DueAt != "2026-11-23T13:10:00Z" {
		t.Errorf("a new request under the 4h target: %+v", rs)
	}
}

func TestNoBlockInTheFuture(t *testing.T) {
	c := newCLI(t)
	c.ok("config", "set", "timezone", "UTC")
	c.ok("project", "add", "A")
	c.clock.Advance(12*time.Hour + 42*time.Minute + 30*time.Second) // 20:42:30

	future := "end: 2026-11-23 23:30 UTC is in the future; planned time belongs in the block's plan (--plan)"
	if tracker.When(time.Date(2026, 11, 23, 23, 30, 0, 0, time.UTC), time.UTC) == "2026-11-23 23:30" {
		future = "end: 2026-11-23 23:30 is in the future; planned time belongs in the block's plan (--plan)" // the machine runs in UTC
	}
	if errs := c.fail("block", "add", "meeting", "--project", "A", "--from", "23:00", "--to", "23:30"); !strings.HasSuffix(strings.TrimSpace(errs), future) {
		t.Errorf("stderr %q; want it to end %q", errs, future)
	}
	if errs := c.fail("start", "deep", "--project", "A", "--at", "20:45"); !strings.Contains(errs, "start: 2026-11-23 20:45") ||
		!strings.Contains(errs, "is in the future") {
		t.Errorf("a start three minutes ahead: %q", errs)
	}
	c.ok("block", "add", "meeting", "--project", "A", "--from", "19:00", "--to", "20:00")
	if errs := c.fail("block", "edit", "1", "--to", "21:00"); !strings.Contains(errs, "is in the future") {
		t.Errorf("an edit into the future: %q", errs)
	}
	// Half a minute ahead is clock skew, not planning.
	c.ok("start", "deep", "--project", "A", "--goal", "g", "--at", "20:43")
	c.clock.Advance(time.Hour)
	c.ok("stop")
	c.ok("start", "shallow", "--project", "A")
}

func TestWordsAPersonReads(t *testing.T) {
	c := newCLI(t)
	dir := t.TempDir()
	c.ok("config", "set", "timezone", "UTC")
	c.ok("project", "add", "A")

	t.Run("replies and objections are counted in words", func(t *testing.T) {
		c.ok("request", "add", "Review", "--priority", "urgent", "--at", "07:00")
		if got := c.ok("request", "reply", "1", "--at", "07:30"); got != "request 1: answered in time (1 reply)\n" {
			t.Errorf("first reply: %q", got)
		}
		if got := c.ok("request", "reply", "1"); got != "request 1: answered in time (2 replies)\n" {
			t.Errorf("second reply: %q", got)
		}
		c.ok("decision", "propose", "Async stand-up", "--at", "07:00")
		if got := c.ok("decision", "object", "1", "--by", "Sam", "--reason", "On call"); got != "decision 1 has 1 objection\n" {
			t.Errorf("object: %q", got)
		}
		if got := c.ok("decision", "object", "1", "--by", "Kim", "--reason", "Time zones"); got != "decision 1 has 2 objections\n" {
			t.Errorf("object: %q", got)
		}
	})
	t.Run("states read as words in tables and messages, as enum values in JSON", func(t *testing.T) {
		// Urgent, received Monday 09:00: due 11:00. At 14:00 it is three business hours overdue.
		c.ok("request", "add", "Prod alert", "--priority", "urgent", "--at", "2026-11-23 09:00")
		c.ok("decision", "propose", "Adopt MADR", "--at", "2026-11-23 07:00", "--deadline", "2026-11-23 07:30")
		c.ok("deliverable", "add", "Dark mode", "--project", "A", "--status", "in_progress")
		c.clock.Advance(6 * time.Hour) // 14:00
		list := c.ok("request", "list")
		for _, want := range []string{"overdue by 3 business hours", "answered in time"} {
			if !strings.Contains(list, want) {
				t.Errorf("request list does not say %q:\n%s", want, list)
			}
		}
		if strings.Contains(list, "answered_in_time") || strings.Contains(list, "overdue\t") {
			t.Errorf("request list shows enum values:\n%s", list)
		}
		if got := c.ok("decision", "list"); !strings.Contains(got, "accepted by silence") {
			t.Errorf("decision list:\n%s", got)
		}
		if got := c.ok("deliverable", "list"); !strings.Contains(got, "in progress") || strings.Contains(got, "in_progress") {
			t.Errorf("deliverable list:\n%s", got)
		}
		if got := c.ok("decision", "close", "2", "--reject", "--outcome", "No"); got != "decision 2 \"Adopt MADR\" closed: rejected\n" {
			t.Errorf("close: %q", got)
		}
		var rs []requestJSON
		json.Unmarshal([]byte(c.ok("request", "list", "--json")), &rs)
		if rs[0].State != "overdue" {
			t.Errorf("JSON state %q, want the enum value overdue", rs[0].State)
		}
	})
	t.Run("export ics says how many events it wrote", func(t *testing.T) {
		c.ok("block", "add", "deep", "--project", "A", "--goal", "g", "--from", "09:00", "--to", "10:00")
		c.ok("block", "add", "meeting", "--project", "A", "--from", "10:00", "--to", "10:30")
		c.ok("start", "shallow", "--project", "A") // running: no event
		out := filepath.Join(dir, "week.ics")
		if got := c.ok("export", "ics", "--out", out); got != "wrote 2 events to "+out+"\n" {
			t.Errorf("export ics: %q", got)
		}
	})
	t.Run("export csv to a file name writes that file for one entity", func(t *testing.T) {
		out := filepath.Join(dir, "week.csv")
		if got := c.ok("export", "csv", "--entity", "blocks", "--out", out); got != "wrote 3 blocks to "+out+"\n" {
			t.Errorf("export csv --entity: %q", got)
		}
		if st, err := os.Stat(out); err != nil || !st.Mode().IsRegular() {
			t.Fatalf("%s is not a file: %v", out, err)
		}
	})
	t.Run("export csv of every entity to a file name says it wants a folder", func(t *testing.T) {
		out := filepath.Join(dir, "all.csv")
		errs := c.fail("export", "csv", "--out", out)
		if !strings.Contains(errs, "--out must be a folder") || !strings.Contains(errs, "--entity blocks") {
			t.Errorf("stderr %q", errs)
		}
		if _, err := os.Stat(out); !os.IsNotExist(err) {
			t.Errorf("%s was created: %v", out, err)
		}
		folder := filepath.Join(dir, "csv")
		want := "wrote 8 files (1 project, 0 milestones, 1 deliverable, 3 blocks, 2 requests, 2 decisions, 2 objections and 1 setting) to " + folder + "\n"
		if got := c.ok("export", "csv", "--out", folder); got != want {
			t.Errorf("export csv:\n got %q\nwant %q", got, want)
		}
	})
	t.Run("errors end in their reason, not in the sentinel's word", func(t *testing.T) {
		out := filepath.Join(dir, "week.ics")
		errs := c.fail("export", "ics", "--out", out)
		if !strings.HasSuffix(strings.TrimSpace(errs), "already exists; use --force to overwrite it") {
			t.Errorf("stderr %q", errs)
		}
		errs = c.fail("export", "csv", "--out", filepath.Join(dir, "csv"))
		if !strings.HasSuffix(strings.TrimSpace(errs), "already exists; use --force to overwrite it") {
			t.Errorf("stderr %q", errs)
		}
		for _, args := range [][]string{{"block", "add", "deep", "--project", "A", "--from", "09:30", "--to", "09:45"}, {"stop"}, {"stop"}, {"ship", "--id", "9"}} {
			code, _, errs := c.run(args...)
			for _, word := range []string{": invalid", ": conflict", ": not found"} {
				if code != 0 && strings.HasSuffix(strings.TrimSpace(errs), word) {
					t.Errorf("%v: %q ends in %q", args, errs, word)
				}
			}
		}
	})
	t.Run("projects say whether they are archived in words", func(t *testing.T) {
		if got := c.ok("project", "archive", "A"); got != "archived project \"A\"\n" {
			t.Errorf("archive: %q", got)
		}
		if got := c.ok("project", "archive", "A", "--undo"); got != "project \"A\" is active again\n" {
			t.Errorf("undo: %q", got)
		}
	})
}

func TestVersionFlagPrintsWhatTheVersionCommandPrints(t *testing.T) {
	c := newCLI(t)
	want := c.ok("version")
	if got := c.ok("--version"); got != want {
		t.Errorf("--version printed %q, version %q", got, want)
	}
}
