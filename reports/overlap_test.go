package reports_test

import (
	"reflect"
	"testing"
	"time"

	"shiplog/reports"
	"shiplog/reports/internal/fixture"
	"shiplog/tracker"
)

// overlapWeek imports overlapping blocks into week 47 and into week 44, each case hand-computed
// in the test below; only imports can overlap, under --overlaps keep.
func overlapWeek(t *testing.T) *tracker.Service {
	t.Helper()
	svc := mustOpen(t, fixtureNow)
	for _, p := range []string{"Alpha", "Beta"} {
		must[tracker.Project](t)(svc.AddProject(tracker.Project{Name: p}))
	}
	block := func(ref, project string, kind tracker.Kind, from, to time.Time) tracker.ImportBlock {
		return tracker.ImportBlock{Ref: ref, SourceKey: "test:" + ref, Block: tracker.Block{Project: project, Kind: kind,
			Start: from, End: &to, Goal: "Move " + ref}}
	}
	oct := func(d, hh, mm int) time.Time { return time.Date(2026, 10, d, hh, mm, 0, 0, berlin) }
	file := []tracker.ImportBlock{
		// Tuesday 17 November. Nested: a meeting inside a deep block.
		block("d1", "Alpha", tracker.KindDeep, at(17, 9, 0), at(17, 12, 0)),
		block("m1", "Beta", tracker.KindMeeting, at(17, 10, 0), at(17, 10, 30)),
		// Partial: async work that starts before a deep block ends.
		block("d2", "Alpha", tracker.KindDeep, at(17, 13, 0), at(17, 14, 30)),
		block("a1", "Alpha", tracker.KindAsync, at(17, 14, 0), at(17, 15, 0)),
		// Identical: a shallow block and a meeting over the same hour; the later of the two counts.
		block("s1", "Beta", tracker.KindShallow, at(17, 16, 0), at(17, 17, 0)),
		block("m2", "Beta", tracker.KindMeeting, at(17, 16, 0), at(17, 17, 0)),
		// Friday 20 November: a meeting logged over the block that runs (started below).
		block("m3", "Beta", tracker.KindMeeting, at(20, 17, 0), at(20, 17, 30)),
		// Wednesday 28 October, week 44 of the meeting history: a deep block that starts inside a
		// meeting, and a shallow block inside another meeting.
		block("mh1", "Beta", tracker.KindMeeting, oct(28, 10, 0), oct(28, 11, 0)),
		block("dh1", "Alpha", tracker.KindDeep, oct(28, 10, 30), oct(28, 12, 0)),
		block("mh2", "Beta", tracker.KindMeeting, oct(28, 13, 0), oct(28, 15, 0)),
		block("sh1", "Beta", tracker.KindShallow, oct(28, 13, 30), oct(28, 14, 0)),
	}
	if _, _, err := svc.StartBlock(tracker.Block{Project: "Alpha", Kind: tracker.KindDeep, Goal: "Run", Start: at(20, 16, 0)}); err != nil {
		t.Fatal(err)
	}
	res := must[tracker.ImportResult](t)(svc.ImportBlocks(file, tracker.ImportOptions{}))
	if res.Added != len(file) {
		t.Fatalf("imported %d of %d: %+v", res.Added, len(file), res.Adjusted)
	}
	return svc
}

