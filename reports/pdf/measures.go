package pdf

import (
	"fmt"
	"math"
	"strings"
	"time"

	"shiplog/reports"
)

// measureTiles draws the measures of async work beyond the KPIs as a second row of tiles: delivery
// on time, meetings against the baseline, context switches, meetings on sync days and decisions
// written down. Each figure is drawn in full in its section further on.
func (d *doc) measureTiles() {
	r := d.r
	dl, m, sw, pl, doc := r.Delivery, r.Meetings, r.Switches, r.Meetings.Place, r.Documentation

	delivery := tile{label: "Delivery on time", value: reports.FormatValue(reports.UnitPercent, dl.Pct, dl.OK), noteColor: accent}
	switch {
	case dl.OK:
		delivery.note = fmt.Sprintf("%d of %d on time", dl.OnTime, dl.OnTime+dl.Late)
	case dl.Pending > 0:
		delivery.note = fmt.Sprintf("%d due later", dl.Pending)
	default:
		delivery.note = "nothing due"
	}
	delivery.sub = "none shipped late"
	if dl.MedianOK {
		delivery.sub = "late: median " + daysShort(dl.MedianDaysLate)
	}
	if n := len(dl.Overdue); n > 0 {
		delivery.caveat = fmt.Sprintf("%d overdue now", n)
	}

	meetings := tile{label: "Meetings per week", value: fmtHM(m.PerWeek), note: "no baseline yet", noteColor: muted,
		sub: fmt.Sprintf("%d of %d baseline weeks", m.BaselineEnded, reports.BaselineWeeks)}
	if m.BaselineOK {
		meetings.sub, meetings.caveat = "baseline "+fmtHM(m.Baseline), "goal "+fmtHM(m.Goal)
		if m.ChangeOK {
			meetings.note = signedPct(m.Change) + " vs baseline"
			meetings.noteColor = warn
			if m.Change <= 0 {
				meetings.noteColor = accent
			}
		}
	}

	switches := tile{label: "Context switches", value: "n/a", note: "per day worked", noteColor: accent, sub: "no planned deep block"}
	if sw.OK {
		switches.value = trimFloat(sw.PerDay)
	}
	if sw.PlannedDeep > 0 {
		switches.sub = fmt.Sprintf("deep cut short: %d of %d", sw.CutShort, sw.PlannedDeep)
	}

	place := tile{label: "Meetings on sync days", value: reports.FormatValue(reports.UnitPercent, pl.SyncShare, pl.SyncOK), noteColor: accent}
	switch {
	case pl.SyncDays == "" && pl.CoreHours == "":
		place.note, place.sub = "no sync days set", "syncdays not set"
	case pl.None:
		place.note, place.sub = "no meetings", dash(pl.SyncDays)+" · "+dash(pl.CoreHours)
	default:
		place.note = "in core hours: " + reports.FormatValue(reports.UnitPercent, pl.CoreShare, pl.CoreOK)
		place.sub = dash(pl.SyncDays) + " · " + dash(pl.CoreHours)
	}

	written := tile{label: "Decisions written down", value: reports.FormatValue(reports.UnitPercent, doc.Pct, doc.OK),
		note: fmt.Sprintf("%d of %d", doc.WrittenDown, doc.Made), noteColor: accent, sub: "context and outcome"}
	if !doc.OK {
		written.note = "none made"
	}
	d.tiles([]tile{delivery, meetings, switches, place, written})
}

func daysShort(n float64) string {
	if n == 1 {
		return "1 day"
	}
	return trimFloat(n) + " days"
}

func signedPct(v float64) string {
	v = math.Round(v)
	if v == 0 {
		return "+0%"
	}
	if v > 0 {
		return fmt.Sprintf("+%.0f%%", v)
	}
	return fmt.Sprintf("%.0f%%", v)
}

