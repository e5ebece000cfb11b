package sqlite_test

import (
	"bytes"
	"database/sql"
	"errors"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// dirNames lists a directory's entries.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func TestADatabasePathIsNeverReadAsAURI(t *testing.T) {
	for _, name := range []string{"a?mode=memory.db", "other#shiplog.db", "x%41y.db", "my data.db", "données 🚀 مرحبا.db", "file:z.db", "100%.db"} {
		t.Run(name, func(t *testing.T) {
			dir := t.TempDir()
			// Another application's database where a URI reading of the name would lead.
			for _, decoy := range []string{"a", "other", "xAy.db", "x", "z.db", "100"} {
				if err := os.WriteFile(filepath.Join(dir, decoy), []byte("another application's file"), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			path := filepath.Join(dir, name)
			svc, err := sqlite.OpenService(path)
			if err != nil {
				t.Fatal(err)
			}
			mustProject(t, svc, "Kept where it was asked")
			svc.Close()
			for _, decoy := range []string{"a", "other", "xAy.db", "x", "z.db", "100"} {
				if b, _ := os.ReadFile(filepath.Join(dir, decoy)); string(b) != "another application's file" {
					t.Errorf("the file %q beside it was changed", decoy)
				}
			}
			if got := dirNames(t, dir); !slices.Contains(got, name) || len(got) != 7 {
				t.Fatalf("directory holds %q; want the 6 decoys and %q", got, name)
			}
			st, _ := os.Stat(path)
			if st.Mode().Perm() != 0o600 {
				t.Errorf("mode %o, want 0600", st.Mode().Perm())
			}
			again, err := sqlite.OpenService(path)
			if err != nil {
				t.Fatal(err)
			}
			defer again.Close()
			if _, err := again.ProjectByName("Kept where it was asked"); err != nil {
				t.Errorf("reopened, the project is gone: %v", err)
			}
		})
	}
}

func TestOpenRefusesAndLeavesAloneWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.db")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "folder.db")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	toNull := filepath.Join(dir, "null.db")
	if err := os.Symlink("/dev/null", toNull); err != nil {
		t.Fatal(err)
	}
	dangling := filepath.Join(dir, "dangling.db")
	if err := os.Symlink(filepath.Join(dir, "nowhere", "x.db"), dangling); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(dir, "s.db")
	ln, err := net.Listen("unix", sock)
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	tests := []struct{ name, path, want string }{
		{"a FIFO", fifo, "FIFO"},
		{"a directory", sub, "directory"},
		{"the null device", "/dev/null", "character device"},
		{"a symbolic link to the null device", toNull, "character device"},
		{"a symbolic link to nothing", dangling, "does not exist"},
		{"a socket", sock, "socket"},
	}
	for _, tt := range tests {
		t.Run(tt.name+" is refused and keeps its mode", func(t *testing.T) {
			before, err := os.Stat(tt.path)
			if err != nil && !errors.Is(err, os.ErrNotExist) {
				t.Fatal(err)
			}
			for _, mode := range []sqlite.Mode{sqlite.Write, sqlite.Read} {
				_, err = sqlite.OpenWith(tt.path, sqlite.Options{Mode: mode})
				if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
					t.Fatalf("mode %d: err = %v; want ErrInvalid naming %q", mode, err, tt.want)
				}
			}
			if before != nil {
				after, err := os.Stat(tt.path)
				if err != nil || after.Mode() != before.Mode() {
					t.Errorf("mode went from %v to %v (%v)", before.Mode(), after.Mode(), err)
				}
			}
		})
	}
	if _, err := os.Stat(filepath.Join(dir, "nowhere")); err == nil {
		t.Error("opening through a dangling link created its target's folder")
	}
	if got := dirNames(t, dir); len(got) != 5 {
		t.Errorf("the refusals left files behind: %q", got)
	}
}

func TestAnEmptyFileIsRefusedAsPossiblyTruncated(t *testing.T) {
	path := filepath.Join(t.TempDir(), "shiplog.db")
	if err := os.WriteFile(path, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, mode := range []sqlite.Mode{sqlite.Write, sqlite.Read} {
		_, err := sqlite.OpenWith(path, sqlite.Options{Mode: mode})
		if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), "truncated") || !strings.Contains(err.Error(), "rm ") {
			t.Fatalf("err = %v; want a refusal that says truncated and how to start afresh", err)
		}
	}
	if st, _ := os.Stat(path); st.Size() != 0 {
		t.Errorf("the empty file now has %d bytes", st.Size())
	}
	if got := dirNames(t, filepath.Dir(path)); len(got) != 1 {
		t.Errorf("the refusal left files behind: %q", got)
	}
}

