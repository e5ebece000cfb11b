package reports

import (
	"fmt"
	"strings"
	"time"

	"shiplog/tracker"
)

// Rituals is what the end-of-day closes and the weekly check-ins say about the period. It belongs
// to the personal report only: the team report takes nothing from it but the check-ins' median
// (TeamCheckIns), and only for a week that enough members answered.
type Rituals struct {
	// Days are the period's closed days, by day; a day that was not closed is absent.
	Days []ClosedDay
	// EnergyAvg is the average energy of the closed days that gave one; EnergyDays counts them.
	EnergyAvg  float64
	EnergyDays int
	EnergyOK   bool
	// Week is the ISO week whose check-in the report shows: the one holding the period's last day,
	// or today while the period runs. CheckIn is its check-in (Answered false when there is none),
	// and Trend the last TrendWeeks weeks' check-ins ending with it, oldest first.
	Week    string
	CheckIn WeekCheckIn
	Trend   []WeekCheckIn
}

// ClosedDay is one closed day as the report uses it.
type ClosedDay struct {
	Date     tracker.Date
	ClosedAt time.Time
	Energy   int // 1 to 5, or 0 when not given
	Handoff  string
	Tomorrow tracker.Plan
}

// WeekCheckIn is one week's check-in; Answered is false for a week without one.
type WeekCheckIn struct {
	Week, Label           string
	Satisfaction, Balance int
	Answered              bool
}

// loadRituals reads the period's closes and the trend's check-ins.
func (b *builder) loadRituals() error {
	r := b.r
	first, last := tracker.DateOf(r.Period.From, b.loc), tracker.DateOf(r.Period.To.AddDate(0, 0, -1), b.loc)
	var err error
	if b.closes, err = b.src.DayCloses(first, last); err != nil {
		return err
	}
	weeks := b.trendWeeks
	b.checkIns, err = b.src.CheckIns(weeks[0].String(), weeks[len(weeks)-1].String())
	return err
}

func (b *builder) rituals() {
	r := b.r
	rt := &r.Rituals
	sum := 0
	for _, c := range b.closes {
		if c.ClosedAt.After(b.at) {
			continue // closed after the period's end
		}
		day := ClosedDay{Date: c.Day, ClosedAt: c.ClosedAt.In(b.loc), Handoff: c.Handoff, Tomorrow: c.Tomorrow}
		if c.Energy != nil {
			day.Energy = *c.Energy
			sum += *c.Energy
			rt.EnergyDays++
		}
		rt.Days = append(rt.Days, day)
	}
	if rt.EnergyDays > 0 {
		rt.EnergyAvg, rt.EnergyOK = float64(sum)/float64(rt.EnergyDays), true
	}
	byWeek := map[string]tracker.CheckIn{}
	for _, c := range b.checkIns {
		if !c.At.After(b.at) {
			byWeek[c.Week] = c
		}
	}
	for _, p := range b.trendWeeks {
		w := WeekCheckIn{Week: p.String(), Label: shortLabel(p)}
		if c, ok := byWeek[w.Week]; ok {
			w.Satisfaction, w.Balance, w.Answered = c.Satisfaction, c.Balance, true
		}
		rt.Trend = append(rt.Trend, w)
	}
	if n := len(rt.Trend); n > 0 {
		rt.CheckIn, rt.Week = rt.Trend[n-1], rt.Trend[n-1].Week
	}
}

// EnergyText is the energy in the words every screen uses: "3.6 on average, 5 closed days", or
// why there is none.
func (r Rituals) EnergyText() string {
	closed := countText(len(r.Days), "closed day", "closed days")
	if !r.EnergyOK {
		if len(r.Days) == 0 {
			return "no day closed"
		}
		return closed + ", none with an energy"
	}
	s := fmt.Sprintf("%.1f on average, %s", r.EnergyAvg, closed)
	if r.EnergyDays < len(r.Days) {
		s += fmt.Sprintf(" (%d with an energy)", r.EnergyDays)
	}
	return s
}

// CheckInText is the week's check-in: "satisfaction 4, balance 3 (2026-W48)", or "no check-in
// for 2026-W48 yet".
func (r Rituals) CheckInText() string {
	if !r.CheckIn.Answered {
		return "no check-in for " + r.Week + " yet"
	}
	return fmt.Sprintf("satisfaction %d, balance %d (%s)", r.CheckIn.Satisfaction, r.CheckIn.Balance, r.Week)
}

// TrendText writes the check-ins of the trend as satisfaction/balance per week, "–" for a week
// without one: "W41 4/3 · W42 3/2 · W43 – · …".
func (r Rituals) TrendText() string {
	var parts []string
	for _, w := range r.Trend {
		v := "–"
		if w.Answered {
			v = fmt.Sprintf("%d/%d", w.Satisfaction, w.Balance)
		}
		parts = append(parts, w.Label+" "+v)
	}
	return strings.Join(parts, " · ")
}
