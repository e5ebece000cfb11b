package reports

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"shiplog/tracker"
)

// PeriodKind says how a period was chosen, which decides what "the previous period" means.
type PeriodKind int

// The period kinds.
const (
	KindWeek PeriodKind = iota
	KindMonth
	KindRange
)

// maxRangeDays bounds a --from/--to range: ten years is more than any report needs, and the bound
// keeps date arithmetic far from overflow.
const maxRangeDays = 3660

// Period is a span of whole local days, [From, To), in the user's zone.
type Period struct {
	From, To time.Time // local midnights; To is exclusive
	Label    string    // e.g. "Week 47, 2026 (16–22 Nov)"
	Kind     PeriodKind
}

// periodError names the field and the reason; it wraps tracker.ErrInvalid so front ends treat it as
// bad input. The fields are those of the period ("week", "month", "from", "to"): the command line
// names its flags after them and puts "--" before the field itself, so that the window never shows
// flag wording.
func periodError(field, format string, args ...any) error {
	return &tracker.FieldError{Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ParseWeek reads an ISO 8601 week in loc. It is the one week parser of Shiplog: it accepts
// "2026-W47", "2026W47", "2026-w47" and "2026w47", a week of one digit such as "2026-W1", and spaces
// around the text. The year must be 1970 to 9999 and the week must exist in it (week 53 only in
// years that have one). Period.String prints a week in the first form, which ParseWeek reads back.
func ParseWeek(s string, loc *time.Location) (Period, error) {
	s = strings.TrimSpace(s)
	y, w, ok := strings.Cut(strings.ToUpper(s), "W")
	year, okY := digits(strings.TrimSuffix(y, "-"), 4, 4)
	week, okW := digits(w, 1, 2)
	if !ok || !okY || !okW {
		return Period{}, periodError("week", "must be an ISO week like 2026-W47; got %q", s)
	}
	if year < 1970 {
		return Period{}, periodError("week", "year must be 1970 or later; got %q", s)
	}
	if n := weeksIn(year); week < 1 || week > n {
		return Period{}, periodError("week", "%d has weeks 1 to %d; got %q", year, n, s)
	}
	return isoWeek(year, week, loc), nil
}

// WeekOf is the ISO week that contains t in loc.
func WeekOf(t time.Time, loc *time.Location) Period {
	y, w := t.In(loc).ISOWeek()
	return isoWeek(y, w, loc)
}

// DayOf is the local day that contains t in loc, as a range of one day: the Today screen reads
// its deep work from the report model through it. Its previous period is the day before.
func DayOf(t time.Time, loc *time.Location) Period {
	y, m, d := t.In(loc).Date()
	return rangePeriod(midnight(y, m, d, loc), 1, loc)
}

// ParseMonth reads a month such as "2026-11" in loc.
func ParseMonth(s string, loc *time.Location) (Period, error) {
	s = strings.TrimSpace(s)
	y, m, ok := strings.Cut(s, "-")
	year, okY := digits(y, 4, 4)
	month, okM := digits(m, 2, 2)
	if !ok || !okY || !okM {
		return Period{}, periodError("month", "must be a month like 2026-11; got %q", s)
	}
	if year < 1970 {
		return Period{}, periodError("month", "year must be 1970 or later; got %q", s)
	}
	if month < 1 || month > 12 {
		return Period{}, periodError("month", "month must be 01 to 12; got %q", s)
	}
	return monthPeriod(year, time.Month(month), loc), nil
}

// ParseRange reads an inclusive range of dates, "2026-11-03" to "2026-11-09", in loc.
func ParseRange(from, to string, loc *time.Location) (Period, error) {
	f, err := parseDay("from", from, loc)
	if err != nil {
		return Period{}, err
	}
	t, err := parseDay("to", to, loc)
	if err != nil {
		return Period{}, err
	}
	if t.Before(f) {
		return Period{}, periodError("from", "must not be after the last day (%s); got %s", strings.TrimSpace(to), strings.TrimSpace(from))
	}
	days := civilDays(f, t) + 1
	if days > maxRangeDays {
		return Period{}, periodError("to", "the range may span at most %d days; got %d", maxRangeDays, days)
	}
	return rangePeriod(f, days, loc), nil
}

// Previous is the period of the same length just before p: the previous ISO week, the previous
// month, or as many days before a range.
func (p Period) Previous() Period {
	loc := p.From.Location()
	switch p.Kind {
	case KindWeek:
		y, w := p.From.AddDate(0, 0, -7).ISOWeek()
		return isoWeek(y, w, loc)
	case KindMonth:
		prev := p.From.AddDate(0, -1, 0)
		return monthPeriod(prev.Year(), prev.Month(), loc)
	}
	n := p.Days()
	return rangePeriod(p.From.AddDate(0, 0, -n), n, loc)
}

// Next is the period of the same length just after p.
func (p Period) Next() Period {
	loc := p.From.Location()
	switch p.Kind {
	case KindWeek:
		y, w := p.To.ISOWeek()
		return isoWeek(y, w, loc)
	case KindMonth:
		return monthPeriod(p.To.Year(), p.To.Month(), loc)
	}
	return rangePeriod(p.To, p.Days(), loc)
}

// KindName is the period's kind in one word: "week", "month" or "range".
func (p Period) KindName() string {
	switch p.Kind {
	case KindWeek:
		return "week"
	case KindMonth:
		return "month"
	}
	return "range"
}

// Name says which period p is in the words a person types it: "week 2026-W47", "month 2026-11",
// "2026-11-20" for one day, or "the range 2026-11-03 to 2026-11-16".
func (p Period) Name() string {
	switch {
	case p.Kind == KindWeek || p.Kind == KindMonth:
		return p.KindName() + " " + p.String()
	case p.Days() == 1:
		return p.From.Format(time.DateOnly)
	}
	return "the range " + p.Span()
}

// Started reports whether p has begun at now; a report for a period that has not is refused.
func (p Period) Started(now time.Time) bool { return !p.From.After(now) }

// Ended reports whether p is over at now; the figures of a period that has not ended are so far.
func (p Period) Ended(now time.Time) bool { return !now.Before(p.To) }

// Days is the number of calendar days in p.
func (p Period) Days() int { return civilDays(p.From, p.To) }

// Dates lists the local midnight starting each day of p.
func (p Period) Dates() []time.Time {
	n := p.Days()
	out := make([]time.Time, n)
	y, m, d := p.From.Date()
	for i := range out {
		out[i] = midnight(y, m, d+i, p.From.Location())
	}
	return out
}

// midnight is the first instant of the local day y-m-d (d may run past the month). Where the day
// begins in a DST gap (America/Santiago springs forward at midnight) or is skipped (Pacific/Apia,
// 2011-12-30), time.Date answers with an instant of the day before; the day then begins where the
// gap ends, and a skipped day has no length.
func midnight(y int, m time.Month, d int, loc *time.Location) time.Time {
	t := time.Date(y, m, d, 0, 0, 0, 0, loc)
	want := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if ty, tm, td := t.Date(); ty == want.Year() && tm == want.Month() && td == want.Day() {
		return t
	}
	if _, end := t.ZoneBounds(); !end.IsZero() && end.After(t) {
		return end
	}
	return t
}

// String is the period in the form its parser reads back: "2026-W47" for an ISO week (ParseWeek),
// "2026-11" for a month (ParseMonth), and "2026-11-01_2026-11-15" for a range, its first and last
// days (ParseRange). Report files are named with it.
func (p Period) String() string {
	switch p.Kind {
	case KindWeek:
		y, w := p.From.ISOWeek()
		return fmt.Sprintf("%04d-W%02d", y, w)
	case KindMonth:
		return p.From.Format("2006-01")
	}
	return p.From.Format(time.DateOnly) + "_" + p.last().Format(time.DateOnly)
}

// last is the local midnight of p's last day.
func (p Period) last() time.Time {
	y, m, d := p.To.Date()
	return midnight(y, m, d-1, p.To.Location())
}

// Span writes the first and last day of p, e.g. "2026-11-16 to 2026-11-22".
func (p Period) Span() string {
	return p.From.Format(time.DateOnly) + " to " + p.To.AddDate(0, 0, -1).Format(time.DateOnly)
}

func isoWeek(year, week int, loc *time.Location) Period {
	// Week 1 is the week with the year's first Thursday, so it holds 4 January.
	jan4 := time.Date(year, time.January, 4, 0, 0, 0, 0, time.UTC)
	offset := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	first := jan4.AddDate(0, 0, -offset+(week-1)*7)
	from := midnight(first.Year(), first.Month(), first.Day(), loc)
	to := midnight(first.Year(), first.Month(), first.Day()+7, loc)
	// The label uses the calendar dates, which a skipped day would shift if taken from the instants.
	return Period{From: from, To: to, Kind: KindWeek,
		Label: fmt.Sprintf("Week %d, %d (%s)", week, year, dayRange(first, first.AddDate(0, 0, 6)))}
}

func monthPeriod(year int, month time.Month, loc *time.Location) Period {
	from := midnight(year, month, 1, loc)
	return Period{From: from, To: midnight(year, month+1, 1, loc), Kind: KindMonth,
		Label: fmt.Sprintf("%s %d", month, year)}
}

func rangePeriod(from time.Time, days int, loc *time.Location) Period {
	y, m, d := from.Date()
	first := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return Period{From: midnight(y, m, d, loc), To: midnight(y, m, d+days, loc), Kind: KindRange,
		Label: dayRange(first, first.AddDate(0, 0, days-1))}
}

// dayRange writes two dates compactly: "16–22 Nov 2026", "30 Nov – 6 Dec 2026", "1 Jan 2026".
func dayRange(a, b time.Time) string {
	switch {
	case a.Year() == b.Year() && a.YearDay() == b.YearDay():
		return a.Format("2 Jan 2006")
	case a.Year() == b.Year() && a.Month() == b.Month():
		return fmt.Sprintf("%d–%s", a.Day(), b.Format("2 Jan 2006"))
	case a.Year() == b.Year():
		return a.Format("2 Jan") + " – " + b.Format("2 Jan 2006")
	}
	return a.Format("2 Jan 2006") + " – " + b.Format("2 Jan 2006")
}

func parseDay(field, s string, loc *time.Location) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, periodError(field, "must be a date like 2026-11-03")
	}
	t, err := time.ParseInLocation(time.DateOnly, s, loc)
	if err != nil {
		return time.Time{}, periodError(field, "must be a date like 2026-11-03; got %q", s)
	}
	if t.Year() < 1970 {
		return time.Time{}, periodError(field, "must be in 1970 or later; got %q", s)
	}
	return t, nil
}

// civilDays counts calendar days from a's date to b's date, ignoring daylight-saving changes.
func civilDays(a, b time.Time) int {
	ua := time.Date(a.Year(), a.Month(), a.Day(), 0, 0, 0, 0, time.UTC)
	ub := time.Date(b.Year(), b.Month(), b.Day(), 0, 0, 0, 0, time.UTC)
	return int(ub.Sub(ua).Hours() / 24)
}

// weeksIn is 53 for years whose 28 December falls in week 53, else 52.
func weeksIn(year int) int {
	_, w := time.Date(year, time.December, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// digits reads lo to hi ASCII digits; strconv alone would also take signs and spaces.
func digits(s string, lo, hi int) (int, bool) {
	if len(s) < lo || len(s) > hi {
		return 0, false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}
	v, err := strconv.Atoi(s)
	return v, err == nil
}
