package desktop

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// entryExec reads the Exec line of the autostart entry at path.
func entryExec(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read entry: %v", err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "Exec="); ok {
			return v
		}
	}
	t.Fatalf("entry has no Exec line:\n%s", b)
	return ""
}

func TestAutostart(t *testing.T) {
	t.Run("on writes the entry under XDG_CONFIG_HOME with the binary and --hidden, off removes it", func(t *testing.T) {
		cfg := t.TempDir()
		t.Setenv("XDG_CONFIG_HOME", cfg)
		want := filepath.Join(cfg, "autostart", "shiplog.desktop")

		if err := SetAutostart(true, LoginCommand("/opt/shiplog/bin/shiplog", "")); err != nil {
			t.Fatal(err)
		}
		if got := entryExec(t, want); got != "/opt/shiplog/bin/shiplog --hidden" {
			t.Errorf("Exec=%s; want /opt/shiplog/bin/shiplog --hidden", got)
		}
		if err := SetAutostart(false, nil); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(want); !os.IsNotExist(err) {
			t.Errorf("entry still there after turning autostart off (stat: %v)", err)
		}
		if err := SetAutostart(false, nil); err != nil {
			t.Errorf("turning off twice: %v", err)
		}
	})
	t.Run("without XDG_CONFIG_HOME the entry goes to ~/.config/autostart", func(t *testing.T) {
		home := t.TempDir()
		t.Setenv("HOME", home)
		t.Setenv("XDG_CONFIG_HOME", "")
		if err := SetAutostart(true, LoginCommand("/usr/bin/shiplog", "")); err != nil {
			t.Fatal(err)
		}
		if got := entryExec(t, filepath.Join(home, ".config", "autostart", "shiplog.desktop")); got != "/usr/bin/shiplog --hidden" {
			t.Errorf("Exec=%s", got)
		}
	})
	t.Run("a database outside the default is passed with --db and quoted when it has spaces", func(t *testing.T) {
		cfg := t.TempDir()
		t.Setenv("XDG_CONFIG_HOME", cfg)
		if err := SetAutostart(true, LoginCommand("/usr/bin/shiplog", "/home/sam/My Data/ship$log.db")); err != nil {
			t.Fatal(err)
		}
		got := entryExec(t, filepath.Join(cfg, "autostart", "shiplog.desktop"))
		want := `/usr/bin/shiplog --db "/home/sam/My Data/ship\\$log.db" --hidden`
		if got != want {
			t.Errorf("Exec=%s; want %s", got, want)
		}
	})
	t.Run("a relative program is refused", func(t *testing.T) {
		t.Setenv("XDG_CONFIG_HOME", t.TempDir())
		if err := SetAutostart(true, []string{"shiplog", HiddenFlag}); err == nil {
			t.Error("no error for a relative program path")
		}
	})
}

func TestDetectTimezone(t *testing.T) {
	dir := t.TempDir()
	zoneinfo := filepath.Join(dir, "zoneinfo", "Europe")
	if err := os.MkdirAll(zoneinfo, 0o755); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(zoneinfo, "Berlin")
	if err := os.WriteFile(target, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "localtime")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	tzFile := filepath.Join(dir, "timezone")
	if err := os.WriteFile(tzFile, []byte("Asia/Tokyo\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, tz, localtime, file, want string
	}{
		{"TZ wins when it names a zone", "America/New_York", link, tzFile, "America/New_York"},
		{"the /etc/localtime link names the zone", "", link, tzFile, "Europe/Berlin"},
		{"/etc/timezone is the last resort", "", filepath.Join(dir, "missing"), tzFile, "Asia/Tokyo"},
		{"nothing known gives empty", ":Local", filepath.Join(dir, "missing"), filepath.Join(dir, "missing"), ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := detectTimezone(c.tz, c.localtime, c.file); got != c.want {
				t.Errorf("got %q; want %q", got, c.want)
			}
		})
	}
}
