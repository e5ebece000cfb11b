package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestVersionPrintsTheBuildVersion(t *testing.T) {
	old := Version
	Version = "1.2.3"
	t.Cleanup(func() { Version = old })
	c := newCLI(t)
	out := c.ok("version")
	if !strings.HasPrefix(out, "shiplog 1.2.3 (go") {
		t.Errorf("version printed %q; want it to start with \"shiplog 1.2.3 (go\"", out)
	}
}

func TestConfigSetAutostartWritesAndRemovesTheLoginEntry(t *testing.T) {
	cfg := t.TempDir()
	t.Setenv("XDG_CONFIG_HOME", cfg)
	entry := filepath.Join(cfg, "autostart", "shiplog.desktop")
	c := newCLI(t)

	c.ok("config", "set", "autostart", "true")
	b, err := os.ReadFile(entry)
	if err != nil {
		t.Fatalf("no autostart entry after 'config set autostart true': %v", err)
	}
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	db, _ := filepath.Abs(c.db)
	want := "Exec=" + exe + " --db " + db + " --hidden\n"
	if !strings.Contains(string(b), want) {
		t.Errorf("entry:\n%s\nwant the line %q", b, want)
	}
	if got := c.ok("config", "get", "autostart"); strings.TrimSpace(got) != "true" {
		t.Errorf("config get autostart = %q", got)
	}

	c.ok("config", "set", "autostart", "false")
	if _, err := os.Stat(entry); !os.IsNotExist(err) {
		t.Errorf("entry still there after 'config set autostart false' (stat: %v)", err)
	}
}
