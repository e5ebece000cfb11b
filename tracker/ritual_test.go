package tracker_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
)

func TestClosingTheDay(t *testing.T) {
	t.Run("the first close records today with its answers and the zone", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Billing API")
		c, err := svc.CloseDay(tracker.CloseDayInput{Tomorrow: &tracker.Plan{Goal: "Write the tax tests", Project: "billing api"},
			Handoff: ptr("Parser half done; the fixtures are in testdata"), Energy: ptr(4)})
		if err != nil {
			t.Fatal(err)
		}
		if c.Day != "2026-11-25" || c.Zone != "Local" || !c.ClosedAt.Equal(t0) || c.Rev != 1 || c.UID == "" {
			t.Errorf("close %+v", c)
		}
		if c.Tomorrow.Goal != "Write the tax tests" || c.Tomorrow.Project != "Billing API" || *c.Energy != 4 {
			t.Errorf("answers %+v energy %v; want the project as stored", c.Tomorrow, *c.Energy)
		}
		got, err := svc.DayClose("2026-11-25")
		if err != nil || got.Handoff != c.Handoff || got.Tomorrow.Project != "Billing API" || got.UID != c.UID {
			t.Errorf("read back %+v, %v", got, err)
		}
	})

	t.Run("closing again updates the day, keeps what it leaves out and raises the revision", func(t *testing.T) {
		svc, clock := mustOpen(t)
		mustProject(t, svc, "API")
		first, err := svc.CloseDay(tracker.CloseDayInput{Tomorrow: &tracker.Plan{Goal: "Ship the parser", Project: "API"}, Handoff: ptr("over to you")})
		if err != nil {
			t.Fatal(err)
		}
		clock.Advance(30 * time.Minute)
		again, err := svc.CloseDay(tracker.CloseDayInput{Energy: ptr(2)})
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != first.ID || again.UID != first.UID || again.Rev != 2 || !again.ClosedAt.Equal(t0.Add(30*time.Minute)) {
			t.Errorf("second close %+v; want the same record at rev 2, closed at the new time", again)
		}
		if again.Handoff != "over to you" || again.Tomorrow.Goal != "Ship the parser" || again.Tomorrow.Project != "API" || *again.Energy != 2 {
			t.Errorf("second close lost what the first said: %+v", again)
		}
		third, err := svc.CloseDay(tracker.CloseDayInput{Tomorrow: &tracker.Plan{}, Handoff: ptr(""), Energy: ptr(0)})
		if err != nil {
			t.Fatal(err)
		}
		if !third.Tomorrow.IsZero() || third.Handoff != "" || third.Energy != nil || third.Rev != 3 {
			t.Errorf("third close %+v; want every answer cleared", third)
		}
		all, _ := svc.DayCloses("", "")
		if len(all) != 1 {
			t.Errorf("%d closes, want one per day", len(all))
		}
	})

	t.Run("bad answers name the field and write nothing", func(t *testing.T) {
		cases := []struct {
			name  string
			in    tracker.CloseDayInput
			field string
			kind  error
		}{
			{"energy 6", tracker.CloseDayInput{Energy: ptr(6)}, "energy", tracker.ErrInvalid},
			{"energy -1", tracker.CloseDayInput{Energy: ptr(-1)}, "energy", tracker.ErrInvalid},
			{"a goal without a project", tracker.CloseDayInput{Tomorrow: &tracker.Plan{Goal: "Ship"}}, "project", tracker.ErrInvalid},
			{"a project without a goal", tracker.CloseDayInput{Tomorrow: &tracker.Plan{Project: "API"}}, "tomorrow", tracker.ErrInvalid},
			{"a goal with a line break", tracker.CloseDayInput{Tomorrow: &tracker.Plan{Goal: "a\nb", Project: "API"}}, "tomorrow", tracker.ErrInvalid},
			{"a handoff longer than a page or two", tracker.CloseDayInput{Handoff: ptr(strings.Repeat("x", tracker.MaxNotes+1))}, "handoff", tracker.ErrInvalid},
			{"a project that does not exist", tracker.CloseDayInput{Tomorrow: &tracker.Plan{Goal: "Ship", Project: "APX"}}, "", tracker.ErrNotFound},
		}
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				svc, _ := mustOpen(t)
				mustProject(t, svc, "API")
				_, err := svc.CloseDay(c.in)
				if !errors.Is(err, c.kind) {
					t.Fatalf("err %v, want %v", err, c.kind)
				}
				var fe *tracker.FieldError
				if c.field != "" && (!errors.As(err, &fe) || fe.Field != c.field) {
					t.Errorf("err %v does not name the field %s", err, c.field)
				}
				if c.kind == tracker.ErrNotFound && !strings.Contains(err.Error(), `did you mean "API"`) {
					t.Errorf("err %v suggests nothing", err)
				}
				if all, _ := svc.DayCloses("", ""); len(all) != 0 {
					t.Errorf("a failed close wrote %d closes", len(all))
				}
			})
		}
	})

	t.Run("a close belongs to the local date where it was made, across a move from Berlin to New York", func(t *testing.T) {
		// Monday and Tuesday are closed in Berlin at 18:00. On Wednesday the person flies to New
		// York: they close at 19:30 New York time, which is already Thursday 01:30 in Berlin, and
		// on Thursday at 22:00 New York time, Friday 04:00 in Berlin.
		berlin, ny := mustZone(t, "Europe/Berlin"), mustZone(t, "America/New_York")
		svc, clock := rulesOpenAt(t, time.Date(2026, 11, 23, 18, 0, 0, 0, berlin))
		close := func(energy int) tracker.DayClose {
			t.Helper()
			c, err := svc.CloseDay(tracker.CloseDayInput{Energy: &energy})
			if err != nil {
				t.Fatal(err)
			}
			return c
		}
		close(3)
		clock.Advance(24 * time.Hour)
		close(4)
		clock.Advance(time.Date(2026, 11, 25, 19, 30, 0, 0, ny).Sub(clock.Now()))
		must(t, svc.SetSetting(tracker.SettingTimezone, "America/New_York"))
		wed := close(2)
		clock.Advance(time.Date(2026, 11, 26, 22, 0, 0, 0, ny).Sub(clock.Now()))
		thu := close(5)
		if wed.Day != "2026-11-25" || wed.Zone != "America/New_York" || thu.Day != "2026-11-26" {
			t.Errorf("closes in New York: %s (%s), %s; want Wednesday and Thursday", wed.Day, wed.Zone, thu.Day)
		}
		all, err := svc.DayCloses("2026-11-23", "2026-11-27")
		if err != nil {
			t.Fatal(err)
		}
		var days []string
		for _, c := range all {
			days = append(days, string(c.Day)+" "+c.Zone+" "+strconv.Itoa(*c.Energy))
		}
		want := "2026-11-23 Europe/Berlin 3|2026-11-24 Europe/Berlin 4|2026-11-25 America/New_York 2|2026-11-26 America/New_York 5"
		if got := strings.Join(days, "|"); got != want {
			t.Errorf("closes\n%s\nwant\n%s", got, want)
		}
	})
}

