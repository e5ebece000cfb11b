package sqlite_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestDecisionStore(t *testing.T) {
	st, _ := mustStore(t)
	write(t, st, func(tx tracker.Tx) error {
		for _, d := range []tracker.Decision{
			{Title: "later", ProposedAt: t0.Add(-time.Hour), Deadline: t0.Add(time.Hour)},
			{Title: "earlier", ProposedAt: t0.Add(-2 * time.Hour), Deadline: t0.Add(time.Hour), Closed: "accepted"},
		} {
			if err := tx.CreateDecision(&d); err != nil {
				return err
			}
		}
		for _, o := range []tracker.Objection{
			{DecisionID: 1, By: "Bo", Reason: "second", At: t0.Add(-10 * time.Minute)},
			{DecisionID: 2, By: "Cy", Reason: "other", At: t0.Add(-30 * time.Minute)},
			{DecisionID: 1, By: "Al", Reason: "first", At: t0.Add(-20 * time.Minute)},
		} {
			if err := tx.CreateObjection(&o); err != nil {
				return err
			}
		}
		return tx.MarkDecisionNotified(2, t0)
	})
	err := st.Read(func(tx tracker.Tx) error {
		t.Run("decisions list by proposal", func(t *testing.T) {
			ds, _ := tx.ListDecisions()
			if len(ds) != 2 || ds[0].Title != "earlier" || ds[0].Closed != "accepted" || ds[0].NotifiedAt == nil || !ds[0].NotifiedAt.Equal(t0) {
				t.Errorf("got %+v", ds)
			}
		})
		t.Run("objections list by time, for the decisions asked", func(t *testing.T) {
			os, _ := tx.ListObjections([]uint{1})
			if len(os) != 2 || os[0].By != "Al" || os[1].Reason != "second" {
				t.Errorf("got %+v", os)
			}
			if all, _ := tx.ListObjections(nil); len(all) != 3 || all[0].By != "Cy" {
				t.Errorf("all: %+v", all)
			}
		})
		t.Run("a missing decision is ErrNotFound", func(t *testing.T) {
			if _, err := tx.Decision(9); !errors.Is(err, tracker.ErrNotFound) {
				t.Errorf("err = %v", err)
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
