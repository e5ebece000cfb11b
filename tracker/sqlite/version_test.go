package sqlite_test

import (
	"testing"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

func TestVersionMovesWithEveryCommitAndOnlyThen(t *testing.T) {
	svc, _ := mustOpen(t)
	other, err := sqlite.OpenService(svc.Path())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	version := func() uint64 {
		t.Helper()
		v, err := svc.Version()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}

	v0 := version()
	t.Run("reads alone leave it as it is", func(t *testing.T) {
		if _, err := svc.Projects(true); err != nil {
			t.Fatal(err)
		}
		if _, err := other.Projects(true); err != nil {
			t.Fatal(err)
		}
		if v := version(); v != v0 {
			t.Errorf("version %d after reads, was %d", v, v0)
		}
	})
	t.Run("another process's commit moves it", func(t *testing.T) {
		mustProject(t, other, "API")
		v1 := version()
		if v1 == v0 {
			t.Fatalf("version stayed %d after another store's commit", v1)
		}
		v0 = v1
	})
	t.Run("the store's own commits move it too", func(t *testing.T) {
		mustProject(t, svc, "Website")
		v2 := version()
		if v2 == v0 {
			t.Fatalf("version stayed %d after the store's own commit", v2)
		}
		v0 = v2
	})
	t.Run("a failed write commits nothing and leaves it", func(t *testing.T) {
		if _, err := other.AddProject(tracker.Project{Name: "api"}); err == nil {
			t.Fatal("a duplicate project was added")
		}
		if v := version(); v != v0 {
			t.Errorf("version %d after a failed write, was %d", v, v0)
		}
	})
}
