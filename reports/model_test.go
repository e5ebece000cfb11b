package reports_test

import (
	"errors"
	"math"
	"testing"
	"time"

	"shiplog/reports"
	"shiplog/tracker"
)

func TestBuildComputesEveryFigureOfTheWeek(t *testing.T) {
	r := buildFixture(t, reports.Options{})
	h := time.Hour

	t.Run("the headline and reports.KPI tiles compare with the previous week", func(t *testing.T) {
		eq(t, "headline", r.Headline, "Shipped 2 deliverables; 5.5 deep-work hours (+22%); 1h 30m of deep work without a goal, not counted; "+
			"60% of requests answered within target")
		want := []struct{ text, delta, prev string }{
			{"2", "+1", "prev. 1"},
			{"5.5 h", "+22%", "prev. 4.5 h"},
			{"60%", "-40 pts", "prev. 100%"},
			{"81%", "+12 pts", "prev. 69%"},
			{"2", "+1", "prev. 1"},
		}
		for i, w := range want {
			k := r.KPIs[i]
			if k.Text != w.text || k.Delta != w.delta || k.PrevText != w.prev {
				t.Errorf("KPI %q = %q %q %q, want %q %q %q", k.Label, k.Text, k.Delta, k.PrevText, w.text, w.delta, w.prev)
			}
		}
		near(t, "async share", r.KPIs[3].Value, 100*8.75/10.75)
		near(t, "previous async share", r.KPIs[3].Previous, 100*4.5/6.5)
	})

	t.Run("deliverables are listed shipped, in progress and next", func(t *testing.T) {
		if len(r.Shipped) != 2 {
			t.Fatalf("shipped %d, want 2", len(r.Shipped))
		}
		s := r.Shipped[0]
		eq(t, "first shipped", s.Title, "Ship login")
		eq(t, "its link", s.Link, "https://x.test/1")
		eq(t, "its milestone", s.Milestone, "Launch")
		eq(t, "its invested time", s.Invested, 2*h)
		eq(t, "its shipped time", s.Shipped.Equal(at(17, 16, 0)), true)
		eq(t, "second shipped", r.Shipped[1].Title, "Fix export")
		if len(r.InProgress) != 2 {
			t.Fatalf("in progress %d, want 2", len(r.InProgress))
		}
		eq(t, "first in progress", r.InProgress[0].Title, "Search")
		eq(t, "Search overdue", r.InProgress[0].Overdue, true)
		eq(t, "Dark mode overdue", r.InProgress[1].Overdue, false)
		if len(r.Upcoming) != 2 {
			t.Fatalf("upcoming %d, want 2", len(r.Upcoming))
		}
		eq(t, "next first", r.Upcoming[0].Title, "Billing")
		eq(t, "next second", r.Upcoming[1].Title, "Dark mode")
	})

	t.Run("the milestone is behind a straight line", func(t *testing.T) {
		if len(r.Milestones) != 1 {
			t.Fatalf("milestones %d, want 1", len(r.Milestones))
		}
		m := r.Milestones[0]
		eq(t, "shipped", m.Shipped, 1)
		eq(t, "total", m.Total, 3)
		near(t, "progress", m.Progress, 100.0/3)
		near(t, "expected", m.Expected, 100*19.75/30) // 19 days 18 hours of 30 days
		near(t, "gap", m.Gap, 32.5)
		eq(t, "health", m.Health, reports.Behind)
	})

	t.Run("deep work counts qualifying blocks and splits them at midnight", func(t *testing.T) {
		d := r.Deep
		eq(t, "hours", d.Hours, 5*h+30*time.Minute)
		eq(t, "blocks", d.Blocks, 4)
		eq(t, "average", d.Average, 90*time.Minute)
		eq(t, "longest", d.Longest, 2*h)
		eq(t, "planned blocks", d.PlannedBlocks, 2)
		eq(t, "planned", d.Planned, 150*time.Minute)
		eq(t, "actual", d.Actual, 3*h)
		eq(t, "interruptions", d.Interruptions, 3)
		eq(t, "days with deep work", d.DaysWithDeep, 4)
		eq(t, "work days", d.WorkDays, 5)
		// G3 is 45 minutes, under the hour's minimum; the Beta block on Wednesday is 90 minutes
		// without a goal.
		eq(t, "short blocks", d.ShortBlocks, 1)
		eq(t, "short hours", d.ShortHours, 45*time.Minute)
		eq(t, "blocks without a goal", d.NoGoalBlocks, 1)
		eq(t, "hours without a goal", d.NoGoalHours, 90*time.Minute)
		eq(t, "the sentence on them", d.NoGoalText(), "1h 30m of deep work without a goal, not counted")
		wantDeep := []time.Duration{150 * time.Minute, h, h, h, 0, 0, 0}
		wantShort := []time.Duration{0, 0, 45 * time.Minute, 0, 0, 0, 0}
		wantNoGoal := []time.Duration{0, 0, 90 * time.Minute, 0, 0, 0, 0}
		var sum time.Duration
		for i, day := range d.Days {
			eq(t, day.Date.Format("Mon")+" deep", day.Deep, wantDeep[i])
			eq(t, day.Date.Format("Mon")+" short", day.ShortFocus, wantShort[i])
			eq(t, day.Date.Format("Mon")+" without a goal", day.NoGoal, wantNoGoal[i])
			sum += day.Deep
		}
		near(t, "chart Wednesday, not counted", d.Chart.Extra[2], 2.25)
		eq(t, "the days add up to the total", sum, d.Hours)
		eq(t, "chart bucket", d.Chart.Bucket, "day")
		eq(t, "chart labels", len(d.Chart.Labels), 7)
		near(t, "chart Monday", d.Chart.Values[0], 2.5)
	})

	t.Run("responsiveness is per priority in business hours, FYI excluded", func(t *testing.T) {
		rs := r.Response.Rows
		if len(rs) != 3 {
			t.Fatalf("rows %d, want urgent, important, normal", len(rs))
		}
		u := rs[0]
		eq(t, "urgent count", u.Count, 4)
		eq(t, "urgent answered", u.Answered, 3)
		eq(t, "urgent median", u.Median, h)
		eq(t, "urgent p90", u.P90, 3*h)
		eq(t, "urgent within", u.Within, 2)
		eq(t, "urgent late", u.Late, 2)
		near(t, "urgent pct", u.Pct, 50)
		eq(t, "important median", rs[1].Median, 8*h)
		near(t, "important pct", rs[1].Pct, 100)
		eq(t, "normal count", rs[2].Count, 1)
		eq(t, "normal has no percentage yet", rs[2].OK, false)
		near(t, "overall", r.Response.Pct, 60) // R1, R3, R4 within; R2, R7 late
		if len(r.Response.Overdue) != 2 {
			t.Fatalf("overdue %d, want R9 and R7", len(r.Response.Overdue))
		}
		eq(t, "oldest overdue", r.Response.Overdue[0].Subject, "R9")
		eq(t, "R9 late by", r.Response.Overdue[0].Late, 72*h)
		eq(t, "R7 late by", r.Response.Overdue[1].Late, 9*h)
	})

	t.Run("async share and meetings against the last four weeks", func(t *testing.T) {
		a := r.Async
		eq(t, "async", a.Async, h)
		eq(t, "deep", a.Deep, 7*h+45*time.Minute)
		eq(t, "meeting", a.Meeting, 2*h)
		eq(t, "meeting average", a.MeetingAvg, h)
		if len(a.History) != 4 || a.History[0].Label != "W43" || a.History[3].Label != "W46" || a.History[3].Hours != 2*h {
			t.Errorf("history %+v, want W43..W46 with 2h in W46", a.History)
		}
	})

	t.Run("decisions are closed, silent or open, with objections", func(t *testing.T) {
		ds := r.Decisions
		if len(ds.Closed) != 1 || ds.Closed[0].Title != "Use Postgres" || ds.Closed[0].State != tracker.DecisionAccepted {
			t.Errorf("closed %+v", ds.Closed)
		}
		if len(ds.Silent) != 1 || ds.Silent[0].Title != "Drop IE" {
			t.Errorf("silent %+v", ds.Silent)
		}
		if len(ds.Open) != 1 || ds.Open[0].Title != "Four-day week" || !ds.Open[0].At.Equal(at(23, 12, 0)) {
			t.Errorf("open %+v", ds.Open)
		}
		if len(ds.Objections) != 1 || ds.Objections[0].By != "Kim" || ds.Objections[0].Reason != "Customers expect Friday support" {
			t.Errorf("objections %+v", ds.Objections)
		}
	})

	t.Run("hours stay out unless asked for", func(t *testing.T) {
		if r.Hours != nil {
			t.Error("hours table present without reports.Options.Hours")
		}
	})
}

