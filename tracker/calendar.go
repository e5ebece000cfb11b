package tracker

import (
	"fmt"
	"strings"
	"time"
)

// WorkCalendar says when a person works: used for request response targets (SLA) and decision deadlines.
//
// Its working periods are, for each working and non-holiday local date, the wall-clock span
// from Open to Close on that date. The spans are built from wall-clock times, so a 09:00 opening
// stays 09:00 across a daylight-saving change, and the working day that contains a change is an
// hour (or half an hour) longer or shorter.
type WorkCalendar struct {
	Loc      *time.Location  // IANA zone; nil means UTC
	Days     [7]bool         // indexed by time.Weekday; default Mon–Fri
	Open     time.Duration   // offset from local midnight, wall clock, e.g. 9*time.Hour
	Close    time.Duration   // e.g. 17*time.Hour; Close > Open (no overnight shifts)
	Holidays map[string]bool // local dates "YYYY-MM-DD" that are not worked
}

// maxIdleDays bounds every forward scan: a calendar that has no working time for this many
// days in a row (say every work day is a holiday) is treated as never working again, so that
// Due and NextOpening cannot loop for ever.
const maxIdleDays = 400

// farFuture is what Due and NextOpening return when the calendar never works again.
var farFuture = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)

// DefaultCalendar is Monday to Friday, 09:00 to 17:00 in loc, with no holidays.
func DefaultCalendar(loc *time.Location) WorkCalendar {
	c := WorkCalendar{Loc: loc, Open: 9 * time.Hour, Close: 17 * time.Hour}
	for d := time.Monday; d <= time.Friday; d++ {
		c.Days[d] = true
	}
	return c
}

// Validate checks that the calendar has a work day and a working span inside the day.
func (c WorkCalendar) Validate() error {
	if c.Days == [7]bool{} {
		return invalid(SettingWorkdays, "must include at least one day")
	}
	if c.Open < 0 || c.Open > 24*time.Hour {
		return invalid("open", "must be between 00:00 and 24:00; got %s", c.Open)
	}
	if c.Close < 0 || c.Close > 24*time.Hour {
		return invalid("close", "must be between 00:00 and 24:00; got %s", c.Close)
	}
	if c.Open >= c.Close {
		return invalid("close", "must be after the opening time %s; got %s", FormatClock(c.Open), FormatClock(c.Close))
	}
	for day := range c.Holidays {
		if _, err := time.Parse(time.DateOnly, day); err != nil {
			return invalid(SettingHolidays, "must be dates like 2026-12-25; got %q", day)
		}
	}
	return nil
}

// Due is the earliest instant by which d of working time has passed since t. A clock started
// outside working time runs from the next opening, so Due of a Friday-evening message counts
// from Monday morning. A due time that falls on a closing time is that closing time, not the
// next opening. Due(t, 0), and Due with a negative d, is t itself: no working time is owed.
// This keeps Due(Due(t, a), b) equal to Due(t, a+b) and Between(t, Due(t, d)) equal to d.
func (c WorkCalendar) Due(t time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return t
	}
	left := d
	it := c.periodsFrom(t)
	for idle := 0; idle < maxIdleDays; idle++ {
		start, end, ok := it.next()
		if !ok || !end.After(t) {
			continue
		}
		idle = 0
		if start.Before(t) {
			start = t
		}
		if span := end.Sub(start); left > span {
			left -= span
			continue
		}
		return start.Add(left)
	}
	return farFuture
}

// Between is the working time in [a, b); zero if b is not after a.
func (c WorkCalendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	var total time.Duration
	last := civilDate(b.In(c.loc())).AddDate(0, 0, 1)
	for it := c.periodsFrom(a); !it.day.After(last); {
		start, end, ok := it.next()
		if !ok {
			continue
		}
		if !start.Before(b) {
			break
		}
		if start.Before(a) {
			start = a
		}
		if end.After(b) {
			end = b
		}
		if end.After(start) {
			total += end.Sub(start)
		}
	}
	return total
}

// NextOpening is t if t is inside working time, else the next instant working time begins.
func (c WorkCalendar) NextOpening(t time.Time) time.Time {
	it := c.periodsFrom(t)
	for idle := 0; idle < maxIdleDays; idle++ {
		start, end, ok := it.next()
		if !ok || !end.After(t) {
			continue
		}
		if start.Before(t) {
			return t
		}
		return start
	}
	return farFuture
}

// IsWorking reports whether t lies inside working time. Opening times are inside; closing
// times are not.
func (c WorkCalendar) IsWorking(t time.Time) bool {
	last := civilDate(t.In(c.loc())).AddDate(0, 0, 1)
	for it := c.periodsFrom(t); !it.day.After(last); {
		start, end, ok := it.next()
		if ok && !start.After(t) && end.After(t) {
			return true
		}
	}
	return false
}

func (c WorkCalendar) loc() *time.Location {
	if c.Loc == nil {
		return time.UTC
	}
	return c.Loc
}

