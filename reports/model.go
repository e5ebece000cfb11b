// Package reports turns the tracker's record into the result report a manager reads in two
// minutes, as a plain model of numbers, rows and series (Build) that reports/pdf draws. It is the
// one source of every figure Shiplog shows: the Week screen, the Today screen's deep-work bar
// (a period of one day, DayOf), `shiplog status`, the status update (DraftUpdate), the JSON of
// `report --json` (Report.JSON) and the PDF all read it, and each figure is defined once
// (Report.Definitions). A past period is reported as the record stood at its end, by tracker's
// state-at-an-instant rules. It reads the record through Source, works on one Period type (week,
// month, range) parsed and printed here, names report files (FileName) and rolls members' reports
// up into the team report (BuildTeam, NewSnapshotSource). It links no PDF code and no toolkit.
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
	// Title follows the period ("Weekly results", "Monthly results", "Results for 3–16 Nov")
	// unless the report.title setting or Options.Title names it; it ends in " (so far)" while
	// the period runs.
	Title, Author string
	Period        Period
	Previous      Period
	Next          Period
	// AsOf is the moment the numbers describe: the end of the period, or now if that is earlier.
	// Deliverables, milestones, requests and decisions are shown as they stood then.
	AsOf time.Time
	// SoFar is set while the period has not ended: its figures are so far.
	SoFar    bool
	Projects []string // the filter, as stored names; empty means all
	Settings Settings
	// Record says how much of the previous period the record covers, which decides whether the
	// KPIs can be compared with it.
	Record Coverage
	// Empty is set when nothing was recorded in the period: no block, nothing shipped, no request
	// received and no decision closed or objected to.
	Empty bool
	// Overlaps is set when some of the blocks read for the report overlap (imports may keep them
	// so): the overlapped time then counts once, for the block that started later.
	Overlaps bool

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
	// The measures of async work beyond the KPIs: delivery on time, meetings against the baseline
	// and where they were held, context switches, decisions written down, and the rituals.
	Delivery      Delivery
	Meetings      MeetingTrend
	Switches      ContextSwitches
	Documentation Documentation
	Rituals       Rituals
	Hours         *HoursTable // nil unless Options.Hours
	// Definitions says what each figure means, once, in the order the report shows them.
	Definitions []Definition
}

// Coverage is where the record begins against the previous period.
type Coverage struct {
	// Start is the start of the first block ever recorded; zero when there is none.
	Start time.Time
	// PreviousPartial is set when the record begins after the previous period's first day, and
	// PreviousEmpty when it begins after it (or has no block): the previous period then had less
	// data, or none, and a comparison with it says so.
	PreviousPartial, PreviousEmpty bool
}

// Settings are the configuration values the numbers depend on, printed in the footer.
type Settings struct {
	Zone           string
	DeepMin        time.Duration
	SLA            map[tracker.Priority]time.Duration
	Workdays       string
	WorkHours      string
	Holidays       []string
	WeeklyDeepGoal float64       // hours
	DailyDeepGoal  time.Duration // the weekly goal spread over the working days
	AsyncTarget    float64       // percent
	Hours          bool
	// SyncDays and CoreHours are the syncdays and corehours settings, empty when unset.
	SyncDays, CoreHours string
}

// NotStartedError refuses a report for a period that begins after now: it would be a page of
// zeros that reads like a bad week. It wraps tracker.ErrInvalid.
type NotStartedError struct{ Period Period }

func (e *NotStartedError) Error() string { return e.Period.Name() + " has not started yet" }

// Unwrap makes a NotStartedError an ErrInvalid, so that the command line exits with 2.
func (e *NotStartedError) Unwrap() error { return tracker.ErrInvalid }

