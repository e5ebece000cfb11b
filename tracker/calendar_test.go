package tracker

import (
	"errors"
	"math/rand/v2"
	"testing"
	"time"
	_ "time/tzdata" // the zone rules the tests reason about must not depend on the host
)

func mustLoad(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load zone %s: %v", name, err)
	}
	return loc
}

func utcAt(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, time.UTC)
}

// everyHour works around the clock, every day, so its working time is plain elapsed time
// except that a day is as long as the zone makes it.
func everyHour(loc *time.Location) WorkCalendar {
	return WorkCalendar{Loc: loc, Days: [7]bool{true, true, true, true, true, true, true}, Close: 24 * time.Hour}
}

func TestDue(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	newYork := mustLoad(t, "America/New_York")
	kolkata := mustLoad(t, "Asia/Kolkata")
	kathmandu := mustLoad(t, "Asia/Kathmandu")
	lordHowe := mustLoad(t, "Australia/Lord_Howe")

	berlinMondayOff := DefaultCalendar(berlin)
	berlinMondayOff.Holidays = map[string]bool{"2026-01-19": true}

	tests := []struct {
		name string
		cal  WorkCalendar
		at   time.Time
		d    time.Duration
		want time.Time
	}{
		{
			// Friday 16:30 leaves 30 minutes of Friday; the other 90 run from Monday 09:00.
			name: "an urgent request on Friday at 16:30 is due on Monday at 10:30",
			cal:  DefaultCalendar(berlin),
			at:   time.Date(2026, 1, 16, 16, 30, 0, 0, berlin),
			d:    2 * time.Hour,
			want: time.Date(2026, 1, 19, 10, 30, 0, 0, berlin),
		},
		{
			// Nothing counts over the weekend; one hour from Monday 09:00 is 10:00.
			name: "a request on Saturday starts its clock on Monday at 09:00",
			cal:  DefaultCalendar(berlin),
			at:   time.Date(2026, 1, 17, 11, 0, 0, 0, berlin),
			d:    time.Hour,
			want: time.Date(2026, 1, 19, 10, 0, 0, 0, berlin),
		},
		{
			// 07:15 is before opening, so the hour runs 09:00 to 10:00.
			name: "a request before opening counts from the opening",
			cal:  DefaultCalendar(berlin),
			at:   time.Date(2026, 1, 13, 7, 15, 0, 0, berlin),
			d:    time.Hour,
			want: time.Date(2026, 1, 13, 10, 0, 0, 0, berlin),
		},
		{
			// Tuesday 18:00 is after closing, so the hour runs Wednesday 09:00 to 10:00.
			name: "a request after closing counts from the next morning",
			cal:  DefaultCalendar(berlin),
			at:   time.Date(2026, 1, 13, 18, 0, 0, 0, berlin),
			d:    time.Hour,
			want: time.Date(2026, 1, 14, 10, 0, 0, 0, berlin),
		},
		{
			// Eight hours from 09:00 use the whole day and end at the closing instant itself.
			name: "a due time that falls on closing time is the closing time",
			cal:  DefaultCalendar(berlin),
			at:   time.Date(2026, 1, 13, 9, 0, 0, 0, berlin),
			d:    8 * time.Hour,
			want: time.Date(2026, 1, 13, 17, 0, 0, 0, berlin),
		},
		{
			// As the Friday case, but Monday 19 January is off: the 90 minutes move to Tuesday.
			name: "a holiday on Monday pushes the due time to Tuesday",
			cal:  berlinMondayOff,
			at:   time.Date(2026, 1, 16, 16, 30, 0, 0, berlin),
			d:    2 * time.Hour,
			want: time.Date(2026, 1, 20, 10, 30, 0, 0, berlin),
		},
		{
			// 80 hours are ten 8-hour days: Monday 12 to Friday 23 January, ending at closing.
			name: "eighty hours from a Monday morning end two Fridays later at closing",
			cal:  DefaultCalendar(berlin),
			at:   time.Date(2026, 1, 12, 9, 0, 0, 0, berlin),
			d:    80 * time.Hour,
			want: time.Date(2026, 1, 23, 17, 0, 0, 0, berlin),
		},
		{
			// No working time is owed, so nothing moves, not even to the next opening.
			name: "a zero target on Saturday is due at once",
			cal:  DefaultCalendar(berlin),
			at:   time.Date(2026, 1, 17, 11, 0, 0, 0, berlin),
			d:    0,
			want: time.Date(2026, 1, 17, 11, 0, 0, 0, berlin),
		},
		{
			// Clocks spring forward on Sunday 29 March. Friday 16:00 CET (15:00Z) + 24h:
			// Friday 1h, Monday 8h, Tuesday 8h, Wednesday 7h: Wednesday 16:00 CEST is 14:00Z.
			name: "a day's work over the Berlin spring change ends at 16:00 summer time",
			cal:  DefaultCalendar(berlin),
			at:   utcAt(2026, 3, 27, 15, 0),
			d:    24 * time.Hour,
			want: utcAt(2026, 4, 1, 14, 0),
		},
		{
			// Clocks fall back on Sunday 25 October. Friday 16:00 CEST is 14:00Z; the same
			// 1+8+8+7 hours end Wednesday 28 October 16:00 CET, 15:00Z.
			name: "a day's work over the Berlin autumn change ends at 16:00 winter time",
			cal:  DefaultCalendar(berlin),
			at:   utcAt(2026, 10, 23, 14, 0),
			d:    24 * time.Hour,
			want: utcAt(2026, 10, 28, 15, 0),
		},
		{
			// Clocks spring forward on Sunday 8 March. Friday 16:00 EST is 21:00Z;
			// Wednesday 11 March 16:00 EDT is 20:00Z.
			name: "a day's work over the New York spring change ends at 16:00 daylight time",
			cal:  DefaultCalendar(newYork),
			at:   utcAt(2026, 3, 6, 21, 0),
			d:    24 * time.Hour,
			want: utcAt(2026, 3, 11, 20, 0),
		},
		{
			// Clocks fall back on Sunday 1 November. Friday 30 October 16:00 EDT is 20:00Z;
			// Wednesday 4 November 16:00 EST is 21:00Z.
			name: "a day's work over the New York autumn change ends at 16:00 standard time",
			cal:  DefaultCalendar(newYork),
			at:   utcAt(2026, 10, 30, 20, 0),
			d:    24 * time.Hour,
			want: utcAt(2026, 11, 4, 21, 0),
		},
		{
			// Lord Howe leaves its half-hour summer time on Sunday 5 April. Friday 3 April
			// 16:00 at +11:00 is 05:00Z; Wednesday 8 April 16:00 at +10:30 is 05:30Z.
			name: "a day's work over the Lord Howe half-hour change ends at 16:00 local",
			cal:  DefaultCalendar(lordHowe),
			at:   utcAt(2026, 4, 3, 5, 0),
			d:    24 * time.Hour,
			want: utcAt(2026, 4, 8, 5, 30),
		},
		{
			// Tuesday 16:00 IST (+05:30) is 10:30Z: one hour on Tuesday, three from Wednesday
			// 09:00, so Wednesday 12:00 IST, 06:30Z.
			name: "four hours from a Kolkata afternoon end at noon the next day",
			cal:  DefaultCalendar(kolkata),
			at:   utcAt(2026, 2, 3, 10, 30),
			d:    4 * time.Hour,
			want: utcAt(2026, 2, 4, 6, 30),
		},
		{
			// Saturday waits for Monday 9 February 09:00 NPT (+05:45), 03:15Z; 90 minutes
			// later is 10:30 NPT, 04:45Z.
			name: "a Saturday request in Kathmandu is due at 10:30 on Monday",
			cal:  DefaultCalendar(kathmandu),
			at:   time.Date(2026, 2, 7, 10, 0, 0, 0, kathmandu),
			d:    90 * time.Minute,
			want: utcAt(2026, 2, 9, 4, 45),
		},
		{
			// Saturday 12:00 CET is 11:00Z. Twelve hours reach Sunday 00:00; Sunday has only 23
			// hours, so 35 hours reach Monday 00:00 CEST and the 36th ends at 01:00 CEST,
			// which is 23:00Z on Sunday: exactly 36 elapsed hours, as around-the-clock work must be.
			name: "around-the-clock work over the spring change matches elapsed time",
			cal:  everyHour(berlin),
			at:   utcAt(2026, 3, 28, 11, 0),
			d:    36 * time.Hour,
			want: utcAt(2026, 3, 29, 23, 0),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.cal.Due(tt.at, tt.d)
			if !got.Equal(tt.want) {
				t.Errorf("Due(%s, %s) = %s; want %s", tt.at.UTC(), tt.d, got.UTC(), tt.want.UTC())
			}
			if b := tt.cal.Between(tt.at, got); b != tt.d {
				t.Errorf("Between(%s, %s) = %s; want %s", tt.at.UTC(), got.UTC(), b, tt.d)
			}
		})
	}
}

