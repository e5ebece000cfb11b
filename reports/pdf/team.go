package pdf

import (
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/jung-kurt/gofpdf"

	"shiplog/reports"
	"shiplog/tracker"
)

// RenderTeam draws the team report as an A4 PDF in the look of the personal report and writes it
// to w. The output depends only on the report and the options.
func RenderTeam(t *reports.TeamReport, w io.Writer, ro RenderOptions) error {
	if ro.Version == "" {
		ro.Version = "dev"
	}
	return output(w, func(total int) (*gofpdf.Fpdf, error) { return drawTeam(t, ro, total) })
}

type teamDoc struct {
	*doc
	t *reports.TeamReport
}

func drawTeam(t *reports.TeamReport, ro RenderOptions, total int) (*gofpdf.Fpdf, error) {
	pdf := newPDF(ro, t.Title+" — "+t.Period.Label, "", t.AsOf.UTC())
	d := &teamDoc{doc: &doc{pdf: pdf, ro: ro, total: total}, t: t}
	pdf.SetHeaderFunc(d.header)
	pdf.SetFooterFunc(d.footer)
	pdf.AddPage()
	d.titleBlock(t.Title, t.Period.Label, teamSize(t.Totals.Members), nil, t.Headline)
	d.teamTiles()
	d.memberSection()
	d.shippedSection()
	d.decisionSection()
	d.settingsSection()
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("render team report: %w", err)
	}
	return pdf, nil
}

func teamSize(n int) string { return fmt.Sprintf("%d member%s", n, plural(n)) }

func (d *teamDoc) header() {
	if d.pdf.PageNo() == 1 {
		return
	}
	d.runningHead(d.t.Title+" · "+teamSize(d.t.Totals.Members), d.t.Period.Label)
}

func (d *teamDoc) footer() {
	t := d.t
	zones := "no members"
	if len(t.Zones) > 0 {
		zones = strings.Join(t.Zones, ", ")
	}
	span := "no period"
	if !t.Period.From.IsZero() {
		span = t.Period.Span()
	}
	line1 := fmt.Sprintf("Shiplog %s · %s (%s) · %s · data as of %s UTC",
		d.ro.Version, span, zones, teamSize(t.Totals.Members), t.AsOf.UTC().Format("2006-01-02 15:04"))
	line2 := "Each member's figures use that member's own settings, as in their personal report. " +
		"Team shares are pooled over all requests and hours."
	d.footerLines(line1, line2, d.t.Overlaps)
}

func (d *teamDoc) teamTiles() {
	tot := d.t.Totals
	zones := fmt.Sprintf("%d time zone%s", len(d.t.Zones), plural(len(d.t.Zones)))
	avg := "n/a"
	if tot.Members > 0 {
		avg = reports.FormatValue(reports.UnitHours, tot.Deep.Hours()/float64(tot.Members), true) + " per member"
	}
	within := "no request came due"
	if tot.WithinOK {
		within = fmt.Sprintf("%d of %d", tot.Within, tot.Judged)
	}
	target := fmt.Sprintf("target %.0f%%", reports.AsyncTarget)
	targetColor := muted
	if tot.AsyncOK && tot.AsyncShare < reports.AsyncTarget {
		targetColor = warn
	}
	d.tiles([]tile{
		{label: "Members", value: fmt.Sprint(tot.Members), note: zones, noteColor: accent, sub: "one export each"},
		{label: "Deliverables shipped", value: fmt.Sprint(tot.Shipped),
			note: fmt.Sprintf("in %d project%s", tot.Projects, plural(tot.Projects)), noteColor: accent, sub: "all members"},
		{label: "Deep-work hours", value: reports.FormatValue(reports.UnitHours, tot.Deep.Hours(), true), note: avg, noteColor: accent,
			sub: "qualifying blocks only"},
		{label: "Requests within target", value: reports.FormatValue(reports.UnitPercent, tot.WithinPct, tot.WithinOK), note: within,
			noteColor: accent, sub: "pooled, FYI excluded"},
		{label: "Async share", value: reports.FormatValue(reports.UnitPercent, tot.AsyncShare, tot.AsyncOK), note: target,
			noteColor: targetColor, sub: "async + deep vs meetings"},
	})
}

