package reports

import "time"

// DeliveryJSON is delivery on time (Delivery).
type DeliveryJSON struct {
	Due            int                   `json:"due"`
	OnTime         int                   `json:"on_time"`
	Late           int                   `json:"late"`
	Pending        int                   `json:"pending"`
	PercentOnTime  *float64              `json:"percent_on_time"`
	Text           string                `json:"text"`
	ShippedLate    []LateDeliverableJSON `json:"shipped_late"`
	MedianDaysLate *float64              `json:"median_days_late"`
	Overdue        []LateDeliverableJSON `json:"overdue"`
}

// LateDeliverableJSON is a deliverable shipped late, or overdue.
type LateDeliverableJSON struct {
	ID        uint    `json:"id"`
	Title     string  `json:"title"`
	Project   string  `json:"project"`
	Status    string  `json:"status"`
	Due       string  `json:"due"`
	ShippedAt *string `json:"shipped_at"`
	DaysLate  int     `json:"days_late"`
}

// MeetingsJSON is meeting time against the baseline, and where meetings were held (MeetingTrend).
type MeetingsJSON struct {
	PerWeekSeconds     int64             `json:"per_week_seconds"`
	BaselineSeconds    *int64            `json:"baseline_seconds"`
	BaselineFrom       *string           `json:"baseline_from"`
	BaselineWeeksEnded int               `json:"baseline_weeks_ended"`
	GoalSeconds        *int64            `json:"goal_seconds"`
	GoalCutPercent     float64           `json:"goal_cut_percent"`
	ChangePercent      *float64          `json:"change_percent"`
	Text               string            `json:"text"`
	Weeks              []MeetingWeekJSON `json:"weeks"`
	Place              MeetingPlaceJSON  `json:"place"`
}

// MeetingWeekJSON is one week of the meeting trend.
type MeetingWeekJSON struct {
	Week     string `json:"week"`
	Label    string `json:"label"`
	Seconds  int64  `json:"seconds"`
	Recorded bool   `json:"recorded"`
	SoFar    bool   `json:"so_far"`
}

// MeetingPlaceJSON is where the period's meetings were held.
type MeetingPlaceJSON struct {
	MeetingSeconds     int64    `json:"meeting_seconds"`
	SyncDays           string   `json:"sync_days"`
	CoreHours          string   `json:"core_hours"`
	OnSyncDaysSeconds  int64    `json:"on_sync_days_seconds"`
	InCoreHoursSeconds int64    `json:"in_core_hours_seconds"`
	BothSeconds        int64    `json:"both_seconds"`
	SyncDaysPercent    *float64 `json:"sync_days_percent"`
	CoreHoursPercent   *float64 `json:"core_hours_percent"`
	BothPercent        *float64 `json:"both_percent"`
	Text               string   `json:"text"`
}

// SwitchesJSON is the context switches (ContextSwitches).
type SwitchesJSON struct {
	Switches          int      `json:"switches"`
	DaysWorked        int      `json:"days_worked"`
	PerDay            *float64 `json:"per_day"`
	PlannedDeepBlocks int      `json:"planned_deep_blocks"`
	CutShort          int      `json:"cut_short"`
	GapSeconds        int64    `json:"gap_seconds"`
	Text              string   `json:"text"`
}

// DocumentationJSON is the decisions written down against those made (Documentation).
type DocumentationJSON struct {
	Made           int            `json:"made"`
	WrittenDown    int            `json:"written_down"`
	Percent        *float64       `json:"percent"`
	NotWrittenDown []DecisionJSON `json:"not_written_down"`
	Text           string         `json:"text"`
}

// RitualsJSON is what the closed days and the check-ins say (Rituals); personal.
type RitualsJSON struct {
	Days          []ClosedDayJSON    `json:"days"`
	EnergyAverage *float64           `json:"energy_average"`
	EnergyDays    int                `json:"energy_days"`
	EnergyText    string             `json:"energy_text"`
	CheckInWeek   string             `json:"check_in_week"`
	CheckIn       *CheckInJSON       `json:"check_in"`
	CheckInText   string             `json:"check_in_text"`
	Trend         []TrendCheckInJSON `json:"check_in_trend"`
}

// ClosedDayJSON is one closed day.
type ClosedDayJSON struct {
	Date     string    `json:"date"`
	ClosedAt string    `json:"closed_at"`
	Energy   *int      `json:"energy"`
	Handoff  string    `json:"handoff"`
	Tomorrow *PlanJSON `json:"tomorrow"`
}

// PlanJSON is tomorrow's first block as a close planned it.
type PlanJSON struct {
	Goal    string `json:"goal"`
	Project string `json:"project"`
}

// CheckInJSON is a week's check-in.
type CheckInJSON struct {
	Week         string `json:"week"`
	Satisfaction int    `json:"satisfaction"`
	Balance      int    `json:"balance"`
}

// TrendCheckInJSON is one week of the check-in trend; the scores are null for a week without one.
type TrendCheckInJSON struct {
	Week         string `json:"week"`
	Label        string `json:"label"`
	Satisfaction *int   `json:"satisfaction"`
	Balance      *int   `json:"balance"`
}

