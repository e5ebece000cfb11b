package reports

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"shiplog/assets"
	"shiplog/tracker"
)

// RenderOptions are the settings of the drawing itself, as opposed to what is reported.
type RenderOptions struct {
	Version string // printed in the footer; empty means "dev"
}

// Page geometry, in millimetres on A4 portrait.
const (
	pageW, pageH = 210.0, 297.0
	marginL      = 15.0
	marginR      = 15.0
	marginT      = 14.0
	marginB      = 20.0 // room for the two-line footer
	contentW     = pageW - marginL - marginR
	lineH        = 4.6
)

// Colours are chosen to stay apart in greyscale: ink is near black, the accent is a dark teal,
// the light fill is a pale grey-green, and every status is also spelled out in words.
var (
	ink    = [3]int{33, 37, 41}
	muted  = [3]int{100, 106, 112}
	rule   = [3]int{200, 204, 208}
	accent = [3]int{15, 98, 92}
	light  = [3]int{178, 204, 200}
	paper  = [3]int{244, 246, 247}
	warn   = [3]int{176, 32, 32}
	link   = [3]int{20, 70, 160}
)

// Render draws the report as an A4 PDF and writes it to w. The output depends only on the
// report and the options, so the same data and period give the same bytes.
func Render(r *Report, w io.Writer, ro RenderOptions) error {
	if ro.Version == "" {
		ro.Version = "dev"
	}
	return output(w, func(total int) (*gofpdf.Fpdf, error) { return draw(r, ro, total) })
}

// output draws a document twice and writes the second drawing to w. The first pass only counts
// pages, so that every footer can say "Page N of M" with the real M, drawn like any other text.
func output(w io.Writer, draw func(total int) (*gofpdf.Fpdf, error)) error {
	first, err := draw(0)
	if err != nil {
		return err
	}
	pdf, err := draw(first.PageNo())
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pdf.Output(&buf); err != nil {
		return fmt.Errorf("render report: %w", err)
	}
	if _, err := w.Write(buf.Bytes()); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}

// doc draws one document. The helpers below it (text, tables, tiles, headings) do not depend on
// r, so the team report draws with them too and leaves r nil.
type doc struct {
	pdf   *gofpdf.Fpdf
	r     *Report
	ro    RenderOptions
	total int
}

// newPDF starts an A4 document with the embedded fonts and properties taken from the data only:
// stamp is both the creation and the modification date, so the same data gives the same bytes.
func newPDF(ro RenderOptions, title, author string, stamp time.Time) *gofpdf.Fpdf {
	pdf := gofpdf.New("P", "mm", "A4", "")
	pdf.AddUTF8FontFromBytes("go", "", assets.FontRegular)
	pdf.AddUTF8FontFromBytes("go", "B", assets.FontBold)
	pdf.AddUTF8FontFromBytes("go", "I", assets.FontItalic)
	pdf.SetMargins(marginL, marginT, marginR)
	pdf.SetAutoPageBreak(false, marginB)
	pdf.SetCatalogSort(true)
	pdf.SetCompression(true)
	pdf.SetCreationDate(stamp)
	pdf.SetModificationDate(stamp)
	pdf.SetProducer("Shiplog "+ro.Version, true)
	pdf.SetCreator("Shiplog "+ro.Version, true)
	pdf.SetTitle(Printable(title), true)
	if author != "" {
		pdf.SetAuthor(Printable(author), true)
	}
	return pdf
}

func draw(r *Report, ro RenderOptions, total int) (*gofpdf.Fpdf, error) {
	pdf := newPDF(ro, r.Title+" — "+r.Period.Label, r.Author, r.AsOf.UTC())
	d := &doc{pdf: pdf, r: r, ro: ro, total: total}
	pdf.SetHeaderFunc(d.header)
	pdf.SetFooterFunc(d.footer)
	pdf.AddPage()
	d.titleBlock(r.Title, r.Period.Label, r.Author, r.Projects, r.Headline)
	d.kpiTiles()
	d.shippedSection()
	d.milestoneSection()
	d.deepSection()
	d.responseSection()
	d.asyncSection()
	d.decisionSection()
	d.nextSection()
	if r.Hours != nil {
		d.hoursSection()
	}
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("render report: %w", err)
	}
	return pdf, nil
}

func (d *doc) color(c [3]int)                  { d.pdf.SetTextColor(c[0], c[1], c[2]) }
func (d *doc) fill(c [3]int)                   { d.pdf.SetFillColor(c[0], c[1], c[2]) }
func (d *doc) stroke(c [3]int)                 { d.pdf.SetDrawColor(c[0], c[1], c[2]) }
func (d *doc) font(style string, size float64) { d.pdf.SetFont("go", style, size) }

