package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// memberExport seeds a member's own database with the demo, applies settings, and exports it as
// JSON to dir/file, returning the export's path.
func memberExport(t *testing.T, dir, file string, settings ...string) string {
	t.Helper()
	db := filepath.Join(dir, file+".db")
	if code, _, se := runCLI(t, db, "demo", "--out", filepath.Join(dir, file+"-demo.pdf")); code != 0 {
		t.Fatalf("demo: %s", se)
	}
	for i := 0; i+1 < len(settings); i += 2 {
		if code, _, se := runCLI(t, db, "config", "set", settings[i], settings[i+1]); code != 0 {
			t.Fatalf("config set %s: %s", settings[i], se)
		}
	}
	out := filepath.Join(dir, file)
	if code, _, se := runCLI(t, db, "export", "json", "--out", out); code != 0 {
		t.Fatalf("export: %s", se)
	}
	return out
}

// runTeam runs "team report" with a personal database path that must never be created.
func runTeam(t *testing.T, personal string, args ...string) (int, string, string) {
	t.Helper()
	return runCLI(t, personal, append([]string{"team", "report"}, args...)...)
}

type fileState struct {
	data  []byte
	mtime time.Time
}

func stateOf(t *testing.T, path string) fileState {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return fileState{data: b, mtime: st.ModTime()}
}

func TestTeamReportRollsUpMembersWithoutTouchingTheirFiles(t *testing.T) {
	dir := t.TempDir()
	ada := memberExport(t, dir, "ada.json", "report.author", "Ada Lovelace", "timezone", "Europe/Berlin")
	bo := memberExport(t, dir, "bo.json", "timezone", "America/New_York")
	// An old, exact modification time makes any write visible.
	old := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, f := range []string{ada, bo} {
		if err := os.Chtimes(f, old, old); err != nil {
			t.Fatal(err)
		}
	}
	before := map[string]fileState{ada: stateOf(t, ada), bo: stateOf(t, bo)}
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp) // where the members' temporary databases go
	personal := filepath.Join(dir, "personal", "never.db")
	out := filepath.Join(dir, "team.pdf")

	code, so, se := runTeam(t, personal, "--week", "2026-W47", "--out", out, ada, bo)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, se)
	}
	if strings.TrimSpace(so) != out {
		t.Errorf("stdout %q, want the path %s", so, out)
	}
	pdf, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("no PDF at %s: %v", out, err)
	}

	t.Run("the member files keep their bytes and modification time", func(t *testing.T) {
		for f, want := range before {
			got := stateOf(t, f)
			if !bytes.Equal(got.data, want.data) {
				t.Errorf("%s changed", f)
			}
			if !got.mtime.Equal(want.mtime) {
				t.Errorf("%s modification time %v, want %v", f, got.mtime, want.mtime)
			}
		}
	})
	t.Run("no personal database is opened and no temporary file is left", func(t *testing.T) {
		if _, err := os.Stat(filepath.Dir(personal)); !os.IsNotExist(err) {
			t.Errorf("the personal database folder was created: %v", err)
		}
		if entries, _ := os.ReadDir(tmp); len(entries) > 0 {
			t.Errorf("temporary files left in TMPDIR: %v", entries)
		}
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if strings.HasPrefix(e.Name(), ".shiplog-") {
				t.Errorf("temporary file %s left beside the PDF", e.Name())
			}
		}
	})
	t.Run("the PDF names the members, by author or by file name, and the totals", func(t *testing.T) {
		if _, err := exec.LookPath("pdftotext"); err != nil {
			t.Skip("pdftotext is not installed (poppler-utils)")
		}
		txt, err := exec.Command("pdftotext", "-layout", out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		text := string(txt)
		for _, s := range []string{"Team report", "2 members", "Ada Lovelace", "bo", "Team", "Week 47, 2026",
			"America/New_York", "Europe/Berlin", "Deliverables shipped, by project", "Open decisions"} {
			if !strings.Contains(text, s) {
				t.Errorf("%q is missing:\n%s", s, text)
			}
		}
	})
	t.Run("the same inputs give the same bytes", func(t *testing.T) {
		again := filepath.Join(dir, "again.pdf")
		if code, _, se := runTeam(t, personal, "--week", "2026-W47", "--out", again, ada, bo); code != 0 {
			t.Fatalf("exit %d: %s", code, se)
		}
		if b, _ := os.ReadFile(again); !bytes.Equal(b, pdf) {
			t.Error("two runs on the same exports differ")
		}
	})
	t.Run("a month and a range work too", func(t *testing.T) {
		for i, args := range [][]string{{"--month", "2026-11"}, {"--from", "2026-11-01", "--to", "2026-11-15"}, nil} {
			o := filepath.Join(dir, "p"+string(rune('a'+i))+".pdf")
			if code, _, se := runTeam(t, personal, append(args, "--out", o, ada, bo)...); code != 0 {
				t.Errorf("%v: exit %d: %s", args, code, se)
			}
		}
	})
}