func TestBuildAddsTheHoursTableOnRequest(t *testing.T) {
	r := buildFixture(t, reports.Options{Hours: true})
	h := r.Hours
	if h == nil {
		t.Fatal("no hours table")
	}
	eq(t, "total", h.Total, 11*time.Hour+45*time.Minute)
	want := map[string]time.Duration{"Deep work": 7*time.Hour + 45*time.Minute, "Shallow": time.Hour, "Async communication": time.Hour, "Meeting": 2 * time.Hour}
	for _, k := range h.ByKind {
		eq(t, k.Name, k.Hours, want[k.Name])
	}
	if len(h.ByProject) != 2 || h.ByProject[0].Name != "Alpha" || h.ByProject[0].Hours != 8*time.Hour+15*time.Minute ||
		h.ByProject[1].Hours != 3*time.Hour+30*time.Minute {
		t.Errorf("by project %+v", h.ByProject)
	}
}

func TestBuildFiltersByProject(t *testing.T) {
	r := buildFixture(t, reports.Options{Projects: []string{"beta"}})
	eq(t, "projects", len(r.Projects), 1)
	eq(t, "stored name", r.Projects[0], "Beta")
	eq(t, "shipped", len(r.Shipped), 1)
	eq(t, "deep hours", r.Deep.Hours, time.Hour)
	eq(t, "milestones", len(r.Milestones), 0)
	eq(t, "decisions open", len(r.Decisions.Open), 1)
	eq(t, "decisions silent", len(r.Decisions.Silent), 0)
}