func TestTomorrowsPlanIsOfferedOnTheNextWorkingDayUntilABlockStarts(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	// Friday 27 November 2026, 17:30 in Berlin.
	friday := time.Date(2026, 11, 27, 17, 30, 0, 0, berlin)
	setup := func(t *testing.T, holidays string) (*tracker.Service, *clockwork.FakeClock) {
		svc, clock := rulesOpenAt(t, friday)
		must(t, svc.SetSetting(tracker.SettingHolidays, holidays))
		mustProject(t, svc, "API")
		if _, err := svc.CloseDay(tracker.CloseDayInput{Tomorrow: &tracker.Plan{Goal: "Write the parser", Project: "API"}}); err != nil {
			t.Fatal(err)
		}
		return svc, clock
	}
	offered := func(t *testing.T, svc *tracker.Service) string {
		t.Helper()
		c, ok, err := svc.PlanOffered()
		if err != nil {
			t.Fatal(err)
		}
		if !ok {
			return ""
		}
		return c.Tomorrow.Goal + " @ " + c.Tomorrow.Project
	}
	to := func(clock *clockwork.FakeClock, at time.Time) { clock.Advance(at.Sub(clock.Now())) }

	t.Run("not on the evening it was made, nor at the weekend; on Monday until a block starts", func(t *testing.T) {
		svc, clock := setup(t, "")
		if got := offered(t, svc); got != "" {
			t.Errorf("offered on Friday evening: %q", got)
		}
		to(clock, time.Date(2026, 11, 28, 10, 0, 0, 0, berlin))
		if got := offered(t, svc); got != "" {
			t.Errorf("offered on Saturday: %q", got)
		}
		to(clock, time.Date(2026, 11, 30, 0, 0, 0, 0, berlin))
		if got := offered(t, svc); got != "Write the parser @ API" {
			t.Errorf("offered at Monday's midnight: %q", got)
		}
		to(clock, time.Date(2026, 11, 30, 9, 0, 0, 0, berlin))
		c, _, _ := svc.PlanOffered()
		if _, _, err := svc.StartBlock(c.Tomorrow.Block()); err != nil {
			t.Fatal(err)
		}
		b, _ := svc.Running()
		if b.Kind != tracker.KindDeep || b.Goal != "Write the parser" || b.Project != "API" {
			t.Errorf("the plan started %+v", b)
		}
		if got := offered(t, svc); got != "" {
			t.Errorf("still offered after a block started: %q", got)
		}
	})

	t.Run("a plan left untaken is gone when its day ends", func(t *testing.T) {
		svc, clock := setup(t, "")
		to(clock, time.Date(2026, 12, 1, 8, 0, 0, 0, berlin))
		if got := offered(t, svc); got != "" {
			t.Errorf("offered on Tuesday: %q", got)
		}
	})

	t.Run("a holiday on Monday moves the offer to Tuesday", func(t *testing.T) {
		svc, clock := setup(t, "2026-11-30")
		to(clock, time.Date(2026, 11, 30, 9, 0, 0, 0, berlin))
		if got := offered(t, svc); got != "" {
			t.Errorf("offered on the holiday: %q", got)
		}
		to(clock, time.Date(2026, 12, 1, 9, 0, 0, 0, berlin))
		if got := offered(t, svc); got != "Write the parser @ API" {
			t.Errorf("offered on Tuesday: %q", got)
		}
	})

	t.Run("a later close without a plan takes the offer back", func(t *testing.T) {
		svc, clock := setup(t, "")
		to(clock, time.Date(2026, 11, 28, 18, 0, 0, 0, berlin)) // closes Saturday, planning nothing
		if _, err := svc.CloseDay(tracker.CloseDayInput{Handoff: ptr("weekend fix")}); err != nil {
			t.Fatal(err)
		}
		to(clock, time.Date(2026, 11, 30, 9, 0, 0, 0, berlin))
		if got := offered(t, svc); got != "" {
			t.Errorf("offered %q after a later close planned nothing", got)
		}
	})
}

