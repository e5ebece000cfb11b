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
	base := os.Getenv("XDG_DATA_HOME")
	if base == "" || !filepath.IsAbs(base) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the data directory: %w", err)
		}
		base = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(base, "shiplog", "shiplog.db"), nil
}
