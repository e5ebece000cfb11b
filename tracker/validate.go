package tracker

import (
	"net/url"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits on text. Titles stay short enough for a report line; notes hold a page or two.
const (
	MaxTitle = 200
	MaxNotes = 10000
	// MaxFuture is how far ahead a time that may lie ahead, such as a decision's proposal or an
	// objection, may lie: enough for planning tomorrow, not for typos in the year.
	MaxFuture = 24 * time.Hour
	// ClockSkew is how far ahead of the clock a block may start or end: enough for two clocks that
	// disagree a little, not for planned time. A block records work done; a block in the future
	// would also block every start until it was found and deleted.
	ClockSkew = time.Minute
)

// Date is a calendar date, "YYYY-MM-DD", with no time zone; the empty Date means none.
type Date string

// ParseDate reads a YYYY-MM-DD date.
func ParseDate(field, s string) (Date, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return "", invalid(field, "must be a date like 2026-11-25; got %q", s)
	}
	return Date(t.Format(time.DateOnly)), nil
}

// DateOf is the local calendar date of an instant.
func DateOf(t time.Time, loc *time.Location) Date {
	return Date(t.In(loc).Format(time.DateOnly))
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == "" }

// In is the start of the date in loc; the zero time for an unset date.
func (d Date) In(loc *time.Location) time.Time {
	t, err := time.ParseInLocation(time.DateOnly, string(d), loc)
	if err != nil {
		return time.Time{}
	}
	return t
}

func (d Date) String() string { return string(d) }

func checkName(field, s string) error {
	if strings.TrimSpace(s) == "" {
		return invalid(field, "must not be empty")
	}
	if n := utf8.RuneCountInString(s); n > MaxTitle {
		return invalid(field, "must be at most %d characters; got %d", MaxTitle, n)
	}
	if !utf8.ValidString(s) {
		return invalid(field, "must be valid UTF-8")
	}
	for _, r := range s {
		// Control characters in a one-line title break tables, CSV and PDF lines.
		if unicode.IsControl(r) {
			return invalid(field, "must not contain control characters")
		}
	}
	return nil
}

func checkOptionalName(field, s string) error {
	if s == "" {
		return nil
	}
	return checkName(field, s)
}

func checkNotes(field, s string) error {
	if n := utf8.RuneCountInString(s); n > MaxNotes {
		return invalid(field, "must be at most %d characters; got %d", MaxNotes, n)
	}
	if !utf8.ValidString(s) {
		return invalid(field, "must be valid UTF-8")
	}
	return nil
}

// CheckURL accepts an absolute http or https URL with a host.
func CheckURL(field, s string) error {
	if s == "" {
		return nil
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return invalid(field, "must be an http(s) URL like https://example.com/x; got %q", s)
	}
	if strings.ContainsAny(s, " \t\r\n") {
		return invalid(field, "must not contain spaces")
	}
	return nil
}

// checkNotFuture checks a time that may lie ahead of now, by at most MaxFuture. Times in its
// messages are shown in now's zone, as are those of every Validate method.
func checkNotFuture(field string, t, now time.Time) error {
	if err := checkSet(field, t, now); err != nil {
		return err
	}
	if t.After(now.Add(MaxFuture)) {
		return invalidAt(now, field, "must not be more than 24h in the future; got %s", t)
	}
	return nil
}

// checkDone checks a time of work already done: it may not lie ahead of now by more than ClockSkew.
// This is the one place that keeps blocks out of the future.
func checkDone(field string, t, now time.Time) error {
	if err := checkSet(field, t, now); err != nil {
		return err
	}
	if t.After(now.Add(ClockSkew)) {
		return invalidAt(now, field, "%s is in the future; planned time belongs in the block's plan (--plan)", t)
	}
	return nil
}

func checkSet(field string, t, now time.Time) error {
	if t.IsZero() {
		return invalid(field, "must be set")
	}
	if t.Year() < 1970 {
		return invalidAt(now, field, "must not be before 1970; got %s", t)
	}
	return nil
}

func checkColor(s string) error {
	if s == "" {
		return nil
	}
	h := strings.TrimPrefix(s, "#")
	if len(h) != 6 && len(h) != 3 {
		return invalid("color", "must be a hex colour like #0f766e; got %q", s)
	}
	for _, r := range h {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return invalid("color", "must be a hex colour like #0f766e; got %q", s)
		}
	}
	return nil
}

func equalFold(a, b string) bool { return strings.EqualFold(strings.TrimSpace(a), b) }

// Validate checks a project's own fields.
func (p *Project) Validate() error {
	p.Name = strings.TrimSpace(p.Name)
	if err := checkName("name", p.Name); err != nil {
		return err
	}
	if err := checkColor(p.Color); err != nil {
		return err
	}
	if p.WeeklyDeepHours < 0 || p.WeeklyDeepHours > 168 {
		return invalid("weekly-deep-hours", "must be between 0 and 168; got %g", p.WeeklyDeepHours)
	}
	if p.WeeklyDeliverables < 0 || p.WeeklyDeliverables > 1000 {
		return invalid("weekly-deliverables", "must be between 0 and 1000; got %d", p.WeeklyDeliverables)
	}
	return nil
}

