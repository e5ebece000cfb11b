package tracker

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// ParseISOWeek reads an ISO 8601 week such as "2026-W47" (the W may be lower case, the dash may be
// left out) and returns the week's Monday 00:00 in loc and the Monday after it.
func ParseISOWeek(s string, loc *time.Location) (from, to time.Time, err error) {
	v := strings.ToUpper(strings.TrimSpace(s))
	ys, ws, ok := strings.Cut(v, "W")
	ys = strings.TrimSuffix(ys, "-")
	y, okY := digits(ys, 4, 4)
	w, okW := digits(ws, 1, 2)
	if !ok || !okY || !okW {
		return from, to, invalid("week", "must be an ISO week like 2026-W47; got %q", s)
	}
	if y < 1 || w < 1 || w > ISOWeeksIn(y) {
		return from, to, invalid("week", "%d has weeks 1 to %d; got %q", y, ISOWeeksIn(y), s)
	}
	from = ISOWeekStart(y, w, loc)
	return from, from.AddDate(0, 0, 7), nil
}

// ISOWeekStart is Monday 00:00 in loc of ISO week w of year y. Week 1 is the week with 4 January in it.
func ISOWeekStart(y, w int, loc *time.Location) time.Time {
	jan4 := time.Date(y, time.January, 4, 0, 0, 0, 0, time.UTC)
	back := (int(jan4.Weekday()) + 6) % 7 // days since Monday
	return time.Date(y, time.January, 4-back+(w-1)*7, 0, 0, 0, 0, loc)
}

// ISOWeeksIn is 53 for years whose 28 December falls in week 53, else 52.
func ISOWeeksIn(y int) int {
	_, w := time.Date(y, time.December, 28, 0, 0, 0, 0, time.UTC).ISOWeek()
	return w
}

// FormatISOWeek writes the ISO week of t's wall clock, like "2026-W47".
func FormatISOWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%04d-W%02d", y, w)
}

// WeekOf is the ISO week around t in loc: its Monday 00:00 and the Monday after.
func WeekOf(t time.Time, loc *time.Location) (from, to time.Time) {
	y, w := t.In(loc).ISOWeek()
	from = ISOWeekStart(y, w, loc)
	return from, from.AddDate(0, 0, 7)
}

// draftHorizon is how far past the period DraftUpdate looks for deadlines.
const draftHorizon = 14 * 24 * time.Hour

