package postgres

import (
	"context"
	"errors"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"

	"shiplog/tracker"
	"shiplog/tracker/postgres/pgtest"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// team is a test server with the schema made and four logins: ada (Berlin), bo (New York) and cy
// are members, mia is a manager.
type team struct {
	t     testing.TB
	db    *pgtest.DB
	admin *gorm.DB
	urls  map[string]string
}

func newServer(t testing.TB) *team {
	t.Helper()
	d := pgtest.NewDB(t)
	admin, err := dial(t.Context(), d.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { closeDB(admin) })
	return &team{t: t, db: d, admin: admin, urls: map[string]string{}}
}

func newTeam(t testing.TB) *team {
	t.Helper()
	tm := newServer(t)
	if _, err := Init(t.Context(), tm.db.AdminURL()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"ada", "bo", "cy", "mia"} {
		nm, err := AddMember(t.Context(), tm.db.AdminURL(), name, name == "mia")
		if err != nil {
			t.Fatal(err)
		}
		tm.urls[name] = nm.URL
	}
	return tm
}

// remote opens name's Remote for the rest of the test.
func (tm *team) remote(name string) *Remote {
	tm.t.Helper()
	r, err := Open(tm.t.Context(), tm.urls[name])
	if err != nil {
		tm.t.Fatalf("open as %s: %v", name, err)
	}
	tm.t.Cleanup(func() { r.Close() })
	return r
}

// as is a plain SQL connection logged in as name, to try what a hand-written client could.
func (tm *team) as(name string) *gorm.DB {
	tm.t.Helper()
	db, err := dial(tm.t.Context(), tm.urls[name])
	if err != nil {
		tm.t.Fatalf("connect as %s: %v", name, err)
	}
	tm.t.Cleanup(func() { closeDB(db) })
	return db
}

func (tm *team) push(r *Remote, changes ...Change) PushResult {
	tm.t.Helper()
	res, err := r.Push(tm.t.Context(), changes)
	if err != nil {
		tm.t.Fatalf("push as %s: %v", r.Member(), err)
	}
	return res
}

func mustChange(t testing.TB, table Table, uid uuid.UUID, rev int64, row any) Change {
	t.Helper()
	c, err := NewChange(table, uid, rev, row)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newUID(t testing.TB) uuid.UUID {
	t.Helper()
	u, err := uuid.NewV7()
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// checksum digests the catalogue that team init owns: the schema's relations, columns,
// constraints, indexes, policies, views, functions and triggers, the privileges on them, the
// group roles, the database's privileges and the version rows. Object ids are left out, so two
// equal catalogues give equal sums.
func checksum(t *testing.T, db *gorm.DB) string {
	t.Helper()
	var sum string
	err := db.Raw(`WITH rels AS (
			SELECT c.oid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'shiplog')
		SELECT md5(string_agg(x, E'\n' ORDER BY x)) FROM (
			SELECT format('rel %s %s %s %s %s %s', c.relname, c.relkind, c.relacl, c.relrowsecurity, c.relforcerowsecurity, c.reloptions)
				FROM pg_class c WHERE c.oid IN (SELECT oid FROM rels)
			UNION ALL SELECT format('col %s %s %s %s %s', a.attrelid::regclass, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
				pg_get_expr(d.adbin, d.adrelid))
				FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
				WHERE a.attrelid IN (SELECT oid FROM rels) AND a.attnum > 0 AND NOT a.attisdropped
			UNION ALL SELECT format('con %s %s %s', conrelid::regclass, conname, pg_get_constraintdef(oid))
				FROM pg_constraint WHERE connamespace = 'shiplog'::regnamespace
			UNION ALL SELECT format('idx %s', pg_get_indexdef(indexrelid)) FROM pg_index WHERE indrelid IN (SELECT oid FROM rels)
			UNION ALL SELECT format('pol %s %s %s %s %s %s', tablename, policyname, permissive, roles, cmd, qual || ' / ' || with_check)
				FROM pg_policies WHERE schemaname = 'shiplog'
			UNION ALL SELECT format('view %s %s', viewname, definition) FROM pg_views WHERE schemaname = 'shiplog'
			UNION ALL SELECT format('fn %s %s %s', proname, md5(prosrc), proacl) FROM pg_proc WHERE pronamespace = 'shiplog'::regnamespace
			UNION ALL SELECT format('trg %s %s', tgrelid::regclass, pg_get_triggerdef(oid))
				FROM pg_trigger WHERE tgrelid IN (SELECT oid FROM rels) AND NOT tgisinternal
			UNION ALL SELECT format('role %s %s %s', rolname, rolcanlogin, rolinherit) FROM pg_roles WHERE rolname LIKE 'shiplog\_%'
			UNION ALL SELECT format('nsp %s %s', nspname, nspacl) FROM pg_namespace WHERE nspname = 'shiplog'
			UNION ALL SELECT format('db %s', datacl) FROM pg_database WHERE datname = current_database()
			UNION ALL SELECT format('ver %s %s', version, applied_at) FROM shiplog.schema_version
		) s(x)`).Scan(&sum).Error
	if err != nil {
		t.Fatal(err)
	}
	return sum
}

func TestInitTwiceChangesNothing(t *testing.T) {
	tm := newServer(t)
	first, err := Init(t.Context(), tm.db.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	if first.From != 0 || first.To != SchemaVersion() || first.UpToDate() {
		t.Fatalf("first init: %+v, want from 0 to %d", first, SchemaVersion())
	}
	before := checksum(t, tm.admin)
	second, err := Init(t.Context(), tm.db.AdminURL())
	if err != nil {
		t.Fatal(err)
	}
	if !second.UpToDate() || second.To != SchemaVersion() {
		t.Errorf("second init: %+v, want up to date at %d", second, SchemaVersion())
	}
	if after := checksum(t, tm.admin); after != before {
		t.Error("the second init changed the catalogue")
	}
}

func TestInitRefusesANewerSchemaAndChangesNothing(t *testing.T) {
	tm := newTeam(t)
	if err := tm.admin.Exec("INSERT INTO shiplog.schema_version (version) VALUES (?)", SchemaVersion()+1).Error; err != nil {
		t.Fatal(err)
	}
	before := checksum(t, tm.admin)
	_, err := Init(t.Context(), tm.db.AdminURL())
	if !errors.Is(err, tracker.ErrSchemaTooNew) {
		t.Errorf("init on a newer schema: %v, want ErrSchemaTooNew", err)
	}
	if after := checksum(t, tm.admin); after != before {
		t.Error("a refused init changed the catalogue")
	}
	if _, err := Open(t.Context(), tm.urls["ada"]); !errors.Is(err, tracker.ErrSchemaTooNew) {
		t.Errorf("a member's open on a newer schema: %v, want ErrSchemaTooNew", err)
	}
	if _, err := AddMember(t.Context(), tm.db.AdminURL(), "dee", false); !errors.Is(err, tracker.ErrSchemaTooNew) {
		t.Errorf("add-member on a newer schema: %v, want ErrSchemaTooNew", err)
	}
	var n int
	tm.admin.Raw("SELECT count(*) FROM pg_roles WHERE rolname = 'dee'").Scan(&n)
	if n != 0 {
		t.Error("a refused add-member created the login")
	}
}

func TestInitRefusesASchemaNamedShiplogThatIsNotOurs(t *testing.T) {
	tm := newServer(t)
	if err := tm.admin.Exec("CREATE SCHEMA shiplog; CREATE TABLE shiplog.notes (x int)").Error; err != nil {
		t.Fatal(err)
	}
	_, err := Init(t.Context(), tm.db.AdminURL())
	if !errors.Is(err, tracker.ErrConflict) || !strings.Contains(err.Error(), "did not make") {
		t.Errorf("init over a foreign schema: %v, want a conflict", err)
	}
	var n int
	tm.admin.Raw("SELECT count(*) FROM pg_tables WHERE schemaname = 'shiplog'").Scan(&n)
	if n != 1 {
		t.Errorf("the foreign schema holds %d tables after a refused init, want its 1", n)
	}
}

func TestInitNeedsAnAdmin(t *testing.T) {
	tm := newTeam(t)
	_, err := Init(t.Context(), tm.urls["ada"])
	if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), "cannot create roles") {
		t.Errorf("init as a member: %v", err)
	}
}

func TestColumnsMatchTheSchema(t *testing.T) {
	tm := newTeam(t)
	bookkeeping := map[string]bool{"uid": true, "member": true, "rev": true, "deleted": true, "xid": true, "updated_at": true}
	for _, tb := range tables {
		var cols []string
		err := tm.admin.Raw(`SELECT column_name FROM information_schema.columns
			WHERE table_schema = 'shiplog' AND table_name = ? ORDER BY ordinal_position`, string(tb.name)).Scan(&cols).Error
		if err != nil {
			t.Fatal(err)
		}
		var content []string
		for _, c := range cols {
			if !bookkeeping[c] {
				content = append(content, c)
			}
		}
		want := append([]string(nil), tb.columns...)
		sort.Strings(content)
		sort.Strings(want)
		if strings.Join(content, ",") != strings.Join(want, ",") {
			t.Errorf("%s: the schema's content columns are %v, the push list has %v", tb.name, content, want)
		}
	}
}

func TestAddMember(t *testing.T) {
	tm := newTeam(t)
	t.Run("the join URL logs in as the new member, in the team's database", func(t *testing.T) {
		r := tm.remote("mia")
		if r.Member() != "mia" || !r.Manager() {
			t.Errorf("logged in as %s (manager %v), want mia, a manager", r.Member(), r.Manager())
		}
		if r2 := tm.remote("ada"); r2.Manager() {
			t.Error("ada was made a manager")
		}
		u, _ := url.Parse(tm.urls["ada"])
		if strings.TrimPrefix(u.Path, "/") != tm.db.Name {
			t.Errorf("join URL names database %q, want %q", u.Path, tm.db.Name)
		}
		pw, _ := u.User.Password()
		if len(pw) < 40 {
			t.Errorf("generated password is %d characters, want a long one", len(pw))
		}
	})
	t.Run("the server never sees the password in clear", func(t *testing.T) {
		var stored string
		tm.admin.Raw("SELECT rolpassword FROM pg_authid WHERE rolname = 'ada'").Scan(&stored)
		u, _ := url.Parse(tm.urls["ada"])
		pw, _ := u.User.Password()
		if !strings.HasPrefix(stored, "SCRAM-SHA-256$4096:") || strings.Contains(stored, pw) {
			t.Errorf("stored password %q is not a SCRAM verifier", stored)
		}
	})
	t.Run("a login that exists is a conflict", func(t *testing.T) {
		_, err := AddMember(t.Context(), tm.db.AdminURL(), "ada", false)
		if !errors.Is(err, tracker.ErrConflict) {
			t.Errorf("adding ada twice: %v, want a conflict", err)
		}
	})
	t.Run("a hostile name is refused before it reaches the server", func(t *testing.T) {
		for _, name := range []string{`ada"; DROP SCHEMA shiplog CASCADE; --`, "Ada", "pg_signal", "shiplog_manager", "1ada", "", strings.Repeat("a", 64), "ad a", "ädä"} {
			_, err := AddMember(t.Context(), tm.db.AdminURL(), name, false)
			var fe *tracker.FieldError
			if !errors.As(err, &fe) || fe.Field != "NAME" {
				t.Errorf("AddMember(%q): %v, want a NAME error", name, err)
			}
		}
		var n int
		tm.admin.Raw("SELECT count(*) FROM pg_tables WHERE schemaname = 'shiplog'").Scan(&n)
		if n == 0 {
			t.Error("the schema is gone")
		}
	})
	t.Run("a member cannot add members", func(t *testing.T) {
		_, err := AddMember(t.Context(), tm.urls["ada"], "eve", false)
		if !errors.Is(err, tracker.ErrInvalid) {
			t.Errorf("add-member as ada: %v", err)
		}
	})
}

func TestOpenRefusesTheAdminAndStrangers(t *testing.T) {
	tm := newTeam(t)
	if _, err := Open(t.Context(), tm.db.AdminURL()); !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), "admin") {
		t.Errorf("open as the admin: %v", err)
	}
	if err := tm.admin.Exec("CREATE ROLE stranger LOGIN PASSWORD 'stranger-password'").Error; err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(tm.urls["ada"])
	u.User = url.UserPassword("stranger", "stranger-password")
	_, err := Open(t.Context(), u.String())
	if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), "not a Shiplog member") {
		t.Errorf("open as a stranger: %v", err)
	}
	u.User = url.UserPassword("ada", "not-the-password")
	_, err = Open(t.Context(), u.String())
	if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), "refused the login") || strings.Contains(err.Error(), "not-the-password") {
		t.Errorf("open with a wrong password: %v", err)
	}
}