// text writes s at the cursor in a cell of width w; s is made printable first.
func (d *doc) text(w, h float64, s, align string, ln int) {
	d.pdf.CellFormat(w, h, Printable(s), "", ln, align, false, 0, "")
}

func (d *doc) header() {
	if d.pdf.PageNo() == 1 {
		return
	}
	d.runningHead(d.r.Title+" · "+d.r.Author, d.r.Period.Label)
}

// runningHead writes the small header line of the pages after the first.
func (d *doc) runningHead(left, right string) {
	d.font("", 7.5)
	d.color(muted)
	d.pdf.SetXY(marginL, 7)
	d.text(contentW/2, 4, left, "L", 0)
	d.text(contentW/2, 4, right, "R", 0)
	d.stroke(rule)
	d.pdf.SetLineWidth(0.2)
	d.pdf.Line(marginL, 11.5, pageW-marginR, 11.5)
	d.pdf.SetXY(marginL, marginT+1)
}

func (d *doc) footer() {
	r := d.r
	projects := "all projects"
	if len(r.Projects) > 0 {
		projects = "projects: " + strings.Join(r.Projects, ", ")
	}
	hours := "hour totals off"
	if r.Settings.Hours {
		hours = "hour totals on"
	}
	line1 := fmt.Sprintf("Shiplog %s · %s (%s) · %s · data as of %s · %s",
		d.ro.Version, r.Period.Span(), r.Settings.Zone, projects, r.AsOf.Format("2006-01-02 15:04"), hours)
	line2 := fmt.Sprintf("Deep work: blocks ≥ %s with a goal. Response times in business hours (%s, %s); targets %s.",
		fmtMinutes(r.Settings.DeepMin), r.Settings.Workdays, r.Settings.WorkHours, slaText(r.Settings.SLA))
	d.footerLines(line1, line2)
}

// footerLines draws the footer: a rule, two muted lines of context and "Page N of M".
func (d *doc) footerLines(line1, line2 string) {
	d.stroke(rule)
	d.pdf.SetLineWidth(0.2)
	y := pageH - marginB + 4
	d.pdf.Line(marginL, y, pageW-marginR, y)
	d.font("", 6.5)
	d.color(muted)
	d.pdf.SetXY(marginL, y+1.2)
	d.text(contentW-28, 3.2, line1, "L", 0)
	page := fmt.Sprintf("Page %d of %d", d.pdf.PageNo(), max(d.total, d.pdf.PageNo()))
	d.font("B", 7)
	d.color(ink)
	d.text(28, 3.2, page, "R", 1)
	d.font("", 6.5)
	d.color(muted)
	d.pdf.SetX(marginL)
	d.text(contentW-28, 3.2, line2, "L", 1)
}

func slaText(sla map[tracker.Priority]time.Duration) string {
	var parts []string
	for _, p := range tracker.Priorities {
		if t, ok := sla[p]; ok && p != tracker.PriorityFYI {
			parts = append(parts, fmt.Sprintf("%s %s", p, fmtHM(t)))
		}
	}
	return strings.Join(parts, ", ")
}

// need starts a new page unless h millimetres fit above the footer.
func (d *doc) need(h float64) {
	if d.pdf.GetY()+h > pageH-marginB {
		d.pdf.AddPage()
	}
}

// titleBlock opens the first page: the title, who and when, and the TL;DR box with the headline.
func (d *doc) titleBlock(title, period, author string, projects []string, headline string) {
	pdf := d.pdf
	d.font("B", 20)
	d.color(ink)
	pdf.SetXY(marginL, marginT)
	d.text(contentW-40, 9, title, "L", 0)
	d.font("B", 9)
	d.color(accent)
	d.text(40, 9, "SHIPLOG", "R", 1)
	d.font("", 11)
	d.color(muted)
	who := period
	if author != "" {
		who = author + " · " + who
	}
	if len(projects) > 0 {
		who += " · " + strings.Join(projects, ", ")
	}
	pdf.SetX(marginL)
	d.multi(contentW, 5.5, who)
	pdf.Ln(3)
	// TL;DR: a shaded box with the headline sentence.
	d.font("", 11)
	lines := pdf.SplitText(Printable(headline+"."), contentW-24)
	h := float64(len(lines))*5.4 + 6
	y := pdf.GetY()
	d.fill(paper)
	pdf.Rect(marginL, y, contentW, h, "F")
	d.fill(accent)
	pdf.Rect(marginL, y, 1.4, h, "F")
	d.font("B", 9)
	d.color(accent)
	pdf.SetXY(marginL+4, y+3)
	d.text(16, 5.4, "TL;DR", "L", 0)
	d.font("", 11)
	d.color(ink)
	for i, l := range lines {
		pdf.SetXY(marginL+20, y+3+float64(i)*5.4)
		pdf.CellFormat(contentW-24, 5.4, l, "", 0, "L", false, 0, "")
	}
	pdf.SetXY(marginL, y+h+5)
}