func TestBuildRejectsAnUnknownProject(t *testing.T) {
	svc := mustOpen(t, fixtureNow)
	seedFixture(t, svc)
	_, err := reports.Build(svc, reports.Options{Period: reports.WeekOf(fixtureNow, berlin), Projects: []string{"Alpah"}})
	if !errors.Is(err, tracker.ErrNotFound) {
		t.Fatalf("err %v, want ErrNotFound", err)
	}
}

func TestBuildOfAnEmptyWeek(t *testing.T) {
	svc := mustOpen(t, fixtureNow)
	r := must[*reports.Report](t)(reports.Build(svc, reports.Options{Period: reports.WeekOf(fixtureNow, berlin)}))
	eq(t, "headline", r.Headline, "Nothing recorded in this period yet: no blocks, deliverables, requests or decisions. "+
		"Start a block from the tray or with shiplog start, and this report fills in")
	eq(t, "empty", r.Empty, true)
	eq(t, "response reports.KPI", r.KPIs[2].Text, "n/a")
	eq(t, "async reports.KPI delta", r.KPIs[3].Delta, "n/a")
	// Nothing was recorded before either, so there is nothing to compare with.
	eq(t, "deep delta", r.KPIs[1].Delta, "n/a")
	eq(t, "deep delta as shown", r.KPIs[1].DeltaText(), "n/a: no earlier record")
	eq(t, "deep trend", r.KPIs[1].Trend, reports.NotComparable)
}

func TestMilestoneHealthEdges(t *testing.T) {
	// A 200-day milestone with one of two deliverables shipped is at 50%; each day is half a point.
	start, due := tracker.Date("2026-01-01"), tracker.Date("2026-07-19") // 2026-07-20 is 200 days on
	tests := []struct {
		name string
		day  int // days after the start
		want reports.Health
	}{
		{"16.5 points behind is still on track", 133, reports.OnTrack},
		{"17 points behind is behind", 134, reports.Behind},
		{"33 points behind is still behind", 166, reports.Behind},
		{"33.5 points behind is at risk", 167, reports.AtRisk},
		{"ahead of the line is on track", 10, reports.OnTrack},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			when := time.Date(2026, 1, 1, 0, 0, 0, 0, berlin).AddDate(0, 0, tt.day)
			exp := reports.ExpectedProgress(start, due, when)
			near(t, "expected", exp, float64(tt.day)/2)
			gap := math.Round((exp-50)*100) / 100
			eq(t, "health", reports.HealthOf(gap), tt.want)
		})
	}
	eq(t, "16.51 is behind", reports.HealthOf(16.51), reports.Behind)
	eq(t, "33.01 is at risk", reports.HealthOf(33.01), reports.AtRisk)
}

func TestPercentiles(t *testing.T) {
	near(t, "median of odd", reports.Median([]float64{1, 2, 9}), 2)
	near(t, "median of even", reports.Median([]float64{1, 2, 4, 9}), 3)
	near(t, "p90 of ten", reports.Percentile([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90), 9)
	near(t, "p90 of one", reports.Percentile([]float64{4}, 90), 4)
}
