// Package reports turns the tracker's record into the result report a manager reads in two
// minutes: first a plain model of numbers, rows and series (Build), then a PDF (Render).
package reports

import (
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"shiplog/tracker"
)

// AsyncTarget is the async share the report measures against, in percent.
const AsyncTarget = 80.0

// Milestone health thresholds: how many points actual progress may trail the expected progress.
const (
	OnTrackMaxGap = 16.5
	BehindMaxGap  = 33.0
)

// meetingHistory is how many earlier periods the meeting hours are compared with.
const meetingHistory = 4

// Options says what to report on.
type Options struct {
	Period   Period
	Projects []string // empty means every project
	Hours    bool     // add the hours context table; off by default
	Author   string   // overrides the report.author setting
	Title    string   // overrides the report.title setting
	Now      time.Time
}

// Report is the whole report as data, in reading order.
type Report struct {
	Title, Author string
	Period        Period
	Previous      Period
	Next          Period
	// AsOf is the moment the numbers describe: the end of the period, or now if that is earlier.
	AsOf     time.Time
	Projects []string // the filter, as stored names; empty means all
	Settings Settings

	Headline   string
	KPIs       []KPI
	Shipped    []DeliverableRow
	InProgress []DeliverableRow
	Milestones []MilestoneRow
	Deep       DeepWork
	Response   Responsiveness
	Async      AsyncShare
	Decisions  Decisions
	Upcoming   []DeliverableRow // due in the next period
	Hours      *HoursTable      // nil unless Options.Hours
}

// Settings are the configuration values the numbers depend on, printed in the footer.
type Settings struct {
	Zone      string
	DeepMin   time.Duration
	SLA       map[tracker.Priority]time.Duration
	Workdays  string
	WorkHours string
	Hours     bool
}

// Unit says how a KPI value reads.
type Unit int

// KPI units.
const (
	UnitCount Unit = iota
	UnitHours
	UnitPercent
)

// KPI is one tile: a value and its change from the previous period.
type KPI struct {
	Label    string
	Unit     Unit
	Value    float64
	Previous float64
	// OK and PrevOK are false when the figure is undefined, such as a response rate with no requests.
	OK, PrevOK bool
	Text       string // the value as shown, e.g. "11.5 h"
	Delta      string // the change, e.g. "+20%", "+2", "-5 pts", or "n/a"
	PrevText   string // e.g. "prev. 9.5 h"
}

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

