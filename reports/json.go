package reports

import (
	"encoding/json"
	"io"
	"math"
	"time"

	"shiplog/tracker"
)

// JSONVersion numbers the shape of the report's JSON; it changes only when a key changes meaning
// or goes away. Keys are added without changing it.
const JSONVersion = 1

// ReportJSON is the report model as `shiplog report --json` prints it: stable snake_case keys,
// durations in whole seconds, times in RFC 3339 in the user's zone, and null where a figure is
// undefined. docs/report-json.md documents every key.
type ReportJSON struct {
	Version        int                `json:"version"`
	Title          string             `json:"title"`
	Author         string             `json:"author"`
	Headline       string             `json:"headline"`
	Period         PeriodJSON         `json:"period"`
	PreviousPeriod PreviousJSON       `json:"previous_period"`
	NextPeriod     PeriodJSON         `json:"next_period"`
	Projects       []string           `json:"projects"`
	Empty          bool               `json:"empty"`
	Overlaps       bool               `json:"overlaps"`
	Settings       SettingsJSON       `json:"settings"`
	KPIs           []KPIJSON          `json:"kpis"`
	Deliverables   DeliverablesJSON   `json:"deliverables"`
	Milestones     []MilestoneJSON    `json:"milestones"`
	DeepWork       DeepWorkJSON       `json:"deep_work"`
	Responsiveness ResponsivenessJSON `json:"responsiveness"`
	Async          AsyncJSON          `json:"async"`
	Decisions      DecisionsJSON      `json:"decisions"`
	Delivery       DeliveryJSON       `json:"delivery"`
	Meetings       MeetingsJSON       `json:"meetings"`
	Switches       SwitchesJSON       `json:"context_switches"`
	Documentation  DocumentationJSON  `json:"documentation"`
	Rituals        RitualsJSON        `json:"rituals"`
	Hours          *HoursJSON         `json:"hours"`
	Definitions    []DefinitionJSON   `json:"definitions"`
}

// PeriodJSON is a period: its kind, label, bounds (from inclusive, to exclusive) and the form
// the --week, --month or --from/--to flags read.
type PeriodJSON struct {
	Kind  string `json:"kind"`
	ID    string `json:"id"`
	Label string `json:"label"`
	From  string `json:"from"`
	To    string `json:"to"`
	Days  int    `json:"days"`
	SoFar bool   `json:"so_far"`
	AsOf  string `json:"as_of,omitempty"`
}

// PreviousJSON is the previous period and how much of it the record covers.
type PreviousJSON struct {
	PeriodJSON
	RecordStart *string `json:"record_start"`
	Partial     bool    `json:"partial"`
	Recorded    bool    `json:"recorded"`
}

// SettingsJSON are the settings the figures depend on.
type SettingsJSON struct {
	TimeZone               string           `json:"time_zone"`
	DeepMinSeconds         int64            `json:"deep_min_seconds"`
	ResponseTargetsSeconds map[string]int64 `json:"response_targets_seconds"`
	Workdays               string           `json:"workdays"`
	WorkHours              string           `json:"work_hours"`
	Holidays               []string         `json:"holidays"`
	WeeklyDeepGoalSeconds  int64            `json:"weekly_deep_goal_seconds"`
	DailyDeepGoalSeconds   int64            `json:"daily_deep_goal_seconds"`
	AsyncTargetPercent     float64          `json:"async_target_percent"`
	HoursTable             bool             `json:"hours_table"`
	SyncDays               string           `json:"sync_days"`
	CoreHours              string           `json:"core_hours"`
}

// KPIJSON is one KPI with its previous value and change. Value and previous are counts, seconds
// or percent as unit says, or null when undefined.
type KPIJSON struct {
	Key          string   `json:"key"`
	Label        string   `json:"label"`
	Unit         string   `json:"unit"`
	Value        *float64 `json:"value"`
	Text         string   `json:"text"`
	Detail       string   `json:"detail"`
	Previous     *float64 `json:"previous"`
	PreviousText string   `json:"previous_text"`
	Delta        *float64 `json:"delta"`
	DeltaUnit    string   `json:"delta_unit"`
	DeltaText    string   `json:"delta_text"`
	Trend        string   `json:"trend"`
	BetterWhen   string   `json:"better_when"`
	Caveat       string   `json:"caveat"`
}

