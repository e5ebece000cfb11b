package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"shiplog/tracker"
)

// Member is one person's report, built by Build from that person's own record and settings, so
// that the team report reuses every definition of the personal report unchanged.
type Member struct {
	Name   string
	Report *Report
}

// TeamReport is the roll-up of several members' reports for one period, as data in reading order.
type TeamReport struct {
	Title  string
	Period Period // the first member's period; members may differ only in time zone
	// AsOf is the latest moment any member's figures describe.
	AsOf     time.Time
	Headline string
	Members  []MemberRow // in the order given
	Totals   TeamTotals
	Shipped  []ProjectShipped // by project name
	Open     []TeamDecision   // open decisions across the team, by deadline
	Zones    []string         // the members' time zones, sorted, each once
	// CheckIns is the team's median check-in, the only part of the members' rituals it shows.
	CheckIns TeamCheckIns
	// Overlaps is set when any member's report counted overlapping blocks (Report.Overlaps).
	Overlaps bool
}

// MemberRow is one member's summary line. Every figure is taken from the member's report.
type MemberRow struct {
	Name    string
	Shipped int
	Deep    time.Duration // qualifying deep work inside the period
	Short   time.Duration // short focus: deep blocks under the minimum length
	NoGoal  time.Duration // deep work without a goal, not counted
	// Within and Judged count requests answered within target, and answered or open past target.
	Within, Judged int
	WithinPct      float64
	WithinOK       bool // false when no request came due
	// Async, DeepAll and Meeting are the inputs of the async share: all async, deep and meeting time.
	Async, DeepAll, Meeting time.Duration
	AsyncShare              float64
	AsyncOK                 bool
	Open                    int // open decisions, including those needing discussion
	Settings                Settings
}

// TeamTotals are the team's figures. Counts and hours are sums. The two shares are pooled, not
// averaged: requests within target over all judged requests, and async plus deep time over async,
// deep and meeting time, so that a member with one request does not weigh as much as one with fifty.
type TeamTotals struct {
	Members                 int
	Shipped                 int
	Projects                int // projects with a shipped deliverable
	Deep, Short, NoGoal     time.Duration
	Within, Judged          int
	WithinPct               float64
	WithinOK                bool
	Async, DeepAll, Meeting time.Duration
	AsyncShare              float64
	AsyncOK                 bool
	Open                    int
}

// ProjectShipped is what the team shipped in one project.
type ProjectShipped struct {
	Project string
	Rows    []TeamDeliverable // by ship time
}

// TeamDeliverable is a shipped deliverable and who shipped it.
type TeamDeliverable struct {
	Member string
	DeliverableRow
}

// TeamDecision is an open decision, whose At is its deadline, with the objections raised against
// it in the period.
type TeamDecision struct {
	Member string
	DecisionRow
	Raised []ObjectionRow
}

