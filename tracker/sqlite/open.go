package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"golang.org/x/sys/unix"

	"shiplog/tracker"
	"shiplog/tracker/atomicfile"
)

// Mode says what the one who opens the database means to do with it.
type Mode int

const (
	// Write opens the database to read and write, and creates it when it is missing.
	Write Mode = iota
	// Read opens an existing database only: a missing one is tracker.ErrNoDatabase and nothing
	// is created, and one that cannot be written, or whose folder cannot, is opened read-only.
	Read
)

// Options say how Open treats the database file.
type Options struct {
	Mode Mode
	// Notice is told, in one sentence each, what Open did or could not do that the person should
	// know: the database it created, a folder it could not make private. Nil drops them.
	Notice func(msg string)

	// emptyIsDamaged lets an empty file through as a damaged database, for Restore to replace.
	emptyIsDamaged bool
}

func (o Options) notice(format string, args ...any) {
	if o.Notice != nil {
		o.Notice(fmt.Sprintf(format, args...))
	}
}

// target is what Open found at the database path, before SQLite was let near it.
type target struct {
	path     string // the path as given, which the store reports and names its backups after
	file     string // the absolute file SQLite opens: path with symbolic links resolved
	missing  bool
	readOnly bool // the file or its folder cannot be written
	// immutable: the folder cannot be written and there is no WAL, so nothing can change the
	// file while it is open and SQLite may read it without its lock files, which it could not create.
	immutable bool
}