// DeliverableJSON is a deliverable row.
type DeliverableJSON struct {
	ID              uint    `json:"id"`
	Title           string  `json:"title"`
	Project         string  `json:"project"`
	Milestone       string  `json:"milestone"`
	Link            string  `json:"link"`
	Status          string  `json:"status"`
	ShippedAt       *string `json:"shipped_at"`
	Due             *string `json:"due"`
	Overdue         bool    `json:"overdue"`
	InvestedSeconds int64   `json:"invested_seconds"`
}

// DeliverablesJSON lists what shipped in the period and, at its end, what was in progress and
// what was due next.
type DeliverablesJSON struct {
	Shipped    []DeliverableJSON `json:"shipped"`
	InProgress []DeliverableJSON `json:"in_progress"`
	Upcoming   []DeliverableJSON `json:"upcoming"`
}

// MilestoneJSON is a milestone's progress against the straight line.
type MilestoneJSON struct {
	Name            string  `json:"name"`
	Project         string  `json:"project"`
	Start           *string `json:"start"`
	Due             string  `json:"due"`
	Shipped         int     `json:"shipped"`
	Total           int     `json:"total"`
	ProgressPercent float64 `json:"progress_percent"`
	ExpectedPercent float64 `json:"expected_percent"`
	GapPoints       float64 `json:"gap_points"`
	Health          string  `json:"health"`
}

// DeepWorkJSON are the deep-work figures.
type DeepWorkJSON struct {
	MinBlockSeconds   int64         `json:"min_block_seconds"`
	QualifyingSeconds int64         `json:"qualifying_seconds"`
	Blocks            int           `json:"blocks"`
	AverageSeconds    *int64        `json:"average_seconds"`
	LongestSeconds    *int64        `json:"longest_seconds"`
	PlannedBlocks     int           `json:"planned_blocks"`
	PlannedSeconds    int64         `json:"planned_seconds"`
	ActualSeconds     int64         `json:"actual_seconds"`
	Interruptions     int           `json:"interruptions"`
	DaysWithDeepWork  int           `json:"days_with_deep_work"`
	WorkDays          int           `json:"work_days"`
	DailyGoalSeconds  int64         `json:"daily_goal_seconds"`
	ShortFocus        BlocksJSON    `json:"short_focus"`
	WithoutGoal       BlocksJSON    `json:"without_goal"`
	WithoutGoalText   string        `json:"without_goal_text"`
	Days              []DeepDayJSON `json:"days"`
}

// BlocksJSON counts blocks and their time inside the period.
type BlocksJSON struct {
	Blocks  int   `json:"blocks"`
	Seconds int64 `json:"seconds"`
}

// DeepDayJSON is one day's deep work.
type DeepDayJSON struct {
	Date               string `json:"date"`
	QualifyingSeconds  int64  `json:"qualifying_seconds"`
	ShortFocusSeconds  int64  `json:"short_focus_seconds"`
	WithoutGoalSeconds int64  `json:"without_goal_seconds"`
}

// ResponsivenessJSON is responsiveness per priority and overall.
type ResponsivenessJSON struct {
	Within        int               `json:"within"`
	Judged        int               `json:"judged"`
	PercentWithin *float64          `json:"percent_within"`
	ByPriority    []PriorityJSON    `json:"by_priority"`
	Overdue       []OpenRequestJSON `json:"overdue"`
	Waiting       []OpenRequestJSON `json:"waiting"`
}

// PriorityJSON is one priority's responsiveness.
type PriorityJSON struct {
	Priority              string   `json:"priority"`
	TargetSeconds         int64    `json:"target_seconds"`
	Count                 int      `json:"count"`
	Answered              int      `json:"answered"`
	Within                int      `json:"within"`
	Late                  int      `json:"late"`
	MedianBusinessSeconds *int64   `json:"median_business_seconds"`
	P90BusinessSeconds    *int64   `json:"p90_business_seconds"`
	PercentWithin         *float64 `json:"percent_within"`
}

// OpenRequestJSON is a request unanswered at the period's end.
type OpenRequestJSON struct {
	Subject             string `json:"subject"`
	From                string `json:"from"`
	Project             string `json:"project"`
	Priority            string `json:"priority"`
	ReceivedAt          string `json:"received_at"`
	DueAt               string `json:"due_at"`
	LateBusinessSeconds int64  `json:"late_business_seconds"`
}

