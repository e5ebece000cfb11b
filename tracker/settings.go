package tracker

import (
	"errors"
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// The setting keys, as stored and as typed in `shiplog config set`. Every front end names a
// setting by these constants; settingKeys below says what each one means and how it is checked.
const (
	SettingTimezone       = "timezone"
	SettingWorkdays       = "workdays"
	SettingWorkhours      = "workhours"
	SettingCorehours      = "corehours"
	SettingSyncdays       = "syncdays"
	SettingHolidays       = "holidays"
	SettingSLAUrgent      = "sla.urgent"
	SettingSLAImportant   = "sla.important"
	SettingSLANormal      = "sla.normal"
	SettingDeepMin        = "deep.min"
	SettingDecisionWindow = "decision.window"
	SettingGoalDeep       = "goal.deep"
	SettingReportDir      = "report.dir"
	SettingReportSchedule = "report.schedule"
	SettingReportTo       = "report.to"
	SettingReportAuthor   = "report.author"
	SettingReportTitle    = "report.title"
	SettingSMTPHost       = "smtp.host"
	SettingSMTPPort       = "smtp.port"
	SettingSMTPUser       = "smtp.user"
	SettingSMTPPassword   = "smtp.password"
	// SettingSMTPPasswordFile names a file, readable by its owner only, whose first line is the
	// SMTP password.
	SettingSMTPPasswordFile = "smtp.password_file"
	SettingSMTPFrom         = "smtp.from"
	SettingSMTPTLS          = "smtp.tls"
	SettingNotify           = "notify"
	SettingForgotten        = "timer.forgotten"
	SettingIdleGap          = "timer.idle_gap"
	SettingAutostart        = "autostart"
	SettingFirstRunDone     = "firstrun.done"
	SettingDemo             = "demo"
)

// settingKey describes one stored setting: its default and how to apply its text to a Config.
// apply both validates and sets, so a value that is accepted is a value that works.
type settingKey struct {
	name   string
	def    string
	help   string
	secret bool
	// personal marks what is this person's own on this machine: where reports are mailed and
	// written, the mail account, autostart. Imports never take it from a file, nor does the team
	// report from a member's export.
	personal bool
	// duration marks a key whose value is a duration with its unit; see legacyValue.
	duration bool
	apply    func(c *Config, v string) error
}

// SMTPTLSModes are the values of smtp.tls: STARTTLS required, TLS from the start, or none.
var SMTPTLSModes = []string{"starttls", "tls", "none"}

var settingKeys = []settingKey{
	{name: SettingTimezone, def: "", help: "IANA time zone, e.g. Europe/Berlin; empty means the system's", apply: func(c *Config, v string) error {
		if v != "" {
			if _, err := time.LoadLocation(v); err != nil || strings.EqualFold(v, "local") {
				return fmt.Errorf("unknown time zone %q (use an IANA name such as Europe/Berlin)", v)
			}
		}
		c.Timezone = v
		return nil
	}},
	{name: SettingWorkdays, def: "mon-fri", help: "working days, e.g. mon-fri or mon,tue,thu", apply: func(c *Config, v string) error {
		d, err := ParseWorkdays(v)
		c.Workdays = d
		return err
	}},
	{name: SettingWorkhours, def: "09:00-17:00", help: "working hours, HH:MM-HH:MM", apply: func(c *Config, v string) error {
		a, b, err := parseSpan(v, false)
		c.WorkStart, c.WorkEnd = a, b
		return err
	}},
	{name: SettingCorehours, def: "", help: "core overlap hours, HH:MM-HH:MM, or empty for none", apply: func(c *Config, v string) error {
		a, b, err := parseSpan(v, true)
		c.CoreStart, c.CoreEnd = a, b
		return err
	}},
	{name: SettingSyncdays, def: "", help: "days kept for meetings, e.g. tue,thu, or empty for none", apply: func(c *Config, v string) error {
		c.SyncDays = [7]bool{}
		if v == "" {
			return nil
		}
		d, err := ParseWorkdays(v)
		if err != nil {
			var fe *FieldError
			if errors.As(err, &fe) {
				return errors.New(fe.Reason)
			}
			return err
		}
		c.SyncDays = d
		return nil
	}},
	{name: SettingHolidays, def: "", help: "comma-separated dates, YYYY-MM-DD", apply: func(c *Config, v string) error {
		c.Holidays = nil
		for _, f := range splitList(v) {
			d, err := ParseDate(SettingHolidays, f)
			if err != nil {
				return fmt.Errorf("%q is not a date like 2026-12-24", f)
			}
			c.Holidays = append(c.Holidays, d)
		}
		sort.Slice(c.Holidays, func(i, j int) bool { return c.Holidays[i] < c.Holidays[j] })
		return nil
	}},
	slaKey(SettingSLAUrgent, PriorityUrgent, "2h"),
	slaKey(SettingSLAImportant, PriorityImportant, "24h"),
	slaKey(SettingSLANormal, PriorityNormal, "48h"),
	durationKey(SettingDeepMin, "60m", "shortest block that counts as deep work, e.g. 60m", time.Minute, time.Minute, 8*time.Hour,
		func(c *Config, d time.Duration) { c.DeepMin = d }),
	durationKey(SettingDecisionWindow, "72h", "business time from proposal to deadline, e.g. 72h", time.Hour, time.Hour, 2000*time.Hour,
		func(c *Config, d time.Duration) { c.DecisionWindow = d }),
	{name: SettingGoalDeep, def: "15", help: "weekly deep-work goal in hours, e.g. 15 or 15h", apply: func(c *Config, v string) error {
		h, err := parseHours(v)
		c.WeeklyDeepGoal = h
		return err
	}},
	{name: SettingReportDir, def: "", help: "folder for written reports; empty means ~/Documents/Shiplog", personal: true, apply: func(c *Config, v string) error {
		if v != "" && !filepath.IsAbs(expandHome(v)) {
			return fmt.Errorf("must be an absolute path; got %q", v)
		}
		c.ReportDir = expandHome(v)
		if c.ReportDir == "" {
			home, _ := os.UserHomeDir()
			c.ReportDir = filepath.Join(home, "Documents", "Shiplog")
		}
		return nil
	}},
	{name: SettingReportSchedule, def: "fri 16:00", help: "weekly report time, e.g. \"fri 16:00\", or \"off\"", apply: func(c *Config, v string) error {
		s, err := ParseSchedule(v)
		c.ReportSchedule = s
		return err
	}},
	{name: SettingReportTo, def: "", help: "comma-separated e-mail addresses that receive the weekly report", personal: true, apply: func(c *Config, v string) error {
		c.ReportTo = nil
		for _, a := range splitList(v) {
			if _, err := mail.ParseAddress(a); err != nil {
				return fmt.Errorf("%q is not an e-mail address", a)
			}
			c.ReportTo = append(c.ReportTo, a)
		}
		return nil
	}},
	{name: SettingReportAuthor, def: "", help: "your name, shown on reports", apply: func(c *Config, v string) error {
		c.Author = v
		return checkOptionalName(SettingReportAuthor, v)
	}},
	{name: SettingReportTitle, def: "Weekly results", help: "title shown on reports", apply: func(c *Config, v string) error {
		c.ReportTitle = v
		return checkOptionalName(SettingReportTitle, v)
	}},
	{name: SettingSMTPHost, def: "", help: "SMTP server host", personal: true, apply: func(c *Config, v string) error { c.SMTP.Host = v; return nil }},
	{name: SettingSMTPPort, def: "587", help: "SMTP server port", personal: true, apply: func(c *Config, v string) error {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			return fmt.Errorf("must be a port number from 1 to 65535; got %q", v)
		}
		c.SMTP.Port = p
		return nil
	}},
	{name: SettingSMTPUser, def: "", help: "SMTP user name", personal: true, apply: func(c *Config, v string) error { c.SMTP.User = v; return nil }},
	{name: SettingSMTPPassword, def: "", help: "SMTP password, kept in $XDG_CONFIG_HOME/shiplog, never in the database; set it with '-' to type it", secret: true, personal: true, apply: func(c *Config, v string) error { c.SMTP.Password = v; return nil }},
	{name: SettingSMTPPasswordFile, def: "", help: "file whose first line is the SMTP password; only its owner may read it", personal: true, apply: func(c *Config, v string) error {
		if v != "" && !filepath.IsAbs(expandHome(v)) {
			return fmt.Errorf("must be an absolute path; got %q", v)
		}
		return nil
	}},
	{name: SettingSMTPFrom, def: "", help: "sender address", personal: true, apply: func(c *Config, v string) error {
		if v != "" {
			if _, err := mail.ParseAddress(v); err != nil {
				return fmt.Errorf("%q is not an e-mail address", v)
			}
		}
		c.SMTP.From = v
		return nil
	}},
	{name: SettingSMTPTLS, def: "starttls", help: "starttls, tls or none", personal: true, apply: func(c *Config, v string) error {
		if slices.Contains(SMTPTLSModes, v) {
			c.SMTP.TLS = v
			return nil
		}
		return fmt.Errorf("must be starttls, tls or none; got %q", v)
	}},
	boolKey(SettingNotify, "true", "desktop notifications", func(c *Config, b bool) { c.Notify = b }),
	durationKey(SettingForgotten, "4h", "a block running longer than this is flagged as forgotten, e.g. 4h", time.Hour, 10*time.Minute, 24*time.Hour,
		func(c *Config, d time.Duration) { c.ForgottenAfter = d }),
	durationKey(SettingIdleGap, "5m", "a heartbeat gap longer than this asks what happened, e.g. 5m", time.Minute, time.Minute, 24*time.Hour,
		func(c *Config, d time.Duration) { c.IdleGap = d }),
	personalKey(boolKey(SettingAutostart, "false", "start Shiplog at login", func(c *Config, b bool) { c.Autostart = b })),
	personalKey(boolKey(SettingFirstRunDone, "false", "the desktop app's first-run setup was finished or skipped", func(c *Config, b bool) { c.FirstRunDone = b })),
	personalKey(boolKey(SettingDemo, "false", "the database holds the sample data of shiplog demo", func(c *Config, b bool) { c.Demo = b })),
}

