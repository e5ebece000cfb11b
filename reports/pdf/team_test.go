package pdf

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"shiplog/reports"
	"shiplog/reports/internal/fixture"
)

func renderTeam(t *testing.T, tr *reports.TeamReport) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderTeam(tr, &buf, RenderOptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRenderTeamShowsMembersTotalsProjectsAndDecisions(t *testing.T) {
	text := pdfText(t, renderTeam(t, reports.BuildTeam(fixture.Team(t))))
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
	tr := reports.BuildTeam(fixture.Team(t))
	a, b := renderTeam(t, tr), renderTeam(t, tr)
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of one team report differ")
	}
	if !bytes.Contains(a, []byte("D:20261120173000")) {
		t.Error("the creation date is not the latest member's as-of moment")
	}
}

func TestRenderTeamReportsAWriteError(t *testing.T) {
	if err := RenderTeam(reports.BuildTeam(fixture.Team(t)), failWriter{}, RenderOptions{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err %v, want the write error", err)
	}
}

func TestRenderAnEmptyTeam(t *testing.T) {
	if err := RenderTeam(reports.BuildTeam(nil), &bytes.Buffer{}, RenderOptions{}); err != nil {
		t.Fatalf("an empty team report does not render: %v", err)
	}
}

func TestTheTeamsHoursPerMemberRoundAsEveryHourFigureDoes(t *testing.T) {
	tr := reports.BuildTeam(fixture.Team(t))
	// 51 h 45 min over 3 members is 17.25 h: it reads 17.3 h, as a member's 17.25 h reads in their
	// own report, not 17.2 h (printf rounds the exact half to even).
	tr.Totals.Members, tr.Totals.Deep = 3, 51*time.Hour+45*time.Minute
	if text := pdfText(t, renderTeam(t, tr)); !strings.Contains(text, "17.3 h per member") {
		t.Errorf("17.25 h per member is not shown as 17.3 h:\n%s", text)
	}
}