func TestTeamReportRejectsBadInputWithoutWritingAFile(t *testing.T) {
	dir := t.TempDir()
	good := memberExport(t, dir, "ada.json")
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	notJSON := write("notes.json", "hello, team")
	wrongFormat := write("toggl.json", `{"format":"toggl","version":1}`)
	badRow := write("bad.json", `{"format":"shiplog","version":1,"projects":[{"id":1,"name":""}]}`)
	locked := write("locked.json", "{}")
	if err := os.Chmod(locked, 0); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "gone.json")
	personal := filepath.Join(dir, "personal", "never.db")
	out := filepath.Join(dir, "team.pdf")
	goodBefore := stateOf(t, good)

	tests := []struct {
		name, says string
		args       []string
	}{
		{"no member files", "at least one MEMBER.json", []string{"--week", "2026-W47", "--out", out}},
		{"a missing member file", "member file " + missing + ": no such file", []string{"--out", out, good, missing}},
		{"a file that is not JSON", "member file " + notJSON + ": not a Shiplog export", []string{"--out", out, good, notJSON}},
		{"another tracker's JSON", "member file " + wrongFormat + ": format", []string{"--out", out, wrongFormat}},
		{"an export with a bad record", "member file " + badRow + ": projects[0]", []string{"--out", out, badRow}},
		{"a folder as member", "not a regular file", []string{"--out", out, dir}},
		{"the same member twice", "given twice", []string{"--out", out, good, good}},
		{"an invalid week", "--week", []string{"--week", "2026-W60", "--out", out, good}},
		{"an invalid month", "--month", []string{"--month", "2026-13", "--out", out, good}},
		{"from after to", "--from: must not be after the last day (2026-11-01)", []string{"--from", "2026-11-10", "--to", "2026-11-01", "--out", out, good}},
		{"from without to", "--from and --to go together", []string{"--from", "2026-11-10", "--out", out, good}},
		{"two period flags", "choose one period", []string{"--week", "2026-W47", "--month", "2026-11", "--out", out, good}},
		{"no --out", "--out FILE.pdf is required", []string{good}},
		{"a missing folder", "does not exist", []string{"--out", filepath.Join(dir, "nope", "t.pdf"), good}},
		{"--out is a member file", "never writes over", []string{"--out", good, good}},
	}
	if os.Geteuid() != 0 { // root reads anything
		tests = append(tests, struct {
			name, says string
			args       []string
		}{"an unreadable member file", "member file " + locked + ": cannot read it: permission denied", []string{"--out", out, locked}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, se := runTeam(t, personal, tt.args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr %s", code, se)
			}
			if !strings.Contains(se, tt.says) || strings.Count(se, "\n") != 1 {
				t.Errorf("stderr %q does not say %q on one line", se, tt.says)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Error("a team report was written")
			}
			if got := stateOf(t, good); !bytes.Equal(got.data, goodBefore.data) || !got.mtime.Equal(goodBefore.mtime) {
				t.Error("the member file changed")
			}
		})
	}
	if _, err := os.Stat(filepath.Dir(personal)); !os.IsNotExist(err) {
		t.Errorf("the personal database folder was created: %v", err)
	}
}

func TestTeamHelpHasExamples(t *testing.T) {
	var so, se bytes.Buffer
	Run(&Env{DBPath: filepath.Join(t.TempDir(), "s.db"), Stdout: &so, Stderr: &se}, []string{"team", "report", "--help"})
	if !strings.Contains(so.String(), "Examples:") || !strings.Contains(so.String(), "shiplog team report --week") {
		t.Errorf("team report --help has no examples:\n%s", so.String())
	}
	code, _, se2 := runCLI(t, filepath.Join(t.TempDir(), "s.db"), "team")
	if code != 2 || !strings.Contains(se2, "report") {
		t.Errorf("bare team: exit %d, stderr %q", code, se2)
	}
}

// team report --json carries the team's check-in as the PDF states it: the medians only when at
// least three members answered the week, else null with the reason.
func TestTeamReportJSONCarriesTheCheckInMedianOnlyFromThreeAnswers(t *testing.T) {
	dir := t.TempDir()
	var files []string
	for _, name := range []string{"ada", "bo", "cy"} {
		db := filepath.Join(dir, name+".db")
		if code, _, se := runCLI(t, db, "checkin", "--satisfaction", map[string]string{"ada": "2", "bo": "4", "cy": "5"}[name],
			"--balance", "3"); code != 0 {
			t.Fatalf("checkin %s: %s", name, se)
		}
		out := filepath.Join(dir, name+".json")
		if code, _, se := runCLI(t, db, "export", "json", "--out", out); code != 0 {
			t.Fatalf("export: %s", se)
		}
		files = append(files, out)
	}
	report := func(files ...string) teamReportJSON {
		code, so, se := runTeam(t, filepath.Join(dir, "never.db"), append([]string{"--week", "2026-W47", "--json"}, files...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, se)
		}
		return decodeJSON[teamReportJSON](t, so)
	}
	two := report(files[:2]...).CheckIn
	if two.Answered != 2 || two.Satisfaction != nil || two.Balance != nil || !strings.Contains(two.Text, "not shown") {
		t.Errorf("two answers: %+v, want no medians", two)
	}
	three := report(files...).CheckIn
	if three.Week != "2026-W47" || three.Answered != 3 || three.Members != 3 || three.Satisfaction == nil || *three.Satisfaction != 4 ||
		three.Balance == nil || *three.Balance != 3 {
		t.Errorf("three answers: %+v, want medians 4 and 3", three)
	}
}
