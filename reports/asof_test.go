package reports_test

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"shiplog/reports"
	"shiplog/reports/internal/fixture"
)

// TestAPastWeekIsReportedAsItStoodAtItsEnd builds week 47 of the several-week fixture after week
// 48 edited its records, and checks the JSON, figure by figure, against values computed by hand
// from the record as it stood on Sunday 22 November at midnight (see fixture.Weeks).
func TestAPastWeekIsReportedAsItStoodAtItsEnd(t *testing.T) {
	svc := fixture.Weeks(t)
	r := must[*reports.Report](t)(reports.Build(svc, reports.Options{Period: fixture.Week47(t)}))
	var buf bytes.Buffer
	if err := reports.WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	var j reports.ReportJSON
	if err := json.Unmarshal(buf.Bytes(), &j); err != nil {
		t.Fatal(err)
	}
	same := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %#v, want %#v", what, got, want)
		}
	}
	f := func(v float64) *float64 { return &v }
	i := func(v int64) *int64 { return &v }
	s := func(v string) *string { return &v }

	t.Run("the period has ended and is titled for a week", func(t *testing.T) {
		same("title", j.Title, "Weekly results")
		same("so far", j.Period.SoFar, false)
		same("as of", j.Period.AsOf, "2026-11-23T00:00:00+01:00")
		same("period", [3]string{j.Period.Kind, j.Period.ID, j.Period.From}, [3]string{"week", "2026-W47", "2026-11-16T00:00:00+01:00"})
		same("previous recorded in full", [2]bool{j.PreviousPeriod.Recorded, j.PreviousPeriod.Partial}, [2]bool{true, false})
		same("headline", j.Headline, "Shipped 1 deliverable; 4.0 deep-work hours (+300%); 1h 30m of deep work without a goal, not counted; "+
			"50% of requests answered within target")
	})

	t.Run("the KPIs and their changes from week 46", func(t *testing.T) {
		want := []struct {
			key, text, delta, trend, prev string
			value, previous               *float64
		}{
			// Docs shipped on Thursday; Login shipped only in week 48.
			{"deliverables_shipped", "1", "+1", "better", "prev. 0", f(1), f(0)},
			// Monday's 2 h and Friday's block as corrected in week 48 (2 h); week 46 had 1 h.
			{"deep_work_hours", "4.0 h", "+300%", "better", "prev. 1.0 h", f(4 * 3600), f(3600)},
			// The urgent request waited past the week; the normal one was answered in time.
			{"requests_within_target", "50%", "n/a", "not_comparable", "prev. n/a", f(50), nil},
			// Async 1 h and deep blocks 6 h over those and 1 h of meetings; week 46 was all deep work.
			{"async_share", "88%", "-13 pts", "worse", "prev. 100%", f(87.5), f(100)},
			// Accepted by silence on Friday, though rejected explicitly in week 48.
			{"decisions_closed", "1", "+1", "better", "prev. 0", f(1), f(0)},
		}
		if len(j.KPIs) != len(want) {
			t.Fatalf("%d KPIs", len(j.KPIs))
		}
		for n, w := range want {
			k := j.KPIs[n]
			same(w.key+" key", k.Key, w.key)
			same(w.key+" text", k.Text, w.text)
			same(w.key+" delta", k.DeltaText, w.delta)
			same(w.key+" trend", k.Trend, w.trend)
			same(w.key+" value", k.Value, w.value)
			same(w.key+" previous", k.Previous, w.previous)
			same(w.key+" previous text", k.PreviousText, w.prev)
		}
		same("response detail", j.KPIs[2].Detail, "1 of 2")
	})

	t.Run("deliverables as they stood", func(t *testing.T) {
		same("shipped", titles(j.Deliverables.Shipped), []string{"Docs"})
		same("Docs shipped at", j.Deliverables.Shipped[0].ShippedAt, s("2026-11-19T15:00:00+01:00"))
		// Login shipped and Export was dropped in week 48; Search did not exist yet.
		same("in progress", titles(j.Deliverables.InProgress), []string{"Export", "Login"})
		same("Export overdue", j.Deliverables.InProgress[0].Overdue, true)
		// Only the work done by the week's end: Login's three hours of week 48 do not count.
		same("Login invested", j.Deliverables.InProgress[1].InvestedSeconds, int64(7200))
		same("Export invested, as corrected", j.Deliverables.InProgress[0].InvestedSeconds, int64(7200))
		same("status", j.Deliverables.InProgress[1].Status, "in_progress")
		same("upcoming", titles(j.Deliverables.Upcoming), []string{})
	})

	t.Run("the milestone counts what existed at the week's end", func(t *testing.T) {
		if len(j.Milestones) != 1 {
			t.Fatalf("milestones %+v", j.Milestones)
		}
		m := j.Milestones[0]
		same("shipped of total", [2]int{m.Shipped, m.Total}, [2]int{1, 3})
		same("progress", m.ProgressPercent, 33.33)
		same("expected: 14 of 28 days", m.ExpectedPercent, 50.0)
		same("gap", m.GapPoints, 16.67)
		same("health", m.Health, "behind")
	})

	t.Run("deep work, with what did not count", func(t *testing.T) {
		d := j.DeepWork
		same("qualifying", d.QualifyingSeconds, int64(4*3600))
		same("blocks", d.Blocks, 2)
		same("average", d.AverageSeconds, i(7200))
		same("longest", d.LongestSeconds, i(7200))
		same("days with deep work", [2]int{d.DaysWithDeepWork, d.WorkDays}, [2]int{2, 5})
		same("short focus", d.ShortFocus, reports.BlocksJSON{Blocks: 1, Seconds: 1800})
		same("without a goal", d.WithoutGoal, reports.BlocksJSON{Blocks: 1, Seconds: 5400})
		same("without a goal, in words", d.WithoutGoalText, "1h 30m of deep work without a goal, not counted")
		var days []int64
		for _, day := range d.Days {
			days = append(days, day.QualifyingSeconds)
		}
		same("per day", days, []int64{7200, 0, 0, 0, 7200, 0, 0})
		same("Tuesday without a goal", d.Days[1].WithoutGoalSeconds, int64(5400))
		same("daily goal: 15 h over 5 days", d.DailyGoalSeconds, int64(3*3600))
	})

	t.Run("requests are judged at the week's end", func(t *testing.T) {
		rs := j.Responsiveness
		same("within of judged", [2]int{rs.Within, rs.Judged}, [2]int{1, 2})
		same("percent", rs.PercentWithin, f(50))
		urgent, normal := rs.ByPriority[0], rs.ByPriority[2]
		same("urgent", [4]int{urgent.Count, urgent.Answered, urgent.Within, urgent.Late}, [4]int{1, 0, 0, 1})
		same("urgent has no times: its reply came later", urgent.MedianBusinessSeconds, (*int64)(nil))
		same("normal", [4]int{normal.Count, normal.Answered, normal.Within, normal.Late}, [4]int{1, 1, 1, 0})
		same("normal median", normal.MedianBusinessSeconds, i(7200))
		same("normal p90", normal.P90BusinessSeconds, i(7200))
		if len(rs.Overdue) != 1 {
			t.Fatalf("overdue %+v", rs.Overdue)
		}
		o := rs.Overdue[0]
		same("overdue", o.Subject, "Invoice bug")
		same("due", o.DueAt, "2026-11-18T12:00:00+01:00")
		// Wednesday 12:00–17:00, Thursday and Friday: 5 + 8 + 8 business hours.
		same("late by", o.LateBusinessSeconds, int64(21*3600))
		same("waiting", len(rs.Waiting), 0)
	})

	t.Run("async share and its inputs", func(t *testing.T) {
		a := j.Async
		same("inputs", [4]int64{a.AsyncSeconds, a.DeepBlocksSeconds, a.MeetingSeconds, a.ShallowSeconds}, [4]int64{3600, 6 * 3600, 3600, 0})
		same("share", a.SharePercent, f(87.5))
	})

	t.Run("decisions as they stood", func(t *testing.T) {
		ds := j.Decisions
		same("closed explicitly", len(ds.Closed), 0)
		same("accepted by silence", len(ds.AcceptedBySilence), 1)
		same("silent one", [2]string{ds.AcceptedBySilence[0].Title, ds.AcceptedBySilence[0].At}, [2]string{"Weekly demos", "2026-11-20T10:00:00+01:00"})
		if len(ds.Open) != 1 {
			t.Fatalf("open %+v", ds.Open)
		}
		// Kim objected only in week 48.
		same("open one", [3]any{ds.Open[0].Title, ds.Open[0].State, ds.Open[0].Objections}, [3]any{"Drop Safari 15", "open", 0})
		same("objections raised", len(ds.Objections), 0)
	})

	t.Run("week 48 holds the work done in it", func(t *testing.T) {
		w48 := must[*reports.Report](t)(reports.Build(svc, reports.Options{Period: must[reports.Period](t)(reports.ParseWeek("2026-W48", fixture.Berlin))})).JSON()
		same("shipped", titles(w48.Deliverables.Shipped), []string{"Login"})
		same("Login invested by then", w48.Deliverables.Shipped[0].InvestedSeconds, int64(5*3600))
		same("closed explicitly", len(w48.Decisions.Closed), 1)
		same("rejected", w48.Decisions.Closed[0].State, "rejected")
		same("needs discussion", w48.Decisions.Open[0].State, "needs_discussion")
		same("milestone", [2]int{w48.Milestones[0].Shipped, w48.Milestones[0].Total}, [2]int{2, 3})
		same("deep", w48.KPIs[1].Text, "3.0 h")
	})
}

func titles(ds []reports.DeliverableJSON) []string {
	out := []string{}
	for _, d := range ds {
		out = append(out, d.Title)
	}
	return out
}