func TestOpenBeforeInitSaysSo(t *testing.T) {
	tm := newServer(t)
	if err := tm.admin.Exec("CREATE ROLE early LOGIN PASSWORD 'early-password'").Error; err != nil {
		t.Fatal(err)
	}
	_, err := Open(t.Context(), tm.db.URL("early", "early-password"))
	if !errors.Is(err, tracker.ErrNotFound) || !strings.Contains(err.Error(), "team init") {
		t.Errorf("open before init: %v", err)
	}
}

func TestUnreachableServer(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	// Port 1 on the loopback refuses at once.
	_, err := Open(ctx, "postgres://ada:secret-password@127.0.0.1:1/shiplog?sslmode=disable")
	if !errors.Is(err, ErrUnreachable) {
		t.Errorf("open on a closed port: %v, want ErrUnreachable", err)
	}
	if strings.Contains(err.Error(), "secret-password") {
		t.Errorf("the error shows the password: %v", err)
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"postgres://ada:s3cret@db.example.com:5432/shiplog?sslmode=verify-full": "postgres://ada@db.example.com:5432/shiplog?sslmode=verify-full",
		"postgres://ada@db/shiplog?password=s3cret":                             "postgres://ada@db/shiplog",
		"postgres://ada:s3cret@/shiplog?host=%2Frun%2Fpg":                       "postgres://ada@/shiplog?host=%2Frun%2Fpg",
	}
	for in, want := range cases {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestValidateName(t *testing.T) {
	for _, ok := range []string{"ada", "bo_2", "a", strings.Repeat("a", 63)} {
		if err := ValidateName(ok); err != nil {
			t.Errorf("ValidateName(%q): %v", ok, err)
		}
	}
}

func TestScramVerifierLogsIn(t *testing.T) {
	tm := newServer(t)
	v, err := scramVerifier("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if err := tm.admin.Exec("CREATE ROLE scram LOGIN PASSWORD " + quoteLiteral(v)).Error; err != nil {
		t.Fatal(err)
	}
	db, err := dial(t.Context(), tm.db.URL("scram", "correct horse battery staple"))
	if err != nil {
		t.Fatalf("the verifier does not accept its password: %v", err)
	}
	closeDB(db)
	if _, err := dial(t.Context(), tm.db.URL("scram", "correct horse battery stapler")); !errors.Is(err, tracker.ErrInvalid) {
		t.Errorf("the verifier accepted another password: %v", err)
	}
}

// TestAnAdminWhoIsNotASuperuser runs the whole setup as a role that may create roles and owns the
// database, as on hosted PostgreSQL, where nobody gets a superuser.
func TestAnAdminWhoIsNotASuperuser(t *testing.T) {
	tm := newServer(t)
	err := tm.admin.Exec("CREATE ROLE teamadmin LOGIN CREATEROLE PASSWORD 'teamadmin-password'").Error
	if err == nil {
		err = tm.admin.Exec("ALTER DATABASE " + pgx.Identifier{tm.db.Name}.Sanitize() + " OWNER TO teamadmin").Error
	}
	if err != nil {
		t.Fatal(err)
	}
	adminURL := tm.db.URL("teamadmin", "teamadmin-password")
	if _, err := Init(t.Context(), adminURL); err != nil {
		t.Fatalf("init as a CREATEROLE database owner: %v", err)
	}
	for _, name := range []string{"ada", "mia"} {
		nm, err := AddMember(t.Context(), adminURL, name, name == "mia")
		if err != nil {
			t.Fatalf("add-member as a CREATEROLE database owner: %v", err)
		}
		tm.urls[name] = nm.URL
	}
	tm.push(tm.remote("ada"), mustChange(t, Blocks, newUID(t), 1, block("meeting", "", "2026-11-23T08:00:00Z", "2026-11-23T09:00:00Z")))
	// The view belongs to teamadmin, who owns the tables and so reads past their policies.
	var rows []weekRow
	if err := tm.as("mia").Raw("SELECT member, meeting_seconds FROM shiplog.weekly_totals").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) != 1 || rows[0].Member != "ada" || rows[0].MeetingSeconds != 3600 {
		t.Errorf("the manager reads %+v, want ada's hour of meetings", rows)
	}
	var n int64
	tm.as("mia").Raw("SELECT count(*) FROM shiplog.blocks").Scan(&n)
	if n != 0 {
		t.Errorf("the manager reads %d raw blocks", n)
	}
}
