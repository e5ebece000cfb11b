package reports

import (
	"fmt"
	"strings"
	"time"

	"shiplog/tracker"
)

// The meeting baseline: the average of the first BaselineWeeks whole weeks on record, the goal of
// MeetingGoalCut fewer meetings than it, and a trend of TrendWeeks weeks.
const (
	BaselineWeeks  = 4
	TrendWeeks     = 8
	MeetingGoalCut = 0.40
)

// MeetingTrend is meeting time per week against the baseline of the first weeks on record, with
// the goal of fewer meetings as a reference, and where the meetings were held: on the sync days
// and inside the core hours.
type MeetingTrend struct {
	// PerWeek is the period's meeting time per week: its meeting time times 7 over its days.
	PerWeek time.Duration
	// Baseline is the average weekly meeting time of the first BaselineWeeks whole ISO weeks on
	// record; BaselineOK is false until they have all ended, and BaselineEnded counts those that
	// have. BaselineFrom is the first of them ("2026-W41"); empty without a record.
	Baseline      time.Duration
	BaselineOK    bool
	BaselineEnded int
	BaselineFrom  string
	// Goal is MeetingGoalCut fewer meetings than the baseline; Change is PerWeek against the
	// baseline in percent (negative: fewer meetings).
	Goal     time.Duration
	Change   float64
	ChangeOK bool
	// Weeks are the last TrendWeeks ISO weeks, ending with the one that holds the period's last
	// day (or now), oldest first.
	Weeks []WeekHours
	Place MeetingPlace
}

// WeekHours is one ISO week's meeting time.
type WeekHours struct {
	Week  string // "2026-W47"
	Label string // "W47"
	Hours time.Duration
	// Recorded is false for a week that ended before the record began; SoFar is set for a week
	// that has not ended.
	Recorded, SoFar bool
}

// MeetingPlace is where the period's meetings were held: on the sync days (the syncdays setting)
// and inside the core hours (the corehours setting). A share is defined only when its setting is
// set and there were meetings.
type MeetingPlace struct {
	Meeting                      time.Duration
	SyncDays, CoreHours          string // the settings; empty when unset
	OnSyncDays, InCore, Aligned  time.Duration
	SyncShare, CoreShare, Both   float64 // percent; Both is on a sync day and inside core hours
	SyncOK, CoreOK, BothOK, None bool    // None: no meetings in the period
}

// meetingWeeks are the ranges whose meeting time the trend and the baseline need: the trend's
// weeks, then the baseline's. The record begins at start (ok false without a record).
func (b *builder) meetingWeeks(start time.Time, ok bool) (trend, baseline []Period) {
	last := WeekOf(b.at, b.loc)
	trend = make([]Period, TrendWeeks)
	for i := TrendWeeks - 1; i >= 0; i-- {
		trend[i] = last
		last = last.Previous()
	}
	if !ok {
		return trend, nil
	}
	// The first whole week: the one the record begins in, if it begins on that week's first day.
	first := WeekOf(start, b.loc)
	if tracker.DateOf(start, b.loc) != tracker.DateOf(first.From, b.loc) {
		first = first.Next()
	}
	for range BaselineWeeks {
		baseline = append(baseline, first)
		first = first.Next()
	}
	return trend, baseline
}

// loadMeetingWeeks sums the meeting time of the trend's and the baseline's weeks in the store, in
// two sums: the baseline's weeks lie at the start of the record, and one range from there to now
// would read every block of a year.
func (b *builder) loadMeetingWeeks(start time.Time, ok bool) error {
	trend, baseline := b.meetingWeeks(start, ok)
	var err error
	b.trendWeeks, b.baseWeeks = trend, baseline
	if b.trendHours, err = b.meetingTime(trend); err != nil {
		return err
	}
	b.baseHours, err = b.meetingTime(baseline)
	return err
}

// meetingTime sums the meeting time of each of the weeks, up to the period's end, through the
// source's TimeIn: one pass over the weeks' blocks for all of them, attributing overlapped time as
// the rest of the report does.
func (b *builder) meetingTime(weeks []Period) ([]time.Duration, error) {
	out := make([]time.Duration, len(weeks))
	if len(weeks) == 0 {
		return out, nil
	}
	ranges := make([][2]time.Time, 0, len(weeks))
	from, to := weeks[0].From, weeks[0].From
	for _, p := range weeks {
		// Time after the period's end does not count in it: a week is cut at the end, and a week
		// after it is empty.
		end := maxTime(p.From, minTime(p.To, b.r.AsOf))
		ranges = append(ranges, [2]time.Time{p.From, end})
		from, to = minTime(from, p.From), maxTime(to, end)
	}
	if !to.After(from) {
		return out, nil
	}
	return b.src.TimeIn(tracker.BlockFilter{From: from, To: to, Projects: b.r.Projects}, tracker.KindMeeting, ranges, b.now)
}

// meetings computes the meeting trend against the baseline, and where the meetings were held.
func (b *builder) meetings() {
	r := b.r
	m := &r.Meetings
	if days := r.Period.Days(); days > 0 {
		m.PerWeek = (r.Async.Meeting * 7 / time.Duration(days)).Round(time.Second)
	}
	recordStart := r.Record.Start
	for i, p := range b.trendWeeks {
		m.Weeks = append(m.Weeks, WeekHours{Week: p.String(), Label: shortLabel(p), Hours: b.trendHours[i],
			Recorded: !recordStart.IsZero() && recordStart.Before(p.To), SoFar: p.To.After(r.AsOf)})
	}
	if len(b.baseWeeks) > 0 {
		m.BaselineFrom = b.baseWeeks[0].String()
		var sum time.Duration
		for i, p := range b.baseWeeks {
			if p.Ended(r.AsOf) {
				m.BaselineEnded++
			}
			sum += b.baseHours[i]
		}
		if m.BaselineEnded == BaselineWeeks {
			m.Baseline, m.BaselineOK = (sum / BaselineWeeks).Round(time.Second), true
			m.Goal = time.Duration(float64(m.Baseline) * (1 - MeetingGoalCut)).Round(time.Second)
			if m.Baseline > 0 {
				m.Change, m.ChangeOK = 100*(float64(m.PerWeek)-float64(m.Baseline))/float64(m.Baseline), true
			}
		}
	}
	b.meetingPlace()
}

