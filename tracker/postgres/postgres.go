// Package postgres is Shiplog's team store: a shared PostgreSQL server that each member's own
// SQLite record is pushed to and pulled from. It holds the schema (plain SQL migrations in schema
// "shiplog"), the admin's operations (Init, AddMember), and a member's Remote with Push and Pull
// over plain change records. Privacy is enforced by the server, not here: each member logs in as
// their own PostgreSQL role, and row-level security decides what that login reads and writes.
// docs/team.md describes the schema and what each role can see.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	gormpg "gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"shiplog/tracker"
)

// The group roles that team init creates: every member's login belongs to MemberRole, and a
// manager's also to ManagerRole.
const (
	MemberRole  = "shiplog_member"
	ManagerRole = "shiplog_manager"
)

// ErrUnreachable means the server could not be reached or did not answer in time. Nothing was
// changed; the outbox waits for the next try.
var ErrUnreachable = errors.New("the team server cannot be reached")

// dial opens a GORM handle on the server at rawURL. Each setting is there for a reason:
//   - a connect timeout, so that a server that is down fails a sync in seconds instead of hanging
//     the tray or a command (the URL's own connect_timeout wins);
//   - TimeZone=UTC, so that dates and times read back the same whatever the server's zone is; the
//     views convert to each member's zone explicitly;
//   - application_name, so that an admin can tell Shiplog's sessions apart in pg_stat_activity;
//   - at most two connections: one member's commands and jobs never need more, and a team of fifty
//     must not exhaust the server's max_connections.
func dial(ctx context.Context, rawURL string) (*gorm.DB, error) {
	cfg, err := parseURL(rawURL)
	if err != nil {
		return nil, err
	}
	if !strings.Contains(rawURL, "connect_timeout") {
		cfg.ConnectTimeout = 10 * time.Second
	}
	cfg.RuntimeParams["timezone"] = "UTC"
	if _, ok := cfg.RuntimeParams["application_name"]; !ok {
		cfg.RuntimeParams["application_name"] = "shiplog"
	}
	sqlDB := stdlib.OpenDB(*cfg)
	sqlDB.SetMaxOpenConns(2)
	sqlDB.SetConnMaxIdleTime(time.Minute)
	db, err := gorm.Open(gormpg.New(gormpg.Config{Conn: sqlDB}), &gorm.Config{
		Logger: logger.Default.LogMode(logger.Silent),
		// Every operation here opens its own transaction where it needs one.
		SkipDefaultTransaction: true,
		// The ping below has a context and explains its failure.
		DisableAutomaticPing: true,
	})
	if err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to %s: %w", Redact(rawURL), err)
	}
	if err := sqlDB.PingContext(ctx); err != nil {
		sqlDB.Close()
		return nil, connectError(rawURL, cfg.User, err)
	}
	return db, nil
}

// parseURL accepts only postgres:// URLs: they are what add-member prints and join reads, and a
// URL can be shown without its password (Redact).
func parseURL(rawURL string) (*pgx.ConnConfig, error) {
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return nil, &tracker.FieldError{Field: "server", Reason: "must be a postgres:// URL, such as postgres://ada@db.example.com/shiplog?sslmode=verify-full"}
	}
	cfg, err := pgx.ParseConfig(rawURL)
	if err != nil {
		return nil, &tracker.FieldError{Field: "server", Reason: "not a usable PostgreSQL URL: " + redactErr(err.Error(), rawURL)}
	}
	return cfg, nil
}

// Redact is the URL without its password, fit to print and to store.
func Redact(rawURL string) string {
	u, err := url.Parse(rawURL)
	if err != nil {
		return "(unparsable URL)"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	q := u.Query()
	if q.Has("password") {
		q.Del("password")
		u.RawQuery = q.Encode()
	}
	return u.String()
}

// redactErr removes a URL's password from an error message that may quote it.
func redactErr(msg, rawURL string) string {
	if u, err := url.Parse(rawURL); err == nil && u.User != nil {
		if pw, ok := u.User.Password(); ok && pw != "" {
			msg = strings.ReplaceAll(msg, pw, "xxxxx")
			msg = strings.ReplaceAll(msg, url.QueryEscape(pw), "xxxxx")
		}
	}
	return msg
}

// connectError explains a failed connection: a refused login is the member's to fix (ErrInvalid),
// a server that does not answer is ErrUnreachable.
func connectError(rawURL, user string, err error) error {
	where := Redact(rawURL)
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch pe.Code {
		case "28P01", "28000":
			return tracker.Invalidf("connect to %s: the server refused the login %q (wrong password, or not a member)",
				where, user)
		case "3D000":
			return tracker.Invalidf("connect to %s: %s", where, pe.Message)
		}
		return fmt.Errorf("connect to %s: %s", where, pe.Message)
	}
	var ne net.Error
	var ce *pgconn.ConnectError
	if errors.As(err, &ne) || errors.As(err, &ce) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("connect to %s: %s: %w", where, redactErr(rootCause(err), rawURL), ErrUnreachable)
	}
	return fmt.Errorf("connect to %s: %s", where, redactErr(err.Error(), rawURL))
}

// rootCause is the innermost message of an error chain, which for a network failure is the part
// worth reading ("connection refused").
func rootCause(err error) string {
	for {
		next := errors.Unwrap(err)
		if next == nil {
			return err.Error()
		}
		err = next
	}
}

// RowError is an error for which the server refused what a change holds, not the connection or
// the login: a value it does not take, or a row that another member owns. It unwraps to the
// tracker's ErrInvalid or ErrConflict. Sync sets such a change aside and pushes the rest.
type RowError struct{ Err error }

func (e *RowError) Error() string { return e.Err.Error() }

// Unwrap gives the error in the tracker's vocabulary.
func (e *RowError) Unwrap() error { return e.Err }

// translate maps a server error inside an operation to the tracker's vocabulary, keeping the
// server's own words, which name the constraint or the policy.
func translate(what string, err error) error {
	if err == nil {
		return nil
	}
	// An error already in the vocabulary (from a nested step) keeps its words.
	for _, known := range []error{tracker.ErrInvalid, tracker.ErrConflict, tracker.ErrNotFound, tracker.ErrSchemaTooNew, ErrUnreachable} {
		if errors.Is(err, known) {
			return err
		}
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "42501" && strings.Contains(pe.Message, "row-level security"):
			return &RowError{&tracker.ConflictError{Msg: fmt.Sprintf("%s: the server refused a row that belongs to another member; it changed nothing (%s)", what, pe.Message)}}
		case pe.Code == "42501":
			return tracker.Invalidf("%s: %s", what, pe.Message)
		case pe.Code == "23505":
			return &RowError{&tracker.ConflictError{Msg: fmt.Sprintf("%s: %s", what, pe.Message)}}
		case strings.HasPrefix(pe.Code, "22"), strings.HasPrefix(pe.Code, "23"):
			msg := pe.Message
			if pe.Detail != "" {
				msg += " (" + pe.Detail + ")"
			}
			return &RowError{tracker.Invalidf("%s: the server refused the data: %s", what, msg)}
		case strings.HasPrefix(pe.Code, "08"), strings.HasPrefix(pe.Code, "57P"):
			return fmt.Errorf("%s: %s: %w", what, pe.Message, ErrUnreachable)
		}
		return fmt.Errorf("%s: %s", what, pe.Message)
	}
	var ne net.Error
	if errors.As(err, &ne) || errors.Is(err, context.DeadlineExceeded) || pgconn.SafeToRetry(err) {
		return fmt.Errorf("%s: %s: %w", what, rootCause(err), ErrUnreachable)
	}
	return fmt.Errorf("%s: %w", what, err)
}

// closeDB closes a GORM handle's connections.
func closeDB(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}
