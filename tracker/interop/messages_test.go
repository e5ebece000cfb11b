package interop_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"

	"shiplog/tracker"
	"shiplog/tracker/interop"
)

// fixtures holds one file of each format.
func fixtures(t *testing.T) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	for format, name := range map[string]string{"toggl": "toggl.csv", "clockify": "clockify_short.csv", "timewarrior": "timew.json",
		"watson": "watson.json"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		out[format] = b
	}
	out["shiplog"] = export(t, seeded(t))
	var csv bytes.Buffer
	if err := interop.WriteCSV(&csv, "blocks", tracker.Snapshot{}); err != nil {
		t.Fatal(err)
	}
	out["shiplog-csv"] = csv.Bytes()
	return out
}

func TestAFileOfAnotherFormatIsRefusedWithTheRightCommand(t *testing.T) {
	files := fixtures(t)
	names := map[string]string{"toggl": "a Toggl detailed CSV export", "clockify": "a Clockify detailed CSV export",
		"timewarrior": "a Timewarrior export (timew export)", "watson": "a Watson frames file", "shiplog": "a Shiplog JSON export",
		"shiplog-csv": "a Shiplog blocks CSV"}
	for _, asked := range interop.Formats {
		for actual, data := range files {
			if asked == actual {
				continue
			}
			t.Run("a "+actual+" file given as "+asked, func(t *testing.T) {
				svc := mustOpen(t)
				_, err := interop.Import(svc, asked, bytes.NewReader(data), interop.Options{})
				want := "this looks like " + names[actual] + ", not " + names[asked] + "; use `shiplog import " + actual + " FILE`"
				if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), want) {
					t.Fatalf("got %v\nwant %s", err, want)
				}
			})
		}
	}
}

func utf16Bytes(s string, bom bool) []byte {
	var b []byte
	if bom {
		b = append(b, 0xFF, 0xFE)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		b = append(b, byte(u), byte(u>>8))
	}
	return b
}

func TestMessagesSayWhatToDo(t *testing.T) {
	toggl, err := os.ReadFile(filepath.Join("testdata", "toggl.csv"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, format string
		in           []byte
		want         string
	}{
		{"a UTF-16 file with a byte order mark", "toggl", utf16Bytes(string(toggl[3:]), true), "the file is UTF-16; save it as UTF-8"},
		{"a UTF-16 file without one", "clockify", utf16Bytes("Project,Start Date\n", false), "the file is UTF-16; save it as UTF-8"},
		{"a Timewarrior data file", "timewarrior", []byte("inc 20220405T081500Z - 20220405T090000Z # work\n"),
			"this is a Timewarrior data file; run `timew export > file.json` and import that"},
		{"a Shiplog export with a value of the wrong type names no Go type", "shiplog", []byte(`{"format": "shiplog", "version": "one"}`),
			`field "version": must be a whole number; got text`},
		{"a Shiplog export with a bad time names no Go layout", "shiplog",
			[]byte(`{"format": "shiplog", "version": 1, "blocks": [{"start": "yesterday"}]}`),
			`a time must be an RFC 3339 time like 2026-11-02T09:00:00Z; got "yesterday"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := interop.Import(mustOpen(t), tc.format, bytes.NewReader(tc.in), interop.Options{})
			if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v\nwant %s", err, tc.want)
			}
			for _, bad := range []string{"int", "Go ", "2006", "15:04"} {
				if strings.Contains(err.Error(), bad) {
					t.Errorf("%q names %q", err, bad)
				}
			}
		})
	}
}

const badRows = "Project,Description,Start date,Start time,End date,End time\n" +
	"Website,one,2026-11-02,09:00:00,2026-11-02,25:00:00\n" +
	"Hiring,two,2026-11-02,10:00:00,2026-11-02,10:30:00\n" +
	"Website,three,2026-11-02,11:00:00,2026-11-02,12:00:00\n" +
	"Website,four,2026-11-02,13:00:00,2026-11-02,12:00:00\n"

func TestTheDryRunFailsExactlyWhenTheImportWould(t *testing.T) {
	t.Run("both fail with the same message and the same problems, and nothing is written", func(t *testing.T) {
		svc := mustOpen(t)
		dry, dryErr := interop.Import(svc, "toggl", strings.NewReader(badRows), interop.Options{DryRun: true})
		real, realErr := interop.Import(svc, "toggl", strings.NewReader(badRows), interop.Options{})
		if dryErr == nil || realErr == nil || dryErr.Error() != realErr.Error() {
			t.Fatalf("dry run: %v\nimport:  %v", dryErr, realErr)
		}
		want := `import: line 2, column "End time": must be a time in 24-hour HH:MM:SS or 12-hour h:mm:ss AM (seconds optional); ` +
			`got "25:00:00" (and 1 more problem; --dry-run lists them; --skip-invalid imports the 2 other rows)`
		if realErr.Error() != want {
			t.Errorf("got  %s\nwant %s", realErr, want)
		}
		if len(dry.Result.Problems) != 2 || len(real.Result.Problems) != 2 || dry.Result.Seconds != real.Result.Seconds {
			t.Errorf("dry run %+v\nimport %+v", dry.Result.Problems, real.Result.Problems)
		}
		if got := describe(t, svc); len(got) != 0 {
			t.Errorf("blocks written: %v", got)
		}
	})
	t.Run("the skip-invalid hint is left out when no row would import", func(t *testing.T) {
		rows := "Project,Description,Start date,Start time,End date,End time\nWebsite,one,2026-11-02,09:00:00,2026-11-02,25:00:00\n"
		_, err := interop.Import(mustOpen(t), "toggl", strings.NewReader(rows), interop.Options{})
		if err == nil || strings.Contains(err.Error(), "--skip-invalid") || !strings.Contains(err.Error(), "no row would import") {
			t.Fatalf("got %v", err)
		}
	})
	t.Run("skip-invalid imports the rest and says what it dropped per project", func(t *testing.T) {
		svc := mustOpen(t)
		rep, err := interop.Import(svc, "toggl", strings.NewReader(badRows), interop.Options{SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Result.Added != 2 || len(rep.Result.Dropped) != 1 {
			t.Fatalf("result %+v dropped %+v", rep.Result, rep.Result.Dropped)
		}
		// Both dropped rows are Website's, and the length of neither could be read: one's end is
		// no time, the other's is before its start.
		d := rep.Result.Dropped[0]
		if d.Project != "Website" || d.Rows != 2 || d.Unread != 2 {
			t.Errorf("dropped %+v", d)
		}
	})
}
