package pdf

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
