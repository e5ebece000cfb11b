package pdf

import (
	"shiplog/reports"
	"shiplog/tracker"
)

func (d *doc) decisionSection() {
	r := d.r
	ds := r.Decisions
	d.heading("Decisions", 16)
	cols := []column{{"Decision", 0.36, "L"}, {"Project", 0.15, "L"}, {"State", 0.17, "L"}, {"Date", 0.12, "L"}, {"Outcome", 0.20, "L"}}
	var rows [][]cell
	add := func(list []reports.DecisionRow, when string) {
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