func TestReportsCountAnOverlappedSpanOnceForTheLaterBlock(t *testing.T) {
	svc := overlapWeek(t)
	h, m := time.Hour, time.Minute
	week := fixture.Week47(t)
	r := must[*reports.Report](t)(reports.Build(svc, reports.Options{Period: week, Hours: true}))

	t.Run("the report says that it counted overlapping blocks, and a report without them does not", func(t *testing.T) {
		eq(t, "overlaps", r.Overlaps, true)
		plain := must[*reports.Report](t)(reports.Build(mustOpen(t, fixtureNow), reports.Options{Period: week}))
		eq(t, "overlaps without overlapping blocks", plain.Overlaps, false)
	})
	t.Run("deep work counts only the time no later block took", func(t *testing.T) {
		// d1 keeps 09:00-10:00 and 10:30-12:00 (2 h 30), d2 13:00-14:00 (1 h), the running block
		// 16:00-17:00 and 17:30-18:00 (1 h 30): 5 h, not the 6 h 30 of their spans.
		eq(t, "hours", r.Deep.Hours, 5*h)
		eq(t, "blocks", r.Deep.Blocks, 3)
		eq(t, "longest", r.Deep.Longest, 2*h+30*m)
		eq(t, "average", r.Deep.Average, 100*m)
		eq(t, "Tuesday", r.Deep.Days[1].Deep, 3*h+30*m)
		eq(t, "Friday", r.Deep.Days[4].Deep, 90*m)
		near(t, "chart Tuesday", r.Deep.Chart.Values[1], 3.5)
	})
	t.Run("kind totals and the async share add up to the time some block covers", func(t *testing.T) {
		a := r.Async
		eq(t, "deep", a.Deep, 5*h)
		eq(t, "meeting", a.Meeting, 2*h) // m1 30 min, m2 1 h, m3 30 min
		eq(t, "async", a.Async, h)       // a1 whole: it started later than d2
		eq(t, "shallow", a.Shallow, 0)   // s1 lies under m2, which is later in the list
		near(t, "share", a.Share, 75)
	})
	t.Run("the hours table totals the union of the blocks", func(t *testing.T) {
		// Tuesday 09-12, 13-15, 16-17 and Friday 16-18.
		eq(t, "total", r.Hours.Total, 8*h)
		byProject := map[string]time.Duration{}
		for _, p := range r.Hours.ByProject {
			byProject[p.Name] = p.Hours
		}
		eq(t, "Alpha", byProject["Alpha"], 6*h)
		eq(t, "Beta", byProject["Beta"], 2*h)
	})
	t.Run("the meeting history, summed by the store, follows the same rule", func(t *testing.T) {
		// Week 44: mh1 loses 10:30-11:00 to dh1, mh2 loses 13:30-14:00 to sh1: 2 h of 3.
		var got time.Duration
		found := false
		for _, p := range r.Async.History {
			if p.Label == "W44" {
				got, found = p.Hours, true
			}
		}
		if !found || got != 2*h {
			t.Errorf("week 44's meetings %v (found %v), want 2h; history %+v", got, found, r.Async.History)
		}
		older := must[[]time.Duration](t)(svc.TimeIn(tracker.BlockFilter{From: week.From.AddDate(0, 0, -28), To: week.From},
			tracker.KindMeeting, [][2]time.Time{{week.From.AddDate(0, 0, -21), week.From.AddDate(0, 0, -14)}}, fixtureNow))
		eq(t, "TimeIn of week 44", older[0], 2*h)
	})
	t.Run("a report on one project counts what the other project's later blocks took", func(t *testing.T) {
		one := must[*reports.Report](t)(reports.Build(svc, reports.Options{Period: week, Projects: []string{"Alpha"}, Hours: true}))
		eq(t, "Alpha's deep hours", one.Deep.Hours, 5*h)
		eq(t, "Alpha's hours", one.Hours.Total, 6*h)
		eq(t, "no meetings", one.Async.Meeting, 0)
	})
	t.Run("the written update counts deep time the same way", func(t *testing.T) {
		draft := must[string](t)(reports.DraftUpdate(svc, week))
		if !contains(draft, "- Deep-work hours: 5.0 h.") {
			t.Errorf("draft:\n%s", draft)
		}
	})
	t.Run("a report from the export read in memory is the same", func(t *testing.T) {
		snap := must[tracker.Snapshot](t)(svc.Snapshot(tracker.SnapshotFilter{}))
		src := must[reports.Source](t)(reports.NewSnapshotSource(snap, fixtureNow))
		got := must[*reports.Report](t)(reports.Build(src, reports.Options{Period: week, Hours: true}))
		if err := sameValue("Report", reflect.ValueOf(got), reflect.ValueOf(r)); err != nil {
			t.Fatal(err)
		}
	})
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
