package postgres

import (
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
)

// weekRow is a row of shiplog.weekly_totals.
type weekRow struct {
	Member                string
	Week                  string
	WeekStart             string
	TimeZone              string
	DeepSeconds           int64
	ShallowSeconds        int64
	AsyncSeconds          int64
	MeetingSeconds        int64
	QualifyingDeepSeconds int64
	ShortFocusSeconds     int64
	NoGoalSeconds         int64
	Blocks                int64
}

func profile(t *testing.T, zone string, deepMin time.Duration) Change {
	t.Helper()
	p := Profile{Rev: 1, TimeZone: zone, WorkStart: 9 * time.Hour, WorkEnd: 17 * time.Hour, DeepMin: deepMin,
		TargetUrgent: 2 * time.Hour, TargetNormal: 48 * time.Hour}
	for d := time.Monday; d <= time.Friday; d++ {
		p.WorkDays[d] = true
	}
	c, err := ProfileChange(p)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// seedWeeks gives ada (Berlin, deep.min 60m) and bo (New York, deep.min 90m) blocks around week
// boundaries that fall just after each zone's end of summer time (Berlin on 25 October 2026,
// New York on 1 November 2026).
func seedWeeks(t *testing.T, tm *team) {
	t.Helper()
	deleted := newUID(t)
	tm.push(tm.remote("ada"), profile(t, "Europe/Berlin", time.Hour),
		// Sunday 22:00 to Monday 01:30 CET, with a goal, 3.5 h: 2 h in W43, 1.5 h in W44. Split in UTC
		// it would be 3 h and 0.5 h.
		mustChange(t, Blocks, newUID(t), 1, block("deep", "parser", "2026-10-25T21:00:00Z", "2026-10-26T00:30:00Z")),
		// Wednesday 10:00 to 11:00 CEST.
		mustChange(t, Blocks, newUID(t), 1, block("meeting", "", "2026-10-21T08:00:00Z", "2026-10-21T09:00:00Z")),
		// Two hours of deep work without a goal: not counted, and not short focus either.
		mustChange(t, Blocks, newUID(t), 1, block("deep", "  ", "2026-10-27T08:00:00Z", "2026-10-27T10:00:00Z")),
		// 45 minutes with a goal, under ada's 60: short focus.
		mustChange(t, Blocks, newUID(t), 1, block("deep", "tests", "2026-10-27T13:00:00Z", "2026-10-27T13:45:00Z")),
		// A deleted block counts for nothing.
		mustChange(t, Blocks, deleted, 1, block("meeting", "", "2026-10-28T08:00:00Z", "2026-10-28T12:00:00Z")),
		Tombstone(Blocks, deleted, 2))
	tm.push(tm.remote("bo"), profile(t, "America/New_York", 90*time.Minute),
		// Sunday 23:00 to Monday 02:00 EST, with a goal, 3 h: 1 h in W44, 2 h in W45. In UTC it
		// would all be Monday.
		mustChange(t, Blocks, newUID(t), 1, block("deep", "sync", "2026-11-02T04:00:00Z", "2026-11-02T07:00:00Z")),
		// 01:30 EDT to 01:30 EST on the night the clocks go back: one real hour.
		mustChange(t, Blocks, newUID(t), 1, block("async", "", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z")),
		// 80 minutes with a goal, under bo's 90: short focus.
		mustChange(t, Blocks, newUID(t), 1, block("deep", "review", "2026-11-03T15:00:00Z", "2026-11-03T16:20:00Z")),
		mustChange(t, Blocks, newUID(t), 1, block("shallow", "", "2026-11-03T17:00:00Z", "2026-11-03T17:30:00Z")))
}

func readWeeks(t *testing.T, tm *team, as string) []weekRow {
	t.Helper()
	var rows []weekRow
	err := tm.as(as).Raw(`SELECT member, week, week_start::text AS week_start, time_zone, deep_seconds, shallow_seconds,
		async_seconds, meeting_seconds, qualifying_deep_seconds, short_focus_seconds, no_goal_seconds, blocks
		FROM shiplog.weekly_totals ORDER BY member, week`).Scan(&rows).Error
	if err != nil {
		t.Fatalf("%s reads weekly_totals: %v", as, err)
	}
	return rows
}

func TestWeeklyTotalsSplitAtEachMembersLocalMidnight(t *testing.T) {
	tm := newTeam(t)
	seedWeeks(t, tm)
	want := []weekRow{
		{Member: "ada", Week: "2026-W43", WeekStart: "2026-10-19", TimeZone: "Europe/Berlin",
			DeepSeconds: 7200, MeetingSeconds: 3600, QualifyingDeepSeconds: 7200, Blocks: 2},
		{Member: "ada", Week: "2026-W44", WeekStart: "2026-10-26", TimeZone: "Europe/Berlin",
			DeepSeconds: 5400 + 7200 + 2700, QualifyingDeepSeconds: 5400, ShortFocusSeconds: 2700, NoGoalSeconds: 7200, Blocks: 3},
		{Member: "bo", Week: "2026-W44", WeekStart: "2026-10-26", TimeZone: "America/New_York",
			DeepSeconds: 3600, AsyncSeconds: 3600, QualifyingDeepSeconds: 3600, Blocks: 2},
		{Member: "bo", Week: "2026-W45", WeekStart: "2026-11-02", TimeZone: "America/New_York",
			DeepSeconds: 7200 + 4800, ShallowSeconds: 1800, QualifyingDeepSeconds: 7200, ShortFocusSeconds: 4800, Blocks: 3},
	}
	got := readWeeks(t, tm, "mia")
	if len(got) != len(want) {
		t.Fatalf("the manager reads %d rows, want %d: %+v", len(got), len(want), got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("row %d:\n got %+v\nwant %+v", i, got[i], want[i])
		}
	}
}

func TestWeeklyTotalsShowAMemberOnlyTheirOwnWeeks(t *testing.T) {
	tm := newTeam(t)
	seedWeeks(t, tm)
	for _, name := range []string{"ada", "bo", "cy"} {
		for _, r := range readWeeks(t, tm, name) {
			if r.Member != name {
				t.Errorf("%s reads the weekly totals of %s", name, r.Member)
			}
		}
	}
	if n := len(readWeeks(t, tm, "ada")); n != 2 {
		t.Errorf("ada reads %d of her weeks, want 2", n)
	}
	// A leaky function in the caller's condition runs only on rows the caller may see: the
	// security barrier applies the view's filter first.
	var raised []string
	err := tm.as("ada").Raw(`SELECT member FROM shiplog.weekly_totals
		WHERE 1 / (CASE WHEN member <> 'ada' THEN 0 ELSE 1 END) = 1`).Scan(&raised).Error
	if err != nil {
		t.Errorf("a condition that fails on other members' rows ran on them: %v", err)
	}
}

func TestTheManagerReadsWeeklyFiguresNeverRawBlocks(t *testing.T) {
	tm := newTeam(t)
	seedWeeks(t, tm)
	mia := tm.as("mia")
	var n int64
	if err := mia.Raw("SELECT count(*) FROM shiplog.blocks").Scan(&n).Error; err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("the manager reads %d raw blocks of others", n)
	}
	var members []string
	for _, r := range readWeeks(t, tm, "mia") {
		members = append(members, r.Member)
	}
	if got := strings.Join(members, ","); got != "ada,ada,bo,bo" {
		t.Errorf("the manager reads weeks of %s, want ada's and bo's", got)
	}
	// The view's owner reads every block, so nothing else may be reached through it: no member
	// can write to it, and it exposes no block-level column.
	if err := mia.Exec("DELETE FROM shiplog.weekly_totals").Error; err == nil {
		t.Error("the manager deleted through the view")
	}
	var cols []string
	tm.admin.Raw(`SELECT column_name FROM information_schema.columns WHERE table_schema = 'shiplog'
		AND table_name = 'weekly_totals'`).Scan(&cols)
	for _, c := range cols {
		if c == "uid" || c == "goal" || c == "start_at" || c == "outcome" {
			t.Errorf("weekly_totals exposes the block column %s", c)
		}
	}
}

func TestAMemberWithoutAProfileCountsInUTCWithTheDefaultMinimum(t *testing.T) {
	tm := newTeam(t)
	tm.push(tm.remote("cy"),
		mustChange(t, Blocks, uuid.Must(uuid.NewV7()), 1, block("deep", "x", "2026-11-01T23:00:00Z", "2026-11-02T01:00:00Z")))
	rows := readWeeks(t, tm, "cy")
	if len(rows) != 2 || rows[0].QualifyingDeepSeconds != 3600 || rows[1].QualifyingDeepSeconds != 3600 || rows[0].TimeZone != "UTC" {
		t.Errorf("cy's weeks: %+v, want an hour of qualifying deep work on each side of midnight UTC", rows)
	}
}

func TestRemoteWeeklyTotalsReadsAPeriod(t *testing.T) {
	tm := newTeam(t)
	seedWeeks(t, tm)
	rows, err := tm.remote("mia").WeeklyTotals(t.Context(), "2026-10-26", "2026-11-02")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0].Member != "ada" || rows[1].Member != "bo" || rows[0].Week != "2026-W44" ||
		rows[0].QualifyingDeepSeconds != 5400 || rows[1].AsyncSeconds != 3600 || rows[1].WeekStart != "2026-10-26" {
		t.Errorf("the manager's W44: %+v", rows)
	}
	own, err := tm.remote("bo").WeeklyTotals(t.Context(), "2026-01-01", "2027-01-01")
	if err != nil {
		t.Fatal(err)
	}
	if len(own) != 2 || own[0].Member != "bo" || own[1].Member != "bo" {
		t.Errorf("bo reads %+v, want his two weeks", own)
	}
}