// AsyncJSON is the async share and its inputs.
type AsyncJSON struct {
	SharePercent          *float64          `json:"share_percent"`
	TargetPercent         float64           `json:"target_percent"`
	AsyncSeconds          int64             `json:"async_seconds"`
	DeepBlocksSeconds     int64             `json:"deep_blocks_seconds"`
	MeetingSeconds        int64             `json:"meeting_seconds"`
	ShallowSeconds        int64             `json:"shallow_seconds"`
	MeetingAverageSeconds int64             `json:"meeting_average_seconds"`
	MeetingHistory        []NamedSecondJSON `json:"meeting_history"`
}

// NamedSecondJSON is time under a name.
type NamedSecondJSON struct {
	Label   string `json:"label"`
	Seconds int64  `json:"seconds"`
}

// DecisionsJSON lists decisions by how they stood.
type DecisionsJSON struct {
	Closed            []DecisionJSON  `json:"closed"`
	AcceptedBySilence []DecisionJSON  `json:"accepted_by_silence"`
	Open              []DecisionJSON  `json:"open"`
	Objections        []ObjectionJSON `json:"objections"`
}

// DecisionJSON is a decision; at is when it closed, or its deadline while open.
type DecisionJSON struct {
	Title      string `json:"title"`
	Project    string `json:"project"`
	State      string `json:"state"`
	At         string `json:"at"`
	Outcome    string `json:"outcome"`
	Objections int    `json:"objections"`
}

// ObjectionJSON is an objection raised in the period.
type ObjectionJSON struct {
	Decision string `json:"decision"`
	By       string `json:"by"`
	Reason   string `json:"reason"`
	At       string `json:"at"`
}

// HoursJSON is the optional hours table.
type HoursJSON struct {
	ByKind       []NamedSecondJSON `json:"by_kind"`
	ByProject    []NamedSecondJSON `json:"by_project"`
	TotalSeconds int64             `json:"total_seconds"`
}

// DefinitionJSON is what a figure means.
type DefinitionJSON struct {
	Key        string `json:"key"`
	Name       string `json:"name"`
	Definition string `json:"definition"`
	BetterWhen string `json:"better_when"`
}

// WriteJSON writes the report as indented JSON.
func WriteJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r.JSON())
}