// DeepWork describes focused work. Only qualifying blocks count: kind deep, at least the minimum
// length, with a goal. Other deep blocks are short focus.
type DeepWork struct {
	MinLength        time.Duration
	Days             []DayHours // one per day of the period
	Chart            Series
	Hours            time.Duration // qualifying time inside the period
	Blocks           int
	Average, Longest time.Duration // whole block lengths
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

// AsyncShare weighs written and focused work against meetings.
type AsyncShare struct {
	Async, Deep, Meeting, Shallow time.Duration
	Share                         float64 // percent
	OK                            bool
	Target                        float64
	MeetingAvg                    time.Duration // average over the previous periods
	History                       []PeriodHours // the previous periods' meeting hours, oldest first
}

// PeriodHours is one earlier period's meeting time.
type PeriodHours struct {
	Label string
	Hours time.Duration
}

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

// HoursTable is the optional context: time by kind and by project.
type HoursTable struct {
	ByKind    []NamedHours
	ByProject []NamedHours
	Total     time.Duration
}

// NamedHours is time under a name.
type NamedHours struct {
	Name  string
	Hours time.Duration
}

// Build computes the report for opts from the tracker.
func Build(svc *tracker.Service, opts Options) (*Report, error) {
	if opts.Period.From.IsZero() || !opts.Period.To.After(opts.Period.From) {
		return nil, fmt.Errorf("build report: %w", &tracker.FieldError{Field: "period", Reason: "must be set"})
	}
	cfg, err := svc.Config()
	if err != nil {
		return nil, fmt.Errorf("build report: %w", err)
	}
	now := opts.Now
	if now.IsZero() {
		now = svc.Now()
	}
	loc := opts.Period.From.Location()
	p := opts.Period
	r := &Report{
		Title: firstNonEmpty(opts.Title, cfg.ReportTitle, "Results"), Author: firstNonEmpty(opts.Author, cfg.Author),
		Period: p, Previous: p.Previous(), Next: p.Next(), AsOf: minTime(now, p.To),
		Settings: Settings{Zone: loc.String(), DeepMin: cfg.DeepMin, SLA: cfg.SLA,
			Workdays:  tracker.FormatWorkdays(cfg.Workdays),
			WorkHours: tracker.FormatClock(cfg.WorkStart) + "–" + tracker.FormatClock(cfg.WorkEnd), Hours: opts.Hours},
	}
	// Resolve the filter first, so that a typo is reported as such and names print as stored.
	for _, name := range opts.Projects {
		pr, err := svc.ProjectByName(name)
		if err != nil {
			return nil, fmt.Errorf("build report: %w", err)
		}
		if !contains(r.Projects, pr.Name) {
			r.Projects = append(r.Projects, pr.Name)
		}
	}
	sort.Strings(r.Projects)
	b := builder{svc: svc, cfg: cfg, r: r, now: now, loc: loc}
	if err := b.load(); err != nil {
		return nil, fmt.Errorf("build report: %w", err)
	}
	b.deliverables()
	b.milestones()
	b.deep()
	b.responsiveness()
	b.async()
	b.decisions()
	if opts.Hours {
		b.hours()
	}
	b.kpis()
	return r, nil
}

type builder struct {
	svc *tracker.Service
	cfg tracker.Config
	r   *Report
	now time.Time
	loc *time.Location

	earliest     Period // the oldest of the meeting-history periods
	blocks       []tracker.BlockSpan
	deliv        []tracker.Deliverable
	miles        []tracker.Milestone
	requests     []tracker.Request // received from the previous period's start to the period's end
	openRequests []tracker.Request
	decs         []tracker.Decision
	projectIDs   map[uint]string
	prev         periodFigures
	// blocks run from the previous period's start to the period's end; olderMeetings is the
	// meeting time of the history periods before the previous one, newest first.
	olderMeetings []time.Duration
}

// periodFigures are the KPI figures of one period, so that the previous period is computed alike.
type periodFigures struct {
	shipped       int
	deep          time.Duration
	within, judge int
	share         float64
	shareOK       bool
	decided       int
}

func (b *builder) load() error {
	r := b.r
	b.earliest = r.Period
	for i := 0; i < meetingHistory; i++ {
		b.earliest = b.earliest.Previous()
	}
	// The two big reads, the blocks and the deliverables' invested time (which reads every block
	// linked to a listed deliverable, not only the period's), run at once on two connections.
	// The meeting history before the previous period is summed in SQL rather than read block by
	// block: for a year that is a third of the blocks.
	delivDone := make(chan error, 1)
	go func() {
		if err := b.loadDeliverables(); err != nil {
			delivDone <- err
			return
		}
		var ranges [][2]time.Time
		p := r.Previous
		for i := 1; i < meetingHistory; i++ {
			p = p.Previous()
			ranges = append(ranges, [2]time.Time{p.From, p.To})
		}
		var err error
		b.olderMeetings, err = b.svc.TimeIn(tracker.BlockFilter{From: b.earliest.From, To: r.Previous.From, Projects: r.Projects},
			tracker.KindMeeting, ranges, b.now)
		delivDone <- err
	}()
	var err error
	b.blocks, err = b.svc.BlockSpans(tracker.BlockFilter{From: r.Previous.From, To: r.Period.To, Projects: r.Projects})
	if derr := <-delivDone; err == nil {
		err = derr
	}
	if err != nil {
		return err
	}
	if b.miles, err = b.svc.Milestones(r.Projects...); err != nil {
		return err
	}
	if b.requests, err = b.svc.Requests(tracker.RequestFilter{ReceivedFrom: r.Previous.From, ReceivedTo: r.Period.To, Projects: r.Projects}); err != nil {
		return err
	}
	if b.openRequests, err = b.svc.Requests(tracker.RequestFilter{OpenOnly: true, ReceivedTo: r.Period.To, Projects: r.Projects}); err != nil {
		return err
	}
	decs, err := b.svc.Decisions()
	if err != nil {
		return err
	}
	for _, d := range decs {
		if len(r.Projects) == 0 || contains(r.Projects, d.Project) {
			b.decs = append(b.decs, d)
		}
	}
	ps, err := b.svc.Projects(true)
	if err != nil {
		return err
	}
	b.projectIDs = make(map[uint]string, len(ps))
	for _, p := range ps {
		b.projectIDs[p.ID] = p.Name
	}
	return nil
}

// loadDeliverables loads the deliverables, with invested time summed only for those the report
// lists.
func (b *builder) loadDeliverables() error {
	var err error
	if b.deliv, err = b.svc.Deliverables(tracker.DeliverableFilter{Projects: b.r.Projects, SkipInvested: true}); err != nil {
		return err
	}
	var shown []uint
	for _, d := range b.deliv {
		if b.listed(d) {
			shown = append(shown, d.ID)
		}
	}
	invested, err := b.svc.InvestedSeconds(shown)
	if err != nil {
		return err
	}
	for i := range b.deliv {
		b.deliv[i].InvestedSeconds = invested[b.deliv[i].ID]
	}
	return nil
}

// asOf is the moment a period's figures describe.
func (b *builder) asOf(p Period) time.Time { return minTime(b.now, p.To) }

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

func (b *builder) milestones() {
	r := b.r
	first, last := tracker.DateOf(r.Period.From, b.loc), tracker.DateOf(r.Period.To.AddDate(0, 0, -1), b.loc)
	for _, m := range b.miles {
		if !m.StartDate.IsZero() && m.StartDate > last {
			continue // not started yet
		}
		if m.DueDate < first && m.Total > 0 && m.Shipped >= m.Total {
			continue // finished before the period
		}
		row := MilestoneRow{Name: m.Name, Project: m.Project, Start: m.StartDate, Due: m.DueDate,
			Shipped: m.Shipped, Total: m.Total, Progress: 100 * m.Progress()}
		row.Expected = ExpectedProgress(m.StartDate, m.DueDate, r.AsOf.In(b.loc))
		row.Gap = math.Round((row.Expected-row.Progress)*100) / 100
		row.Health = HealthOf(row.Gap)
		if m.Total > 0 && m.Shipped >= m.Total {
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

// qualifies reports whether a deep block counts as deep work.
func (b *builder) qualifies(x tracker.BlockSpan) bool {
	return x.Kind == tracker.KindDeep && x.HasGoal && b.length(x) >= b.cfg.DeepMin
}

// length is a block's whole length; a running block counts up to now.
func (b *builder) length(x tracker.BlockSpan) time.Duration {
	return max(0, b.end(x).Sub(x.Start))
}

func (b *builder) end(x tracker.BlockSpan) time.Time {
	if x.End == nil {
		return maxTime(x.Start, b.now)
	}
	return *x.End
}

// inside is the part of a block inside [from, to).
func (b *builder) inside(x tracker.BlockSpan, from, to time.Time) time.Duration {
	s, e := maxTime(x.Start, from), minTime(b.end(x), to)
	return max(0, e.Sub(s))
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
		// Split the block at local midnights, starting from the day it begins on.
		i := max(0, civilDays(r.Period.From, x.Start.In(b.loc)))
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

// kindTotals sums block time by kind inside p.
func (b *builder) kindTotals(p Period) map[tracker.Kind]time.Duration {
	m := map[tracker.Kind]time.Duration{}
	for _, x := range b.blocks {
		if d := b.inside(x, p.From, p.To); d > 0 {
			m[x.Kind] += d
		}
	}
	return m
}

func share(k map[tracker.Kind]time.Duration) (float64, bool) {
	good := k[tracker.KindAsync] + k[tracker.KindDeep]
	all := good + k[tracker.KindMeeting]
	if all == 0 {
		return 0, false
	}
	return 100 * float64(good) / float64(all), true
}

func (b *builder) async() {
	r := b.r
	a := &r.Async
	a.Target = AsyncTarget
	k := b.kindTotals(r.Period)
	a.Async, a.Deep, a.Meeting, a.Shallow = k[tracker.KindAsync], k[tracker.KindDeep], k[tracker.KindMeeting], k[tracker.KindShallow]
	a.Share, a.OK = share(k)
	prevK := b.kindTotals(r.Previous)
	b.prev.share, b.prev.shareOK = share(prevK)
	p := r.Period
	var sum time.Duration
	for i := 0; i < meetingHistory; i++ {
		p = p.Previous()
		var h time.Duration
		if i == 0 {
			h = prevK[tracker.KindMeeting] // the previous period, summed above
		} else {
			h = b.olderMeetings[i-1]
		}
		sum += h
		a.History = append([]PeriodHours{{Label: shortLabel(p), Hours: h}}, a.History...)
	}
	a.MeetingAvg = sum / meetingHistory
}

// shortLabel names a period in a few characters, for chart axes.
func shortLabel(p Period) string {
	switch p.Kind {
	case KindWeek:
		_, w := p.From.ISOWeek()
		return fmt.Sprintf("W%d", w)
	case KindMonth:
		return p.From.Format("Jan 06")
	}
	return p.From.Format("2 Jan")
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

func (b *builder) hours() {
	r := b.r
	h := &HoursTable{}
	k := b.kindTotals(r.Period)
	for _, kind := range tracker.Kinds {
		h.ByKind = append(h.ByKind, NamedHours{Name: kind.Label(), Hours: k[kind]})
		h.Total += k[kind]
	}
	byProject := map[string]time.Duration{}
	for _, x := range b.blocks {
		if d := b.inside(x, r.Period.From, r.Period.To); d > 0 {
			byProject[b.projectIDs[x.ProjectID]] += d
		}
	}
	for name, d := range byProject {
		h.ByProject = append(h.ByProject, NamedHours{Name: name, Hours: d})
	}
	sort.Slice(h.ByProject, func(i, j int) bool {
		if h.ByProject[i].Hours != h.ByProject[j].Hours {
			return h.ByProject[i].Hours > h.ByProject[j].Hours
		}
		return h.ByProject[i].Name < h.ByProject[j].Name
	})
	r.Hours = h
}

func (b *builder) kpis() {
	r := b.r
	shipped := KPI{Label: "Deliverables shipped", Unit: UnitCount, Value: float64(len(r.Shipped)),
		Previous: float64(b.prev.shipped), OK: true, PrevOK: true}
	deep := KPI{Label: "Deep-work hours", Unit: UnitHours, Value: r.Deep.Hours.Hours(), Previous: b.prev.deep.Hours(), OK: true, PrevOK: true}
	resp := KPI{Label: "Requests within target", Unit: UnitPercent, Value: r.Response.Pct, OK: r.Response.OK}
	if b.prev.judge > 0 {
		resp.Previous, resp.PrevOK = 100*float64(b.prev.within)/float64(b.prev.judge), true
	}
	async := KPI{Label: "Async share", Unit: UnitPercent, Value: r.Async.Share, OK: r.Async.OK,
		Previous: b.prev.share, PrevOK: b.prev.shareOK}
	closed := KPI{Label: "Decisions closed", Unit: UnitCount, Value: float64(len(r.Decisions.Closed) + len(r.Decisions.Silent)),
		Previous: float64(b.prev.decided), OK: true, PrevOK: true}
	r.KPIs = []KPI{shipped, deep, resp, async, closed}
	for i := range r.KPIs {
		r.KPIs[i].format()
	}
	r.Headline = headline(r)
}

func (k *KPI) format() {
	k.Text, k.PrevText, k.Delta = FormatValue(k.Unit, k.Value, k.OK), "prev. "+FormatValue(k.Unit, k.Previous, k.PrevOK), "n/a"
	if !k.OK || !k.PrevOK {
		return
	}
	switch k.Unit {
	case UnitCount:
		k.Delta = signed(math.Round(k.Value-k.Previous), "")
	case UnitHours:
		if k.Previous > 0 {
			k.Delta = signed(math.Round(100*(k.Value-k.Previous)/k.Previous), "%")
		} else if k.Value == 0 {
			k.Delta = "+0%"
		}
	case UnitPercent:
		k.Delta = signed(math.Round(k.Value-k.Previous), " pts")
	}
}

// FormatValue writes a KPI value: counts whole, hours to a tenth, percentages whole; "n/a" if undefined.
func FormatValue(u Unit, v float64, ok bool) string {
	if !ok {
		return "n/a"
	}
	switch u {
	case UnitHours:
		return fmt.Sprintf("%.1f h", v)
	case UnitPercent:
		return fmt.Sprintf("%.0f%%", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func signed(v float64, unit string) string {
	if v == 0 {
		v = 0 // no "-0"
	}
	if v >= 0 {
		return fmt.Sprintf("+%.0f%s", v, unit)
	}
	return fmt.Sprintf("%.0f%s", v, unit)
}

// headline is the TL;DR sentence, built from the KPIs.
func headline(r *Report) string {
	var parts []string
	switch n := len(r.Shipped); n {
	case 0:
		parts = append(parts, "No deliverables shipped")
	case 1:
		parts = append(parts, "Shipped 1 deliverable")
	default:
		parts = append(parts, fmt.Sprintf("Shipped %d deliverables", n))
	}
	deep := r.KPIs[1]
	s := fmt.Sprintf("%.1f deep-work hours", deep.Value)
	if deep.Delta != "n/a" && deep.Previous > 0 {
		s += " (" + deep.Delta + ")"
	}
	parts = append(parts, s)
	if r.Response.OK {
		parts = append(parts, fmt.Sprintf("%.0f%% of requests answered within target", r.Response.Pct))
	} else {
		parts = append(parts, "no requests came due")
	}
	if n := countHealth(r.Milestones, AtRisk); n > 0 {
		parts = append(parts, fmt.Sprintf("%d milestone%s at risk", n, plural(n)))
	}
	return strings.Join(parts, "; ")
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

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// in reports whether t lies in p and is not in the future.
func in(t time.Time, p Period, now time.Time) bool {
	return !t.Before(p.From) && t.Before(p.To) && !t.After(now)
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func firstNonEmpty(ss ...string) string {
	for _, s := range ss {
		if strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

func dateStrings(ds []tracker.Date) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = string(d)
	}
	return out
}
