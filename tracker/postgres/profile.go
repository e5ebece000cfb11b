package postgres

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"shiplog/tracker"
)

// Profile is a member's working calendar as teammates and managers need it: to compute the
// member's due times and weeks in the member's own zone. Each member pushes their own, as a change
// to table Members (ProfileChange).
type Profile struct {
	Member      string // the author's login; set by Pull, ignored by Push
	Rev         int64
	DisplayName string
	TimeZone    string  // IANA name
	WorkDays    [7]bool // indexed by time.Weekday
	WorkStart   time.Duration
	WorkEnd     time.Duration
	Holidays    []tracker.Date
	DeepMin     time.Duration
	// Response targets in business time; zero means none.
	TargetUrgent, TargetImportant, TargetNormal time.Duration
	DecisionWindow                              time.Duration
}

// profileRow is a profile as the members table's columns.
type profileRow struct {
	DisplayName            string   `json:"display_name"`
	TimeZone               string   `json:"time_zone"`
	WorkDays               []int    `json:"work_days"` // ISO: Monday 1 … Sunday 7
	WorkStart              string   `json:"work_start"`
	WorkEnd                string   `json:"work_end"`
	Holidays               []string `json:"holidays"`
	DeepMinSeconds         int64    `json:"deep_min_seconds"`
	TargetUrgentSeconds    *int64   `json:"target_urgent_seconds"`
	TargetImportantSeconds *int64   `json:"target_important_seconds"`
	TargetNormalSeconds    *int64   `json:"target_normal_seconds"`
	DecisionWindowSeconds  *int64   `json:"decision_window_seconds"`
}

// ProfileChange is the change that pushes p.
func ProfileChange(p Profile) (Change, error) {
	if _, err := time.LoadLocation(p.TimeZone); err != nil || p.TimeZone == "" || strings.EqualFold(p.TimeZone, "local") {
		return Change{}, &tracker.FieldError{Field: "time_zone", Reason: fmt.Sprintf("must be an IANA time zone such as Europe/Berlin; got %q", p.TimeZone)}
	}
	row := profileRow{
		DisplayName:            p.DisplayName,
		TimeZone:               p.TimeZone,
		WorkDays:               []int{},
		WorkStart:              clock(p.WorkStart),
		WorkEnd:                clock(p.WorkEnd),
		Holidays:               []string{},
		DeepMinSeconds:         int64(p.DeepMin / time.Second),
		TargetUrgentSeconds:    seconds(p.TargetUrgent),
		TargetImportantSeconds: seconds(p.TargetImportant),
		TargetNormalSeconds:    seconds(p.TargetNormal),
		DecisionWindowSeconds:  seconds(p.DecisionWindow),
	}
	for d := time.Monday; ; d = (d + 1) % 7 {
		if p.WorkDays[d] {
			row.WorkDays = append(row.WorkDays, isoDay(d))
		}
		if d == time.Sunday {
			break
		}
	}
	for _, h := range p.Holidays {
		row.Holidays = append(row.Holidays, string(h))
	}
	return NewChange(Members, uuid.Nil, p.Rev, row)
}

// Profile decodes a pulled change of table Members.
func (c Change) Profile() (Profile, error) {
	if c.Table != Members {
		return Profile{}, tracker.Invalidf("%s change is not a profile", c.Table)
	}
	var row profileRow
	if err := json.Unmarshal(c.Data, &row); err != nil {
		return Profile{}, fmt.Errorf("profile of %s: %w", c.Member, err)
	}
	p := Profile{Member: c.Member, Rev: c.Rev, DisplayName: row.DisplayName, TimeZone: row.TimeZone,
		DeepMin:      time.Duration(row.DeepMinSeconds) * time.Second,
		TargetUrgent: duration(row.TargetUrgentSeconds), TargetImportant: duration(row.TargetImportantSeconds),
		TargetNormal: duration(row.TargetNormalSeconds), DecisionWindow: duration(row.DecisionWindowSeconds)}
	var err error
	if p.WorkStart, err = parseClock(row.WorkStart); err != nil {
		return Profile{}, fmt.Errorf("profile of %s: work_start: %w", c.Member, err)
	}
	if p.WorkEnd, err = parseClock(row.WorkEnd); err != nil {
		return Profile{}, fmt.Errorf("profile of %s: work_end: %w", c.Member, err)
	}
	for _, d := range row.WorkDays {
		if d >= 1 && d <= 7 {
			p.WorkDays[d%7] = true
		}
	}
	for _, h := range row.Holidays {
		p.Holidays = append(p.Holidays, tracker.Date(h))
	}
	return p, nil
}

func isoDay(d time.Weekday) int {
	if d == time.Sunday {
		return 7
	}
	return int(d)
}

// clock prints a duration from midnight as PostgreSQL's time, HH:MM:SS (24:00:00 allowed).
func clock(d time.Duration) string {
	s := int64(d / time.Second)
	return fmt.Sprintf("%02d:%02d:%02d", s/3600, s/60%60, s%60)
}

func parseClock(s string) (time.Duration, error) {
	parts := strings.Split(s, ":")
	if len(parts) != 3 {
		return 0, fmt.Errorf("not a time: %q", s)
	}
	var total time.Duration
	for i, unit := range []time.Duration{time.Hour, time.Minute, time.Second} {
		n, err := strconv.ParseFloat(parts[i], 64)
		if err != nil {
			return 0, fmt.Errorf("not a time: %q", s)
		}
		total += time.Duration(n * float64(unit))
	}
	return total, nil
}

func seconds(d time.Duration) *int64 {
	if d <= 0 {
		return nil
	}
	s := int64(d / time.Second)
	return &s
}

func duration(s *int64) time.Duration {
	if s == nil {
		return 0
	}
	return time.Duration(*s) * time.Second
}

// Teammate is the profile as the tracker knows a teammate.
func (p Profile) Teammate() tracker.Teammate {
	m := tracker.Teammate{Name: p.Member, DisplayName: p.DisplayName, Timezone: p.TimeZone, Workdays: p.WorkDays,
		WorkStart: p.WorkStart, WorkEnd: p.WorkEnd, Holidays: append([]tracker.Date(nil), p.Holidays...), DeepMin: p.DeepMin,
		SLA: map[tracker.Priority]time.Duration{}, DecisionWindow: p.DecisionWindow}
	for pr, d := range map[tracker.Priority]time.Duration{tracker.PriorityUrgent: p.TargetUrgent,
		tracker.PriorityImportant: p.TargetImportant, tracker.PriorityNormal: p.TargetNormal} {
		if d > 0 {
			m.SLA[pr] = d
		}
	}
	return m
}

// ProfileOf is the profile that pushes m, the user's own profile (tracker.TeammateOf), at rev.
func ProfileOf(m tracker.Teammate, rev int64) Profile {
	return Profile{Member: m.Name, Rev: rev, DisplayName: m.DisplayName, TimeZone: m.Timezone, WorkDays: m.Workdays,
		WorkStart: m.WorkStart, WorkEnd: m.WorkEnd, Holidays: append([]tracker.Date(nil), m.Holidays...), DeepMin: m.DeepMin,
		TargetUrgent: m.SLA[tracker.PriorityUrgent], TargetImportant: m.SLA[tracker.PriorityImportant],
		TargetNormal: m.SLA[tracker.PriorityNormal], DecisionWindow: m.DecisionWindow}
}