// multi writes wrapped text at the cursor's x, moving the cursor below it.
func (d *doc) multi(w, h float64, s string) {
	x := d.pdf.GetX()
	for _, l := range d.pdf.SplitText(Printable(s), w) {
		d.pdf.SetX(x)
		d.pdf.CellFormat(w, h, l, "", 1, "L", false, 0, "")
	}
}

func (d *doc) kpiTiles() {
	ts := make([]tile, len(d.r.KPIs))
	for i, k := range d.r.KPIs {
		ts[i] = tile{label: k.Label, value: k.Text, note: k.Delta, noteColor: deltaColor(k), sub: k.PrevText}
	}
	d.tiles(ts)
}

// tile is one box of the tile row: a label, a big value, a coloured note and a muted line below.
type tile struct {
	label, value, note, sub string
	noteColor               [3]int
}

// tiles draws a row of equal boxes across the content width.
func (d *doc) tiles(ts []tile) {
	pdf := d.pdf
	const gap = 3.0
	n := float64(len(ts))
	w := (contentW - gap*(n-1)) / n
	h := 25.0
	y := pdf.GetY()
	for i, k := range ts {
		x := marginL + float64(i)*(w+gap)
		d.stroke(rule)
		pdf.SetLineWidth(0.3)
		d.fill([3]int{255, 255, 255})
		pdf.Rect(x, y, w, h, "D")
		d.font("", 7.5)
		d.color(muted)
		pdf.SetXY(x+2.5, y+2)
		d.text(w-5, 4, k.label, "L", 0)
		d.font("B", 17)
		d.color(ink)
		pdf.SetXY(x+2.5, y+7)
		d.text(w-5, 8, k.value, "L", 0)
		d.font("B", 8.5)
		d.color(k.noteColor)
		pdf.SetXY(x+2.5, y+16)
		d.text(w-5, 4, k.note, "L", 0)
		d.font("", 7)
		d.color(muted)
		pdf.SetXY(x+2.5, y+20)
		d.text(w-5, 3.5, k.sub, "L", 0)
	}
	pdf.SetXY(marginL, y+h+4)
}

func deltaColor(k KPI) [3]int {
	if k.Delta == "n/a" || strings.HasPrefix(k.Delta, "+0") {
		return muted
	}
	return accent
}

// heading starts a section, on a new page if less than keep millimetres remain.
func (d *doc) heading(title string, keep float64) {
	d.pdf.Ln(2)
	d.need(12 + keep)
	d.font("B", 13)
	d.color(ink)
	d.pdf.SetX(marginL)
	d.text(contentW, 7, title, "L", 1)
	d.stroke(accent)
	d.pdf.SetLineWidth(0.5)
	y := d.pdf.GetY()
	d.pdf.Line(marginL, y, marginL+18, y)
	d.pdf.SetY(y + 2)
}

func (d *doc) subheading(title string) {
	d.need(14)
	d.font("B", 9.5)
	d.color(muted)
	d.pdf.SetX(marginL)
	d.text(contentW, 6, title, "L", 1)
}

// note writes a muted line, such as "Nothing shipped in this period."
func (d *doc) note(s string) {
	d.need(6)
	d.font("I", 9)
	d.color(muted)
	d.pdf.SetX(marginL)
	d.multi(contentW, 5, s)
	d.pdf.Ln(1)
}

type column struct {
	title string
	w     float64 // share of the content width
	align string
}

type cell struct {
	text  string
	link  string
	bold  bool
	alert bool
}

