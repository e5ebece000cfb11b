package sqlite_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestProjectStore(t *testing.T) {
	st, clock := mustStore(t)
	write(t, st, func(tx tracker.Tx) error {
		for _, p := range []tracker.Project{{Name: "beta"}, {Name: "Alpha", Archived: true}, {ID: 40, Name: "Gamma"}} {
			if err := tx.CreateProject(&p); err != nil {
				return err
			}
		}
		return nil
	})
	err := st.Read(func(tx tracker.Tx) error {
		t.Run("a project is found by name in any case", func(t *testing.T) {
			p, err := tx.FindProject("BETA")
			if err != nil || p.Name != "beta" || !p.CreatedAt.Equal(clock.Now()) {
				t.Errorf("got %+v, %v; want beta, created at %v", p, err, clock.Now())
			}
		})
		t.Run("a missing project is ErrNotFound, never a zero project", func(t *testing.T) {
			for _, err := range []error{
				func() error { _, err := tx.FindProject("Delta"); return err }(),
				func() error { _, err := tx.Project(999); return err }(),
			} {
				var nf *tracker.NotFoundError
				if !errors.As(err, &nf) || !errors.Is(err, tracker.ErrNotFound) {
					t.Errorf("err = %v, want a NotFoundError", err)
				}
			}
		})
		t.Run("a created project keeps the ID it was given", func(t *testing.T) {
			if p, err := tx.Project(40); err != nil || p.Name != "Gamma" {
				t.Errorf("project 40: %+v, %v", p, err)
			}
		})
		t.Run("projects list by name ignoring case, archived ones when asked", func(t *testing.T) {
			active, _ := tx.ListProjects(false)
			all, _ := tx.ListProjects(true)
			if names(active) != "beta Gamma" || names(all) != "Alpha beta Gamma" {
				t.Errorf("active %q, all %q", names(active), names(all))
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestRecentProjectsPutTheLatestWorkFirst(t *testing.T) {
	st, _ := mustStore(t)
	write(t, st, func(tx tracker.Tx) error {
		ids := map[string]uint{}
		for _, name := range []string{"Idle", "Old", "New", "Archived"} {
			p := tracker.Project{Name: name, Archived: name == "Archived"}
			if err := tx.CreateProject(&p); err != nil {
				return err
			}
			ids[name] = p.ID
		}
		for i, name := range []string{"Old", "Archived", "New"} {
			s := t0.Add(time.Duration(i-5) * time.Hour)
			e := s.Add(30 * time.Minute)
			if err := tx.CreateBlock(&tracker.Block{ProjectID: ids[name], Kind: tracker.KindDeep, Start: s, End: &e}); err != nil {
				return err
			}
		}
		return nil
	})
	err := st.Read(func(tx tracker.Tx) error {
		ps, err := tx.RecentProjects(10)
		if names(ps) != "New Old Idle" {
			t.Errorf("recent %q, want New Old Idle", names(ps))
		}
		if two, _ := tx.RecentProjects(2); names(two) != "New Old" {
			t.Errorf("the first two: %q", names(two))
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestSaveProjectChangesOnlyThatProject(t *testing.T) {
	st, _ := mustStore(t)
	var a tracker.Project
	write(t, st, func(tx tracker.Tx) error {
		a = tracker.Project{Name: "A", Color: "#111111"}
		b := tracker.Project{Name: "B", Color: "#222222"}
		if err := tx.CreateProject(&a); err != nil {
			return err
		}
		return tx.CreateProject(&b)
	})
	a.Color, a.WeeklyDeepHours = "#333333", 6
	write(t, st, func(tx tracker.Tx) error { return tx.SaveProject(&a) })
	err := st.Read(func(tx tracker.Tx) error {
		ps, err := tx.ListProjects(true)
		if len(ps) != 2 || ps[0].Color != "#333333" || ps[0].WeeklyDeepHours != 6 || ps[1].Color != "#222222" ||
			!ps[0].CreatedAt.Equal(a.CreatedAt) {
			t.Errorf("projects %+v", ps)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// names joins the projects' names with spaces.
func names(ps []tracker.Project) string {
	s := ""
	for i, p := range ps {
		if i > 0 {
			s += " "
		}
		s += p.Name
	}
	return s
}
