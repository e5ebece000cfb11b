package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jonboulle/clockwork"
)

func runReport(t *testing.T, db string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	env := &Env{DBPath: db, Clock: clockwork.NewFakeClockAt(demoNow), Stdout: &out, Stderr: &errb}
	code = Run(env, append([]string{"report"}, args...))
	return code, out.String(), errb.String()
}

func TestReportWritesThePDFAndPrintsItsPath(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	var so, se bytes.Buffer
	if code := Run(&Env{DBPath: db, Clock: clockwork.NewFakeClockAt(demoNow), Stdout: &so, Stderr: &se},
		[]string{"demo", "--out", filepath.Join(dir, "demo.pdf")}); code != 0 {
		t.Fatalf("demo: %s", se.String())
	}
	tests := []struct {
		name string
		args []string
	}{
		{"the current week by default", nil},
		{"an ISO week", []string{"--week", "2026-W46"}},
		{"an ISO week written as update draft takes it", []string{"--week", "2026w46"}},
		{"a month with hours", []string{"--month", "2026-11", "--hours"}},
		{"a range for two projects", []string{"--from", "2026-11-01", "--to", "2026-11-15", "--project", "billing api", "--project", "Docs site"}},
		{"a custom author and title", []string{"--author", "Zoë", "--title", "Résultats"}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(dir, "r"+string(rune('a'+i))+".pdf")
			code, stdout, stderr := runReport(t, db, append(tt.args, "--out", out)...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			if strings.TrimSpace(stdout) != out {
				t.Errorf("stdout %q, want the path %s", stdout, out)
			}
			b, err := os.ReadFile(out)
			if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Fatalf("no PDF at %s: %v", out, err)
			}
			if st, _ := os.Stat(out); st.Mode().Perm() != 0o600 {
				t.Errorf("the report is %v, want 0600", st.Mode().Perm())
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".shiplog-") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
}

func TestReportRejectsBadInputWithoutWritingAFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	var so, se bytes.Buffer
	if code := Run(&Env{DBPath: db, Clock: clockwork.NewFakeClockAt(demoNow), Stdout: &so, Stderr: &se},
		[]string{"demo", "--out", filepath.Join(dir, "demo.pdf")}); code != 0 {
		t.Fatalf("demo: %s", se.String())
	}
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o500); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "bad.pdf")
	tests := []struct {
		name, says string
		args       []string
		out        string
	}{
		{"an invalid week", "--week: 2026 has weeks 1 to 53", []string{"--week", "2026-W60"}, out},
		{"an invalid month", "--month: month must be 01 to 12", []string{"--month", "2026-13"}, out},
		{"an invalid date", "--from: must be a date like", []string{"--from", "2026-02-30", "--to", "2026-03-02"}, out},
		{"from after to", "--from: must not be after the last day (2026-11-01)", []string{"--from", "2026-11-10", "--to", "2026-11-01"}, out},
		{"from without to", "--from and --to go together", []string{"--from", "2026-11-10"}, out},
		{"two period flags", "choose one period", []string{"--week", "2026-W47", "--month", "2026-11"}, out},
		{"an unknown project", "did you mean", []string{"--project", "Biling API"}, out},
		{"no --out", "--out FILE.pdf or --json is required", nil, ""},
		{"a missing folder", "does not exist", nil, filepath.Join(dir, "nope", "r.pdf")},
		{"a folder as --out", "is a directory", nil, dir},
	}
	if os.Geteuid() != 0 { // root may write anywhere
		tests = append(tests, struct {
			name, says string
			args       []string
			out        string
		}{"an unwritable folder", "cannot write", nil, filepath.Join(locked, "r.pdf")})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := tt.args
			if tt.out != "" {
				args = append(args, "--out", tt.out)
			}
			code, _, stderr := runReport(t, db, args...)
			if code != 2 {
				t.Fatalf("exit %d, want 2; stderr %s", code, stderr)
			}
			if !strings.Contains(stderr, tt.says) {
				t.Errorf("stderr %q does not say %q", stderr, tt.says)
			}
			if tt.out != "" && tt.out != dir {
				if _, err := os.Stat(tt.out); !os.IsNotExist(err) {
					t.Errorf("a file was written at %s", tt.out)
				}
			}
		})
	}
}

func TestReportHelpHasExamples(t *testing.T) {
	for _, cmd := range []string{"report", "demo"} {
		var so, se bytes.Buffer
		Run(&Env{DBPath: filepath.Join(t.TempDir(), "s.db"), Stdout: &so, Stderr: &se}, []string{cmd, "--help"})
		if !strings.Contains(so.String(), "Examples:") || !strings.Contains(so.String(), "shiplog "+cmd) {
			t.Errorf("%s --help has no examples:\n%s", cmd, so.String())
		}
	}
}