// BuildTeam rolls members' reports up into one team report. Members without a report are left out.
func BuildTeam(members []Member) *TeamReport {
	t := &TeamReport{Title: "Team report"}
	zones := map[string]bool{}
	byProject := map[string]*ProjectShipped{}
	kinds := map[tracker.Kind]time.Duration{}
	tot := &t.Totals
	for _, m := range members {
		r := m.Report
		t.Overlaps = t.Overlaps || r.Overlaps
		if r == nil {
			continue
		}
		if tot.Members == 0 {
			t.Period = r.Period
		}
		if r.AsOf.After(t.AsOf) {
			t.AsOf = r.AsOf
		}
		zones[r.Settings.Zone] = true
		row := MemberRow{Name: m.Name, Shipped: len(r.Shipped), Deep: r.Deep.Hours, Short: r.Deep.ShortHours, NoGoal: r.Deep.NoGoalHours,
			Within: r.Response.Within, Judged: r.Response.Judged, WithinPct: r.Response.Pct, WithinOK: r.Response.OK,
			Async: r.Async.Async, DeepAll: r.Async.Deep, Meeting: r.Async.Meeting, AsyncShare: r.Async.Share, AsyncOK: r.Async.OK,
			Open: len(r.Decisions.Open), Settings: r.Settings}
		t.Members = append(t.Members, row)

		tot.Members++
		tot.Shipped += row.Shipped
		tot.Deep += row.Deep
		tot.Short += row.Short
		tot.NoGoal += row.NoGoal
		tot.Within += row.Within
		tot.Judged += row.Judged
		tot.Open += row.Open
		kinds[tracker.KindAsync] += row.Async
		kinds[tracker.KindDeep] += row.DeepAll
		kinds[tracker.KindMeeting] += row.Meeting

		for _, s := range r.Shipped {
			g := byProject[s.Project]
			if g == nil {
				g = &ProjectShipped{Project: s.Project}
				byProject[s.Project] = g
			}
			g.Rows = append(g.Rows, TeamDeliverable{Member: m.Name, DeliverableRow: s})
		}
		for _, d := range r.Decisions.Open {
			td := TeamDecision{Member: m.Name, DecisionRow: d}
			for _, o := range r.Decisions.Objections {
				if o.Decision == d.Title {
					td.Raised = append(td.Raised, o)
				}
			}
			t.Open = append(t.Open, td)
		}
	}
	tot.Async, tot.DeepAll, tot.Meeting = kinds[tracker.KindAsync], kinds[tracker.KindDeep], kinds[tracker.KindMeeting]
	tot.AsyncShare, tot.AsyncOK = share(kinds)
	if tot.Judged > 0 {
		tot.WithinPct, tot.WithinOK = 100*float64(tot.Within)/float64(tot.Judged), true
	}
	for _, g := range byProject {
		sort.SliceStable(g.Rows, func(i, j int) bool {
			a, c := g.Rows[i], g.Rows[j]
			if !a.Shipped.Equal(c.Shipped) {
				return a.Shipped.Before(c.Shipped)
			}
			if a.Member != c.Member {
				return a.Member < c.Member
			}
			return a.Title < c.Title
		})
		t.Shipped = append(t.Shipped, *g)
	}
	sort.Slice(t.Shipped, func(i, j int) bool {
		a, c := strings.ToLower(t.Shipped[i].Project), strings.ToLower(t.Shipped[j].Project)
		if a != c {
			return a < c
		}
		return t.Shipped[i].Project < t.Shipped[j].Project
	})
	tot.Projects = len(t.Shipped)
	sort.SliceStable(t.Open, func(i, j int) bool {
		a, c := t.Open[i], t.Open[j]
		if !a.At.Equal(c.At) {
			return a.At.Before(c.At)
		}
		if a.Member != c.Member {
			return a.Member < c.Member
		}
		return a.Title < c.Title
	})
	for z := range zones {
		t.Zones = append(t.Zones, z)
	}
	sort.Strings(t.Zones)
	t.CheckIns = teamCheckIns(members)
	t.Headline = teamHeadline(t)
	return t
}

// teamHeadline is the TL;DR sentence of the team report.
func teamHeadline(t *TeamReport) string {
	tot := t.Totals
	var parts []string
	switch tot.Shipped {
	case 0:
		parts = append(parts, "No deliverables shipped")
	case 1:
		parts = append(parts, "1 deliverable shipped")
	default:
		parts = append(parts, fmt.Sprintf("%d deliverables shipped", tot.Shipped))
	}
	shippers := 0
	for _, m := range t.Members {
		if m.Shipped > 0 {
			shippers++
		}
	}
	if tot.Shipped > 0 {
		parts[0] += fmt.Sprintf(" by %d of %d member%s", shippers, tot.Members, plural(tot.Members))
	}
	parts = append(parts, strings.TrimSuffix(FormatValue(UnitHours, tot.Deep.Hours(), true), " h")+" deep-work hours")
	if tot.WithinOK {
		parts = append(parts, FormatValue(UnitPercent, tot.WithinPct, true)+" of requests answered within target")
	} else {
		parts = append(parts, "no requests came due")
	}
	parts = append(parts, fmt.Sprintf("%d decision%s open", tot.Open, plural(tot.Open)))
	return strings.Join(parts, "; ")
}