// table draws rows that wrap inside their columns and flow across pages, repeating the header.
func (d *doc) table(cols []column, rows [][]cell) {
	pdf := d.pdf
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.w * contentW
	}
	head := func() {
		d.font("B", 8)
		d.color(muted)
		y := pdf.GetY()
		x := marginL
		for i, c := range cols {
			pdf.SetXY(x, y)
			d.text(widths[i], 5.5, c.title, c.align, 0)
			x += widths[i]
		}
		d.stroke(rule)
		pdf.SetLineWidth(0.3)
		pdf.Line(marginL, y+5.5, marginL+contentW, y+5.5)
		pdf.SetXY(marginL, y+6)
	}
	d.need(6 + lineH + 2)
	head()
	const pad = 1.6
	for ri, row := range rows {
		lines := make([][]string, len(row))
		n := 1
		for i, c := range row {
			d.cellFont(c)
			lines[i] = pdf.SplitText(Printable(c.text), widths[i]-pad)
			if len(lines[i]) == 0 {
				lines[i] = []string{""}
			}
			n = max(n, len(lines[i]))
		}
		h := float64(n)*lineH + 1.2
		if pdf.GetY()+h > pageH-marginB {
			pdf.AddPage()
			head()
		}
		y := pdf.GetY()
		if ri%2 == 1 {
			d.fill(paper)
			pdf.Rect(marginL, y, contentW, h, "F")
		}
		x := marginL
		for i, c := range row {
			d.cellFont(c)
			for li, l := range lines[i] {
				pdf.SetXY(x, y+0.6+float64(li)*lineH)
				pdf.CellFormat(widths[i]-pad, lineH, l, "", 0, cols[i].align, false, 0, "")
			}
			if c.link != "" {
				pdf.LinkString(x, y, widths[i]-pad, h, c.link)
			}
			x += widths[i]
		}
		pdf.SetXY(marginL, y+h)
	}
	pdf.Ln(2)
}

func (d *doc) cellFont(c cell) {
	style := ""
	if c.bold {
		style = "B"
	}
	switch {
	case c.alert:
		d.font("B", 8.5)
		d.color(warn)
	case c.link != "":
		d.font(style+"U", 8.5)
		d.color(link)
	default:
		d.font(style, 8.5)
		d.color(ink)
	}
}

func (d *doc) shippedSection() {
	r := d.r
	d.heading("Deliverables shipped", 20)
	if len(r.Shipped) == 0 {
		d.note("Nothing shipped in this period.")
	} else {
		cols := []column{{"Deliverable", 0.34, "L"}, {"Project", 0.15, "L"}, {"Milestone", 0.19, "L"},
			{"Shipped", 0.13, "L"}, {"Invested", 0.10, "R"}, {"Link", 0.09, "L"}}
		var rows [][]cell
		for _, s := range r.Shipped {
			title := cell{text: s.Title, bold: true, link: s.Link}
			linkCell := cell{text: "—"}
			if s.Link != "" {
				linkCell = cell{text: "open", link: s.Link}
			}
			rows = append(rows, []cell{title, {text: s.Project}, {text: dash(s.Milestone)},
				{text: s.Shipped.Format("Mon 2 Jan")}, {text: fmtHM(s.Invested)}, linkCell})
		}
		d.table(cols, rows)
	}
	d.subheading("In progress")
	if len(r.InProgress) == 0 {
		d.note("Nothing in progress.")
		return
	}
	cols := []column{{"Deliverable", 0.37, "L"}, {"Project", 0.15, "L"}, {"Milestone", 0.17, "L"},
		{"Due", 0.21, "L"}, {"Invested", 0.10, "R"}}
	var rows [][]cell
	for _, s := range r.InProgress {
		due := cell{text: dateText(s.Due)}
		if s.Overdue {
			due = cell{text: dateText(s.Due) + " OVERDUE", alert: true}
		}
		rows = append(rows, []cell{{text: s.Title, link: s.Link}, {text: s.Project}, {text: dash(s.Milestone)}, due, {text: fmtHM(s.Invested)}})
	}
	d.table(cols, rows)
}

