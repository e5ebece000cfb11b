package sqlite_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestDayClosesAndCheckInsAreStoredOnePerDayAndWeek(t *testing.T) {
	st, _ := mustStore(t)
	four := 4
	var pid uint
	write(t, st, func(tx tracker.Tx) error {
		p := tracker.Project{Name: "API", CreatedAt: t0}
		if err := tx.CreateProject(&p); err != nil {
			return err
		}
		pid = p.ID
		for _, day := range []tracker.Date{"2026-11-23", "2026-11-25", "2026-11-24"} {
			c := tracker.DayClose{Day: day, Zone: "Europe/Berlin", ClosedAt: t0, UID: "uid-" + string(day), Rev: 1}
			if day == "2026-11-24" {
				c.Energy, c.Handoff, c.Tomorrow = &four, "over to you", tracker.Plan{Goal: "Parser", ProjectID: &pid}
			}
			if err := tx.CreateDayClose(&c); err != nil {
				return err
			}
		}
		return nil
	})
	if err := st.Read(func(tx tracker.Tx) error {
		cs, err := tx.ListDayCloses("2026-11-24", "")
		if err != nil {
			return err
		}
		if len(cs) != 2 || cs[0].Day != "2026-11-24" || cs[1].Day != "2026-11-25" {
			t.Errorf("closes from the 24th: %+v", cs)
		}
		c := cs[0]
		if c.Energy == nil || *c.Energy != 4 || c.Handoff != "over to you" || c.Tomorrow.Goal != "Parser" ||
			c.Tomorrow.ProjectID == nil || *c.Tomorrow.ProjectID != pid || !c.ClosedAt.Equal(t0) || c.UID != "uid-2026-11-24" {
			t.Errorf("close read back %+v", c)
		}
		if cs[1].Energy != nil || cs[1].Tomorrow.ProjectID != nil {
			t.Errorf("a close without energy or plan read back %+v", cs[1])
		}
		_, err = tx.DayClose("2026-11-26")
		if !errors.Is(err, tracker.ErrNotFound) {
			t.Errorf("a day not closed: %v, want ErrNotFound", err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}

	for name, fn := range map[string]func(tx tracker.Tx) error{
		"a second close of a day": func(tx tracker.Tx) error {
			return tx.CreateDayClose(&tracker.DayClose{Day: "2026-11-23", Zone: "UTC", ClosedAt: t0, UID: "other", Rev: 1})
		},
		"energy 6": func(tx tracker.Tx) error {
			six := 6
			return tx.CreateDayClose(&tracker.DayClose{Day: "2026-11-27", Zone: "UTC", ClosedAt: t0, UID: "six", Rev: 1, Energy: &six})
		},
		"a second check-in of a week": func(tx tracker.Tx) error {
			for range 2 {
				if err := tx.CreateCheckIn(&tracker.CheckIn{Week: "2026-W48", Satisfaction: 3, Balance: 3, At: t0}); err != nil {
					return err
				}
			}
			return nil
		},
		"a balance of 0": func(tx tracker.Tx) error {
			return tx.CreateCheckIn(&tracker.CheckIn{Week: "2026-W47", Satisfaction: 3, Balance: 0, At: t0})
		},
	} {
		if err := st.Write(fn); err == nil {
			t.Errorf("the schema accepted %s", name)
		}
	}

	write(t, st, func(tx tracker.Tx) error {
		for _, w := range []string{"2026-W09", "2026-W10", "2025-W52"} {
			if err := tx.CreateCheckIn(&tracker.CheckIn{Week: w, Satisfaction: 4, Balance: 2, Note: "n", At: t0.Add(-time.Hour)}); err != nil {
				return err
			}
		}
		return nil
	})
	if err := st.Read(func(tx tracker.Tx) error {
		cs, err := tx.ListCheckIns("2026-W01", "2026-W09")
		if err != nil {
			return err
		}
		if len(cs) != 1 || cs[0].Week != "2026-W09" || cs[0].Note != "n" || cs[0].Balance != 2 {
			t.Errorf("check-ins of weeks 1 to 9: %+v", cs)
		}
		all, err := tx.ListCheckIns("", "")
		if err != nil || len(all) != 3 || all[0].Week != "2025-W52" || all[2].Week != "2026-W10" {
			t.Errorf("every check-in by week: %+v, %v", all, err)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}
