package pdf

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
