package interop

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/markdown"
)

// MADRStatus is the MADR status word for a decision state.
func MADRStatus(st tracker.DecisionState) string {
	switch st {
	case tracker.DecisionAccepted, tracker.DecisionAcceptedBySilence:
		return "accepted"
	case tracker.DecisionRejected:
		return "rejected"
	}
	return "proposed"
}

// MADRFileName is the record's file name: the zero-padded ID and a slug of the title, such as
// "0007-use-sqlite-for-storage.md". It contains only [a-z0-9-] and the extension, so it can
// never name a path outside the folder it is written to.
func MADRFileName(d tracker.Decision) string {
	slug := tracker.Slug(d.Title, 60)
	if slug == "" {
		slug = "decision"
	}
	return fmt.Sprintf("%04d-%s.md", d.ID, slug)
}

// MADR writes a decision as a Markdown Architectural tracker.Decision Record, with times in loc.
func MADR(d tracker.Decision, loc *time.Location) string {
	var b strings.Builder
	date := d.ProposedAt
	if d.ClosedAt != nil {
		date = *d.ClosedAt
	} else if d.State == tracker.DecisionAcceptedBySilence || d.State == tracker.DecisionNeedsDiscussion {
		date = d.Deadline
	}
	b.WriteString("---\n")
	fmt.Fprintf(&b, "status: %s\n", MADRStatus(d.State))
	fmt.Fprintf(&b, "date: %s\n", date.In(loc).Format(time.DateOnly))
	if len(d.Objections) > 0 {
		var who []string
		seen := map[string]bool{}
		for _, o := range d.Objections {
			if !seen[o.By] {
				seen[o.By] = true
				who = append(who, yamlQuote(o.By))
			}
		}
		fmt.Fprintf(&b, "consulted: [%s]\n", strings.Join(who, ", "))
	}
	b.WriteString("---\n\n")
	fmt.Fprintf(&b, "# %s\n\n", markdown.Escape(d.Title))
	b.WriteString("## Context and Problem Statement\n\n")
	if c := strings.TrimSpace(d.Context); c != "" {
		b.WriteString(c + "\n\n")
	} else {
		b.WriteString("No context was recorded.\n\n")
	}
	b.WriteString("## Decision Outcome\n\n")
	switch d.State {
	case tracker.DecisionOpen:
		fmt.Fprintf(&b, "Proposed; open for objections until %s. Without objections it is accepted by silence.\n\n", d.Deadline.In(loc).Format("2006-01-02 15:04 MST"))
	case tracker.DecisionAcceptedBySilence:
		fmt.Fprintf(&b, "Accepted by silence: nobody objected before the deadline, %s.\n\n", d.Deadline.In(loc).Format("2006-01-02 15:04 MST"))
	case tracker.DecisionNeedsDiscussion:
		fmt.Fprintf(&b, "Needs discussion: %s before the deadline, %s.\n\n", objectionsWere(len(d.Objections)), d.Deadline.In(loc).Format("2006-01-02 15:04 MST"))
	case tracker.DecisionAccepted:
		b.WriteString("Accepted by the proposer.\n\n")
	case tracker.DecisionRejected:
		b.WriteString("Rejected by the proposer.\n\n")
	}
	if o := strings.TrimSpace(d.Outcome); o != "" {
		b.WriteString(o + "\n\n")
	}
	if len(d.Objections) > 0 {
		b.WriteString("### Objections\n\n")
		for _, o := range d.Objections {
			fmt.Fprintf(&b, "- %s (%s): %s\n", markdown.Escape(o.By), o.At.In(loc).Format("2006-01-02 15:04"), markdown.OneLine(o.Reason))
		}
		b.WriteString("\n")
	}
	b.WriteString("## More Information\n\n")
	if d.Project != "" {
		fmt.Fprintf(&b, "- Project: %s\n", markdown.Escape(d.Project))
	}
	fmt.Fprintf(&b, "- Proposed: %s\n", d.ProposedAt.In(loc).Format("2006-01-02 15:04 MST"))
	fmt.Fprintf(&b, "- Deadline: %s\n", d.Deadline.In(loc).Format("2006-01-02 15:04 MST"))
	if d.ClosedAt != nil {
		fmt.Fprintf(&b, "- Closed: %s\n", d.ClosedAt.In(loc).Format("2006-01-02 15:04 MST"))
	}
	fmt.Fprintf(&b, "- Shiplog decision %d\n", d.ID)
	return b.String()
}

func yamlQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ").Replace(s) + `"`
}

// ExportMADR writes one MADR file per decision into dir and returns the file names written. An
// existing file is refused, before anything is written, unless force is set. Files are opened
// through os.Root, so that nothing is ever written outside dir.
func ExportMADR(ds []tracker.Decision, dir string, force bool, loc *time.Location) ([]string, error) {
	if strings.TrimSpace(dir) == "" {
		return nil, fmt.Errorf("export decisions: %w", &tracker.FieldError{Field: "out", Reason: "must not be empty"})
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("export decisions: %w", err)
	}
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, fmt.Errorf("export decisions: %w", err)
	}
	defer root.Close()
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = MADRFileName(d)
		if force {
			continue
		}
		if _, err := root.Lstat(names[i]); err == nil {
			return nil, fmt.Errorf("export decision %d: %w", d.ID, &tracker.ConflictError{Msg: fmt.Sprintf("%s already exists in %s; use --force to replace it", names[i], dir)})
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("export decision %d: %w", d.ID, err)
		}
	}
	flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
	if force {
		flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
	}
	for i, d := range ds {
		f, err := root.OpenFile(names[i], flags, 0o644)
		if err != nil {
			return names[:i], fmt.Errorf("export decision %d: %w", d.ID, err)
		}
		_, werr := f.WriteString(MADR(d, loc))
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			return names[:i], fmt.Errorf("export decision %d: %w", d.ID, werr)
		}
	}
	return names, nil
}

// objectionsWere counts objections in a sentence: "1 objection was", "2 objections were".
func objectionsWere(n int) string {
	if n == 1 {
		return "1 objection was"
	}
	return fmt.Sprintf("%d objections were", n)
}