func TestBetween(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	lordHowe := mustLoad(t, "Australia/Lord_Howe")
	berlinMondayOff := DefaultCalendar(berlin)
	berlinMondayOff.Holidays = map[string]bool{"2026-01-19": true}
	at := func(m time.Month, d, h int) time.Time { return time.Date(2026, m, d, h, 0, 0, 0, berlin) }

	tests := []struct {
		name string
		cal  WorkCalendar
		a, b time.Time
		want time.Duration
	}{
		{
			// Friday 15:00–17:00 plus Monday 09:00–11:00.
			name: "a span across a weekend counts only Friday and Monday",
			cal:  DefaultCalendar(berlin), a: at(1, 16, 15), b: at(1, 19, 11),
			want: 4 * time.Hour,
		},
		{
			// Friday 15:00–17:00, Monday off, Tuesday 09:00–11:00.
			name: "a span across a holiday skips the holiday",
			cal:  berlinMondayOff, a: at(1, 16, 15), b: at(1, 20, 11),
			want: 4 * time.Hour,
		},
		{
			name: "a span inside a weekend is zero",
			cal:  DefaultCalendar(berlin), a: at(1, 17, 10), b: at(1, 18, 20),
			want: 0,
		},
		{
			name: "a span from Friday evening to Monday before opening is zero",
			cal:  DefaultCalendar(berlin), a: at(1, 16, 18), b: at(1, 19, 8),
			want: 0,
		},
		{
			name: "an end before the start is zero",
			cal:  DefaultCalendar(berlin), a: at(1, 14, 12), b: at(1, 13, 12),
			want: 0,
		},
		{
			// Five 8-hour days; the Sunday clock change does not touch working hours.
			name: "the week of the spring change still has forty working hours",
			cal:  DefaultCalendar(berlin), a: at(3, 23, 0), b: at(3, 30, 0),
			want: 40 * time.Hour,
		},
		{
			// 02:00 CET jumps to 03:00 CEST, so Sunday 29 March has 23 hours.
			name: "around-the-clock work on the Berlin spring Sunday is 23 hours",
			cal:  everyHour(berlin), a: at(3, 29, 0), b: at(3, 30, 0),
			want: 23 * time.Hour,
		},
		{
			// 03:00 CEST falls back to 02:00 CET, so Sunday 25 October has 25 hours.
			name: "around-the-clock work on the Berlin autumn Sunday is 25 hours",
			cal:  everyHour(berlin), a: at(10, 25, 0), b: at(10, 26, 0),
			want: 25 * time.Hour,
		},
		{
			// Lord Howe springs forward half an hour (02:00 to 02:30) on Sunday 4 October.
			name: "around-the-clock work on the Lord Howe spring Sunday is 23.5 hours",
			cal:  everyHour(lordHowe),
			a:    time.Date(2026, 10, 4, 0, 0, 0, 0, lordHowe), b: time.Date(2026, 10, 5, 0, 0, 0, 0, lordHowe),
			want: 23*time.Hour + 30*time.Minute,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.cal.Between(tt.a, tt.b); got != tt.want {
				t.Errorf("Between(%s, %s) = %s; want %s", tt.a, tt.b, got, tt.want)
			}
		})
	}
}

