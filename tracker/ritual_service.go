package tracker

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"
)

// CloseDayInput is what closing the day says. A nil field keeps what an earlier close of the same
// day said, so that `shiplog day close --energy 4` after `day close --handoff …` keeps the note;
// a field set to its zero value clears it.
type CloseDayInput struct {
	// Tomorrow is the first block for the next working day: a goal and a project, both or
	// neither; &Plan{} clears it.
	Tomorrow *Plan
	Handoff  *string
	// Energy is from 1 to 5; a pointer to 0 clears it. ParseScore reads it as typed.
	Energy *int
}

// planLookBack bounds how far back PlanOffered looks for the last close: two weeks cover any
// weekend and holiday run between a close and the next working day.
const planLookBack = 14

// Today is the local date of the service's clock, in the configured zone.
func (s *Service) Today() Date {
	now := s.now()
	return DateOf(now, now.Location())
}

// CloseDay closes today, the local date of now in the configured zone, in one transaction. The
// first close of a day records it; closing it again updates it, keeping what in leaves nil.
func (s *Service) CloseDay(in CloseDayInput) (DayClose, error) {
	now := s.now()
	loc := now.Location()
	day := DateOf(now, loc)
	var c DayClose
	err := s.write(func(tx Tx) error {
		var err error
		c, err = tx.DayClose(day)
		switch {
		case errors.Is(err, ErrNotFound):
			uid, err := uuid.NewV7()
			if err != nil {
				return fmt.Errorf("make an id: %w", err)
			}
			c = DayClose{Day: day, UID: uid.String()}
		case err != nil:
			return err
		}
		if c.Tomorrow.ProjectID != nil {
			c.Tomorrow.Project = projectName(tx, *c.Tomorrow.ProjectID)
		}
		c.Rev++
		c.Zone, c.ClosedAt = loc.String(), UTC(now)
		if in.Tomorrow != nil {
			c.Tomorrow = Plan{Goal: strings.TrimSpace(in.Tomorrow.Goal), Project: strings.TrimSpace(in.Tomorrow.Project)}
		}
		if in.Handoff != nil {
			c.Handoff = strings.TrimSpace(*in.Handoff)
		}
		if in.Energy != nil {
			c.Energy = nil
			if e := *in.Energy; e != 0 {
				c.Energy = &e
			}
		}
		if err := c.Validate(now); err != nil {
			return err
		}
		c.Tomorrow.ProjectID = nil
		if c.Tomorrow.Project != "" {
			p, err := projectByName(tx, c.Tomorrow.Project)
			if err != nil {
				return err
			}
			c.Tomorrow.ProjectID, c.Tomorrow.Project = &p.ID, p.Name
		}
		if c.ID == 0 {
			return tx.CreateDayClose(&c)
		}
		return tx.SaveDayClose(&c)
	})
	if err != nil {
		return DayClose{}, fmt.Errorf("close %s: %w", day, err)
	}
	return c, nil
}

// DayClose is the close of the local date day; an error wrapping ErrNotFound if the day was not
// closed.
func (s *Service) DayClose(day Date) (DayClose, error) {
	var c DayClose
	err := s.read(func(tx Tx) error {
		var err error
		if c, err = tx.DayClose(day); err != nil {
			return err
		}
		fillCloses(tx, []*DayClose{&c})
		return nil
	})
	if err != nil {
		return DayClose{}, err
	}
	return c, nil
}

