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
}

// listed reports whether the report lists d: shipped in the period, in progress, or due in the
// next period. Only these rows show invested time.
func (b *builder) listed(d tracker.Deliverable) bool {
	r := b.r
	switch d.Status {
	case tracker.StatusShipped:
		return in(d.ShippedAt.In(b.loc), r.Period, b.now)
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

func (b *builder) deliverables() {
	r := b.r
	asOfDate := tracker.DateOf(r.AsOf, b.loc)
	for _, d := range b.deliv {
		row := DeliverableRow{ID: d.ID, Title: d.Title, Project: d.Project, Link: d.Link, Milestone: d.Milestone,
			Status: d.Status, Due: d.Due, Invested: time.Duration(d.InvestedSeconds) * time.Second}
		switch d.Status {
		case tracker.StatusShipped:
			row.Shipped = d.ShippedAt.In(b.loc)
			if in(row.Shipped, r.Period, b.now) {
				r.Shipped = append(r.Shipped, row)
			}
			if in(row.Shipped, r.Previous, b.now) {
				b.prev.shipped++
			}
		case tracker.StatusInProgress, tracker.StatusPlanned:
			row.Overdue = !d.Due.IsZero() && d.Due < asOfDate
			if d.Status == tracker.StatusInProgress {
				r.InProgress = append(r.InProgress, row)
			}
			if b.dueNext(d) {
				r.Upcoming = append(r.Upcoming, row)
			}
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
