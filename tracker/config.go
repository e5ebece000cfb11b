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

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// Config is the typed view of the settings stored in the database, so that the GUI, the CLI and the
// scheduled jobs agree. Read it with Service.Config; change it one key at a time with Service.SetSetting.
type Config struct {
	Timezone       string // IANA name; empty means the system's zone
	Workdays       [7]bool
	WorkStart      time.Duration // from local midnight
	WorkEnd        time.Duration
	CoreStart      time.Duration // optional core overlap hours; both zero means none
	CoreEnd        time.Duration
	Holidays       []Date
	SLA            map[Priority]time.Duration // business time; FYI has none
	DeepMin        time.Duration              // the shortest block that counts as deep work
	DecisionWindow time.Duration              // business time from proposal to deadline
	WeeklyDeepGoal float64                    // hours
	ReportDir      string
	ReportSchedule Schedule
	ReportTo       []string
	Author         string
	ReportTitle    string
	SMTP           SMTPConfig
	Notify         bool
	ForgottenAfter time.Duration // a block running longer than this is probably forgotten
	IdleGap        time.Duration // a heartbeat gap longer than this asks the user what happened
	Autostart      bool
	FirstRunDone   bool // the desktop app's first-run setup was finished or skipped
}

// SMTPConfig says how to mail reports.
type SMTPConfig struct {
	Host     string
	Port     int
	User     string
	Password string
	From     string
	TLS      string // "starttls" (default), "tls" or "none"
}

// Enabled reports whether mail can be sent.
func (c SMTPConfig) Enabled() bool { return c.Host != "" && c.From != "" }

// Schedule is a weekly moment, such as Friday 16:00 local.
type Schedule struct {
	Day  time.Weekday
	At   time.Duration
	Off  bool
	Text string
}

// Location is the configured time zone, or the system's.
func (c Config) Location() *time.Location {
	if c.Timezone == "" {
		return time.Local
	}
	loc, err := time.LoadLocation(c.Timezone)
	if err != nil {
		return time.Local
	}
	return loc
}

// Calendar is the working calendar for business-hours arithmetic.
func (c Config) Calendar() WorkCalendar {
	h := make(map[string]bool, len(c.Holidays))
	for _, d := range c.Holidays {
		h[string(d)] = true
	}
	return WorkCalendar{Loc: c.Location(), Days: c.Workdays, Open: c.WorkStart, Close: c.WorkEnd, Holidays: h}
}