// DraftUpdate drafts a written status update for [from, to) from the record, as Markdown in the
// structure Context / Background / Action needed / Deadline / Optional. What is blocked (overdue
// requests, decisions that need discussion) is as of the service clock's now.
func (s *Service) DraftUpdate(from, to time.Time) (string, error) {
	if !to.After(from) {
		return "", fmt.Errorf("draft update: %w", invalid("to", "must be after the start of the period"))
	}
	cfg, err := s.Config()
	if err != nil {
		return "", err
	}
	loc := cfg.Location()
	now := s.clock.Now()
	shipped, err := s.Deliverables(DeliverableFilter{Statuses: []Status{StatusShipped}, ShippedFrom: from, ShippedTo: to})
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	next, err := s.Deliverables(DeliverableFilter{Statuses: []Status{StatusInProgress, StatusPlanned}})
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	open, err := s.Requests(RequestFilter{OpenOnly: true})
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	answered, err := s.Requests(RequestFilter{ReceivedFrom: from, ReceivedTo: to})
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	decisions, err := s.Decisions()
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	milestones, err := s.Milestones()
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	blocks, err := s.Blocks(BlockFilter{From: from, To: to, Kinds: []Kind{KindDeep}})
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}

	var overdue []Request
	for _, r := range open {
		if r.State == RequestOverdue {
			overdue = append(overdue, r)
		}
	}
	var discuss, pending, decided []Decision
	for _, d := range decisions {
		switch d.State {
		case DecisionNeedsDiscussion:
			discuss = append(discuss, d)
		case DecisionOpen:
			pending = append(pending, d)
		case DecisionAcceptedBySilence:
			if !d.Deadline.Before(from) && d.Deadline.Before(to) {
				decided = append(decided, d)
			}
		case DecisionAccepted, DecisionRejected:
			if d.ClosedAt != nil && !d.ClosedAt.Before(from) && d.ClosedAt.Before(to) {
				decided = append(decided, d)
			}
		}
	}
	inProgress := 0
	for _, d := range next {
		if d.Status == StatusInProgress {
			inProgress++
		}
	}

	var b strings.Builder
	day := func(t time.Time) string { return t.In(loc).Format("Mon 2 Jan") }
	moment := func(t time.Time) string { return t.In(loc).Format("Mon 2 Jan 15:04") }
	last := to.Add(-time.Second)

	fmt.Fprintf(&b, "# Status update: %s\n\n", draftPeriodName(from, to, loc))
	b.WriteString("## Context\n\n")
	fmt.Fprintf(&b, "This is the written update for %s to %s", from.In(loc).Format("Mon 2 Jan 2006"), last.In(loc).Format("Mon 2 Jan 2006"))
	if cfg.Author != "" {
		fmt.Fprintf(&b, " from %s", mdEscape(cfg.Author))
	}
	fmt.Fprintf(&b, ". %s shipped, %d in progress, %s blocked.\n\n",
		draftPlural(len(shipped), "deliverable", "deliverables"), inProgress, draftPlural(len(overdue)+len(discuss), "item", "items"))

	b.WriteString("## Background\n\n### Shipped\n\n")
	if len(shipped) == 0 {
		b.WriteString("- Nothing shipped in this period.\n")
	}
	for _, d := range shipped {
		fmt.Fprintf(&b, "- %s (%s, %s)\n", mdLink(d.Title, d.Link), mdEscape(d.Project), day(*d.ShippedAt))
	}
	if len(decided) > 0 {
		b.WriteString("\n### Decided\n\n")
		for _, d := range decided {
			fmt.Fprintf(&b, "- %s: %s", mdEscape(d.Title), strings.ReplaceAll(string(d.State), "_", " "))
			if d.Outcome != "" {
				fmt.Fprintf(&b, ". %s", mdEscape(draftOneLine(d.Outcome)))
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\n### Next\n\n")
	if len(next) == 0 {
		b.WriteString("- Nothing planned yet.\n")
	}
	for _, d := range next {
		fmt.Fprintf(&b, "- %s (%s, %s", mdLink(d.Title, d.Link), mdEscape(d.Project), strings.ReplaceAll(string(d.Status), "_", " "))
		if !d.Due.IsZero() {
			fmt.Fprintf(&b, ", due %s", d.Due)
		}
		b.WriteString(")\n")
	}

	b.WriteString("\n## Action needed\n\n")
	if len(overdue)+len(discuss) == 0 {
		b.WriteString("- Nothing is blocked.\n")
	}
	for _, r := range overdue {
		fmt.Fprintf(&b, "- Overdue request: %q", mdEscape(r.Subject))
		if r.From != "" {
			fmt.Fprintf(&b, " from %s", mdEscape(r.From))
		}
		fmt.Fprintf(&b, " (%s, was due %s)\n", r.Priority, moment(*r.DueAt))
	}
	for _, d := range discuss {
		var who []string
		for _, o := range d.Objections {
			who = append(who, fmt.Sprintf("%s: %s", mdEscape(o.By), mdEscape(draftOneLine(o.Reason))))
		}
		fmt.Fprintf(&b, "- Decision needs discussion: %q (objections from %s)\n", mdEscape(d.Title), strings.Join(who, "; "))
	}

	b.WriteString("\n## Deadline\n\n")
	var deadlines []struct {
		at   time.Time
		text string
	}
	add := func(at time.Time, text string) {
		deadlines = append(deadlines, struct {
			at   time.Time
			text string
		}{at, text})
	}
	for _, d := range pending {
		add(d.Deadline, fmt.Sprintf("- Decision %q: object by %s, or it is accepted by silence.\n", mdEscape(d.Title), moment(d.Deadline)))
	}
	for _, m := range milestones {
		due := m.DueDate.In(loc)
		if due.IsZero() || due.Before(from) || !due.Before(to.Add(draftHorizon)) || (m.Total > 0 && m.Shipped == m.Total) {
			continue
		}
		add(due, fmt.Sprintf("- Milestone %q (%s) due %s: %d of %d shipped.\n", mdEscape(m.Name), mdEscape(m.Project), m.DueDate, m.Shipped, m.Total))
	}
	for _, d := range next {
		due := d.Due.In(loc)
		if due.IsZero() || due.Before(from) || !due.Before(to.Add(draftHorizon)) {
			continue
		}
		add(due, fmt.Sprintf("- %s due %s.\n", mdEscape(d.Title), d.Due))
	}
	for _, r := range open {
		if r.State == RequestDueSoon || (r.State == RequestOpen && r.DueAt != nil && r.DueAt.Before(to)) {
			add(*r.DueAt, fmt.Sprintf("- Reply to %q by %s.\n", mdEscape(r.Subject), moment(*r.DueAt)))
		}
	}
	sort.SliceStable(deadlines, func(i, j int) bool { return deadlines[i].at.Before(deadlines[j].at) })
	if len(deadlines) == 0 {
		b.WriteString("- No deadlines in the next two weeks.\n")
	}
	for _, d := range deadlines {
		b.WriteString(d.text)
	}

	b.WriteString("\n## Optional\n\n")
	var deep time.Duration
	for _, bl := range blocks {
		start, end := bl.Start, now
		if bl.End != nil {
			end = *bl.End
		}
		if start.Before(from) {
			start = from
		}
		if end.After(to) {
			end = to
		}
		if end.After(start) {
			deep += end.Sub(start)
		}
	}
	fmt.Fprintf(&b, "- Deep work: %d:%02d.\n", int(deep.Hours()), int(deep.Minutes())%60)
	inTime, late, waiting := 0, 0, 0
	for _, r := range answered {
		switch r.State {
		case RequestAnsweredInTime:
			inTime++
		case RequestAnsweredLate:
			late++
		default:
			waiting++
		}
	}
	fmt.Fprintf(&b, "- Requests received: %d; %d answered in time, %d late, %d waiting.\n", len(answered), inTime, late, waiting)
	var links []string
	for _, d := range shipped {
		if d.Link != "" {
			links = append(links, "- "+mdLink(d.Title, d.Link))
		}
	}
	if len(links) > 0 {
		b.WriteString("\nLinks:\n\n" + strings.Join(links, "\n") + "\n")
	}
	return b.String(), nil
}

// periodName is "2026-W47" for an ISO week, else the first and last dates.
func draftPeriodName(from, to time.Time, loc *time.Location) string {
	if f, t := WeekOf(from, loc); f.Equal(from) && t.Equal(to) {
		return FormatISOWeek(from.In(loc))
	}
	return from.In(loc).Format(time.DateOnly) + " to " + to.Add(-time.Second).In(loc).Format(time.DateOnly)
}

func draftPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// mdEscape keeps text from turning into Markdown markup when pasted.
var mdEscaper = strings.NewReplacer(`\`, `\\`, "`", "\\`", "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`)

func mdEscape(s string) string { return mdEscaper.Replace(s) }

// mdLink writes a Markdown link, or the escaped title alone when there is no link. The URL's
// spaces and parentheses are encoded so that they cannot end the link early.
func mdLink(title, link string) string {
	if link == "" {
		return mdEscape(title)
	}
	u := strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace(link)
	return "[" + mdEscape(title) + "](" + u + ")"
}

func draftOneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