func TestWeeklyCheckIn(t *testing.T) {
	t.Run("one per ISO week; checking in again updates it", func(t *testing.T) {
		svc, clock := mustOpen(t)
		c, err := svc.CheckIn(tracker.CheckInInput{Satisfaction: 4, Balance: 2, Note: ptr("too many evenings")})
		if err != nil {
			t.Fatal(err)
		}
		if c.Week != "2026-W48" || c.Satisfaction != 4 || c.Balance != 2 || !c.At.Equal(t0) {
			t.Errorf("check-in %+v", c)
		}
		clock.Advance(48 * time.Hour) // Friday, the same week
		again, err := svc.CheckIn(tracker.CheckInInput{Satisfaction: 5, Balance: 3})
		if err != nil {
			t.Fatal(err)
		}
		if again.ID != c.ID || again.Satisfaction != 5 || again.Balance != 3 || again.Note != "too many evenings" {
			t.Errorf("again %+v; want the week's check-in updated, its note kept", again)
		}
		clock.Advance(72 * time.Hour) // Monday of week 49
		if _, err := svc.CheckIn(tracker.CheckInInput{Satisfaction: 3, Balance: 3}); err != nil {
			t.Fatal(err)
		}
		all, err := svc.CheckIns("2026-W48", "2026-W49")
		if err != nil || len(all) != 2 || all[0].Week != "2026-W48" || all[1].Week != "2026-W49" {
			t.Errorf("check-ins %+v, %v", all, err)
		}
	})

	t.Run("scores outside 1 to 5 name the field and write nothing", func(t *testing.T) {
		for _, c := range []struct {
			in    tracker.CheckInInput
			field string
		}{
			{tracker.CheckInInput{Satisfaction: 0, Balance: 3}, "satisfaction"},
			{tracker.CheckInInput{Satisfaction: 3, Balance: 6}, "balance"},
		} {
			svc, _ := mustOpen(t)
			_, err := svc.CheckIn(c.in)
			var fe *tracker.FieldError
			if !errors.As(err, &fe) || fe.Field != c.field {
				t.Errorf("%+v: err %v, want a %s error", c.in, err, c.field)
			}
			if all, _ := svc.CheckIns("", ""); len(all) != 0 {
				t.Errorf("a failed check-in wrote %d", len(all))
			}
		}
	})
}

func TestParseScore(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int
		err  string
	}{
		{"1", 1, ""}, {" 5 ", 5, ""}, {"3", 3, ""},
		{"0", 0, `energy: must be from 1 to 5; got "0"`},
		{"6", 0, `energy: must be from 1 to 5; got "6"`},
		{"4.5", 0, `energy: must be a whole number from 1 to 5; got "4.5"`},
		{"high", 0, `energy: must be a whole number from 1 to 5; got "high"`},
		{"", 0, `energy: must be a whole number from 1 to 5; got ""`},
	} {
		got, err := tracker.ParseScore("energy", c.in)
		switch {
		case c.err == "" && (err != nil || got != c.want):
			t.Errorf("ParseScore(%q) = %d, %v; want %d", c.in, got, err, c.want)
		case c.err != "" && (err == nil || err.Error() != c.err || !errors.Is(err, tracker.ErrInvalid)):
			t.Errorf("ParseScore(%q) error %v; want %q", c.in, err, c.err)
		}
	}
}

func FuzzParseScore(f *testing.F) {
	for _, s := range []string{"1", "5", "0", "6", " 3 ", "+3", "-1", "3.0", "03", "", "x", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n, err := tracker.ParseScore("energy", s)
		if err != nil {
			if !errors.Is(err, tracker.ErrInvalid) || !strings.HasPrefix(err.Error(), "energy: ") {
				t.Fatalf("ParseScore(%q) error %v: want an energy field error", s, err)
			}
			return
		}
		if n < 1 || n > 5 {
			t.Fatalf("ParseScore(%q) = %d, outside 1 to 5", s, n)
		}
		if back, err := tracker.ParseScore("energy", strconv.Itoa(n)); err != nil || back != n {
			t.Fatalf("ParseScore(%q) = %d, which reads back as %d, %v", s, n, back, err)
		}
	})
}

