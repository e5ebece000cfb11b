package pdf

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"shiplog/reports"
	"shiplog/tracker"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

func render(t *testing.T, r *reports.Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(r, &buf, RenderOptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// pdfText runs pdftotext -layout on a PDF; the test is skipped where poppler is not installed.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	in := filepath.Join(t.TempDir(), "r.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "-layout", in, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s; run go test ./reports/ -update and review the diff\n--- got ---\n%s", name, path, got)
	}
}

func TestRenderMatchesTheGoldenText(t *testing.T) {
	r := buildFixture(t, reports.Options{Author: "Zoë Ångström"})
	golden(t, "week", pdfText(t, render(t, r)))
}

func TestRenderIsDeterministic(t *testing.T) {
	r := buildFixture(t, reports.Options{})
	a, b := render(t, r), render(t, r)
	if !bytes.Equal(a, b) {
		t.Fatal("two renders of one report differ")
	}
	if !bytes.Contains(a, []byte("D:20261120170000")) {
		t.Error("the creation date is not taken from the report")
	}
}

func TestRenderLeavesHourTotalsOutByDefault(t *testing.T) {
	off := pdfText(t, render(t, buildFixture(t, reports.Options{})))
	on := pdfText(t, render(t, buildFixture(t, reports.Options{Hours: true})))
	// The period's total is 11h 45m across all kinds; it must appear only on request.
	if strings.Contains(off, "11h 45m") || strings.Contains(off, "Hours (context)") || regexp.MustCompile(`(?m)^\s*Total\b`).MatchString(off) {
		t.Errorf("an hour total appears without --hours:\n%s", off)
	}
	if !strings.Contains(on, "11h 45m") || !strings.Contains(on, "Hours (context)") {
		t.Errorf("the hours table is missing with --hours:\n%s", on)
	}
	if !strings.Contains(off, "hour totals off") || !strings.Contains(on, "hour totals on") {
		t.Error("the footer does not say whether hour totals are included")
	}
}

func TestRenderKeepsAccentsGreekAndCyrillic(t *testing.T) {
	svc := mustOpen(t, fixtureNow)
	must[tracker.Project](t)(svc.AddProject(tracker.Project{Name: "Ελληνικά"}))
	titles := []string{"Crème brûlée façade für Zoë", "Ελληνική έκδοση", "Русская версия ёжика"}
	for i, title := range titles {
		must[tracker.Deliverable](t)(svc.Ship(tracker.ShipInput{Title: title, Project: "Ελληνικά", At: at(16+i, 12, 0)}))
	}
	r := must[*reports.Report](t)(reports.Build(svc, reports.Options{Period: reports.WeekOf(fixtureNow, berlin), Author: "Ærøskøbing Łódź"}))
	text := pdfText(t, render(t, r))
	for _, s := range append(titles, "Ελληνικά", "Ærøskøbing Łódź") {
		if !strings.Contains(text, s) {
			t.Errorf("%q does not come out of pdftotext:\n%s", s, text)
		}
	}
}

func TestRenderMarksGlyphsTheFontLacks(t *testing.T) {
	eq(t, "CJK and emoji", Printable("发布 🚀 done"), "□□ □ done")
	eq(t, "Latin, Greek, Cyrillic pass", Printable("é ß Ω Ж"), "é ß Ω Ж")
	eq(t, "control characters become spaces", Printable("a\tb"), "a b")

	svc := mustOpen(t, fixtureNow)
	must[tracker.Project](t)(svc.AddProject(tracker.Project{Name: "P"}))
	must[tracker.Deliverable](t)(svc.Ship(tracker.ShipInput{Title: "Launch 发布 🚀", Project: "P", At: at(16, 12, 0)}))
	r := must[*reports.Report](t)(reports.Build(svc, reports.Options{Period: reports.WeekOf(fixtureNow, berlin)}))
	if text := pdfText(t, render(t, r)); !strings.Contains(text, "Launch □□ □") {
		t.Errorf("missing glyphs vanished instead of showing □:\n%s", text)
	}
}

