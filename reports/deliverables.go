package reports

import (
	"sort"
	"time"

	"shiplog/tracker"
)

// DeliverableRow is one deliverable as the report lists it.
type DeliverableRow struct {
	ID        uint
	Title     string
	Project   string
	Link      string
	Milestone string
	Status    tracker.Status
	Shipped   time.Time // zero unless shipped
	Due       tracker.Date
	Invested  time.Duration
	Overdue   bool
	// DaysLate is, for a deliverable that shipped after its due date, the calendar days from the
	// due date to the day it shipped; for one overdue, the days from the due date to the period's
	// end. It is zero otherwise.
	DaysLate int
}

// listed reports whether the report lists d: shipped in the period, in progress at its end, or
// due in the next period. Only these rows show invested time.
func (b *builder) listed(d tracker.Deliverable) bool {
	if d.ShippedAt != nil && in(*d.ShippedAt, b.r.Period, b.now) {
		return true
	}
	switch d.StatusAt(b.at) {
	case tracker.StatusInProgress:
		return true
	case tracker.StatusPlanned:
		return b.dueNext(d)
	}
	return false
}

// dueNext reports whether d is due in the next period.
func (b *builder) dueNext(d tracker.Deliverable) bool {
	nextFrom, nextTo := tracker.DateOf(b.r.Next.From, b.loc), tracker.DateOf(b.r.Next.To, b.loc)
	return !d.Due.IsZero() && d.Due >= nextFrom && d.Due < nextTo
}

// deliverables lists what shipped in the period and, as they stood at its end, what was in
// progress and what was due next.
func (b *builder) deliverables() {
	r := b.r
	atDate := tracker.DateOf(b.at, b.loc)
	for _, d := range b.deliv {
		status := d.StatusAt(b.at)
		row := DeliverableRow{ID: d.ID, Title: d.Title, Project: d.Project, Link: d.Link, Milestone: d.Milestone,
			Status: status, Due: d.Due, Invested: time.Duration(d.InvestedSeconds) * time.Second}
		if d.ShippedAt != nil {
			if in(*d.ShippedAt, r.Previous, b.now) {
				b.prev.shipped++
			}
			if in(*d.ShippedAt, r.Period, b.now) {
				row.Shipped = d.ShippedAt.In(b.loc)
				r.Shipped = append(r.Shipped, row)
				continue
			}
		}
		if status != tracker.StatusInProgress && status != tracker.StatusPlanned {
			continue
		}
		row.Overdue = !d.Due.IsZero() && d.Due < atDate
		if status == tracker.StatusInProgress {
			r.InProgress = append(r.InProgress, row)
		}
		if b.dueNext(d) {
			r.Upcoming = append(r.Upcoming, row)
		}
	}
	sort.SliceStable(r.Shipped, func(i, j int) bool {
		if !r.Shipped[i].Shipped.Equal(r.Shipped[j].Shipped) {
			return r.Shipped[i].Shipped.Before(r.Shipped[j].Shipped)
		}
		return r.Shipped[i].ID < r.Shipped[j].ID
	})
	byDue := func(rows []DeliverableRow) {
		sort.SliceStable(rows, func(i, j int) bool {
			a, c := rows[i], rows[j]
			if (a.Due == "") != (c.Due == "") {
				return c.Due == ""
			}
			if a.Due != c.Due {
				return a.Due < c.Due
			}
			return a.ID < c.ID
		})
	}
	byDue(r.InProgress)
	byDue(r.Upcoming)
}
