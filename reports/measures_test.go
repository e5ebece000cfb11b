package reports_test

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"shiplog/reports"
	"shiplog/reports/internal/fixture"
	"shiplog/tracker"
)

// The measures of async work and the rituals, on the seven weeks of fixture.SeedHabits, whose
// comments work every value below out by hand.

func habitsWeek(t *testing.T, h fixture.Habits, week string) *reports.Report {
	t.Helper()
	cfg := must[tracker.Config](t)(h.Svc.Config())
	p := must[reports.Period](t)(reports.ParseWeek(week, cfg.Location()))
	return must[*reports.Report](t)(reports.Build(h.Svc, reports.Options{Period: p}))
}

func TestDeliveryOnTime(t *testing.T) {
	h := fixture.SeedHabits(t)
	dl := habitsWeek(t, h, "2026-W47").Delivery
	eq(t, "due", dl.Due, 4)
	eq(t, "on time (Login, due on the holiday and shipped that evening; Billing)", dl.OnTime, 2)
	eq(t, "late (Search shipped two days late; Export unshipped)", dl.Late, 2)
	eq(t, "pending", dl.Pending, 0)
	near(t, "percent on time", dl.Pct, 50)
	eq(t, "text", dl.Text(), "2 of 4 due shipped on time (50%)")
	var late []string
	for _, d := range dl.ShippedLate {
		late = append(late, d.Title+" "+string(rune('0'+d.DaysLate)))
	}
	eq(t, "shipped late, by ship time", strings.Join(late, ", "), "Old 6, Search 2")
	near(t, "median days late", dl.MedianDaysLate, 4)
	eq(t, "late text", dl.LateText(), "shipped late: 2, median 4 days late")
	eq(t, "overdue", dl.OverdueText(), "overdue: Docs (11 days), Export (3 days)")

	t.Run("a week that runs judges only what is due by now, and counts late shipments of earlier due dates", func(t *testing.T) {
		h.MoveToNewYork(t)
		dl := habitsWeek(t, h, "2026-W48").Delivery
		eq(t, "due", dl.Due, 1)
		eq(t, "pending", dl.Pending, 1)
		eq(t, "defined", dl.OK, false)
		eq(t, "text", dl.Text(), "1 deliverable due later in the period, not judged yet")
		eq(t, "late text", dl.LateText(), "shipped late: 1, median 4 days late")
		eq(t, "overdue", dl.OverdueText(), "overdue: Docs (15 days)")
	})
}

func TestMeetingsAgainstTheBaseline(t *testing.T) {
	h := fixture.SeedHabits(t)
	r := habitsWeek(t, h, "2026-W47")
	m := r.Meetings
	eq(t, "per week", m.PerWeek, 150*time.Minute)
	eq(t, "baseline from", m.BaselineFrom, "2026-W41")
	eq(t, "baseline weeks ended", m.BaselineEnded, 4)
	eq(t, "baseline (3h + 5h + 0h + 4h) / 4", m.Baseline, 3*time.Hour)
	eq(t, "goal", m.Goal, 108*time.Minute)
	near(t, "change", m.Change, -100.0/6)
	eq(t, "text", m.Text(), "2h 30m a week against a baseline of 3h (-17%); goal 1h 48m (40% fewer)")
	var weeks []string
	for _, w := range m.Weeks {
		s := w.Label + " " + reports.FormatDuration(w.Hours)
		if !w.Recorded {
			s += " (no record)"
		}
		weeks = append(weeks, s)
	}
	eq(t, "trend", strings.Join(weeks, ", "), "W40 0m (no record), W41 3h, W42 5h, W43 0m, W44 4h, W45 2h, W46 1h, W47 2h 30m")

	t.Run("before the four weeks have ended there is no baseline", func(t *testing.T) {
		m := habitsWeek(t, h, "2026-W43").Meetings
		eq(t, "baseline", m.BaselineOK, false)
		eq(t, "ended", m.BaselineEnded, 3)
		eq(t, "text", m.Text(), "0m a week; no baseline yet: 3 of the first 4 weeks on record have ended")
	})

	t.Run("where the meetings were held", func(t *testing.T) {
		pl := r.Meetings.Place
		eq(t, "meeting", pl.Meeting, 150*time.Minute)
		eq(t, "on sync days", pl.OnSyncDays, 2*time.Hour)
		eq(t, "in core hours", pl.InCore, 90*time.Minute)
		eq(t, "both", pl.Aligned, 90*time.Minute)
		near(t, "sync share", pl.SyncShare, 80)
		near(t, "core share", pl.CoreShare, 60)
		eq(t, "text", pl.Text(), "80% on sync days (tue,thu), 60% in core hours (13:00–16:00), 60% both")
		none := habitsWeek(t, h, "2026-W43").Meetings.Place
		eq(t, "a week with no meetings", none.Text(), "no meetings in the period")
		eq(t, "its shares are undefined", none.SyncOK || none.CoreOK || none.BothOK, false)
	})
}

