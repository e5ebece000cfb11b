package reports

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// Unit says how a KPI value reads.
type Unit int

// KPI units.
const (
	UnitCount Unit = iota
	UnitHours
	UnitPercent
)

// Trend says how a KPI's change from the previous period reads, given which direction is better
// for it.
type Trend string

// The trends. A change is not comparable when either value is undefined or the record does not
// cover the whole previous period.
const (
	Better        Trend = "better"
	Worse         Trend = "worse"
	Unchanged     Trend = "unchanged"
	NotComparable Trend = "not_comparable"
)

// KPI is one tile: a value and its change from the previous period.
type KPI struct {
	// Key names the figure in JSON and in Definitions; Label is its name on every screen.
	Key, Label string
	Unit       Unit
	// HigherIsBetter says which direction of change is good news for this figure.
	HigherIsBetter bool
	Value          float64
	Previous       float64
	// Duration and PrevDuration are the values of an hours KPI, exact.
	Duration, PrevDuration time.Duration
	// OK and PrevOK are false when the figure is undefined, such as a response rate with no requests.
	OK, PrevOK bool
	// Change is the numeric change: a difference for counts, percent for hours, points for
	// percentages; ChangeOK is false when there is none.
	Change   float64
	ChangeOK bool
	Trend    Trend
	// Caveat qualifies the comparison, e.g. "previous period partial"; empty when there is none.
	Caveat   string
	Detail   string // what the value counts, e.g. "6 of 8"
	Text     string // the value as shown, e.g. "11.5 h"
	Delta    string // the change, e.g. "+20%", "+2", "-5 pts", or "n/a"
	PrevText string // e.g. "prev. 9.5 h"
}

// KPI keys, as JSON and the definitions name them.
const (
	KeyShipped   = "deliverables_shipped"
	KeyDeep      = "deep_work_hours"
	KeyResponse  = "requests_within_target"
	KeyAsync     = "async_share"
	KeyDecisions = "decisions_closed"
)

// The caveats of a comparison with a previous period the record does not fully cover.
const (
	CaveatPreviousPartial = "previous period partial"
	CaveatNoPrevious      = "no earlier record"
)

func (b *builder) kpis() {
	r := b.r
	shipped := KPI{Key: KeyShipped, Unit: UnitCount, Value: float64(len(r.Shipped)),
		Previous: float64(b.prev.shipped), OK: true, PrevOK: true}
	deep := KPI{Key: KeyDeep, Unit: UnitHours, Value: r.Deep.Hours.Hours(), Previous: b.prev.deep.Hours(),
		Duration: r.Deep.Hours, PrevDuration: b.prev.deep, OK: true, PrevOK: true}
	resp := KPI{Key: KeyResponse, Unit: UnitPercent, Value: r.Response.Pct, OK: r.Response.OK}
	if r.Response.OK {
		resp.Detail = fmt.Sprintf("%d of %d", r.Response.Within, r.Response.Judged)
	}
	if b.prev.judge > 0 {
		resp.Previous, resp.PrevOK = 100*float64(b.prev.within)/float64(b.prev.judge), true
	}
	async := KPI{Key: KeyAsync, Unit: UnitPercent, Value: r.Async.Share, OK: r.Async.OK,
		Previous: b.prev.share, PrevOK: b.prev.shareOK}
	closed := KPI{Key: KeyDecisions, Unit: UnitCount, Value: float64(len(r.Decisions.Closed) + len(r.Decisions.Silent)),
		Previous: float64(b.prev.decided), OK: true, PrevOK: true}
	r.KPIs = []KPI{shipped, deep, resp, async, closed}
	for i := range r.KPIs {
		k := &r.KPIs[i]
		k.Label, k.HigherIsBetter = kpiLabels[k.Key], true
		switch {
		case r.Record.PreviousEmpty:
			k.Caveat = CaveatNoPrevious
		case r.Record.PreviousPartial:
			k.Caveat = CaveatPreviousPartial
		}
		k.format()
	}
	r.Empty = len(r.Shipped) == 0 && r.Async.Async+r.Async.Deep+r.Async.Meeting+r.Async.Shallow == 0 &&
		b.receivedIn(r.Period) == 0 && len(r.Decisions.Closed)+len(r.Decisions.Silent)+len(r.Decisions.Objections) == 0
	r.Headline = headline(r)
}

// kpiLabels are the KPIs' names, the same on the window, the tray, the command line and the PDF.
var kpiLabels = map[string]string{
	KeyShipped:   "Deliverables shipped",
	KeyDeep:      "Deep-work hours",
	KeyResponse:  "Requests within target",
	KeyAsync:     "Async share",
	KeyDecisions: "Decisions closed",
}

// receivedIn counts the requests received in p.
func (b *builder) receivedIn(p Period) int {
	n := 0
	for _, q := range b.requests {
		if in(q.ReceivedAt, p, b.now) {
			n++
		}
	}
	return n
}