// JSON is the report in its JSON shape.
func (r *Report) JSON() ReportJSON {
	loc := r.Period.From.Location()
	ts := func(t time.Time) string { return t.In(loc).Format(time.RFC3339) }
	out := ReportJSON{Version: JSONVersion, Title: r.Title, Author: r.Author, Headline: r.Headline,
		Period: periodJSON(r.Period), NextPeriod: periodJSON(r.Next), Projects: nonNil(r.Projects), Empty: r.Empty, Overlaps: r.Overlaps}
	out.Period.SoFar, out.Period.AsOf = r.SoFar, ts(r.AsOf)
	out.PreviousPeriod = PreviousJSON{PeriodJSON: periodJSON(r.Previous), Partial: r.Record.PreviousPartial, Recorded: !r.Record.PreviousEmpty}
	if !r.Record.Start.IsZero() {
		s := ts(r.Record.Start)
		out.PreviousPeriod.RecordStart = &s
	}

	st := r.Settings
	out.Settings = SettingsJSON{TimeZone: st.Zone, DeepMinSeconds: secs(st.DeepMin), ResponseTargetsSeconds: map[string]int64{},
		Workdays: st.Workdays, WorkHours: st.WorkHours, Holidays: nonNil(st.Holidays),
		WeeklyDeepGoalSeconds: secs(hoursDuration(st.WeeklyDeepGoal)), DailyDeepGoalSeconds: secs(st.DailyDeepGoal),
		AsyncTargetPercent: st.AsyncTarget, HoursTable: st.Hours, SyncDays: st.SyncDays, CoreHours: st.CoreHours}
	for p, d := range st.SLA {
		if p != tracker.PriorityFYI {
			out.Settings.ResponseTargetsSeconds[string(p)] = secs(d)
		}
	}

	out.KPIs = []KPIJSON{}
	for _, k := range r.KPIs {
		out.KPIs = append(out.KPIs, kpiJSON(k))
	}

	rows := func(ds []DeliverableRow) []DeliverableJSON {
		out := []DeliverableJSON{}
		for _, d := range ds {
			j := DeliverableJSON{ID: d.ID, Title: d.Title, Project: d.Project, Milestone: d.Milestone, Link: d.Link,
				Status: string(d.Status), Due: dateJSON(d.Due), Overdue: d.Overdue, InvestedSeconds: secs(d.Invested)}
			if !d.Shipped.IsZero() {
				s := ts(d.Shipped)
				j.ShippedAt = &s
			}
			out = append(out, j)
		}
		return out
	}
	out.Deliverables = DeliverablesJSON{Shipped: rows(r.Shipped), InProgress: rows(r.InProgress), Upcoming: rows(r.Upcoming)}

	out.Milestones = []MilestoneJSON{}
	for _, m := range r.Milestones {
		out.Milestones = append(out.Milestones, MilestoneJSON{Name: m.Name, Project: m.Project, Start: dateJSON(m.Start), Due: string(m.Due),
			Shipped: m.Shipped, Total: m.Total, ProgressPercent: round2(m.Progress), ExpectedPercent: round2(m.Expected),
			GapPoints: m.Gap, Health: string(m.Health)})
	}

	out.DeepWork = deepJSON(r.Deep)
	out.Responsiveness = responseJSON(r.Response, ts)

	a := r.Async
	out.Async = AsyncJSON{SharePercent: optional(a.Share, a.OK), TargetPercent: a.Target, AsyncSeconds: secs(a.Async),
		DeepBlocksSeconds: secs(a.Deep), MeetingSeconds: secs(a.Meeting), ShallowSeconds: secs(a.Shallow),
		MeetingAverageSeconds: secs(a.MeetingAvg), MeetingHistory: []NamedSecondJSON{}}
	for _, h := range a.History {
		out.Async.MeetingHistory = append(out.Async.MeetingHistory, NamedSecondJSON{Label: h.Label, Seconds: secs(h.Hours)})
	}

	decs := func(ds []DecisionRow) []DecisionJSON {
		out := []DecisionJSON{}
		for _, d := range ds {
			out = append(out, DecisionJSON{Title: d.Title, Project: d.Project, State: string(d.State), At: ts(d.At),
				Outcome: d.Outcome, Objections: d.Objections})
		}
		return out
	}
	out.Decisions = DecisionsJSON{Closed: decs(r.Decisions.Closed), AcceptedBySilence: decs(r.Decisions.Silent),
		Open: decs(r.Decisions.Open), Objections: []ObjectionJSON{}}
	for _, o := range r.Decisions.Objections {
		out.Decisions.Objections = append(out.Decisions.Objections, ObjectionJSON{Decision: o.Decision, By: o.By, Reason: o.Reason, At: ts(o.At)})
	}

	r.measuresJSON(&out, ts)

	if h := r.Hours; h != nil {
		out.Hours = &HoursJSON{ByKind: []NamedSecondJSON{}, ByProject: []NamedSecondJSON{}, TotalSeconds: secs(h.Total)}
		for _, k := range h.ByKind {
			out.Hours.ByKind = append(out.Hours.ByKind, NamedSecondJSON{Label: k.Name, Seconds: secs(k.Hours)})
		}
		for _, p := range h.ByProject {
			out.Hours.ByProject = append(out.Hours.ByProject, NamedSecondJSON{Label: p.Name, Seconds: secs(p.Hours)})
		}
	}

	out.Definitions = []DefinitionJSON{}
	for _, d := range r.Definitions {
		out.Definitions = append(out.Definitions, DefinitionJSON{Key: d.Key, Name: d.Name, Definition: d.Text, BetterWhen: d.Better})
	}
	return out
}

func periodJSON(p Period) PeriodJSON {
	loc := p.From.Location()
	return PeriodJSON{Kind: p.KindName(), ID: p.String(), Label: p.Label, From: p.From.In(loc).Format(time.RFC3339),
		To: p.To.In(loc).Format(time.RFC3339), Days: p.Days()}
}