func TestNextOpeningAndIsWorking(t *testing.T) {
	berlin := mustLoad(t, "Europe/Berlin")
	cal := DefaultCalendar(berlin)
	at := func(d, h, min int) time.Time { return time.Date(2026, 1, d, h, min, 0, 0, berlin) }

	tests := []struct {
		name    string
		t       time.Time
		working bool
		next    time.Time
	}{
		{"the opening instant is working time", at(13, 9, 0), true, at(13, 9, 0)},
		{"mid-afternoon is working time", at(13, 15, 20), true, at(13, 15, 20)},
		{"the closing instant is not working time", at(13, 17, 0), false, at(14, 9, 0)},
		{"early morning waits for the opening", at(13, 6, 0), false, at(13, 9, 0)},
		{"Friday evening waits for Monday", at(16, 20, 0), false, at(19, 9, 0)},
		{"Sunday waits for Monday", at(18, 12, 0), false, at(19, 9, 0)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cal.IsWorking(tt.t); got != tt.working {
				t.Errorf("IsWorking(%s) = %v; want %v", tt.t, got, tt.working)
			}
			if got := cal.NextOpening(tt.t); !got.Equal(tt.next) {
				t.Errorf("NextOpening(%s) = %s; want %s", tt.t, got, tt.next)
			}
		})
	}
}