func TestContextSwitches(t *testing.T) {
	h := fixture.SeedHabits(t)
	cs := habitsWeek(t, h, "2026-W47").Switches
	eq(t, "switches", cs.Switches, 5)
	eq(t, "days worked, the holiday included", cs.DaysWorked, 5)
	near(t, "per day", cs.PerDay, 1)
	eq(t, "planned deep blocks", cs.PlannedDeep, 5)
	eq(t, "cut short", cs.CutShort, 1)
	eq(t, "text", cs.Text(), "1 switch per day worked (5 on 5 days); 1 of 5 planned deep blocks cut short by a switch")
}

func TestDecisionsWrittenDown(t *testing.T) {
	h := fixture.SeedHabits(t)
	doc := habitsWeek(t, h, "2026-W47").Documentation
	eq(t, "made", doc.Made, 4)
	eq(t, "written down", doc.WrittenDown, 2)
	eq(t, "text", doc.Text(), "2 of 4 decisions written down (50%)")
	var missing []string
	for _, d := range doc.Missing {
		missing = append(missing, d.Title)
	}
	eq(t, "not written down", strings.Join(missing, ", "), "Four-day week, Weekly demos")
}

func TestRitualsInThePersonalReport(t *testing.T) {
	h := fixture.SeedHabits(t)
	rt := habitsWeek(t, h, "2026-W47").Rituals
	var days []string
	for _, d := range rt.Days {
		days = append(days, string(d.Date))
	}
	eq(t, "closed days, the holiday absent", strings.Join(days, " "), "2026-11-16 2026-11-17 2026-11-19 2026-11-20")
	near(t, "energy", rt.EnergyAvg, 10.0/3)
	eq(t, "energy days", rt.EnergyDays, 3)
	eq(t, "energy text", rt.EnergyText(), "3.3 on average, 4 closed days (3 with an energy)")
	eq(t, "handoff", rt.Days[2].Handoff, "Export is blocked on the API; Kim has the details")
	eq(t, "plan", rt.Days[3].Tomorrow.Goal+" @ "+rt.Days[3].Tomorrow.Project, "Finish Export @ Beta")
	eq(t, "check-in", rt.CheckInText(), "satisfaction 5, balance 3 (2026-W47)")
	eq(t, "trend", rt.TrendText(), "W40 – · W41 4/3 · W42 3/2 · W43 – · W44 4/4 · W45 2/2 · W46 – · W47 5/3")

	t.Run("days closed in two time zones belong to the local dates they were closed on", func(t *testing.T) {
		h.MoveToNewYork(t)
		r := habitsWeek(t, h, "2026-W48")
		eq(t, "the report's zone", r.Settings.Zone, "America/New_York")
		var days []string
		for _, d := range r.Rituals.Days {
			days = append(days, string(d.Date)+"="+string(rune('0'+d.Energy)))
		}
		eq(t, "closed days", strings.Join(days, " "), "2026-11-23=4 2026-11-24=3 2026-11-25=2 2026-11-26=5")
		near(t, "energy", r.Rituals.EnergyAvg, 3.5)
		eq(t, "no check-in yet", r.Rituals.CheckInText(), "no check-in for 2026-W48 yet")
	})
}

