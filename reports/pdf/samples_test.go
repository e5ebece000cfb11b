package pdf

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"shiplog/reports"
	"shiplog/reports/internal/fixture"
	"shiplog/tracker"
)

// TestWriteSamples writes the reports whose pages are looked at before a change of the drawing is
// kept: the fixture's week, an empty week, a first week with minutes of data, a month and a
// range, and the team report. Turn the pages into pictures with pdftoppm:
//
//	SHIPLOG_PDF_SAMPLES=/tmp/samples go test -run TestWriteSamples ./reports/pdf/
//	pdftoppm -r 80 -png /tmp/samples/week.pdf /tmp/samples/week
func TestWriteSamples(t *testing.T) {
	dir := os.Getenv("SHIPLOG_PDF_SAMPLES")
	if dir == "" {
		t.Skip("set SHIPLOG_PDF_SAMPLES=DIR")
	}
	write := func(name string, r *reports.Report) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, name+".pdf"), render(t, r), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	write("week", buildFixture(t, reports.Options{Author: "Zoë Ångström"}))
	// Week 46: the record begins on Wednesday of week 45, so the comparison is with part of a week.
	write("partial", buildFixture(t, reports.Options{Period: must[reports.Period](t)(reports.ParseWeek("2026-W46", berlin))}))
	write("month", buildFixture(t, reports.Options{Period: must[reports.Period](t)(reports.ParseMonth("2026-11", berlin))}))
	write("range", buildFixture(t, reports.Options{Period: must[reports.Period](t)(reports.ParseRange("2026-11-03", "2026-11-16", berlin))}))

	empty := mustOpen(t, fixtureNow)
	write("empty", must[*reports.Report](t)(reports.Build(empty, reports.Options{Period: fixture.Week47(t)})))

	// A new user's first report: two blocks of a few minutes on the first day, nothing before.
	first := mustOpen(t, fixtureNow)
	must[tracker.Project](t)(first.AddProject(tracker.Project{Name: "Alpha"}))
	for _, b := range [][2]time.Time{{at(18, 9, 0), at(18, 9, 2)}, {at(18, 10, 0), at(18, 10, 40)}} {
		end := b[1]
		must[tracker.Block](t)(first.AddBlock(tracker.Block{Project: "Alpha", Kind: tracker.KindDeep, Start: b[0], End: &end, Goal: "try"}))
	}
	write("minutes", must[*reports.Report](t)(reports.Build(first, reports.Options{Period: fixture.Week47(t)})))

	if err := os.WriteFile(filepath.Join(dir, "team.pdf"), renderTeam(t, reports.BuildTeam(fixture.Team(t))), 0o600); err != nil {
		t.Fatal(err)
	}
}
