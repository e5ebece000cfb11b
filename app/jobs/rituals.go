package jobs

import (
	"errors"
	"time"

	"shiplog/tracker"
)

// The ritual prompts, as job_runs records them: a run is recorded each time one is offered, which
// is how each is offered once per day or week, across restarts.
const (
	EndOfDay      = "end-of-day"
	WeeklyCheckIn = "weekly-check-in"
)

// rituals offers the end-of-day ritual and the weekly check-in when tracker.RitualsDue says they
// are due: a notification that points at the tray and the command, never a window that takes the
// screen. Each is offered once: the day's close once per day, from the end of the working hours of
// a working day until midnight, and the check-in once per week, from the end of the working hours
// of the week's last working day; neither when it has been done already.
func (r *Runner) rituals(cfg tracker.Config) {
	due, err := r.svc.RitualsDue()
	if err != nil {
		r.fail(EndOfDay, err)
		return
	}
	loc := cfg.Location()
	r.minuteJob(EndOfDay, func() (int, error) {
		return r.offer(EndOfDay, due.CloseDay, due.Today.In(loc), cfg.Notify, "End of the working day",
			"Close the day when you are ready: what shipped, tomorrow's first block, a handoff note. "+
				"Tray ▸ End day…, or shiplog day close.")
	})
	monday := due.Today.AddDays(-(int(due.Today.Weekday()) + 6) % 7)
	r.minuteJob(WeeklyCheckIn, func() (int, error) {
		return r.offer(WeeklyCheckIn, due.CheckIn, monday.In(loc), cfg.Notify, "Weekly check-in",
			"How was the week? Satisfaction and balance, 1 to 5 each; it stays private. "+
				"Tray ▸ Weekly check-in…, or shiplog checkin --satisfaction N --balance N.")
	})
}

// offer notifies once for job while due, unless it was offered at or after since.
func (r *Runner) offer(job string, due bool, since time.Time, enabled bool, title, body string) (int, error) {
	if !due {
		return 0, nil
	}
	last, err := r.svc.LastRun(job)
	switch {
	case err == nil && !last.StartedAt.Before(since) && last.Outcome == tracker.JobOK:
		return 0, nil
	case err != nil && !errors.Is(err, tracker.ErrNotFound):
		return 0, err
	}
	r.notify(enabled, title, body)
	return 1, nil
}

// nextRituals are the next moments the prompts are offered after now, for `shiplog jobs`: the end
// of the working hours of the next working day, and of the last working day of the week.
func nextRituals(cfg tracker.Config, now time.Time) (endOfDay, checkIn time.Time) {
	loc := cfg.Location()
	today := tracker.DateOf(now, loc)
	for i := 0; i <= 14; i++ {
		d := today.AddDays(i)
		if endOfDay.IsZero() && cfg.IsWorkday(d) && cfg.WorkdayEnd(d, loc).After(now) {
			endOfDay = cfg.WorkdayEnd(d, loc)
		}
		if last, ok := cfg.LastWorkdayOfWeek(d); checkIn.IsZero() && ok && cfg.WorkdayEnd(last, loc).After(now) {
			checkIn = cfg.WorkdayEnd(last, loc)
		}
	}
	return endOfDay, checkIn
}
