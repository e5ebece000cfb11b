package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jonboulle/clockwork"

	"shiplog/reports"
)

// demoDB seeds the demo into a fresh database at demoNow and returns its path.
func demoDB(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "s.db")
	var so, se bytes.Buffer
	if code := Run(&Env{DBPath: db, Clock: clockwork.NewFakeClockAt(demoNow), Stdout: &so, Stderr: &se},
		[]string{"demo", "--out", filepath.Join(dir, "demo.pdf")}); code != 0 {
		t.Fatalf("demo: %s", se.String())
	}
	return db
}

// pdfToText runs pdftotext -layout; the test is skipped where poppler is not installed.
func pdfToText(t *testing.T, path string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext is not installed (poppler-utils)")
	}
	out, err := exec.Command(bin, "-layout", path, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

// columns splits a line of pdftotext's layout into the texts set apart by two or more spaces.
func columns(line string) []string {
	var out []string
	for _, f := range regexp.MustCompile(`\s{2,}`).Split(strings.TrimSpace(line), -1) {
		if f != "" {
			out = append(out, f)
		}
	}
	return out
}

// kpiValueText writes a KPI's numeric JSON value as the report writes it, independently of the
// model's own text: seconds as hours to a tenth, percent whole, counts whole.
func kpiValueText(t *testing.T, k reports.KPIJSON) string {
	t.Helper()
	if k.Value == nil {
		return "n/a"
	}
	switch k.Unit {
	case "seconds":
		return fmt.Sprintf("%.1f h", math.Round(*k.Value/360)/10)
	case "percent":
		return fmt.Sprintf("%.0f%%", math.Round(*k.Value))
	case "count":
		return fmt.Sprintf("%.0f", *k.Value)
	}
	t.Fatalf("KPI %s has unit %q", k.Key, k.Unit)
	return ""
}

// TestReportJSONAndThePDFAgreeOnEveryKPI writes the PDF and the JSON of one period from one
// command and checks, tile by tile in pdftotext's layout, that the PDF shows each KPI's value,
// change and previous value as the JSON gives them, for the demo week (so far) and the week before.
func TestReportJSONAndThePDFAgreeOnEveryKPI(t *testing.T) {
	db := demoDB(t)
	for _, week := range []string{"", "2026-W46"} {
		name := week
		if name == "" {
			name = "the demo week"
		}
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "r.pdf")
			args := []string{"--out", out, "--json"}
			if week != "" {
				args = append(args, "--week", week)
			}
			code, stdout, stderr := runReport(t, db, args...)
			if code != 0 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			var rep reports.ReportJSON
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatalf("--json with --out must print only the JSON: %v\n%s", err, stdout)
			}
			if len(rep.KPIs) != 5 {
				t.Fatalf("%d KPIs, want 5", len(rep.KPIs))
			}
			if rep.Period.SoFar != (week == "") {
				t.Errorf("so_far = %v for %s", rep.Period.SoFar, name)
			}
			text := pdfToText(t, out)
			page1 := strings.Split(text, "\f")[0]
			lines := strings.Split(page1, "\n")
			// The tiles: a line of the five labels, then lines of values, changes and previous values.
			row := -1
			for i, l := range lines {
				if strings.Contains(l, rep.KPIs[0].Label) && strings.Contains(l, rep.KPIs[4].Label) {
					row = i
					break
				}
			}
			if row < 0 {
				t.Fatalf("no row of KPI labels on page 1:\n%s", page1)
			}
			var tiles [][]string
			for _, l := range lines[row+1:] {
				if c := columns(l); len(c) == len(rep.KPIs) {
					tiles = append(tiles, c)
				}
				if len(tiles) == 3 {
					break
				}
			}
			if len(tiles) != 3 {
				t.Fatalf("the tiles do not have value, change and previous rows:\n%s", page1)
			}
			for i, k := range rep.KPIs {
				if got := kpiValueText(t, k); got != k.Text {
					t.Errorf("%s: JSON value %v writes %q, but its text is %q", k.Key, *k.Value, got, k.Text)
				}
				if tiles[0][i] != k.Text {
					t.Errorf("%s: the PDF shows %q, the JSON %q", k.Key, tiles[0][i], k.Text)
				}
				change := k.DeltaText
				if k.Trend == "better" || k.Trend == "worse" || k.Trend == "unchanged" {
					change += " " + k.Trend
				}
				if k.Caveat != "" {
					change = strings.TrimSuffix(change, " ("+k.Caveat+")")
					change = strings.TrimPrefix(change, "n/a: "+k.Caveat)
					if change == "" {
						change = "n/a"
					}
				}
				if tiles[1][i] != change {
					t.Errorf("%s: the PDF shows the change %q, the JSON %q (trend %s)", k.Key, tiles[1][i], change, k.Trend)
				}
				if !strings.Contains(tiles[2][i], k.PreviousText) && k.Caveat != reports.CaveatNoPrevious {
					t.Errorf("%s: the PDF shows %q under the change, the JSON's previous value is %q", k.Key, tiles[2][i], k.PreviousText)
				}
				if k.Detail != "" && !strings.Contains(tiles[2][i], k.Detail) {
					t.Errorf("%s: the PDF lacks the detail %q", k.Key, k.Detail)
				}
			}
			if rep.Period.SoFar && !strings.Contains(page1, rep.Title) || !strings.Contains(rep.Title, "(so far)") == rep.Period.SoFar {
				t.Errorf("title %q, so far %v", rep.Title, rep.Period.SoFar)
			}
		})
	}
}

func TestReportJSONAlonePrintsTheModelAndWritesNoFile(t *testing.T) {
	db := demoDB(t)
	dir := filepath.Dir(db)
	before, _ := os.ReadDir(dir)
	code, stdout, stderr := runReport(t, db, "--json", "--week", "2026-W46")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	var raw map[string]any
	if err := json.Unmarshal([]byte(stdout), &raw); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"version", "title", "period", "previous_period", "settings", "kpis", "deliverables", "milestones",
		"deep_work", "responsiveness", "async", "decisions", "hours", "definitions"} {
		if _, ok := raw[key]; !ok {
			t.Errorf("the JSON lacks %q", key)
		}
	}
	if after, _ := os.ReadDir(dir); len(after) != len(before) {
		t.Errorf("--json without --out wrote a file: %d entries, then %d", len(before), len(after))
	}
}

func TestReportRefusesAPeriodThatHasNotStarted(t *testing.T) {
	db := demoDB(t)
	for _, args := range [][]string{{"--week", "2026-W50", "--json"}, {"--month", "2027-01", "--out", filepath.Join(t.TempDir(), "r.pdf")}} {
		code, stdout, stderr := runReport(t, db, args...)
		if code != 2 {
			t.Fatalf("%v: exit %d, want 2", args, code)
		}
		want := map[string]string{"--week": "week 2026-W50 has not started yet", "--month": "month 2027-01 has not started yet"}[args[0]]
		if strings.TrimSpace(stderr) != "shiplog: "+want || stdout != "" {
			t.Errorf("%v: stderr %q, stdout %q; want %q alone", args, stderr, stdout, want)
		}
	}
}
