package tracker_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestArchiveProject(t *testing.T) {
	svc, _ := mustOpen(t)
	p, err := svc.AddProject(tracker.Project{Name: "Hiring", Color: "#0f766e", WeeklyDeepHours: 4, WeeklyDeliverables: 2})
	if err != nil {
		t.Fatal(err)
	}
	mustProject(t, svc, "Shiplog")

	t.Run("an archived project leaves the active list but keeps its fields", func(t *testing.T) {
		got, err := svc.ArchiveProject(p.ID, true)
		if err != nil {
			t.Fatal(err)
		}
		if !got.Archived || got.Color != "#0f766e" || got.WeeklyDeepHours != 4 || got.WeeklyDeliverables != 2 ||
			!got.CreatedAt.Equal(p.CreatedAt) {
			t.Errorf("archived %+v; want %+v archived", got, p)
		}
		active, _ := svc.Projects(false)
		all, _ := svc.Projects(true)
		if len(active) != 1 || active[0].Name != "Shiplog" || len(all) != 2 {
			t.Errorf("active %+v, all %+v", active, all)
		}
	})

	t.Run("an archived project takes no new blocks", func(t *testing.T) {
		end := t0
		_, err := svc.AddBlock(tracker.Block{Project: "Hiring", Kind: tracker.KindDeep, Start: t0.Add(-time.Hour), End: &end})
		if !errors.Is(err, tracker.ErrInvalid) {
			t.Fatalf("err = %v, want ErrInvalid", err)
		}
	})

	t.Run("unarchiving brings it back", func(t *testing.T) {
		if _, err := svc.ArchiveProject(p.ID, false); err != nil {
			t.Fatal(err)
		}
		if active, _ := svc.Projects(false); len(active) != 2 {
			t.Errorf("active %+v; want both", active)
		}
	})

	t.Run("an unknown project is not found", func(t *testing.T) {
		if _, err := svc.ArchiveProject(999, true); !errors.Is(err, tracker.ErrNotFound) {
			t.Fatalf("err = %v, want ErrNotFound", err)
		}
	})
}

func TestRenameProject(t *testing.T) {
	svc, _ := mustOpen(t)
	p := mustProject(t, svc, "Shiplog")
	mustProject(t, svc, "Billing")
	end := t0
	if _, err := svc.AddBlock(tracker.Block{Project: "Shiplog", Kind: tracker.KindDeep, Start: t0.Add(-time.Hour), End: &end}); err != nil {
		t.Fatal(err)
	}

	t.Run("the blocks follow the new name", func(t *testing.T) {
		if _, err := svc.RenameProject(p.ID, "  Shiplog app "); err != nil {
			t.Fatal(err)
		}
		bs, _ := svc.Blocks(tracker.BlockFilter{Projects: []string{"shiplog APP"}})
		if len(bs) != 1 || bs[0].Project != "Shiplog app" {
			t.Errorf("blocks %+v; want one on Shiplog app", bs)
		}
	})

	t.Run("a project may change the case of its own name", func(t *testing.T) {
		got, err := svc.RenameProject(p.ID, "shiplog App")
		if err != nil || got.Name != "shiplog App" {
			t.Fatalf("got %+v, %v", got, err)
		}
	})

	t.Run("another project's name in any case is a conflict and changes nothing", func(t *testing.T) {
		if _, err := svc.RenameProject(p.ID, "BILLING"); !errors.Is(err, tracker.ErrConflict) {
			t.Fatalf("err = %v, want ErrConflict", err)
		}
		if _, err := svc.ProjectByName("shiplog App"); err != nil {
			t.Errorf("the project lost its name: %v", err)
		}
	})

	t.Run("an empty name is invalid and names the field", func(t *testing.T) {
		_, err := svc.RenameProject(p.ID, " ")
		var fe *tracker.FieldError
		if !errors.As(err, &fe) || fe.Field != "name" {
			t.Fatalf("err = %v, want a FieldError on name", err)
		}
	})
}

func TestSetProjectColorAndGoals(t *testing.T) {
	svc, _ := mustOpen(t)
	p := mustProject(t, svc, "Shiplog")

	got, err := svc.SetProjectColor(p.ID, "#1d4ed8")
	if err != nil || got.Color != "#1d4ed8" {
		t.Fatalf("colour: %+v, %v", got, err)
	}
	got, err = svc.SetProjectGoals(p.ID, 7.5, 3)
	if err != nil || got.WeeklyDeepHours != 7.5 || got.WeeklyDeliverables != 3 || got.Color != "#1d4ed8" {
		t.Fatalf("goals: %+v, %v", got, err)
	}

	for _, tc := range []struct {
		name   string
		change func() error
		field  string
	}{
		{"a colour that is not hex is refused", func() error { _, err := svc.SetProjectColor(p.ID, "teal"); return err }, "color"},
		{"negative deep hours are refused", func() error { _, err := svc.SetProjectGoals(p.ID, -1, 3); return err }, "weekly-deep-hours"},
		{"more than a thousand deliverables a week are refused", func() error { _, err := svc.SetProjectGoals(p.ID, 7.5, 1001); return err }, "weekly-deliverables"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.change()
			var fe *tracker.FieldError
			if !errors.As(err, &fe) || fe.Field != tc.field {
				t.Fatalf("err = %v, want a FieldError on %s", err, tc.field)
			}
		})
	}
	stored, err := svc.ProjectByName("Shiplog")
	if err != nil || stored.Color != "#1d4ed8" || stored.WeeklyDeepHours != 7.5 || stored.WeeklyDeliverables != 3 {
		t.Errorf("after the refused changes: %+v, %v", stored, err)
	}
}
