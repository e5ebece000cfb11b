package reports

import (
	"fmt"
	"sort"
	"time"

	"shiplog/tracker"
)

// DayEnd is what the end-of-day ritual shows of a day before it asks its three questions: what
// shipped, deep work against the daily goal, the requests still open and when they fall due, and
// the decisions that close by the end of the next working day. It is read from the report model
// of the day (DayOf), as of the day's end or now while the day runs, so that the End day dialog,
// `shiplog day close` and `shiplog day show` say what the Today screen and the report say.
type DayEnd struct {
	Day  tracker.Date
	AsOf time.Time
	// WordsAt is the moment DueWords and ClosesWords speak from: now while the day runs, else the
	// day's last second, so that a past day reads as it did when it was closed.
	WordsAt time.Time
	// NextWorkday is the first working day after Day, which DecisionsClosing looks to.
	NextWorkday      tracker.Date
	Shipped          []DeliverableRow
	Deep             DeepWork
	Open             []OpenRequest // overdue first, then waiting, each soonest due first
	DecisionsClosing []DecisionRow // open at AsOf, with a deadline by the end of NextWorkday
}

// EndOfDay builds the day's summary for the day period (DayOf) as the report model sees it at now.
func EndOfDay(src Source, day Period, now time.Time) (*DayEnd, error) {
	r, err := Build(src, Options{Period: day, Now: now})
	if err != nil {
		return nil, err
	}
	cfg, err := src.Config()
	if err != nil {
		return nil, err
	}
	loc := day.From.Location()
	e := &DayEnd{Day: tracker.DateOf(day.From, loc), AsOf: r.AsOf, WordsAt: minTime(now, day.To.Add(-time.Second)), Shipped: r.Shipped, Deep: r.Deep,
		Open: append(append([]OpenRequest(nil), r.Response.Overdue...), r.Response.Waiting...)}
	e.NextWorkday = cfg.NextWorkday(e.Day)
	until := e.NextWorkday.AddDays(1).In(loc)
	for _, d := range r.Decisions.Open {
		if d.State == tracker.DecisionOpen && d.At.Before(until) {
			e.DecisionsClosing = append(e.DecisionsClosing, d)
		}
	}
	sort.SliceStable(e.DecisionsClosing, func(i, j int) bool { return e.DecisionsClosing[i].At.Before(e.DecisionsClosing[j].At) })
	return e, nil
}

// DueWords says when something falls due, in words and local time, as the person closing the day
// reads it: "overdue since Tue 24 Nov 12:00", "due in 45m (today 17:00)", "due tomorrow 10:00",
// "due Fri 27 Nov 09:00".
func DueWords(due, now time.Time, loc *time.Location) string {
	due, now = due.In(loc), now.In(loc)
	switch today := tracker.DateOf(now, loc); {
	case !due.After(now):
		return "overdue since " + due.Format("Mon 2 Jan 15:04")
	case tracker.DateOf(due, loc) == today:
		return fmt.Sprintf("due in %s (today %s)", FormatDuration(due.Sub(now).Round(time.Minute)), due.Format("15:04"))
	case tracker.DateOf(due, loc) == today.AddDays(1):
		return "due tomorrow " + due.Format("15:04")
	}
	return "due " + due.Format("Mon 2 Jan 15:04")
}

// ClosesWords says when a decision closes by silence, in the same words: "closes tomorrow 16:00".
func ClosesWords(deadline, now time.Time, loc *time.Location) string {
	w := DueWords(deadline, now, loc)
	if len(w) > 4 && w[:4] == "due " {
		return "closes " + w[4:]
	}
	return w
}
