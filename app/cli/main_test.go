package cli

import (
	"os"
	"testing"

	"shiplog/tracker/postgres/pgtest"
)

// TestMain gives the team-server tests one private PostgreSQL cluster, started on first use and
// removed at the end. It also points $XDG_CONFIG_HOME at a folder of its own, so that no command a
// test runs reads or writes the real one (the SMTP password, the team login, the autostart entry);
// tests that look at those files set their own with t.Setenv.
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "shiplog-cli-config-")
	if err != nil {
		panic(err)
	}
	os.Setenv("XDG_CONFIG_HOME", dir)
	code := pgtest.Main(m)
	os.RemoveAll(dir)
	os.Exit(code)
}