func kpiJSON(k KPI) KPIJSON {
	j := KPIJSON{Key: k.Key, Label: k.Label, Text: k.Text, Detail: k.Detail, PreviousText: k.PrevText, DeltaText: k.DeltaText(),
		Trend: string(k.Trend), BetterWhen: "higher", Caveat: k.Caveat}
	if !k.HigherIsBetter {
		j.BetterWhen = "lower"
	}
	switch k.Unit {
	case UnitCount:
		j.Unit, j.DeltaUnit = "count", "count"
		j.Value, j.Previous = optional(k.Value, k.OK), optional(k.Previous, k.PrevOK)
	case UnitHours:
		j.Unit, j.DeltaUnit = "seconds", "percent"
		j.Value, j.Previous = optional(float64(secs(k.Duration)), k.OK), optional(float64(secs(k.PrevDuration)), k.PrevOK)
	case UnitPercent:
		j.Unit, j.DeltaUnit = "percent", "points"
		j.Value, j.Previous = optional(k.Value, k.OK), optional(k.Previous, k.PrevOK)
	}
	j.Delta = optional(k.Change, k.ChangeOK)
	return j
}

func deepJSON(d DeepWork) DeepWorkJSON {
	j := DeepWorkJSON{MinBlockSeconds: secs(d.MinLength), QualifyingSeconds: secs(d.Hours), Blocks: d.Blocks,
		PlannedBlocks: d.PlannedBlocks, PlannedSeconds: secs(d.Planned), ActualSeconds: secs(d.Actual), Interruptions: d.Interruptions,
		DaysWithDeepWork: d.DaysWithDeep, WorkDays: d.WorkDays, DailyGoalSeconds: secs(d.DailyGoal),
		ShortFocus:  BlocksJSON{Blocks: d.ShortBlocks, Seconds: secs(d.ShortHours)},
		WithoutGoal: BlocksJSON{Blocks: d.NoGoalBlocks, Seconds: secs(d.NoGoalHours)}, WithoutGoalText: d.NoGoalText(),
		Days: []DeepDayJSON{}}
	if d.Blocks > 0 {
		avg, longest := secs(d.Average), secs(d.Longest)
		j.AverageSeconds, j.LongestSeconds = &avg, &longest
	}
	for _, day := range d.Days {
		j.Days = append(j.Days, DeepDayJSON{Date: day.Date.Format(time.DateOnly), QualifyingSeconds: secs(day.Deep),
			ShortFocusSeconds: secs(day.ShortFocus), WithoutGoalSeconds: secs(day.NoGoal)})
	}
	return j
}

func responseJSON(r Responsiveness, ts func(time.Time) string) ResponsivenessJSON {
	j := ResponsivenessJSON{Within: r.Within, Judged: r.Judged, PercentWithin: optional(r.Pct, r.OK), ByPriority: []PriorityJSON{},
		Overdue: []OpenRequestJSON{}, Waiting: []OpenRequestJSON{}}
	for _, p := range r.Rows {
		pj := PriorityJSON{Priority: string(p.Priority), TargetSeconds: secs(p.Target), Count: p.Count, Answered: p.Answered,
			Within: p.Within, Late: p.Late, PercentWithin: optional(p.Pct, p.OK)}
		if p.HasTimes {
			med, p90 := secs(p.Median), secs(p.P90)
			pj.MedianBusinessSeconds, pj.P90BusinessSeconds = &med, &p90
		}
		j.ByPriority = append(j.ByPriority, pj)
	}
	open := func(qs []OpenRequest) []OpenRequestJSON {
		out := []OpenRequestJSON{}
		for _, q := range qs {
			out = append(out, OpenRequestJSON{Subject: q.Subject, From: q.From, Project: q.Project, Priority: string(q.Priority),
				ReceivedAt: ts(q.Received), DueAt: ts(q.Due), LateBusinessSeconds: secs(q.Late)})
		}
		return out
	}
	j.Overdue, j.Waiting = open(r.Overdue), open(r.Waiting)
	return j
}

// secs is a duration in whole seconds, rounded.
func secs(d time.Duration) int64 { return int64(d.Round(time.Second) / time.Second) }

func optional(v float64, ok bool) *float64 {
	if !ok {
		return nil
	}
	return &v
}

func round2(v float64) float64 { return math.Round(v*100) / 100 }

func dateJSON(d tracker.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := string(d)
	return &s
}

func nonNil(ss []string) []string {
	if ss == nil {
		return []string{}
	}
	return ss
}