func TestCalendarThatNeverWorksGivesUpInsteadOfHanging(t *testing.T) {
	start := utcAt(2026, 1, 1, 0, 0)
	var none WorkCalendar
	if got := none.Due(start, time.Hour); got.Year() != 9999 {
		t.Errorf("Due on a calendar with no work days = %s; want the far future", got)
	}
	if got := none.NextOpening(start); got.Year() != 9999 {
		t.Errorf("NextOpening on a calendar with no work days = %s; want the far future", got)
	}

	// Only Mondays are worked and every Monday for three years is a holiday.
	mondays := WorkCalendar{Open: 9 * time.Hour, Close: 17 * time.Hour}
	mondays.Days[time.Monday] = true
	mondays.Holidays = map[string]bool{}
	for d := start; d.Year() < 2029; d = d.AddDate(0, 0, 1) {
		mondays.Holidays[d.Format(time.DateOnly)] = true
	}
	if got := mondays.Due(start, time.Hour); got.Year() != 9999 {
		t.Errorf("Due on a calendar of holidays = %s; want the far future", got)
	}
}

func TestCalendarValidate(t *testing.T) {
	good := DefaultCalendar(nil)
	if err := good.Validate(); err != nil {
		t.Fatalf("the default calendar is invalid: %v", err)
	}
	tests := []struct {
		name   string
		change func(c *WorkCalendar)
	}{
		{"a calendar without work days is invalid", func(c *WorkCalendar) { c.Days = [7]bool{} }},
		{"an opening at closing time is invalid", func(c *WorkCalendar) { c.Open = c.Close }},
		{"an opening after closing is invalid", func(c *WorkCalendar) { c.Open, c.Close = 18*time.Hour, 8*time.Hour }},
		{"a closing after midnight is invalid", func(c *WorkCalendar) { c.Close = 25 * time.Hour }},
		{"a negative opening is invalid", func(c *WorkCalendar) { c.Open = -time.Hour }},
		{"a holiday that is not a date is invalid", func(c *WorkCalendar) { c.Holidays = map[string]bool{"Christmas": true} }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := DefaultCalendar(nil)
			tt.change(&c)
			if err := c.Validate(); !errors.Is(err, ErrInvalid) {
				t.Errorf("Validate() = %v; want an ErrInvalid", err)
			}
		})
	}
	t.Run("a whole-day calendar is valid", func(t *testing.T) {
		if err := everyHour(nil).Validate(); err != nil {
			t.Errorf("Validate() = %v", err)
		}
	})
}

