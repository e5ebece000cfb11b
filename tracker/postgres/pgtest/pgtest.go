// Package pgtest runs a private PostgreSQL server for tests: one cluster per test package, made
// with initdb and started from Debian's PostgreSQL binaries, and a fresh database per test.
//
// A package opts in with a TestMain:
//
//	func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
//
// and each test asks for its own database with NewDB. The cluster starts on the first NewDB, so a
// run of only the package's other tests costs nothing, and it is stopped and removed when the
// package's tests end. Without PostgreSQL installed NewDB skips the test, unless
// SHIPLOG_PG_REQUIRED=1 (CI sets it), where it fails instead. Nothing is downloaded.
package pgtest

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// Superuser is the name of the cluster's superuser, the admin of every test database.
const Superuser = "postgres"

// Cluster is a running private PostgreSQL server.
type Cluster struct {
	// Dir holds the data directory and the Unix socket; it is removed by Stop.
	Dir string
	// Port is the TCP port on 127.0.0.1 (also the number in the socket's file name).
	Port int
	// StartupTime is how long initdb and the first accepted connection took.
	StartupTime time.Duration

	bin  string
	cmd  *exec.Cmd
	cred *syscall.Credential
	exit chan error
	db   *sql.DB // the superuser's connection to the maintenance database

	mu    sync.Mutex
	count int
}

// SocketDir is the directory of the server's Unix socket.
func (c *Cluster) SocketDir() string { return filepath.Join(c.Dir, "run") }

func (c *Cluster) dataDir() string { return filepath.Join(c.Dir, "data") }

// URL is a connection URL over TCP to database db as user with password (empty for none).
func (c *Cluster) URL(db, user, password string) string {
	u := url.URL{Scheme: "postgres", Host: net.JoinHostPort("127.0.0.1", strconv.Itoa(c.Port)), Path: "/" + db,
		RawQuery: "sslmode=disable"}
	if password != "" {
		u.User = url.UserPassword(user, password)
	} else {
		u.User = url.User(user)
	}
	return u.String()
}

// SocketURL is a connection URL over the Unix socket. The superuser may connect this way without a
// password; every other login needs one.
func (c *Cluster) SocketURL(db, user, password string) string {
	u := url.URL{Scheme: "postgres", Path: "/" + db}
	if password != "" {
		u.User = url.UserPassword(user, password)
	} else {
		u.User = url.User(user)
	}
	q := url.Values{}
	q.Set("host", c.SocketDir())
	q.Set("port", strconv.Itoa(c.Port))
	q.Set("sslmode", "disable")
	u.RawQuery = q.Encode()
	return u.String()
}

// ErrNotInstalled means the PostgreSQL server binaries were not found.
var ErrNotInstalled = errors.New("postgresql server binaries not found (install Debian's postgresql package or set SHIPLOG_PG_BIN)")

// BinDir finds initdb, postgres and pg_ctl: $SHIPLOG_PG_BIN, else Debian's
// /usr/lib/postgresql/15/bin, else the newest other version there.
func BinDir() (string, error) {
	if d := os.Getenv("SHIPLOG_PG_BIN"); d != "" {
		return d, checkBin(d)
	}
	if checkBin("/usr/lib/postgresql/15/bin") == nil {
		return "/usr/lib/postgresql/15/bin", nil
	}
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return versionOf(dirs[i]) > versionOf(dirs[j]) })
	for _, d := range dirs {
		if checkBin(d) == nil {
			return d, nil
		}
	}
	return "", ErrNotInstalled
}

func versionOf(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func checkBin(dir string) error {
	for _, name := range []string{"initdb", "postgres", "pg_ctl"} {
		if st, err := os.Stat(filepath.Join(dir, name)); err != nil || st.Mode()&0o111 == 0 {
			return fmt.Errorf("%w: no %s in %s", ErrNotInstalled, name, dir)
		}
	}
	return nil
}

// Start makes and starts a new cluster in a fresh temporary directory. The caller must Stop it.
// Run as root, the server runs as the postgres user, since initdb and postgres refuse root.
func Start() (*Cluster, error) {
	began := time.Now()
	bin, err := BinDir()
	if err != nil {
		return nil, err
	}
	// A short path: the socket's path must fit in 107 bytes.
	dir, err := os.MkdirTemp("", "shiplog-pg-")
	if err != nil {
		return nil, fmt.Errorf("pgtest: %w", err)
	}
	c := &Cluster{Dir: dir, bin: bin}
	if err := c.setOwner(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	if err := c.initdb(); err != nil {
		os.RemoveAll(dir)
		return nil, err
	}
	// The port is free when chosen, but another process may take it before the server binds it;
	// then the server exits at once and another port is tried.
	for attempt := 0; ; attempt++ {
		err = c.start()
		if err == nil || attempt == 4 || !errors.Is(err, errExited) {
			break
		}
	}
	if err != nil {
		c.Stop()
		return nil, err
	}
	c.StartupTime = time.Since(began)
	return c, nil
}

// setOwner hands the directory to the postgres user when running as root.
func (c *Cluster) setOwner() error {
	if os.Geteuid() != 0 {
		return nil
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return fmt.Errorf("pgtest: running as root needs the postgres user to run the server as: %w", err)
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	c.cred = &syscall.Credential{Uid: uint32(uid), Gid: uint32(gid)}
	for _, d := range []string{c.Dir, filepath.Join(c.Dir, "run")} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			return fmt.Errorf("pgtest: %w", err)
		}
		if err := os.Chown(d, uid, gid); err != nil {
			return fmt.Errorf("pgtest: %w", err)
		}
	}
	return nil
}

// command runs a PostgreSQL program as the server's user, with a clean PG* environment.
func (c *Cluster) command(name string, args ...string) *exec.Cmd {
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			env = append(env, kv)
		}
	}
	cmd.Env = append(env, "LC_ALL=C.UTF-8", "TZ=UTC")
	cmd.Dir = c.Dir
	cmd.SysProcAttr = &syscall.SysProcAttr{Credential: c.cred}
	return cmd
}