func (k *KPI) format() {
	k.Text, k.PrevText, k.Delta = FormatValue(k.Unit, k.Value, k.OK), "prev. "+FormatValue(k.Unit, k.Previous, k.PrevOK), "n/a"
	k.Trend = NotComparable
	if !k.OK || !k.PrevOK || k.Caveat == CaveatNoPrevious {
		return
	}
	switch k.Unit {
	case UnitCount:
		k.Change, k.ChangeOK = math.Round(k.Value-k.Previous), true
		k.Delta = signed(k.Change, "")
	case UnitHours:
		if k.Previous > 0 {
			k.Change, k.ChangeOK = math.Round(100*(k.Value-k.Previous)/k.Previous), true
			k.Delta = signed(k.Change, "%")
		} else if k.Value == 0 {
			k.ChangeOK = true
			k.Delta = "+0%"
		}
	case UnitPercent:
		k.Change, k.ChangeOK = math.Round(k.Value-k.Previous), true
		k.Delta = signed(k.Change, " pts")
	}
	if !k.ChangeOK || k.Caveat != "" {
		return
	}
	switch {
	case k.Change == 0:
		k.Trend = Unchanged
	case (k.Change > 0) == k.HigherIsBetter:
		k.Trend = Better
	default:
		k.Trend = Worse
	}
}

// DeltaText is the change with its caveat, as the window and the PDF print it beside the value:
// "+20%", "n/a: no earlier record" or "+143% (previous period partial)".
func (k KPI) DeltaText() string {
	switch {
	case k.Caveat == "":
		return k.Delta
	case k.Delta == "n/a":
		return "n/a: " + k.Caveat
	}
	return k.Delta + " (" + k.Caveat + ")"
}

// ChangeText is the change as a tile shows it, with what it means for this figure: "+22% better",
// "-40 pts worse", "+0 unchanged", or the bare change ("+143%", "n/a") when it cannot be compared.
// The caveat, if any, is shown apart.
func (k KPI) ChangeText() string {
	switch k.Trend {
	case Better, Worse, Unchanged:
		return k.Delta + " " + string(k.Trend)
	}
	return k.Delta
}

// FormatValue writes a KPI value: counts whole, hours to a tenth, percentages whole, halves
// rounded up (17.25 h reads 17.3 h, 87.5% reads 88%); "n/a" if undefined.
func FormatValue(u Unit, v float64, ok bool) string {
	if !ok {
		return "n/a"
	}
	switch u {
	case UnitHours:
		return fmt.Sprintf("%.1f h", math.Round(v*10)/10)
	case UnitPercent:
		return fmt.Sprintf("%.0f%%", math.Round(v))
	}
	return fmt.Sprintf("%.0f", math.Round(v))
}

// FormatDuration writes a duration as every screen shows a figure of time: "1h 30m", "45m" or
// "12h", to the minute.
func FormatDuration(t time.Duration) string {
	t = t.Round(time.Minute)
	h, m := int(t/time.Hour), int(t%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh %02dm", h, m)
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

// NoGoalText is the sentence on deep work without a goal, or empty when there was none: "2h of
// deep work without a goal, not counted".
func (d DeepWork) NoGoalText() string {
	if d.NoGoalHours <= 0 {
		return ""
	}
	return FormatDuration(d.NoGoalHours) + " of deep work without a goal, not counted"
}

// headline is the TL;DR sentence, built from the KPIs.
func headline(r *Report) string {
	if r.Empty {
		s := "Nothing recorded in this period: no blocks, deliverables, requests or decisions"
		if r.SoFar {
			s = "Nothing recorded in this period yet: no blocks, deliverables, requests or decisions"
		}
		if r.Record.Start.IsZero() {
			s += ". Start a block from the tray or with shiplog start, and this report fills in"
		}
		return s
	}
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
	s := strings.TrimSuffix(deep.Text, " h") + " deep-work hours"
	if deep.Trend != NotComparable && deep.Previous > 0 {
		s += " (" + deep.Delta + ")"
	}
	parts = append(parts, s)
	if t := r.Deep.NoGoalText(); t != "" {
		parts = append(parts, t)
	}
	if r.Deep.Hours == 0 && r.Deep.ShortHours > 0 {
		parts = append(parts, fmt.Sprintf("%s of short focus (blocks under %s), not counted",
			FormatDuration(r.Deep.ShortHours), FormatDuration(r.Deep.MinLength)))
	}
	if r.Response.OK {
		parts = append(parts, r.KPIs[2].Text+" of requests answered within target")
	} else {
		parts = append(parts, "no requests came due")
	}
	if n := countHealth(r.Milestones, AtRisk); n > 0 {
		parts = append(parts, fmt.Sprintf("%d milestone%s at risk", n, plural(n)))
	}
	return strings.Join(parts, "; ")
}
