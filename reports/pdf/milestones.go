package pdf

import (
	"fmt"
	"strings"

	"shiplog/reports"
)

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
		d.text(34, 4, fmt.Sprintf("%d of %d · %s", m.Shipped, m.Total, reports.FormatValue(reports.UnitPercent, m.Progress, true)), "L", 0)
		d.color(muted)
		pdf.SetXY(bx+bw+3, y+4.5)
		d.text(34, 4, "expected "+reports.FormatValue(reports.UnitPercent, m.Expected, true), "L", 0)
		d.font("B", 8.5)
		d.color(healthColor(m.Health))
		pdf.SetXY(marginL+contentW-20, y+1.5)
		d.text(20, 5, strings.ToUpper(string(m.Health)), "R", 0)
		pdf.SetXY(marginL, y+11)
	}
	pdf.Ln(1)
}

func healthColor(h reports.Health) [3]int {
	switch h {
	case reports.AtRisk:
		return warn
	case reports.Behind:
		return [3]int{150, 90, 0}
	}
	return accent
}
