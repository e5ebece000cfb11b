package parse

import (
	"bytes"
	"os"
	"path/filepath"
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

// check holds for every parser: no panic, and every entry it returns has a place, a key and an end
// that is not before its start.
func check(t *testing.T, entries []Entry, bad []*Error, err error) {
	for _, e := range entries {
		if e.Ref == "" || e.Key == "" {
			t.Fatalf("entry without ref or key: %+v", e)
		}
		if e.End != nil && e.End.Before(e.Start) {
			t.Fatalf("end before start: %+v", e)
		}
	}
	for _, b := range bad {
		if b.Reason == "" || b.Error() == "" {
			t.Fatalf("problem without a reason: %+v", b)
		}
	}
	if err != nil && err.Error() == "" {
		t.Fatal("empty error")
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
	seed(f, "toggl.csv", "toggl_bad.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, bad, err := Toggl(bytes.NewReader(b), berlin)
		check(t, entries, bad, err)
	})
}

func FuzzClockify(f *testing.F) {
	seed(f, "clockify_short.csv", "clockify_long.csv")
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, bad, err := Clockify(bytes.NewReader(b), berlin)
		check(t, entries, bad, err)
	})
}

func FuzzTimewarrior(f *testing.F) {
	seed(f, "timew.json")
	f.Add([]byte("key: value\n\n[{\"start\":\"20160405T162205Z\"}]"))
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, bad, err := Timewarrior(bytes.NewReader(b))
		check(t, entries, bad, err)
	})
}

func FuzzWatson(f *testing.F) {
	seed(f, "watson.json")
	f.Add([]byte(`[[1.5e9, 1.6e9, "p", "id", null]]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		entries, bad, err := Watson(bytes.NewReader(b))
		check(t, entries, bad, err)
	})
}
