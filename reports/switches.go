package reports

import (
	"fmt"
	"time"

	"shiplog/tracker"
)

// SwitchGap is how soon after a deep block's early end a block on another project must start for
// the deep block to count as cut short by a switch.
const SwitchGap = 15 * time.Minute

// ContextSwitches counts switches between projects: two blocks in a row on different projects
// that start on the same local day. Deep work cut short by a switch is a deep block with a plan
// that ended before its plan and was followed within SwitchGap by a block on another project.
type ContextSwitches struct {
	Switches   int
	DaysWorked int // days of the period on which a block started
	PerDay     float64
	OK         bool // false when no day was worked
	// PlannedDeep counts the finished deep blocks with a plan that started in the period, and
	// CutShort those of them cut short by a switch.
	PlannedDeep, CutShort int
}

// switches counts the period's switches between projects and the deep work they cut short.
func (b *builder) switches() {
	r := b.r
	cs := &r.Switches
	days := map[string]bool{}
	var prev *counted
	for i := range b.blocks {
		x := &b.blocks[i]
		if x.Start.Before(r.Period.From) || !x.Start.Before(r.Period.To) || x.Start.After(b.now) {
			prev = x
			continue
		}
		day := x.Start.In(b.loc).Format(time.DateOnly)
		days[day] = true
		if prev != nil && prev.ProjectID != x.ProjectID && prev.Start.In(b.loc).Format(time.DateOnly) == day {
			cs.Switches++
		}
		prev = x
		if x.Kind != tracker.KindDeep || x.PlannedSeconds <= 0 || x.End == nil {
			continue
		}
		cs.PlannedDeep++
		if b.length(*x) >= time.Duration(x.PlannedSeconds)*time.Second || i+1 >= len(b.blocks) {
			continue
		}
		// The block after x in start order is the next one worked (imported blocks may overlap, and
		// then it began before x ended: a switch all the same).
		next := b.blocks[i+1]
		if next.ProjectID != x.ProjectID && !next.Start.After(x.End.Add(SwitchGap)) {
			cs.CutShort++
		}
	}
	cs.DaysWorked = len(days)
	if cs.DaysWorked > 0 {
		cs.PerDay, cs.OK = float64(cs.Switches)/float64(cs.DaysWorked), true
	}
}

// Text is the switches in the words every screen uses: "1.4 switches per day worked (7 on 5
// days); 1 of 6 planned deep blocks cut short by a switch".
func (c ContextSwitches) Text() string {
	if !c.OK {
		return "no day worked"
	}
	s := fmt.Sprintf("%s switch%s per day worked (%d on %s)", trimZero(c.PerDay), pluralES(c.PerDay), c.Switches,
		countText(c.DaysWorked, "day", "days"))
	if c.PlannedDeep == 0 {
		return s + "; no deep block had a plan"
	}
	return s + fmt.Sprintf("; %d of %d planned deep blocks cut short by a switch", c.CutShort, c.PlannedDeep)
}

func pluralES(v float64) string {
	if trimZero(v) == "1" {
		return ""
	}
	return "es"
}
