package reports_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"shiplog/reports"
	"shiplog/tracker"
)

func day(loc *time.Location, y int, m time.Month, d int) time.Time {
	return time.Date(y, m, d, 0, 0, 0, 0, loc)
}

func TestPeriodParsers(t *testing.T) {
	tests := []struct {
		name     string
		parse    func() (reports.Period, error)
		from, to time.Time
		label    string
		prevFrom time.Time
		prevTo   time.Time
	}{
		{"an ISO week runs Monday to Monday and its previous is the week before",
			func() (reports.Period, error) { return reports.ParseWeek("2026-W47", berlin) },
			day(berlin, 2026, 11, 16), day(berlin, 2026, 11, 23), "Week 47, 2026 (16–22 Nov 2026)",
			day(berlin, 2026, 11, 9), day(berlin, 2026, 11, 16)},
		{"week 1 of 2026 starts in December 2025",
			func() (reports.Period, error) { return reports.ParseWeek("2026-w01", berlin) },
			day(berlin, 2025, 12, 29), day(berlin, 2026, 1, 5), "Week 1, 2026 (29 Dec 2025 – 4 Jan 2026)",
			day(berlin, 2025, 12, 22), day(berlin, 2025, 12, 29)},
		{"week 53 exists in 2026 and its previous is week 52",
			func() (reports.Period, error) { return reports.ParseWeek("2026-W53", berlin) },
			day(berlin, 2026, 12, 28), day(berlin, 2027, 1, 4), "Week 53, 2026 (28 Dec 2026 – 3 Jan 2027)",
			day(berlin, 2026, 12, 21), day(berlin, 2026, 12, 28)},
		{"a week across the DST change still has seven days",
			func() (reports.Period, error) { return reports.ParseWeek("2026-W13", berlin) },
			day(berlin, 2026, 3, 23), day(berlin, 2026, 3, 30), "Week 13, 2026 (23–29 Mar 2026)",
			day(berlin, 2026, 3, 16), day(berlin, 2026, 3, 23)},
		{"a month's previous is the calendar month before",
			func() (reports.Period, error) { return reports.ParseMonth("2026-03", berlin) },
			day(berlin, 2026, 3, 1), day(berlin, 2026, 4, 1), "March 2026",
			day(berlin, 2026, 2, 1), day(berlin, 2026, 3, 1)},
		{"January's previous month is last December",
			func() (reports.Period, error) { return reports.ParseMonth("2026-01", berlin) },
			day(berlin, 2026, 1, 1), day(berlin, 2026, 2, 1), "January 2026",
			day(berlin, 2025, 12, 1), day(berlin, 2026, 1, 1)},
		{"a range includes its last day and its previous has as many days",
			func() (reports.Period, error) { return reports.ParseRange("2026-11-03", "2026-11-12", berlin) },
			day(berlin, 2026, 11, 3), day(berlin, 2026, 11, 13), "3–12 Nov 2026",
			day(berlin, 2026, 10, 24), day(berlin, 2026, 11, 3)},
		{"a one-day range is that day",
			func() (reports.Period, error) { return reports.ParseRange("2026-11-03", "2026-11-03", berlin) },
			day(berlin, 2026, 11, 3), day(berlin, 2026, 11, 4), "3 Nov 2026",
			day(berlin, 2026, 11, 2), day(berlin, 2026, 11, 3)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := tt.parse()
			if err != nil {
				t.Fatal(err)
			}
			if !p.From.Equal(tt.from) || !p.To.Equal(tt.to) || p.Label != tt.label {
				t.Errorf("got %s..%s %q, want %s..%s %q", p.From, p.To, p.Label, tt.from, tt.to, tt.label)
			}
			prev := p.Previous()
			if !prev.From.Equal(tt.prevFrom) || !prev.To.Equal(tt.prevTo) {
				t.Errorf("previous %s..%s, want %s..%s", prev.From, prev.To, tt.prevFrom, tt.prevTo)
			}
			if next := prev.Next(); !next.From.Equal(p.From) || !next.To.Equal(p.To) {
				t.Errorf("previous then next gives %s..%s, want the period back", next.From, next.To)
			}
		})
	}
}