func personalKey(k settingKey) settingKey {
	k.personal = true
	return k
}

// PersonalSetting reports whether key is a setting that is never taken from someone else's file:
// a secret, or what is this person's own (see settingKey), as opposed to the time zone or the
// business hours that a member's figures are computed with.
func PersonalSetting(key string) bool {
	k, ok := findKey(key)
	return ok && (k.secret || k.personal)
}

func slaKey(name string, p Priority, def string) settingKey {
	return durationKey(name, def, "response target for "+string(p)+" requests in business time, e.g. "+def, time.Hour,
		time.Minute, 1000*time.Hour, func(c *Config, d time.Duration) {
			if c.SLA == nil {
				c.SLA = map[Priority]time.Duration{}
			}
			c.SLA[p] = d
		})
}

// durationKey is a setting that holds a duration with its unit, between min and max. unit is the
// one its values usually take, for the example given when a value has none.
func durationKey(name, def, help string, unit, min, max time.Duration, set func(*Config, time.Duration)) settingKey {
	return settingKey{name: name, def: def, help: help, duration: true, apply: func(c *Config, v string) error {
		d, err := parseDurationIn(v, unit, min, max)
		set(c, d)
		return err
	}}
}

// parseHours reads a number of hours, bare ("15", "7.5") or as a duration ("15h", "90m"), from 0
// to a week. A value out of range is quoted as typed.
func parseHours(v string) (float64, error) {
	h, err := strconv.ParseFloat(v, 64)
	if err != nil || !isBareNumber(v) {
		d, derr := parseDuration("value", v, time.Hour)
		if derr != nil {
			return 0, fmt.Errorf("must be a number of hours like 15, or a duration like 15h or 7h30m; got %q", v)
		}
		h = d.Hours()
	}
	if h < 0 || h > 168 {
		return 0, fmt.Errorf("must be between 0h and 168h; got %q", v)
	}
	return h, nil
}

