package pdf

import "strings"

func (d *doc) color(c [3]int) { d.pdf.SetTextColor(c[0], c[1], c[2]) }

func (d *doc) fill(c [3]int) { d.pdf.SetFillColor(c[0], c[1], c[2]) }

func (d *doc) stroke(c [3]int) { d.pdf.SetDrawColor(c[0], c[1], c[2]) }

func (d *doc) font(style string, size float64) { d.pdf.SetFont("go", style, size) }

// text writes s at the cursor in a cell of width w; s is made printable first.
func (d *doc) text(w, h float64, s, align string, ln int) {
	d.pdf.CellFormat(w, h, Printable(s), "", ln, align, false, 0, "")
}

// need starts a new page unless h millimetres fit above the footer.
func (d *doc) need(h float64) {
	if d.pdf.GetY()+h > pageH-marginB {
		d.pdf.AddPage()
	}
}

// titleBlock opens the first page: the title, who and when, and the TL;DR box with the headline.
func (d *doc) titleBlock(title, period, author string, projects []string, headline string) {
	pdf := d.pdf
	d.font("B", 20)
	d.color(ink)
	pdf.SetXY(marginL, marginT)
	d.text(contentW-40, 9, title, "L", 0)
	d.font("B", 9)
	d.color(accent)
	d.text(40, 9, "SHIPLOG", "R", 1)
	d.font("", 11)
	d.color(muted)
	who := period
	if author != "" {
		who = author + " · " + who
	}
	if len(projects) > 0 {
		who += " · " + strings.Join(projects, ", ")
	}
	pdf.SetX(marginL)
	d.multi(contentW, 5.5, who)
	pdf.Ln(3)
	// TL;DR: a shaded box with the headline sentence.
	d.font("", 11)
	lines := pdf.SplitText(Printable(headline+"."), contentW-24)
	h := float64(len(lines))*5.4 + 6
	y := pdf.GetY()
	d.fill(paper)
	pdf.Rect(marginL, y, contentW, h, "F")
	d.fill(accent)
	pdf.Rect(marginL, y, 1.4, h, "F")
	d.font("B", 9)
	d.color(accent)
	pdf.SetXY(marginL+4, y+3)
	d.text(16, 5.4, "TL;DR", "L", 0)
	d.font("", 11)
	d.color(ink)
	for i, l := range lines {
		pdf.SetXY(marginL+20, y+3+float64(i)*5.4)
		pdf.CellFormat(contentW-24, 5.4, l, "", 0, "L", false, 0, "")
	}
	pdf.SetXY(marginL, y+h+5)
}

// multi writes wrapped text at the cursor's x, moving the cursor below it.
func (d *doc) multi(w, h float64, s string) {
	x := d.pdf.GetX()
	for _, l := range d.pdf.SplitText(Printable(s), w) {
		d.pdf.SetX(x)
		d.pdf.CellFormat(w, h, l, "", 1, "L", false, 0, "")
	}
}

// tile is one box of the tile row: a label, a big value, a coloured note, a muted line below and,
// if there is one, a caveat in italics.
type tile struct {
	label, value, note, sub, caveat string
	noteColor                       [3]int
}

// tiles draws a row of equal boxes across the content width.
func (d *doc) tiles(ts []tile) {
	pdf := d.pdf
	const gap = 3.0
	n := float64(len(ts))
	w := (contentW - gap*(n-1)) / n
	h := 25.0
	for _, k := range ts {
		if k.caveat != "" {
			h = 29.0
		}
	}
	y := pdf.GetY()
	for i, k := range ts {
		x := marginL + float64(i)*(w+gap)
		d.stroke(rule)
		pdf.SetLineWidth(0.3)
		d.fill([3]int{255, 255, 255})
		pdf.Rect(x, y, w, h, "D")
		d.font("", 7.5)
		d.color(muted)
		pdf.SetXY(x+2.5, y+2)
		d.text(w-5, 4, k.label, "L", 0)
		d.font("B", 17)
		d.color(ink)
		pdf.SetXY(x+2.5, y+7)
		d.text(w-5, 8, k.value, "L", 0)
		d.font("B", 8.5)
		d.color(k.noteColor)
		pdf.SetXY(x+2.5, y+16)
		d.text(w-5, 4, k.note, "L", 0)
		d.font("", 7)
		d.color(muted)
		pdf.SetXY(x+2.5, y+20)
		d.text(w-5, 3.5, k.sub, "L", 0)
		if k.caveat != "" {
			d.font("I", 6.5)
			pdf.SetXY(x+2.5, y+24)
			d.text(w-5, 3.5, k.caveat, "L", 0)
		}
	}
	pdf.SetXY(marginL, y+h+4)
}