func TestParseWeekAcceptsTheISOForms(t *testing.T) {
	tests := []struct {
		in   string
		from time.Time
	}{
		{"2026-W47", day(berlin, 2026, 11, 16)},
		{"2026W47", day(berlin, 2026, 11, 16)},
		{"2026-w47", day(berlin, 2026, 11, 16)},
		{"2026w47", day(berlin, 2026, 11, 16)},
		{" 2026-W01 ", day(berlin, 2025, 12, 29)}, // week 1 holds 4 January, so it starts in December
		{"2026-W53", day(berlin, 2026, 12, 28)},   // 2026 starts on a Thursday: it has 53 weeks
		{"2027-W1", day(berlin, 2027, 1, 4)},
		{"2026-W13", day(berlin, 2026, 3, 23)}, // the week of the spring DST change is 167 hours long
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p, err := reports.ParseWeek(tt.in, berlin)
			if err != nil {
				t.Fatal(err)
			}
			if !p.From.Equal(tt.from) || !p.To.Equal(tt.from.AddDate(0, 0, 7)) || p.Kind != reports.KindWeek {
				t.Fatalf("got %v to %v, want %v and a week later", p.From, p.To, tt.from)
			}
		})
	}
	for _, bad := range []string{"", "2026", "2026-47", "2026-W0", "2026-W54", "2027-W53", "26-W10", "2026-W1x", "2026-W+1",
		"0000-W01", "1969-W52", "2026--W47", "2026-W047", "W47"} {
		if _, err := reports.ParseWeek(bad, berlin); !errors.Is(err, tracker.ErrInvalid) {
			t.Errorf("ParseWeek(%q): err = %v, want ErrInvalid", bad, err)
		}
	}
}

func TestPeriodPrintsInTheFormItsParserReads(t *testing.T) {
	tests := []struct {
		name string
		p    reports.Period
		want string
	}{
		{"a week", must[reports.Period](t)(reports.ParseWeek("2026w7", berlin)), "2026-W07"},
		{"week 1 that starts in December", must[reports.Period](t)(reports.ParseWeek("2026-W01", berlin)), "2026-W01"},
		{"a month", must[reports.Period](t)(reports.ParseMonth("2026-03", berlin)), "2026-03"},
		{"a range", must[reports.Period](t)(reports.ParseRange("2026-11-01", "2026-11-15", berlin)), "2026-11-01_2026-11-15"},
		{"a one-day range", must[reports.Period](t)(reports.ParseRange("2026-03-29", "2026-03-29", berlin)), "2026-03-29_2026-03-29"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eq(t, "printed", tt.p.String(), tt.want)
			samePeriod(t, reparse(t, tt.p), tt.p)
		})
	}
}

// reparse parses p's printed form with the parser of p's kind.
func reparse(t *testing.T, p reports.Period) reports.Period {
	t.Helper()
	s := p.String()
	var (
		again reports.Period
		err   error
	)
	switch p.Kind {
	case reports.KindWeek:
		again, err = reports.ParseWeek(s, p.From.Location())
	case reports.KindMonth:
		again, err = reports.ParseMonth(s, p.From.Location())
	default:
		from, to, _ := strings.Cut(s, "_")
		again, err = reports.ParseRange(from, to, p.From.Location())
	}
	if err != nil {
		t.Fatalf("%s does not parse back: %v", s, err)
	}
	return again
}

// samePeriod fails unless got and want are the same period.
func samePeriod(t *testing.T, got, want reports.Period) {
	t.Helper()
	if !got.From.Equal(want.From) || !got.To.Equal(want.To) || got.Kind != want.Kind || got.Label != want.Label {
		t.Fatalf("%s parses back to %s..%s %q, want %s..%s %q", want, got.From, got.To, got.Label, want.From, want.To, want.Label)
	}
}

func TestPeriodParsersRejectBadInput(t *testing.T) {
	tests := []struct {
		name, flag, reason string
		parse              func() (reports.Period, error)
	}{
		{"a week without W", "week", "ISO week like 2026-W47", func() (reports.Period, error) { return reports.ParseWeek("2026-47", berlin) }},
		{"week 53 of a 52-week year", "week", "2025 has weeks 1 to 52", func() (reports.Period, error) { return reports.ParseWeek("2025-W53", berlin) }},
		{"week zero", "week", "weeks 1 to", func() (reports.Period, error) { return reports.ParseWeek("2026-W00", berlin) }},
		{"a signed week", "week", "ISO week", func() (reports.Period, error) { return reports.ParseWeek("2026-W+1", berlin) }},
		{"month 13", "month", "01 to 12", func() (reports.Period, error) { return reports.ParseMonth("2026-13", berlin) }},
		{"a month without zero padding", "month", "like 2026-11", func() (reports.Period, error) { return reports.ParseMonth("2026-1", berlin) }},
		{"a year before 1970", "month", "1970 or later", func() (reports.Period, error) { return reports.ParseMonth("1969-12", berlin) }},
		{"a bad from date", "from", "date like", func() (reports.Period, error) { return reports.ParseRange("2026-02-30", "2026-03-01", berlin) }},
		{"a bad to date", "to", "date like", func() (reports.Period, error) { return reports.ParseRange("2026-02-01", "tomorrow", berlin) }},
		{"from after to", "from", "must not be after the last day (2026-11-09)", func() (reports.Period, error) { return reports.ParseRange("2026-11-10", "2026-11-09", berlin) }},
		{"a range of decades", "to", "at most", func() (reports.Period, error) { return reports.ParseRange("1990-01-01", "2026-01-01", berlin) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := tt.parse()
			if err == nil {
				t.Fatal("no error")
			}
			if !errors.Is(err, tracker.ErrInvalid) {
				t.Errorf("%v does not wrap ErrInvalid", err)
			}
			if !strings.HasPrefix(err.Error(), tt.flag+":") || !strings.Contains(err.Error(), tt.reason) {
				t.Errorf("error %q should name %s and say %q", err, tt.flag, tt.reason)
			}
			if strings.Contains(err.Error(), "--") {
				t.Errorf("error %q speaks of a flag; the library names fields, the command line adds the dashes", err)
			}
		})
	}
}

