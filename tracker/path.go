package tracker

import (
	"fmt"
	"os"
	"path/filepath"
)

// DefaultPath is where the database lives unless --db or SHIPLOG_DB say otherwise:
// $XDG_DATA_HOME/shiplog/shiplog.db, with XDG's fallback of ~/.local/share.
func DefaultPath() (string, error) {
	if p := os.Getenv("SHIPLOG_DB"); p != "" {
		return p, nil
	}
	dir, err := DataDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "shiplog.db"), nil
}

// DataDir is Shiplog's own data directory, $XDG_DATA_HOME/shiplog or ~/.local/share/shiplog,
// whatever SHIPLOG_DB says: the one folder Shiplog may treat as its own, and so keep private.
func DataDir() (string, error) {
	return xdgDir("XDG_DATA_HOME", ".local", "share")
}

// ConfigDir is Shiplog's configuration directory, $XDG_CONFIG_HOME/shiplog or ~/.config/shiplog,
// which holds what must stay out of the database and its backups, such as the SMTP password.
func ConfigDir() (string, error) {
	return xdgDir("XDG_CONFIG_HOME", ".config")
}

// xdgDir is the shiplog folder under the base directory that env names, or under the home
// directory's fallback when env is unset or relative, as the XDG base directory spec says.
func xdgDir(env string, fallback ...string) (string, error) {
	base := os.Getenv(env)
	if base == "" || !filepath.IsAbs(base) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the %s directory: %w", env, err)
		}
		base = filepath.Join(append([]string{home}, fallback...)...)
	}
	return filepath.Join(base, "shiplog"), nil
}
