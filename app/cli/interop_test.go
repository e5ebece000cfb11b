package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jonboulle/clockwork"
)

func runCLI(t *testing.T, db string, args ...string) (int, string, string) {
	t.Helper()
	var so, se bytes.Buffer
	env := &Env{DBPath: db, Clock: clockwork.NewFakeClockAt(demoNow), Stdout: &so, Stderr: &se}
	code := Run(env, args)
	return code, so.String(), se.String()
}

func TestImportAndExportCommands(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	runCLI(t, db, "project", "add", "Made first") // so that the failed import below finds a database
	fixture := func(name string) string { return filepath.Join("..", "..", "tracker", "interop", "testdata", name) }

	t.Run("a bad row exits 2 with one line naming line, column and reason, and writes nothing", func(t *testing.T) {
		code, so, se := runCLI(t, db, "import", "toggl", fixture("toggl_bad.csv"))
		if code != 2 {
			t.Fatalf("exit %d; stdout %q stderr %q", code, so, se)
		}
		if strings.Count(se, "\n") != 1 || !strings.Contains(se, `line 3, column "End time"`) {
			t.Errorf("stderr %q", se)
		}
		code, so, _ = runCLI(t, db, "block", "list")
		if code != 0 || strings.Count(so, "\n") != 1 {
			t.Errorf("blocks after a failed import: %q", so)
		}
	})
	t.Run("a dry run counts per project and kind", func(t *testing.T) {
		code, so, se := runCLI(t, db, "import", "toggl", fixture("toggl.csv"), "--dry-run")
		if code != 0 || !strings.Contains(so, "would import 3 blocks") || !strings.Contains(so, "Website: deep 1, async 1") {
			t.Errorf("exit %d; stdout %q stderr %q", code, so, se)
		}
	})
	t.Run("skip-invalid imports the good rows and lists the bad one", func(t *testing.T) {
		code, so, se := runCLI(t, db, "import", "toggl", fixture("toggl_bad.csv"), "--skip-invalid")
		if code != 0 || !strings.Contains(so, "imported 2 blocks") || !strings.Contains(so, `skipped line 3, column "End time"`) {
			t.Errorf("exit %d; stdout %q stderr %q", code, so, se)
		}
	})
	t.Run("a bad kind map is a usage error", func(t *testing.T) {
		if code, _, se := runCLI(t, db, "import", "toggl", fixture("toggl.csv"), "--kind-map", "x=lunch"); code != 2 {
			t.Errorf("exit %d; stderr %q", code, se)
		}
	})
	t.Run("export refuses to overwrite without --force", func(t *testing.T) {
		out := filepath.Join(dir, "all.json")
		if code, _, se := runCLI(t, db, "export", "json", "--out", out); code != 0 {
			t.Fatalf("exit %d: %s", code, se)
		}
		if code, _, se := runCLI(t, db, "export", "json", "--out", out); code != 2 || !strings.Contains(se, "--force") {
			t.Errorf("exit %d; stderr %q", code, se)
		}
		if code, _, se := runCLI(t, db, "export", "json", "--out", out, "--force"); code != 0 {
			t.Errorf("exit %d; stderr %q", code, se)
		}
	})
	t.Run("csv export writes one file per entity into the directory", func(t *testing.T) {
		out := filepath.Join(dir, "csv")
		if code, _, se := runCLI(t, db, "export", "csv", "--out", out); code != 0 {
			t.Fatalf("exit %d: %s", code, se)
		}
		b, err := os.ReadFile(filepath.Join(out, "blocks.csv"))
		if err != nil || !strings.HasPrefix(string(b), "id,project,kind") {
			t.Errorf("blocks.csv: %v %q", err, b)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if n := e.Name(); n != "csv" && n != "all.json" && !strings.HasPrefix(n, "s.db") {
				t.Errorf("unexpected file %s", n)
			}
		}
	})
}

