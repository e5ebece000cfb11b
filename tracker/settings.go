package tracker

import (
	"fmt"
	"net/mail"
	"os"
	"path/filepath"
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
	SettingSMTPFrom       = "smtp.from"
	SettingSMTPTLS        = "smtp.tls"
	SettingNotify         = "notify"
	SettingForgotten      = "timer.forgotten"
	SettingIdleGap        = "timer.idle_gap"
	SettingAutostart      = "autostart"
	SettingFirstRunDone   = "firstrun.done"
	SettingDemo           = "demo"
)

// settingKey describes one stored setting: its default and how to apply its text to a Config.
// apply both validates and sets, so a value that is accepted is a value that works.
type settingKey struct {
	name   string
	def    string
	help   string
	secret bool
	apply  func(c *Config, v string) error
}

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
	{name: SettingDeepMin, def: "60m", help: "shortest block that counts as deep work", apply: func(c *Config, v string) error {
		d, err := parseDurationIn(v, time.Minute, 8*time.Hour)
		c.DeepMin = d
		return err
	}},
	{name: SettingDecisionWindow, def: "72h", help: "business time from proposal to deadline", apply: func(c *Config, v string) error {
		d, err := parseDurationIn(v, time.Hour, 2000*time.Hour)
		c.DecisionWindow = d
		return err
	}},
	{name: SettingGoalDeep, def: "15", help: "weekly deep-work goal, hours", apply: func(c *Config, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 168 {
			return fmt.Errorf("must be a number of hours between 0 and 168; got %q", v)
		}
		c.WeeklyDeepGoal = f
		return nil
	}},
	{name: SettingReportDir, def: "", help: "folder for written reports; empty means ~/Documents/Shiplog", apply: func(c *Config, v string) error {
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
	{name: SettingReportTo, def: "", help: "comma-separated e-mail addresses that receive the weekly report", apply: func(c *Config, v string) error {
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
	{name: SettingSMTPHost, def: "", help: "SMTP server host", apply: func(c *Config, v string) error { c.SMTP.Host = v; return nil }},
	{name: SettingSMTPPort, def: "587", help: "SMTP server port", apply: func(c *Config, v string) error {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			return fmt.Errorf("must be a port number from 1 to 65535; got %q", v)
		}
		c.SMTP.Port = p
		return nil
	}},
	{name: SettingSMTPUser, def: "", help: "SMTP user name", apply: func(c *Config, v string) error { c.SMTP.User = v; return nil }},
	{name: SettingSMTPPassword, def: "", help: "SMTP password", secret: true, apply: func(c *Config, v string) error { c.SMTP.Password = v; return nil }},
	{name: SettingSMTPFrom, def: "", help: "sender address", apply: func(c *Config, v string) error {
		if v != "" {
			if _, err := mail.ParseAddress(v); err != nil {
				return fmt.Errorf("%q is not an e-mail address", v)
			}
		}
		c.SMTP.From = v
		return nil
	}},
	{name: SettingSMTPTLS, def: "starttls", help: "starttls, tls or none", apply: func(c *Config, v string) error {
		switch v {
		case "starttls", "tls", "none":
			c.SMTP.TLS = v
			return nil
		}
		return fmt.Errorf("must be starttls, tls or none; got %q", v)
	}},
	boolKey(SettingNotify, "true", "desktop notifications", func(c *Config, b bool) { c.Notify = b }),
	{name: SettingForgotten, def: "4h", help: "a block running longer than this is flagged as forgotten", apply: func(c *Config, v string) error {
		d, err := parseDurationIn(v, 10*time.Minute, 24*time.Hour)
		c.ForgottenAfter = d
		return err
	}},
	{name: SettingIdleGap, def: "5m", help: "a heartbeat gap longer than this asks what happened", apply: func(c *Config, v string) error {
		d, err := parseDurationIn(v, time.Minute, 24*time.Hour)
		c.IdleGap = d
		return err
	}},
	boolKey(SettingAutostart, "false", "start Shiplog at login", func(c *Config, b bool) { c.Autostart = b }),
	boolKey(SettingFirstRunDone, "false", "the desktop app's first-run setup was finished or skipped", func(c *Config, b bool) { c.FirstRunDone = b }),
	boolKey(SettingDemo, "false", "the database holds the sample data of shiplog demo", func(c *Config, b bool) { c.Demo = b }),
}

func slaKey(name string, p Priority, def string) settingKey {
	return settingKey{name: name, def: def, help: "response target for " + string(p) + " requests, business time", apply: func(c *Config, v string) error {
		d, err := parseDurationIn(v, time.Minute, 1000*time.Hour)
		if c.SLA == nil {
			c.SLA = map[Priority]time.Duration{}
		}
		c.SLA[p] = d
		return err
	}}
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