func (d *doc) milestoneSection() {
	r := d.r
	pdf := d.pdf
	d.heading("Milestones", 14)
	if len(r.Milestones) == 0 {
		d.note("No milestones active in this period.")
		return
	}
	d.font("", 7.5)
	d.color(muted)
	pdf.SetX(marginL)
	d.text(contentW, 4, "Bar: deliverables shipped. Tick: where a straight line from start to due says it should be.", "L", 1)
	pdf.Ln(1)
	for _, m := range r.Milestones {
		d.need(11)
		y := pdf.GetY()
		d.font("B", 9)
		d.color(ink)
		pdf.SetXY(marginL, y)
		d.text(62, 4.5, m.Name, "L", 0)
		d.font("", 7.5)
		d.color(muted)
		pdf.SetXY(marginL, y+4.5)
		d.text(62, 4, fmt.Sprintf("%s · due %s", m.Project, dateText(m.Due)), "L", 0)
		// The bar: an outline, the shipped share filled, and a tick at the expected share.
		bx, bw, by, bh := marginL+64.0, 60.0, y+1.5, 5.0
		d.fill(paper)
		d.stroke(rule)
		pdf.SetLineWidth(0.3)
		pdf.Rect(bx, by, bw, bh, "FD")
		d.fill(accent)
		if m.Progress > 0 {
			pdf.Rect(bx, by, bw*m.Progress/100, bh, "F")
		}
		d.stroke(ink)
		pdf.SetLineWidth(0.6)
		ex := bx + bw*m.Expected/100
		pdf.Line(ex, by-1.2, ex, by+bh+1.2)
		d.font("", 8)
		d.color(ink)
		pdf.SetXY(bx+bw+3, y+0.5)
		d.text(34, 4, fmt.Sprintf("%d of %d · %.0f%%", m.Shipped, m.Total, m.Progress), "L", 0)
		d.color(muted)
		pdf.SetXY(bx+bw+3, y+4.5)
		d.text(34, 4, fmt.Sprintf("expected %.0f%%", m.Expected), "L", 0)
		d.font("B", 8.5)
		d.color(healthColor(m.Health))
		pdf.SetXY(marginL+contentW-20, y+1.5)
		d.text(20, 5, strings.ToUpper(string(m.Health)), "R", 0)
		pdf.SetXY(marginL, y+11)
	}
	pdf.Ln(1)
}

func healthColor(h Health) [3]int {
	switch h {
	case AtRisk:
		return warn
	case Behind:
		return [3]int{150, 90, 0}
	}
	return accent
}

func (d *doc) deepSection() {
	r := d.r
	dw := r.Deep
	pdf := d.pdf
	d.heading("Deep work", 62)
	y := pdf.GetY()
	title := "Deep-work hours per " + dw.Chart.Bucket
	d.barChart(marginL, y, 108, 52, title, dw.Chart, "hours", [2]string{"qualifying", "short focus"})
	avg, longest := "—", "—"
	if dw.Blocks > 0 {
		avg, longest = fmtHM(dw.Average), fmtHM(dw.Longest)
	}
	plan := "no plans set"
	if dw.PlannedBlocks > 0 {
		plan = fmt.Sprintf("%s planned, %s actual (%d blocks)", fmtHM(dw.Planned), fmtHM(dw.Actual), dw.PlannedBlocks)
	}
	facts := [][2]string{
		{"Qualifying blocks", fmt.Sprintf("%d (≥ %s with a goal)", dw.Blocks, fmtMinutes(dw.MinLength))},
		{"Deep-work hours", fmtHM(dw.Hours)},
		{"Average length", avg},
		{"Longest block", longest},
		{"Planned vs actual", plan},
		{"Interruptions", fmt.Sprintf("%d", dw.Interruptions)},
		{"Days with deep work", fmt.Sprintf("%d of %d work days", dw.DaysWithDeep, dw.WorkDays)},
		{"Short focus", fmt.Sprintf("%d block%s, %s (not counted)", dw.ShortBlocks, plural(dw.ShortBlocks), fmtHM(dw.ShortHours))},
	}
	d.facts(marginL+114, y+2, contentW-114, facts)
	pdf.SetXY(marginL, y+56)
}

// facts writes label/value pairs in a narrow column.
func (d *doc) facts(x, y, w float64, facts [][2]string) {
	pdf := d.pdf
	for _, f := range facts {
		d.font("", 7.5)
		d.color(muted)
		pdf.SetXY(x, y)
		d.text(w, 3.6, f[0], "L", 1)
		d.font("B", 8.5)
		d.color(ink)
		pdf.SetX(x)
		d.multi(w, 4, f[1])
		y = pdf.GetY() + 0.8
	}
}

