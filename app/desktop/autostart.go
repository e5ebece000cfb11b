// Package desktop is Shiplog's place in the Linux desktop session: the XDG autostart entry that
// starts it at login, the lock and socket that keep one window per database, and the detected
// time zone. It imports no Fyne, so the CLI uses it as well as the window.
package desktop

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"shiplog/tracker"
	"shiplog/tracker/atomicfile"
)

// AutostartFile is the entry's file name under the autostart directory.
const AutostartFile = "shiplog.desktop"

// HiddenFlag is the flag the autostart entry passes, so that a login start waits in the tray.
const HiddenFlag = "--hidden"

// AutostartPath is where the login entry lives: $XDG_CONFIG_HOME/autostart/shiplog.desktop, or
// ~/.config/autostart/shiplog.desktop when XDG_CONFIG_HOME is unset or relative, as the XDG base
// directory spec says to treat it.
func AutostartPath() (string, error) {
	dir, err := tracker.ConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(dir), "autostart", AutostartFile), nil
}

// SetAutostart writes the login entry when on is true and removes it when false. command is the
// program and its arguments, the program as an absolute path; see LoginCommand. Removing an
// entry that is not there is not an error.
func SetAutostart(on bool, command []string) error {
	path, err := AutostartPath()
	if err != nil {
		return err
	}
	if !on {
		if err := os.Remove(path); err != nil && !errors.Is(err, os.ErrNotExist) {
			return fmt.Errorf("remove autostart entry: %w", err)
		}
		return nil
	}
	if len(command) == 0 || !filepath.IsAbs(command[0]) {
		return fmt.Errorf("autostart entry: the program must be an absolute path; got %q", command)
	}
	for _, a := range command {
		if strings.ContainsAny(a, "\n\r") {
			return fmt.Errorf("autostart entry: an argument holds a line break: %q", a)
		}
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("create autostart directory: %w", err)
	}
	// Written atomically, so that a session reading the directory at login never sees half an
	// entry. The entry is only the owner's to read, like every file Shiplog writes.
	write := func(w io.Writer) error {
		_, err := io.WriteString(w, autostartEntry(command))
		return err
	}
	if err := atomicfile.Write(path, write); err != nil {
		return fmt.Errorf("write autostart entry: %w", err)
	}
	return nil
}

// LoginCommand is the command line that starts exe hidden at login. dbPath is added with --db
// unless it is empty, for a person who keeps the database somewhere other than the default.
func LoginCommand(exe, dbPath string) []string {
	cmd := []string{exe}
	if dbPath != "" {
		cmd = append(cmd, "--db", dbPath)
	}
	return append(cmd, HiddenFlag)
}

// Executable is the running binary's absolute path with symlinks resolved, which is what an
// entry that outlives this process should start.
func Executable() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("find the running binary: %w", err)
	}
	if p, err := filepath.EvalSymlinks(exe); err == nil {
		exe = p
	}
	return exe, nil
}

func autostartEntry(command []string) string {
	args := make([]string, len(command))
	for i, a := range command {
		args[i] = execQuote(a)
	}
	return strings.Join([]string{
		"[Desktop Entry]",
		"Type=Application",
		"Name=Shiplog",
		"Comment=Start Shiplog in the tray at login",
		"Exec=" + strings.Join(args, " "),
		"Icon=dev.shiplog.Shiplog",
		"Terminal=false",
		"X-GNOME-Autostart-enabled=true",
		"",
	}, "\n")
}

// execQuote quotes one argument as the desktop entry spec's Exec key wants: plain when it has no
// reserved character, else in double quotes with ", `, $ and \ escaped by a backslash. The
// value is then escaped once more as a string value, which doubles each backslash, and a
// literal % is written %%.
func execQuote(a string) string {
	a = strings.ReplaceAll(a, "%", "%%")
	if a != "" && !strings.ContainsAny(a, " \t\n\"'\\><~|&;$*?#()`") {
		return a
	}
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range a {
		switch r {
		case '"', '`', '$':
			b.WriteString(`\\`)
			b.WriteRune(r)
		case '\\':
			b.WriteString(`\\\\`)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