// DailyDeepGoal is the weekly deep-work goal spread over the working days.
func (c Config) DailyDeepGoal() time.Duration {
	n := 0
	for _, d := range c.Workdays {
		if d {
			n++
		}
	}
	if n == 0 || c.WeeklyDeepGoal <= 0 {
		return 0
	}
	return time.Duration(c.WeeklyDeepGoal / float64(n) * float64(time.Hour)).Round(time.Minute)
}

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
	{name: "timezone", def: "", help: "IANA time zone, e.g. Europe/Berlin; empty means the system's", apply: func(c *Config, v string) error {
		if v != "" {
			if _, err := time.LoadLocation(v); err != nil || strings.EqualFold(v, "local") {
				return fmt.Errorf("unknown time zone %q (use an IANA name such as Europe/Berlin)", v)
			}
		}
		c.Timezone = v
		return nil
	}},
	{name: "workdays", def: "mon-fri", help: "working days, e.g. mon-fri or mon,tue,thu", apply: func(c *Config, v string) error {
		d, err := ParseWorkdays(v)
		c.Workdays = d
		return err
	}},
	{name: "workhours", def: "09:00-17:00", help: "working hours, HH:MM-HH:MM", apply: func(c *Config, v string) error {
		a, b, err := parseSpan(v, false)
		c.WorkStart, c.WorkEnd = a, b
		return err
	}},
	{name: "corehours", def: "", help: "core overlap hours, HH:MM-HH:MM, or empty for none", apply: func(c *Config, v string) error {
		a, b, err := parseSpan(v, true)
		c.CoreStart, c.CoreEnd = a, b
		return err
	}},
	{name: "holidays", def: "", help: "comma-separated dates, YYYY-MM-DD", apply: func(c *Config, v string) error {
		c.Holidays = nil
		for _, f := range splitList(v) {
			d, err := ParseDate("holidays", f)
			if err != nil {
				return fmt.Errorf("%q is not a date like 2026-12-24", f)
			}
			c.Holidays = append(c.Holidays, d)
		}
		sort.Slice(c.Holidays, func(i, j int) bool { return c.Holidays[i] < c.Holidays[j] })
		return nil
	}},
	slaKey(PriorityUrgent, "2h"),
	slaKey(PriorityImportant, "24h"),
	slaKey(PriorityNormal, "48h"),
	{name: "deep.min", def: "60m", help: "shortest block that counts as deep work", apply: func(c *Config, v string) error {
		d, err := parseDurationIn(v, time.Minute, 8*time.Hour)
		c.DeepMin = d
		return err
	}},
	{name: "decision.window", def: "72h", help: "business time from proposal to deadline", apply: func(c *Config, v string) error {
		d, err := parseDurationIn(v, time.Hour, 2000*time.Hour)
		c.DecisionWindow = d
		return err
	}},
	{name: "goal.deep", def: "15", help: "weekly deep-work goal, hours", apply: func(c *Config, v string) error {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || f < 0 || f > 168 {
			return fmt.Errorf("must be a number of hours between 0 and 168; got %q", v)
		}
		c.WeeklyDeepGoal = f
		return nil
	}},
	{name: "report.dir", def: "", help: "folder for written reports; empty means ~/Documents/Shiplog", apply: func(c *Config, v string) error {
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
	{name: "report.schedule", def: "fri 16:00", help: "weekly report time, e.g. \"fri 16:00\", or \"off\"", apply: func(c *Config, v string) error {
		s, err := ParseSchedule(v)
		c.ReportSchedule = s
		return err
	}},
	{name: "report.to", def: "", help: "comma-separated e-mail addresses that receive the weekly report", apply: func(c *Config, v string) error {
		c.ReportTo = nil
		for _, a := range splitList(v) {
			if _, err := mail.ParseAddress(a); err != nil {
				return fmt.Errorf("%q is not an e-mail address", a)
			}
			c.ReportTo = append(c.ReportTo, a)
		}
		return nil
	}},
	{name: "report.author", def: "", help: "your name, shown on reports", apply: func(c *Config, v string) error {
		c.Author = v
		return checkOptionalName("report.author", v)
	}},
	{name: "report.title", def: "Weekly results", help: "title shown on reports", apply: func(c *Config, v string) error {
		c.ReportTitle = v
		return checkOptionalName("report.title", v)
	}},
	{name: "smtp.host", def: "", help: "SMTP server host", apply: func(c *Config, v string) error { c.SMTP.Host = v; return nil }},
	{name: "smtp.port", def: "587", help: "SMTP server port", apply: func(c *Config, v string) error {
		p, err := strconv.Atoi(v)
		if err != nil || p < 1 || p > 65535 {
			return fmt.Errorf("must be a port number from 1 to 65535; got %q", v)
		}
		c.SMTP.Port = p
		return nil
	}},
	{name: "smtp.user", def: "", help: "SMTP user name", apply: func(c *Config, v string) error { c.SMTP.User = v; return nil }},
	{name: "smtp.password", def: "", help: "SMTP password", secret: true, apply: func(c *Config, v string) error { c.SMTP.Password = v; return nil }},
	{name: "smtp.from", def: "", help: "sender address", apply: func(c *Config, v string) error {
		if v != "" {
			if _, err := mail.ParseAddress(v); err != nil {
				return fmt.Errorf("%q is not an e-mail address", v)
			}
		}
		c.SMTP.From = v
		return nil
	}},
	{name: "smtp.tls", def: "starttls", help: "starttls, tls or none", apply: func(c *Config, v string) error {
		switch v {
		case "starttls", "tls", "none":
			c.SMTP.TLS = v
			return nil
		}
		return fmt.Errorf("must be starttls, tls or none; got %q", v)
	}},
	boolKey("notify", "true", "desktop notifications", func(c *Config, b bool) { c.Notify = b }),
	{name: "timer.forgotten", def: "4h", help: "a block running longer than this is flagged as forgotten", apply: func(c *Config, v string) error {
		d, err := parseDurationIn(v, 10*time.Minute, 24*time.Hour)
		c.ForgottenAfter = d
		return err
	}},
	{name: "timer.idle_gap", def: "5m", help: "a heartbeat gap longer than this asks what happened", apply: func(c *Config, v string) error {
		d, err := parseDurationIn(v, time.Minute, 24*time.Hour)
		c.IdleGap = d
		return err
	}},
	boolKey("autostart", "false", "start Shiplog at login", func(c *Config, b bool) { c.Autostart = b }),
	boolKey("firstrun.done", "false", "the desktop app's first-run setup was finished or skipped", func(c *Config, b bool) { c.FirstRunDone = b }),
}

func slaKey(p Priority, def string) settingKey {
	return settingKey{name: "sla." + string(p), def: def, help: "response target for " + string(p) + " requests, business time", apply: func(c *Config, v string) error {
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

// Config reads the stored settings over the defaults.
func (s *Service) Config() (Config, error) {
	return configFrom(s.db)
}

func configFrom(db *gorm.DB) (Config, error) {
	var rows []Setting
	if err := db.Find(&rows).Error; err != nil {
		return Config{}, fmt.Errorf("read settings: %w", err)
	}
	stored := map[string]string{}
	for _, r := range rows {
		stored[r.Key] = r.Value
	}
	return ConfigFromSettings(stored), nil
}

// KV is one setting as text.
type KV struct {
	Key     string `json:"key"`
	Value   string `json:"value"`
	Default bool   `json:"default"`
}

// Settings lists every known setting with its current text; secrets are masked.
func (s *Service) Settings() ([]KV, error) {
	var rows []Setting
	if err := s.db.Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	stored := map[string]string{}
	for _, r := range rows {
		stored[r.Key] = r.Value
	}
	out := make([]KV, 0, len(settingKeys))
	for _, k := range settingKeys {
		v, ok := stored[k.name]
		if !ok {
			v = k.def
		}
		if k.secret && v != "" {
			v = "********"
		}
		out = append(out, KV{Key: k.name, Value: v, Default: !ok})
	}
	return out, nil
}

// Setting returns a key's stored text, or its default.
func (s *Service) Setting(key string) (string, error) {
	k, ok := findKey(key)
	if !ok {
		return "", unknownKey(key)
	}
	var row Setting
	err := s.db.Where("key = ?", key).Take(&row).Error
	if err == gorm.ErrRecordNotFound {
		return k.def, nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return row.Value, nil
}

// SetSetting validates and stores one setting. An empty value for a key with a default restores it.
func (s *Service) SetSetting(key, value string) error {
	k, ok := findKey(key)
	if !ok {
		return unknownKey(key)
	}
	value = strings.TrimSpace(value)
	var c Config
	if err := k.apply(&c, value); err != nil {
		return &FieldError{Field: key, Reason: strings.TrimPrefix(err.Error(), key+": ")}
	}
	return s.db.Transaction(func(tx *gorm.DB) error {
		return tx.Clauses(clause.OnConflict{UpdateAll: true}).Create(&Setting{Key: key, Value: value}).Error
	})
}

func unknownKey(key string) error {
	return &NotFoundError{What: fmt.Sprintf("setting %q", key), Suggestions: closest(key, SettingKeys(), 3)}
}

// ParseSchedule reads "fri 16:00", "friday 16:00" or "off".
func ParseSchedule(v string) (Schedule, error) {
	v = strings.TrimSpace(strings.ToLower(v))
	if v == "off" || v == "" {
		return Schedule{Off: true, Text: "off"}, nil
	}
	f := strings.Fields(v)
	if len(f) != 2 {
		return Schedule{}, fmt.Errorf("must be a day and a time like \"fri 16:00\", or \"off\"; got %q", v)
	}
	day := -1
	for d := time.Sunday; d <= time.Saturday; d++ {
		name := strings.ToLower(d.String())
		if f[0] == name || f[0] == name[:3] {
			day = int(d)
		}
	}
	if day < 0 {
		return Schedule{}, fmt.Errorf("unknown day %q; use mon, tue, wed, thu, fri, sat or sun", f[0])
	}
	at, err := ParseClock(f[1])
	if err != nil || at >= 24*time.Hour {
		return Schedule{}, fmt.Errorf("time %q must be HH:MM", f[1])
	}
	return Schedule{Day: time.Weekday(day), At: at, Text: time.Weekday(day).String()[:3] + " " + f[1]}, nil
}

// Next is the first scheduled moment strictly after t, in loc.
func (s Schedule) Next(t time.Time, loc *time.Location) time.Time {
	l := t.In(loc)
	for i := 0; i <= 8; i++ {
		d := l.AddDate(0, 0, i)
		if d.Weekday() != s.Day {
			continue
		}
		h, m := int(s.At/time.Hour), int(s.At%time.Hour/time.Minute)
		c := time.Date(d.Year(), d.Month(), d.Day(), h, m, 0, 0, loc)
		if c.After(t) {
			return c
		}
	}
	return time.Time{}
}

func parseSpan(v string, optional bool) (time.Duration, time.Duration, error) {
	if v == "" && optional {
		return 0, 0, nil
	}
	a, b, ok := strings.Cut(v, "-")
	if !ok {
		return 0, 0, fmt.Errorf("must be HH:MM-HH:MM; got %q", v)
	}
	start, err := ParseClock(strings.TrimSpace(a))
	if err != nil {
		return 0, 0, fmt.Errorf("must be HH:MM-HH:MM; got %q", v)
	}
	end, err := ParseClock(strings.TrimSpace(b))
	if err != nil {
		return 0, 0, fmt.Errorf("must be HH:MM-HH:MM; got %q", v)
	}
	if end <= start {
		return 0, 0, fmt.Errorf("the end must be after the start; got %q", v)
	}
	return start, end, nil
}

// ParseDuration reads Go durations ("1h30m", "90m") and also bare minutes ("90") and "1:30".
func ParseDuration(field, v string) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, invalid(field, "must not be empty")
	}
	if n, err := strconv.Atoi(v); err == nil {
		return time.Duration(n) * time.Minute, nil
	}
	if h, m, ok := strings.Cut(v, ":"); ok {
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if err1 == nil && err2 == nil && hh >= 0 && mm >= 0 && mm < 60 {
			return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
		}
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, invalid(field, "must be a duration like 90m, 1h30m or 1:30; got %q", v)
	}
	return d, nil
}

func parseDurationIn(v string, min, max time.Duration) (time.Duration, error) {
	d, err := ParseDuration("value", v)
	if err != nil {
		return 0, fmt.Errorf("must be a duration like 90m or 2h; got %q", v)
	}
	if d < min || d > max {
		return 0, fmt.Errorf("must be between %s and %s; got %s", fmtDur(min), fmtDur(max), fmtDur(d))
	}
	return d, nil
}

func fmtDur(d time.Duration) string {
	s := d.String()
	s = strings.TrimSuffix(s, "0s")
	s = strings.TrimSuffix(s, "0m")
	return s
}

func splitList(v string) []string {
	var out []string
	for _, f := range strings.Split(v, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

func expandHome(p string) string {
	if p == "~" || strings.HasPrefix(p, "~/") {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, strings.TrimPrefix(p, "~"))
		}
	}
	return p
}
