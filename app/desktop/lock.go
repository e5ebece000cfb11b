package desktop

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"

	"shiplog/tracker"
)

// Who holds a database, as the lock files say it; the words are shown to the person.
const (
	WhoApp     = "the desktop app"
	WhoDaemon  = "shiplog daemon"
	WhoRestore = "shiplog restore"
)

// A database has two locks, files beside it that are flocked exclusively:
//
//   - DB.lock is the desktop app's: one window per database (Acquire).
//   - DB.jobs.lock is the job runner's: one runner per database, be it in the window or in
//     `shiplog daemon`, so that the weekly report is mailed once. Whichever starts first runs the
//     jobs; the daemon refuses to start beside a window that runs them, and a window beside a
//     daemon leaves the jobs to it (app/jobs takes this lock in Runner.Start).
//
// Restore takes both, so that it never replaces a database under a window or a daemon. The
// kernel releases a flock when its process dies, however it dies, so a lock is never stale.

// InstanceLockPath is the desktop app's lock file for the database at dbPath.
func InstanceLockPath(dbPath string) string { return absOr(dbPath) + ".lock" }

// JobsLockPath is the job runner's lock file for the database at dbPath.
func JobsLockPath(dbPath string) string { return absOr(dbPath) + ".jobs.lock" }

func absOr(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}

// Lock is an exclusive flock held on a lock file.
type Lock struct {
	f *os.File
}

// Holder is the process that holds a lock, as it wrote itself into the lock file.
type Holder struct {
	PID int
	Who string // WhoApp, WhoDaemon, …
}

func (h Holder) String() string {
	switch {
	case h.PID == 0:
		return "another Shiplog process"
	case h.Who == "":
		return fmt.Sprintf("another Shiplog process (pid %d)", h.PID)
	}
	return fmt.Sprintf("%s (pid %d)", h.Who, h.PID)
}

// LockedError says that another process holds a lock. It is a tracker.ErrLocked.
type LockedError struct {
	Path   string
	Holder Holder
}

func (e *LockedError) Error() string {
	return fmt.Sprintf("%s holds %s", e.Holder, e.Path)
}

func (e *LockedError) Unwrap() error { return tracker.ErrLocked }

// TryLock takes the lock file at path without waiting and writes who this process is into it,
// so that a process that finds it taken can say by whom. It returns a *LockedError when another
// process holds it.
func TryLock(path, who string) (*Lock, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, fmt.Errorf("open lock file: %w", err)
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, &LockedError{Path: path, Holder: ReadHolder(path)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(fmt.Sprintf("%d %s\n", os.Getpid(), who)), 0)
	}
	return &Lock{f: f}, nil
}

// ReadHolder reads who holds the lock file at path. A process that took it a moment ago may not
// have written itself yet, which gives a zero Holder.
func ReadHolder(path string) Holder {
	b, err := os.ReadFile(path)
	if err != nil {
		return Holder{}
	}
	pid, who, _ := strings.Cut(strings.TrimSpace(string(b)), " ")
	n, err := strconv.Atoi(pid)
	if err != nil {
		return Holder{}
	}
	return Holder{PID: n, Who: who}
}

// Held reports who holds the lock file at path, without taking it for longer than a look.
func Held(path string) (Holder, bool) {
	f, err := os.OpenFile(path, os.O_RDONLY, 0)
	if err != nil {
		return Holder{}, false
	}
	defer f.Close()
	if err := unix.Flock(int(f.Fd()), unix.LOCK_SH|unix.LOCK_NB); err == nil {
		_ = unix.Flock(int(f.Fd()), unix.LOCK_UN)
		return Holder{}, false
	}
	return ReadHolder(path), true
}

// Close releases the lock.
func (l *Lock) Close() error {
	if l == nil || l.f == nil {
		return nil
	}
	err := l.f.Close()
	l.f = nil
	return err
}

// LockForRestore takes both of the database's locks for a restore, so that no desktop app or
// daemon has it open meanwhile, nor starts. If either is held it takes neither and returns the
// *LockedError that names the holder.
func LockForRestore(dbPath string) (release func(), err error) {
	var held []*Lock
	release = func() {
		for _, l := range held {
			l.Close()
		}
	}
	for _, p := range []string{InstanceLockPath(dbPath), JobsLockPath(dbPath)} {
		if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
			release()
			return nil, err
		}
		l, err := TryLock(p, WhoRestore)
		if err != nil {
			release()
			return nil, err
		}
		held = append(held, l)
	}
	return release, nil
}
