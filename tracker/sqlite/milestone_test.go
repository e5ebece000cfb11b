package sqlite_test

import (
	"errors"
	"testing"

	"shiplog/tracker"
)

func TestMilestoneStore(t *testing.T) {
	st, _ := mustStore(t)
	var a, b uint
	write(t, st, func(tx tracker.Tx) error {
		pa, pb := tracker.Project{Name: "A"}, tracker.Project{Name: "B"}
		if err := tx.CreateProject(&pa); err != nil {
			return err
		}
		if err := tx.CreateProject(&pb); err != nil {
			return err
		}
		a, b = pa.ID, pb.ID
		for _, m := range []tracker.Milestone{
			{Name: "Late", ProjectID: a, DueDate: "2026-12-31"},
			{Name: "Beta", ProjectID: a, StartDate: "2026-11-01", DueDate: "2026-12-01"},
			{Name: "Beta", ProjectID: b, DueDate: "2026-12-01"},
		} {
			if err := tx.CreateMilestone(&m); err != nil {
				return err
			}
		}
		return nil
	})
	err := st.Read(func(tx tracker.Tx) error {
		t.Run("a milestone is found by name in its project, in any case", func(t *testing.T) {
			m, err := tx.FindMilestone(b, "beta")
			if err != nil || m.ProjectID != b || m.Name != "Beta" {
				t.Errorf("got %+v, %v", m, err)
			}
			if _, err := tx.FindMilestone(b, "Late"); !errors.Is(err, tracker.ErrNotFound) {
				t.Errorf("another project's milestone: %v, want ErrNotFound", err)
			}
		})
		t.Run("milestones list by due date, then ID", func(t *testing.T) {
			ms, _ := tx.ListMilestones(nil)
			if len(ms) != 3 || ms[0].ID != 2 || ms[1].ID != 3 || ms[2].ID != 1 || ms[0].StartDate != "2026-11-01" {
				t.Errorf("got %+v", ms)
			}
			if ms, _ := tx.ListMilestones([]uint{a}); len(ms) != 2 || ms[0].Name != "Beta" || ms[1].Name != "Late" {
				t.Errorf("project A: %+v", ms)
			}
		})
		t.Run("a missing milestone is ErrNotFound", func(t *testing.T) {
			if _, err := tx.Milestone(99); !errors.Is(err, tracker.ErrNotFound) {
				t.Errorf("err = %v", err)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Run("a second milestone of that name in the project is refused by the schema", func(t *testing.T) {
		err := st.Write(func(tx tracker.Tx) error {
			return tx.CreateMilestone(&tracker.Milestone{Name: "LATE", ProjectID: a, DueDate: "2026-12-31"})
		})
		if err == nil {
			t.Fatal("a duplicate milestone was stored")
		}
	})
}
