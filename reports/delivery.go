package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"shiplog/tracker"
)

// Delivery is delivery on time: the deliverables due in the period against their due dates, the
// days late of what shipped late, and what is overdue at the period's end. A deliverable is on time
// when it shipped by the end of its due date in the user's zone (DueEnd); the due date is never
// moved, not for a weekend and not for a holiday.
type Delivery struct {
	// Due counts the deliverables due in the period and not dropped at its end; OnTime and Late
	// those judged at the end, and Pending those due later in a running period and not shipped.
	Due, OnTime, Late, Pending int
	Pct                        float64 // OnTime over OnTime plus Late
	OK                         bool
	// ShippedLate lists what shipped in the period after its due date, whatever the due date, by
	// ship time; MedianDaysLate is the median of their days late.
	ShippedLate    []DeliverableRow
	MedianDaysLate float64
	MedianOK       bool
	// Overdue lists the deliverables planned or in progress at the period's end whose due date had
	// ended, by due date.
	Overdue []DeliverableRow
}

// DueEnd is when a deliverable due on date becomes late: the first instant of the next day in loc.
func DueEnd(due tracker.Date, loc *time.Location) time.Time {
	return due.AddDays(1).In(loc)
}

// daysBetween counts calendar days from date a to date b.
func daysBetween(a, b tracker.Date) int {
	ta, _ := time.Parse(time.DateOnly, string(a))
	tb, _ := time.Parse(time.DateOnly, string(b))
	return int(tb.Sub(ta).Hours() / 24)
}

// delivery judges the deliverables due in the period as they stood at its end.
func (b *builder) delivery() {
	r := b.r
	dl := &r.Delivery
	first, last := tracker.DateOf(r.Period.From, b.loc), tracker.DateOf(r.Period.To.AddDate(0, 0, -1), b.loc)
	asOfDate := tracker.DateOf(r.AsOf, b.loc)
	for _, d := range b.deliv {
		if d.Due.IsZero() {
			continue
		}
		status := d.StatusAt(b.at)
		row := DeliverableRow{ID: d.ID, Title: d.Title, Project: d.Project, Link: d.Link, Milestone: d.Milestone, Status: status, Due: d.Due}
		dueEnd := DueEnd(d.Due, b.loc)
		if status == tracker.StatusShipped && d.ShippedAt != nil {
			row.Shipped = d.ShippedAt.In(b.loc)
			if !d.ShippedAt.Before(dueEnd) {
				row.DaysLate = daysBetween(d.Due, tracker.DateOf(*d.ShippedAt, b.loc))
			}
		}
		if d.Due >= first && d.Due <= last {
			switch {
			case status == "" || status == tracker.StatusDropped:
			case status == tracker.StatusShipped && row.DaysLate == 0:
				dl.Due++
				dl.OnTime++
			case status == tracker.StatusShipped || !dueEnd.After(r.AsOf):
				dl.Due++
				dl.Late++
			default:
				dl.Due++
				dl.Pending++
			}
		}
		if status == tracker.StatusShipped && row.DaysLate > 0 && in(*d.ShippedAt, r.Period, b.now) {
			dl.ShippedLate = append(dl.ShippedLate, row)
		}
		if (status == tracker.StatusPlanned || status == tracker.StatusInProgress) && !dueEnd.After(r.AsOf) {
			row.Overdue, row.DaysLate = true, daysBetween(d.Due, asOfDate)
			dl.Overdue = append(dl.Overdue, row)
		}
	}
	if n := dl.OnTime + dl.Late; n > 0 {
		dl.Pct, dl.OK = 100*float64(dl.OnTime)/float64(n), true
	}
	sort.SliceStable(dl.ShippedLate, func(i, j int) bool { return dl.ShippedLate[i].Shipped.Before(dl.ShippedLate[j].Shipped) })
	if n := len(dl.ShippedLate); n > 0 {
		days := make([]float64, n)
		for i, row := range dl.ShippedLate {
			days[i] = float64(row.DaysLate)
		}
		sort.Float64s(days)
		dl.MedianDaysLate, dl.MedianOK = Median(days), true
	}
	sort.SliceStable(dl.Overdue, func(i, j int) bool {
		if dl.Overdue[i].Due != dl.Overdue[j].Due {
			return dl.Overdue[i].Due < dl.Overdue[j].Due
		}
		return dl.Overdue[i].ID < dl.Overdue[j].ID
	})
}

// Text is delivery on time in the words every screen uses: "3 of 4 due shipped on time (75%)",
// with the pending ones, or "nothing was due".
func (d Delivery) Text() string {
	if !d.OK {
		if d.Pending > 0 {
			return fmt.Sprintf("%s due later in the period, not judged yet", countText(d.Pending, "deliverable", "deliverables"))
		}
		return "nothing was due"
	}
	s := fmt.Sprintf("%d of %d due shipped on time (%s)", d.OnTime, d.OnTime+d.Late, FormatValue(UnitPercent, d.Pct, true))
	if d.Pending > 0 {
		s += fmt.Sprintf("; %d due later, not judged yet", d.Pending)
	}
	return s
}

// LateText is the days late of what shipped late: "shipped late: 2, median 1.5 days late", or
// "nothing shipped late".
func (d Delivery) LateText() string {
	if !d.MedianOK {
		return "nothing shipped late"
	}
	return fmt.Sprintf("shipped late: %d, median %s late", len(d.ShippedLate), daysText(d.MedianDaysLate))
}

// OverdueText names what is overdue at the period's end: "overdue: Multi-currency invoices (3
// days)", or "nothing overdue".
func (d Delivery) OverdueText() string {
	if len(d.Overdue) == 0 {
		return "nothing overdue"
	}
	var parts []string
	for _, o := range d.Overdue {
		parts = append(parts, fmt.Sprintf("%s (%s)", o.Title, daysText(float64(o.DaysLate))))
	}
	return "overdue: " + strings.Join(parts, ", ")
}

// daysText writes a number of days: "1 day", "2 days", "1.5 days".
func daysText(n float64) string {
	if n == 1 {
		return "1 day"
	}
	return trimZero(n) + " days"
}

func trimZero(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

func countText(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