func TestMeasuresInTheJSON(t *testing.T) {
	h := fixture.SeedHabits(t)
	r := habitsWeek(t, h, "2026-W47")
	b, err := json.Marshal(r.JSON())
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Settings struct {
			SyncDays  string `json:"sync_days"`
			CoreHours string `json:"core_hours"`
		} `json:"settings"`
		Delivery struct {
			PercentOnTime  *float64 `json:"percent_on_time"`
			MedianDaysLate *float64 `json:"median_days_late"`
			Overdue        []struct {
				Title    string `json:"title"`
				DaysLate int    `json:"days_late"`
			} `json:"overdue"`
		} `json:"delivery"`
		Meetings struct {
			PerWeek  int64    `json:"per_week_seconds"`
			Baseline *int64   `json:"baseline_seconds"`
			Goal     *int64   `json:"goal_seconds"`
			Change   *float64 `json:"change_percent"`
			Weeks    []struct {
				Seconds int64 `json:"seconds"`
			} `json:"weeks"`
			Place struct {
				Sync *float64 `json:"sync_days_percent"`
				Both *float64 `json:"both_percent"`
			} `json:"place"`
		} `json:"meetings"`
		Switches struct {
			PerDay   *float64 `json:"per_day"`
			CutShort int      `json:"cut_short"`
			Gap      int64    `json:"gap_seconds"`
		} `json:"context_switches"`
		Documentation struct {
			Percent *float64 `json:"percent"`
		} `json:"documentation"`
		Rituals struct {
			Energy  *float64 `json:"energy_average"`
			CheckIn *struct {
				Satisfaction int `json:"satisfaction"`
			} `json:"check_in"`
			Trend []struct {
				Satisfaction *int `json:"satisfaction"`
			} `json:"check_in_trend"`
		} `json:"rituals"`
	}
	if err := json.Unmarshal(b, &j); err != nil {
		t.Fatal(err)
	}
	eq(t, "sync days", j.Settings.SyncDays, "tue,thu")
	eq(t, "core hours", j.Settings.CoreHours, "13:00–16:00")
	near(t, "percent on time", *j.Delivery.PercentOnTime, 50)
	near(t, "median days late", *j.Delivery.MedianDaysLate, 4)
	eq(t, "overdue", len(j.Delivery.Overdue), 2)
	eq(t, "overdue days", j.Delivery.Overdue[0].DaysLate, 11)
	eq(t, "per week", j.Meetings.PerWeek, int64(9000))
	eq(t, "baseline", *j.Meetings.Baseline, int64(10800))
	eq(t, "goal", *j.Meetings.Goal, int64(6480))
	near(t, "change", *j.Meetings.Change, -100.0/6)
	eq(t, "trend weeks", len(j.Meetings.Weeks), 8)
	eq(t, "W42", j.Meetings.Weeks[2].Seconds, int64(18000))
	near(t, "sync share", *j.Meetings.Place.Sync, 80)
	near(t, "both", *j.Meetings.Place.Both, 60)
	near(t, "switches per day", *j.Switches.PerDay, 1)
	eq(t, "cut short", j.Switches.CutShort, 1)
	eq(t, "gap", j.Switches.Gap, int64(900))
	near(t, "documented", *j.Documentation.Percent, 50)
	near(t, "energy", *j.Rituals.Energy, 10.0/3)
	eq(t, "check-in", j.Rituals.CheckIn.Satisfaction, 5)
	eq(t, "a week without a check-in is null", j.Rituals.Trend[3].Satisfaction == nil, true)
	eq(t, "a week with one", *j.Rituals.Trend[1].Satisfaction, 4)
}
