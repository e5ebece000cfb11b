package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shiplog/app/desktop"
)

func TestBackupAndRestoreCommands(t *testing.T) {
	c := newOpsCLI(t)
	c.ok("config", "set", "timezone", "UTC")
	c.ok("config", "set", "sla.urgent", "3h")
	out := c.ok("backup")
	want := filepath.Join(filepath.Dir(c.db), "shiplog-backup-2026-11-27.db")
	if out != "backed up to "+want+"\n" {
		t.Fatalf("backup printed %q", out)
	}
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	c.ok("backup", "--out", copyPath)
	c.fails(2, "already exists", "backup", "--out", copyPath)

	c.ok("config", "set", "sla.urgent", "1h")
	out = c.ok("restore", copyPath)
	if !strings.Contains(out, "restored "+copyPath) || !strings.Contains(out, "the previous database is kept at") {
		t.Fatalf("restore printed %q", out)
	}
	if got := c.ok("config", "get", "sla.urgent"); got != "3h\n" {
		t.Fatalf("after restore sla.urgent = %q, want the backed-up 3h", got)
	}

	bad := filepath.Join(t.TempDir(), "bad.db")
	if err := os.WriteFile(bad, []byte("this is not SQLite, but long enough to look like a file"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.fails(2, "not a readable database", "restore", bad)
	c.fails(2, "not found", "restore", filepath.Join(t.TempDir(), "missing.db"))
	c.fails(2, "accepts 1 arg", "restore")
	if got := c.ok("config", "get", "sla.urgent"); got != "3h\n" {
		t.Fatalf("a refused restore changed the data: %q", got)
	}
}

func TestRestoreRefusesWhileTheAppOrTheDaemonHasTheDatabase(t *testing.T) {
	c := newOpsCLI(t)
	c.ok("config", "set", "sla.urgent", "3h")
	copyPath := filepath.Join(t.TempDir(), "copy.db")
	c.ok("backup", "--out", copyPath)
	c.ok("config", "set", "sla.urgent", "1h")
	for _, l := range []struct{ path, who string }{
		{desktop.InstanceLockPath(c.db), desktop.WhoApp},
		{desktop.JobsLockPath(c.db), desktop.WhoDaemon},
	} {
		lock, err := desktop.TryLock(l.path, l.who)
		if err != nil {
			t.Fatal(err)
		}
		c.fails(1, fmt.Sprintf("%s (pid %d) has %s open", l.who, os.Getpid(), c.db), "restore", copyPath)
		lock.Close()
		if got := c.ok("config", "get", "sla.urgent"); got != "1h\n" {
			t.Fatalf("a refused restore changed the data: %q", got)
		}
	}
	c.ok("restore", copyPath)
	if got := c.ok("config", "get", "sla.urgent"); got != "3h\n" {
		t.Fatalf("after restore sla.urgent = %q", got)
	}
}
