package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"github.com/jonboulle/clockwork"

	"shiplog/reports"
	"shiplog/tracker"
)

// utc is a UTC wall time in November 2026.
func utc(d, h, m int) time.Time { return time.Date(2026, 11, d, h, m, 0, 0, time.UTC) }

// seedWeeks records weeks 46 to 48 of November 2026 with the clock moving as a person's would,
// then edits week 47's records in week 48 (ships what was in progress, corrects a block, replies
// late), and leaves the clock at testNow, Wednesday of week 48.
func seedWeeks(t *testing.T) (*tracker.Service, *clockwork.FakeClock) {
	t.Helper()
	clk := clockwork.NewFakeClockAt(utc(9, 8, 0))
	svc := mustOpenAt(t, filepath.Join(t.TempDir(), "shiplog.db"), clk)
	to := func(at time.Time) {
		if d := at.Sub(clk.Now()); d > 0 {
			clk.Advance(d)
		}
	}
	must := func(_ any, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	block := func(from, end time.Time, kind tracker.Kind, goal string) tracker.Block {
		t.Helper()
		to(end)
		b, err := svc.AddBlock(tracker.Block{Project: "Shiplog API", Kind: kind, Start: from, End: &end, Goal: goal})
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	mustProject(t, svc, "Shiplog API")
	block(utc(9, 9, 0), utc(9, 11, 0), tracker.KindDeep, "Sketch")
	block(utc(10, 13, 0), utc(10, 14, 0), tracker.KindMeeting, "")

	to(utc(16, 8, 0))
	login, err := svc.AddDeliverable(tracker.Deliverable{Title: "Login", Project: "Shiplog API", Status: tracker.StatusInProgress, Due: "2026-11-27"})
	must(login, err)
	block(utc(16, 9, 0), utc(16, 11, 30), tracker.KindDeep, "Login form")
	block(utc(17, 9, 0), utc(17, 11, 0), tracker.KindDeep, "") // two hours without a goal
	fri := block(utc(20, 9, 0), utc(20, 10, 0), tracker.KindDeep, "Tests")
	block(utc(20, 13, 0), utc(20, 14, 0), tracker.KindAsync, "")
	to(utc(18, 10, 0))
	req, err := svc.AddRequest(tracker.Request{Subject: "Invoice bug", Priority: tracker.PriorityUrgent, ReceivedAt: utc(18, 10, 0)})
	must(req, err)

	to(utc(24, 12, 0))
	must(svc.ReplyRequest(req.ID, tracker.ReplyInput{At: utc(23, 10, 0)}))
	end := utc(20, 11, 30)
	must(svc.EditBlock(fri.ID, tracker.BlockPatch{End: &end}))
	must(svc.Ship(tracker.ShipInput{ID: login.ID, At: utc(24, 11, 0)}))
	block(utc(23, 9, 0), utc(23, 10, 30), tracker.KindDeep, "Login API")
	block(utc(24, 9, 0), utc(24, 9, 40), tracker.KindDeep, "Review")
	to(testNow)
	return svc, clk
}

// wantWeekLike checks that every figure on the Week screen is the one report --json gives for
// the same week: tiles, heading, bars, what did not count, and the async share.
func wantWeekLike(t *testing.T, u *UI, j reports.ReportJSON) {
	t.Helper()
	s := u.week
	heading := j.Period.Label
	if j.Period.SoFar {
		heading += " · so far"
	}
	if s.heading.Text != heading {
		t.Errorf("heading %q, want %q", s.heading.Text, heading)
	}
	if len(s.tiles) != len(j.KPIs) {
		t.Fatalf("%d tiles for %d KPIs", len(s.tiles), len(j.KPIs))
	}
	for i, k := range j.KPIs {
		tile := s.tiles[i]
		// The tile shows the change with what it means, and its caveat apart.
		change := k.DeltaText
		if k.Caveat != "" {
			change = strings.TrimSuffix(change, " ("+k.Caveat+")")
			if change == "n/a: "+k.Caveat {
				change = "n/a"
			}
		}
		if k.Trend == "better" || k.Trend == "worse" || k.Trend == "unchanged" {
			change += " " + k.Trend
		}
		if tile.label.Text != k.Label || tile.value.Text != k.Text || tile.change.Text != change {
			t.Errorf("tile %d reads %q %q %q; the JSON says %q %q %q", i, tile.label.Text, tile.value.Text, tile.change.Text, k.Label, k.Text, change)
		}
		prev := k.PreviousText
		if k.Caveat == reports.CaveatNoPrevious {
			prev = k.Caveat
		}
		if !strings.Contains(tile.previous.Text, prev) || !strings.Contains(tile.previous.Text, k.Detail) || !strings.Contains(tile.previous.Text, k.Caveat) {
			t.Errorf("tile %d footnote %q lacks %q, %q or %q", i, tile.previous.Text, prev, k.Detail, k.Caveat)
		}
		wantText(t, u.win, k.Text)
	}
	for i, d := range j.DeepWork.Days {
		if got := int64(s.bars.Values[i] / time.Second); got != d.QualifyingSeconds {
			t.Errorf("%s bar %d s, the JSON says %d s", d.Date, got, d.QualifyingSeconds)
		}
	}
	if j.DeepWork.WithoutGoalText != "" && !strings.Contains(s.notCount.Text, j.DeepWork.WithoutGoalText) {
		t.Errorf("the screen says %q, without %q", s.notCount.Text, j.DeepWork.WithoutGoalText)
	}
	if short := reports.FormatDuration(time.Duration(j.DeepWork.ShortFocus.Seconds) * time.Second); !strings.Contains(s.notCount.Text, short) {
		t.Errorf("the screen says %q, without the short focus %s", s.notCount.Text, short)
	}
	if got := s.share.TextFormatter(); got != j.KPIs[3].Text {
		t.Errorf("async share bar reads %q, the JSON %q", got, j.KPIs[3].Text)
	}
	wantMeasuresLike(t, u, j)
}

// weekJSON is what `shiplog report --json --week W` prints for the week: the model's JSON.
func weekJSON(t *testing.T, svc *tracker.Service, week string) reports.ReportJSON {
	t.Helper()
	p, err := reports.ParseWeek(week, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	r, err := reports.Build(svc, reports.Options{Period: p})
	if err != nil {
		t.Fatal(err)
	}
	return r.JSON()
}

func TestWeekScreenShowsTheFiguresOfReportJSON(t *testing.T) {
	svc, clk := seedWeeks(t)
	u, _ := newTestUI(t, svc, clk, Options{})
	u.tabs.SelectIndex(tabWeek)

	t.Run("the current week, so far", func(t *testing.T) {
		j := weekJSON(t, svc, "2026-W48")
		wantWeekLike(t, u, j)
		wantText(t, u.win, "Week 48, 2026 (23–29 Nov 2026) · so far")
		if !u.week.next.Disabled() {
			t.Error("Next is enabled on the current week, which would ask for a week that has not started")
		}
		// Monday: 1h 30m; Tuesday: the 40-minute review is short focus.
		if j.KPIs[1].Text != "1.5 h" || j.KPIs[0].Text != "1" {
			t.Errorf("week 48 KPIs %s and %s", j.KPIs[0].Text, j.KPIs[1].Text)
		}
		assertGolden(t, "week.xml", u.win)
	})

	t.Run("the week before, as it stood at its end, by keyboard", func(t *testing.T) {
		u.win.Canvas().(fyne.Shortcutable).TypedShortcut(&desktop.CustomShortcut{KeyName: fyne.KeyLeft, Modifier: fyne.KeyModifierAlt})
		j := weekJSON(t, svc, "2026-W47")
		wantWeekLike(t, u, j)
		wantText(t, u.win, "Week 47, 2026 (16–22 Nov 2026)")
		// Login shipped only in week 48, the request was answered only then, and Friday's block
		// counts as corrected: 2h 30m + 2h 30m.
		if j.KPIs[0].Text != "0" || j.KPIs[1].Text != "5.0 h" || j.KPIs[2].Text != "0%" {
			t.Errorf("week 47 KPIs %s, %s, %s", j.KPIs[0].Text, j.KPIs[1].Text, j.KPIs[2].Text)
		}
		if !strings.Contains(u.week.notCount.Text, "2h of deep work without a goal, not counted") {
			t.Errorf("the screen hides the deep work without a goal: %q", u.week.notCount.Text)
		}
		if u.week.next.Disabled() {
			t.Error("Next is disabled on a past week")
		}
	})

	t.Run("Previous and Next step through the weeks", func(t *testing.T) {
		test.Tap(u.week.previous)
		wantWeekLike(t, u, weekJSON(t, svc, "2026-W46"))
		test.Tap(u.week.next)
		test.Tap(u.week.next)
		wantWeekLike(t, u, weekJSON(t, svc, "2026-W48"))
		// The minute's tick keeps the current week current.
		clk.Advance(time.Minute)
		u.refresh()
		wantText(t, u.win, "Week 48, 2026 (23–29 Nov 2026) · so far")
	})
}

func TestTodaysDeepWorkIsTheModelsDay(t *testing.T) {
	svc, clk := seedWeeks(t)
	u, _ := newTestUI(t, svc, clk, Options{})
	// Wednesday of week 48 has no block yet; start one with a goal and let it run 70 minutes.
	if _, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API", Goal: "Docs"}); err != nil {
		t.Fatal(err)
	}
	clk.Advance(70 * time.Minute)
	u.tick()
	day := reports.DayOf(svc.Now(), time.UTC)
	r, err := reports.Build(svc, reports.Options{Period: day})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := u.today.deep.Text, r.Deep.GoalText(); got != want || want != "1h 10m of 3h goal" {
		t.Errorf("Today's bar reads %q, the model %q", got, want)
	}
	if got := u.today.deepBar.Value; fmt.Sprintf("%.3f", got) != fmt.Sprintf("%.3f", 70.0/180) {
		t.Errorf("bar at %.3f", got)
	}
}
