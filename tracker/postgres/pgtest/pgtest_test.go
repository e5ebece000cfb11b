package pgtest

import (
	"database/sql"
	"os"
	"testing"
)

func TestMain(m *testing.M) { os.Exit(Main(m)) }

func TestNewDBGivesAnEmptyDatabaseAndDropsItsRolesAfterwards(t *testing.T) {
	var name string
	t.Run("a test", func(t *testing.T) {
		d := NewDB(t)
		name = d.Name
		admin, err := sql.Open("pgx", d.AdminURL())
		if err != nil {
			t.Fatal(err)
		}
		defer admin.Close()
		if _, err := admin.Exec("CREATE ROLE pgtest_probe LOGIN PASSWORD 'secret-probe'"); err != nil {
			t.Fatal(err)
		}
		// The role logs in over TCP with its password, as members do.
		member, err := sql.Open("pgx", d.URL("pgtest_probe", "secret-probe"))
		if err != nil {
			t.Fatal(err)
		}
		defer member.Close()
		var who, db string
		if err := member.QueryRow("SELECT session_user, current_database()").Scan(&who, &db); err != nil {
			t.Fatal(err)
		}
		if who != "pgtest_probe" || db != d.Name {
			t.Errorf("logged in as %s to %s, want pgtest_probe to %s", who, db, d.Name)
		}
		// A wrong password is refused: only the superuser is trusted, and only on the socket.
		bad, _ := sql.Open("pgx", d.URL("pgtest_probe", "wrong"))
		defer bad.Close()
		if err := bad.Ping(); err == nil {
			t.Error("a wrong password was accepted")
		}
		badAdmin, _ := sql.Open("pgx", d.URL(Superuser, ""))
		defer badAdmin.Close()
		if err := badAdmin.Ping(); err == nil {
			t.Error("the superuser logged in over TCP without a password")
		}
	})
	c := pkg.cluster
	if c == nil {
		t.Skip("no cluster")
	}
	roles, err := c.roles(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if roles["pgtest_probe"] {
		t.Error("the role the test created outlived it")
	}
	var n int
	if err := c.db.QueryRow("SELECT count(*) FROM pg_database WHERE datname = $1", name).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("database %s outlived its test", name)
	}
}
