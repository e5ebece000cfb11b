package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func TestDatabasePathRules(t *testing.T) {
	t.Run("reading commands on a missing database say there is none, exit 1 and create nothing", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "typo")
		db := filepath.Join(dir, "shiplog.db")
		for _, args := range [][]string{{"status"}, {"block", "list"}, {"report", "--out", filepath.Join(t.TempDir(), "r.pdf")},
			{"export", "json", "--out", filepath.Join(t.TempDir(), "e.json")}, {"config", "list"}, {"jobs"}} {
			code, _, se := runCLI(t, db, args...)
			if code != 1 || !strings.Contains(se, "no database at "+db) {
				t.Errorf("%v: exit %d, stderr %q; want exit 1 and 'no database at'", args, code, se)
			}
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("a reading command created %s", dir)
		}
	})
	t.Run("a writing command creates the database and says where, once", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "new", "shiplog.db")
		code, _, se := runCLI(t, db, "project", "add", "First")
		if code != 0 || strings.Count(se, "created a new database at "+db) != 1 {
			t.Fatalf("exit %d, stderr %q", code, se)
		}
		if _, _, se := runCLI(t, db, "project", "add", "Second"); se != "" {
			t.Errorf("the second command said %q", se)
		}
	})
	t.Run("a path with # ? and %41 is the file it names", func(t *testing.T) {
		dir := t.TempDir()
		other := filepath.Join(dir, "other")
		if err := os.WriteFile(other, []byte("another application's data"), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"other#shiplog.db", "what?.db", "x%41.db"} {
			db := filepath.Join(dir, name)
			if code, _, se := runCLI(t, db, "project", "add", "P"); code != 0 {
				t.Fatalf("%s: exit %d: %s", name, code, se)
			}
			if code, so, _ := runCLI(t, db, "project", "list"); code != 0 || !strings.Contains(so, "P") {
				t.Errorf("%s: project list %q", name, so)
			}
		}
		got, _ := os.ReadDir(dir)
		if len(got) != 4 {
			var ns []string
			for _, e := range got {
				ns = append(ns, e.Name())
			}
			t.Errorf("directory holds %q; want other and the three databases", ns)
		}
		if b, _ := os.ReadFile(other); string(b) != "another application's data" {
			t.Error("the other application's file was written")
		}
	})
	t.Run("an empty file is refused with the way to start afresh", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "shiplog.db")
		if err := os.WriteFile(db, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"status"}, {"project", "add", "P"}} {
			code, _, se := runCLI(t, db, args...)
			if code != 2 || !strings.Contains(se, "truncated") || !strings.Contains(se, "rm ") {
				t.Errorf("%v: exit %d, stderr %q", args, code, se)
			}
		}
		if st, _ := os.Stat(db); st.Size() != 0 {
			t.Error("the empty file was written")
		}
	})
	t.Run("--db /dev/null and a FIFO are refused and keep their modes", func(t *testing.T) {
		fifo := filepath.Join(t.TempDir(), "fifo")
		if err := syscall.Mkfifo(fifo, 0o644); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/dev/null", fifo} {
			before, _ := os.Stat(p)
			code, _, se := runCLI(t, p, "project", "add", "P")
			after, _ := os.Stat(p)
			if code != 2 || !strings.Contains(se, "not a database file") {
				t.Errorf("%s: exit %d, stderr %q", p, code, se)
			}
			if after.Mode() != before.Mode() {
				t.Errorf("%s: mode went from %v to %v", p, before.Mode(), after.Mode())
			}
		}
	})
	t.Run("a read-only database is read, and a write says it is read-only", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "shiplog.db")
		if code, _, se := runCLI(t, db, "project", "add", "P"); code != 0 {
			t.Fatal(se)
		}
		readOnly(t, db)
		if code, so, se := runCLI(t, db, "project", "list"); code != 0 || !strings.Contains(so, "P") {
			t.Errorf("project list: exit %d, %q %q", code, so, se)
		}
		if code, _, se := runCLI(t, db, "status"); code != 0 {
			t.Errorf("status: exit %d, %q", code, se)
		}
		code, _, se := runCLI(t, db, "project", "add", "Q")
		if code != 1 || !strings.Contains(se, "the database is read-only") {
			t.Errorf("project add: exit %d, stderr %q", code, se)
		}
	})
	t.Run("a read-only folder is not a damaged database", func(t *testing.T) {
		db := filepath.Join(t.TempDir(), "shiplog.db")
		if code, _, se := runCLI(t, db, "project", "add", "P"); code != 0 {
			t.Fatal(se)
		}
		readOnly(t, filepath.Dir(db))
		if code, so, se := runCLI(t, db, "project", "list"); code != 0 || !strings.Contains(so, "P") {
			t.Errorf("project list: exit %d, %q %q", code, so, se)
		}
		code, _, se := runCLI(t, db, "project", "add", "Q")
		if code != 1 || !strings.Contains(se, "read-only") || strings.Contains(se, "not a readable") {
			t.Errorf("project add: exit %d, stderr %q", code, se)
		}
	})
}

// readOnly makes path impossible to write for this process until the test ends. Root ignores
// file modes, so as root it sets the immutable attribute, which stops root too.
func readOnly(t *testing.T, path string) {
	t.Helper()
	if os.Geteuid() != 0 {
		fi, err := os.Stat(path)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, fi.Mode().Perm()&^0o222); err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { os.Chmod(path, fi.Mode().Perm()) })
		return
	}
	if out, err := exec.Command("chattr", "+i", path).CombinedOutput(); err != nil {
		t.Skipf("cannot make %s read-only as root: chattr: %v %s", path, err, out)
	}
	t.Cleanup(func() { exec.Command("chattr", "-i", path).Run() })
}
