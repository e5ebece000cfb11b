package sqlite_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestListDeliverablesFilters(t *testing.T) {
	st, clock := mustStore(t)
	shipped := func(h int) *time.Time { s := t0.Add(time.Duration(h) * time.Hour); return &s }
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
		for _, d := range []tracker.Deliverable{
			{Title: "planned", ProjectID: a, Status: tracker.StatusPlanned},
			{Title: "shipped at -2h", ProjectID: a, Status: tracker.StatusShipped, ShippedAt: shipped(-2)},
			{Title: "shipped at -1h", ProjectID: b, Status: tracker.StatusShipped, ShippedAt: shipped(-1)},
			{Title: "dropped", ProjectID: b, Status: tracker.StatusDropped},
		} {
			if err := tx.CreateDeliverable(&d); err != nil {
				return err
			}
		}
		return nil
	})
	tests := []struct {
		name string
		q    tracker.DeliverableQuery
		want string
	}{
		{"no filter lists all by ID", tracker.DeliverableQuery{}, "[planned shipped at -2h shipped at -1h dropped]"},
		{"projects select", tracker.DeliverableQuery{ProjectIDs: []uint{b}}, "[shipped at -1h dropped]"},
		{"statuses select", tracker.DeliverableQuery{Statuses: []tracker.Status{tracker.StatusPlanned, tracker.StatusDropped}}, "[planned dropped]"},
		{"the shipping range is half open", tracker.DeliverableQuery{ShippedFrom: t0.Add(-2 * time.Hour), ShippedTo: t0.Add(-time.Hour)}, "[shipped at -2h]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := st.Read(func(tx tracker.Tx) error {
				ds, err := tx.ListDeliverables(tt.q)
				var titles []string
				for _, d := range ds {
					titles = append(titles, d.Title)
				}
				if got := fmt.Sprint(titles); got != tt.want {
					t.Errorf("got %s, want %s", got, tt.want)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("saving stamps the update time and keeps the rest", func(t *testing.T) {
		clock.Advance(time.Hour)
		write(t, st, func(tx tracker.Tx) error {
			d, err := tx.Deliverable(1)
			if err != nil {
				return err
			}
			d.Notes = "n"
			return tx.SaveDeliverable(&d)
		})
		err := st.Read(func(tx tracker.Tx) error {
			d, err := tx.Deliverable(1)
			if d.Notes != "n" || !d.UpdatedAt.Equal(t0.Add(time.Hour)) || !d.CreatedAt.Equal(t0) || d.Title != "planned" {
				t.Errorf("got %+v", d)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
	t.Run("a missing deliverable is ErrNotFound", func(t *testing.T) {
		err := st.Read(func(tx tracker.Tx) error {
			_, err := tx.Deliverable(99)
			return err
		})
		if !errors.Is(err, tracker.ErrNotFound) || err.Error() != "deliverable 99 not found" {
			t.Fatalf("err = %v", err)
		}
	})
}