// propertyCalendars are the calendars the property tests run in each zone. The 02:30–03:15
// one straddles the hour that spring-forward changes skip in Europe and North America and the
// half hour Lord Howe skips, so some of its days are shortened or vanish.
func propertyCalendars(loc *time.Location) map[string]WorkCalendar {
	holidays := DefaultCalendar(loc)
	holidays.Holidays = map[string]bool{}
	r := rand.New(rand.NewPCG(7, 11))
	for range 400 {
		d := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(21*366))
		holidays.Holidays[d.Format(time.DateOnly)] = true
	}
	gap := everyHour(loc)
	gap.Open, gap.Close = 2*time.Hour+30*time.Minute, 3*time.Hour+15*time.Minute
	weekend := DefaultCalendar(loc)
	weekend.Days = [7]bool{time.Saturday: true, time.Sunday: true}
	weekend.Open, weekend.Close = 0, 24*time.Hour
	return map[string]WorkCalendar{
		"office hours":      DefaultCalendar(loc),
		"office holidays":   holidays,
		"around the clock":  everyHour(loc),
		"night shift gap":   gap,
		"weekends all day":  weekend,
		"short lunch cover": {Loc: loc, Days: DefaultCalendar(loc).Days, Open: 12 * time.Hour, Close: 12*time.Hour + 45*time.Minute + 17*time.Second},
	}
}

var propertyZones = []string{"America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kathmandu", "UTC"}

// randomInstant is a whole-second instant between 2010 and 2030, or, one time in four, within
// a few weeks of Samoa's skipped 30 December 2011 or of a 2026 clock change.
func randomInstant(r *rand.Rand) time.Time {
	near := []time.Time{
		utcAt(2011, 12, 30, 0, 0), utcAt(2026, 3, 8, 7, 0), utcAt(2026, 3, 29, 1, 0),
		utcAt(2026, 4, 4, 15, 0), utcAt(2026, 10, 3, 15, 30), utcAt(2026, 10, 25, 1, 0), utcAt(2026, 11, 1, 6, 0),
	}
	if r.IntN(4) == 0 {
		base := near[r.IntN(len(near))]
		return base.Add(time.Duration(r.Int64N(60*24*3600)-30*24*3600) * time.Second)
	}
	base := utcAt(2010, 1, 1, 0, 0)
	return base.Add(time.Duration(r.Int64N(20*365*24*3600)) * time.Second)
}

func randomHours(r *rand.Rand, maxHours int64) time.Duration {
	switch r.IntN(8) {
	case 0:
		return 0
	case 1:
		return time.Duration(r.Int64N(maxHours)) * time.Hour // whole hours land on closing times
	}
	return time.Duration(r.Int64N(maxHours*3600+1)) * time.Second
}

func TestDueProperties(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 3))
	for _, zone := range propertyZones {
		loc := mustLoad(t, zone)
		for name, cal := range propertyCalendars(loc) {
			t.Run(zone+" "+name, func(t *testing.T) {
				for range 300 {
					start := randomInstant(r)
					a, b := randomHours(r, 500), randomHours(r, 500)
					due := cal.Due(start, a)
					if due.Before(start) {
						t.Fatalf("Due(%s, %s) = %s is before the start", start, a, due)
					}
					if got := cal.Between(start, due); got != a {
						t.Fatalf("Between(%s, Due(.., %s) = %s) = %s; want %s", start, a, due, got, a)
					}
					if whole, split := cal.Due(start, a+b), cal.Due(due, b); !whole.Equal(split) {
						t.Fatalf("Due(%s, %s+%s) = %s but Due(Due(.., %s), %s) = %s", start, a, b, whole, a, b, split)
					}
					if a > 0 && !cal.IsWorking(due.Add(-time.Nanosecond)) {
						t.Fatalf("Due(%s, %s) = %s does not end working time", start, a, due)
					}
					next := cal.NextOpening(start)
					if !cal.IsWorking(next) || next.Before(start) {
						t.Fatalf("NextOpening(%s) = %s is not working time at or after the start", start, next)
					}
					if cal.Between(start, next) != 0 {
						t.Fatalf("Between(%s, NextOpening = %s) is not zero", start, next)
					}
					if cal.IsWorking(start) != next.Equal(start) {
						t.Fatalf("IsWorking(%s) = %v but NextOpening = %s", start, cal.IsWorking(start), next)
					}
				}
			})
		}
	}
}

