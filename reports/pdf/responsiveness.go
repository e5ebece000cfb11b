package pdf

import (
	"fmt"

	"shiplog/reports"
)

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
			pct = fmt.Sprintf("%s (%d of %d)", reports.FormatValue(reports.UnitPercent, p.Pct, true), p.Within, p.Within+p.Late)
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
			d.text(20, 3.6, map[bool]string{true: reports.FormatValue(reports.UnitPercent, p.Pct, true), false: "no data"}[p.OK], "L", 0)
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
			{text: o.Received.Format("2 Jan 15:04")}, {text: o.Due.Format("2 Jan 15:04")}, {text: fmtBH(o.Late), alert: true}})
	}
	d.table(cols, rows)
}
