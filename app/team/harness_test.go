package team_test

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/jonboulle/clockwork"

	"shiplog/app/team"
	"shiplog/tracker"
	"shiplog/tracker/postgres"
	"shiplog/tracker/postgres/pgtest"
	"shiplog/tracker/sqlite"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// server is a team server on the package's private cluster, with the schema made.
type server struct {
	t     testing.TB
	db    *pgtest.DB
	admin *sql.DB
	clock *clockwork.FakeClock
}

func newServer(t testing.TB, now time.Time) *server {
	t.Helper()
	d := pgtest.NewDB(t)
	if _, err := postgres.Init(t.Context(), d.AdminURL()); err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", d.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	return &server{t: t, db: d, admin: admin, clock: clockwork.NewFakeClockAt(now)}
}

// member is one teammate's machine: their own record, their stored login, their sync engine.
type member struct {
	name   string
	svc    *tracker.Service
	dir    string // the config dir with the login
	engine *team.Engine
	url    string // the join URL, with the password
}

// join adds name to the server (a manager with manager set), opens a fresh record for them in
// zone with the server's clock, and stores their login as 'team join' does.
func (s *server) join(name, zone string, manager bool) *member {
	s.t.Helper()
	nm, err := postgres.AddMember(s.t.Context(), s.db.AdminURL(), name, manager)
	if err != nil {
		s.t.Fatal(err)
	}
	dir := s.t.TempDir()
	svc, err := sqlite.OpenService(filepath.Join(dir, "data", "shiplog.db"), tracker.WithClock(s.clock))
	if err != nil {
		s.t.Fatal(err)
	}
	s.t.Cleanup(func() { svc.Close() })
	if err := svc.SetSetting(tracker.SettingTimezone, zone); err != nil {
		s.t.Fatal(err)
	}
	m := &member{name: name, svc: svc, dir: filepath.Join(dir, "config"), url: nm.URL}
	m.login(nm.URL)
	m.engine = team.New(svc, team.Options{ConfigDir: m.dir})
	s.t.Cleanup(func() { m.engine.Close() })
	return m
}

// login stores the login in rawURL, with its password, as 'team join' does.
func (m *member) login(rawURL string) {
	pw, _ := postgres.Password(rawURL)
	l := postgres.Login{Server: postgres.Redact(rawURL), Member: m.name}
	if err := postgres.SaveLogin(m.dir, l, pw); err != nil {
		panic(err)
	}
}

// sync syncs the member and fails the test on an error.
func (m *member) sync(t testing.TB) team.Result {
	t.Helper()
	res, err := m.engine.Sync(context.Background())
	if err != nil {
		t.Fatalf("%s syncs: %v", m.name, err)
	}
	return res
}

// closedPort is a URL like u on a port where nothing listens.
func closedPort(t testing.TB, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	if err != nil {
		t.Fatal(err)
	}
	p.Host = "127.0.0.1:1"
	q := p.Query()
	q.Del("host") // the admin's URL, which AddMember copies, reaches the server over its socket
	q.Del("port")
	p.RawQuery = q.Encode()
	return p.String()
}

// count runs a counting query as the admin.
func (s *server) count(query string, args ...any) int {
	s.t.Helper()
	var n int
	if err := s.admin.QueryRow(query, args...).Scan(&n); err != nil {
		s.t.Fatal(err)
	}
	return n
}

func zone(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func ptr[T any](v T) *T { return &v }