func TestBetweenAddsUp(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 4))
	for _, zone := range propertyZones {
		loc := mustLoad(t, zone)
		for name, cal := range propertyCalendars(loc) {
			t.Run(zone+" "+name, func(t *testing.T) {
				for range 300 {
					a := randomInstant(r)
					b := a.Add(randomHours(r, 1000))
					c := b.Add(randomHours(r, 1000))
					ab, bc, ac := cal.Between(a, b), cal.Between(b, c), cal.Between(a, c)
					if ab+bc != ac {
						t.Fatalf("Between(a, b) + Between(b, c) = %s + %s; Between(a, c) = %s (a=%s b=%s c=%s)", ab, bc, ac, a, b, c)
					}
					if ac > c.Sub(a) {
						t.Fatalf("Between(%s, %s) = %s is more than the elapsed %s", a, c, ac, c.Sub(a))
					}
				}
			})
		}
	}
}

// TestBetweenMatchesMinuteByMinuteCount checks Between against a count that shares no code
// with it: step through a span a minute at a time and ask the local clock whether it is a
// working minute. It uses zones whose clock changes fall outside office hours.
func TestBetweenMatchesMinuteByMinuteCount(t *testing.T) {
	r := rand.New(rand.NewPCG(2026, 5))
	for _, zone := range []string{"America/New_York", "Europe/Berlin", "Australia/Lord_Howe", "Asia/Kathmandu"} {
		loc := mustLoad(t, zone)
		cal := propertyCalendars(loc)["office holidays"]
		working := func(t time.Time) bool {
			lt := t.In(loc)
			clock := time.Duration(lt.Hour())*time.Hour + time.Duration(lt.Minute())*time.Minute
			return cal.Days[lt.Weekday()] && !cal.Holidays[lt.Format(time.DateOnly)] && clock >= cal.Open && clock < cal.Close
		}
		t.Run(zone, func(t *testing.T) {
			for range 100 {
				a := randomInstant(r).Truncate(time.Minute)
				b := a.Add(time.Duration(r.IntN(5*24*60)) * time.Minute)
				var want time.Duration
				for m := a; m.Before(b); m = m.Add(time.Minute) {
					if working(m) {
						want += time.Minute
					}
				}
				if got := cal.Between(a, b); got != want {
					t.Fatalf("Between(%s, %s) = %s; counting minutes gives %s", a, b, got, want)
				}
			}
		})
	}
}

func TestParseClock(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"00:00", 0},
		{"09:00", 9 * time.Hour},
		{"9:30", 9*time.Hour + 30*time.Minute},
		{" 17:45 ", 17*time.Hour + 45*time.Minute},
		{"23:59", 23*time.Hour + 59*time.Minute},
		{"24:00", 24 * time.Hour},
	}
	for _, tt := range tests {
		t.Run(tt.in+" is accepted", func(t *testing.T) {
			got, err := ParseClock(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("ParseClock(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
			}
		})
	}
	for _, in := range []string{"", "9", "09:0", "09:000", "24:01", "25:00", "12:60", "-1:00", "+9:00", "09-00", "0x:00", "１２:００", "09:00:00"} {
		t.Run(in+" is rejected", func(t *testing.T) {
			if d, err := ParseClock(in); !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseClock(%q) = %s, %v; want an ErrInvalid", in, d, err)
			}
		})
	}
}

func TestFormatClockRoundTrips(t *testing.T) {
	for d := time.Duration(0); d <= 24*time.Hour; d += time.Minute {
		s := FormatClock(d)
		if back, err := ParseClock(s); err != nil || back != d {
			t.Fatalf("ParseClock(FormatClock(%s) = %q) = %s, %v", d, s, back, err)
		}
	}
}

func weekdays(days ...time.Weekday) [7]bool {
	var w [7]bool
	for _, d := range days {
		w[d] = true
	}
	return w
}

