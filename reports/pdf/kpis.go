package pdf

import (
	"strings"

	"shiplog/reports"
)

func (d *doc) kpiTiles() {
	ts := make([]tile, len(d.r.KPIs))
	for i, k := range d.r.KPIs {
		ts[i] = tile{label: k.Label, value: k.Text, note: k.Delta, noteColor: deltaColor(k), sub: k.PrevText}
	}
	d.tiles(ts)
}

func deltaColor(k reports.KPI) [3]int {
	if k.Delta == "n/a" || strings.HasPrefix(k.Delta, "+0") {
		return muted
	}
	return accent
}
