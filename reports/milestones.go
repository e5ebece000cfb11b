package reports

import (
	"math"
	"sort"
	"time"

	"shiplog/tracker"
)

// Milestone health thresholds: how many points actual progress may trail the expected progress.
const (
	OnTrackMaxGap = 16.5
	BehindMaxGap  = 33.0
)

// Health is a milestone's standing against its schedule.
type Health string

// Milestone health values.
const (
	OnTrack Health = "on track"
	Behind  Health = "behind"
	AtRisk  Health = "at risk"
	Done    Health = "done"
)

// MilestoneRow is a milestone's progress against the straight line from start to due.
type MilestoneRow struct {
	Name, Project  string
	Start, Due     tracker.Date
	Shipped, Total int
	Progress       float64 // points, 0 to 100
	Expected       float64 // points, 0 to 100
	Gap            float64 // Expected minus Progress, rounded to 0.01
	Health         Health
}

// milestones shows each milestone active in the period with its progress as it stood at the
// period's end: deliverables shipped by then over those that existed and were not dropped by then.
func (b *builder) milestones() {
	r := b.r
	first, last := tracker.DateOf(r.Period.From, b.loc), tracker.DateOf(r.Period.To.AddDate(0, 0, -1), b.loc)
	ms := append([]tracker.Milestone(nil), b.miles...)
	tracker.CountMilestones(ms, b.deliv, b.at)
	for _, m := range ms {
		done := m.Total > 0 && m.Shipped >= m.Total
		if !m.StartDate.IsZero() && m.StartDate > last {
			continue // not started yet
		}
		if m.DueDate < first && done {
			continue // finished before the period
		}
		row := MilestoneRow{Name: m.Name, Project: m.Project, Start: m.StartDate, Due: m.DueDate,
			Shipped: m.Shipped, Total: m.Total, Progress: 100 * m.Progress()}
		row.Expected = ExpectedProgress(m.StartDate, m.DueDate, r.AsOf.In(b.loc))
		row.Gap = math.Round((row.Expected-row.Progress)*100) / 100
		row.Health = HealthOf(row.Gap)
		if done {
			row.Health = Done
		}
		r.Milestones = append(r.Milestones, row)
	}
	sort.SliceStable(r.Milestones, func(i, j int) bool {
		a, c := r.Milestones[i], r.Milestones[j]
		if a.Due != c.Due {
			return a.Due < c.Due
		}
		if a.Project != c.Project {
			return a.Project < c.Project
		}
		return a.Name < c.Name
	})
}

// ExpectedProgress is where a milestone should be at t, in points: a straight line from the start
// of its start date to the end of its due date. Dates count as local calendar days, so a
// daylight-saving change does not bend the line.
func ExpectedProgress(start, due tracker.Date, t time.Time) float64 {
	if start.IsZero() {
		start = due
	}
	s, e := start.In(time.UTC), due.In(time.UTC).AddDate(0, 0, 1)
	wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
	if !e.After(s) {
		return 100
	}
	f := float64(wall.Sub(s)) / float64(e.Sub(s))
	return 100 * math.Max(0, math.Min(1, f))
}

// HealthOf classifies how many points actual progress trails the expected progress.
func HealthOf(gap float64) Health {
	switch {
	case gap <= OnTrackMaxGap:
		return OnTrack
	case gap <= BehindMaxGap:
		return Behind
	}
	return AtRisk
}

func countHealth(ms []MilestoneRow, h Health) int {
	n := 0
	for _, m := range ms {
		if m.Health == h {
			n++
		}
	}
	return n
}
