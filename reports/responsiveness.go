package reports

import (
	"math"
	"sort"
	"time"

	"shiplog/tracker"
)

// Responsiveness is how fast requests were answered, per priority, in business hours. Requests
// are judged as they stood at the period's end: a reply after it does not count.
type Responsiveness struct {
	Rows    []PriorityStats // urgent, important, normal; FYI is excluded
	Within  int             // answered within target, all priorities
	Judged  int             // answered, or open past target
	Pct     float64
	OK      bool
	Overdue []OpenRequest // open past target at AsOf
	// Waiting are open at AsOf and not yet past target, soonest due first.
	Waiting []OpenRequest
}

// PriorityStats sums up the requests of one priority received in the period.
type PriorityStats struct {
	Priority    tracker.Priority
	Target      time.Duration
	Count       int
	Answered    int
	Within      int
	Late        int           // answered late, or open past target
	Median, P90 time.Duration // business time to the first reply, of the answered ones
	HasTimes    bool
	Pct         float64
	OK          bool
}

// OpenRequest is a request still unanswered at AsOf.
type OpenRequest struct {
	Subject, From, Project string
	Priority               tracker.Priority
	Received, Due          time.Time
	Late                   time.Duration // business time past the target; zero while waiting
}

// judged says how a request counts at the instant at: answered within target, or late (answered
// late, or open past target); neither while it waits within its target.
func (b *builder) judged(q tracker.Request, at time.Time) (within, late bool) {
	switch q.StateAt(at, b.cfg) {
	case tracker.RequestAnsweredInTime:
		return true, false
	case tracker.RequestAnsweredLate, tracker.RequestOverdue:
		return false, true
	}
	return false, false
}

func (b *builder) responsiveness() {
	r := b.r
	resp := &r.Response
	byP := map[tracker.Priority]*PriorityStats{}
	times := map[tracker.Priority][]time.Duration{}
	for _, p := range tracker.Priorities {
		if p == tracker.PriorityFYI {
			continue
		}
		resp.Rows = append(resp.Rows, PriorityStats{Priority: p, Target: b.cfg.SLA[p]})
	}
	for i := range resp.Rows {
		byP[resp.Rows[i].Priority] = &resp.Rows[i]
	}
	cal := b.cfg.Calendar()
	for _, q := range b.requests {
		st := byP[q.Priority]
		if st == nil {
			continue
		}
		if in(q.ReceivedAt, r.Previous, b.now) {
			within, late := b.judged(q, b.prevAt)
			if within {
				b.prev.within++
			}
			if within || late {
				b.prev.judge++
			}
			continue
		}
		if !in(q.ReceivedAt, r.Period, b.now) {
			continue
		}
		within, late := b.judged(q, b.at)
		st.Count++
		if q.AnsweredBy(b.at) {
			st.Answered++
			times[q.Priority] = append(times[q.Priority], cal.Between(q.ReceivedAt, *q.RepliedAt).Truncate(time.Second))
		}
		if within {
			st.Within++
		}
		if late {
			st.Late++
		}
	}
	for i := range resp.Rows {
		st := &resp.Rows[i]
		if ts := times[st.Priority]; len(ts) > 0 {
			sort.Slice(ts, func(i, j int) bool { return ts[i] < ts[j] })
			st.Median, st.P90, st.HasTimes = MedianDuration(ts), PercentileDuration(ts, 90), true
		}
		if n := st.Within + st.Late; n > 0 {
			st.Pct, st.OK = 100*float64(st.Within)/float64(n), true
		}
		resp.Within += st.Within
		resp.Judged += st.Within + st.Late
	}
	if resp.Judged > 0 {
		resp.Pct, resp.OK = 100*float64(resp.Within)/float64(resp.Judged), true
	}
	for _, q := range b.requests {
		due := tracker.RequestDue(q, b.cfg)
		if due == nil || q.AnsweredBy(b.at) || q.ReceivedAt.After(b.at) {
			continue
		}
		o := OpenRequest{Subject: q.Subject, From: q.From, Project: q.Project, Priority: q.Priority,
			Received: q.ReceivedAt.In(b.loc), Due: due.In(b.loc)}
		if q.StateAt(b.at, b.cfg) == tracker.RequestOverdue {
			o.Late = cal.Between(*due, r.AsOf)
			resp.Overdue = append(resp.Overdue, o)
		} else {
			resp.Waiting = append(resp.Waiting, o)
		}
	}
	for _, list := range [][]OpenRequest{resp.Overdue, resp.Waiting} {
		sort.SliceStable(list, func(i, j int) bool {
			a, c := list[i], list[j]
			if !a.Due.Equal(c.Due) {
				return a.Due.Before(c.Due)
			}
			return a.Subject < c.Subject
		})
	}
}

// MedianDuration is the middle of sorted durations, or the mean of the two middle ones, to the
// second.
func MedianDuration(sorted []time.Duration) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return ((sorted[n/2-1] + sorted[n/2]) / 2).Round(time.Second)
}

// PercentileDuration is the nearest-rank percentile of sorted durations, as Percentile.
func PercentileDuration(sorted []time.Duration, p float64) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	k := int(math.Ceil(p/100*float64(n))) - 1
	return sorted[max(0, min(n-1, k))]
}

// Median is the middle of sorted values, or the mean of the two middle ones.
func Median(sorted []float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// Percentile is the nearest-rank percentile of sorted values: the smallest value with at least
// p percent of the values at or below it.
func Percentile(sorted []float64, p float64) float64 {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	k := int(math.Ceil(p/100*float64(n))) - 1
	return sorted[max(0, min(n-1, k))]
}
