package tracker

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DayClose is the end-of-day ritual's record of one local date: when the day was closed and the
// three optional answers (tomorrow's first block, a handoff note, energy). A day is closed at
// most once; closing it again updates it. A day that was not closed has no record, and nothing
// counts it against anyone.
type DayClose struct {
	ID uint `json:"-"`
	// Day is the local date where the day was closed, in Zone, the time zone in force then: a
	// person who moves from Berlin to New York mid-week closes Wednesday on New York's Wednesday.
	Day      Date      `json:"day"`
	Zone     string    `json:"zone"`
	ClosedAt time.Time `json:"closed_at"`
	// Tomorrow is the first block planned for the next working day; its zero value means none.
	Tomorrow Plan   `json:"tomorrow"`
	Handoff  string `json:"handoff"`
	// Energy is from 1 to 5, or nil when it was not given.
	Energy *int `json:"energy"`
	// UID and Rev identify the close for the team server: UID is made here when the day is first
	// closed (a UUIDv7), and Rev rises with each update, so that a push of the handoff note is an
	// idempotent upsert (see tracker/postgres: Handoff).
	UID       string    `json:"-"`
	Rev       int64     `json:"-"`
	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// Plan is the first block planned for a day: a deep-work block on Project toward Goal. Both are
// set, or neither.
type Plan struct {
	Goal    string `json:"goal"`
	Project string `json:"project"`
	// ProjectID is the project's stored ID; Project is its name.
	ProjectID *uint `json:"-"`
}

// IsZero reports whether nothing is planned.
func (p Plan) IsZero() bool { return p.Goal == "" && p.Project == "" }

// Block is the block that starting the plan starts: deep work toward its goal, with no plan of
// length. The tray's "Start: <goal>" and the Today screen's button start it.
func (p Plan) Block() Block { return Block{Kind: KindDeep, Project: p.Project, Goal: p.Goal} }

// CheckIn is the weekly check-in: how satisfied a person is with their work and how well it
// balances with the rest of their life, each from 1 to 5, once per ISO week. It is private: the
// personal report shows it, the team report only the team's median of a week when at least
// MinCheckInsForMedian members answered.
type CheckIn struct {
	ID uint `json:"-"`
	// Week is the ISO week, "2026-W48", of the local date the check-in was given.
	Week         string    `json:"week"`
	Satisfaction int       `json:"satisfaction"`
	Balance      int       `json:"balance"`
	Note         string    `json:"note"`
	At           time.Time `json:"at"`
	CreatedAt    time.Time `json:"-"`
	UpdatedAt    time.Time `json:"-"`
}

// MinCheckInsForMedian is how many members must have answered a week's check-in before the team
// report shows the team's median of it: with fewer, a median would give away an answer.
const MinCheckInsForMedian = 3

// ParseScore reads a score typed by a person, such as --energy or --satisfaction: a whole number
// from 1 to 5. The field names the flag in the error.
func ParseScore(field, s string) (int, error) {
	v := strings.TrimSpace(s)
	n, err := strconv.Atoi(v)
	if err != nil || !isBareNumber(v) || strings.Contains(v, ".") {
		return 0, invalid(field, "must be a whole number from 1 to 5; got %q", s)
	}
	if err := checkScore(field, n); err != nil {
		return 0, invalid(field, "must be from 1 to 5; got %q", s)
	}
	return n, nil
}

func checkScore(field string, n int) error {
	if n < 1 || n > 5 {
		return invalid(field, "must be from 1 to 5; got %d", n)
	}
	return nil
}

// ISOWeek is the ISO 8601 week that holds the date, as "2026-W48"; empty for an unset date.
func (d Date) ISOWeek() string {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return ""
	}
	return isoWeekName(t)
}

func isoWeekName(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// AddDays is the date n days after d (before it for a negative n); an unset date stays unset.
func (d Date) AddDays(n int) Date {
	t, err := time.Parse(time.DateOnly, string(d))
	if err != nil {
		return d
	}
	return Date(t.AddDate(0, 0, n).Format(time.DateOnly))
}

// Weekday is the date's day of the week.
func (d Date) Weekday() time.Weekday {
	t, _ := time.Parse(time.DateOnly, string(d))
	return t.Weekday()
}

// Validate checks a close's own fields.
func (c *DayClose) Validate(now time.Time) error {
	if _, err := ParseDate("day", string(c.Day)); err != nil || c.Day.IsZero() {
		return invalid("day", "must be a date like 2026-11-25; got %q", c.Day)
	}
	if err := checkNotFuture("closed_at", c.ClosedAt, now); err != nil {
		return err
	}
	if (c.Tomorrow.Goal == "") != (c.Tomorrow.Project == "") {
		if c.Tomorrow.Goal == "" {
			return invalid("tomorrow", "must be set with a project: tomorrow's first block needs a goal")
		}
		return invalid("project", "must be set with tomorrow's goal: the first block needs a project")
	}
	if err := checkOptionalName("tomorrow", c.Tomorrow.Goal); err != nil {
		return err
	}
	if err := checkNotes("handoff", c.Handoff); err != nil {
		return err
	}
	if c.Energy != nil {
		return checkScore("energy", *c.Energy)
	}
	return nil
}

// Validate checks a check-in's own fields.
func (c *CheckIn) Validate(now time.Time) error {
	if err := checkScore("satisfaction", c.Satisfaction); err != nil {
		return err
	}
	if err := checkScore("balance", c.Balance); err != nil {
		return err
	}
	if err := checkNotFuture("at", c.At, now); err != nil {
		return err
	}
	return checkNotes("note", c.Note)
}
