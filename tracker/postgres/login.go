package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"shiplog/tracker"
)

// Login is a member's stored connection to the team server. The URL, without the password, is
// kept in team.json and the password alone in team.password, both 0600 in a 0700 directory under
// the XDG config home: the password stays out of the database, its exports and its backups.
type Login struct {
	Server   string    `json:"server"` // the URL without the password
	Member   string    `json:"member"`
	Manager  bool      `json:"manager"`
	JoinedAt time.Time `json:"joined_at"`
}

const (
	loginFile    = "team.json"
	passwordFile = "team.password"
)

// SaveLogin stores l and its password in dir, replacing a previous login. The password file is
// written first, so that a crash never leaves a login that points at a missing password.
func SaveLogin(dir string, l Login, password string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	// The directory may predate Shiplog with looser rights; it holds a password now.
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("restrict %s to its owner: %w", dir, err)
	}
	if err := writePrivate(filepath.Join(dir, passwordFile), []byte(password+"\n")); err != nil {
		return err
	}
	b, err := json.MarshalIndent(l, "", "  ")
	if err != nil {
		return err
	}
	return writePrivate(filepath.Join(dir, loginFile), append(b, '\n'))
}

// writePrivate writes a 0600 file atomically: a temporary file beside it, fsynced, renamed over it.
func writePrivate(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := f.Name()
	defer os.Remove(name)
	if err := f.Chmod(0o600); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(name, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if d, err := os.Open(filepath.Dir(path)); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// LoadLogin reads the stored login; ErrNotFound when the member has not joined a team.
func LoadLogin(dir string) (Login, error) {
	b, err := os.ReadFile(filepath.Join(dir, loginFile))
	if errors.Is(err, fs.ErrNotExist) {
		return Login{}, &tracker.NotFoundError{What: "team login (join a team with 'shiplog team join URL')"}
	}
	if err != nil {
		return Login{}, fmt.Errorf("read the team login: %w", err)
	}
	var l Login
	if err := json.Unmarshal(b, &l); err != nil {
		return Login{}, fmt.Errorf("read the team login %s: %w", filepath.Join(dir, loginFile), err)
	}
	return l, nil
}

// URL is the login's server URL with the stored password, to connect with. It is never printed.
func (l Login) URL(dir string) (string, error) {
	b, err := os.ReadFile(filepath.Join(dir, passwordFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", &tracker.NotFoundError{What: "team password (join the team again with 'shiplog team join URL')"}
	}
	if err != nil {
		return "", fmt.Errorf("read the team password: %w", err)
	}
	u, err := url.Parse(l.Server)
	if err != nil {
		return "", fmt.Errorf("read the team login: %w", err)
	}
	u.User = url.UserPassword(l.Member, strings.TrimRight(string(b), "\n"))
	return u.String(), nil
}

// OpenLogin connects with the stored login, as the sync job does.
func OpenLogin(ctx context.Context, dir string) (*Remote, error) {
	l, err := LoadLogin(dir)
	if err != nil {
		return nil, err
	}
	u, err := l.URL(dir)
	if err != nil {
		return nil, err
	}
	return Open(ctx, u)
}

// ForgetLogin removes the stored login and its password. It reports whether there was one.
func ForgetLogin(dir string) (bool, error) {
	had := false
	for _, f := range []string{passwordFile, loginFile} {
		err := os.Remove(filepath.Join(dir, f))
		switch {
		case err == nil:
			had = true
		case !errors.Is(err, fs.ErrNotExist):
			return had, fmt.Errorf("forget the team login: %w", err)
		}
	}
	return had, nil
}

// Password is the password in a join URL, and whether it has one.
func Password(rawURL string) (string, bool) {
	u, err := url.Parse(rawURL)
	if err != nil || u.User == nil {
		return "", false
	}
	pw, ok := u.User.Password()
	return pw, ok && pw != ""
}

// Encrypted reports whether a URL asks for TLS with the server's certificate checked, or reaches
// the server without a network (a Unix socket or the loopback).
func Encrypted(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	q := u.Query()
	switch q.Get("sslmode") {
	case "verify-full", "verify-ca":
		return true
	}
	host := u.Hostname()
	if h := q.Get("host"); h != "" {
		host = h
	}
	return host == "" || strings.HasPrefix(host, "/") || host == "localhost" || host == "127.0.0.1" || host == "::1"
}