// civilDate is the calendar date of t's wall clock, carried as midnight UTC so that
// AddDate steps exactly one date whatever the zone does.
func civilDate(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// rawPeriod is the working span of one date, before it is made to follow the previous one.
func (c WorkCalendar) rawPeriod(day time.Time) (start, end time.Time, ok bool) {
	if !c.Days[day.Weekday()] {
		return start, end, false
	}
	if len(c.Holidays) > 0 && c.Holidays[day.Format(time.DateOnly)] {
		return start, end, false
	}
	y, m, d := day.Date()
	return c.wall(y, m, d, c.Open), c.wall(y, m, d, c.Close), true
}

// wall is the instant the local clock shows off after midnight on the date. time.Date
// moves a wall time that a daylight-saving gap skips to a real instant.
func (c WorkCalendar) wall(y int, m time.Month, d int, off time.Duration) time.Time {
	return time.Date(y, m, d, int(off/time.Hour), int(off%time.Hour/time.Minute),
		int(off%time.Minute/time.Second), int(off%time.Second), c.loc())
}

// periodIter walks the working spans date by date. Wall times near a zone change can map a
// date's span onto the previous one's (Pacific/Apia skipped 2011-12-30 entirely), so each
// span starts no earlier than the latest end before it. The spans are therefore ordered and
// disjoint, which is what makes Due, Between and NextOpening agree with each other.
type periodIter struct {
	c       WorkCalendar
	day     time.Time // the next date to yield, as civilDate gives it
	prevEnd time.Time // the latest raw end seen so far
}

// periodsFrom starts a walk at the date before t's local date, so that it also sees a span
// that a zone change has moved onto t's date. It primes prevEnd from the date before that,
// so that every start point yields the same spans for the same date.
func (c WorkCalendar) periodsFrom(t time.Time) *periodIter {
	it := &periodIter{c: c, day: civilDate(t.In(c.loc())).AddDate(0, 0, -2)}
	it.next()
	return it
}

// next yields the span of it.day and moves to the following date; ok is false for a date
// with no working time.
func (it *periodIter) next() (start, end time.Time, ok bool) {
	start, end, ok = it.c.rawPeriod(it.day)
	it.day = it.day.AddDate(0, 0, 1)
	if !ok {
		return start, end, false
	}
	if start.Before(it.prevEnd) {
		start = it.prevEnd
	}
	if end.After(it.prevEnd) {
		it.prevEnd = end
	}
	return start, end, start.Before(end)
}

// ParseClock reads a wall-clock time "HH:MM" (one-digit hours are accepted) between
// 00:00 and 24:00 as the offset from midnight.
func ParseClock(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	hh, mm, found := strings.Cut(s, ":")
	h, okH := digits(hh, 1, 2)
	m, okM := digits(mm, 2, 2)
	if !found || !okH || !okM {
		return 0, invalid("time", "must look like 09:30; got %q", s)
	}
	if m > 59 || h > 24 || (h == 24 && m > 0) {
		return 0, invalid("time", "must be between 00:00 and 24:00; got %q", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// FormatClock writes an offset from midnight between 00:00 and 24:00 as "HH:MM", dropping seconds.
func FormatClock(d time.Duration) string {
	d = d.Truncate(time.Minute)
	return fmt.Sprintf("%02d:%02d", int(d/time.Hour), int(d%time.Hour/time.Minute))
}

// digits reads between lo and hi ASCII digits; strconv would also take signs and underscores.
func digits(s string, lo, hi int) (int, bool) {
	if len(s) < lo || len(s) > hi {
		return 0, false
	}
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		n = n*10 + int(s[i]-'0')
	}
	return n, true
}

// weekOrder is the order FormatWorkdays writes days in: the working week first.
var weekOrder = [7]time.Weekday{time.Monday, time.Tuesday, time.Wednesday, time.Thursday,
	time.Friday, time.Saturday, time.Sunday}

var dayNames = [7]string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}

func parseDay(s string) (time.Weekday, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for d, n := range dayNames {
		if name == n {
			return time.Weekday(d), nil
		}
	}
	if name == "" {
		return 0, invalid(SettingWorkdays, "missing day name")
	}
	return 0, invalid(SettingWorkdays, "unknown day %q", strings.TrimSpace(s))
}

// ParseWorkdays reads a set of weekdays such as "mon-fri", "mon,tue,thu" or "sat-sun":
// three-letter day names, case-insensitive, separated by commas, and ranges that may wrap
// past Sunday ("fri-mon" is Friday to Monday).
func ParseWorkdays(s string) ([7]bool, error) {
	var days [7]bool
	if strings.TrimSpace(s) == "" {
		return days, invalid(SettingWorkdays, "must name at least one day, like mon-fri")
	}
	for part := range strings.SplitSeq(s, ",") {
		from, to, isRange := strings.Cut(part, "-")
		first, err := parseDay(from)
		if err != nil {
			return [7]bool{}, err
		}
		last := first
		if isRange {
			if last, err = parseDay(to); err != nil {
				return [7]bool{}, err
			}
		}
		for d := first; ; d = (d + 1) % 7 {
			days[d] = true
			if d == last {
				break
			}
		}
	}
	return days, nil
}

// FormatWorkdays writes days in the form ParseWorkdays reads, Monday first: runs of three or
// more days as ranges ("mon-fri"), other days listed ("mon,wed,fri", "sat,sun"). No days at
// all is the empty string.
func FormatWorkdays(days [7]bool) string {
	var parts []string
	for i := 0; i < len(weekOrder); {
		if !days[weekOrder[i]] {
			i++
			continue
		}
		j := i
		for j+1 < len(weekOrder) && days[weekOrder[j+1]] {
			j++
		}
		switch {
		case j-i >= 2:
			parts = append(parts, dayNames[weekOrder[i]]+"-"+dayNames[weekOrder[j]])
		default:
			for k := i; k <= j; k++ {
				parts = append(parts, dayNames[weekOrder[k]])
			}
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}
