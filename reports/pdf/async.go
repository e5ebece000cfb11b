package pdf

import (
	"fmt"
	"math"

	"shiplog/reports"
)

func (d *doc) asyncSection() {
	r := d.r
	a := r.Async
	pdf := d.pdf
	d.heading("Async vs meetings", 50)
	y := pdf.GetY()
	share := "n/a"
	verdict := "no async, deep or meeting time recorded"
	if a.OK {
		share = reports.FormatValue(reports.UnitPercent, a.Share, true)
		verdict = fmt.Sprintf("meets the %.0f%% target", a.Target)
		if a.Share < a.Target {
			verdict = fmt.Sprintf("%.0f points below the %.0f%% target", a.Target-a.Share, a.Target)
		}
	}
	d.font("B", 22)
	d.color(ink)
	pdf.SetXY(marginL, y)
	d.text(40, 10, share, "L", 1)
	d.font("", 8.5)
	d.color(muted)
	pdf.SetX(marginL)
	d.multi(60, 4.2, "async share: async communication and time in deep blocks against meetings; "+verdict+".")
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
	tx := marginL + 60*a.Target/100
	pdf.Line(tx, by-1.2, tx, by+5.2)
	d.font("", 6.5)
	pdf.SetXY(tx-10, by+5.5)
	d.text(20, 3, fmt.Sprintf("target %.0f%%", a.Target), "C", 0)
	facts := [][2]string{
		{"Async communication", fmtHM(a.Async)},
		{"Time in deep blocks (all)", fmtHM(a.Deep)},
		{"Meetings", fmt.Sprintf("%s (average of previous %d: %s)", fmtHM(a.Meeting), len(a.History), fmtHM(a.MeetingAvg))},
	}
	d.facts(marginL, by+10, 62, facts)
	end := pdf.GetY()
	// Meeting hours: the previous periods and this one, with their average as a line.
	s := reports.Series{Bucket: "period"}
	for _, h := range a.History {
		s.Labels = append(s.Labels, h.Label)
		s.Values = append(s.Values, h.Hours.Hours())
		s.Extra = append(s.Extra, 0)
	}
	s.Labels = append(s.Labels, "this")
	s.Values = append(s.Values, 0)
	s.Extra = append(s.Extra, a.Meeting.Hours())
	d.barChart(marginL+70, y, contentW-70, 46, "Meeting hours", s, [2]string{"previous periods", "this period"})
	pdf.SetXY(marginL, math.Max(end, y+48)+2)
}
