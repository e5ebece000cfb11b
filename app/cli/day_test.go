package cli

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// dayCLI is the ops CLI at Friday 27 November 2026, 10:00 UTC, in UTC, with a project, a
// deliverable shipped this morning, an urgent request due at 11:00 and a decision that closes on
// Monday, the next working day.
func dayCLI(t *testing.T) *opsCLI {
	t.Helper()
	c := newOpsCLI(t)
	c.ok("config", "set", "timezone", "UTC")
	svc, err := sqlite.OpenService(c.db, tracker.WithClock(c.clock))
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.AddProject(tracker.Project{Name: "Billing API"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Ship(tracker.ShipInput{Title: "Invoice numbering", Project: "Billing API", At: opsNow.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddRequest(tracker.Request{Subject: "Prod down", From: "Ops", Priority: tracker.PriorityUrgent, ReceivedAt: opsNow.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ProposeDecision(tracker.Decision{Title: "Freeze on Mondays", ProposedAt: opsNow.Add(-time.Hour),
		Deadline: time.Date(2026, 11, 30, 16, 0, 0, 0, time.UTC)}); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDayClose(t *testing.T) {
	t.Run("shows what the day held and records the answers", func(t *testing.T) {
		c := dayCLI(t)
		out := c.ok("day", "close", "--tomorrow", "Write the tax tests", "--project", "billing api", "--handoff", "Numbering is live", "--energy", "4")
		for _, want := range []string{
			"Fri 27 Nov 2026: closed at 2026-11-27 10:00",
			"Shipped: Invoice numbering (Billing API)",
			"Deep work: 0m of 3h goal",
			"Requests open: 1\n  Prod down (urgent): due in 1h (today 11:00)",
			"Decisions closing by Mon 30 Nov:\n  Freeze on Mondays: closes Mon 30 Nov 16:00",
			"Tomorrow's first block: Write the tax tests (Billing API), offered on Mon 30 Nov",
			"Handoff: Numbering is live",
			"Energy: 4 of 5",
		} {
			if !strings.Contains(out, want) {
				t.Errorf("day close lacks %q:\n%s", want, out)
			}
		}
	})

	t.Run("closing again updates the day and keeps what it leaves out", func(t *testing.T) {
		c := dayCLI(t)
		c.ok("day", "close", "--handoff", "Numbering is live")
		c.clock.Advance(time.Hour)
		var j dayJSON
		if err := json.Unmarshal([]byte(c.ok("day", "close", "--energy", "2", "--json")), &j); err != nil {
			t.Fatal(err)
		}
		if !j.Closed || j.Close.Handoff != "Numbering is live" || *j.Close.Energy != 2 || j.Close.ClosedAt != "2026-11-27T11:00:00Z" ||
			j.Close.Tomorrow != nil || j.Close.Zone != "UTC" {
			t.Errorf("second close %+v", j.Close)
		}
		if len(j.Summary.Shipped) != 1 || j.Summary.DeepWorkText != "0m of 3h goal" || j.Summary.NextWorkday != "2026-11-30" ||
			len(j.Summary.OpenRequests) != 1 || !j.Summary.OpenRequests[0].Overdue || j.Summary.OpenRequests[0].DueText != "overdue since Fri 27 Nov 11:00" ||
			len(j.Summary.DecisionsClosing) != 1 {
			t.Errorf("summary %+v", j.Summary)
		}
		c.ok("day", "close", "--handoff", "")
		if out := c.ok("day", "show"); strings.Contains(out, "Handoff:") || !strings.Contains(out, "Energy: 2 of 5") {
			t.Errorf("after clearing the handoff:\n%s", out)
		}
	})

	t.Run("bad answers exit 2 naming the field, and write nothing", func(t *testing.T) {
		for _, tc := range []struct {
			args []string
			want string
		}{
			{[]string{"--energy", "0"}, `energy: must be from 1 to 5; got "0"`},
			{[]string{"--energy", "6"}, `energy: must be from 1 to 5; got "6"`},
			{[]string{"--energy", "high"}, `energy: must be a whole number from 1 to 5; got "high"`},
			{[]string{"--tomorrow", "Ship it"}, "project: must be set with tomorrow's goal"},
			{[]string{"--project", "Billing API"}, "tomorrow: must be set with a project"},
			{[]string{"--tomorrow", "Ship it", "--project", "Biling API"}, `project "Biling API" not found; did you mean "Billing API"?`},
			{[]string{"--energy", "3", "extra"}, "unknown command"},
		} {
			c := dayCLI(t)
			c.fails(2, tc.want, append([]string{"day", "close"}, tc.args...)...)
			if out := c.ok("day", "show"); !strings.Contains(out, "not closed") {
				t.Errorf("%v wrote a close:\n%s", tc.args, out)
			}
		}
	})
}

func TestDayShow(t *testing.T) {
	c := dayCLI(t)
	t.Run("a day not closed shows its summary and says so", func(t *testing.T) {
		out := c.ok("day", "show", "2026-11-26")
		if !strings.Contains(out, "Thu 26 Nov 2026: not closed.") || !strings.Contains(out, "Shipped: nothing") ||
			strings.Contains(out, "Tomorrow's first block") {
			t.Errorf("day show of a day not closed:\n%s", out)
		}
		var j dayJSON
		if err := json.Unmarshal([]byte(c.ok("day", "show", "2026-11-26", "--json")), &j); err != nil {
			t.Fatal(err)
		}
		if j.Closed || j.Close != nil || j.Date != "2026-11-26" || j.Summary.AsOf != "2026-11-27T00:00:00Z" {
			t.Errorf("json %+v", j)
		}
		if raw := c.ok("day", "show", "2026-11-26", "--json"); !strings.Contains(raw, `"close": null`) {
			t.Errorf("the close of a day not closed is not null:\n%s", raw)
		}
	})
	t.Run("today, once closed", func(t *testing.T) {
		c.ok("day", "close", "--energy", "5")
		if out := c.ok("day", "show"); !strings.Contains(out, "Fri 27 Nov 2026: closed at 2026-11-27 10:00.") || !strings.Contains(out, "Tomorrow's first block: not planned") {
			t.Errorf("day show:\n%s", out)
		}
	})
	t.Run("bad dates exit 2", func(t *testing.T) {
		c.fails(2, `date: must be a date like 2026-11-25; got "27.11."`, "day", "show", "27.11.")
		c.fails(2, "2026-12-01 has not started yet", "day", "show", "2026-12-01")
		c.fails(2, "accepts at most 1 arg", "day", "show", "2026-11-26", "2026-11-27")
		c.fails(2, "needs a subcommand", "day")
	})
}

func TestCheckin(t *testing.T) {
	c := newOpsCLI(t)
	c.ok("config", "set", "timezone", "UTC")
	if out := c.ok("checkin", "--satisfaction", "4", "--balance", "2", "--note", "late calls"); out != "Checked in for 2026-W48: satisfaction 4, balance 2.\n" {
		t.Errorf("checkin printed %q", out)
	}
	var j struct {
		Week         string `json:"week"`
		Satisfaction int    `json:"satisfaction"`
		Note         string `json:"note"`
	}
	if err := json.Unmarshal([]byte(c.ok("checkin", "--satisfaction", "5", "--balance", "3", "--json")), &j); err != nil {
		t.Fatal(err)
	}
	if j.Week != "2026-W48" || j.Satisfaction != 5 || j.Note != "late calls" {
		t.Errorf("checking in again: %+v; want the week updated, the note kept", j)
	}
	c.fails(2, `satisfaction: must be from 1 to 5; got "0"`, "checkin", "--satisfaction", "0", "--balance", "3")
	c.fails(2, `balance: must be from 1 to 5; got "6"`, "checkin", "--satisfaction", "3", "--balance", "6")
	c.fails(2, `required flag(s) "balance" not set`, "checkin", "--satisfaction", "3")

	t.Run("update draft leaves the check-in out unless asked", func(t *testing.T) {
		if out := c.ok("update", "draft"); strings.Contains(out, "satisfaction") {
			t.Errorf("the default draft shows the check-in:\n%s", out)
		}
		if out := c.ok("update", "draft", "--check-in"); !strings.Contains(out, "- Check-in: satisfaction 5, balance 3 (2026-W48).") {
			t.Errorf("the draft with --check-in:\n%s", out)
		}
	})
}