// measuresJSON fills the measures of async work and the rituals into out.
func (r *Report) measuresJSON(out *ReportJSON, ts func(time.Time) string) {
	dl := r.Delivery
	late := func(rows []DeliverableRow) []LateDeliverableJSON {
		list := []LateDeliverableJSON{}
		for _, d := range rows {
			j := LateDeliverableJSON{ID: d.ID, Title: d.Title, Project: d.Project, Status: string(d.Status), Due: string(d.Due), DaysLate: d.DaysLate}
			if !d.Shipped.IsZero() {
				s := ts(d.Shipped)
				j.ShippedAt = &s
			}
			list = append(list, j)
		}
		return list
	}
	out.Delivery = DeliveryJSON{Due: dl.Due, OnTime: dl.OnTime, Late: dl.Late, Pending: dl.Pending, PercentOnTime: optional(dl.Pct, dl.OK),
		Text: dl.Text(), ShippedLate: late(dl.ShippedLate), MedianDaysLate: optional(dl.MedianDaysLate, dl.MedianOK), Overdue: late(dl.Overdue)}

	m := r.Meetings
	mj := MeetingsJSON{PerWeekSeconds: secs(m.PerWeek), BaselineWeeksEnded: m.BaselineEnded, GoalCutPercent: 100 * MeetingGoalCut,
		ChangePercent: optional(m.Change, m.ChangeOK), Text: m.Text(), Weeks: []MeetingWeekJSON{}}
	if m.BaselineFrom != "" {
		from := m.BaselineFrom
		mj.BaselineFrom = &from
	}
	if m.BaselineOK {
		base, goal := secs(m.Baseline), secs(m.Goal)
		mj.BaselineSeconds, mj.GoalSeconds = &base, &goal
	}
	for _, w := range m.Weeks {
		mj.Weeks = append(mj.Weeks, MeetingWeekJSON{Week: w.Week, Label: w.Label, Seconds: secs(w.Hours), Recorded: w.Recorded, SoFar: w.SoFar})
	}
	pl := m.Place
	mj.Place = MeetingPlaceJSON{MeetingSeconds: secs(pl.Meeting), SyncDays: pl.SyncDays, CoreHours: pl.CoreHours,
		OnSyncDaysSeconds: secs(pl.OnSyncDays), InCoreHoursSeconds: secs(pl.InCore), BothSeconds: secs(pl.Aligned),
		SyncDaysPercent: optional(pl.SyncShare, pl.SyncOK), CoreHoursPercent: optional(pl.CoreShare, pl.CoreOK),
		BothPercent: optional(pl.Both, pl.BothOK), Text: pl.Text()}
	out.Meetings = mj

	sw := r.Switches
	out.Switches = SwitchesJSON{Switches: sw.Switches, DaysWorked: sw.DaysWorked, PerDay: optional(sw.PerDay, sw.OK),
		PlannedDeepBlocks: sw.PlannedDeep, CutShort: sw.CutShort, GapSeconds: secs(SwitchGap), Text: sw.Text()}

	doc := r.Documentation
	out.Documentation = DocumentationJSON{Made: doc.Made, WrittenDown: doc.WrittenDown, Percent: optional(doc.Pct, doc.OK),
		NotWrittenDown: []DecisionJSON{}, Text: doc.Text()}
	for _, d := range doc.Missing {
		out.Documentation.NotWrittenDown = append(out.Documentation.NotWrittenDown, DecisionJSON{Title: d.Title, Project: d.Project,
			State: string(d.State), At: ts(d.At), Outcome: d.Outcome, Objections: d.Objections})
	}

	rt := r.Rituals
	rj := RitualsJSON{Days: []ClosedDayJSON{}, EnergyAverage: optional(rt.EnergyAvg, rt.EnergyOK), EnergyDays: rt.EnergyDays,
		EnergyText: rt.EnergyText(), CheckInWeek: rt.Week, CheckInText: rt.CheckInText(), Trend: []TrendCheckInJSON{}}
	for _, d := range rt.Days {
		dj := ClosedDayJSON{Date: string(d.Date), ClosedAt: ts(d.ClosedAt), Handoff: d.Handoff}
		if d.Energy > 0 {
			e := d.Energy
			dj.Energy = &e
		}
		if !d.Tomorrow.IsZero() {
			dj.Tomorrow = &PlanJSON{Goal: d.Tomorrow.Goal, Project: d.Tomorrow.Project}
		}
		rj.Days = append(rj.Days, dj)
	}
	if rt.CheckIn.Answered {
		rj.CheckIn = &CheckInJSON{Week: rt.CheckIn.Week, Satisfaction: rt.CheckIn.Satisfaction, Balance: rt.CheckIn.Balance}
	}
	for _, w := range rt.Trend {
		tj := TrendCheckInJSON{Week: w.Week, Label: w.Label}
		if w.Answered {
			s, b := w.Satisfaction, w.Balance
			tj.Satisfaction, tj.Balance = &s, &b
		}
		rj.Trend = append(rj.Trend, tj)
	}
	out.Rituals = rj
}
