package reports

import (
	"fmt"
	"strings"

	"shiplog/tracker"
)

// Documentation weighs the decisions written down against the decisions made in the period: those
// closed explicitly, or accepted by silence at a deadline in it (the decisions_closed KPI).
type Documentation struct {
	Made, WrittenDown int
	Pct               float64
	OK                bool // false when no decision was made
	// Missing lists the decisions made but not written down, in the order the report lists them.
	Missing []DecisionRow
}

// writtenDown reports whether a decision was written down: it has a context, and an outcome unless
// it was accepted by silence, where the proposal as written stands as the outcome.
func writtenDown(d tracker.Decision, silent bool) bool {
	return strings.TrimSpace(d.Context) != "" && (silent || strings.TrimSpace(d.Outcome) != "")
}

func (b *builder) documentation() {
	r := b.r
	doc := &r.Documentation
	for _, d := range append(append([]DecisionRow(nil), r.Decisions.Closed...), r.Decisions.Silent...) {
		doc.Made++
		if d.WrittenDown {
			doc.WrittenDown++
		} else {
			doc.Missing = append(doc.Missing, d)
		}
	}
	if doc.Made > 0 {
		doc.Pct, doc.OK = 100*float64(doc.WrittenDown)/float64(doc.Made), true
	}
}

// Text is the documentation figure in the words every screen uses: "2 of 3 decisions written
// down (67%)", or "no decisions made".
func (d Documentation) Text() string {
	if !d.OK {
		return "no decisions made"
	}
	return fmt.Sprintf("%d of %s written down (%s)", d.WrittenDown, countText(d.Made, "decision", "decisions"),
		FormatValue(UnitPercent, d.Pct, true))
}
