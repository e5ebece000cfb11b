package tracker

import (
	"strings"
	"time"
)

// ParseTime reads a TIME as the CLI and forms accept it: RFC 3339, "YYYY-MM-DD HH:MM[:SS]" in loc,
// or "HH:MM" today in loc. field names the flag or form field for the error.
func ParseTime(field, s string, now time.Time, loc *time.Location) (time.Time, error) {
	t, err := parseTime(field, s, now, loc)
	if err != nil {
		return t, err
	}
	// A local time late on 9999-12-31 lies in year 10000 in UTC, which no layout can print back.
	if y := t.Year(); y < 1 || y > 9999 {
		return time.Time{}, invalid(field, "must be between the years 1 and 9999; got %q", s)
	}
	return t, nil
}

func parseTime(field, s string, now time.Time, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, invalid(field, "must not be empty")
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return UTC(t), nil
	}
	for _, layout := range []string{"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return UTC(t), nil
		}
	}
	for _, layout := range []string{"15:04", "15:04:05"} {
		if c, err := time.ParseInLocation(layout, s, loc); err == nil {
			n := now.In(loc)
			t := time.Date(n.Year(), n.Month(), n.Day(), c.Hour(), c.Minute(), c.Second(), 0, loc)
			return UTC(t), nil
		}
	}
	return time.Time{}, invalid(field, "must be a time like 14:30, \"2026-11-25 14:30\" or 2026-11-25T14:30:00Z; got %q", s)
}
