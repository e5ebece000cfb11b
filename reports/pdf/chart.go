package pdf

import (
	"fmt"
	"math"
	"strings"

	"shiplog/reports"
)

// barChart draws stacked vertical bars with a labelled value axis and category axis. Bars are
// dark and their stacked part light, so the chart reads in greyscale; an empty series says so.
func (d *doc) barChart(x, y, w, h float64, title string, s reports.Series, legend [2]string) {
	pdf := d.pdf
	top, axisL, axisB, plotW, plotH := d.chartFrame(x, y, w, h, title)
	peak := 0.0
	for i := range s.Labels {
		peak = math.Max(peak, s.Values[i]+s.Extra[i])
	}
	d.stroke(muted)
	pdf.SetLineWidth(0.3)
	if peak == 0 {
		pdf.Rect(axisL, top, plotW, plotH, "D")
		d.font("I", 9)
		d.color(muted)
		pdf.SetXY(axisL, top+plotH/2-3)
		d.text(plotW, 6, "no data", "C", 0)
		pdf.SetXY(x, y+h)
		return
	}
	yMax := d.valueAxis(x, top, axisL, axisB, plotW, peak)
	n := len(s.Labels)
	slot := plotW / float64(n)
	bw := math.Min(slot*0.7, 12)
	every := int(math.Ceil(float64(n) / 16)) // at most 16 category labels
	for i := range s.Labels {
		bx := axisL + slot*float64(i) + (slot-bw)/2
		h1 := plotH * s.Values[i] / yMax
		h2 := plotH * s.Extra[i] / yMax
		if h1 > 0 {
			d.fill(accent)
			pdf.Rect(bx, axisB-h1, bw, h1, "F")
		}
		if h2 > 0 {
			d.fill(light)
			d.stroke(accent)
			pdf.SetLineWidth(0.2)
			pdf.Rect(bx, axisB-h1-h2, bw, h2, "FD")
		}
		if i%every == 0 {
			d.font("", 6.5)
			d.color(muted)
			pdf.SetXY(axisL+slot*float64(i)-4, axisB+1)
			d.text(slot+8, 3.5, s.Labels[i], "C", 0)
		}
	}
	d.stroke(ink)
	pdf.SetLineWidth(0.3)
	pdf.Line(axisL, axisB, axisL+plotW, axisB)
	pdf.Line(axisL, top, axisL, axisB)
	// Category axis title and legend.
	d.font("", 6.5)
	d.color(muted)
	pdf.SetXY(axisL, axisB+5)
	d.text(plotW, 3.5, s.Bucket, "C", 0)
	ly := axisB + 10
	d.fill(accent)
	pdf.Rect(axisL, ly, 3, 3, "F")
	pdf.SetXY(axisL+4, ly-0.3)
	d.text(30, 3.5, legend[0], "L", 0)
	d.fill(light)
	d.stroke(accent)
	pdf.SetLineWidth(0.2)
	pdf.Rect(axisL+34, ly, 3, 3, "FD")
	pdf.SetXY(axisL+38, ly-0.3)
	d.text(30, 3.5, legend[1], "L", 0)
	pdf.SetXY(x, y+h)
}

// axisScale chooses a chart's value axis for a peak in hours: its top and step, in hours, and
// the factor its labels are multiplied by (1 for hours, 60 for minutes). The axis spans at least
// an hour, so that a two-minute block is a sliver rather than a full bar, and under an hour it is
// labelled in minutes (0, 15, 30, 45, 60), never 0, 0, 0.
func axisScale(peak float64) (top, step, scale float64) {
	if peak <= 1 {
		return 1, 0.25, 60
	}
	step = niceStep(peak / 4)
	return math.Ceil(peak/step) * step, step, 1
}

// niceStep rounds a raw axis step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if raw <= 0 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func trimFloat(v float64) string {
	s := fmt.Sprintf("%.1f", v)
	return strings.TrimSuffix(s, ".0")
}

// chartFrame draws a chart's title and returns its plot area: the top, the value axis's left and
// the category axis's bottom, and the plot's width and height.
func (d *doc) chartFrame(x, y, w, h float64, title string) (top, axisL, axisB, plotW, plotH float64) {
	d.font("B", 8.5)
	d.color(ink)
	d.pdf.SetXY(x, y)
	d.text(w, 4.5, title, "L", 0)
	top = y + 9
	axisL, axisB = x+10, top+h-16
	return top, axisL, axisB, w - 12, axisB - top
}

// valueAxis draws the grid and the labelled value axis in hours (minutes when peak is small) for
// values up to peak, and returns the axis's top value.
func (d *doc) valueAxis(x, top, axisL, axisB, plotW, peak float64) float64 {
	pdf := d.pdf
	plotH := axisB - top
	yMax, step, scale := axisScale(peak)
	unit := "hours"
	if scale == 60 {
		unit = "minutes"
	}
	d.font("", 6.5)
	for i := 0; float64(i)*step <= yMax+step/2; i++ {
		v := float64(i) * step
		gy := axisB - plotH*v/yMax
		d.stroke(rule)
		pdf.SetLineWidth(0.15)
		pdf.Line(axisL, gy, axisL+plotW, gy)
		d.color(muted)
		pdf.SetXY(x, gy-2)
		d.text(9, 4, trimFloat(v*scale), "R", 0)
	}
	// The value axis names its unit above the axis, level, so it reads without turning the page.
	d.color(muted)
	pdf.SetXY(x, top-4.5)
	d.text(axisL-x+2, 3, unit, "R", 0)
	return yMax
}
