package sqlite_test

import (
	"fmt"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestRequestStore(t *testing.T) {
	st, _ := mustStore(t)
	var p uint
	write(t, st, func(tx tracker.Tx) error {
		pr := tracker.Project{Name: "A"}
		if err := tx.CreateProject(&pr); err != nil {
			return err
		}
		p = pr.ID
		replied := t0.Add(-time.Hour)
		for i, r := range []tracker.Request{
			{Subject: "open, newest", Priority: tracker.PriorityUrgent, ReceivedAt: t0.Add(-time.Hour)},
			{Subject: "answered", From: "Ann", Priority: tracker.PriorityNormal, ReceivedAt: t0.Add(-3 * time.Hour), RepliedAt: &replied, ProjectID: &p},
			{Subject: "open, oldest", Priority: tracker.PriorityFYI, ReceivedAt: t0.Add(-5 * time.Hour), ProjectID: &p},
		} {
			if err := tx.CreateRequest(&r); err != nil {
				return fmt.Errorf("request %d: %w", i, err)
			}
		}
		return tx.MarkRequestNotified(1, tracker.RequestOverdue, t0)
	})
	tests := []struct {
		name string
		q    tracker.RequestQuery
		want string
	}{
		{"no filter lists all by receipt", tracker.RequestQuery{}, "[open, oldest answered open, newest]"},
		{"open only leaves out the answered", tracker.RequestQuery{OpenOnly: true}, "[open, oldest open, newest]"},
		{"the receipt range is half open", tracker.RequestQuery{ReceivedFrom: t0.Add(-5 * time.Hour), ReceivedTo: t0.Add(-time.Hour)}, "[open, oldest answered]"},
		{"projects select", tracker.RequestQuery{ProjectIDs: []uint{p}}, "[open, oldest answered]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := st.Read(func(tx tracker.Tx) error {
				rs, err := tx.ListRequests(tt.q)
				var subjects []string
				for _, r := range rs {
					subjects = append(subjects, r.Subject)
				}
				if got := fmt.Sprint(subjects); got != tt.want {
					t.Errorf("got %s, want %s", got, tt.want)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	t.Run("the overdue notice is recorded apart from the due-soon one", func(t *testing.T) {
		err := st.Read(func(tx tracker.Tx) error {
			r, err := tx.Request(1)
			if r.NotifiedSoonAt != nil || r.NotifiedOverdueAt == nil || !r.NotifiedOverdueAt.Equal(t0) {
				t.Errorf("got soon %v, overdue %v", r.NotifiedSoonAt, r.NotifiedOverdueAt)
			}
			if a, _ := tx.Request(2); a.From != "Ann" || *a.ProjectID != p {
				t.Errorf("request 2: %+v", a)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	})
}
