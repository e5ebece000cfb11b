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
	// Objected lists the objections raised by AsOf, oldest first.
	Objected []ObjectionRow
	// WrittenDown is set on a decision made in the period that was written down (writtenDown).
	WrittenDown bool
}

// ObjectionRow is a reasoned objection raised in the period.
type ObjectionRow struct {
	Decision, By, Reason string
	At                   time.Time
}

// decisions lists the decisions closed in the period, explicitly or by silence at a deadline in
// it, and those open or needing discussion at its end, each as it stood then (Decision.StateAt).
func (b *builder) decisions() {
	r := b.r
	ds := &r.Decisions
	for _, d := range b.decs {
		if d.ProposedAt.After(b.at) {
			continue // proposed after the period
		}
		row := DecisionRow{Title: d.Title, Project: d.Project, Outcome: d.Outcome}
		for _, o := range d.Objections {
			ob := ObjectionRow{Decision: d.Title, By: o.By, Reason: o.Reason, At: o.At.In(b.loc)}
			if !o.At.After(b.at) {
				row.Objections++
				row.Objected = append(row.Objected, ob)
			}
			if in(o.At, r.Period, b.now) {
				ds.Objections = append(ds.Objections, ob)
			}
		}
		closedIn := func(p Period) bool { return d.Closed != "" && d.ClosedAt != nil && in(*d.ClosedAt, p, b.now) }
		silentIn := func(p Period) bool {
			return in(d.Deadline, p, b.now) && d.StateAt(d.Deadline) == tracker.DecisionAcceptedBySilence
		}
		if closedIn(r.Previous) || silentIn(r.Previous) {
			b.prev.decided++
		}
		switch st := d.StateAt(b.at); {
		case closedIn(r.Period):
			row.State, row.At = st, d.ClosedAt.In(b.loc)
			row.WrittenDown = writtenDown(d, false)
			ds.Closed = append(ds.Closed, row)
		case silentIn(r.Period):
			row.State, row.At = tracker.DecisionAcceptedBySilence, d.Deadline.In(b.loc)
			row.WrittenDown = writtenDown(d, true)
			ds.Silent = append(ds.Silent, row)
		case st == tracker.DecisionOpen || st == tracker.DecisionNeedsDiscussion:
			row.State, row.At = st, d.Deadline.In(b.loc)
			ds.Open = append(ds.Open, row)
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
