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

// UpdateOptions says what a drafted update may include beyond the work itself.
type UpdateOptions struct {
	// CheckIn adds the week's check-in (satisfaction and balance). It is off by default: the
	// check-in is private, and the update is written to be sent.
	CheckIn bool
}

// DraftUpdate drafts a written status update for p from the report model, as DraftUpdateWith does
// with the default options: without the check-in.
func DraftUpdate(src Source, p Period) (string, error) {
	return DraftUpdateWith(src, p, UpdateOptions{})
}

// DraftUpdateWith drafts a written status update for p from the report model, as Markdown in the
// structure Context / Background / Action needed / Deadline / Optional. Every figure in it is the
// model's, under the model's names, as of the period's end (or now, while it runs). It says what
// the end-of-day closes said (the handoff notes, the first block planned next, energy) and the
// delivery-on-time figure; the check-in only when o asks for it.
func DraftUpdateWith(src Source, p Period, o UpdateOptions) (string, error) {
	if p.From.IsZero() || !p.To.After(p.From) {
		return "", fmt.Errorf("draft update: %w", &tracker.FieldError{Field: "period", Reason: "must be set"})
	}
	r, err := Build(src, Options{Period: p})
	if err != nil {
		return "", fmt.Errorf("draft update: %w", err)
	}
	loc := p.From.Location()
	from, to := p.From, p.To
	var discuss, pending []DecisionRow
	for _, d := range r.Decisions.Open {
		if d.State == tracker.DecisionNeedsDiscussion {
			discuss = append(discuss, d)
		} else {
			pending = append(pending, d)
		}
	}
	next := append([]DeliverableRow(nil), r.InProgress...)
	for _, d := range r.Upcoming {
		if d.Status != tracker.StatusInProgress {
			next = append(next, d)
		}
	}

	var b strings.Builder
	day := func(t time.Time) string { return t.In(loc).Format("Mon 2 Jan") }
	moment := func(t time.Time) string { return t.In(loc).Format("Mon 2 Jan 15:04") }
	last := to.Add(-time.Second)

	fmt.Fprintf(&b, "# Status update: %s\n\n", draftPeriodName(p))
	b.WriteString("## Context\n\n")
	fmt.Fprintf(&b, "This is the written update for %s to %s", from.In(loc).Format("Mon 2 Jan 2006"), last.In(loc).Format("Mon 2 Jan 2006"))
	if r.Author != "" {
		fmt.Fprintf(&b, " from %s", markdown.Escape(r.Author))
	}
	if r.SoFar {
		fmt.Fprintf(&b, ", so far (as of %s)", moment(r.AsOf))
	}
	fmt.Fprintf(&b, ". %s shipped, %d in progress, %s blocked.\n\n",
		draftPlural(len(r.Shipped), "deliverable", "deliverables"), len(r.InProgress),
		draftPlural(len(r.Response.Overdue)+len(discuss), "item", "items"))

	b.WriteString("## Background\n\n### Shipped\n\n")
	if len(r.Shipped) == 0 {
		b.WriteString("- Nothing shipped in this period.\n")
	}
	for _, d := range r.Shipped {
		fmt.Fprintf(&b, "- %s (%s, %s)\n", markdown.Link(d.Title, d.Link), markdown.Escape(d.Project), day(d.Shipped))
	}
	fmt.Fprintf(&b, "\n### Delivery on time\n\n- %s; %s; %s.\n", capitalizeFirst(r.Delivery.Text()), r.Delivery.LateText(), r.Delivery.OverdueText())
	if handoffs := handoffLines(r.Rituals, day); len(handoffs) > 0 {
		b.WriteString("\n### Handoff notes\n\n" + strings.Join(handoffs, ""))
	}
	decided := append(append([]DecisionRow(nil), r.Decisions.Closed...), r.Decisions.Silent...)
	sort.SliceStable(decided, func(i, j int) bool { return decided[i].At.Before(decided[j].At) })
	if len(decided) > 0 {
		b.WriteString("\n### Decided\n\n")
		for _, d := range decided {
			fmt.Fprintf(&b, "- %s: %s", markdown.Escape(d.Title), StateWords(d.State))
			if d.Outcome != "" {
				fmt.Fprintf(&b, ". %s", markdown.Escape(markdown.OneLine(d.Outcome)))
			}
			b.WriteString("\n")
		}
	}
	b.WriteString("\n### Next\n\n")
	plan, planned := planLine(r.Rituals, day)
	if len(next) == 0 && !planned {
		b.WriteString("- Nothing planned yet.\n")
	}
	b.WriteString(plan)
	for _, d := range next {
		fmt.Fprintf(&b, "- %s (%s, %s", markdown.Link(d.Title, d.Link), markdown.Escape(d.Project), StatusWords(d.Status))
		if !d.Due.IsZero() {
			fmt.Fprintf(&b, ", due %s", d.Due)
		}
		b.WriteString(")\n")
	}

	b.WriteString("\n## Action needed\n\n")
	if len(r.Response.Overdue)+len(discuss) == 0 {
		b.WriteString("- Nothing is blocked.\n")
	}
	for _, q := range r.Response.Overdue {
		fmt.Fprintf(&b, "- Overdue request: %q", markdown.Escape(q.Subject))
		if q.From != "" {
			fmt.Fprintf(&b, " from %s", markdown.Escape(q.From))
		}
		fmt.Fprintf(&b, " (%s, was due %s)\n", q.Priority, moment(q.Due))
	}
	for _, d := range discuss {
		var who []string
		for _, o := range d.Objected {
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
	horizon := to.Add(draftHorizon)
	for _, d := range pending {
		add(d.At, fmt.Sprintf("- Decision %q: object by %s, or it is accepted by silence.\n", markdown.Escape(d.Title), moment(d.At)))
	}
	for _, m := range r.Milestones {
		due := m.Due.In(loc)
		if m.Health == Done || due.Before(from) || !due.Before(horizon) {
			continue
		}
		add(due, fmt.Sprintf("- Milestone %q (%s) due %s: %d of %d shipped.\n", markdown.Escape(m.Name), markdown.Escape(m.Project), m.Due, m.Shipped, m.Total))
	}
	for _, d := range next {
		due := d.Due.In(loc)
		if d.Due.IsZero() || due.Before(from) || !due.Before(horizon) {
			continue
		}
		add(due, fmt.Sprintf("- %s due %s.\n", markdown.Escape(d.Title), d.Due))
	}
	for _, q := range r.Response.Waiting {
		if q.Due.Before(horizon) {
			add(q.Due, fmt.Sprintf("- Reply to %q by %s.\n", markdown.Escape(q.Subject), moment(q.Due)))
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
	deep, resp := r.KPIs[1], r.KPIs[2]
	fmt.Fprintf(&b, "- %s: %s.\n", deep.Label, deep.Text)
	if t := r.Deep.NoGoalText(); t != "" {
		fmt.Fprintf(&b, "- %s.\n", strings.ToUpper(t[:1])+t[1:])
	}
	received, waiting := 0, 0
	for _, row := range r.Response.Rows {
		received += row.Count
		waiting += row.Count - row.Within - row.Late
	}
	value := resp.Text
	if resp.Detail != "" {
		value += " (" + resp.Detail + ")"
	}
	fmt.Fprintf(&b, "- %s: %s; %d received, %d still within target.\n", resp.Label, value, received, waiting)
	if len(r.Rituals.Days) > 0 {
		fmt.Fprintf(&b, "- Energy: %s.\n", r.Rituals.EnergyText())
	}
	if o.CheckIn {
		fmt.Fprintf(&b, "- Check-in: %s.\n", r.Rituals.CheckInText())
	}
	var links []string
	for _, d := range r.Shipped {
		if d.Link != "" {
			links = append(links, "- "+markdown.Link(d.Title, d.Link))
		}
	}
	if len(links) > 0 {
		b.WriteString("\nLinks:\n\n" + strings.Join(links, "\n") + "\n")
	}
	return b.String(), nil
}

// StateWords writes a decision state in words: "accepted by silence", "needs discussion".
func StateWords(s tracker.DecisionState) string { return strings.ReplaceAll(string(s), "_", " ") }

// StatusWords writes a deliverable status in words: "in progress".
func StatusWords(s tracker.Status) string { return strings.ReplaceAll(string(s), "_", " ") }

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

// handoffLines are the period's handoff notes, one line per closed day that left one.
func handoffLines(rt Rituals, day func(time.Time) string) []string {
	var out []string
	for _, d := range rt.Days {
		if d.Handoff != "" {
			out = append(out, fmt.Sprintf("- %s: %s\n", day(d.ClosedAt), markdown.Escape(markdown.OneLine(d.Handoff))))
		}
	}
	return out
}

// planLine is the first block the period's last close with a plan planned, and how many closed
// days planned one: "- First block planned (Fri 20 Nov close): Finish Export (Beta); 1 of 4
// closed days planned the next one.". planned is false when no close planned anything.
func planLine(rt Rituals, day func(time.Time) string) (line string, planned bool) {
	n := 0
	var last ClosedDay
	for _, d := range rt.Days {
		if !d.Tomorrow.IsZero() {
			n++
			last = d
		}
	}
	if n == 0 {
		return "", false
	}
	return fmt.Sprintf("- First block planned (%s close): %s (%s); %d of %s planned the next one.\n", day(last.ClosedAt),
		markdown.Escape(last.Tomorrow.Goal), markdown.Escape(last.Tomorrow.Project), n, countText(len(rt.Days), "closed day", "closed days")), true
}

func capitalizeFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
