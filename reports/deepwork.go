package reports

import (
	"fmt"
	"time"

	"shiplog/tracker"
)

// DeepWork describes focused work. Only qualifying blocks count: kind deep, at least the minimum
// length, with a goal. Other deep blocks are short focus.
type DeepWork struct {
	MinLength        time.Duration
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
}

// DayHours is one local day's deep work, split at midnight.
type DayHours struct {
	Date       time.Time
	Deep       time.Duration
	ShortFocus time.Duration
}

// Series is chart data: one bar per label, two stacked values each, in hours.
type Series struct {
	Bucket string // "day", "week" or "month"
	Labels []string
	Values []float64 // qualifying deep hours
	Extra  []float64 // short focus hours, stacked on top
}

// qualifies reports whether a deep block counts as deep work.
func (b *builder) qualifies(x counted) bool {
	return x.Kind == tracker.KindDeep && x.HasGoal && b.length(x) >= b.cfg.DeepMin
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
	d.MinLength = b.cfg.DeepMin
	dates := r.Period.Dates()
	d.Days = make([]DayHours, len(dates))
	for i, t := range dates {
		d.Days[i].Date = t
		if b.cfg.Workdays[t.Weekday()] && !contains(dateStrings(b.cfg.Holidays), t.Format(time.DateOnly)) {
			d.WorkDays++
		}
	}
	var total time.Duration
	for _, x := range b.blocks {
		if x.Kind != tracker.KindDeep {
			continue
		}
		inPrev := b.inside(x, r.Previous.From, r.Previous.To)
		q := b.qualifies(x)
		if q && inPrev > 0 {
			b.prev.deep += inPrev
		}
		if b.inside(x, r.Period.From, r.Period.To) == 0 {
			continue
		}
		n := b.length(x)
		if q {
			d.Blocks++
			total += n
			d.Longest = max(d.Longest, n)
			d.Interruptions += x.Interruptions
			if x.PlannedSeconds > 0 {
				d.PlannedBlocks++
				d.Planned += time.Duration(x.PlannedSeconds) * time.Second
				d.Actual += n
			}
		} else {
			d.ShortBlocks++
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
			if q {
				d.Days[i].Deep += part
				d.Hours += part
			} else {
				d.Days[i].ShortFocus += part
				d.ShortHours += part
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
		s.Extra[len(s.Extra)-1] += d.ShortFocus.Hours()
	}
	return s
}