// heading starts a section, on a new page if less than keep millimetres remain.
func (d *doc) heading(title string, keep float64) {
	d.pdf.Ln(2)
	d.need(12 + keep)
	d.font("B", 13)
	d.color(ink)
	d.pdf.SetX(marginL)
	d.text(contentW, 7, title, "L", 1)
	d.stroke(accent)
	d.pdf.SetLineWidth(0.5)
	y := d.pdf.GetY()
	d.pdf.Line(marginL, y, marginL+18, y)
	d.pdf.SetY(y + 2)
}

func (d *doc) subheading(title string) {
	d.need(14)
	d.font("B", 9.5)
	d.color(muted)
	d.pdf.SetX(marginL)
	d.text(contentW, 6, title, "L", 1)
}

// note writes a muted line, such as "Nothing shipped in this period."
func (d *doc) note(s string) {
	d.need(6)
	d.font("I", 9)
	d.color(muted)
	d.pdf.SetX(marginL)
	d.multi(contentW, 5, s)
	d.pdf.Ln(1)
}

type column struct {
	title string
	w     float64 // share of the content width
	align string
}

type cell struct {
	text  string
	link  string
	bold  bool
	alert bool
}

// table draws rows that wrap inside their columns and flow across pages, repeating the header.
func (d *doc) table(cols []column, rows [][]cell) {
	pdf := d.pdf
	widths := make([]float64, len(cols))
	for i, c := range cols {
		widths[i] = c.w * contentW
	}
	head := func() {
		d.font("B", 8)
		d.color(muted)
		y := pdf.GetY()
		x := marginL
		for i, c := range cols {
			pdf.SetXY(x, y)
			d.text(widths[i], 5.5, c.title, c.align, 0)
			x += widths[i]
		}
		d.stroke(rule)
		pdf.SetLineWidth(0.3)
		pdf.Line(marginL, y+5.5, marginL+contentW, y+5.5)
		pdf.SetXY(marginL, y+6)
	}
	d.need(6 + lineH + 2)
	head()
	const pad = 1.6
	for ri, row := range rows {
		lines := make([][]string, len(row))
		n := 1
		for i, c := range row {
			d.cellFont(c)
			lines[i] = pdf.SplitText(Printable(c.text), widths[i]-pad)
			if len(lines[i]) == 0 {
				lines[i] = []string{""}
			}
			n = max(n, len(lines[i]))
		}
		h := float64(n)*lineH + 1.2
		if pdf.GetY()+h > pageH-marginB {
			pdf.AddPage()
			head()
		}
		y := pdf.GetY()
		if ri%2 == 1 {
			d.fill(paper)
			pdf.Rect(marginL, y, contentW, h, "F")
		}
		x := marginL
		for i, c := range row {
			d.cellFont(c)
			for li, l := range lines[i] {
				pdf.SetXY(x, y+0.6+float64(li)*lineH)
				pdf.CellFormat(widths[i]-pad, lineH, l, "", 0, cols[i].align, false, 0, "")
			}
			if c.link != "" {
				pdf.LinkString(x, y, widths[i]-pad, h, c.link)
			}
			x += widths[i]
		}
		pdf.SetXY(marginL, y+h)
	}
	pdf.Ln(2)
}

func (d *doc) cellFont(c cell) {
	style := ""
	if c.bold {
		style = "B"
	}
	switch {
	case c.alert:
		d.font("B", 8.5)
		d.color(warn)
	case c.link != "":
		d.font(style+"U", 8.5)
		d.color(link)
	default:
		d.font(style, 8.5)
		d.color(ink)
	}
}

// facts writes label/value pairs in a narrow column.
func (d *doc) facts(x, y, w float64, facts [][2]string) {
	pdf := d.pdf
	for _, f := range facts {
		d.font("", 7.5)
		d.color(muted)
		pdf.SetXY(x, y)
		d.text(w, 3.6, f[0], "L", 1)
		d.font("B", 8.5)
		d.color(ink)
		pdf.SetX(x)
		d.multi(w, 4, f[1])
		y = pdf.GetY() + 0.8
	}
}
