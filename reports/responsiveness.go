package reports

import (
	"math"
	"sort"
	"time"

	"shiplog/tracker"
)

// Responsiveness is how fast requests were answered, per priority, in business hours.
type Responsiveness struct {
	Rows    []PriorityStats // urgent, important, normal; FYI is excluded
	Within  int             // answered within target, all priorities
	Judged  int             // answered, or open past target
	Pct     float64
	OK      bool
	Overdue []OpenRequest // open past target as of AsOf
}

// PriorityStats sums up the requests of one priority received in the period.
type PriorityStats struct {
	Priority    tracker.Priority
	Target      time.Duration
	Count       int
	Answered    int
	Within      int
	Late        int     // answered late, or open past target
	Median, P90 float64 // business hours of the answered ones
	HasTimes    bool
	Pct         float64
	OK          bool
}

// OpenRequest is a request still unanswered past its target.
type OpenRequest struct {
	Subject, From, Project string
	Priority               tracker.Priority
	Received, Due          time.Time
	Late                   time.Duration // business time past the target
}

func (b *builder) responsiveness() {
	r := b.r
	resp := &r.Response
	byP := map[tracker.Priority]*PriorityStats{}
	times := map[tracker.Priority][]float64{}
	for _, p := range tracker.Priorities {
		if p == tracker.PriorityFYI {
			continue
		}
		resp.Rows = append(resp.Rows, PriorityStats{Priority: p, Target: b.cfg.SLA[p]})
	}
	for i := range resp.Rows {
		byP[resp.Rows[i].Priority] = &resp.Rows[i]
	}
	for _, q := range b.requests {
		st := byP[q.Priority]
		if st == nil {
			continue
		}
		inPrev := in(q.ReceivedAt, r.Previous, b.now)
		if !inPrev && !in(q.ReceivedAt, r.Period, b.now) {
			continue
		}
		within, late := false, false
		switch q.State {
		case tracker.RequestAnsweredInTime:
			within = true
		case tracker.RequestAnsweredLate, tracker.RequestOverdue:
			late = true
		}
		if inPrev {
			if within {
				b.prev.within++
			}
			if within || late {
				b.prev.judge++
			}
			continue
		}
		st.Count++
		if q.RepliedAt != nil {
			st.Answered++
			if q.ResponseBusinessSeconds != nil {
				times[q.Priority] = append(times[q.Priority], float64(*q.ResponseBusinessSeconds)/3600)
			}
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
			sort.Float64s(ts)
			st.Median, st.P90, st.HasTimes = Median(ts), Percentile(ts, 90), true
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
	cal := b.cfg.Calendar()
	for _, q := range b.openRequests {
		if q.DueAt == nil || q.Priority == tracker.PriorityFYI || q.DueAt.After(r.AsOf) {
			continue
		}
		resp.Overdue = append(resp.Overdue, OpenRequest{Subject: q.Subject, From: q.From, Project: q.Project,
			Priority: q.Priority, Received: q.ReceivedAt.In(b.loc), Due: q.DueAt.In(b.loc), Late: cal.Between(*q.DueAt, r.AsOf)})
	}
	sort.SliceStable(resp.Overdue, func(i, j int) bool {
		a, c := resp.Overdue[i], resp.Overdue[j]
		if !a.Due.Equal(c.Due) {
			return a.Due.Before(c.Due)
		}
		return a.Subject < c.Subject
	})
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
