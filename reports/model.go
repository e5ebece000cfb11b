// Package reports turns the tracker's record into the result report a manager reads in two
// minutes, as a plain model of numbers, rows and series (Build) that reports/pdf draws. It reads
// the record through Source, works on one Period type (week, month, range) parsed and printed
// here, names report files (FileName), drafts the written status update (DraftUpdate) and rolls
// members' reports up into the team report (BuildTeam, NewSnapshotSource). It links no PDF code
// and no toolkit.
package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"shiplog/tracker"
)

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

// Build computes the report for opts from src.
func Build(src Source, opts Options) (*Report, error) {
	if opts.Period.From.IsZero() || !opts.Period.To.After(opts.Period.From) {
		return nil, fmt.Errorf("build report: %w", &tracker.FieldError{Field: "period", Reason: "must be set"})
	}
	cfg, err := src.Config()
	if err != nil {
		return nil, fmt.Errorf("build report: %w", err)
	}
	now := opts.Now
	if now.IsZero() {
		now = src.Now()
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
		pr, err := src.ProjectByName(name)
		if err != nil {
			return nil, fmt.Errorf("build report: %w", err)
		}
		if !contains(r.Projects, pr.Name) {
			r.Projects = append(r.Projects, pr.Name)
		}
	}
	sort.Strings(r.Projects)
	b := builder{src: src, cfg: cfg, r: r, now: now, loc: loc}
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
	src Source
	cfg tracker.Config
	r   *Report
	now time.Time
	loc *time.Location

	earliest     Period // the oldest of the meeting-history periods
	blocks       []counted
	overlap      bool // some blocks overlap, and counted.parts holds their time
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
	// The meeting history before the previous period is summed by the store rather than read block
	// by block (for a year that is a third of the blocks); TimeIn attributes overlapped time as
	// counted does.
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
		b.olderMeetings, err = b.src.TimeIn(tracker.BlockFilter{From: b.earliest.From, To: r.Previous.From, Projects: r.Projects},
			tracker.KindMeeting, ranges, b.now)
		delivDone <- err
	}()
	spans, err := b.spans(r.Previous.From, r.Period.To)
	if derr := <-delivDone; err == nil {
		err = derr
	}
	if err != nil {
		return err
	}
	if b.miles, err = b.src.Milestones(r.Projects...); err != nil {
		return err
	}
	if b.requests, err = b.src.Requests(tracker.RequestFilter{ReceivedFrom: r.Previous.From, ReceivedTo: r.Period.To, Projects: r.Projects}); err != nil {
		return err
	}
	if b.openRequests, err = b.src.Requests(tracker.RequestFilter{OpenOnly: true, ReceivedTo: r.Period.To, Projects: r.Projects}); err != nil {
		return err
	}
	decs, err := b.src.Decisions()
	if err != nil {
		return err
	}
	for _, d := range decs {
		if len(r.Projects) == 0 || contains(r.Projects, d.Project) {
			b.decs = append(b.decs, d)
		}
	}
	ps, err := b.src.Projects(true)
	if err != nil {
		return err
	}
	b.projectIDs = make(map[uint]string, len(ps))
	for _, p := range ps {
		b.projectIDs[p.ID] = p.Name
	}
	b.blocks = b.count(spans)
	return nil
}

// counted is a block with the time that counts for it: where blocks overlap, the overlapped span
// counts once, for the block that started later (tracker.Attribute). Every figure of the report
// reads block time through it, with length, end and inside. Where no blocks overlap, which is all
// of a record typed into Shiplog, each block counts its whole span and parts stays nil, so that a
// year's report need not make a part for each of its blocks.
type counted struct {
	*tracker.BlockSpan
	parts []tracker.Part
}

// spans reads the blocks of every project that overlap [from, to), with those that start before
// from and run into it. The time of a block that starts before from also depends on every block
// that starts after it (a later block takes the time it covers), so the stretch from the earliest
// such block's start to from is read as well: its blocks count for nothing in the report's
// periods but decide how long the earlier block counts.
func (b *builder) spans(from, to time.Time) ([]tracker.BlockSpan, error) {
	spans, err := b.src.BlockSpans(tracker.BlockFilter{From: from, To: to})
	if err != nil || len(spans) == 0 || !spans[0].Start.Before(from) {
		return spans, err
	}
	before, err := b.src.BlockSpans(tracker.BlockFilter{From: spans[0].Start, To: from})
	if err != nil {
		return nil, err
	}
	out := make([]tracker.BlockSpan, 0, len(before)+len(spans))
	for _, x := range before {
		if !x.Start.Before(spans[0].Start) {
			out = append(out, x)
		}
	}
	for _, x := range spans {
		if !x.Start.Before(from) {
			out = append(out, x)
		}
	}
	return out, nil
}

// count attributes the time of the blocks, over all projects, and keeps those of the report's
// projects.
func (b *builder) count(spans []tracker.BlockSpan) []counted {
	var parts [][]tracker.Part
	if b.overlap = tracker.Overlapping(spans, b.now); b.overlap {
		parts = tracker.Attribute(spans, b.now)
	}
	out := make([]counted, 0, len(spans))
	for i := range spans {
		if len(b.r.Projects) > 0 && !contains(b.r.Projects, b.projectIDs[spans[i].ProjectID]) {
			continue
		}
		c := counted{BlockSpan: &spans[i]}
		if b.overlap {
			c.parts = parts[i]
		}
		out = append(out, c)
	}
	return out
}

// loadDeliverables loads the deliverables, with invested time summed only for those the report
// lists.
func (b *builder) loadDeliverables() error {
	var err error
	if b.deliv, err = b.src.Deliverables(tracker.DeliverableFilter{Projects: b.r.Projects, SkipInvested: true}); err != nil {
		return err
	}
	var shown []uint
	for _, d := range b.deliv {
		if b.listed(d) {
			shown = append(shown, d.ID)
		}
	}
	invested, err := b.src.InvestedSeconds(shown)
	if err != nil {
		return err
	}
	for i := range b.deliv {
		b.deliv[i].InvestedSeconds = invested[b.deliv[i].ID]
	}
	return nil
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