// DayCloses lists the closes of the days from from to to, both included, by day; an unset bound
// is open. Days that were not closed are simply absent.
func (s *Service) DayCloses(from, to Date) ([]DayClose, error) {
	var cs []DayClose
	err := s.read(func(tx Tx) error {
		var err error
		if cs, err = tx.ListDayCloses(from, to); err != nil {
			return err
		}
		ptrs := make([]*DayClose, len(cs))
		for i := range cs {
			ptrs[i] = &cs[i]
		}
		fillCloses(tx, ptrs)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list day closes: %w", err)
	}
	return cs, nil
}

// fillCloses names the projects of the closes' plans.
func fillCloses(tx Tx, cs []*DayClose) {
	for _, c := range cs {
		if c.Tomorrow.ProjectID != nil {
			c.Tomorrow.Project = projectName(tx, *c.Tomorrow.ProjectID)
		}
	}
}

// PlanOffered is the close whose plan for tomorrow is on offer now, for the tray's "Start: <goal>"
// and the Today screen's button. A plan is offered on the first working day after the day it was
// made on (NextWorkday), from the start of that day until a block starts on it or the day ends. ok
// is false when no plan is on offer: the last close before today planned nothing, today is not
// its next working day, or a block has started today.
func (s *Service) PlanOffered() (c DayClose, ok bool, err error) {
	now := s.now()
	loc := now.Location()
	today := DateOf(now, loc)
	cfg, err := s.Config()
	if err != nil {
		return DayClose{}, false, err
	}
	err = s.read(func(tx Tx) error {
		cs, err := tx.ListDayCloses(today.AddDays(-planLookBack), today.AddDays(-1))
		if err != nil || len(cs) == 0 {
			return err
		}
		last := cs[len(cs)-1]
		fillCloses(tx, []*DayClose{&last})
		if last.Tomorrow.Goal == "" || last.Tomorrow.Project == "" || cfg.NextWorkday(last.Day) != today {
			return nil
		}
		_, err = tx.FirstBlockIn(today.In(loc), nil, 0)
		switch {
		case errors.Is(err, ErrNotFound):
			c, ok = last, true
			return nil
		case err != nil:
			return err
		}
		return nil // a block has started today
	})
	if err != nil {
		return DayClose{}, false, fmt.Errorf("read tomorrow's plan: %w", err)
	}
	return c, ok, nil
}

// NextWorkday is the first working day after d: a working weekday that is not a holiday. A
// calendar that works on no day in the next two weeks gives the day after d.
func (c Config) NextWorkday(d Date) Date {
	holidays := map[Date]bool{}
	for _, h := range c.Holidays {
		holidays[h] = true
	}
	for i := 1; i <= planLookBack; i++ {
		n := d.AddDays(i)
		if c.Workdays[n.Weekday()] && !holidays[n] {
			return n
		}
	}
	return d.AddDays(1)
}

// IsWorkday reports whether d is a working weekday and not a holiday.
func (c Config) IsWorkday(d Date) bool {
	if !c.Workdays[d.Weekday()] {
		return false
	}
	for _, h := range c.Holidays {
		if h == d {
			return false
		}
	}
	return true
}

// CheckInInput is a weekly check-in as given.
type CheckInInput struct {
	Satisfaction, Balance int // each from 1 to 5
	// Note is a private line for oneself; nil keeps the note of an earlier check-in that week.
	Note *string
}

// CheckIn records this ISO week's check-in (the week of today in the configured zone) in one
// transaction; checking in again in the same week updates it.
func (s *Service) CheckIn(in CheckInInput) (CheckIn, error) {
	now := s.now()
	week := DateOf(now, now.Location()).ISOWeek()
	var c CheckIn
	err := s.write(func(tx Tx) error {
		var err error
		c, err = tx.CheckIn(week)
		switch {
		case errors.Is(err, ErrNotFound):
			c = CheckIn{Week: week}
		case err != nil:
			return err
		}
		c.Satisfaction, c.Balance, c.At = in.Satisfaction, in.Balance, UTC(now)
		if in.Note != nil {
			c.Note = strings.TrimSpace(*in.Note)
		}
		if err := c.Validate(now); err != nil {
			return err
		}
		if c.ID == 0 {
			return tx.CreateCheckIn(&c)
		}
		return tx.SaveCheckIn(&c)
	})
	if err != nil {
		return CheckIn{}, fmt.Errorf("check in for %s: %w", week, err)
	}
	return c, nil
}

// CheckIns lists the check-ins of the ISO weeks from from to to ("2026-W40"), both included, by
// week; an empty bound is open.
func (s *Service) CheckIns(from, to string) ([]CheckIn, error) {
	var cs []CheckIn
	err := s.read(func(tx Tx) error {
		var err error
		cs, err = tx.ListCheckIns(from, to)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list check-ins: %w", err)
	}
	return cs, nil
}

// WeekOf is the ISO week of the instant t in loc, as "2026-W48".
func WeekOf(t time.Time, loc *time.Location) string { return DateOf(t, loc).ISOWeek() }