// deliverySection lists what shipped late and what is overdue, under the delivery-on-time figure.
func (d *doc) deliverySection() {
	dl := d.r.Delivery
	d.heading("Delivery on time", 22)
	d.note(capitalize(dl.Text()) + "; " + dl.LateText() + ".")
	if len(dl.ShippedLate)+len(dl.Overdue) == 0 {
		return
	}
	cols := []column{{"Deliverable", 0.36, "L"}, {"Project", 0.16, "L"}, {"Due", 0.15, "L"}, {"Shipped", 0.19, "L"}, {"Days late", 0.14, "R"}}
	var rows [][]cell
	for _, x := range dl.ShippedLate {
		rows = append(rows, []cell{{text: x.Title, bold: true, link: x.Link}, {text: x.Project}, {text: dateText(x.Due)},
			{text: x.Shipped.Format("Mon 2 Jan")}, {text: fmt.Sprint(x.DaysLate)}})
	}
	for _, x := range dl.Overdue {
		rows = append(rows, []cell{{text: x.Title, bold: true, link: x.Link}, {text: x.Project}, {text: dateText(x.Due)},
			{text: "OVERDUE", alert: true}, {text: fmt.Sprint(x.DaysLate), alert: true}})
	}
	d.table(cols, rows)
}

// meetingsSection draws the weekly meeting time of the trend against the baseline and the goal,
// beside where the period's meetings were held.
func (d *doc) meetingsSection() {
	m := d.r.Meetings
	pdf := d.pdf
	d.heading("Meetings against the baseline", 58)
	y := pdf.GetY()
	baseline, goal := "not yet: "+fmt.Sprintf("%d of the first %d weeks on record have ended", m.BaselineEnded, reports.BaselineWeeks), "—"
	if m.BaselineFrom == "" {
		baseline = "not yet: nothing recorded"
	}
	change := "n/a"
	if m.BaselineOK {
		baseline = fmtHM(m.Baseline) + " a week (first weeks from " + m.BaselineFrom + ")"
		goal = fmt.Sprintf("%s a week (%.0f%% fewer)", fmtHM(m.Goal), 100*reports.MeetingGoalCut)
		if m.ChangeOK {
			change = signedPct(m.Change)
		}
	}
	pl := m.Place
	facts := [][2]string{
		{"Meetings per week", fmtHM(m.PerWeek)},
		{"Baseline", baseline},
		{"Against the baseline", change},
		{"Goal", goal},
		{"Where meetings were held", pl.Text()},
	}
	d.facts(marginL, y+2, 62, facts)
	end := pdf.GetY()
	var bars []refBar
	for _, w := range m.Weeks {
		bars = append(bars, refBar{label: w.Label, value: w.Hours.Hours(), light: w.SoFar, missing: !w.Recorded})
	}
	var refs []refLine
	if m.BaselineOK {
		refs = []refLine{{"baseline", m.Baseline.Hours(), ink}, {"goal", m.Goal.Hours(), accent}}
	}
	d.refChart(marginL+70, y, contentW-70, 50, "Meeting hours per week", bars, refs)
	pdf.SetXY(marginL, math.Max(end, y+56)+2)
}

// refBar is one bar of refChart: light for a week so far, missing for one before the record.
type refBar struct {
	label   string
	value   float64
	light   bool
	missing bool
}

// refLine is a labelled horizontal reference line across refChart.
type refLine struct {
	label string
	value float64
	color [3]int
}

