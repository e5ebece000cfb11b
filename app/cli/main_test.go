package cli

import (
	"os"
	"testing"

	"shiplog/tracker/postgres/pgtest"
)

// TestMain gives the team-server tests one private PostgreSQL cluster, started on first use and
// removed at the end.
func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }
