package reports

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
)

// teamFixture is three hand-made member reports for week 47 of 2026: Ada in Berlin, Bo in UTC,
// and Cy, who recorded nothing. The expected team figures below are computed by hand from them.
func teamFixture(t *testing.T) []Member {
	t.Helper()
	week := must[Period](t)(ParseWeek("2026-W47", berlin))
	weekUTC := must[Period](t)(ParseWeek("2026-W47", time.UTC))
	sla := map[tracker.Priority]time.Duration{tracker.PriorityUrgent: 2 * time.Hour, tracker.PriorityImportant: 24 * time.Hour,
		tracker.PriorityNormal: 48 * time.Hour}
	set := func(zone string) Settings {
		return Settings{Zone: zone, DeepMin: time.Hour, SLA: sla, Workdays: "mon-fri", WorkHours: "09:00–17:00"}
	}
	ada := &Report{Period: week, AsOf: at(20, 18, 0), Settings: set("Europe/Berlin"),
		Shipped: []DeliverableRow{
			{ID: 1, Title: "Ship login", Project: "Alpha", Link: "https://x.test/1", Milestone: "Launch", Shipped: at(17, 16, 0), Invested: 2 * time.Hour},
			{ID: 2, Title: "Fix export", Project: "Beta", Shipped: at(19, 10, 0)},
		},
		Deep:     DeepWork{Hours: 5*time.Hour + 30*time.Minute, ShortHours: 90 * time.Minute},
		Response: Responsiveness{Within: 3, Judged: 4, Pct: 75, OK: true},
		Async:    AsyncShare{Async: time.Hour, Deep: 7 * time.Hour, Meeting: 2 * time.Hour, Share: 80, OK: true},
		Decisions: Decisions{
			Open: []DecisionRow{{Title: "Four-day week", Project: "Beta", State: tracker.DecisionOpen, At: at(23, 12, 0), Objections: 1}},
			Objections: []ObjectionRow{
				{Decision: "Use Postgres", By: "Lee", Reason: "Not open any more", At: at(16, 9, 0)},
				{Decision: "Four-day week", By: "Kim", Reason: "Customers expect Friday support", At: at(18, 10, 0)},
			},
		},
	}
	bo := &Report{Period: weekUTC, AsOf: time.Date(2026, 11, 20, 17, 30, 0, 0, time.UTC), Settings: set("UTC"),
		Shipped:  []DeliverableRow{{ID: 1, Title: "Docs", Project: "Alpha", Shipped: time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)}},
		Deep:     DeepWork{Hours: 2 * time.Hour},
		Response: Responsiveness{Within: 1, Judged: 1, Pct: 100, OK: true},
		Async:    AsyncShare{Deep: 2 * time.Hour, Meeting: 6 * time.Hour, Share: 25, OK: true},
		Decisions: Decisions{Open: []DecisionRow{{Title: "Move CI", State: tracker.DecisionNeedsDiscussion,
			At: time.Date(2026, 11, 18, 9, 0, 0, 0, time.UTC)}}},
	}
	cy := &Report{Period: week, AsOf: at(20, 18, 0), Settings: set("Europe/Berlin")}
	return []Member{{Name: "Ada", Report: ada}, {Name: "Bo", Report: bo}, {Name: "Cy", Report: cy}}
}

func TestBuildTeamRollsUpTheMembersFigures(t *testing.T) {
	tr := BuildTeam(teamFixture(t))

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
		eq(t, "async share", FormatValue(UnitPercent, tot.AsyncShare, tot.AsyncOK), "56%")
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
	r := buildFixture(t, Options{})
	tr := BuildTeam([]Member{{Name: "One", Report: r}, {Name: "Two", Report: r}})
	eq(t, "shipped", tr.Totals.Shipped, 2*len(r.Shipped))
	eq(t, "deep", tr.Totals.Deep, 2*r.Deep.Hours)
	eq(t, "within", tr.Totals.WithinPct, r.Response.Pct)
	eq(t, "async share", tr.Totals.AsyncShare, r.Async.Share)
	eq(t, "open", len(tr.Open), 2*len(r.Decisions.Open))
}

func TestBuildTeamWithNoMembersIsEmpty(t *testing.T) {
	tr := BuildTeam(nil)
	eq(t, "members", tr.Totals.Members, 0)
	eq(t, "headline", tr.Headline, "No deliverables shipped; 0.0 deep-work hours; no requests came due; 0 decisions open")
	if err := RenderTeam(tr, &bytes.Buffer{}, RenderOptions{}); err != nil {
		t.Fatalf("an empty team report does not render: %v", err)
	}
}

func renderTeam(t *testing.T, tr *TeamReport) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderTeam(tr, &buf, RenderOptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRenderTeamShowsMembersTotalsProjectsAndDecisions(t *testing.T) {
	text := pdfText(t, renderTeam(t, BuildTeam(teamFixture(t))))
	golden(t, "team", text)
	for _, s := range []string{"Team report", "3 members", "Ada", "Bo", "Cy", "Per member",
		"7h 30m", "80% (4 of 5)", "56%", "Alpha · 2 shipped", "Beta · 1 shipped",
		"Move CI", "needs discussion", "1 — Kim: Customers", "Page 1 of", "Europe/Berlin, UTC"} {
		if !strings.Contains(text, s) {
			t.Errorf("%q is missing from the team report:\n%s", s, text)
		}
	}
	if strings.Contains(text, "Not open any more") {
		t.Error("an objection to a decision that is not open is listed")
	}
}

func TestRenderTeamIsDeterministic(t *testing.T) {
	tr := BuildTeam(teamFixture(t))
	a, b := renderTeam(t, tr), renderTeam(t, tr)
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of one team report differ")
	}
	if !bytes.Contains(a, []byte("D:20261120173000")) {
		t.Error("the creation date is not the latest member's as-of moment")
	}
}

func TestRenderTeamReportsAWriteError(t *testing.T) {
	if err := RenderTeam(BuildTeam(teamFixture(t)), failWriter{}, RenderOptions{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err %v, want the write error", err)
	}
}
