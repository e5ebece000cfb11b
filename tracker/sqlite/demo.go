package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"

	"shiplog/tracker"
)

// IsDemo reports whether the file at path is a Shiplog database marked as holding the demo data
// (its demo setting is true, as SeedDemo leaves it). It only reads, through a read-only
// connection, and changes nothing: a missing or empty file, another application's file, or a
// person's own database is simply not a demo.
func IsDemo(path string) (bool, error) {
	st, err := os.Stat(path)
	if errors.Is(err, os.ErrNotExist) || (err == nil && (st.Size() == 0 || !st.Mode().IsRegular())) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("check demo database %s: %w", path, err)
	}
	// The path is escaped, so that a "?" or "%" in it is part of the name, not of the URI.
	uri := "file:" + (&url.URL{Path: path}).EscapedPath() + "?mode=ro&_busy_timeout=15000"
	conn, err := sql.Open("sqlite3", uri)
	if err != nil {
		return false, fmt.Errorf("check demo database %s: %w", path, err)
	}
	defer conn.Close()
	var v string
	err = conn.QueryRow("SELECT value FROM settings WHERE key = ?", tracker.SettingDemo).Scan(&v)
	if err != nil {
		// No settings table, no such row, or not a database at all: not a demo Shiplog made.
		return false, nil
	}
	return v == "true", nil
}
