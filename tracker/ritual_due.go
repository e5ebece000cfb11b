package tracker

import (
	"errors"
	"fmt"
	"time"
)

// RitualsDue says which rituals are due at an instant, for the end-of-day notification, the weekly
// check-in prompt and the tray. Neither is ever forced: being due only means that they are offered.
type RitualsDue struct {
	Today Date
	// CloseDay is set from the end of the working hours of a working day until midnight, while
	// the day is not closed.
	CloseDay bool
	// Week is today's ISO week; CheckIn is set from the end of the working hours of its last
	// working day until the week ends, while the week has no check-in.
	Week    string
	CheckIn bool
}

// WorkdayEnd is the instant the working hours of the date d end, in loc.
func (c Config) WorkdayEnd(d Date, loc *time.Location) time.Time {
	t := d.In(loc)
	return time.Date(t.Year(), t.Month(), t.Day(), int(c.WorkEnd/time.Hour), int(c.WorkEnd%time.Hour/time.Minute), 0, 0, loc)
}

// LastWorkdayOfWeek is the last working day of the ISO week that holds d; ok is false for a week
// without one (a week of holidays).
func (c Config) LastWorkdayOfWeek(d Date) (Date, bool) {
	offset := (int(d.Weekday()) + 6) % 7 // days since Monday
	sunday := d.AddDays(6 - offset)
	for i := 0; i < 7; i++ {
		if day := sunday.AddDays(-i); c.IsWorkday(day) {
			return day, true
		}
	}
	return "", false
}

// RitualsDue says which rituals are due now, in the configured zone.
func (s *Service) RitualsDue() (RitualsDue, error) {
	cfg, err := s.Config()
	if err != nil {
		return RitualsDue{}, err
	}
	now := s.now()
	loc := now.Location()
	due := RitualsDue{Today: DateOf(now, loc)}
	due.Week = due.Today.ISOWeek()
	err = s.read(func(tx Tx) error {
		if cfg.IsWorkday(due.Today) && !now.Before(cfg.WorkdayEnd(due.Today, loc)) {
			_, err := tx.DayClose(due.Today)
			switch {
			case errors.Is(err, ErrNotFound):
				due.CloseDay = true
			case err != nil:
				return err
			}
		}
		if last, ok := cfg.LastWorkdayOfWeek(due.Today); ok && !now.Before(cfg.WorkdayEnd(last, loc)) {
			_, err := tx.CheckIn(due.Week)
			switch {
			case errors.Is(err, ErrNotFound):
				due.CheckIn = true
			case err != nil:
				return err
			}
		}
		return nil
	})
	if err != nil {
		return RitualsDue{}, fmt.Errorf("read the rituals: %w", err)
	}
	return due, nil
}