// meetingPlace splits the period's meeting time at local midnights and at the core hours' edges.
func (b *builder) meetingPlace() {
	r := b.r
	pl := &r.Meetings.Place
	cfg := b.cfg
	hasSync, hasCore := cfg.SyncDays != [7]bool{}, cfg.CoreEnd > cfg.CoreStart
	if hasSync {
		pl.SyncDays = tracker.FormatWorkdays(cfg.SyncDays)
	}
	if hasCore {
		pl.CoreHours = tracker.FormatClock(cfg.CoreStart) + "–" + tracker.FormatClock(cfg.CoreEnd)
	}
	dates := r.Period.Dates()
	for _, x := range b.blocks {
		if x.Kind != tracker.KindMeeting || b.inside(x, r.Period.From, r.Period.To) == 0 {
			continue
		}
		// Only the days the block touches, from the one it begins on.
		for i := max(0, civilDays(r.Period.From, x.Start.In(b.loc))); i < len(dates) && dates[i].Before(b.end(x)); i++ {
			day, next := dates[i], r.Period.To
			if i+1 < len(dates) {
				next = dates[i+1]
			}
			part := b.inside(x, day, next)
			if part == 0 {
				continue
			}
			pl.Meeting += part
			y, mo, d := day.Date()
			core := b.inside(x, wallClock(y, mo, d, cfg.CoreStart, b.loc), wallClock(y, mo, d, cfg.CoreEnd, b.loc))
			sync := cfg.SyncDays[day.Weekday()]
			if sync {
				pl.OnSyncDays += part
			}
			if hasCore {
				pl.InCore += core
			}
			if sync && hasCore {
				pl.Aligned += core
			}
		}
	}
	pl.None = pl.Meeting == 0
	share := func(part time.Duration, set bool) (float64, bool) {
		if !set || pl.Meeting == 0 {
			return 0, false
		}
		return 100 * float64(part) / float64(pl.Meeting), true
	}
	pl.SyncShare, pl.SyncOK = share(pl.OnSyncDays, hasSync)
	pl.CoreShare, pl.CoreOK = share(pl.InCore, hasCore)
	pl.Both, pl.BothOK = share(pl.Aligned, hasSync && hasCore)
}

// wallClock is the instant of the wall-clock time off after local midnight of y-m-d in loc.
func wallClock(y int, m time.Month, d int, off time.Duration, loc *time.Location) time.Time {
	return time.Date(y, m, d, int(off/time.Hour), int(off%time.Hour/time.Minute), 0, 0, loc)
}

// Text is the meetings per week against the baseline, in the words every screen uses: "4h 30m a
// week against a baseline of 3h 38m (+24%); goal 2h 11m", or why there is no baseline yet.
func (m MeetingTrend) Text() string {
	s := FormatDuration(m.PerWeek) + " a week"
	switch {
	case !m.BaselineOK && m.BaselineFrom == "":
		return s + "; no baseline yet: nothing recorded"
	case !m.BaselineOK:
		return s + fmt.Sprintf("; no baseline yet: %d of the first %d weeks on record have ended", m.BaselineEnded, BaselineWeeks)
	}
	s += " against a baseline of " + FormatDuration(m.Baseline)
	if m.ChangeOK {
		s += " (" + signed(m.Change, "%") + ")"
	}
	return s + fmt.Sprintf("; goal %s (%.0f%% fewer)", FormatDuration(m.Goal), 100*MeetingGoalCut)
}

// Text says where the meetings were held: "62% on sync days (tue,thu), 80% in core hours
// (13:00–16:00), 55% both", or what is not set.
func (p MeetingPlace) Text() string {
	if p.SyncDays == "" && p.CoreHours == "" {
		return "no sync days or core hours set (config set syncdays tue,thu; config set corehours 13:00-16:00)"
	}
	if p.None {
		return "no meetings in the period"
	}
	var parts []string
	if p.SyncOK {
		parts = append(parts, FormatValue(UnitPercent, p.SyncShare, true)+" on sync days ("+p.SyncDays+")")
	}
	if p.CoreOK {
		parts = append(parts, FormatValue(UnitPercent, p.CoreShare, true)+" in core hours ("+p.CoreHours+")")
	}
	if p.BothOK {
		parts = append(parts, FormatValue(UnitPercent, p.Both, true)+" both")
	}
	return joinParts(parts)
}

func joinParts(parts []string) string {
	out := ""
	for i, p := range parts {
		if i > 0 {
			out += ", "
		}
		out += p
	}
	return out
}

// TrendText writes the trend's weeks as every screen shows them: "W40 – · W41 3h · … · W47 2h 30m
// (so far)", "–" for a week before the record began.
func (m MeetingTrend) TrendText() string {
	var parts []string
	for _, w := range m.Weeks {
		v := "–"
		if w.Recorded {
			v = FormatDuration(w.Hours)
		}
		if w.SoFar {
			v += " (so far)"
		}
		parts = append(parts, w.Label+" "+v)
	}
	return strings.Join(parts, " · ")
}
