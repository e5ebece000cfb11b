package postgres

import (
	"context"
	"crypto/hmac"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"shiplog/tracker"
)

// namePattern is what a member's login name may look like: lower case, so that it needs no
// quoting in psql and means the same to every tool; at most 63 bytes, PostgreSQL's limit.
var namePattern = regexp.MustCompile(`^[a-z][a-z0-9_]{0,62}$`)

// ValidateName checks a member's login name before it reaches the server.
func ValidateName(name string) error {
	switch {
	case !namePattern.MatchString(name):
		return &tracker.FieldError{Field: "NAME", Reason: fmt.Sprintf(
			"must start with a lower-case letter and hold only a-z, 0-9 and _, at most 63 characters; got %q", name)}
	case strings.HasPrefix(name, "pg_"):
		return &tracker.FieldError{Field: "NAME", Reason: fmt.Sprintf("names starting with pg_ are reserved by PostgreSQL; got %q", name)}
	case strings.HasPrefix(name, "shiplog_"):
		return &tracker.FieldError{Field: "NAME", Reason: fmt.Sprintf("names starting with shiplog_ are Shiplog's own roles; got %q", name)}
	case name == "public" || name == "postgres" || name == "none":
		return &tracker.FieldError{Field: "NAME", Reason: fmt.Sprintf("%q is reserved", name)}
	}
	return nil
}

// NewMember is what AddMember made: the login and the URL the member joins with. The URL holds the
// password; it is shown once and stored nowhere by the admin's Shiplog.
type NewMember struct {
	Member  string `json:"member"`
	Manager bool   `json:"manager"`
	URL     string `json:"url"`
}

// AddMember creates name's login on the server at adminURL with a generated password, makes it a
// member (and a manager with manager set), and returns the URL that name joins with. The login
// and its memberships are made in one transaction. The server receives the password as a
// SCRAM-SHA-256 verifier, never in clear, so it cannot show up in the server's logs.
func AddMember(ctx context.Context, adminURL, name string, manager bool) (NewMember, error) {
	if err := ValidateName(name); err != nil {
		return NewMember{}, err
	}
	db, err := dial(ctx, adminURL)
	if err != nil {
		return NewMember{}, err
	}
	defer closeDB(db)
	if err := checkAdmin(ctx, db); err != nil {
		return NewMember{}, err
	}
	password := rand.Text() + rand.Text() // 52 base32 characters, 260 bits
	verifier, err := scramVerifier(password)
	if err != nil {
		return NewMember{}, err
	}
	var dbName string
	err = db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		v, err := readVersion(tx)
		if err != nil {
			return err
		}
		if err := checkVersion(v); err != nil {
			return err
		}
		var exists bool
		if err := tx.Raw("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = ?)", name).Scan(&exists).Error; err != nil {
			return err
		}
		if exists {
			return &tracker.ConflictError{Msg: fmt.Sprintf("a login named %q already exists on the server", name)}
		}
		// CREATE ROLE takes no parameters, so the name is quoted as an identifier and the verifier,
		// made only of base64 and "$:", as a literal.
		ident := pgx.Identifier{name}.Sanitize()
		stmt := fmt.Sprintf("CREATE ROLE %s LOGIN PASSWORD %s IN ROLE %s", ident, quoteLiteral(verifier), MemberRole)
		if err := tx.Exec(stmt).Error; err != nil {
			return err
		}
		if manager {
			if err := tx.Exec(fmt.Sprintf("GRANT %s TO %s", ManagerRole, ident)).Error; err != nil {
				return err
			}
		}
		return tx.Raw("SELECT current_database()").Scan(&dbName).Error
	})
	if err != nil {
		return NewMember{}, translate("add member "+name, err)
	}
	join, err := joinURL(adminURL, name, password, dbName)
	if err != nil {
		return NewMember{}, err
	}
	return NewMember{Member: name, Manager: manager, URL: join}, nil
}

// joinURL is the admin's URL with the member's name and password in place of the admin's, and the
// database named explicitly: without it, PostgreSQL would look for a database named after the login.
func joinURL(adminURL, name, password, dbName string) (string, error) {
	u, err := url.Parse(adminURL)
	if err != nil {
		return "", &tracker.FieldError{Field: "server", Reason: "not a URL"}
	}
	u.User = url.UserPassword(name, password)
	u.Path = "/" + dbName
	u.RawPath = ""
	q := u.Query()
	for _, k := range []string{"user", "password", "dbname", "passfile"} {
		q.Del(k)
	}
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// quoteLiteral quotes s as an SQL string literal.
func quoteLiteral(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// scramVerifier is the SCRAM-SHA-256 verifier of password as PostgreSQL stores it (RFC 5802,
// RFC 7677): a random salt, 4096 iterations, the stored key and the server key. Sent in place of
// the password, it lets the server check logins without ever seeing the password itself.
func scramVerifier(password string) (string, error) {
	const iterations = 4096
	salt := make([]byte, 16)
	rand.Read(salt)
	salted, err := pbkdf2.Key(sha256.New, password, salt, iterations, sha256.Size)
	if err != nil {
		return "", fmt.Errorf("derive the password verifier: %w", err)
	}
	mac := func(key []byte, msg string) []byte {
		h := hmac.New(sha256.New, key)
		h.Write([]byte(msg))
		return h.Sum(nil)
	}
	clientKey := mac(salted, "Client Key")
	storedKey := sha256.Sum256(clientKey)
	serverKey := mac(salted, "Server Key")
	b64 := base64.StdEncoding.EncodeToString
	return fmt.Sprintf("SCRAM-SHA-256$%d:%s$%s:%s", iterations, b64(salt), b64(storedKey[:]), b64(serverKey)), nil
}
