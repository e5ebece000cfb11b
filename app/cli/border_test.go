package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestReportOutIsPrivateAndReplacesNothingWithoutForce(t *testing.T) {
	c := newOpsCLI(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "week.pdf")
	c.ok("report", "--out", out)
	if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("report file: %v, mode %v; want 0600", err, st.Mode())
	}
	if err := os.WriteFile(out, []byte("my notes, not a report"), 0o600); err != nil {
		t.Fatal(err)
	}
	c.fails(2, "already exists; use --force", "report", "--out", out)
	if b, _ := os.ReadFile(out); string(b) != "my notes, not a report" {
		t.Fatal("the existing file was replaced without --force")
	}
	victim := filepath.Join(dir, "victim.txt")
	if err := os.WriteFile(victim, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.pdf")
	if err := os.Symlink(victim, link); err != nil {
		t.Fatal(err)
	}
	c.fails(2, "already exists", "report", "--out", link)
	c.fails(2, "not a regular file", "report", "--out", link, "--force")
	if b, _ := os.ReadFile(victim); string(b) != "keep me" {
		t.Fatal("the link's target was written")
	}
	c.ok("report", "--out", out, "--force")
	if b, _ := os.ReadFile(out); !strings.HasPrefix(string(b), "%PDF") {
		t.Error("--force did not replace the file with the report")
	}
}

func TestAutostartSettingAndEntryStayConsistent(t *testing.T) {
	t.Run("when the entry cannot be written the setting is not changed, and the error says why", func(t *testing.T) {
		c := newOpsCLI(t)
		cfg := os.Getenv("XDG_CONFIG_HOME")
		// A file where the autostart folder should be.
		if err := os.WriteFile(filepath.Join(cfg, "autostart"), nil, 0o600); err != nil {
			t.Fatal(err)
		}
		c.fails(1, "autostart is still false", "config", "set", "autostart", "true")
		if got := c.ok("config", "get", "autostart"); got != "false\n" {
			t.Errorf("autostart = %q after the entry failed", got)
		}
	})
	t.Run("a database chosen with SHIPLOG_DB is named in the entry", func(t *testing.T) {
		c := newOpsCLI(t)
		t.Setenv("XDG_DATA_HOME", t.TempDir())
		t.Setenv("SHIPLOG_DB", c.db)
		code, _, se := runDefaultDB(c, "config", "set", "autostart", "true")
		if code != 0 {
			t.Fatal(se)
		}
		b, err := os.ReadFile(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "autostart", "shiplog.desktop"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "--db "+c.db) {
			t.Errorf("the entry does not name the database:\n%s", b)
		}
		c.ok("config", "set", "autostart", "false")
		if _, err := os.Stat(filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "autostart", "shiplog.desktop")); !os.IsNotExist(err) {
			t.Errorf("the entry is still there: %v", err)
		}
	})
}

// runDefaultDB runs a command line without --db, so that SHIPLOG_DB chooses the database.
func runDefaultDB(c *opsCLI, args ...string) (int, string, string) {
	c.t.Helper()
	var out, errb strings.Builder
	code := Run(&Env{Clock: c.clock, Stdout: &out, Stderr: &errb}, args)
	return code, out.String(), errb.String()
}