// refChart draws bars in hours with horizontal reference lines, such as a baseline and a goal.
// A bar before the record begins is drawn as a dash on the axis, so that it does not read as zero.
func (d *doc) refChart(x, y, w, h float64, title string, bars []refBar, refs []refLine) {
	pdf := d.pdf
	top, axisL, axisB, plotW, plotH := d.chartFrame(x, y, w, h, title)
	peak := 0.0
	for _, b := range bars {
		peak = math.Max(peak, b.value)
	}
	for _, r := range refs {
		peak = math.Max(peak, r.value)
	}
	yMax := d.valueAxis(x, top, axisL, axisB, plotW, math.Max(peak, 0.01))
	slot := plotW / float64(max(1, len(bars)))
	bw := math.Min(slot*0.6, 12)
	for i, b := range bars {
		bx := axisL + slot*float64(i) + (slot-bw)/2
		bh := plotH * b.value / yMax
		switch {
		case b.missing:
			d.stroke(muted)
			pdf.SetLineWidth(0.4)
			pdf.Line(bx+bw*0.3, axisB-1.2, bx+bw*0.7, axisB-1.2)
		case b.light && bh > 0:
			d.fill(light)
			d.stroke(accent)
			pdf.SetLineWidth(0.2)
			pdf.Rect(bx, axisB-bh, bw, bh, "FD")
		case bh > 0:
			d.fill(accent)
			pdf.Rect(bx, axisB-bh, bw, bh, "F")
		}
		d.font("", 6.5)
		d.color(muted)
		pdf.SetXY(axisL+slot*float64(i)-4, axisB+1)
		d.text(slot+8, 3.5, b.label, "C", 0)
	}
	for _, r := range refs {
		ry := axisB - plotH*r.value/yMax
		d.stroke(r.color)
		pdf.SetLineWidth(0.5)
		pdf.SetDashPattern([]float64{1.6, 1.0}, 0)
		pdf.Line(axisL, ry, axisL+plotW, ry)
		pdf.SetDashPattern([]float64{}, 0)
	}
	d.stroke(ink)
	pdf.SetLineWidth(0.3)
	pdf.Line(axisL, axisB, axisL+plotW, axisB)
	pdf.Line(axisL, top, axisL, axisB)
	d.font("", 6.5)
	d.color(muted)
	pdf.SetXY(axisL, axisB+5)
	d.text(plotW, 3.5, "ISO week; the last one light while it runs, a dash before the record began", "C", 0)
	// The reference lines' legend, below the axis, so that no label covers a bar.
	lx := axisL
	for _, r := range refs {
		ly := axisB + 11.5
		d.stroke(r.color)
		pdf.SetLineWidth(0.5)
		pdf.SetDashPattern([]float64{1.6, 1.0}, 0)
		pdf.Line(lx, ly, lx+8, ly)
		pdf.SetDashPattern([]float64{}, 0)
		d.font("B", 6.5)
		d.color(r.color)
		pdf.SetXY(lx+9, ly-1.8)
		label := r.label + " " + fmtHM(hoursToDuration(r.value))
		d.text(pdf.GetStringWidth(label)+2, 3.5, label, "L", 0)
		lx += 9 + pdf.GetStringWidth(label) + 8
	}
	pdf.SetXY(x, y+h)
}

// workingSection draws the context switches and the decisions written down.
func (d *doc) workingSection() {
	r := d.r
	sw, doc := r.Switches, r.Documentation
	d.heading("Focus and written decisions", 22)
	cut := "no deep block had a plan"
	if sw.PlannedDeep > 0 {
		cut = fmt.Sprintf("%d of %d planned deep blocks (a switch within %s of an early end)", sw.CutShort, sw.PlannedDeep, fmtHM(reports.SwitchGap))
	}
	switches := "no day worked"
	if sw.OK {
		switches = fmt.Sprintf("%s per day worked (%d on %d day%s)", trimFloat(sw.PerDay), sw.Switches, sw.DaysWorked, plural(sw.DaysWorked))
	}
	facts := [][2]string{
		{"Context switches", switches},
		{"Deep work cut short by a switch", cut},
		{"Decisions written down", doc.Text()},
	}
	if len(doc.Missing) > 0 {
		var titles []string
		for _, m := range doc.Missing {
			titles = append(titles, m.Title)
		}
		facts = append(facts, [2]string{"Not written down (no context, or no outcome)", strings.Join(titles, "; ")})
	}
	d.facts(marginL, d.pdf.GetY()+1, contentW, facts)
	d.pdf.Ln(2)
}

// ritualsSection draws energy, satisfaction and balance: the personal report's own.
func (d *doc) ritualsSection() {
	rt := d.r.Rituals
	d.heading("Energy, satisfaction and balance", 56)
	d.font("I", 8)
	d.color(muted)
	d.pdf.SetX(marginL)
	d.multi(contentW, 4, "Personal: from your end-of-day closes and weekly check-ins. The team report shows only the team's median check-in.")
	facts := [][2]string{
		{"Energy", rt.EnergyText()},
		{"This week's check-in", rt.CheckInText()},
	}
	d.facts(marginL, d.pdf.GetY()+1, contentW, facts)
	d.pdf.Ln(1)
	cols := []column{{"Week", 0.16, "L"}}
	sat, bal := []cell{{text: "Satisfaction", bold: true}}, []cell{{text: "Balance", bold: true}}
	for _, w := range rt.Trend {
		cols = append(cols, column{w.Label, 0.84 / float64(len(rt.Trend)), "C"})
		s, b := "–", "–"
		if w.Answered {
			s, b = fmt.Sprint(w.Satisfaction), fmt.Sprint(w.Balance)
		}
		sat, bal = append(sat, cell{text: s}), append(bal, cell{text: b})
	}
	d.table(cols, [][]cell{sat, bal})
}

func hoursToDuration(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }
