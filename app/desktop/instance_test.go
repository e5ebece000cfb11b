package desktop

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
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

func TestTheSocketReadsABoundedMessage(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", shortDir(t))
	db := filepath.Join(t.TempDir(), "shiplog.db")
	in, err := Acquire(db)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()

	t.Run("1.6 GiB of junk is cut off after a few KiB and does not grow memory", func(t *testing.T) {
		c, err := net.Dial("unix", SocketPath(db))
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		runtime.GC()
		var before runtime.MemStats
		runtime.ReadMemStats(&before)
		const junk = 1600 << 20
		chunk := bytes.Repeat([]byte{'x'}, 64<<10)
		sent := 0
		for sent < junk {
			n, err := c.Write(chunk)
			sent += n
			if err != nil {
				break
			}
		}
		var after runtime.MemStats
		runtime.ReadMemStats(&after)
		if sent >= junk {
			t.Fatalf("the socket took all %d bytes of junk", sent)
		}
		if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 16<<20 {
			t.Errorf("the heap grew by %d MiB while junk was sent", grew>>20)
		}
		t.Logf("the socket closed after %d KiB of junk", sent>>10)
	})
	t.Run("a show request still works after the junk", func(t *testing.T) {
		if err := sendShow(SocketPath(db)); err != nil {
			t.Fatal(err)
		}
		<-in.Shows()
	})
}

func TestAnIdleConnectionIsClosedAtItsDeadline(t *testing.T) {
	t.Setenv("XDG_RUNTIME_DIR", shortDir(t))
	past := idleDeadline
	idleDeadline = func() time.Time { return time.Now().Add(-time.Second) } // already passed
	defer func() { idleDeadline = past }()
	db := filepath.Join(t.TempDir(), "shiplog.db")
	in, err := Acquire(db)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	c, err := net.Dial("unix", SocketPath(db))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	// The client sends nothing; the server must hang up on its own. The client's own deadline only
	// keeps a broken server from hanging the test.
	_ = c.SetReadDeadline(time.Now().Add(guardTimeout))
	_, err = c.Read(make([]byte, 1))
	if !errors.Is(err, io.EOF) {
		t.Fatalf("read on an idle connection: %v; want EOF, the server hanging up", err)
	}
}

// guardTimeout is how long a test waits for an effect before it fails; nothing sleeps.
const guardTimeout = 10 * time.Second

func TestLocks(t *testing.T) {
	t.Run("a taken lock names who holds it", func(t *testing.T) {
		p := filepath.Join(t.TempDir(), "x.lock")
		l, err := TryLock(p, WhoDaemon)
		if err != nil {
			t.Fatal(err)
		}
		_, err = TryLock(p, WhoApp)
		var le *LockedError
		if !errors.As(err, &le) || le.Holder.PID != os.Getpid() || le.Holder.Who != WhoDaemon {
			t.Fatalf("second lock: %v", err)
		}
		if h, held := Held(p); !held || h.Who != WhoDaemon {
			t.Errorf("Held = %v, %v", h, held)
		}
		l.Close()
		if _, held := Held(p); held {
			t.Error("held after Close")
		}
		l2, err := TryLock(p, WhoApp)
		if err != nil {
			t.Fatalf("after release: %v", err)
		}
		l2.Close()
	})
	t.Run("restore is refused while the desktop app holds the database, naming it", func(t *testing.T) {
		t.Setenv("XDG_RUNTIME_DIR", shortDir(t))
		db := filepath.Join(t.TempDir(), "shiplog.db")
		in, err := Acquire(db)
		if err != nil {
			t.Fatal(err)
		}
		_, err = LockForRestore(db)
		if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("the desktop app (pid %d)", os.Getpid())) {
			t.Fatalf("restore beside the app: %v", err)
		}
		in.Close()
		release, err := LockForRestore(db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := Acquire(db); err == nil || !strings.Contains(err.Error(), "shiplog restore") {
			t.Errorf("a window during a restore: %v", err)
		}
		release()
	})
}
