package reports

import (
	"fmt"
	"strings"
	"time"

	"shiplog/tracker"
)

// DeepWork describes focused work. Only qualifying blocks count: kind deep, at least the minimum
// length, with a goal. The other deep blocks are not counted and are shown apart: short focus
// (under the minimum length) and deep work without a goal (long enough, but no goal).
type DeepWork struct {
	MinLength time.Duration
	// DailyGoal is the weekly deep-work goal spread over the working days.
	DailyGoal        time.Duration
	Days             []DayHours // one per day of the period
	Chart            Series
	Hours            time.Duration // qualifying time inside the period
	Blocks           int
	Average, Longest time.Duration // the blocks' counted lengths (tracker.Attribute)
	PlannedBlocks    int
	Planned, Actual  time.Duration // of the qualifying blocks that had a plan
	Interruptions    int
	DaysWithDeep     int
	WorkDays         int
	ShortBlocks      int
	ShortHours       time.Duration
	NoGoalBlocks     int
	NoGoalHours      time.Duration
}

// DayHours is one local day's deep work, split at midnight.
type DayHours struct {
	Date       time.Time
	Deep       time.Duration
	ShortFocus time.Duration
	NoGoal     time.Duration
}

// Series is chart data: one bar per label, two stacked values each, in hours.
type Series struct {
	Bucket string // "day", "week" or "month"
	Labels []string
	Values []float64 // qualifying deep hours
	Extra  []float64 // deep hours not counted (short focus and no goal), stacked on top
}

// deepClass is how a deep block counts.
type deepClass int

const (
	qualifying deepClass = iota
	shortFocus
	noGoal
)

// classify says how a deep block counts: a block under the minimum length is short focus, goal or
// not; a long enough one counts only with a goal.
func (b *builder) classify(x counted) deepClass {
	switch {
	case b.length(x) < b.cfg.DeepMin:
		return shortFocus
	case !x.HasGoal:
		return noGoal
	}
	return qualifying
}

// length is the time that counts for a block (tracker.Attribute); a running block counts up to now.
func (b *builder) length(x counted) time.Duration {
	if !b.overlap {
		return max(0, b.end(x).Sub(x.Start))
	}
	return tracker.PartsLength(x.parts)
}

// end is where the last of a block's counted time ends.
func (b *builder) end(x counted) time.Time {
	switch {
	case !b.overlap && x.End == nil:
		if b.now.After(x.Start) {
			return b.now
		}
		return x.Start
	case !b.overlap:
		return *x.End
	case len(x.parts) > 0:
		return x.parts[len(x.parts)-1].To
	}
	return x.Start
}

// begin is where the first of a block's counted time begins.
func (b *builder) begin(x counted) time.Time {
	if b.overlap && len(x.parts) > 0 {
		return x.parts[0].From
	}
	return x.Start
}

// inside is the time that counts for a block inside [from, to).
func (b *builder) inside(x counted, from, to time.Time) time.Duration {
	if !b.overlap {
		s, e := x.Start, b.end(x)
		if from.After(s) {
			s = from
		}
		if to.Before(e) {
			e = to
		}
		return max(0, e.Sub(s))
	}
	return tracker.PartsIn(x.parts, from, to)
}