func (d *teamDoc) memberSection() {
	t := d.t
	d.heading("Per member", 20)
	if len(t.Members) == 0 {
		d.note("No members.")
		return
	}
	cols := []column{{"Member", 0.26, "L"}, {"Shipped", 0.10, "R"}, {"Deep-work hours", 0.16, "R"},
		{"Within target", 0.18, "R"}, {"Async share", 0.14, "R"}, {"Open decisions", 0.16, "R"}}
	var rows [][]cell
	for _, m := range t.Members {
		rows = append(rows, []cell{{text: m.Name, bold: true}, {text: fmt.Sprint(m.Shipped)}, {text: fmtHM(m.Deep)},
			{text: withinText(m.WithinPct, m.WithinOK, m.Within, m.Judged)}, shareCell(m.AsyncShare, m.AsyncOK),
			{text: fmt.Sprint(m.Open)}})
	}
	tot := t.Totals
	total := shareCell(tot.AsyncShare, tot.AsyncOK)
	total.bold = true
	rows = append(rows, []cell{{text: "Team", bold: true}, {text: fmt.Sprint(tot.Shipped), bold: true},
		{text: fmtHM(tot.Deep), bold: true}, {text: withinText(tot.WithinPct, tot.WithinOK, tot.Within, tot.Judged), bold: true},
		total, {text: fmt.Sprint(tot.Open), bold: true}})
	d.table(cols, rows)

	// Deep work per member as a chart, beside the facts the shares are computed from.
	d.need(58)
	y := d.pdf.GetY()
	s := reports.Series{Bucket: "member"}
	for _, m := range t.Members {
		s.Labels = append(s.Labels, m.Name)
		s.Values = append(s.Values, m.Deep.Hours())
		s.Extra = append(s.Extra, (m.Short + m.NoGoal).Hours())
	}
	d.barChart(marginL, y, 108, 52, "Deep-work hours per member", s, [2]string{"qualifying", "not counted"})
	facts := [][2]string{
		{"Qualifying deep work", fmt.Sprintf("%s (not counted: short focus %s, without a goal %s)", fmtHM(tot.Deep), fmtHM(tot.Short), fmtHM(tot.NoGoal))},
		{"Async communication", fmtHM(tot.Async)},
		{"Time in deep blocks (all)", fmtHM(tot.DeepAll)},
		{"Meetings", fmtHM(tot.Meeting)},
		{"Requests judged", fmt.Sprintf("%d, of which %d within target", tot.Judged, tot.Within)},
		{"Team check-in", t.CheckIns.Text()},
	}
	d.facts(marginL+114, y+2, contentW-114, facts)
	d.pdf.SetXY(marginL, math.Max(y+58, d.pdf.GetY()+2))
}

func withinText(pct float64, ok bool, within, judged int) string {
	if !ok {
		return "—"
	}
	return fmt.Sprintf("%s (%d of %d)", reports.FormatValue(reports.UnitPercent, pct, true), within, judged)
}

// shareCell marks an async share below the target, which the personal report also calls out.
func shareCell(v float64, ok bool) cell {
	return cell{text: reports.FormatValue(reports.UnitPercent, v, ok), alert: ok && v < reports.AsyncTarget}
}

func (d *teamDoc) shippedSection() {
	t := d.t
	d.heading("Deliverables shipped, by project", 20)
	if len(t.Shipped) == 0 {
		d.note("Nothing shipped in this period.")
		return
	}
	cols := []column{{"Deliverable", 0.36, "L"}, {"Member", 0.17, "L"}, {"Milestone", 0.17, "L"},
		{"Shipped", 0.12, "L"}, {"Invested", 0.10, "R"}, {"Link", 0.08, "L"}}
	for _, g := range t.Shipped {
		d.subheading(fmt.Sprintf("%s · %d shipped", g.Project, len(g.Rows)))
		var rows [][]cell
		for _, s := range g.Rows {
			linkCell := cell{text: "—"}
			if s.Link != "" {
				linkCell = cell{text: "open", link: s.Link}
			}
			rows = append(rows, []cell{{text: s.Title, bold: true, link: s.Link}, {text: s.Member}, {text: dash(s.Milestone)},
				{text: s.Shipped.Format("Mon 2 Jan")}, {text: fmtHM(s.Invested)}, linkCell})
		}
		d.table(cols, rows)
	}
}

func (d *teamDoc) decisionSection() {
	t := d.t
	d.heading("Open decisions", 16)
	if len(t.Open) == 0 {
		d.note("No decision is open across the team.")
		return
	}
	cols := []column{{"Decision", 0.20, "L"}, {"Member", 0.13, "L"}, {"Project", 0.10, "L"}, {"State", 0.17, "L"},
		{"Deadline", 0.16, "L"}, {"Objections", 0.24, "L"}}
	// Deadlines are in the member's own zone, which the abbreviation names, as members may differ.
	var rows [][]cell
	for _, x := range t.Open {
		obj := cell{text: "none"}
		if x.Objections > 0 {
			var parts []string
			for _, o := range x.Raised {
				parts = append(parts, o.By+": "+o.Reason)
			}
			obj = cell{text: fmt.Sprintf("%d", x.Objections)}
			if len(parts) > 0 {
				obj.text += " — " + strings.Join(parts, "; ")
			}
		}
		state := cell{text: stateText(x.State)}
		state.alert = x.State == tracker.DecisionNeedsDiscussion
		rows = append(rows, []cell{{text: x.Title, bold: true}, {text: x.Member}, {text: dash(x.Project)}, state,
			{text: x.At.Format("2 Jan 15:04 MST")}, obj})
	}
	d.table(cols, rows)
}

func (d *teamDoc) settingsSection() {
	t := d.t
	if len(t.Members) == 0 {
		return
	}
	d.heading("Definitions per member", 20)
	d.note("Every figure above comes from the member's own export and settings, computed as in their personal report.")
	cols := []column{{"Member", 0.20, "L"}, {"Time zone", 0.17, "L"}, {"Deep work", 0.12, "L"},
		{"Business hours", 0.20, "L"}, {"Response targets", 0.31, "L"}}
	var rows [][]cell
	for _, m := range t.Members {
		s := m.Settings
		rows = append(rows, []cell{{text: m.Name, bold: true}, {text: s.Zone}, {text: "≥ " + fmtMinutes(s.DeepMin)},
			{text: s.Workdays + ", " + s.WorkHours}, {text: slaText(s.SLA)}})
	}
	d.table(cols, rows)
}
