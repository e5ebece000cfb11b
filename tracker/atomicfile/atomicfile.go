// Package atomicfile writes a file so that it appears whole or not at all, and stays written
// after a crash: every atomic file write of Shiplog (reports, exports, backups, the autostart
// entry) goes through it. It depends on the standard library only, so that the domain, its
// stores and the front ends can all use it.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// TempPrefix starts the name of every temporary file, so that a leftover one is easy to find.
const TempPrefix = ".shiplog-"

// Write writes path through fn. fn writes into a new temporary file, created 0600 in path's
// folder, which is synced, closed and renamed over path; the folder is then synced, so that the
// rename survives a crash. If anything fails, the temporary file is removed and path is left as
// it was. The file ends up 0600: Shiplog's files hold a private record.
func Write(path string, fn func(w io.Writer) error) error {
	return WriteVia(path, func(f *os.File) error { return fn(f) })
}

// WriteVia is Write for a writer that needs the temporary file itself, such as one that writes
// to its name (SQLite's VACUUM INTO writes into the empty file at f.Name()).
func WriteVia(path string, fn func(f *os.File) error) (err error) {
	dir := filepath.Dir(path)
	if err := checkFolder(path, dir); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, TempPrefix+filepath.Base(path)+"-*.tmp")
	if err != nil {
		return &Error{Path: path, Reason: "cannot create a file in " + dir, Err: err}
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(tmp)
		}
	}()
	// CreateTemp makes the file 0600 already; Chmod says so whatever the platform's default.
	if err := f.Chmod(0o600); err != nil {
		return &Error{Path: path, Err: err}
	}
	if err := fn(f); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return &Error{Path: path, Err: err}
	}
	if err := f.Close(); err != nil {
		return &Error{Path: path, Err: err}
	}
	if err := os.Rename(tmp, path); err != nil {
		return &Error{Path: path, Err: err}
	}
	if err := SyncDir(dir); err != nil {
		return &Error{Path: path, Reason: "the file was written but its folder " + dir + " could not be synced", Err: err}
	}
	return nil
}

// checkFolder says in words why path cannot be written: a missing folder, a file where the
// folder should be, or a folder where the file should be.
func checkFolder(path, dir string) error {
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Error{Path: path, Reason: "folder " + dir + " does not exist", Err: err}
	case err != nil:
		return &Error{Path: path, Err: err}
	case !st.IsDir():
		return &Error{Path: path, Reason: dir + " is not a folder", Err: fs.ErrInvalid}
	}
	// A rename replaces whatever has the name: only a regular file may be replaced, never a
	// device, a pipe, a socket or a symbolic link (as root, "--out /dev/null" would otherwise turn
	// /dev/null into a file for the whole machine).
	if st, err := os.Lstat(path); err == nil {
		switch {
		case st.IsDir():
			return &Error{Path: path, Reason: "it is a folder", Err: fs.ErrExist}
		case !st.Mode().IsRegular():
			return &Error{Path: path, Reason: "it is not a regular file (" + Kind(st.Mode()) + "), and only a file is ever replaced", Err: fs.ErrExist}
		}
	}
	return nil
}

// Kind names a file type in words: "a device", "a named pipe", "a folder".
func Kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeCharDevice != 0, m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m.IsDir():
		return "a folder"
	}
	return m.Type().String()
}

// SyncDir makes a rename in dir durable. File systems that cannot sync a folder are not an error.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// Error says which file could not be written and why, in words about files.
type Error struct {
	What   string // what the file holds, such as "report"; may be empty
	Path   string
	Reason string // what to print; Err's own text when empty
	Err    error
}

func (e *Error) Error() string {
	reason := e.Reason
	if reason == "" {
		reason = plain(e.Err)
	}
	if e.What != "" {
		return fmt.Sprintf("cannot write %s to %s: %s", e.What, e.Path, reason)
	}
	return fmt.Sprintf("cannot write %s: %s", e.Path, reason)
}

func (e *Error) Unwrap() error { return e.Err }

// plain drops the operation and path that *fs.PathError repeats, leaving "permission denied".
func plain(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}

// SameFile reports whether a and b name one file, through links and other names.
func SameFile(a, b string) (bool, error) {
	sa, err := os.Stat(a)
	if err != nil {
		return false, err
	}
	sb, err := os.Stat(b)
	if err != nil {
		return false, err
	}
	return os.SameFile(sa, sb), nil
}