func TestParseWorkdays(t *testing.T) {
	sun, mon, tue, wed, thu, fri, sat := time.Sunday, time.Monday, time.Tuesday, time.Wednesday, time.Thursday, time.Friday, time.Saturday
	tests := []struct {
		in     string
		want   [7]bool
		format string
	}{
		{"mon-fri", weekdays(mon, tue, wed, thu, fri), "mon-fri"},
		{"Mon,TUE,thu", weekdays(mon, tue, thu), "mon,tue,thu"},
		{"sat-sun", weekdays(sat, sun), "sat,sun"},
		{"fri-mon", weekdays(fri, sat, sun, mon), "mon,fri-sun"},
		{"sun-sat", weekdays(sun, mon, tue, wed, thu, fri, sat), "mon-sun"},
		{"wed-wed", weekdays(wed), "wed"},
		{" mon - wed , fri ", weekdays(mon, tue, wed, fri), "mon-wed,fri"},
		{"mon,mon", weekdays(mon), "mon"},
		{"mon,wed,fri", weekdays(mon, wed, fri), "mon,wed,fri"},
	}
	for _, tt := range tests {
		t.Run(tt.in+" reads as "+tt.format, func(t *testing.T) {
			got, err := ParseWorkdays(tt.in)
			if err != nil || got != tt.want {
				t.Fatalf("ParseWorkdays(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
			if f := FormatWorkdays(got); f != tt.format {
				t.Fatalf("FormatWorkdays(%v) = %q; want %q", got, f, tt.format)
			}
		})
	}
	rejects := []struct{ in, msg string }{
		{"mox", `workdays: unknown day "mox"`},
		{"monday", `workdays: unknown day "monday"`},
		{"", "workdays: must name at least one day, like mon-fri"},
		{"mon,,tue", "workdays: missing day name"},
		{"mon-", "workdays: missing day name"},
		{"mon-tue-wed", `workdays: unknown day "tue-wed"`},
	}
	for _, tt := range rejects {
		t.Run(tt.in+" is rejected", func(t *testing.T) {
			_, err := ParseWorkdays(tt.in)
			if !errors.Is(err, ErrInvalid) || err.Error() != tt.msg {
				t.Fatalf("ParseWorkdays(%q) error = %v; want %q wrapping ErrInvalid", tt.in, err, tt.msg)
			}
		})
	}
}

func TestFormatWorkdaysRoundTripsEverySet(t *testing.T) {
	for mask := 1; mask < 1<<7; mask++ {
		var days [7]bool
		for d := range days {
			days[d] = mask&(1<<d) != 0
		}
		s := FormatWorkdays(days)
		if back, err := ParseWorkdays(s); err != nil || back != days {
			t.Fatalf("ParseWorkdays(FormatWorkdays(%v) = %q) = %v, %v", days, s, back, err)
		}
	}
	if s := FormatWorkdays([7]bool{}); s != "" {
		t.Errorf("FormatWorkdays of no days = %q; want empty", s)
	}
}

func FuzzParseWorkdays(f *testing.F) {
	for _, s := range []string{"mon-fri", "mon,tue,thu", "sat-sun", "fri-mon", "SUN-sat", " wed ", "mon,,tue", "mox", "mon-tue-wed", "-", ",", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		days, err := ParseWorkdays(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseWorkdays(%q) error %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		if days == [7]bool{} {
			t.Fatalf("ParseWorkdays(%q) accepted no days", s)
		}
		formatted := FormatWorkdays(days)
		back, err := ParseWorkdays(formatted)
		if err != nil || back != days {
			t.Fatalf("ParseWorkdays(%q) = %v, formatted %q, which parses to %v, %v", s, days, formatted, back, err)
		}
	})
}

func FuzzParseClock(f *testing.F) {
	for _, s := range []string{"09:00", "9:30", "24:00", "24:01", "00:00", " 17:45 ", "12:60", "-1:00", "+9:00", "1:2", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseClock(s)
		if err != nil {
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("ParseClock(%q) error %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		if d < 0 || d > 24*time.Hour || d%time.Minute != 0 {
			t.Fatalf("ParseClock(%q) = %s, outside whole minutes of the day", s, d)
		}
		formatted := FormatClock(d)
		if back, err := ParseClock(formatted); err != nil || back != d {
			t.Fatalf("ParseClock(%q) = %s, formatted %q, which parses to %s, %v", s, d, formatted, back, err)
		}
	})
}
