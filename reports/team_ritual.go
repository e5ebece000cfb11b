package reports

import (
	"fmt"
	"sort"

	"shiplog/tracker"
)

// TeamCheckIns is the team's median check-in of one ISO week. It is shown only when at least
// tracker.MinCheckInsForMedian members answered that week: with fewer, a median would give away
// an answer. It keeps no member's own answers, only the medians and the counts.
type TeamCheckIns struct {
	Week              string // "2026-W47": the week holding the period's last day
	Answered, Members int
	// Satisfaction and Balance are the medians; OK is false while too few members answered.
	Satisfaction, Balance float64
	OK                    bool
}

// teamCheckIns takes the medians of the members' check-ins of the week their reports show.
func teamCheckIns(members []Member) TeamCheckIns {
	var c TeamCheckIns
	var sat, bal []float64
	for _, m := range members {
		if m.Report == nil {
			continue
		}
		c.Members++
		rt := m.Report.Rituals
		if c.Week == "" {
			c.Week = rt.Week
		}
		if rt.Week == c.Week && rt.CheckIn.Answered {
			sat = append(sat, float64(rt.CheckIn.Satisfaction))
			bal = append(bal, float64(rt.CheckIn.Balance))
		}
	}
	c.Answered = len(sat)
	if c.Answered >= tracker.MinCheckInsForMedian {
		sort.Float64s(sat)
		sort.Float64s(bal)
		c.Satisfaction, c.Balance, c.OK = Median(sat), Median(bal), true
	}
	return c
}

// Text is the team's check-in in words: "median satisfaction 4, balance 3.5 (4 of 5 answered
// 2026-W47)", or why there is no median.
func (c TeamCheckIns) Text() string {
	answered := fmt.Sprintf("%d of %d answered", c.Answered, c.Members)
	if c.Week != "" {
		answered += " " + c.Week
	}
	if !c.OK {
		return fmt.Sprintf("not shown: %s; the median shows from %d answers", answered, tracker.MinCheckInsForMedian)
	}
	return fmt.Sprintf("median satisfaction %s, balance %s (%s)", trimZero(c.Satisfaction), trimZero(c.Balance), answered)
}
