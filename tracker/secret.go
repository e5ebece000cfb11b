package tracker

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"shiplog/tracker/atomicfile"
)

// EnvSMTPPassword names the environment variable that gives the SMTP password. It wins over the
// password file and the stored password, so that a password manager can hand it over at start.
const EnvSMTPPassword = "SHIPLOG_SMTP_PASSWORD"

// SecretStore keeps secrets, such as the SMTP password, out of the database, and so out of its
// backups and exports.
type SecretStore interface {
	// Secret is the stored secret of key; "" when none is stored.
	Secret(key string) (string, error)
	// SetSecret stores the secret of key; "" removes it.
	SetSecret(key, value string) error
}

// WithSecrets sets where the service keeps secrets; the default is FileSecrets{}.
func WithSecrets(st SecretStore) Option { return func(s *Service) { s.secrets = st } }

// FileSecrets keeps each secret in a file of its own, readable only by its owner, in Dir
// ($XDG_CONFIG_HOME/shiplog when empty): beside the settings of the person, not in the database.
type FileSecrets struct {
	Dir string
}

func (f FileSecrets) path(key string) (string, error) {
	dir := f.Dir
	if dir == "" {
		d, err := ConfigDir()
		if err != nil {
			return "", err
		}
		dir = d
	}
	return filepath.Join(dir, strings.ReplaceAll(key, ".", "-")), nil
}

// Secret reads the secret's file; a missing file is no secret.
func (f FileSecrets) Secret(key string) (string, error) {
	p, err := f.path(key)
	if err != nil {
		return "", err
	}
	return readSecretFile(p, true)
}

// SetSecret writes the secret's file, 0600 in a 0700 folder, or removes it for "".
func (f FileSecrets) SetSecret(key, value string) error {
	p, err := f.path(key)
	if err != nil {
		return err
	}
	if value == "" {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("remove %s: %w", p, err)
		}
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(p), 0o700); err != nil {
		return fmt.Errorf("keep the %s: %w", key, err)
	}
	return atomicfile.Write(p, func(w io.Writer) error {
		_, err := io.WriteString(w, value+"\n")
		return err
	})
}

// readSecretFile reads a password from the first line of a file that only its owner can read; a
// file that others could read is refused, since the password in it is no longer a secret.
func readSecretFile(path string, missingOK bool) (string, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) && missingOK {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("password file %s: %w", path, err)
	}
	if !st.Mode().IsRegular() {
		return "", fmt.Errorf("password file %s: %w", path, invalid("smtp.password_file", "is not a regular file"))
	}
	if perm := st.Mode().Perm(); perm&0o077 != 0 {
		return "", fmt.Errorf("password file %s: %w", path, invalid("smtp.password_file",
			"is mode %04o, so others can read it; allow only its owner (chmod 600 %s)", perm, path))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("password file %s: %w", path, err)
	}
	line, _, _ := strings.Cut(string(b), "\n")
	return strings.TrimRight(line, "\r"), nil
}

// SMTPPassword is the password for the SMTP account: $SHIPLOG_SMTP_PASSWORD, else the first line
// of the smtp.password_file setting's file, else the one `config set smtp.password` stored in the
// secret store. A password file that others can read is an error.
func (s *Service) SMTPPassword() (string, error) {
	file, err := s.Setting(SettingSMTPPasswordFile)
	if err != nil {
		return "", err
	}
	return s.smtpPassword(file)
}

// smtpPassword is SMTPPassword with the smtp.password_file setting already read.
func (s *Service) smtpPassword(file string) (string, error) {
	if v := os.Getenv(EnvSMTPPassword); v != "" {
		return v, nil
	}
	if file != "" {
		return readSecretFile(expandHome(file), false)
	}
	return s.secrets.Secret(SettingSMTPPassword)
}

// MoveSecretsOut moves a password that an older Shiplog stored in the settings table into the
// secret store, and removes it from the table. It reports whether it moved one; a password
// already in the secret store is kept over the table's.
func (s *Service) MoveSecretsOut() (bool, error) {
	// Look first without the write lock, which every command would otherwise take for nothing.
	var stored bool
	if err := s.read(func(tx Tx) error {
		_, err := tx.StoredSetting(SettingSMTPPassword)
		stored = err == nil
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		return err
	}); err != nil || !stored {
		return false, err
	}
	moved := false
	err := s.write(func(tx Tx) error {
		v, err := tx.StoredSetting(SettingSMTPPassword)
		if errors.Is(err, ErrNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		if cur, err := s.secrets.Secret(SettingSMTPPassword); err != nil {
			return err
		} else if cur == "" && v != "" {
			if err := s.secrets.SetSecret(SettingSMTPPassword, v); err != nil {
				return err
			}
		}
		moved = true
		return tx.DeleteSetting(SettingSMTPPassword)
	})
	if err != nil {
		return false, fmt.Errorf("move the SMTP password out of the database: %w", err)
	}
	return moved, nil
}