func TestWeekOfUsesTheUsersZone(t *testing.T) {
	// Sunday 23:30 UTC is Monday 00:30 in Berlin, so it belongs to the new week there.
	mon := time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC)
	if got := reports.WeekOf(mon, berlin); !got.From.Equal(day(berlin, 2026, 11, 23)) {
		t.Errorf("WeekOf(%s) starts %s, want Monday 23 Nov in Berlin", mon, got.From)
	}
}

// checkPeriod is the fuzz invariant: a parsed period is whole local days, To after From, and its
// previous period ends where it starts.
func checkPeriod(t *testing.T, p reports.Period) {
	t.Helper()
	if !p.To.After(p.From) {
		t.Fatalf("period %s..%s is empty", p.From, p.To)
	}
	for _, x := range []time.Time{p.From, p.To} {
		if x.Hour() != 0 || x.Minute() != 0 {
			t.Fatalf("bound %s is not a local midnight", x)
		}
	}
	if prev := p.Previous(); !prev.To.Equal(p.From) {
		t.Fatalf("previous ends %s, not at %s", prev.To, p.From)
	}
	if p.Label == "" {
		t.Fatal("no label")
	}
}

func FuzzParseWeek(f *testing.F) {
	for _, s := range []string{"2026-W47", "2026W47", "2026-w47", "2026w47", "2026-W53", "2025-W53", "1970-W01", "9999-W52",
		"2026-w1", " 2026-W02 ", "x", "2020-w53", "2021-W53", "2026-W", "-W1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := reports.ParseWeek(s, berlin)
		if err != nil {
			if !errors.Is(err, tracker.ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			return
		}
		checkPeriod(t, p)
		if p.Days() != 7 || p.From.Weekday() != time.Monday || p.Kind != reports.KindWeek {
			t.Fatalf("week %q is %d days from %s", s, p.Days(), p.From.Weekday())
		}
		// The printed form parses back to the same week, whichever accepted form was read.
		samePeriod(t, reparse(t, p), p)
	})
}

func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2026-11", "2026-01", "2026-12", "1970-01", "9999-12", "2026-13", "2026-1", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := reports.ParseMonth(s, berlin)
		if err != nil {
			if !errors.Is(err, tracker.ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			return
		}
		checkPeriod(t, p)
		if p.From.Day() != 1 || p.To.Day() != 1 || p.Days() < 28 || p.Days() > 31 {
			t.Fatalf("month %q is %s..%s", s, p.From, p.To)
		}
		samePeriod(t, reparse(t, p), p)
	})
}

func FuzzParseRange(f *testing.F) {
	f.Add("2026-11-03", "2026-11-09")
	f.Add("2026-11-09", "2026-11-03")
	f.Add("2026-03-29", "2026-03-29")
	f.Add("1970-01-01", "1979-12-31")
	f.Add("2026-02-29", "2026-03-01")
	f.Fuzz(func(t *testing.T, a, b string) {
		p, err := reports.ParseRange(a, b, berlin)
		if err != nil {
			if !errors.Is(err, tracker.ErrInvalid) {
				t.Fatalf("error %v is not ErrInvalid", err)
			}
			return
		}
		checkPeriod(t, p)
		if p.Days() < 1 || p.Days() > reports.MaxRangeDays {
			t.Fatalf("range %q..%q has %d days", a, b, p.Days())
		}
		samePeriod(t, reparse(t, p), p)
	})
}
