package reports_test

import (
	"strings"
	"testing"
	"time"

	"shiplog/reports"
	"shiplog/reports/internal/fixture"
	"shiplog/tracker"
)

func TestBuildTeamRollsUpTheMembersFigures(t *testing.T) {
	tr := reports.BuildTeam(fixture.Team(t))

	t.Run("each member keeps the figures of their own report", func(t *testing.T) {
		eq(t, "rows", len(tr.Members), 3)
		ada, bo, cy := tr.Members[0], tr.Members[1], tr.Members[2]
		eq(t, "Ada's name", ada.Name, "Ada")
		eq(t, "Ada shipped", ada.Shipped, 2)
		eq(t, "Ada's deep hours", ada.Deep, 5*time.Hour+30*time.Minute)
		eq(t, "Ada within", ada.WithinPct, 75.0)
		eq(t, "Ada's async share", ada.AsyncShare, 80.0)
		eq(t, "Ada's open decisions", ada.Open, 1)
		eq(t, "Bo's async share", bo.AsyncShare, 25.0)
		eq(t, "Bo's zone", bo.Settings.Zone, "UTC")
		eq(t, "Cy has no response figure", cy.WithinOK, false)
		eq(t, "Cy has no async figure", cy.AsyncOK, false)
	})
	t.Run("counts and hours are summed", func(t *testing.T) {
		tot := tr.Totals
		eq(t, "members", tot.Members, 3)
		eq(t, "shipped", tot.Shipped, 3)
		eq(t, "projects", tot.Projects, 2)
		eq(t, "deep", tot.Deep, 7*time.Hour+30*time.Minute)
		eq(t, "short focus", tot.Short, 90*time.Minute)
		eq(t, "open decisions", tot.Open, 2)
	})
	t.Run("the shares are pooled over requests and hours, not averaged over members", func(t *testing.T) {
		tot := tr.Totals
		// 3 of 4 and 1 of 1 are 4 of 5, 80%; the mean of 75% and 100% would be 87.5%.
		eq(t, "within", tot.Within, 4)
		eq(t, "judged", tot.Judged, 5)
		eq(t, "within pct", tot.WithinPct, 80.0)
		eq(t, "within ok", tot.WithinOK, true)
		// (1h async + 9h deep) / (10h + 8h meetings) = 55.6%; the mean of 80% and 25% would be 52.5%.
		eq(t, "async", tot.Async, time.Hour)
		eq(t, "deep, all blocks", tot.DeepAll, 9*time.Hour)
		eq(t, "meetings", tot.Meeting, 8*time.Hour)
		eq(t, "async share", reports.FormatValue(reports.UnitPercent, tot.AsyncShare, tot.AsyncOK), "56%")
		if d := tot.AsyncShare - 100*10.0/18; d > 1e-9 || d < -1e-9 {
			t.Errorf("async share %v, want 55.56", tot.AsyncShare)
		}
	})
	t.Run("shipped deliverables are grouped by project, each in ship order with its member", func(t *testing.T) {
		var got []string
		for _, g := range tr.Shipped {
			for _, r := range g.Rows {
				got = append(got, g.Project+"/"+r.Title+"/"+r.Member)
			}
		}
		eq(t, "groups", strings.Join(got, ", "), "Alpha/Ship login/Ada, Alpha/Docs/Bo, Beta/Fix export/Ada")
	})
	t.Run("open decisions come by deadline with the objections raised against them", func(t *testing.T) {
		eq(t, "open", len(tr.Open), 2)
		eq(t, "first", tr.Open[0].Title+"/"+tr.Open[0].Member, "Move CI/Bo")
		eq(t, "second", tr.Open[1].Title+"/"+tr.Open[1].Member, "Four-day week/Ada")
		eq(t, "raised", len(tr.Open[1].Raised), 1)
		eq(t, "by", tr.Open[1].Raised[0].By, "Kim")
	})
	t.Run("the period, zones and moment come from the members", func(t *testing.T) {
		eq(t, "period", tr.Period.Label, "Week 47, 2026 (16–22 Nov 2026)")
		eq(t, "zones", strings.Join(tr.Zones, ","), "Europe/Berlin,UTC")
		eq(t, "as of", tr.AsOf.UTC(), time.Date(2026, 11, 20, 17, 30, 0, 0, time.UTC))
		eq(t, "headline", tr.Headline,
			"3 deliverables shipped by 2 of 3 members; 7.5 deep-work hours; 80% of requests answered within target; 2 decisions open")
	})
}

