// Package pdf draws the report model of package reports as an A4 PDF with embedded fonts, and
// writes report files (WriteFile, WriteInFolder, WriteTeamFile) for every front end. gofpdf is
// unmaintained upstream, so it is used here and nowhere else: swapping it for its fork stays local.
package pdf

import (
	"bytes"
	"fmt"
	"io"
	"math"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"

	"shiplog/assets"
	"shiplog/reports"
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
	marginB      = 20.0 // room for the three-line footer
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
func Render(r *reports.Report, w io.Writer, ro RenderOptions) error {
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
	r     *reports.Report
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

func draw(r *reports.Report, ro RenderOptions, total int) (*gofpdf.Fpdf, error) {
	pdf := newPDF(ro, r.Title+" — "+r.Period.Label, r.Author, r.AsOf.UTC())
	d := &doc{pdf: pdf, r: r, ro: ro, total: total}
	pdf.SetHeaderFunc(d.header)
	pdf.SetFooterFunc(d.footer)
	pdf.AddPage()
	period := r.Period.Label
	if r.SoFar {
		period += " · so far, as of " + r.AsOf.Format("Mon 2 Jan 15:04")
	}
	d.titleBlock(r.Title, period, r.Author, r.Projects, r.Headline)
	d.kpiTiles()
	d.measureTiles()
	d.shippedSection()
	d.deliverySection()
	d.milestoneSection()
	d.deepSection()
	d.responseSection()
	d.asyncSection()
	d.meetingsSection()
	d.decisionSection()
	d.workingSection()
	d.nextSection()
	d.ritualsSection()
	if r.Hours != nil {
		d.hoursSection()
	}
	d.definitionSection()
	if err := pdf.Error(); err != nil {
		return nil, fmt.Errorf("render report: %w", err)
	}
	return pdf, nil
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
	line2 := fmt.Sprintf("Deep work: blocks ≥ %s with a goal. Response times in business hours (%s, %s); targets %s. Definitions on the last page.",
		fmtMinutes(r.Settings.DeepMin), r.Settings.Workdays, r.Settings.WorkHours, slaText(r.Settings.SLA))
	d.footerLines(line1, line2, r.Overlaps)
}

// overlapNote says how time is counted where blocks overlap (tracker.Attribute), which only
// imported blocks can do.
const overlapNote = "Where blocks overlap (imports may), the overlapped time counts once, for the block that started later."

// footerLines draws the footer: a rule, two muted lines of context and "Page N of M", and the
// overlap note when the report counted overlapping blocks.
func (d *doc) footerLines(line1, line2 string, overlaps bool) {
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
	more := []string{line2}
	if overlaps {
		more = append(more, overlapNote)
	}
	for _, line := range more {
		d.pdf.SetX(marginL)
		d.text(contentW-28, 3.2, line, "L", 1)
	}
}

// definitionSection prints what every figure means, as the report model defines it: the
// report's footnotes.
func (d *doc) definitionSection() {
	pdf := d.pdf
	d.heading("Definitions", 20)
	for _, def := range d.r.Definitions {
		d.font("", 7.5)
		lines := pdf.SplitText(Printable(def.Text), contentW-42)
		d.need(float64(len(lines))*3.6 + 1.2)
		y := pdf.GetY()
		d.font("B", 7.5)
		d.color(ink)
		pdf.SetXY(marginL, y)
		d.multi(40, 3.6, def.Name)
		end := pdf.GetY()
		d.font("", 7.5)
		d.color(muted)
		for i, l := range lines {
			pdf.SetXY(marginL+42, y+float64(i)*3.6)
			pdf.CellFormat(contentW-42, 3.6, l, "", 0, "L", false, 0, "")
		}
		pdf.SetXY(marginL, math.Max(end, y+float64(len(lines))*3.6)+1.2)
	}
}
