package atomicfile_test

import (
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"shiplog/tracker/atomicfile"
)

func write(path, content string) error {
	return atomicfile.Write(path, func(w io.Writer) error { _, err := io.WriteString(w, content); return err })
}

// entries lists a folder's file names.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteCreatesAPrivateFileAndReplacesAnOldOne(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.pdf")
	for _, content := range []string{"first", "second"} {
		if err := write(path, content); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(path)
		if err != nil || string(b) != content {
			t.Fatalf("read %q, %v; want %q", b, err, content)
		}
		st, _ := os.Stat(path)
		if st.Mode().Perm() != 0o600 {
			t.Errorf("mode %v, want 0600", st.Mode().Perm())
		}
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("folder holds %v, want only r.pdf", got)
	}
}

func TestAFailedWriteLeavesTheOldFileAndNoTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.pdf")
	if err := write(path, "old"); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("render failed")
	err := atomicfile.Write(path, func(w io.Writer) error {
		io.WriteString(w, "half a file")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v, want the writer's error", err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("the old file became %q", b)
	}
	if got := entries(t, dir); len(got) != 1 {
		t.Errorf("folder holds %v after a failed write", got)
	}
	// A failed first write leaves nothing at all.
	fresh := filepath.Join(dir, "new.pdf")
	if err := atomicfile.Write(fresh, func(io.Writer) error { return boom }); !errors.Is(err, boom) {
		t.Fatalf("err %v", err)
	}
	if _, err := os.Stat(fresh); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("a failed write created %s", fresh)
	}
	for _, name := range entries(t, dir) {
		if strings.HasPrefix(name, atomicfile.TempPrefix) {
			t.Errorf("temporary file %s left behind", name)
		}
	}
}

func TestWriteErrorsSpeakOfFiles(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, path, want string
	}{
		{"a missing folder", filepath.Join(dir, "nope", "r.pdf"),
			"cannot write " + filepath.Join(dir, "nope", "r.pdf") + ": folder " + filepath.Join(dir, "nope") + " does not exist"},
		{"a file as the folder", filepath.Join(file, "r.pdf"),
			"cannot write " + filepath.Join(file, "r.pdf") + ": " + file + " is not a folder"},
		{"a folder as the file", dir, "cannot write " + dir + ": it is a folder"},
	}
	if os.Geteuid() != 0 { // root writes anywhere
		locked := filepath.Join(dir, "locked")
		if err := os.Mkdir(locked, 0o500); err != nil {
			t.Fatal(err)
		}
		tests = append(tests, struct{ name, path, want string }{"a read-only folder", filepath.Join(locked, "r.pdf"),
			"cannot write " + filepath.Join(locked, "r.pdf") + ": cannot create a file in " + locked})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := write(tt.path, "x")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Fatalf("err %v, want %q", err, tt.want)
			}
			if strings.Contains(err.Error(), "--") {
				t.Errorf("%q speaks of a flag", err)
			}
			var ae *atomicfile.Error
			if !errors.As(err, &ae) || ae.Path != tt.path {
				t.Errorf("%v is not an *atomicfile.Error for %s", err, tt.path)
			}
		})
	}
	err := write(filepath.Join(dir, "nope", "r.pdf"), "x")
	var ae *atomicfile.Error
	if errors.As(err, &ae) {
		ae.What = "report"
	}
	if !strings.HasPrefix(err.Error(), "cannot write report to ") || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("named error %q", err)
	}
}

func TestWriteViaHandsTheTemporaryFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "copy.db")
	err := atomicfile.WriteVia(path, func(f *os.File) error {
		if filepath.Dir(f.Name()) != dir || !strings.HasPrefix(filepath.Base(f.Name()), atomicfile.TempPrefix) {
			t.Errorf("temporary file %s is not a hidden file beside %s", f.Name(), path)
		}
		// Write by name, as SQLite's VACUUM INTO does.
		return os.WriteFile(f.Name(), []byte("db"), 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "db" {
		t.Errorf("copy holds %q", b)
	}
}

// A rename replaces whatever bears the name, so only a regular file may be replaced: "--out
// /dev/null" run as root once turned the machine's /dev/null into a 0600 file. A named pipe and a
// symbolic link stand in for devices here, which only root can make.
func TestWriteNeverReplacesWhatIsNotARegularFile(t *testing.T) {
	dir := t.TempDir()
	fifo := filepath.Join(dir, "pipe")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	target := filepath.Join(dir, "target.txt")
	if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link")
	if err := os.Symlink(target, link); err != nil {
		t.Fatal(err)
	}
	for path, want := range map[string]string{fifo: "it is not a regular file (a named pipe)", link: "it is not a regular file (a symbolic link)"} {
		err := write(path, "new")
		if err == nil || !strings.Contains(err.Error(), want) || !errors.Is(err, fs.ErrExist) {
			t.Errorf("write %s: %v, want %q", filepath.Base(path), err, want)
		}
	}
	if st, err := os.Lstat(fifo); err != nil || st.Mode()&fs.ModeNamedPipe == 0 {
		t.Errorf("the pipe was replaced: %v, %v", st.Mode(), err)
	}
	if st, err := os.Lstat(link); err != nil || st.Mode()&fs.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the link's target now holds %q", b)
	}
	if got := entries(t, dir); len(got) != 3 {
		t.Errorf("files left behind: %v", got)
	}
}
