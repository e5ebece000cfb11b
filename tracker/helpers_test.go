package tracker_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// t0 is a Wednesday afternoon, the tests' "now".
var t0 = time.Date(2026, 11, 25, 15, 0, 0, 0, time.UTC)

// mustOpen opens a fresh database in a temporary directory with a fake clock at t0.
func mustOpen(t testing.TB) (*tracker.Service, *clockwork.FakeClock) {
	t.Helper()
	clock := clockwork.NewFakeClockAt(t0)
	// Secrets go to a folder of the test's own, never the real $XDG_CONFIG_HOME.
	svc, err := sqlite.OpenService(filepath.Join(t.TempDir(), "data", "shiplog.db"), tracker.WithClock(clock),
		tracker.WithSecrets(tracker.FileSecrets{Dir: t.TempDir()}))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { svc.Close() })
	return svc, clock
}

func mustProject(t testing.TB, svc *tracker.Service, name string) tracker.Project {
	t.Helper()
	p, err := svc.AddProject(tracker.Project{Name: name})
	if err != nil {
		t.Fatalf("add project %q: %v", name, err)
	}
	return p
}

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }
