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

// NewTeamCheckIns is the team's check-in of week: members is how many members the report
// has, answered how many of them answered the week, and satisfaction and balance the medians of
// their answers. The medians show only when at least tracker.MinCheckInsForMedian answered. It is
// the one rule for both team reports: the file-based one (BuildTeam), which takes the medians of
// the members' exports, and the live one, whose server sends them already taken.
func NewTeamCheckIns(week string, members, answered int, satisfaction, balance float64) TeamCheckIns {
	c := TeamCheckIns{Week: week, Members: members, Answered: answered}
	if answered >= tracker.MinCheckInsForMedian {
		c.Satisfaction, c.Balance, c.OK = satisfaction, balance, true
	}
	return c
}

// teamCheckIns takes the medians of the members' check-ins of the week their reports show.
func teamCheckIns(members []Member) TeamCheckIns {
	var week string
	var count int
	var sat, bal []float64
	for _, m := range members {
		if m.Report == nil {
			continue
		}
		count++
		rt := m.Report.Rituals
		if week == "" {
			week = rt.Week
		}
		if rt.Week == week && rt.CheckIn.Answered {
			sat = append(sat, float64(rt.CheckIn.Satisfaction))
			bal = append(bal, float64(rt.CheckIn.Balance))
		}
	}
	sort.Float64s(sat)
	sort.Float64s(bal)
	return NewTeamCheckIns(week, count, len(sat), Median(sat), Median(bal))
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