func TestRenderFlowsTwentyDeliverablesAcrossPages(t *testing.T) {
	svc := mustOpen(t, fixtureNow)
	must[tracker.Project](t)(svc.AddProject(tracker.Project{Name: "Alpha"}))
	for i := range 20 {
		title := fmt.Sprintf("Deliverable %02d with a long title that needs to wrap onto a second line in its column", i+1)
		must[tracker.Deliverable](t)(svc.Ship(tracker.ShipInput{Title: title, Project: "Alpha",
			Link: fmt.Sprintf("https://x.test/%d", i+1), At: at(16+i%5, 9+i/5, 0)}))
	}
	r := must[*reports.Report](t)(reports.Build(svc, reports.Options{Period: reports.WeekOf(fixtureNow, berlin)}))
	pdf := render(t, r)
	text := pdfText(t, pdf)
	for i := range 20 {
		if !strings.Contains(text, fmt.Sprintf("Deliverable %02d", i+1)) {
			t.Errorf("deliverable %d is missing", i+1)
		}
	}
	pages := strings.Count(text, "\f")
	if pages < 2 {
		t.Fatalf("%d pages; 20 wrapped rows should flow onto a second page", pages)
	}
	if !strings.Contains(text, fmt.Sprintf("Page 2 of %d", pages)) {
		t.Errorf("no \"Page 2 of %d\" footer", pages)
	}
	// Every page that continues the table repeats its header.
	for i, page := range strings.Split(text, "\f") {
		if strings.Contains(page, "Deliverable 20") && !strings.Contains(page, "Invested") {
			t.Errorf("page %d continues the table without its header", i+1)
		}
	}
	if n := bytes.Count(pdf, []byte("/URI (https://x.test/")); n < 20 {
		t.Errorf("%d link annotations, want at least 20", n)
	}
}

func TestRenderAnEmptyWeek(t *testing.T) {
	svc := mustOpen(t, fixtureNow)
	r := must[*reports.Report](t)(reports.Build(svc, reports.Options{Period: reports.WeekOf(fixtureNow, berlin)}))
	text := pdfText(t, render(t, r))
	golden(t, "empty", text)
	if strings.Count(text, "no data") < 3 {
		t.Errorf("empty charts should say \"no data\":\n%s", text)
	}
}

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, fmt.Errorf("disk full") }

func TestRenderReportsAWriteError(t *testing.T) {
	svc := mustOpen(t, fixtureNow)
	r := must[*reports.Report](t)(reports.Build(svc, reports.Options{Period: reports.WeekOf(fixtureNow, berlin)}))
	if err := Render(r, failWriter{}, RenderOptions{}); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err %v, want the write error", err)
	}
}

func TestRenderAYear(t *testing.T) {
	svc := mustOpen(t, time.Date(2026, 12, 31, 12, 0, 0, 0, berlin))
	seedFixture(t, svc)
	p := must[reports.Period](t)(reports.ParseRange("2026-01-01", "2026-12-31", berlin))
	text := pdfText(t, render(t, must[*reports.Report](t)(reports.Build(svc, reports.Options{Period: p}))))
	if !strings.Contains(text, "Deep-work hours per month") || !strings.Contains(text, "Nov 26") {
		t.Errorf("a year's chart should have monthly bars:\n%s", text)
	}
}

func TestRenderExplainsOverlapsOnlyWhenTheReportCountedThem(t *testing.T) {
	r := buildFixture(t, reports.Options{Period: reports.WeekOf(fixtureNow, berlin)})
	if text := pdfText(t, render(t, r)); strings.Contains(text, overlapNote) {
		t.Errorf("a report without overlapping blocks explains overlaps:\n%s", text)
	}
	r.Overlaps = true
	text := pdfText(t, render(t, r))
	// Every page's footer says how the overlapped time was counted.
	if got, want := strings.Count(text, "overlapped time counts once"), strings.Count(text, "Page "); got != want || got == 0 {
		t.Errorf("the overlap note is on %d pages, want every one of %d:\n%s", got, want, text)
	}
	team := reports.BuildTeam([]reports.Member{{Name: "Ada", Report: r}})
	if !team.Overlaps || !strings.Contains(pdfText(t, renderTeam(t, team)), "overlapped time counts once") {
		t.Error("a team report with a member's overlapping blocks does not say how they were counted")
	}
}