// uriPath escapes an absolute path for the path part of an SQLite URI. The driver hands "file:"
// names to SQLite as URIs, where "?" starts the parameters, "#" a fragment and "%XX" is decoded:
// a path holding them would name another file. Everything but unreserved characters and "/" is
// percent-encoded, so that SQLite decodes exactly the bytes of the path.
func uriPath(abs string) string {
	var b strings.Builder
	for i := 0; i < len(abs); i++ {
		c := abs[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', strings.IndexByte("-._~/", c) >= 0:
			b.WriteByte(c)
		default:
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// fileURI is the SQLite URI of the absolute path abs with the parameters q.
func fileURI(abs string, q url.Values) string {
	return "file:" + uriPath(abs) + "?" + q.Encode()
}

// readOnlyURI opens abs for reading only; immutable also tells SQLite that nothing can change
// the file, so that it needs no lock files beside it.
func readOnlyURI(abs string, immutable bool) string {
	q := url.Values{}
	q.Set("mode", "ro")
	if immutable {
		q.Set("immutable", "1")
	}
	q.Set("_busy_timeout", "15000")
	q.Set("_loc", "UTC")
	return fileURI(abs, q)
}

// locate checks what is at path before anything is changed: a regular file, or nothing. Anything
// else (a directory, a device, a FIFO, a socket, a symbolic link to one of them or to nothing)
// is refused and left as it is, and so is an empty file, which a Shiplog database never is.
func locate(path string, o Options) (target, error) {
	t := target{path: path}
	abs, err := filepath.Abs(path)
	if err != nil {
		return t, fmt.Errorf("open database %s: %w", path, err)
	}
	t.file = abs
	st, err := os.Stat(abs)
	if errors.Is(err, fs.ErrNotExist) {
		if lst, lerr := os.Lstat(abs); lerr == nil && lst.Mode()&fs.ModeSymlink != 0 {
			dest, _ := os.Readlink(abs)
			return t, fmt.Errorf("open database %s: %w", path, notADatabase("is a symbolic link to %s, which does not exist", dest))
		}
		t.missing = true
		if o.Mode == Read {
			return t, fmt.Errorf("open database %s: %w", path, tracker.ErrNoDatabase)
		}
		return t, nil
	}
	if err != nil {
		return t, fmt.Errorf("open database %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return t, fmt.Errorf("open database %s: %w", path, notADatabase("is %s, not a database file; nothing was changed", kindOf(st.Mode())))
	}
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		t.file = real
	}
	if st.Size() == 0 && walSize(t.file) == 0 && !o.emptyIsDamaged {
		return t, fmt.Errorf("open database %s: %w", path, notADatabase(
			"the file is empty (0 bytes), which a Shiplog database never is: it may have been truncated, so it is "+
				"left as it is. To start afresh, remove it (rm %q) and run the command again; to go back to a "+
				"backup, use 'shiplog restore'", path))
	}
	dirOK := writable(filepath.Dir(t.file))
	t.readOnly = !writable(t.file) || !dirOK
	if t.readOnly && o.Mode == Write {
		what := "the file " + t.file + " cannot be written"
		if !dirOK {
			what = "its folder " + filepath.Dir(t.file) + " cannot be written, and SQLite keeps its journal beside the database"
		}
		return t, fmt.Errorf("open database %s: %w: %s; make it writable to record anything, or use a command that only reads",
			path, tracker.ErrReadOnly, what)
	}
	t.immutable = t.readOnly && !dirOK && walSize(t.file) == 0
	return t, nil
}

// notADatabase is the ErrInvalid for a --db that names something Shiplog will not open.
func notADatabase(format string, args ...any) error {
	return &tracker.FieldError{Field: "database", Reason: fmt.Sprintf(format, args...)}
}

func kindOf(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO (named pipe)"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "not a regular file"
}

// walSize is the size of the database's write-ahead log, 0 when there is none.
func walSize(file string) int64 {
	st, err := os.Stat(file + "-wal")
	if err != nil || !st.Mode().IsRegular() {
		return 0
	}
	return st.Size()
}

// writable reports whether this process may write path, as the kernel decides it: by mode and
// owner, but also a read-only mount or an immutable file, which stop even root. (Shiplog is not
// set-user-ID, so the real IDs that access(2) checks are the effective ones.)
func writable(path string) bool {
	return unix.Access(path, unix.W_OK) == nil
}

// prepareDir makes sure the database's folder exists. The folders it creates, and Shiplog's own
// data directory, are made 0700; a folder the person chose is left as it is, with a notice when
// others could replace the database in it.
func prepareDir(t target, o Options) (created []string, err error) {
	dir := filepath.Dir(t.file)
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Lstat(d); err == nil || filepath.Dir(d) == d {
			break
		}
		created = append(created, d)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("create data directory %s: %w", dir, err)
	}
	own := len(created) > 0
	if def, err := tracker.DataDir(); err == nil && filepath.Clean(def) == dir {
		own = true
	}
	st, err := os.Stat(dir)
	if err != nil {
		return created, fmt.Errorf("open data directory %s: %w", dir, err)
	}
	perm := st.Mode().Perm()
	switch {
	case own && perm&0o077 != 0:
		if !ownedByMe(st) {
			o.notice("the data directory %s is mode %04o and belongs to another user, so Shiplog cannot make it private (0700)", dir, perm)
		} else if err := os.Chmod(dir, perm&^0o077); err != nil {
			o.notice("the data directory %s is mode %04o and could not be made private (0700): %v", dir, perm, err)
		}
	case !own && perm&0o022 != 0 && st.Mode()&fs.ModeSticky == 0:
		o.notice("the folder %s can be written by others (mode %04o), who could replace the database in it; Shiplog leaves folders it did not create as they are", dir, perm)
	}
	return created, nil
}

func ownedByMe(st fs.FileInfo) bool {
	sys, ok := st.Sys().(*syscall.Stat_t)
	return ok && int(sys.Uid) == os.Geteuid()
}

// restrictFile takes group's and others' access away from the database file, which holds a
// private record. It only ever changes the regular file that locate found, through a descriptor
// opened without following links and checked to be that same file, and it never adds a
// permission: a read-only file stays read-only.
func restrictFile(t target, o Options) {
	st, err := os.Stat(t.file)
	if err != nil || st.Mode().Perm()&0o077 == 0 {
		return
	}
	perm := st.Mode().Perm()
	if !ownedByMe(st) {
		o.notice("the database %s is mode %04o and belongs to another user, so Shiplog cannot make it private (0600)", t.file, perm)
		return
	}
	fd, err := unix.Open(t.file, unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		o.notice("the database %s is mode %04o and could not be made private: %v", t.file, perm, err)
		return
	}
	defer unix.Close(fd)
	var fst unix.Stat_t
	if err := unix.Fstat(fd, &fst); err != nil || fst.Mode&unix.S_IFMT != unix.S_IFREG {
		return
	}
	if sys, ok := st.Sys().(*syscall.Stat_t); !ok || sys.Ino != fst.Ino || sys.Dev != fst.Dev {
		return // the path changed under us: touch nothing
	}
	if err := unix.Fchmod(fd, uint32(perm&^0o077)); err != nil {
		o.notice("the database %s is mode %04o and could not be made private: %v", t.file, perm, err)
	}
}

// create makes a new database at t.file with the whole schema. It is built in a temporary file
// beside it and linked into place only when complete, so that the path holds a whole Shiplog
// database or nothing, never the empty file that locate refuses as truncated. If another process
// created the database meanwhile, that one is kept.
func create(t target) (bool, error) {
	dir := filepath.Dir(t.file)
	f, err := os.CreateTemp(dir, atomicfile.TempPrefix+"new-*.db")
	if err != nil {
		return false, fmt.Errorf("create database %s: %w", t.path, err)
	}
	tmp := f.Name()
	f.Close()
	defer func() {
		for _, s := range []string{"", "-wal", "-shm", "-journal"} {
			os.Remove(tmp + s)
		}
	}()
	st, err := openFile(target{path: tmp, file: tmp}, 0)
	if err != nil {
		return false, fmt.Errorf("create database %s: %w", t.path, err)
	}
	// Closing the only connection checkpoints the WAL into the file and removes it.
	if err := st.Close(); err != nil {
		return false, fmt.Errorf("create database %s: %w", t.path, err)
	}
	if err := syncFile(tmp); err != nil {
		return false, fmt.Errorf("create database %s: %w", t.path, err)
	}
	if err := os.Link(tmp, t.file); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return false, nil
		}
		return false, fmt.Errorf("create database %s: %w", t.path, err)
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		return true, fmt.Errorf("create database %s: %w", t.path, err)
	}
	return true, nil
}

func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// peek opens t read-only to learn its schema version and check that it is Shiplog's, so that a
// database from a newer Shiplog, another application's database, or a file that is not a
// database, is refused before anything writes to it.
func peek(t target) (int, error) {
	conn, err := sql.Open("sqlite3", readOnlyURI(t.file, t.immutable))
	if err != nil {
		return 0, fmt.Errorf("open database %s: %w", t.path, err)
	}
	defer conn.Close()
	var v int
	if err := conn.QueryRow("PRAGMA user_version").Scan(&v); err != nil {
		return 0, unreadable(t, err)
	}
	if v > len(migrations) {
		return v, nil // refused by the caller, which names both versions
	}
	if err := checkSchema(conn, v); err != nil {
		return 0, fmt.Errorf("open database %s: %w", t.path, err)
	}
	return v, nil
}