func TestImportReadsRealWorldFilesAndExplainsItself(t *testing.T) {
	dir := t.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	fixture := func(name string) string { return filepath.Join("..", "..", "tracker", "interop", "testdata", name) }
	ambiguous := write("ambiguous.csv", "Project,Description,Start Date,Start Time,End Date,End Time,Duration (h)\n"+
		"Website,Fix nav,01/02/2026,10:30:34 AM,01/02/2026,12:00 PM,01:29:26\n"+
		"Website,Review,01/02/2026,11:00 AM,01/02/2026,11:30 AM,00:30:00\n"+
		"Hiring,Call,03/02/2026,09:00 AM,03/02/2026,09:00 AM,00:00:00\n")

	tests := []struct {
		name   string
		args   []string
		code   int
		stdout []string
		stderr []string
	}{
		{"a bad --date-format is a usage error", []string{"import", "clockify", ambiguous, "--date-format", "DDMMYY"}, 2,
			nil, []string{"--date-format must be DMY, MDY or YMD"}},
		{"a bad --overlaps is a usage error", []string{"import", "clockify", ambiguous, "--overlaps", "merge"}, 2,
			nil, []string{"--overlaps must be keep, trim or skip"}},
		{"dates that read both ways are refused, shown both ways", []string{"import", "clockify", ambiguous, "--dry-run"}, 2,
			nil, []string{"01/02/2026 could be 1 February or 2 January; rerun with --date-format DMY or MDY"}},
		{"a dry run with the order given shows days, counts, overlaps, skipped and flagged entries",
			[]string{"import", "clockify", ambiguous, "--date-format", "DMY", "--dry-run"}, 0,
			[]string{"would import 2 blocks", "read 2026-02-01 to 2026-02-01: 2 entries, 1 h 59 min", "  Website: shallow 2",
				"dates read day first (DMY), as --date-format says",
				"overlaps: 1 of the entries start before an earlier one ends, 0 h 30 min counted twice; kept as they are (--overlaps keep)",
				"reports count an overlapped span once, for the block that started later",
				"skipped line 4: zero-length: starts and ends at 2026-02-03 09:00:00"},
			nil},
		{"skipping leaves out the later entry and says what it left out",
			[]string{"import", "clockify", ambiguous, "--date-format", "DMY", "--overlaps", "skip"}, 0,
			[]string{"imported 1 blocks", "skipped line 3: overlap: overlaps line 2; --overlaps skip leaves out the later entry",
				"left out by the overlap and open-interval rules: Website: 1 row, 0 h 30 min"}, nil},
		{"trimming makes the same file import", []string{"import", "clockify", ambiguous, "--date-format", "DMY", "--overlaps", "trim"}, 0,
			[]string{"imported 2 blocks", "flag line 2: trimmed: ends at 2026-02-01 11:00:00, where line 3 begins, instead of 2026-02-01 12:00:00"}, nil},
		{"a Watson file given as Toggl says which command reads it", []string{"import", "toggl", fixture("watson.json")}, 2,
			nil, []string{"this looks like a Watson frames file, not a Toggl detailed CSV export; use `shiplog import watson FILE`"}},
		{"a dry run exits 2 when the import would fail", []string{"import", "toggl", fixture("toggl_bad.csv"), "--dry-run"}, 2,
			[]string{"would import 2 blocks", "problem line 3, column \"End time\"",
				"--skip-invalid would drop: Website: 1 row, 1 of unknown length"}, []string{"--skip-invalid imports the 2 other rows"}},
		{"skip-invalid says what it dropped per project", []string{"import", "toggl", fixture("toggl_bad.csv"), "--skip-invalid"}, 0,
			[]string{"imported 2 blocks", "dropped by --skip-invalid: Website: 1 row, 1 of unknown length"}, nil},
	}
	for _, policy := range []string{"keep", "trim", "skip"} {
		t.Run("importing the same file again with --overlaps "+policy+" adds nothing and exits 0", func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "s.db")
			args := []string{"import", "clockify", ambiguous, "--date-format", "DMY", "--overlaps", policy}
			code, first, se := runCLI(t, db, args...)
			if code != 0 {
				t.Fatalf("first import: exit %d, %s", code, se)
			}
			code, so, se := runCLI(t, db, args...)
			if code != 0 || !strings.Contains(so, "imported 0 blocks;") {
				t.Errorf("second import: exit %d\nstdout %s\nstderr %s\n(first: %s)", code, so, se, first)
			}
		})
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			code, so, se := runCLI(t, filepath.Join(t.TempDir(), "s.db"), tc.args...)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\nstdout %s\nstderr %s", code, tc.code, so, se)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(so, want) {
					t.Errorf("stdout lacks %q:\n%s", want, so)
				}
			}
			for _, want := range tc.stderr {
				if !strings.Contains(se, want) {
					t.Errorf("stderr lacks %q:\n%s", want, se)
				}
			}
		})
	}
}

func TestImportSaysHowEntriesOverlapBlocksAlreadyStored(t *testing.T) {
	fixture := filepath.Join("..", "..", "tracker", "interop", "testdata", "toggl.csv")
	tests := []struct {
		policy string
		stdout []string
	}{
		{"keep", []string{"imported 3 blocks",
			"overlaps with blocks already in Shiplog: 1 of the entries, 1 h 00 min counted twice; kept as they are (--overlaps keep)",
			"reports count an overlapped span once, for the block that started later"}},
		{"trim", []string{"imported 3 blocks",
			"flag line 2: trimmed: ends at 2026-11-02 09:10:00, where block 1 already in Shiplog begins, instead of 2026-11-02 10:30:00"}},
		{"skip", []string{"imported 2 blocks", "skipped line 2: overlap: overlaps block 1 already in Shiplog; --overlaps skip leaves it out",
			"left out by the overlap and open-interval rules: Website: 1 row, 1 h 30 min"}},
	}
	for _, tc := range tests {
		t.Run("with --overlaps "+tc.policy, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "s.db")
			for _, args := range [][]string{{"config", "set", "timezone", "UTC"}, {"project", "add", "Other"},
				{"block", "add", "deep", "--project", "Other", "--from", "2026-11-02T09:10:00Z", "--to", "2026-11-02T10:10:00Z"}} {
				if code, _, se := runCLI(t, db, args...); code != 0 {
					t.Fatalf("%v: exit %d, %s", args, code, se)
				}
			}
			code, so, se := runCLI(t, db, "import", "toggl", fixture, "--overlaps", tc.policy)
			if code != 0 {
				t.Fatalf("exit %d\nstdout %s\nstderr %s", code, so, se)
			}
			for _, want := range tc.stdout {
				if !strings.Contains(so, want) {
					t.Errorf("stdout lacks %q:\n%s", want, so)
				}
			}
		})
	}
}
