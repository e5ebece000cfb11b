package tracker_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestEditMilestoneChecksNameAndDates(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "API")
	m, err := svc.AddMilestone(tracker.Milestone{Name: "Beta", Project: "API", StartDate: "2026-11-16", DueDate: "2026-12-04"}, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddMilestone(tracker.Milestone{Name: "GA", Project: "API", DueDate: "2027-01-15"}, time.UTC); err != nil {
		t.Fatal(err)
	}
	name, due := "Beta 2", tracker.Date("2026-12-11")
	got, err := svc.EditMilestone(m.ID, tracker.MilestonePatch{Name: &name, DueDate: &due})
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != "Beta 2" || got.DueDate != due || got.StartDate != "2026-11-16" || got.Project != "API" {
		t.Errorf("edited %+v", got)
	}
	ms, _ := svc.Milestones("API")
	if ms[0].Name != "Beta 2" || ms[0].DueDate != due {
		t.Errorf("stored %+v", ms[0])
	}
	t.Run("another milestone's name is a conflict", func(t *testing.T) {
		ga := "ga"
		if _, err := svc.EditMilestone(m.ID, tracker.MilestonePatch{Name: &ga}); !errors.Is(err, tracker.ErrConflict) {
			t.Errorf("rename to GA: %v", err)
		}
	})
	t.Run("a start after the due date is refused and nothing is written", func(t *testing.T) {
		start := tracker.Date("2027-01-01")
		_, err := svc.EditMilestone(m.ID, tracker.MilestonePatch{StartDate: &start})
		var fe *tracker.FieldError
		if !errors.As(err, &fe) || fe.Field != "start" {
			t.Errorf("edit: %v", err)
		}
		ms, _ := svc.Milestones("API")
		if ms[0].StartDate != "2026-11-16" {
			t.Errorf("start became %s", ms[0].StartDate)
		}
	})
	t.Run("an unknown milestone is not found", func(t *testing.T) {
		if _, err := svc.EditMilestone(999, tracker.MilestonePatch{Name: &name}); !errors.Is(err, tracker.ErrNotFound) {
			t.Errorf("edit: %v", err)
		}
	})
}

func TestEditDeliverableChangesSeveralFieldsInOneGo(t *testing.T) {
	svc, clock := mustOpen(t)
	mustProject(t, svc, "API")
	if _, err := svc.AddMilestone(tracker.Milestone{Name: "Beta", Project: "API", DueDate: "2026-12-04"}, time.UTC); err != nil {
		t.Fatal(err)
	}
	d, err := svc.AddDeliverable(tracker.Deliverable{Title: "Export", Project: "API"})
	if err != nil {
		t.Fatal(err)
	}
	title, link, due, ms, st := "CSV export", "https://example.com/pr/7", tracker.Date("2026-12-01"), "beta", tracker.StatusInProgress
	got, err := svc.EditDeliverable(d.ID, tracker.DeliverablePatch{Title: &title, Link: &link, Due: &due, Milestone: &ms, Status: &st})
	if err != nil {
		t.Fatal(err)
	}
	if got.Title != title || got.Link != link || got.Due != due || got.Milestone != "Beta" || got.Status != st || got.StartedAt == nil {
		t.Errorf("edited %+v", got)
	}

	t.Run("shipping through an edit stamps the time", func(t *testing.T) {
		clock.Advance(time.Hour)
		shipped := tracker.StatusShipped
		got, err := svc.EditDeliverable(d.ID, tracker.DeliverablePatch{Status: &shipped})
		if err != nil || got.ShippedAt == nil || !got.ShippedAt.Equal(clock.Now()) {
			t.Errorf("shipped %+v, %v", got, err)
		}
	})
	t.Run("a bad field is named and nothing is written", func(t *testing.T) {
		bad, other := "ftp://x", "Other title"
		_, err := svc.EditDeliverable(d.ID, tracker.DeliverablePatch{Title: &other, Link: &bad})
		var fe *tracker.FieldError
		if !errors.As(err, &fe) || fe.Field != "link" {
			t.Fatalf("edit: %v", err)
		}
		now, _ := svc.Deliverable(d.ID)
		if now.Title != title {
			t.Errorf("title became %q", now.Title)
		}
	})
	t.Run("an unknown milestone is not found, with a suggestion", func(t *testing.T) {
		m := "Betta"
		_, err := svc.EditDeliverable(d.ID, tracker.DeliverablePatch{Milestone: &m})
		if !errors.Is(err, tracker.ErrNotFound) {
			t.Errorf("edit: %v", err)
		}
	})
}

func TestEditProjectIsAllOrNothing(t *testing.T) {
	svc, _ := mustOpen(t)
	api := mustProject(t, svc, "API")
	mustProject(t, svc, "Website")
	name, color, hours, n := "Billing API", "#1d4ed8", 6.5, 2
	got, err := svc.EditProject(api.ID, tracker.ProjectPatch{Name: &name, Color: &color, WeeklyDeepHours: &hours, WeeklyDeliverables: &n})
	if err != nil {
		t.Fatal(err)
	}
	if got.Name != name || got.Color != color || got.WeeklyDeepHours != hours || got.WeeklyDeliverables != n {
		t.Errorf("edited %+v", got)
	}
	t.Run("a taken name changes nothing, not even the other fields", func(t *testing.T) {
		taken, other := "website", "#000000"
		_, err := svc.EditProject(api.ID, tracker.ProjectPatch{Name: &taken, Color: &other})
		if !errors.Is(err, tracker.ErrConflict) {
			t.Fatalf("edit: %v", err)
		}
		p, _ := svc.ProjectByName(name)
		if p.Color != color {
			t.Errorf("colour became %s", p.Color)
		}
	})
	t.Run("a bad colour is named", func(t *testing.T) {
		bad := "teal"
		_, err := svc.EditProject(api.ID, tracker.ProjectPatch{Color: &bad})
		var fe *tracker.FieldError
		if !errors.As(err, &fe) || fe.Field != "color" {
			t.Errorf("edit: %v", err)
		}
	})
}
