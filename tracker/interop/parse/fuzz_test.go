package parse

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// seed adds the hand-made fixtures and a few awkward inputs to the fuzzer's corpus.
func seed(f *testing.F, files ...string) {
	for _, name := range files {
		b, err := os.ReadFile(filepath.Join("..", "testdata", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(""))
	f.Add([]byte("\xef\xbb\xbf"))
	f.Add([]byte("[]"))
	f.Add([]byte("\"unterminated,\n"))
}

// check holds for every parser: no panic, every entry it returns has a place, a key and an end
// that is not before its start, and no message names a Go type or a Go time layout.
func check(t *testing.T, res Result, err error) {
	for _, e := range res.Entries {
		if e.Ref == "" || e.Key == "" {
			t.Fatalf("entry without ref or key: %+v", e)
		}
		if e.End != nil && e.End.Before(e.Start) {
			t.Fatalf("end before start: %+v", e)
		}
	}
	for _, b := range res.Bad {
		if b.Reason == "" || b.Error() == "" {
			t.Fatalf("problem without a reason: %+v", b)
		}
		checkMessage(t, b.Error())
	}
	if err != nil {
		if err.Error() == "" {
			t.Fatal("empty error")
		}
		checkMessage(t, err.Error())
	}
}

func checkMessage(t *testing.T, msg string) {
	t.Helper()
	for _, bad := range []string{"Go value", "Go struct", "parse.", "15:04:05", "2006-01-02", "[]string", "json: "} {
		if strings.Contains(msg, bad) {
			t.Fatalf("message %q contains %q", msg, bad)
		}
	}
}

var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		return time.UTC
	}
	return loc
}()

func FuzzToggl(f *testing.F) {
	seed(f, "toggl.csv", "toggl_bad.csv", "real/toggl/toggl-til-ubw_2018-10-08_to_2018-10-14.csv")
	f.Add([]byte("Startdatum,Startzeit,Enddatum,Endzeit,Dauer\n01.02.2026,10:30:34 AM,01.02.2026,12:30:34 PM,02:00:00 AM\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := Toggl(bytes.NewReader(b), Options{Location: berlin})
		check(t, res, err)
	})
}

func FuzzClockify(f *testing.F) {
	seed(f, "clockify_short.csv", "clockify_long.csv", "real/clockify/solidtime_clockify_time_entries_import_test_1.csv")
	f.Add([]byte("Start Date,Start Time,End Date,End Time\n13/02/2026,9:00,13/02/2026,10:00\n02/13/2026,9:00,02/13/2026,10:00\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := Clockify(bytes.NewReader(b), Options{Location: berlin, DateOrder: DMY})
		check(t, res, err)
		res, err = Clockify(bytes.NewReader(b), Options{Location: berlin})
		check(t, res, err)
	})
}

func FuzzTimewarrior(f *testing.F) {
	seed(f, "timew.json", "real/timewarrior/my-time_all-time_f207054.json", "real/timewarrior/timew-mcp_read-summary_50c5147.json")
	f.Add([]byte("key: value\n\n[{\"start\":\"20160405T162205Z\"}]"))
	f.Add([]byte("\n  ████████╗\n\n  16:44:22  Sun 30 Aug 2026    ○ idle\n\n[\n{\"id\":1,\"start\":\"20260827T200429Z\",\"end\":\"20260827T202950Z\"}\n]\n"))
	f.Add([]byte("inc 20220405T081500Z - 20220405T090000Z # work\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := Timewarrior(bytes.NewReader(b))
		check(t, res, err)
	})
}

func FuzzWatson(f *testing.F) {
	seed(f, "watson.json", "real/watson/jkajan_frames.json")
	f.Add([]byte(`[[1.5e9, 1.6e9, "p", "id", null]]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		res, err := Watson(bytes.NewReader(b))
		check(t, res, err)
	})
}

// FuzzDateParts checks the date reader: a date it accepts resolves, under any order, to a real
// day whose parts are the ones written, or to a message.
func FuzzDateParts(f *testing.F) {
	for _, s := range []string{"2026-02-01", "01/02/2026", "13.02.2026", "02-13-2026", "31/04/2026", "2026/2/1", "1/1/1", "00/00/0000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, ok := splitDate(s)
		if !ok {
			return
		}
		for _, o := range []DateOrder{DMY, MDY, YMD} {
			y, m, d, err := p.resolve(o)
			if err != nil {
				checkMessage(t, err.Error())
				continue
			}
			got := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
			if got.Year() != y || got.Month() != m || got.Day() != d {
				t.Fatalf("%q under %s resolved to %d-%d-%d, not a day", s, o, y, m, d)
			}
		}
		if p.ambiguous() && p.settles() != OrderAuto {
			t.Fatalf("%q is both ambiguous and settled", s)
		}
	})
}

// FuzzClock checks the time-of-day reader: what it accepts is a time of day, and a 12-hour time
// reads as the same time written in 24 hours.
func FuzzClock(f *testing.F) {
	for _, s := range []string{"10:30:34 AM", "2:05 PM", "12:00 AM", "12:59:59 pm", "23:59:59", "9:05", "02:05PM", "2:05 p.m."} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h, m, sec, ok := parseClock(s)
		if !ok {
			return
		}
		if h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59 {
			t.Fatalf("%q read as %d:%d:%d", s, h, m, sec)
		}
		u := strings.ToUpper(s)
		if strings.Contains(u, "AM") || strings.Contains(u, "PM") || strings.Contains(u, "A.M.") || strings.Contains(u, "P.M.") {
			return
		}
		if h2, m2, s2, ok := parseClock(fmt.Sprintf("%02d:%02d:%02d", h, m, sec)); !ok || h2 != h || m2 != m || s2 != sec {
			t.Fatalf("%q does not read back", s)
		}
	})
}

// FuzzStatedDuration checks the duration-column reader never reads a negative length.
func FuzzStatedDuration(f *testing.F) {
	for _, s := range []string{"02:00:00", "02:00:00 AM", "12:30:00 AM", "01:00:00 PM", "125:00:00", "18:25 min", "1:30", "-1:00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, ok := parseStatedDuration(s); ok && d < 0 {
			t.Fatalf("%q read as %s", s, d)
		}
	})
}

// FuzzDetect checks that format detection never panics and names only known formats.
func FuzzDetect(f *testing.F) {
	seed(f, "toggl.csv", "clockify_short.csv", "timew.json", "watson.json")
	f.Fuzz(func(t *testing.T, b []byte) {
		if got := Detect(b); got != "" && got != TimewarriorData && formatNames[got] == "" {
			t.Fatalf("detected unknown format %q", got)
		}
		_ = UTF16(b)
	})
}