func TestOnlyWritersCreateADatabaseAndTheySayWhere(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "typo", "deeper")
	path := filepath.Join(dir, "shiplog.db")
	var notes []string
	o := sqlite.Options{Mode: sqlite.Read, Notice: func(m string) { notes = append(notes, m) }}
	if _, err := sqlite.OpenWith(path, o); !errors.Is(err, tracker.ErrNoDatabase) {
		t.Fatalf("read of a missing database: err = %v; want ErrNoDatabase", err)
	}
	if _, err := os.Stat(filepath.Dir(dir)); !errors.Is(err, os.ErrNotExist) {
		t.Fatal("a read created folders")
	}
	o.Mode = sqlite.Write
	st, err := sqlite.OpenWith(path, o)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if len(notes) != 1 || !strings.Contains(notes[0], "created a new database at "+path) {
		t.Fatalf("notices %q; want one that names %s", notes, path)
	}
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if fi, _ := os.Stat(d); fi.Mode().Perm() != 0o700 {
			t.Errorf("created folder %s is %o, want 0700", d, fi.Mode().Perm())
		}
	}
	st, err = sqlite.OpenWith(path, o)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if len(notes) != 1 {
		t.Errorf("opening an existing database noticed %q", notes[1:])
	}
	if got := dirNames(t, dir); len(got) != 1 {
		t.Errorf("creating left temporary files: %q", got)
	}
}

func TestTheDataDirectoryIsMadePrivateWhenItIsShiplogs(t *testing.T) {
	xdg := t.TempDir()
	t.Setenv("XDG_DATA_HOME", xdg)
	own := filepath.Join(xdg, "shiplog")
	chosen := filepath.Join(t.TempDir(), "chosen")
	for _, d := range []string{own, chosen} {
		if err := os.Mkdir(d, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(d, 0o755); err != nil {
			t.Fatal(err)
		}
		st, err := sqlite.Open(filepath.Join(d, "shiplog.db"))
		if err != nil {
			t.Fatal(err)
		}
		st.Close()
	}
	if fi, _ := os.Stat(own); fi.Mode().Perm() != 0o700 {
		t.Errorf("Shiplog's data directory is %o, want 0700", fi.Mode().Perm())
	}
	if fi, _ := os.Stat(chosen); fi.Mode().Perm() != 0o755 {
		t.Errorf("a folder the person chose was changed to %o", fi.Mode().Perm())
	}
}

// makeReadOnly makes path impossible to write for this process, and undoes it at the end. Root
// ignores file modes, so as root it sets the immutable attribute, which stops root too.
func makeReadOnly(t *testing.T, path string) {
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

// readOnlyFixture is a closed database with one project, P.
func readOnlyFixture(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "shiplog.db")
	svc, err := sqlite.OpenService(path)
	if err != nil {
		t.Fatal(err)
	}
	mustProject(t, svc, "P")
	svc.Close()
	return path
}

func TestAReadOnlyDatabaseOpensForReading(t *testing.T) {
	for _, what := range []string{"file", "folder"} {
		t.Run("a read-only "+what, func(t *testing.T) {
			path := readOnlyFixture(t)
			before, _ := os.ReadFile(path)
			if what == "file" {
				makeReadOnly(t, path)
			} else {
				makeReadOnly(t, filepath.Dir(path))
			}
			svc, err := sqlite.OpenServiceWith(path, sqlite.Options{Mode: sqlite.Read})
			if err != nil {
				t.Fatalf("a reading open failed: %v", err)
			}
			if _, err := svc.ProjectByName("P"); err != nil {
				t.Errorf("read: %v", err)
			}
			_, err = svc.AddProject(tracker.Project{Name: "Q"})
			if !errors.Is(err, tracker.ErrReadOnly) || !strings.Contains(err.Error(), "the database is read-only") {
				t.Errorf("a write on it: %v; want 'the database is read-only'", err)
			}
			svc.Close()
			_, err = sqlite.OpenWith(path, sqlite.Options{Mode: sqlite.Write})
			if !errors.Is(err, tracker.ErrReadOnly) || strings.Contains(err.Error(), "not a readable") {
				t.Errorf("a writing open: %v; want ErrReadOnly, not a damaged database", err)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
				t.Error("the read-only database changed")
			}
		})
	}
}

func TestAnotherApplicationsDatabaseIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "other.db")
	db, err := sql.Open("sqlite3", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, stmt := range []string{"CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)", "PRAGMA user_version = 1"} {
		if _, err := db.Exec(stmt); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	before, _ := os.ReadFile(path)
	_, err = sqlite.Open(path)
	if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), "not a Shiplog database") {
		t.Fatalf("err = %v; want a refusal", err)
	}
	if after, _ := os.ReadFile(path); !bytes.Equal(before, after) {
		t.Error("the other application's database was changed")
	}
}
