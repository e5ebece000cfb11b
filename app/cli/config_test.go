package cli

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker/sqlite"
)

// opsCLI runs the settings, jobs, backup, update and decision-extra commands against one
// database with a fake clock.
type opsCLI struct {
	t     *testing.T
	db    string
	clock *clockwork.FakeClock
}

// opsNow is Friday 27 November 2026, 10:00 UTC.
var opsNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

// newOpsCLI makes the database first, so that reading commands have one to read. Secrets go to a
// configuration directory of the test's own.
func newOpsCLI(t *testing.T) *opsCLI {
	t.Helper()
	t.Setenv("XDG_CONFIG_HOME", t.TempDir())
	t.Setenv("SHIPLOG_SMTP_PASSWORD", "")
	c := &opsCLI{t: t, db: filepath.Join(t.TempDir(), "data", "shiplog.db"), clock: clockwork.NewFakeClockAt(opsNow)}
	svc, err := sqlite.OpenService(c.db)
	if err != nil {
		t.Fatal(err)
	}
	svc.Close()
	return c
}

// run runs one command line against the test database.
func (c *opsCLI) run(args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	code = Run(&Env{DBPath: c.db, Clock: c.clock, Stdout: &out, Stderr: &errb}, args)
	return code, out.String(), errb.String()
}

func (c *opsCLI) ok(args ...string) string {
	c.t.Helper()
	code, out, errs := c.run(args...)
	if code != 0 {
		c.t.Fatalf("%v: exit %d: %s", args, code, errs)
	}
	return out
}

func (c *opsCLI) fails(code int, want string, args ...string) {
	c.t.Helper()
	got, out, errs := c.run(args...)
	if got != code || !strings.Contains(errs, want) {
		c.t.Fatalf("%v: exit %d, stderr %q, stdout %q; want exit %d and %q", args, got, errs, out, code, want)
	}
}

func TestConfigSetGetAndList(t *testing.T) {
	c := newOpsCLI(t)
	if got := c.ok("config", "get", "sla.urgent"); got != "2h\n" {
		t.Fatalf("default sla.urgent = %q", got)
	}
	if got := c.ok("config", "set", "timezone", "Europe/Berlin"); got != "timezone = Europe/Berlin\n" {
		t.Fatalf("set prints %q", got)
	}
	c.ok("config", "set", "report.schedule", "thu", "09:30") // words after the key are joined
	if got := c.ok("config", "get", "report.schedule"); got != "thu 09:30\n" {
		t.Fatalf("report.schedule = %q", got)
	}
	c.ok("config", "set", "smtp.password", "hunter2")
	if got := c.ok("config", "get", "smtp.password"); got != "********\n" {
		t.Fatalf("a secret is printed by get: %q", got)
	}
	if got := c.ok("config", "get", "smtp.password", "--reveal"); got != "hunter2\n" {
		t.Fatalf("--reveal = %q", got)
	}
	list := c.ok("config", "list")
	for _, want := range []string{"timezone", "Europe/Berlin", "workhours", "09:00-17:00", "(default)", "smtp.host", "********"} {
		if !strings.Contains(list, want) {
			t.Errorf("config list lacks %q:\n%s", want, list)
		}
	}
	if strings.Contains(list, "hunter2") {
		t.Error("config list shows the password")
	}
	var entries []configEntry
	if err := json.Unmarshal([]byte(c.ok("config", "list", "--json")), &entries); err != nil {
		t.Fatal(err)
	}
	found := map[string]configEntry{}
	for _, e := range entries {
		found[e.Key] = e
	}
	if tz := found["timezone"]; tz.Value != "Europe/Berlin" || tz.Default || tz.Help == "" {
		t.Errorf("timezone entry = %+v", tz)
	}
	if wd := found["workdays"]; wd.Value != "mon-fri" || !wd.Default {
		t.Errorf("workdays entry = %+v", wd)
	}
	for _, k := range []string{"smtp.host", "smtp.port", "smtp.user", "smtp.password", "smtp.from", "smtp.tls", "corehours", "holidays", "deep.min", "decision.window", "report.dir", "report.to"} {
		if _, ok := found[k]; !ok {
			t.Errorf("config list --json lacks %s", k)
		}
	}
}

func TestConfigRefusesBadValuesAndUnknownKeys(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"an unknown time zone names the key", []string{"config", "set", "timezone", "Mars/Olympus"}, "timezone: unknown time zone"},
		{"working hours that end before they start", []string{"config", "set", "workhours", "17:00-09:00"}, "workhours: the end must be after the start"},
		{"a day that does not exist", []string{"config", "set", "workdays", "mon-fry"}, "workdays"},
		{"a holiday that is not a date", []string{"config", "set", "holidays", "2026-12-24,xmas"}, `holidays: "xmas" is not a date`},
		{"an SLA that is not a duration", []string{"config", "set", "sla.urgent", "soon"}, "sla.urgent: must be a duration"},
		{"a schedule with no time", []string{"config", "set", "report.schedule", "fri"}, "report.schedule: must be a day and a time"},
		{"a report address that is not one", []string{"config", "set", "report.to", "boss at example"}, "report.to"},
		{"a port out of range", []string{"config", "set", "smtp.port", "70000"}, "smtp.port: must be a port number"},
		{"an unknown TLS mode", []string{"config", "set", "smtp.tls", "ssl"}, "smtp.tls: must be starttls, tls or none"},
		{"a typo in a key suggests the right one", []string{"config", "get", "timezon"}, `did you mean "timezone"`},
		{"a typo in set suggests too", []string{"config", "set", "sla.urgnt", "1h"}, `did you mean "sla.urgent"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newOpsCLI(t)
			c.fails(2, tt.want, tt.args...)
		})
	}
	c := newOpsCLI(t)
	c.fails(2, "requires at least 2 arg", "config", "set", "timezone")
	c.fails(2, "needs a subcommand", "config")
	if got := c.ok("config", "get", "timezone"); got != "\n" {
		t.Errorf("a refused value was stored: %q", got)
	}
}
