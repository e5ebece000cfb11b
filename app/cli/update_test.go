package cli

import (
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

func TestUpdateDraftPrintsTheWeeksMarkdown(t *testing.T) {
	c := newOpsCLI(t)
	c.ok("config", "set", "timezone", "UTC")
	svc, err := sqlite.OpenService(c.db, tracker.WithClock(c.clock))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddProject(tracker.Project{Name: "Shiplog"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Ship(tracker.ShipInput{Title: "Weekly mail", Project: "Shiplog", Link: "https://example.com/pr/9", At: opsNow.Add(-time.Hour)}); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	out := c.ok("update", "draft")
	for _, want := range []string{"# Status update: 2026-W48", "## Context", "## Background", "- [Weekly mail](https://example.com/pr/9) (Shiplog, Fri 27 Nov)",
		"## Action needed", "## Deadline", "## Optional"} {
		if !strings.Contains(out, want) {
			t.Errorf("draft lacks %q:\n%s", want, out)
		}
	}
	if out := c.ok("update", "draft", "--week", "2026-W47"); !strings.Contains(out, "# Status update: 2026-W47") || !strings.Contains(out, "Nothing shipped") {
		t.Errorf("last week's draft:\n%s", out)
	}
	if out := c.ok("update", "draft", "--week", "2026w47"); !strings.Contains(out, "# Status update: 2026-W47") {
		t.Errorf("the week written without a dash:\n%s", out)
	}
	c.fails(2, "--week: must be an ISO week like 2026-W47", "update", "draft", "--week", "47")
	c.fails(2, "needs a subcommand", "update")
}