// Validate checks a block's own fields against the clock: a block records work done, so neither its
// start nor its end may lie ahead of now (beyond ClockSkew). Times in its messages are shown in
// now's zone.
func (b *Block) Validate(now time.Time) error {
	if _, err := ParseKind(string(b.Kind)); err != nil {
		return err
	}
	// The end is checked first: of a block that lies wholly ahead, it is the end that gives it away.
	if b.End != nil {
		if err := checkDone("end", *b.End, now); err != nil {
			return err
		}
	}
	if err := checkDone("start", b.Start, now); err != nil {
		return err
	}
	if b.End != nil && !b.End.After(b.Start) {
		return invalidAt(now, "end", "must be after the start (%s); got %s", b.Start, *b.End)
	}
	if b.PlannedSeconds < 0 || b.PlannedSeconds > 24*3600 {
		return invalid("plan", "must be between 0m and 24h; got %s", fmtDur(time.Duration(b.PlannedSeconds)*time.Second))
	}
	if b.Interruptions < 0 || b.Interruptions > 10000 {
		return invalid("interruptions", "must be between 0 and 10000; got %d", b.Interruptions)
	}
	if err := checkOptionalName("goal", b.Goal); err != nil {
		return err
	}
	return checkNotes("outcome", b.Outcome)
}

// Validate checks a deliverable's own fields.
func (d *Deliverable) Validate(now time.Time) error {
	d.Title = strings.TrimSpace(d.Title)
	if err := checkName("title", d.Title); err != nil {
		return err
	}
	if _, err := ParseStatus(string(d.Status)); err != nil {
		return err
	}
	if err := CheckURL("link", d.Link); err != nil {
		return err
	}
	if _, err := ParseDate("due", string(d.Due)); err != nil {
		return err
	}
	if d.ShippedAt != nil {
		if err := checkNotFuture("shipped_at", *d.ShippedAt, now); err != nil {
			return err
		}
	}
	if d.Status == StatusShipped && d.ShippedAt == nil {
		return invalid("shipped_at", "must be set when the status is shipped")
	}
	return checkNotes("notes", d.Notes)
}

// Validate checks a milestone's own fields.
func (m *Milestone) Validate() error {
	m.Name = strings.TrimSpace(m.Name)
	if err := checkName("name", m.Name); err != nil {
		return err
	}
	if m.DueDate.IsZero() {
		return invalid("due", "must be set")
	}
	if _, err := ParseDate("due", string(m.DueDate)); err != nil {
		return err
	}
	if _, err := ParseDate("start", string(m.StartDate)); err != nil {
		return err
	}
	if !m.StartDate.IsZero() && m.StartDate > m.DueDate {
		return invalid("start", "must not be after the due date %s; got %s", m.DueDate, m.StartDate)
	}
	return nil
}

// Validate checks a request's own fields against the clock; times in its messages are shown in now's zone.
func (r *Request) Validate(now time.Time) error {
	r.Subject = strings.TrimSpace(r.Subject)
	if err := checkName("subject", r.Subject); err != nil {
		return err
	}
	if err := checkOptionalName("from", r.From); err != nil {
		return err
	}
	if err := checkOptionalName("channel", r.Channel); err != nil {
		return err
	}
	if _, err := ParsePriority(string(r.Priority)); err != nil {
		return err
	}
	if err := checkNotFuture("received_at", r.ReceivedAt, now); err != nil {
		return err
	}
	if r.RepliedAt != nil {
		if err := checkNotFuture("replied_at", *r.RepliedAt, now); err != nil {
			return err
		}
		if r.RepliedAt.Before(r.ReceivedAt) {
			return invalidAt(now, "replied_at", "must not be before the request was received (%s); got %s",
				r.ReceivedAt, *r.RepliedAt)
		}
	}
	if r.MinutesSpent < 0 || r.MinutesSpent > 24*60*30 {
		return invalid("minutes", "must be between 0 and 43200; got %d", r.MinutesSpent)
	}
	return checkNotes("notes", r.Notes)
}

// Validate checks a decision's own fields against the clock; times in its messages are shown in now's zone.
func (d *Decision) Validate(now time.Time) error {
	d.Title = strings.TrimSpace(d.Title)
	if err := checkName("title", d.Title); err != nil {
		return err
	}
	if err := checkNotes("context", d.Context); err != nil {
		return err
	}
	if err := checkNotFuture("proposed_at", d.ProposedAt, now); err != nil {
		return err
	}
	if !d.Deadline.After(d.ProposedAt) {
		return invalidAt(now, "deadline", "must be after the proposal time (%s); got %s", d.ProposedAt, d.Deadline)
	}
	switch d.Closed {
	case "", "accepted", "rejected":
	default:
		return invalid("state", "must be accepted or rejected; got %q", d.Closed)
	}
	return checkNotes("outcome", d.Outcome)
}

// Validate checks an objection's own fields.
func (o *Objection) Validate(now time.Time) error {
	o.By = strings.TrimSpace(o.By)
	if err := checkName("by", o.By); err != nil {
		return err
	}
	if strings.TrimSpace(o.Reason) == "" {
		return invalid("reason", "must not be empty: an objection needs a reason")
	}
	if err := checkNotes("reason", o.Reason); err != nil {
		return err
	}
	return checkNotFuture("at", o.At, now)
}