// barChart draws stacked vertical bars with a labelled value axis and category axis. Bars are
// dark and their stacked part light, so the chart reads in greyscale; an empty series says so.
func (d *doc) barChart(x, y, w, h float64, title string, s Series, unit string, legend [2]string) {
	pdf := d.pdf
	d.font("B", 8.5)
	d.color(ink)
	pdf.SetXY(x, y)
	d.text(w, 4.5, title, "L", 0)
	top := y + 9
	axisL, axisB := x+10, top+h-16
	plotW, plotH := w-12, axisB-top
	peak := 0.0
	for i := range s.Labels {
		peak = math.Max(peak, s.Values[i]+s.Extra[i])
	}
	d.stroke(muted)
	pdf.SetLineWidth(0.3)
	if peak == 0 {
		pdf.Rect(axisL, top, plotW, plotH, "D")
		d.font("I", 9)
		d.color(muted)
		pdf.SetXY(axisL, top+plotH/2-3)
		d.text(plotW, 6, "no data", "C", 0)
		pdf.SetXY(x, y+h)
		return
	}
	step := niceStep(peak / 4)
	yMax := math.Ceil(peak/step) * step
	// Grid and value axis labels.
	d.font("", 6.5)
	for v := 0.0; v <= yMax+step/2; v += step {
		gy := axisB - plotH*v/yMax
		d.stroke(rule)
		pdf.SetLineWidth(0.15)
		pdf.Line(axisL, gy, axisL+plotW, gy)
		d.color(muted)
		pdf.SetXY(x, gy-2)
		d.text(9, 4, trimFloat(v), "R", 0)
	}
	// The value axis names its unit above the axis, level, so it reads without turning the page.
	d.color(muted)
	pdf.SetXY(x, top-4.5)
	d.text(axisL-x+2, 3, unit, "R", 0)
	n := len(s.Labels)
	slot := plotW / float64(n)
	bw := math.Min(slot*0.7, 12)
	every := int(math.Ceil(float64(n) / 16)) // at most 16 category labels
	for i := range s.Labels {
		bx := axisL + slot*float64(i) + (slot-bw)/2
		h1 := plotH * s.Values[i] / yMax
		h2 := plotH * s.Extra[i] / yMax
		if h1 > 0 {
			d.fill(accent)
			pdf.Rect(bx, axisB-h1, bw, h1, "F")
		}
		if h2 > 0 {
			d.fill(light)
			d.stroke(accent)
			pdf.SetLineWidth(0.2)
			pdf.Rect(bx, axisB-h1-h2, bw, h2, "FD")
		}
		if i%every == 0 {
			d.font("", 6.5)
			d.color(muted)
			pdf.SetXY(axisL+slot*float64(i)-4, axisB+1)
			d.text(slot+8, 3.5, s.Labels[i], "C", 0)
		}
	}
	d.stroke(ink)
	pdf.SetLineWidth(0.3)
	pdf.Line(axisL, axisB, axisL+plotW, axisB)
	pdf.Line(axisL, top, axisL, axisB)
	// Category axis title and legend.
	d.font("", 6.5)
	d.color(muted)
	pdf.SetXY(axisL, axisB+5)
	d.text(plotW, 3.5, s.Bucket, "C", 0)
	ly := axisB + 10
	d.fill(accent)
	pdf.Rect(axisL, ly, 3, 3, "F")
	pdf.SetXY(axisL+4, ly-0.3)
	d.text(30, 3.5, legend[0], "L", 0)
	d.fill(light)
	d.stroke(accent)
	pdf.SetLineWidth(0.2)
	pdf.Rect(axisL+34, ly, 3, 3, "FD")
	pdf.SetXY(axisL+38, ly-0.3)
	d.text(30, 3.5, legend[1], "L", 0)
	pdf.SetXY(x, y+h)
}

// niceStep rounds a raw axis step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

