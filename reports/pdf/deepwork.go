package pdf

import "fmt"

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