func TestSyncDaysSetting(t *testing.T) {
	svc, _ := mustOpen(t)
	cfg, _ := svc.Config()
	if cfg.SyncDays != [7]bool{} {
		t.Errorf("sync days by default %v, want none", cfg.SyncDays)
	}
	must(t, svc.SetSetting(tracker.SettingSyncdays, "tue,thu"))
	cfg, _ = svc.Config()
	want := [7]bool{}
	want[time.Tuesday], want[time.Thursday] = true, true
	if cfg.SyncDays != want {
		t.Errorf("sync days %v, want Tuesday and Thursday", cfg.SyncDays)
	}
	err := svc.SetSetting(tracker.SettingSyncdays, "tue,thurs")
	if !errors.Is(err, tracker.ErrInvalid) || err.Error() != `syncdays: unknown day "thurs"` {
		t.Errorf("err %v", err)
	}
	must(t, svc.SetSetting(tracker.SettingSyncdays, ""))
	if cfg, _ = svc.Config(); cfg.SyncDays != [7]bool{} {
		t.Errorf("sync days after clearing %v", cfg.SyncDays)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestExportsCarryOnlyTheCheckInNumbers(t *testing.T) {
	svc, clock := mustOpen(t)
	if _, err := svc.CheckIn(tracker.CheckInInput{Satisfaction: 4, Balance: 2, Note: ptr("private: the move is hard")}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CloseDay(tracker.CloseDayInput{Handoff: ptr("over to you"), Energy: ptr(2)}); err != nil {
		t.Fatal(err)
	}
	clock.Advance(7 * 24 * time.Hour)
	if _, err := svc.CheckIn(tracker.CheckInInput{Satisfaction: 5, Balance: 4}); err != nil {
		t.Fatal(err)
	}
	snap, err := svc.Snapshot(tracker.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := []tracker.SnapCheckIn{{Week: "2026-W48", Satisfaction: 4, Balance: 2}, {Week: "2026-W49", Satisfaction: 5, Balance: 4}}
	if len(snap.CheckIns) != 2 || snap.CheckIns[0] != want[0] || snap.CheckIns[1] != want[1] {
		t.Errorf("check-ins %+v, want %+v", snap.CheckIns, want)
	}
	ranged, _ := svc.Snapshot(tracker.SnapshotFilter{From: t0.Add(24 * time.Hour)})
	if len(ranged.CheckIns) != 1 || ranged.CheckIns[0].Week != "2026-W49" {
		t.Errorf("a range from Thursday exports %+v; want only week 49's", ranged.CheckIns)
	}

	// Another database, a week later, that has its own check-in for week 48. A week that has not
	// begun and a score of 9 are refused.
	other, otherClock := mustOpen(t)
	if _, err := other.CheckIn(tracker.CheckInInput{Satisfaction: 1, Balance: 1}); err != nil {
		t.Fatal(err)
	}
	otherClock.Advance(7 * 24 * time.Hour)
	snap.CheckIns = append(snap.CheckIns, tracker.SnapCheckIn{Week: "2026-W53", Satisfaction: 3, Balance: 3},
		tracker.SnapCheckIn{Week: "2026-W50", Satisfaction: 9, Balance: 3})
	res, err := other.ImportSnapshot(snap, tracker.ImportOptions{SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Records["check_ins"] != 1 || len(res.Problems) != 2 {
		t.Errorf("import added %d check-ins with problems %v; want week 49 added, week 48 kept, two problems", res.Records["check_ins"], res.Problems)
	}
	got, _ := other.CheckIns("", "")
	if len(got) != 2 || got[0].Satisfaction != 1 || got[1].Week != "2026-W49" || got[1].Note != "" {
		t.Errorf("after import %+v", got)
	}
}

func TestWeekStart(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string
	}{
		{"2026-W48", "2026-11-23"}, {"2026-W01", "2025-12-29"}, {"2026-W53", "2026-12-28"}, {"2027-W53", ""},
		{"2026-W1", ""}, {"2026-w48", ""}, {"+026-W48", ""}, {"2026-W00", ""}, {"", ""},
	} {
		m, ok := tracker.WeekStart(c.in)
		got := ""
		if ok {
			got = m.Format(time.DateOnly)
		}
		if got != c.want {
			t.Errorf("WeekStart(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func FuzzWeekStart(f *testing.F) {
	for _, s := range []string{"2026-W48", "2026-W01", "2026-W53", "2027-W53", "1970-W01", "2026-W1", " 026-W48", "2026-W+1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, ok := tracker.WeekStart(s)
		if !ok {
			return
		}
		if m.Weekday() != time.Monday || tracker.DateOf(m, time.UTC).ISOWeek() != s {
			t.Fatalf("WeekStart(%q) = %v, a %s in week %s", s, m, m.Weekday(), tracker.DateOf(m, time.UTC).ISOWeek())
		}
	})
}

func TestRitualsDue(t *testing.T) {
	berlin := mustZone(t, "Europe/Berlin")
	// Thursday 26 November 2026, 16:59 in Berlin; Friday 27 is a holiday, so Thursday ends the
	// working week.
	svc, clock := rulesOpenAt(t, time.Date(2026, 11, 26, 16, 59, 0, 0, berlin))
	must(t, svc.SetSetting(tracker.SettingHolidays, "2026-11-27"))
	due := func() string {
		t.Helper()
		d, err := svc.RitualsDue()
		if err != nil {
			t.Fatal(err)
		}
		return string(d.Today) + " close:" + strconv.FormatBool(d.CloseDay) + " check-in:" + strconv.FormatBool(d.CheckIn)
	}
	if got := due(); got != "2026-11-26 close:false check-in:false" {
		t.Errorf("before the working hours end: %s", got)
	}
	clock.Advance(time.Minute)
	if got := due(); got != "2026-11-26 close:true check-in:true" {
		t.Errorf("at 17:00 on the week's last working day: %s", got)
	}
	if _, err := svc.CloseDay(tracker.CloseDayInput{}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CheckIn(tracker.CheckInInput{Satisfaction: 3, Balance: 3}); err != nil {
		t.Fatal(err)
	}
	if got := due(); got != "2026-11-26 close:false check-in:false" {
		t.Errorf("once closed and checked in: %s", got)
	}
	clock.Advance(24 * time.Hour) // the holiday, 17:00
	if got := due(); got != "2026-11-27 close:false check-in:false" {
		t.Errorf("on the holiday: %s", got)
	}
	clock.Advance(3 * 24 * time.Hour) // Monday of the next week, 17:00
	if got := due(); got != "2026-11-30 close:true check-in:false" {
		t.Errorf("on Monday evening: %s", got)
	}
}