// Build computes the report for opts from src. The record is read as it stood at the end of the
// period (or now, while the period runs): work done later does not count in it, while a later
// correction of the period's own records does.
func Build(src Source, opts Options) (*Report, error) {
	p := opts.Period
	if p.From.IsZero() || !p.To.After(p.From) {
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
	if !p.Started(now) {
		return nil, &NotStartedError{Period: p}
	}
	loc := p.From.Location()
	holidays := dateStrings(cfg.Holidays)
	r := &Report{
		Title: reportTitle(opts.Title, cfg.ReportTitle, p), Author: firstNonEmpty(opts.Author, cfg.Author),
		Period: p, Previous: p.Previous(), Next: p.Next(), AsOf: minTime(now, p.To), SoFar: !p.Ended(now),
		Settings: Settings{Zone: loc.String(), DeepMin: cfg.DeepMin, SLA: cfg.SLA,
			Workdays:  tracker.FormatWorkdays(cfg.Workdays),
			WorkHours: tracker.FormatClock(cfg.WorkStart) + "–" + tracker.FormatClock(cfg.WorkEnd), Holidays: holidays,
			WeeklyDeepGoal: cfg.WeeklyDeepGoal, DailyDeepGoal: cfg.DailyDeepGoal(), AsyncTarget: AsyncTarget, Hours: opts.Hours},
	}
	if r.SoFar {
		r.Title += " (so far)"
	}
	if cfg.SyncDays != [7]bool{} {
		r.Settings.SyncDays = tracker.FormatWorkdays(cfg.SyncDays)
	}
	if cfg.CoreEnd > cfg.CoreStart {
		r.Settings.CoreHours = tracker.FormatClock(cfg.CoreStart) + "–" + tracker.FormatClock(cfg.CoreEnd)
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
	b := builder{src: src, cfg: cfg, r: r, now: now, loc: loc, holidays: holidays,
		at: minTime(now, p.To.Add(-time.Nanosecond)), prevAt: r.Previous.To.Add(-time.Nanosecond)}
	if err := b.load(); err != nil {
		return nil, fmt.Errorf("build report: %w", err)
	}
	b.deliverables()
	b.milestones()
	b.deep()
	b.responsiveness()
	b.async()
	b.decisions()
	b.delivery()
	b.meetings()
	b.switches()
	b.documentation()
	b.rituals()
	if opts.Hours {
		b.hours()
	}
	b.kpis()
	r.Definitions = definitions(r.Settings)
	return r, nil
}

// reportTitle is the title the caller gave, else the report.title setting unless it is the
// default, else one that names the kind of period.
func reportTitle(given, setting string, p Period) string {
	if t := firstNonEmpty(given); t != "" {
		return t
	}
	if strings.TrimSpace(setting) != "" && setting != tracker.DefaultConfig().ReportTitle {
		return setting
	}
	switch {
	case p.Kind == KindWeek:
		return "Weekly results"
	case p.Kind == KindMonth:
		return "Monthly results"
	}
	first, last := p.From, p.last()
	if first.Year() != last.Year() {
		return "Results for " + dayRange(first, last)
	}
	return "Results for " + strings.TrimSuffix(dayRange(first, last), " "+first.Format("2006"))
}

type builder struct {
	src Source
	cfg tracker.Config
	r   *Report
	now time.Time
	loc *time.Location
	// at is the instant the record is read at: now while the period runs, else the period's last
	// instant; prevAt is the previous period's last instant. States are judged at them.
	at, prevAt time.Time
	holidays   []string

	earliest   Period // the oldest of the meeting-history periods
	blocks     []counted
	overlap    bool // some blocks overlap, and counted.parts holds their time
	deliv      []tracker.Deliverable
	miles      []tracker.Milestone
	requests   []tracker.Request // every request received before the period's end
	decs       []tracker.Decision
	projectIDs map[uint]string
	prev       periodFigures
	// blocks run from the previous period's start to the period's end; olderMeetings is the
	// meeting time of the history periods before the previous one, newest first.
	olderMeetings []time.Duration
	// The meeting trend's weeks and the baseline's, with their meeting time (loadMeetingWeeks).
	trendWeeks, baseWeeks []Period
	trendHours, baseHours []time.Duration
	// The period's day closes and the trend's check-ins (loadRituals).
	closes   []tracker.DayClose
	checkIns []tracker.CheckIn
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
	// Every request received before the period's end: one received long ago and answered only
	// after the period's end was still open, and perhaps overdue, at it.
	if b.requests, err = b.src.Requests(tracker.RequestFilter{ReceivedTo: r.Period.To, Projects: r.Projects}); err != nil {
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
	b.r.Overlaps = b.overlap
	start, ok, err := b.src.FirstBlockStart()
	if err != nil {
		return err
	}
	if ok {
		r.Record.Start = start.In(b.loc)
	}
	// A record that begins during the previous period's first day covers it: a first block at
	// nine on Monday morning does not make a week partial. One that begins on a later day does.
	r.Record.PreviousEmpty = !ok || !start.Before(r.Previous.To)
	r.Record.PreviousPartial = ok && !r.Record.PreviousEmpty && !start.Before(r.Previous.From.AddDate(0, 0, 1))
	if err := b.loadMeetingWeeks(start, ok); err != nil {
		return err
	}
	return b.loadRituals()
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
// lists, and only the time spent by the period's end.
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
	invested, err := b.src.InvestedSeconds(shown, b.r.AsOf)
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
