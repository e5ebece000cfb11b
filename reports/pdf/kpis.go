package pdf

import (
	"shiplog/reports"
)

// kpiTiles draws the KPIs. A change is drawn in the accent colour when it is good news for that
// figure and in the warning colour when it is bad news, and says which in words, so that it reads
// in greyscale too; a change that cannot be compared is muted, with its caveat below.
func (d *doc) kpiTiles() {
	ts := make([]tile, len(d.r.KPIs))
	for i, k := range d.r.KPIs {
		ts[i] = tile{label: k.Label, value: k.Text, note: k.ChangeText(), noteColor: trendColor(k.Trend), sub: k.PrevText, caveat: k.Caveat}
		if k.Caveat == reports.CaveatNoPrevious {
			// Nothing to compare with: say so where the previous value would stand.
			ts[i].sub, ts[i].caveat = k.Caveat, ""
		}
		if k.Detail != "" {
			ts[i].sub = k.Detail + " · " + ts[i].sub
		}
	}
	d.tiles(ts)
}

func trendColor(t reports.Trend) [3]int {
	switch t {
	case reports.Better:
		return accent
	case reports.Worse:
		return warn
	}
	return muted
}