func (d *doc) responseSection() {
	r := d.r
	pdf := d.pdf
	d.heading("Responsiveness", 40)
	cols := []column{{"Priority", 0.16, "L"}, {"Target", 0.12, "R"}, {"Received", 0.12, "R"}, {"Answered", 0.12, "R"},
		{"Median", 0.12, "R"}, {"p90", 0.12, "R"}, {"Within target", 0.24, "R"}}
	var rows [][]cell
	for _, p := range r.Response.Rows {
		med, p90 := "—", "—"
		if p.HasTimes {
			med, p90 = fmtBH(p.Median), fmtBH(p.P90)
		}
		pct := "—"
		if p.OK {
			pct = fmt.Sprintf("%.0f%% (%d of %d)", p.Pct, p.Within, p.Within+p.Late)
		}
		rows = append(rows, []cell{{text: titleCase(string(p.Priority)), bold: true}, {text: fmtHM(p.Target)},
			{text: fmt.Sprint(p.Count)}, {text: fmt.Sprint(p.Answered)}, {text: med}, {text: p90}, {text: pct}})
	}
	d.table(cols, rows)
	// A small chart: % within target per priority, against a full-width 100%.
	d.need(22)
	y := pdf.GetY()
	d.font("B", 8.5)
	d.color(ink)
	pdf.SetXY(marginL, y)
	d.text(contentW, 4.5, "Answered within target, % by priority (FYI excluded)", "L", 1)
	y += 5.5
	any := false
	for _, p := range r.Response.Rows {
		any = any || p.OK
	}
	if !any {
		d.stroke(muted)
		pdf.SetLineWidth(0.3)
		pdf.Rect(marginL+22, y, 100, 13, "D")
		d.font("I", 9)
		d.color(muted)
		pdf.SetXY(marginL+22, y+3.5)
		d.text(100, 6, "no data", "C", 0)
		pdf.SetXY(marginL, y+16)
	} else {
		for i, p := range r.Response.Rows {
			by := y + float64(i)*4.6
			d.font("", 7.5)
			d.color(muted)
			pdf.SetXY(marginL, by)
			d.text(20, 3.6, titleCase(string(p.Priority)), "R", 0)
			d.fill(paper)
			pdf.Rect(marginL+22, by+0.3, 100, 3, "F")
			if p.OK {
				d.fill(accent)
				pdf.Rect(marginL+22, by+0.3, p.Pct, 3, "F")
			}
			pdf.SetXY(marginL+124, by)
			d.text(20, 3.6, map[bool]string{true: fmt.Sprintf("%.0f%%", p.Pct), false: "no data"}[p.OK], "L", 0)
		}
		ay := y + float64(len(r.Response.Rows))*4.6 + 0.5
		d.stroke(ink)
		pdf.SetLineWidth(0.3)
		pdf.Line(marginL+22, ay, marginL+122, ay)
		d.font("", 6.5)
		d.color(muted)
		for _, v := range []float64{0, 25, 50, 75, 100} {
			pdf.Line(marginL+22+v, ay, marginL+22+v, ay+1)
			pdf.SetXY(marginL+22+v-5, ay+1)
			d.text(10, 3, fmt.Sprintf("%.0f%%", v), "C", 0)
		}
		pdf.SetXY(marginL, ay+6)
	}
	d.subheading("Open past target")
	if len(r.Response.Overdue) == 0 {
		d.note("No request is waiting past its target.")
		return
	}
	cols = []column{{"Request", 0.36, "L"}, {"From", 0.16, "L"}, {"Priority", 0.12, "L"},
		{"Received", 0.14, "L"}, {"Due", 0.12, "L"}, {"Late by", 0.10, "R"}}
	rows = nil
	for _, o := range r.Response.Overdue {
		rows = append(rows, []cell{{text: o.Subject}, {text: dash(o.From)}, {text: titleCase(string(o.Priority))},
			{text: o.Received.Format("2 Jan 15:04")}, {text: o.Due.Format("2 Jan 15:04")}, {text: fmtBH(o.Late.Hours()), alert: true}})
	}
	d.table(cols, rows)
}

func (d *doc) asyncSection() {
	r := d.r
	a := r.Async
	pdf := d.pdf
	d.heading("Async vs meetings", 50)
	y := pdf.GetY()
	share := "n/a"
	verdict := "no async, deep or meeting time recorded"
	if a.OK {
		share = fmt.Sprintf("%.0f%%", a.Share)
		verdict = "meets the 80% target"
		if a.Share < a.Target {
			verdict = fmt.Sprintf("%.0f points below the 80%% target", a.Target-a.Share)
		}
	}
	d.font("B", 22)
	d.color(ink)
	pdf.SetXY(marginL, y)
	d.text(40, 10, share, "L", 1)
	d.font("", 8.5)
	d.color(muted)
	pdf.SetX(marginL)
	d.multi(60, 4.2, "async share: async communication and deep work against meetings; "+verdict+".")
	// A share bar with the target marked.
	by := pdf.GetY() + 2
	d.fill(paper)
	pdf.Rect(marginL, by, 60, 4, "F")
	if a.OK {
		d.fill(accent)
		pdf.Rect(marginL, by, 60*a.Share/100, 4, "F")
	}
	d.stroke(ink)
	pdf.SetLineWidth(0.6)
	pdf.Line(marginL+48, by-1.2, marginL+48, by+5.2)
	d.font("", 6.5)
	pdf.SetXY(marginL+38, by+5.5)
	d.text(20, 3, "target 80%", "C", 0)
	facts := [][2]string{
		{"Async communication", fmtHM(a.Async)},
		{"Deep work (all blocks)", fmtHM(a.Deep)},
		{"Meetings", fmt.Sprintf("%s (average of previous %d: %s)", fmtHM(a.Meeting), len(a.History), fmtHM(a.MeetingAvg))},
	}
	d.facts(marginL, by+10, 62, facts)
	end := pdf.GetY()
	// Meeting hours: the previous periods and this one, with their average as a line.
	s := Series{Bucket: "period"}
	for _, h := range a.History {
		s.Labels = append(s.Labels, h.Label)
		s.Values = append(s.Values, h.Hours.Hours())
		s.Extra = append(s.Extra, 0)
	}
	s.Labels = append(s.Labels, "this")
	s.Values = append(s.Values, 0)
	s.Extra = append(s.Extra, a.Meeting.Hours())
	d.barChart(marginL+70, y, contentW-70, 46, "Meeting hours", s, "hours", [2]string{"previous periods", "this period"})
	pdf.SetXY(marginL, math.Max(end, y+48)+2)
}

