package interop

import (
	"fmt"
	"strings"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/interop/parse"
)

const (
	// LongEntry is the length past which an entry is flagged: kept, but worth a look.
	LongEntry = 24 * time.Hour
	// durationSlack is how far a file's duration column may be from start to end and still agree:
	// exports round each of the three to the second.
	durationSlack = time.Second
	// maxListed bounds the entries the plan names one by one; all of them are counted.
	maxListed = 1000
)

// Candidate is an entry of a file on its way to becoming a block.
type Candidate struct {
	Item tracker.ImportBlock
	// Stated is the file's own duration column, if it has one.
	Stated *time.Duration
}

// SkipReason says why the reader left an entry out.
type SkipReason string

// The reasons the reader leaves an entry out before it reaches the tracker. The tracker leaves
// out others (overlaps under --overlaps skip, open intervals that may not run) and says so in its
// result (tracker.ImportResult.Adjusted).
const (
	SkipInvalid    SkipReason = "invalid"
	SkipZeroLength SkipReason = "zero-length"
)

// Skipped is an entry left out, with where it is, why, and what it held.
type Skipped struct {
	Ref, Column string
	Reason      SkipReason
	Detail      string
	Project     string
	Seconds     int64 // -1 when the row could not be read far enough to know
}

// FlagKind names something worth a look in an entry that is imported.
type FlagKind string

// The flags the reader puts on an entry. The tracker flags the entries its overlap policy trimmed
// and the open interval that runs (tracker.ImportResult.Adjusted).
const (
	FlagLong     FlagKind = "longer than 24 hours"
	FlagDuration FlagKind = "duration column disagrees"
)

// Flag is an imported entry worth a look.
type Flag struct {
	Ref    string
	Kind   FlagKind
	Detail string
}

// Plan is what the reader decided about a file's entries, one at a time as they stream to the
// tracker: which it skipped, which it flagged, and notes on how it read the file. The rules that
// need every entry (already imported, overlaps, the open interval) are the tracker's, and its
// result says what they did. The dry run and the import read the file alike, so both count
// problems the same way.
type Plan struct {
	// Read is the number of entries handed to the tracker.
	Read int
	// Skipped and Flags are in file order, at most maxListed each; SkippedMore and FlagsMore count
	// the rest.
	Skipped     []Skipped
	SkippedMore int
	Flags       []Flag
	FlagsMore   int
	// ZeroLength is the number of zero-length entries skipped.
	ZeroLength int
	// Notes are what the reader decided or ignored (the order of day and month, lines skipped).
	Notes []string
}

// planner applies the rules that need only one entry, on the way from the reader to the tracker:
// a row that could not be read is a problem, an entry that starts and ends at once is skipped, and
// an entry longer than LongEntry or with a duration column that disagrees with its start and end
// is flagged.
type planner struct {
	plan *Plan
	im   *tracker.Import
	loc  *time.Location
}

func (pl *planner) skip(s Skipped) {
	if len(pl.plan.Skipped) >= maxListed {
		pl.plan.SkippedMore++
		return
	}
	pl.plan.Skipped = append(pl.plan.Skipped, s)
}

func (pl *planner) flag(f Flag) {
	if len(pl.plan.Flags) >= maxListed {
		pl.plan.FlagsMore++
		return
	}
	pl.plan.Flags = append(pl.plan.Flags, f)
}

// bad records a row the reader could not read: a problem for the tracker, which fails the import
// unless --skip-invalid is given, and counts it with the other problems.
func (pl *planner) bad(e *parse.Error) {
	pl.skip(Skipped{Ref: e.Ref, Column: e.Column, Reason: SkipInvalid, Detail: e.Reason, Project: e.Project, Seconds: -1})
	project := e.Project
	if project == "" {
		project = tracker.DefaultImportProject
	}
	pl.im.Problem(tracker.RowProblem{Ref: e.Ref, Column: e.Column, Err: &rowErr{e.Reason}, Project: project, Seconds: -1})
}

// entry checks one entry and hands it to the tracker.
func (pl *planner) entry(c Candidate) error {
	it := c.Item
	b := it.Block
	if b.End != nil && b.End.Equal(b.Start) {
		pl.plan.ZeroLength++
		pl.skip(Skipped{Ref: it.Ref, Column: it.Columns["start"], Reason: SkipZeroLength, Project: projectOf(it),
			Detail: fmt.Sprintf("starts and ends at %s", localTime(b.Start, pl.loc))})
		return nil
	}
	if b.End != nil {
		if d := b.End.Sub(b.Start); d > LongEntry {
			pl.flag(Flag{Ref: it.Ref, Kind: FlagLong, Detail: fmt.Sprintf("%s, from %s", hoursText(d), localTime(b.Start, pl.loc))})
		}
		if c.Stated != nil {
			actual := b.End.Sub(b.Start)
			if diff := *c.Stated - actual; diff > durationSlack || diff < -durationSlack {
				pl.flag(Flag{Ref: it.Ref, Kind: FlagDuration, Detail: fmt.Sprintf("the file says %s, start to end is %s; "+
					"start and end are used", clockText(*c.Stated), clockText(actual))})
			}
		}
	}
	pl.plan.Read++
	return pl.im.Add(it)
}

// projectOf is the project an item lands in.
func projectOf(it tracker.ImportBlock) string {
	if name := strings.TrimSpace(it.Block.Project); name != "" {
		return name
	}
	return tracker.DefaultImportProject
}

func localTime(t time.Time, loc *time.Location) string {
	return t.In(loc).Format("2006-01-02 15:04:05")
}

// hoursText writes a length as "26 h 10 min".
func hoursText(d time.Duration) string {
	h, m := int64(d/time.Hour), int64(d%time.Hour/time.Minute)
	switch {
	case h > 0:
		return fmt.Sprintf("%d h %02d min", h, m)
	case m > 0:
		return fmt.Sprintf("%d min", m)
	}
	return fmt.Sprintf("%d s", int64(d/time.Second))
}

// clockText writes a length as HH:MM:SS, as the duration columns do.
func clockText(d time.Duration) string {
	neg := ""
	if d < 0 {
		neg, d = "-", -d
	}
	s := int64(d / time.Second)
	return fmt.Sprintf("%s%02d:%02d:%02d", neg, s/3600, s/60%60, s%60)
}
