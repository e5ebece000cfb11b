package reports

import (
	"fmt"
	"math"
	"strings"
)

// Unit says how a KPI value reads.
type Unit int

// KPI units.
const (
	UnitCount Unit = iota
	UnitHours
	UnitPercent
)

// KPI is one tile: a value and its change from the previous period.
type KPI struct {
	Label    string
	Unit     Unit
	Value    float64
	Previous float64
	// OK and PrevOK are false when the figure is undefined, such as a response rate with no requests.
	OK, PrevOK bool
	Text       string // the value as shown, e.g. "11.5 h"
	Delta      string // the change, e.g. "+20%", "+2", "-5 pts", or "n/a"
	PrevText   string // e.g. "prev. 9.5 h"
}

func (b *builder) kpis() {
	r := b.r
	shipped := KPI{Label: "Deliverables shipped", Unit: UnitCount, Value: float64(len(r.Shipped)),
		Previous: float64(b.prev.shipped), OK: true, PrevOK: true}
	deep := KPI{Label: "Deep-work hours", Unit: UnitHours, Value: r.Deep.Hours.Hours(), Previous: b.prev.deep.Hours(), OK: true, PrevOK: true}
	resp := KPI{Label: "Requests within target", Unit: UnitPercent, Value: r.Response.Pct, OK: r.Response.OK}
	if b.prev.judge > 0 {
		resp.Previous, resp.PrevOK = 100*float64(b.prev.within)/float64(b.prev.judge), true
	}
	async := KPI{Label: "Async share", Unit: UnitPercent, Value: r.Async.Share, OK: r.Async.OK,
		Previous: b.prev.share, PrevOK: b.prev.shareOK}
	closed := KPI{Label: "Decisions closed", Unit: UnitCount, Value: float64(len(r.Decisions.Closed) + len(r.Decisions.Silent)),
		Previous: float64(b.prev.decided), OK: true, PrevOK: true}
	r.KPIs = []KPI{shipped, deep, resp, async, closed}
	for i := range r.KPIs {
		r.KPIs[i].format()
	}
	r.Headline = headline(r)
}

func (k *KPI) format() {
	k.Text, k.PrevText, k.Delta = FormatValue(k.Unit, k.Value, k.OK), "prev. "+FormatValue(k.Unit, k.Previous, k.PrevOK), "n/a"
	if !k.OK || !k.PrevOK {
		return
	}
	switch k.Unit {
	case UnitCount:
		k.Delta = signed(math.Round(k.Value-k.Previous), "")
	case UnitHours:
		if k.Previous > 0 {
			k.Delta = signed(math.Round(100*(k.Value-k.Previous)/k.Previous), "%")
		} else if k.Value == 0 {
			k.Delta = "+0%"
		}
	case UnitPercent:
		k.Delta = signed(math.Round(k.Value-k.Previous), " pts")
	}
}

// FormatValue writes a KPI value: counts whole, hours to a tenth, percentages whole; "n/a" if undefined.
func FormatValue(u Unit, v float64, ok bool) string {
	if !ok {
		return "n/a"
	}
	switch u {
	case UnitHours:
		return fmt.Sprintf("%.1f h", v)
	case UnitPercent:
		return fmt.Sprintf("%.0f%%", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func signed(v float64, unit string) string {
	if v == 0 {
		v = 0 // no "-0"
	}
	if v >= 0 {
		return fmt.Sprintf("+%.0f%s", v, unit)
	}
	return fmt.Sprintf("%.0f%s", v, unit)
}

// headline is the TL;DR sentence, built from the KPIs.
func headline(r *Report) string {
	var parts []string
	switch n := len(r.Shipped); n {
	case 0:
		parts = append(parts, "No deliverables shipped")
	case 1:
		parts = append(parts, "Shipped 1 deliverable")
	default:
		parts = append(parts, fmt.Sprintf("Shipped %d deliverables", n))
	}
	deep := r.KPIs[1]
	s := fmt.Sprintf("%.1f deep-work hours", deep.Value)
	if deep.Delta != "n/a" && deep.Previous > 0 {
		s += " (" + deep.Delta + ")"
	}
	parts = append(parts, s)
	if r.Response.OK {
		parts = append(parts, fmt.Sprintf("%.0f%% of requests answered within target", r.Response.Pct))
	} else {
		parts = append(parts, "no requests came due")
	}
	if n := countHealth(r.Milestones, AtRisk); n > 0 {
		parts = append(parts, fmt.Sprintf("%d milestone%s at risk", n, plural(n)))
	}
	return strings.Join(parts, "; ")
}