func (d *doc) decisionSection() {
	r := d.r
	ds := r.Decisions
	d.heading("Decisions", 16)
	cols := []column{{"Decision", 0.36, "L"}, {"Project", 0.15, "L"}, {"State", 0.17, "L"}, {"Date", 0.12, "L"}, {"Outcome", 0.20, "L"}}
	var rows [][]cell
	add := func(list []DecisionRow, when string) {
		for _, x := range list {
			rows = append(rows, []cell{{text: x.Title, bold: true}, {text: dash(x.Project)}, {text: stateText(x.State)},
				{text: when + x.At.Format("2 Jan")}, {text: dash(x.Outcome)}})
		}
	}
	add(ds.Closed, "")
	add(ds.Silent, "")
	add(ds.Open, "due ")
	if len(rows) == 0 {
		d.note("No decisions closed or open in this period.")
	} else {
		d.table(cols, rows)
	}
	if len(ds.Objections) > 0 {
		d.subheading("Objections")
		cols := []column{{"Decision", 0.30, "L"}, {"By", 0.15, "L"}, {"Reason", 0.43, "L"}, {"Date", 0.12, "L"}}
		var rows [][]cell
		for _, o := range ds.Objections {
			rows = append(rows, []cell{{text: o.Decision}, {text: o.By}, {text: o.Reason}, {text: o.At.Format("2 Jan")}})
		}
		d.table(cols, rows)
	}
}

func stateText(s tracker.DecisionState) string {
	switch s {
	case tracker.DecisionAcceptedBySilence:
		return "accepted by silence"
	case tracker.DecisionNeedsDiscussion:
		return "needs discussion"
	}
	return string(s)
}

func (d *doc) nextSection() {
	r := d.r
	d.heading("Next: due "+r.Next.Label, 14)
	if len(r.Upcoming) == 0 {
		d.note("No deliverables are due in the next period.")
		return
	}
	cols := []column{{"Deliverable", 0.44, "L"}, {"Project", 0.18, "L"}, {"Milestone", 0.22, "L"}, {"Due", 0.16, "L"}}
	var rows [][]cell
	for _, u := range r.Upcoming {
		rows = append(rows, []cell{{text: u.Title, link: u.Link}, {text: u.Project}, {text: dash(u.Milestone)}, {text: dateText(u.Due)}})
	}
	d.table(cols, rows)
}

func (d *doc) hoursSection() {
	h := d.r.Hours
	d.heading("Hours (context)", 20)
	d.note("Time is context, not the result: shown because it was asked for.")
	cols := []column{{"Kind", 0.35, "L"}, {"Hours", 0.15, "R"}}
	var rows [][]cell
	for _, k := range h.ByKind {
		rows = append(rows, []cell{{text: k.Name}, {text: fmtHM(k.Hours)}})
	}
	rows = append(rows, []cell{{text: "Total", bold: true}, {text: fmtHM(h.Total), bold: true}})
	d.table(cols, rows)
	if len(h.ByProject) > 0 {
		cols = []column{{"Project", 0.35, "L"}, {"Hours", 0.15, "R"}}
		rows = nil
		for _, p := range h.ByProject {
			rows = append(rows, []cell{{text: p.Name}, {text: fmtHM(p.Hours)}})
		}
		d.table(cols, rows)
	}
}

// fmtHM writes a duration as "1h 30m", "45m" or "12h".
func fmtHM(t time.Duration) string {
	t = t.Round(time.Minute)
	h, m := int(t/time.Hour), int(t%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh %02dm", h, m)
}

func fmtMinutes(t time.Duration) string { return fmt.Sprintf("%.0f min", t.Minutes()) }

// fmtBH writes business hours to a tenth.
func fmtBH(h float64) string { return fmt.Sprintf("%.1f bh", h) }

func dateText(d tracker.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.In(time.UTC).Format("Mon 2 Jan")
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func titleCase(s string) string {
	if s == "fyi" {
		return "FYI"
	}
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
