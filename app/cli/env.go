// Package cli is Shiplog's command line: the same binary as the desktop app, scriptable and exact.
package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"shiplog/app/team"
	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// Env is what every command needs: where the database is, the clock, and the output streams.
// The service is opened lazily, so that --help and usage errors never touch the database.
type Env struct {
	DBPath string
	Clock  tracker.Clock
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// OpenGUI starts the desktop app; main wires it. It is nil in tests.
	OpenGUI func(svc *tracker.Service) error
	// Hidden is the root command's --hidden flag: the desktop app starts in the tray, as the
	// autostart entry asks at login.
	Hidden bool

	// reading is set before a command runs when it only reads (see readers).
	reading bool

	svc  *tracker.Service
	loc  *time.Location // the configured zone, cached by location
	team *team.Engine   // the team sync engine, opened by teamEngine
}

// Path is the database file: --db, else $SHIPLOG_DB, else the XDG default.
func (e *Env) Path() (string, error) {
	if e.DBPath != "" {
		return e.DBPath, nil
	}
	return tracker.DefaultPath()
}

// Service opens the database on first use: for a command that only reads, an existing one only
// (read-only if it cannot be written); for the others, creating it when it is missing. What the
// opening did that the person should know, such as creating the database, goes to stderr.
func (e *Env) Service() (*tracker.Service, error) {
	if e.svc != nil {
		return e.svc, nil
	}
	path, err := e.Path()
	if err != nil {
		return nil, err
	}
	clock := e.Clock
	if clock == nil {
		clock = tracker.SystemClock
	}
	o := sqlite.Options{Mode: sqlite.Write, Notice: func(msg string) { fmt.Fprintln(e.Stderr, "shiplog: "+msg) }}
	if e.reading {
		o.Mode = sqlite.Read
	}
	svc, err := sqlite.OpenServiceWith(path, o, tracker.WithClock(clock))
	if errors.Is(err, tracker.ErrNoDatabase) {
		return nil, tracker.Kindf(tracker.ErrNoDatabase, "no database at %s, so there is nothing to show; a command that "+
			"records, such as 'shiplog project add NAME', creates it (or check --db and SHIPLOG_DB)", path)
	}
	if err != nil {
		return nil, err
	}
	if !e.reading {
		// An older Shiplog kept the SMTP password in the settings table, and so in every backup.
		moved, err := svc.MoveSecretsOut()
		if err != nil {
			svc.Close()
			return nil, err
		}
		if moved {
			fmt.Fprintln(e.Stderr, "shiplog: moved the SMTP password out of the database into $XDG_CONFIG_HOME/shiplog/smtp-password "+
				"(readable only by you); backups made before today still hold it")
		}
	}
	e.svc = svc
	return svc, nil
}

// Close closes the database if it was opened.
func (e *Env) Close() error {
	if e.team != nil {
		e.team.Close()
		e.team = nil
	}
	if e.svc == nil {
		return nil
	}
	err := e.svc.Close()
	e.svc, e.loc = nil, nil
	return err
}

// Now is the environment's time.
func (e *Env) Now() time.Time {
	if e.Clock == nil {
		return time.Now()
	}
	return e.Clock.Now()
}

// UsageError is a mistake in how a command was called; it exits with 2.
type UsageError struct{ Msg string }

func (e *UsageError) Error() string { return e.Msg }

func usagef(format string, args ...any) error { return &UsageError{Msg: fmt.Sprintf(format, args...)} }

// ExitCode maps an error to the process exit code: 2 for usage and validation errors (including
// unknown names and conflicts with stored data), 1 for everything else.
func ExitCode(err error) int {
	if err == nil {
		return 0
	}
	var ue *UsageError
	if errors.As(err, &ue) || errors.Is(err, tracker.ErrInvalid) || errors.Is(err, tracker.ErrNotFound) ||
		errors.Is(err, tracker.ErrConflict) {
		return 2
	}
	return 1
}

// Run executes the command line and returns the exit code. Errors are printed to stderr as one line.
func Run(e *Env, args []string) int {
	if e.Stdout == nil {
		e.Stdout = os.Stdout
	}
	if e.Stderr == nil {
		e.Stderr = os.Stderr
	}
	if e.Stdin == nil {
		e.Stdin = os.Stdin
	}
	root := NewRoot(e)
	root.SetArgs(args)
	err := root.Execute()
	if cerr := e.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err != nil && isCobraUsage(err.Error()) {
		err = &UsageError{Msg: err.Error()}
	}
	if err != nil {
		fmt.Fprintln(e.Stderr, "shiplog: "+oneLine(err.Error()))
	}
	return ExitCode(err)
}

func oneLine(s string) string {
	out := []rune{}
	for _, r := range s {
		if r == '\n' || r == '\r' {
			r = ' '
		}
		out = append(out, r)
	}
	return string(out)
}

// isCobraUsage recognises the usage errors cobra returns as plain errors.
func isCobraUsage(msg string) bool {
	for _, p := range []string{"unknown command", "required flag", "unknown flag", "unknown shorthand", "flag needs", "invalid argument", "if any flags in the group"} {
		if strings.HasPrefix(msg, p) {
			return true
		}
	}
	return false
}
