package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"
)

// demoNow is a Friday afternoon, so the current week has data to show.
var demoNow = time.Date(2026, 11, 20, 16, 30, 0, 0, time.UTC)

func TestDemoSeedsAndWritesTheWeeksReport(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	out := filepath.Join(dir, "demo.pdf")
	if p := os.Getenv("SHIPLOG_DEMO_OUT"); p != "" {
		out = p // lets a developer look at the sample report
	}
	var stdout, stderr bytes.Buffer
	env := &Env{DBPath: db, Clock: clockwork.NewFakeClockAt(demoNow), Stdout: &stdout, Stderr: &stderr}
	if code := Run(env, []string{"demo", "--out", out}); code != 0 {
		t.Fatalf("demo exited %d: %s", code, stderr.String())
	}
	if !strings.Contains(stdout.String(), out) {
		t.Errorf("stdout %q does not name %s", stdout.String(), out)
	}
	b, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Fatalf("no PDF written: %v", err)
	}

	t.Run("a second run refuses the filled database", func(t *testing.T) {
		var so, se bytes.Buffer
		env := &Env{DBPath: db, Clock: clockwork.NewFakeClockAt(demoNow), Stdout: &so, Stderr: &se}
		if code := Run(env, []string{"demo", "--out", filepath.Join(dir, "again.pdf")}); code != 2 {
			t.Fatalf("exit %d, want 2; stderr %s", code, se.String())
		}
		if !strings.Contains(se.String(), "already has") {
			t.Errorf("stderr %q does not explain the refusal", se.String())
		}
		if _, err := os.Stat(filepath.Join(dir, "again.pdf")); !os.IsNotExist(err) {
			t.Errorf("a refused demo wrote a file")
		}
	})
}

func TestDemoReplacesAnExistingFileOnlyWithForceAndNeverSeedsFirst(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "sample.pdf")
	if err := os.WriteFile(out, []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "s.db")
	var so, se bytes.Buffer
	env := &Env{DBPath: db, Clock: clockwork.NewFakeClockAt(demoNow), Stdout: &so, Stderr: &se}
	if code := Run(env, []string{"demo", "--out", out}); code != 2 || !strings.Contains(se.String(), "use --force") {
		t.Fatalf("exit %d, stderr %q; want 2 and the way to replace it", code, se.String())
	}
	if b, _ := os.ReadFile(out); string(b) != "mine" {
		t.Errorf("the existing file now holds %q", b)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Error("a refused demo created the database")
	}
	env = &Env{DBPath: db, Clock: clockwork.NewFakeClockAt(demoNow), Stdout: &so, Stderr: &se}
	if code := Run(env, []string{"demo", "--force", "--out", out}); code != 0 {
		t.Fatalf("with --force: exit %d, stderr %s", code, se.String())
	}
	if b, _ := os.ReadFile(out); !bytes.HasPrefix(b, []byte("%PDF-")) {
		t.Error("--force did not replace the file with the report")
	}
}
