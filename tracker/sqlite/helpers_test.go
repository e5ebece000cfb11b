package sqlite_test

import (
	"encoding/json"
	"path/filepath"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// t0 is a Wednesday afternoon, the tests' "now".
var t0 = time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)

// mustOpen opens a fresh database in a temporary directory through the service, with a fake clock at t0.
func mustOpen(t testing.TB) (*tracker.Service, *clockwork.FakeClock) {
	t.Helper()
	clock := clockwork.NewFakeClockAt(t0)
	svc, err := sqlite.OpenService(filepath.Join(t.TempDir(), "data", "shiplog.db"), tracker.WithClock(clock))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc, clock
}

// mustStore opens a fresh store in a temporary directory, stamping records with a fake clock at t0.
func mustStore(t testing.TB) (*sqlite.Store, *clockwork.FakeClock) {
	t.Helper()
	clock := clockwork.NewFakeClockAt(t0)
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "shiplog.db"))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	st.SetClock(clock)
	t.Cleanup(func() { st.Close() })
	return st, clock
}

// write runs fn in a write transaction and fails the test on an error.
func write(t testing.TB, st *sqlite.Store, fn func(tx tracker.Tx) error) {
	t.Helper()
	if err := st.Write(fn); err != nil {
		t.Fatal(err)
	}
}

func mustProject(t testing.TB, svc *tracker.Service, name string) tracker.Project {
	t.Helper()
	p, err := svc.AddProject(tracker.Project{Name: name})
	if err != nil {
		t.Fatalf("add project %q: %v", name, err)
	}
	return p
}

func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(ja) == string(jb)
}
