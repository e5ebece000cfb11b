package reports

import (
	"sort"
	"time"

	"shiplog/tracker"
)

// Decisions lists what was decided and what waits.
type Decisions struct {
	Closed     []DecisionRow // closed explicitly in the period
	Silent     []DecisionRow // accepted by silence at a deadline in the period
	Open       []DecisionRow // still open, or needing discussion
	Objections []ObjectionRow
}

// DecisionRow is one decision; At is when it closed, or its deadline while open.
type DecisionRow struct {
	Title, Project, Outcome string
	State                   tracker.DecisionState
	At                      time.Time
	Objections              int
}

// ObjectionRow is a reasoned objection raised in the period.
type ObjectionRow struct {
	Decision, By, Reason string
	At                   time.Time
}

func (b *builder) decisions() {
	r := b.r
	ds := &r.Decisions
	for _, d := range b.decs {
		row := DecisionRow{Title: d.Title, Project: d.Project, Outcome: d.Outcome, Objections: len(d.Objections)}
		closedBefore := func(t time.Time) bool { return d.ClosedAt != nil && d.ClosedAt.Before(t) }
		objectedBefore := func(t time.Time) bool {
			for _, o := range d.Objections {
				if o.At.Before(t) {
					return true
				}
			}
			return false
		}
		silentIn := func(p Period) bool {
			return in(d.Deadline, p, b.now) && !closedBefore(d.Deadline) && !objectedBefore(d.Deadline)
		}
		switch {
		case d.ClosedAt != nil && in(*d.ClosedAt, r.Period, b.now):
			row.State, row.At = tracker.DecisionAccepted, d.ClosedAt.In(b.loc)
			if d.Closed == "rejected" {
				row.State = tracker.DecisionRejected
			}
			ds.Closed = append(ds.Closed, row)
		case silentIn(r.Period):
			row.State, row.At = tracker.DecisionAcceptedBySilence, d.Deadline.In(b.loc)
			ds.Silent = append(ds.Silent, row)
		case d.ProposedAt.Before(r.Period.To) && !closedBefore(r.AsOf) &&
			(r.AsOf.Before(d.Deadline) || objectedBefore(d.Deadline)):
			row.State, row.At = tracker.DecisionOpen, d.Deadline.In(b.loc)
			if !r.AsOf.Before(d.Deadline) {
				row.State = tracker.DecisionNeedsDiscussion
			}
			ds.Open = append(ds.Open, row)
		}
		if (d.ClosedAt != nil && in(*d.ClosedAt, r.Previous, b.now)) || silentIn(r.Previous) {
			b.prev.decided++
		}
		for _, o := range d.Objections {
			if in(o.At, r.Period, b.now) {
				ds.Objections = append(ds.Objections, ObjectionRow{Decision: d.Title, By: o.By, Reason: o.Reason, At: o.At.In(b.loc)})
			}
		}
	}
	sortRows := func(rows []DecisionRow) {
		sort.SliceStable(rows, func(i, j int) bool {
			if !rows[i].At.Equal(rows[j].At) {
				return rows[i].At.Before(rows[j].At)
			}
			return rows[i].Title < rows[j].Title
		})
	}
	sortRows(ds.Closed)
	sortRows(ds.Silent)
	sortRows(ds.Open)
	sort.SliceStable(ds.Objections, func(i, j int) bool { return ds.Objections[i].At.Before(ds.Objections[j].At) })
}
