package tracker

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Config is the typed view of the settings stored in the database, so that the GUI, the CLI and the
// scheduled jobs agree. Read it with Service.Config; change it one key at a time with Service.SetSetting.
type Config struct {
	Timezone  string // IANA name; empty means the system's zone
	Workdays  [7]bool
	WorkStart time.Duration // from local midnight
	WorkEnd   time.Duration
	CoreStart time.Duration // optional core overlap hours; both zero means none
	CoreEnd   time.Duration
	// SyncDays are the days kept for meetings (the syncdays setting); none set means no such days.
	SyncDays       [7]bool
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
	Demo           bool // the database holds the sample data that SeedDemo made
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

// Config reads the stored settings over the defaults, and the SMTP password from where it is
// kept (see SMTPPassword). A password that cannot be read leaves it empty: the mail job asks
// SMTPPassword itself, to say why.
func (s *Service) Config() (Config, error) {
	var (
		c    Config
		file string
	)
	err := s.read(func(tx Tx) error {
		stored, err := tx.StoredSettings()
		if err != nil {
			return fmt.Errorf("read settings: %w", err)
		}
		c, file = ConfigFromSettings(stored), stored[SettingSMTPPasswordFile]
		return nil
	})
	if err == nil {
		s.zone.Store(c.Location())
		c.SMTP.Password, _ = s.smtpPassword(file)
	}
	return c, err
}

func configFrom(tx Tx) (Config, error) {
	stored, err := tx.StoredSettings()
	if err != nil {
		return Config{}, fmt.Errorf("read settings: %w", err)
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
	var stored map[string]string
	err := s.read(func(tx Tx) error {
		var err error
		stored, err = tx.StoredSettings()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("read settings: %w", err)
	}
	out := make([]KV, 0, len(settingKeys))
	for _, k := range settingKeys {
		v, ok := stored[k.name]
		if !ok {
			v = k.def
		}
		v = legacyValue(k, v)
		if k.secret {
			// Kept outside the database; the table holds one only until MoveSecretsOut runs.
			if pw, _ := s.SMTPPassword(); pw != "" {
				v, ok = pw, true
			}
			if v != "" {
				v = "********"
			}
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
	if k.secret {
		return s.SMTPPassword()
	}
	var v string
	err := s.read(func(tx Tx) error {
		var err error
		v, err = tx.StoredSetting(key)
		return err
	})
	if errors.Is(err, ErrNotFound) {
		return k.def, nil
	}
	if err != nil {
		return "", fmt.Errorf("read setting %s: %w", key, err)
	}
	return legacyValue(k, v), nil
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
	if k.secret {
		// Never in the settings table, and so never in a backup or an export.
		if err := s.secrets.SetSecret(key, value); err != nil {
			return fmt.Errorf("set %s: %w", key, err)
		}
		return s.write(func(tx Tx) error { return tx.DeleteSetting(key) })
	}
	if err := s.write(func(tx Tx) error { return tx.PutSetting(key, value) }); err != nil {
		return err
	}
	if key == SettingTimezone {
		s.zone.Store(nil)
	}
	return nil
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

// ParseDuration reads a duration with its unit: "90m", "1h30m", "2h" or "1:30" (hours and
// minutes). A bare number is refused, since nothing says whether 90 means minutes or hours; a
// flag whose name states its unit (--minutes) takes a plain number instead.
func ParseDuration(field, v string) (time.Duration, error) {
	return parseDuration(field, v, time.Minute)
}

// parseDuration is ParseDuration for a value whose likely unit is unit (time.Minute or
// time.Hour): a bare number is refused with the duration it would be in that unit, spelled with
// units, as the example.
func parseDuration(field, v string, unit time.Duration) (time.Duration, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, invalid(field, "must not be empty")
	}
	if isBareNumber(v) {
		n, _ := strconv.ParseFloat(v, 64)
		return 0, invalid(field, "%s has no unit; use %s", v, unitExamples(n, unit))
	}
	if h, m, ok := strings.Cut(v, ":"); ok {
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if err1 == nil && err2 == nil && hh >= 0 && hh < 100000 && mm >= 0 && mm < 60 {
			return time.Duration(hh)*time.Hour + time.Duration(mm)*time.Minute, nil
		}
	}
	d, err := time.ParseDuration(v)
	if err != nil {
		return 0, invalid(field, "must be a duration like 90m, 1h30m or 1:30; got %q", v)
	}
	return d, nil
}

// isBareNumber reports whether v is a plain decimal number, such as 2, 90 or 1.5.
func isBareNumber(v string) bool {
	digits, dots := 0, 0
	for i, r := range v {
		switch {
		case r >= '0' && r <= '9':
			digits++
		case r == '.':
			dots++
		case (r == '-' || r == '+') && i == 0:
		default:
			return false
		}
	}
	return digits > 0 && digits <= 15 && dots <= 1
}

// unitExamples spells the bare number n, read in unit, with units: 2 hours as "2h or 120m", 90
// minutes as "90m or 1h30m".
func unitExamples(n float64, unit time.Duration) string {
	d := time.Duration(n * float64(unit))
	name := "m"
	if unit == time.Hour {
		name = "h"
	}
	first := strconv.FormatFloat(n, 'f', -1, 64) + name
	if d <= 0 || d%time.Minute != 0 {
		return first
	}
	other := fmtDur(d)
	if unit == time.Hour {
		other = fmt.Sprintf("%dm", d/time.Minute)
	}
	if other == first {
		return first
	}
	return first + " or " + other
}

// parseDurationIn reads a setting's duration, with its unit, between min and max. unit is the
// setting's likely unit, for the example given when the unit is missing. A value out of range is
// quoted as typed.
func parseDurationIn(v string, unit, min, max time.Duration) (time.Duration, error) {
	d, err := parseDuration("value", v, unit)
	if err != nil {
		var fe *FieldError
		if errors.As(err, &fe) {
			return 0, errors.New(fe.Reason)
		}
		return 0, err
	}
	if d < min || d > max {
		return 0, fmt.Errorf("must be between %s and %s; got %q", fmtDur(min), fmtDur(max), v)
	}
	return d, nil
}

// fmtDur writes a whole number of minutes as a setting is typed: "10m", "8h", "1h30m".
func fmtDur(d time.Duration) string {
	d = d.Round(time.Minute)
	h, m := d/time.Hour, d%time.Hour/time.Minute
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh%dm", h, m)
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
