package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

func TestOpenDemoNeverSeedsAPersonsOwnDatabase(t *testing.T) {
	clock := clockwork.NewFakeClockAt(demoNow)
	open := func(t *testing.T, dbPath string) *tracker.Service {
		t.Helper()
		svc, err := OpenDemo(dbPath, clock)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { svc.Close() })
		return svc
	}
	projects := func(t *testing.T, svc *tracker.Service) int {
		t.Helper()
		ps, err := svc.Projects(true)
		if err != nil {
			t.Fatal(err)
		}
		return len(ps)
	}

	t.Run("a new demo.db is created, seeded and marked, and found again as it is", func(t *testing.T) {
		dir := t.TempDir()
		svc := open(t, filepath.Join(dir, "shiplog.db"))
		if svc.Path() != filepath.Join(dir, "demo.db") || projects(t, svc) == 0 {
			t.Fatalf("demo at %s with %d projects", svc.Path(), projects(t, svc))
		}
		if demo, err := sqlite.IsDemo(svc.Path()); err != nil || !demo {
			t.Errorf("IsDemo = %v, %v", demo, err)
		}
		n := projects(t, svc)
		svc.Close()
		again := open(t, filepath.Join(dir, "shiplog.db"))
		if again.Path() != svc.Path() || projects(t, again) != n {
			t.Errorf("second open: %s with %d projects", again.Path(), projects(t, again))
		}
	})

	t.Run("a person's own database called demo.db is passed over untouched", func(t *testing.T) {
		dir := t.TempDir()
		own := filepath.Join(dir, "demo.db")
		mine, err := sqlite.OpenService(own)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := mine.AddProject(tracker.Project{Name: "My client"}); err != nil {
			t.Fatal(err)
		}
		mine.Close()
		before, _ := os.ReadFile(own)
		svc := open(t, filepath.Join(dir, "shiplog.db"))
		if svc.Path() != filepath.Join(dir, "demo-2.db") {
			t.Errorf("demo at %s", svc.Path())
		}
		after, _ := os.ReadFile(own)
		if !bytes.Equal(before, after) {
			t.Error("the person's demo.db changed")
		}
		mine, err = sqlite.OpenService(own)
		if err != nil {
			t.Fatal(err)
		}
		defer mine.Close()
		if n := projects(t, mine); n != 1 {
			t.Errorf("the person's demo.db has %d projects", n)
		}
	})

	t.Run("when the person's database is demo.db itself, the demo goes elsewhere", func(t *testing.T) {
		dir := t.TempDir()
		own := filepath.Join(dir, "demo.db")
		mine, err := sqlite.OpenService(own)
		if err != nil {
			t.Fatal(err)
		}
		defer mine.Close()
		svc := open(t, own)
		if svc.Path() == own || projects(t, svc) == 0 {
			t.Errorf("demo at %s", svc.Path())
		}
		if n := projects(t, mine); n != 0 {
			t.Errorf("the person's empty database was seeded with %d projects", n)
		}
	})
}
