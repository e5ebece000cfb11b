package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

func proposeForCLI(t *testing.T, c *opsCLI, titles ...string) {
	t.Helper()
	svc, err := sqlite.OpenService(c.db, tracker.WithClock(c.clock))
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	if err := svc.SetSetting("timezone", "UTC"); err != nil {
		t.Fatal(err)
	}
	for _, title := range titles {
		if _, err := svc.ProposeDecision(tracker.Decision{Title: title, ProposedAt: opsNow.Add(-time.Hour)}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestDecisionCloseCommand(t *testing.T) {
	c := newOpsCLI(t)
	proposeForCLI(t, c, "Adopt MADR", "Drop the tray")
	if out := c.ok("decision", "close", "1", "--accept", "--outcome", "Records go in docs/decisions"); out != "decision 1 \"Adopt MADR\" closed: accepted\n" {
		t.Fatalf("close printed %q", out)
	}
	c.ok("decision", "close", "2", "--reject", "--at", "09:30")
	svc, err := sqlite.OpenService(c.db, tracker.WithClock(c.clock))
	if err != nil {
		t.Fatal(err)
	}
	d, err := svc.Decision(2)
	svc.Close()
	if err != nil || d.State != tracker.DecisionRejected || d.ClosedAt == nil || !d.ClosedAt.Equal(time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)) {
		t.Fatalf("decision 2 = %+v, %v", d, err)
	}
	c.fails(2, "already closed", "decision", "close", "1", "--reject")
	c.fails(2, "exactly one of --accept or --reject", "decision", "close", "1")
	c.fails(2, "exactly one of --accept or --reject", "decision", "close", "1", "--accept", "--reject")
	c.fails(2, "decision ID must be a positive number", "decision", "close", "x", "--accept")
	c.fails(2, "decision 9 not found", "decision", "close", "9", "--accept")
	c.fails(2, "at: must be a time", "decision", "close", "2", "--accept", "--at", "yesterday")
}

func TestDecisionExportCommand(t *testing.T) {
	c := newOpsCLI(t)
	proposeForCLI(t, c, "Adopt MADR", "../../outside")
	dir := filepath.Join(t.TempDir(), "adr")
	if out := c.ok("decision", "export", "1", "--format", "madr", "--out", dir); out != "0001-adopt-madr.md\n" {
		t.Fatalf("export printed %q", out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "0001-adopt-madr.md"))
	if err != nil || !strings.Contains(string(b), "# Adopt MADR") || !strings.Contains(string(b), "status: proposed") {
		t.Fatalf("record: %v\n%s", err, b)
	}
	c.fails(2, "already exists", "decision", "export", "--all", "--out", dir)
	if _, err := os.Stat(filepath.Join(dir, "0002-outside.md")); err == nil {
		t.Fatal("a refused export wrote the other file")
	}
	if out := c.ok("decision", "export", "--all", "--out", dir, "--force"); out != "0001-adopt-madr.md\n0002-outside.md\n" {
		t.Fatalf("export --all printed %q", out)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("files were written outside the folder: %v", entries)
	}
	c.fails(2, "--format must be madr", "decision", "export", "1", "--format", "adr", "--out", dir)
	c.fails(2, "needs --out DIR", "decision", "export", "1")
	c.fails(2, "a decision ID or --all", "decision", "export", "1", "--all", "--out", dir)
	c.fails(2, "a decision ID or --all", "decision", "export", "--out", dir)
	c.fails(2, "decision 7 not found", "decision", "export", "7", "--out", dir)
}

func TestDecisionExtraHelpHasExamples(t *testing.T) {
	for _, cmd := range decisionExtraCmds(&Env{}) {
		if cmd.Example == "" {
			t.Errorf("decision %s has no example", cmd.Name())
		}
	}
}