func TestBuildTeamReusesTheReportDefinitions(t *testing.T) {
	r := buildFixture(t, reports.Options{})
	tr := reports.BuildTeam([]reports.Member{{Name: "One", Report: r}, {Name: "Two", Report: r}})
	eq(t, "shipped", tr.Totals.Shipped, 2*len(r.Shipped))
	eq(t, "deep", tr.Totals.Deep, 2*r.Deep.Hours)
	eq(t, "within", tr.Totals.WithinPct, r.Response.Pct)
	eq(t, "async share", tr.Totals.AsyncShare, r.Async.Share)
	eq(t, "open", len(tr.Open), 2*len(r.Decisions.Open))
}

func TestBuildTeamWithNoMembersIsEmpty(t *testing.T) {
	tr := reports.BuildTeam(nil)
	eq(t, "members", tr.Totals.Members, 0)
	eq(t, "headline", tr.Headline, "No deliverables shipped; 0.0 deep-work hours; no requests came due; 0 decisions open")
}

func TestTeamCheckInShowsOnlyTheMedianOfEnoughAnswers(t *testing.T) {
	member := func(name string, answered bool, satisfaction, balance int) reports.Member {
		r := &reports.Report{Rituals: reports.Rituals{Week: "2026-W47",
			CheckIn: reports.WeekCheckIn{Week: "2026-W47", Satisfaction: satisfaction, Balance: balance, Answered: answered}}}
		return reports.Member{Name: name, Report: r}
	}
	two := reports.BuildTeam([]reports.Member{member("Ada", true, 5, 1), member("Bo", true, 2, 4), member("Cy", false, 0, 0)})
	eq(t, "two answers give no median", two.CheckIns.OK, false)
	eq(t, "two answers", two.CheckIns.Text(), "not shown: 2 of 3 answered 2026-W47; the median shows from 3 answers")
	eq(t, "nothing of them is kept", two.CheckIns.Satisfaction+two.CheckIns.Balance, 0.0)

	four := reports.BuildTeam([]reports.Member{member("Ada", true, 5, 1), member("Bo", true, 2, 4), member("Cy", true, 4, 3),
		member("Di", true, 3, 3), member("Ed", false, 0, 0)})
	eq(t, "four answers give a median", four.CheckIns.OK, true)
	// Satisfaction 2, 3, 4, 5: median 3.5; balance 1, 3, 3, 4: median 3.
	eq(t, "text", four.CheckIns.Text(), "median satisfaction 3.5, balance 3 (4 of 5 answered 2026-W47)")

	t.Run("members' exports carry their check-ins into the file-based team report", func(t *testing.T) {
		var members []reports.Member
		for i, score := range []int{4, 2, 5} {
			svc := mustOpen(t, fixtureNow)
			must[tracker.CheckIn](t)(svc.CheckIn(tracker.CheckInInput{Satisfaction: score, Balance: 6 - score}))
			snap := must[tracker.Snapshot](t)(svc.Snapshot(tracker.SnapshotFilter{}))
			src := must[reports.Source](t)(reports.NewSnapshotSource(snap, fixtureNow))
			r := must[*reports.Report](t)(reports.Build(src, reports.Options{Period: fixture.Week47(t)}))
			members = append(members, reports.Member{Name: string(rune('A' + i)), Report: r})
		}
		tr := reports.BuildTeam(members)
		eq(t, "text", tr.CheckIns.Text(), "median satisfaction 4, balance 2 (3 of 3 answered 2026-W47)")
	})
}
