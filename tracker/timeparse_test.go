package tracker_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestParseTimeAcceptsTheThreeForms(t *testing.T) {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	now := time.Date(2026, 3, 29, 12, 0, 0, 0, berlin) // the day Berlin springs forward
	cases := []struct {
		in, want string
	}{
		{"2026-11-25T14:30:00Z", "2026-11-25T14:30:00Z"},
		{"2026-11-25T14:30:00+01:00", "2026-11-25T13:30:00Z"},
		{"2026-11-25 14:30", "2026-11-25T13:30:00Z"},
		{"2026-07-01 14:30", "2026-07-01T12:30:00Z"},
		{"09:15", "2026-03-29T07:15:00Z"},
		{"01:15", "2026-03-29T00:15:00Z"},
		{" 23:59:30 ", "2026-03-29T21:59:30Z"},
	}
	for _, c := range cases {
		t.Run(c.in, func(t *testing.T) {
			got, err := tracker.ParseTime("at", c.in, now, berlin)
			if err != nil {
				t.Fatal(err)
			}
			if got.Format(time.RFC3339) != c.want {
				t.Errorf("got %s, want %s", got.Format(time.RFC3339), c.want)
			}
		})
	}
}

func TestParseTimeRefusesOtherText(t *testing.T) {
	for _, in := range []string{"", "tomorrow", "25:00", "2026-13-01 10:00", "10:61", "2026-11-25"} {
		_, err := tracker.ParseTime("at", in, t0, time.UTC)
		var fe *tracker.FieldError
		if !errors.As(err, &fe) || fe.Field != "at" {
			t.Errorf("%q: got %v, want a field error on at", in, err)
		}
	}
}

func TestParseDurationReadsClockAndGoForms(t *testing.T) {
	for in, want := range map[string]time.Duration{"1:30": 90 * time.Minute, "1h30m": 90 * time.Minute, "45m": 45 * time.Minute, " 2h ": 2 * time.Hour} {
		if got, err := tracker.ParseDuration("plan", in); err != nil || got != want {
			t.Errorf("%q: got %s, %v; want %s", in, got, err, want)
		}
	}
	if _, err := tracker.ParseDuration("plan", "soon"); !errors.Is(err, tracker.ErrInvalid) {
		t.Errorf("got %v", err)
	}
}

func TestParseDurationRefusesABareNumberWithAnExample(t *testing.T) {
	for in, want := range map[string]string{
		"90":  "plan: 90 has no unit; use 90m or 1h30m",
		"60":  "plan: 60 has no unit; use 60m or 1h",
		"45":  "plan: 45 has no unit; use 45m",
		"1.5": "plan: 1.5 has no unit; use 1.5m",
	} {
		_, err := tracker.ParseDuration("plan", in)
		if !errors.Is(err, tracker.ErrInvalid) || err.Error() != want {
			t.Errorf("%q: got %v, want %q", in, err, want)
		}
	}
}

func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026-11-25T14:30:00Z", "2026-11-25 14:30", "09:15", "23:59:59", "2026-11-25T14:30", "", "x", "24:00", "2026-02-30 10:00", "9999-12-31T23:59:59+14:00"} {
		f.Add(s)
	}
	loc, _ := time.LoadLocation("America/New_York")
	f.Fuzz(func(t *testing.T, s string) {
		got, err := tracker.ParseTime("at", s, t0, loc)
		if err != nil {
			if !errors.Is(err, tracker.ErrInvalid) {
				t.Fatalf("%q: error %v does not wrap ErrInvalid", s, err)
			}
			return
		}
		if got.Location() != time.UTC || got.Nanosecond() != 0 {
			t.Fatalf("%q: %v is not a whole-second UTC instant", s, got)
		}
		// Accepted text round-trips through RFC 3339.
		again, err := tracker.ParseTime("at", got.Format(time.RFC3339), t0, loc)
		if err != nil || !again.Equal(got) {
			t.Fatalf("%q: %v does not round-trip (%v, %v)", s, got, again, err)
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"90", "1:30", "1h30m", "45m", "-5m", "", "1:99", "99999999999999999999"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		_, err := tracker.ParseDuration("plan", s)
		if err != nil && !errors.Is(err, tracker.ErrInvalid) {
			t.Fatalf("%q: error %v does not wrap ErrInvalid", s, err)
		}
	})
}

func FuzzParseSchedule(f *testing.F) {
	for _, s := range []string{"fri 16:00", "Friday 09:30", "off", "", "mon 24:00", "xyz 10:00", "sun 00:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		sc, err := tracker.ParseSchedule(s)
		if err != nil || sc.Off {
			return
		}
		again, err := tracker.ParseSchedule(sc.Text)
		if err != nil || again.Day != sc.Day || again.At != sc.At {
			t.Fatalf("%q: %+v does not round-trip through %q (%+v, %v)", s, sc, sc.Text, again, err)
		}
	})
}
