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
