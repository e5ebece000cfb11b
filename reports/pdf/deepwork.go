package pdf

import (
	"fmt"
	"math"
)

func (d *doc) deepSection() {
	r := d.r
	dw := r.Deep
	pdf := d.pdf
	d.heading("Deep work", 62)
	y := pdf.GetY()
	title := "Deep-work hours per " + dw.Chart.Bucket
	d.barChart(marginL, y, 108, 52, title, dw.Chart, [2]string{"qualifying", "not counted"})
	chartEnd := pdf.GetY()
	avg, longest := "—", "—"
	if dw.Blocks > 0 {
		avg, longest = fmtHM(dw.Average), fmtHM(dw.Longest)
	}
	plan := "no plans set"
	if dw.PlannedBlocks > 0 {
		plan = fmt.Sprintf("%s planned, %s actual (%d block%s)", fmtHM(dw.Planned), fmtHM(dw.Actual), dw.PlannedBlocks, plural(dw.PlannedBlocks))
	}
	facts := [][2]string{
		{"Qualifying blocks", fmt.Sprintf("%d (≥ %s with a goal)", dw.Blocks, fmtMinutes(dw.MinLength))},
		{"Deep-work hours", fmtHM(dw.Hours)},
		{"Average length · longest block", avg + " · " + longest},
		{"Planned vs actual", plan},
		{"Interruptions", fmt.Sprintf("%d", dw.Interruptions)},
		{"Days with deep work", fmt.Sprintf("%d of %d work days", dw.DaysWithDeep, dw.WorkDays)},
		{"Short focus", fmt.Sprintf("%d block%s, %s (not counted)", dw.ShortBlocks, plural(dw.ShortBlocks), fmtHM(dw.ShortHours))},
	}
	if dw.NoGoalBlocks > 0 {
		facts = append(facts, [2]string{"Deep work without a goal", fmt.Sprintf("%d block%s, %s (not counted)",
			dw.NoGoalBlocks, plural(dw.NoGoalBlocks), fmtHM(dw.NoGoalHours))})
	}
	d.facts(marginL+114, y+2, contentW-114, facts)
	// The next section starts below whichever column ends lower, so that a long column of facts
	// never runs into its heading.
	pdf.SetXY(marginL, math.Max(chartEnd, pdf.GetY())+2)
	if t := dw.NoGoalText(); t != "" {
		d.note(capitalize(t) + ". Give such a block a goal to count it: shiplog block edit ID --goal TEXT, or edit it in the window.")
	}
}