func (c *Cluster) initdb() error {
	if err := os.MkdirAll(c.SocketDir(), 0o700); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	cmd := c.command("initdb", "-D", c.dataDir(), "-U", Superuser, "-E", "UTF8", "--locale=C.UTF-8",
		"--no-sync", "--no-instructions")
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("pgtest: initdb: %w: %s", err, out)
	}
	// Only the superuser on the private socket is trusted; members log in with their passwords, as
	// they would on a real server, so that the tests exercise password logins.
	hba := "local all " + Superuser + " trust\n" +
		"local all all scram-sha-256\n" +
		"host all all 127.0.0.1/32 scram-sha-256\n"
	if err := os.WriteFile(filepath.Join(c.dataDir(), "pg_hba.conf"), []byte(hba), 0o600); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	return nil
}

var errExited = errors.New("the server exited during start-up")

func (c *Cluster) start() error {
	port, err := freePort()
	if err != nil {
		return err
	}
	c.Port = port
	log := filepath.Join(c.Dir, "server.log")
	logf, err := os.OpenFile(log, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer logf.Close()
	cmd := c.command("postgres", "-D", c.dataDir(),
		"-p", strconv.Itoa(port),
		"-c", "listen_addresses=127.0.0.1",
		"-c", "unix_socket_directories="+c.SocketDir(),
		// Durability is not under test and the machine is shared: no fsync, small memory.
		"-c", "fsync=off",
		"-c", "synchronous_commit=off",
		"-c", "full_page_writes=off",
		"-c", "shared_buffers=32MB",
		"-c", "max_connections=60",
		"-c", "TimeZone=UTC",
		"-c", "log_min_messages=warning",
	)
	cmd.Stdout, cmd.Stderr = logf, logf
	// If the test binary dies (a panic, a timeout, kill -9), the server goes with it: SIGQUIT is
	// PostgreSQL's immediate shutdown.
	cmd.SysProcAttr.Pdeathsig = syscall.SIGQUIT
	if err := cmd.Start(); err != nil {
		return fmt.Errorf("pgtest: start postgres: %w", err)
	}
	c.cmd = cmd
	c.exit = make(chan error, 1)
	go func() { c.exit <- cmd.Wait() }()

	db, err := sql.Open("pgx", c.SocketURL("postgres", Superuser, ""))
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		err = db.PingContext(ctx)
		cancel()
		if err == nil {
			c.db = db
			return nil
		}
		select {
		case <-c.exit:
			db.Close()
			c.cmd = nil
			b, _ := os.ReadFile(log)
			return fmt.Errorf("pgtest: %w: %s", errExited, b)
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			db.Close()
			b, _ := os.ReadFile(log)
			return fmt.Errorf("pgtest: the server did not accept connections within a minute: %w: %s", err, b)
		}
	}
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("pgtest: find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// Stop shuts the server down at once (pg_ctl stop -m immediate) and removes its directory.
func (c *Cluster) Stop() error {
	var err error
	if c.db != nil {
		c.db.Close()
	}
	if c.cmd != nil {
		if out, e := c.command("pg_ctl", "stop", "-D", c.dataDir(), "-m", "immediate", "-s").CombinedOutput(); e != nil {
			c.cmd.Process.Signal(syscall.SIGQUIT)
			err = fmt.Errorf("pgtest: pg_ctl stop: %w: %s", e, out)
		}
		<-c.exit
		c.cmd = nil
	}
	if e := os.RemoveAll(c.Dir); e != nil && err == nil {
		err = e
	}
	return err
}

// Exec runs SQL as the superuser in the maintenance database.
func (c *Cluster) Exec(ctx context.Context, query string, args ...any) error {
	_, err := c.db.ExecContext(ctx, query, args...)
	return err
}

// roles lists the cluster's login and group roles other than the built-in ones.
func (c *Cluster) roles(ctx context.Context) (map[string]bool, error) {
	rows, err := c.db.QueryContext(ctx, "SELECT rolname FROM pg_roles WHERE rolname !~ '^pg_'")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

// DB is a fresh database on the package's cluster, dropped when its test ends.
type DB struct {
	Name    string
	Cluster *Cluster
}

// AdminURL is the superuser's URL for the database, over the private socket, where the superuser
// needs no password.
func (d *DB) AdminURL() string { return d.Cluster.SocketURL(d.Name, Superuser, "") }

// URL is the URL that user logs in to the database with, over TCP on 127.0.0.1.
func (d *DB) URL(user, password string) string { return d.Cluster.URL(d.Name, user, password) }

// NewDB creates an empty database for t on a fresh cluster shared with the package's other tests.
// When t ends, the database is dropped and so is every role that t created, so that each test
// starts from a cluster without Shiplog's roles: roles belong to the cluster, not to a database.
// Tests that use NewDB must not run in parallel with each other.
func NewDB(t testing.TB) *DB {
	t.Helper()
	c := shared(t)
	ctx := context.Background()
	before, err := c.roles(ctx)
	if err != nil {
		t.Fatalf("pgtest: list roles: %v", err)
	}
	c.mu.Lock()
	c.count++
	name := fmt.Sprintf("t%d_%s", c.count, sanitize(t.Name()))
	c.mu.Unlock()
	// FILE_COPY copies the template's files and takes a checkpoint, which costs nothing with fsync
	// off; the default, WAL_LOG, writes the whole template through the WAL and was slower here.
	if err := c.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" STRATEGY FILE_COPY"); err != nil {
		t.Fatalf("pgtest: create database: %v", err)
	}
	t.Cleanup(func() {
		if err := c.Exec(ctx, "DROP DATABASE "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)"); err != nil {
			t.Errorf("pgtest: drop database: %v", err)
		}
		after, err := c.roles(ctx)
		if err != nil {
			t.Errorf("pgtest: list roles: %v", err)
			return
		}
		// Drop logins before the group roles they belong to, for tidiness; PostgreSQL allows either.
		var created []string
		for r := range after {
			if !before[r] {
				created = append(created, r)
			}
		}
		sort.Slice(created, func(i, j int) bool { return strings.HasPrefix(created[j], "shiplog_") })
		for _, r := range created {
			if err := c.Exec(ctx, "DROP ROLE "+pgx.Identifier{r}.Sanitize()); err != nil {
				t.Errorf("pgtest: drop role %s: %v", r, err)
			}
		}
	})
	return &DB{Name: name, Cluster: c}
}

// sanitize turns a test name into a short, safe part of a database name.
func sanitize(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if b.Len() >= 40 {
			break
		}
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			b.WriteRune(r)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// Required reports whether the tests must run against PostgreSQL (SHIPLOG_PG_REQUIRED=1): then a
// missing installation fails them instead of skipping them.
func Required() bool { return os.Getenv("SHIPLOG_PG_REQUIRED") == "1" }

var pkg struct {
	sync.Mutex
	main    bool
	cluster *Cluster
	err     error
	tried   bool
}

func shared(t testing.TB) *Cluster {
	t.Helper()
	pkg.Lock()
	defer pkg.Unlock()
	if !pkg.main {
		t.Fatal("pgtest: call pgtest.Main from the package's TestMain, so that the cluster is removed at the end")
	}
	if !pkg.tried {
		pkg.tried = true
		pkg.cluster, pkg.err = Start()
		if pkg.err == nil {
			fmt.Fprintf(os.Stderr, "pgtest: PostgreSQL cluster on port %d ready in %s\n", pkg.cluster.Port,
				pkg.cluster.StartupTime.Round(time.Millisecond))
		}
	}
	switch {
	case errors.Is(pkg.err, ErrNotInstalled) && !Required():
		t.Skipf("pgtest: %v", pkg.err)
	case pkg.err != nil:
		t.Fatalf("pgtest: %v", pkg.err)
	}
	return pkg.cluster
}

// Main runs the package's tests and then stops and removes the cluster, if a test started one.
// Use it from TestMain: os.Exit(pgtest.Main(m)).
func Main(m *testing.M) int {
	pkg.Lock()
	pkg.main = true
	pkg.Unlock()
	code := m.Run()
	pkg.Lock()
	defer pkg.Unlock()
	if pkg.cluster != nil {
		if err := pkg.cluster.Stop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			if code == 0 {
				code = 1
			}
		}
		pkg.cluster = nil
	}
	return code
}
