package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jonboulle/clockwork"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"

	"shiplog/tracker/postgres/pgtest"
)

// member runs commands as one person on their own machine: their own config home and database.
type member struct {
	t      *testing.T
	config string
	db     string
}

func newMember(t *testing.T) *member {
	dir := t.TempDir()
	return &member{t: t, config: filepath.Join(dir, "config"), db: filepath.Join(dir, "data", "shiplog.db")}
}

func (m *member) run(stdin string, args ...string) (int, string, string) {
	m.t.Helper()
	m.t.Setenv("XDG_CONFIG_HOME", m.config)
	var so, se bytes.Buffer
	env := &Env{DBPath: m.db, Clock: clockwork.NewFakeClockAt(demoNow), Stdin: strings.NewReader(stdin), Stdout: &so, Stderr: &se}
	code := Run(env, args)
	return code, so.String(), se.String()
}

func (m *member) ok(args ...string) string {
	m.t.Helper()
	code, so, se := m.run("", args...)
	if code != 0 {
		m.t.Fatalf("%v: exit %d: %s", args, code, se)
	}
	return so
}

func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	return st.Mode().Perm()
}

func TestTeamServerCommandsEndToEnd(t *testing.T) {
	d := pgtest.NewDB(t)
	admin, ada, mia := newMember(t), newMember(t), newMember(t)
	server := d.AdminURL()

	if out := admin.ok("team", "init", "--server", server); !strings.Contains(out, "created the team schema") {
		t.Errorf("first init said %q", out)
	}
	if out := admin.ok("team", "init", "--server", server); !strings.Contains(out, "up to date (version 3)") {
		t.Errorf("second init said %q", out)
	}

	var added struct {
		Member  string `json:"member"`
		Manager bool   `json:"manager"`
		URL     string `json:"url"`
	}
	if err := json.Unmarshal([]byte(admin.ok("team", "add-member", "ada", "--server", server, "--json")), &added); err != nil {
		t.Fatal(err)
	}
	if added.Member != "ada" || added.Manager || !strings.HasPrefix(added.URL, "postgres://ada:") {
		t.Fatalf("add-member --json printed %+v", added)
	}
	adaPassword := strings.TrimPrefix(added.URL, "postgres://ada:")
	adaPassword = adaPassword[:strings.Index(adaPassword, "@")]
	out := admin.ok("team", "add-member", "mia", "--manager", "--server", server)
	miaURL := ""
	for _, line := range strings.Split(out, "\n") {
		if l := strings.TrimSpace(line); strings.HasPrefix(l, "postgres://mia:") {
			miaURL = l
		}
	}
	if miaURL == "" || !strings.Contains(out, "mia (manager)") {
		t.Fatalf("add-member printed %q, want mia's URL", out)
	}

	t.Run("join stores the login apart from the password, both private", func(t *testing.T) {
		if out := ada.ok("team", "join", added.URL); !strings.Contains(out, "as ada (member)") {
			t.Errorf("join said %q", out)
		}
		dir := filepath.Join(ada.config, "shiplog")
		if m := mode(t, dir); m != 0o700 {
			t.Errorf("config directory is %o, want 700", m)
		}
		for _, f := range []string{"team.json", "team.password"} {
			if m := mode(t, filepath.Join(dir, f)); m != 0o600 {
				t.Errorf("%s is %o, want 600", f, m)
			}
		}
		pw, _ := os.ReadFile(filepath.Join(dir, "team.password"))
		if strings.TrimSpace(string(pw)) != adaPassword {
			t.Error("team.password does not hold the password")
		}
		login, _ := os.ReadFile(filepath.Join(dir, "team.json"))
		if strings.Contains(string(login), adaPassword) {
			t.Error("team.json holds the password")
		}
		if _, err := os.Stat(ada.db); !os.IsNotExist(err) {
			t.Errorf("joining touched the personal database (%v)", err)
		}
	})
	t.Run("joining as someone else replaces the login and says so", func(t *testing.T) {
		other := newMember(t)
		other.ok("team", "join", added.URL)
		if out := other.ok("team", "join", miaURL); !strings.Contains(out, "replaced the login as ada") || !strings.Contains(out, "as mia (manager)") {
			t.Errorf("second join said %q", out)
		}
	})
	t.Run("join reads the URL from standard input", func(t *testing.T) {
		code, so, se := mia.run(miaURL+"\n", "team", "join", "-")
		if code != 0 || !strings.Contains(so, "as mia (manager)") {
			t.Errorf("join -: exit %d, %q %q", code, so, se)
		}
	})
	t.Run("status shows the login and never the password", func(t *testing.T) {
		var st map[string]any
		raw := ada.ok("team", "status", "--json")
		if err := json.Unmarshal([]byte(raw), &st); err != nil {
			t.Fatal(err)
		}
		if st["member"] != "ada" || st["manager"] != false || st["pending"] != float64(0) || st["last_sync"] != nil {
			t.Errorf("status --json: %v", st)
		}
		if s, _ := st["server"].(string); !strings.HasPrefix(s, "postgres://ada@") || !strings.Contains(s, d.Name) {
			t.Errorf("status server %q", st["server"])
		}
		text := ada.ok("team", "status")
		for _, o := range []string{raw, text} {
			if strings.Contains(o, adaPassword) {
				t.Errorf("status printed the password: %s", o)
			}
		}
		if !strings.Contains(text, "ada (member)") {
			t.Errorf("status said %q", text)
		}
	})
	t.Run("leave forgets the login", func(t *testing.T) {
		if out := ada.ok("team", "leave"); !strings.Contains(out, "left the team") {
			t.Errorf("leave said %q", out)
		}
		for _, f := range []string{"team.json", "team.password"} {
			if _, err := os.Stat(filepath.Join(ada.config, "shiplog", f)); !os.IsNotExist(err) {
				t.Errorf("%s is still there after leave", f)
			}
		}
		var st teamStatusJSON
		json.Unmarshal([]byte(ada.ok("team", "status", "--json")), &st)
		if st.Server != nil || st.Member != nil {
			t.Errorf("status after leave: %+v", st)
		}
		if out := ada.ok("team", "leave"); !strings.Contains(out, "not in a team") {
			t.Errorf("a second leave said %q", out)
		}
	})
	t.Run("mistakes are refused and store nothing", func(t *testing.T) {
		cases := []struct {
			name  string
			args  []string
			code  int
			wants string
		}{
			{"a wrong password", []string{"team", "join", strings.Replace(added.URL, adaPassword, "WRONG", 1)}, 2, "refused the login"},
			{"a URL without a password", []string{"team", "join", strings.Replace(added.URL, ":"+adaPassword, "", 1)}, 2, "no password"},
			{"not a URL", []string{"team", "join", "ada@db"}, 2, "postgres://"},
			{"the admin's own URL", []string{"team", "join", strings.Replace(server, "postgres@", "postgres:x@", 1)}, 2, "admin"},
			{"a server that is down", []string{"team", "join", "postgres://ada:pw@127.0.0.1:1/shiplog?sslmode=disable"}, 1, "cannot be reached"},
			{"a bad member name", []string{"team", "add-member", "Robert'); DROP TABLE x;--", "--server", server}, 2, "NAME"},
			{"add-member without --server", []string{"team", "add-member", "bo"}, 2, "--server"},
			{"a member already there", []string{"team", "add-member", "ada", "--server", server}, 2, "already exists"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				code, so, se := ada.run("", tc.args...)
				if code != tc.code || !strings.Contains(se, tc.wants) {
					t.Errorf("exit %d, stderr %q; want exit %d saying %q", code, se, tc.code, tc.wants)
				}
				if strings.Contains(so+se, adaPassword) {
					t.Errorf("the output shows the password: %s %s", so, se)
				}
				if _, err := os.Stat(filepath.Join(ada.config, "shiplog", "team.json")); !os.IsNotExist(err) {
					t.Error("a refused join stored a login")
				}
			})
		}
	})
	t.Run("a server with a newer schema is refused", func(t *testing.T) {
		db, err := gorm.Open(postgres.Open(server), &gorm.Config{})
		if err != nil {
			t.Fatal(err)
		}
		sqlDB, _ := db.DB()
		defer sqlDB.Close()
		if err := db.Exec("INSERT INTO shiplog.schema_version (version) VALUES (99)").Error; err != nil {
			t.Fatal(err)
		}
		for _, args := range [][]string{{"team", "init", "--server", server}, {"team", "join", added.URL}} {
			code, _, se := ada.run("", args...)
			if code != 1 || !strings.Contains(se, "version 99") {
				t.Errorf("%s: exit %d, %q; want a refusal naming version 99", args[1], code, se)
			}
		}
	})
}
