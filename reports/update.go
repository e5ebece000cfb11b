package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/markdown"
)

// draftHorizon is how far past the period DraftUpdate looks for deadlines.
const draftHorizon = 14 * 24 * time.Hour

// DraftUpdate drafts a written status update for p from the record, as Markdown in the structure
// Context / Background / Action needed / Deadline / Optional. What is blocked (overdue requests,
// decisions that need discussion) is as of src's now.
func DraftUpdate(src Source, p Period) (string, error) {
	if p.From.IsZero() || !p.To.After(p.From) {
		return "", fmt.Errorf("draft update: %w", &tracker.FieldError{Field: "period", Reason: "must be set"})
	}
	cfg, err := src.Config()
	if err != nil {
		return "", err
	}
	loc := cfg.Location()
	now := src.Now()
	from, to := p.From, p.To
	shipped, err := src.Deliverables(tracker.DeliverableFilter{Statuses: []tracker.Status{tracker.StatusShipped}, ShippedFrom: from, ShippedTo: to})
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	next, err := src.Deliverables(tracker.DeliverableFilter{Statuses: []tracker.Status{tracker.StatusInProgress, tracker.StatusPlanned}})
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	open, err := src.Requests(tracker.RequestFilter{OpenOnly: true})
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	answered, err := src.Requests(tracker.RequestFilter{ReceivedFrom: from, ReceivedTo: to})
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	decisions, err := src.Decisions()
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	milestones, err := src.Milestones()
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	// Every kind is read: a block of another kind that starts later takes the deep time it covers.
	blocks, err := src.BlockSpans(tracker.BlockFilter{From: from, To: to})
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}

	var overdue []tracker.Request
	for _, r := range open {
		if r.State == tracker.RequestOverdue {
			overdue = append(overdue, r)
		}
	}
	var discuss, pending, decided []tracker.Decision
	for _, d := range decisions {
		switch d.State {
		case tracker.DecisionNeedsDiscussion:
			discuss = append(discuss, d)
		case tracker.DecisionOpen:
			pending = append(pending, d)
		case tracker.DecisionAcceptedBySilence:
			if !d.Deadline.Before(from) && d.Deadline.Before(to) {
				decided = append(decided, d)
			}
		case tracker.DecisionAccepted, tracker.DecisionRejected:
			if d.ClosedAt != nil && !d.ClosedAt.Before(from) && d.ClosedAt.Before(to) {
				decided = append(decided, d)
			}
		}
	}
	inProgress := 0
	for _, d := range next {
		if d.Status == tracker.StatusInProgress {
			inProgress++
		}
	}

	var b strings.Builder
	day := func(t time.Time) string { return t.In(loc).Format("Mon 2 Jan") }
	moment := func(t time.Time) string { return t.In(loc).Format("Mon 2 Jan 15:04") }
	last := to.Add(-time.Second)

	fmt.Fprintf(&b, "# Status update: %s\n\n", draftPeriodName(p))
	b.WriteString("## Context\n\n")
	fmt.Fprintf(&b, "This is the written update for %s to %s", from.In(loc).Format("Mon 2 Jan 2006"), last.In(loc).Format("Mon 2 Jan 2006"))
	if cfg.Author != "" {
		fmt.Fprintf(&b, " from %s", markdown.Escape(cfg.Author))
	}
	fmt.Fprintf(&b, ". %s shipped, %d in progress, %s blocked.\n\n",
		draftPlural(len(shipped), "deliverable", "deliverables"), inProgress, draftPlural(len(overdue)+len(discuss), "item", "items"))

	b.WriteString("## Background\n\n### Shipped\n\n")
	if len(shipped) == 0 {
		b.WriteString("- Nothing shipped in this period.\n")
	}
	for _, d := range shipped {
		fmt.Fprintf(&b, "- %s (%s, %s)\n", markdown.Link(d.Title, d.Link), markdown.Escape(d.Project), day(*d.ShippedAt))
	}
	if len(decided) > 0 {
		b.WriteString("\n### Decided\n\n")
		for _, d := range decided {
			fmt.Fprintf(&b, "- %s: %s", markdown.Escape(d.Title), strings.ReplaceAll(string(d.State), "_", " "))
			if d.Outcome != "" {
				fmt.Fprintf(&b, ". %s", markdown.Escape(markdown.OneLine(d.Outcome)))
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\n### Next\n\n")
	if len(next) == 0 {
		b.WriteString("- Nothing planned yet.\n")
	}
	for _, d := range next {
		fmt.Fprintf(&b, "- %s (%s, %s", markdown.Link(d.Title, d.Link), markdown.Escape(d.Project), strings.ReplaceAll(string(d.Status), "_", " "))
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
		fmt.Fprintf(&b, "- Overdue request: %q", markdown.Escape(r.Subject))
		if r.From != "" {
			fmt.Fprintf(&b, " from %s", markdown.Escape(r.From))
		}
		fmt.Fprintf(&b, " (%s, was due %s)\n", r.Priority, moment(*r.DueAt))
	}
	for _, d := range discuss {
		var who []string
		for _, o := range d.Objections {
			who = append(who, fmt.Sprintf("%s: %s", markdown.Escape(o.By), markdown.Escape(markdown.OneLine(o.Reason))))
		}
		fmt.Fprintf(&b, "- Decision needs discussion: %q (objections from %s)\n", markdown.Escape(d.Title), strings.Join(who, "; "))
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
		add(d.Deadline, fmt.Sprintf("- Decision %q: object by %s, or it is accepted by silence.\n", markdown.Escape(d.Title), moment(d.Deadline)))
	}
	for _, m := range milestones {
		due := m.DueDate.In(loc)
		if due.IsZero() || due.Before(from) || !due.Before(to.Add(draftHorizon)) || (m.Total > 0 && m.Shipped == m.Total) {
			continue
		}
		add(due, fmt.Sprintf("- Milestone %q (%s) due %s: %d of %d shipped.\n", markdown.Escape(m.Name), markdown.Escape(m.Project), m.DueDate, m.Shipped, m.Total))
	}
	for _, d := range next {
		due := d.Due.In(loc)
		if due.IsZero() || due.Before(from) || !due.Before(to.Add(draftHorizon)) {
			continue
		}
		add(due, fmt.Sprintf("- %s due %s.\n", markdown.Escape(d.Title), d.Due))
	}
	for _, r := range open {
		if r.State == tracker.RequestDueSoon || (r.State == tracker.RequestOpen && r.DueAt != nil && r.DueAt.Before(to)) {
			add(*r.DueAt, fmt.Sprintf("- Reply to %q by %s.\n", markdown.Escape(r.Subject), moment(*r.DueAt)))
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
	for i, parts := range tracker.Attribute(blocks, now) {
		if blocks[i].Kind == tracker.KindDeep {
			deep += tracker.PartsIn(parts, from, to)
		}
	}
	fmt.Fprintf(&b, "- Deep work: %d:%02d.\n", int(deep.Hours()), int(deep.Minutes())%60)
	inTime, late, waiting := 0, 0, 0
	for _, r := range answered {
		switch r.State {
		case tracker.RequestAnsweredInTime:
			inTime++
		case tracker.RequestAnsweredLate:
			late++
		default:
			waiting++
		}
	}
	fmt.Fprintf(&b, "- Requests received: %d; %d answered in time, %d late, %d waiting.\n", len(answered), inTime, late, waiting)
	var links []string
	for _, d := range shipped {
		if d.Link != "" {
			links = append(links, "- "+markdown.Link(d.Title, d.Link))
		}
	}
	if len(links) > 0 {
		b.WriteString("\nLinks:\n\n" + strings.Join(links, "\n") + "\n")
	}
	return b.String(), nil
}

// draftPeriodName is "2026-W47" for an ISO week, else the first and last dates.
func draftPeriodName(p Period) string {
	if p.Kind == KindWeek {
		return p.String()
	}
	return p.Span()
}

func draftPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