// legacyValue is the text a stored setting is read as. Before durations needed a unit, a bare
// number in a duration setting meant minutes; a database that stored one keeps that meaning, and
// shows it with its unit.
func legacyValue(k settingKey, v string) string {
	if k.duration && isBareNumber(strings.TrimSpace(v)) {
		return strings.TrimSpace(v) + "m"
	}
	return v
}

func boolKey(name, def, help string, set func(*Config, bool)) settingKey {
	return settingKey{name: name, def: def, help: help, apply: func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return fmt.Errorf("must be true or false; got %q", v)
		}
		set(c, b)
		return nil
	}}
}

func findKey(name string) (settingKey, bool) {
	for _, k := range settingKeys {
		if k.name == name {
			return k, true
		}
	}
	return settingKey{}, false
}

// SettingKeys lists the known keys in order.
func SettingKeys() []string {
	out := make([]string, len(settingKeys))
	for i, k := range settingKeys {
		out[i] = k.name
	}
	return out
}

// SettingHelp says what a key means.
func SettingHelp(key string) string {
	k, _ := findKey(key)
	return k.help
}

// DefaultConfig is the configuration of a new database.
func DefaultConfig() Config {
	var c Config
	for _, k := range settingKeys {
		if err := k.apply(&c, k.def); err != nil {
			panic(fmt.Sprintf("default for %s: %v", k.name, err)) // a programming error, caught by tests
		}
	}
	return c
}

func unknownKey(key string) error {
	return &NotFoundError{What: fmt.Sprintf("setting %q", key), Suggestions: closest(key, SettingKeys(), 3)}
}

// CheckSetting reports whether value is valid for key, with the error SetSetting would return,
// without storing anything. The settings screen calls it as the user types.
func CheckSetting(key, value string) error {
	k, ok := findKey(key)
	if !ok {
		return unknownKey(key)
	}
	var c Config
	if err := k.apply(&c, strings.TrimSpace(value)); err != nil {
		return &FieldError{Field: key, Reason: strings.TrimPrefix(err.Error(), key+": ")}
	}
	return nil
}