func (b *builder) deep() {
	r := b.r
	d := &r.Deep
	d.MinLength, d.DailyGoal = b.cfg.DeepMin, b.cfg.DailyDeepGoal()
	dates := r.Period.Dates()
	d.Days = make([]DayHours, len(dates))
	for i, t := range dates {
		d.Days[i].Date = t
		if b.cfg.Workdays[t.Weekday()] && !contains(b.holidays, t.Format(time.DateOnly)) {
			d.WorkDays++
		}
	}
	var total time.Duration
	for _, x := range b.blocks {
		if x.Kind != tracker.KindDeep {
			continue
		}
		class := b.classify(x)
		if inPrev := b.inside(x, r.Previous.From, r.Previous.To); class == qualifying && inPrev > 0 {
			b.prev.deep += inPrev
		}
		if b.inside(x, r.Period.From, r.Period.To) == 0 {
			continue
		}
		n := b.length(x)
		switch class {
		case qualifying:
			d.Blocks++
			total += n
			d.Longest = max(d.Longest, n)
			d.Interruptions += x.Interruptions
			if x.PlannedSeconds > 0 {
				d.PlannedBlocks++
				d.Planned += time.Duration(x.PlannedSeconds) * time.Second
				d.Actual += n
			}
		case shortFocus:
			d.ShortBlocks++
		case noGoal:
			d.NoGoalBlocks++
		}
		// Split the block at local midnights, starting from the day its counted time begins on.
		i := max(0, civilDays(r.Period.From, b.begin(x).In(b.loc)))
		for ; i < len(dates); i++ {
			to := r.Period.To
			if i+1 < len(dates) {
				to = dates[i+1]
			}
			if !dates[i].Before(b.end(x)) {
				break
			}
			part := b.inside(x, dates[i], to)
			switch class {
			case qualifying:
				d.Days[i].Deep += part
				d.Hours += part
			case shortFocus:
				d.Days[i].ShortFocus += part
				d.ShortHours += part
			case noGoal:
				d.Days[i].NoGoal += part
				d.NoGoalHours += part
			}
		}
	}
	if d.Blocks > 0 {
		d.Average = (total / time.Duration(d.Blocks)).Round(time.Second)
	}
	for _, day := range d.Days {
		if day.Deep > 0 {
			d.DaysWithDeep++
		}
	}
	d.Chart = chartSeries(d.Days)
}

// chartSeries buckets the days so a chart stays readable: days up to a month, then ISO weeks up
// to half a year, then months.
func chartSeries(days []DayHours) Series {
	var s Series
	key := func(t time.Time) string { return t.Format("Mon 2") }
	switch {
	case len(days) <= 10:
		s.Bucket = "day"
	case len(days) <= 31:
		s.Bucket = "day"
		key = func(t time.Time) string { return t.Format("2") }
	case len(days) <= 26*7:
		s.Bucket = "week"
		key = func(t time.Time) string { _, w := t.ISOWeek(); return fmt.Sprintf("W%d", w) }
	default:
		s.Bucket = "month"
		key = func(t time.Time) string { return t.Format("Jan 06") }
	}
	for _, d := range days {
		k := key(d.Date)
		if n := len(s.Labels); n == 0 || s.Labels[n-1] != k {
			s.Labels = append(s.Labels, k)
			s.Values = append(s.Values, 0)
			s.Extra = append(s.Extra, 0)
		}
		s.Values[len(s.Values)-1] += d.Deep.Hours()
		s.Extra[len(s.Extra)-1] += (d.ShortFocus + d.NoGoal).Hours()
	}
	return s
}

// GoalText is the deep work against the daily goal, as the Today screen and `shiplog status` say
// it for a day: "1h 30m of 3h goal", or "1h 30m (no goal set)".
func (d DeepWork) GoalText() string {
	if d.DailyGoal <= 0 {
		return FormatDuration(d.Hours) + " (no goal set)"
	}
	return FormatDuration(d.Hours) + " of " + FormatDuration(d.DailyGoal) + " goal"
}

// NotCountedText names the deep work that did not count, or is empty when all of it did:
// "45m short focus and 1h 30m without a goal, not counted".
func (d DeepWork) NotCountedText() string {
	var parts []string
	if d.ShortHours > 0 {
		parts = append(parts, FormatDuration(d.ShortHours)+" short focus")
	}
	if d.NoGoalHours > 0 {
		parts = append(parts, FormatDuration(d.NoGoalHours)+" without a goal")
	}
	if len(parts) == 0 {
		return ""
	}
	return strings.Join(parts, " and ") + ", not counted"
}
