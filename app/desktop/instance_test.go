package desktop

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// shortDir is a fresh directory with a short path, since a unix socket's path must fit in 108
// bytes and t.TempDir's names grow with the test's name.
func shortDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "sl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

func TestAcquire(t *testing.T) {
	t.Run("a second launch hands over to the first, which is asked to show its window", func(t *testing.T) {
		t.Setenv("XDG_RUNTIME_DIR", shortDir(t))
		db := filepath.Join(t.TempDir(), "shiplog.db")
		first, err := Acquire(db)
		if err != nil {
			t.Fatalf("first acquire: %v", err)
		}
		defer first.Close()

		second, err := Acquire(db)
		if !errors.Is(err, ErrRunning) {
			t.Fatalf("second acquire: %v, %v; want ErrRunning", second, err)
		}
		select {
		case <-first.Shows():
		default:
			t.Fatal("the first instance got no show request")
		}
	})
	t.Run("the socket is private to the user", func(t *testing.T) {
		rt := shortDir(t)
		t.Setenv("XDG_RUNTIME_DIR", rt)
		db := filepath.Join(t.TempDir(), "shiplog.db")
		in, err := Acquire(db)
		if err != nil {
			t.Fatal(err)
		}
		defer in.Close()
		fi, err := os.Stat(SocketPath(db))
		if err != nil {
			t.Fatal(err)
		}
		if perm := fi.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("socket mode %v; want no access for group and others", perm)
		}
	})
	t.Run("after the first closes, the next launch runs", func(t *testing.T) {
		t.Setenv("XDG_RUNTIME_DIR", "")
		db := filepath.Join(shortDir(t), "shiplog.db")
		first, err := Acquire(db)
		if err != nil {
			t.Fatal(err)
		}
		if got := SocketPath(db); got != db+".sock" {
			t.Errorf("socket without a runtime dir at %s; want beside the database", got)
		}
		if err := first.Close(); err != nil {
			t.Fatal(err)
		}
		next, err := Acquire(db)
		if err != nil {
			t.Fatalf("acquire after close: %v", err)
		}
		next.Close()
	})
	t.Run("a database path too long for a socket beside it still gets one", func(t *testing.T) {
		t.Setenv("XDG_RUNTIME_DIR", "")
		db := filepath.Join(t.TempDir(), "a-folder-name-long-enough-to-push-the-socket-path-past-the-limit", "shiplog.db")
		in, err := Acquire(db)
		if err != nil {
			t.Fatal(err)
		}
		in.Close()
	})
	t.Run("different databases run side by side", func(t *testing.T) {
		t.Setenv("XDG_RUNTIME_DIR", shortDir(t))
		dir := t.TempDir()
		a, err := Acquire(filepath.Join(dir, "a.db"))
		if err != nil {
			t.Fatal(err)
		}
		defer a.Close()
		b, err := Acquire(filepath.Join(dir, "b.db"))
		if err != nil {
			t.Fatalf("second database: %v", err)
		}
		b.Close()
	})
}
