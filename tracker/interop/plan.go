package interop

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/interop/parse"
)

// OverlapPolicy says what an import does with entries of one file that overlap each other.
type OverlapPolicy string

// The overlap policies. Real trackers allow overlaps (a timer left running while a meeting is
// logged by hand), so keeping them is the default.
const (
	// OverlapKeep keeps every entry with its original start and end.
	OverlapKeep OverlapPolicy = "keep"
	// OverlapTrim ends the earlier entry where the later one begins.
	OverlapTrim OverlapPolicy = "trim"
	// OverlapSkip leaves out the later entry.
	OverlapSkip OverlapPolicy = "skip"
)

// ParseOverlapPolicy reads an --overlaps value; "" is keep.
func ParseOverlapPolicy(s string) (OverlapPolicy, error) {
	switch p := OverlapPolicy(strings.ToLower(strings.TrimSpace(s))); p {
	case "":
		return OverlapKeep, nil
	case OverlapKeep, OverlapTrim, OverlapSkip:
		return p, nil
	}
	return "", tracker.Invalidf("the overlap policy must be keep, trim or skip; got %q", s)
}

const (
	// MaxOpenAge is how long ago an open interval may have started to become the running block.
	// An older one was forgotten, and running it on would make a block of months.
	MaxOpenAge = 24 * time.Hour
	// LongEntry is the length past which an entry is flagged: kept, but worth a look.
	LongEntry = 24 * time.Hour
	// durationSlack is how far a file's duration column may be from start to end and still agree:
	// exports round each of the three to the second.
	durationSlack = time.Second
)

// Candidate is an entry of a file on its way to becoming a block.
type Candidate struct {
	Item tracker.ImportBlock
	// Stated is the file's own duration column, if it has one.
	Stated *time.Duration
}

// SkipReason says why an entry is left out.
type SkipReason string

// The reasons an entry is left out before it reaches the tracker.
const (
	SkipInvalid    SkipReason = "invalid"
	SkipZeroLength SkipReason = "zero-length"
	SkipOpen       SkipReason = "open interval"
	SkipOverlap    SkipReason = "overlap"
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

// The flags an imported entry can carry.
const (
	FlagLong     FlagKind = "longer than 24 hours"
	FlagDuration FlagKind = "duration column disagrees"
	FlagTrimmed  FlagKind = "trimmed"
	FlagRunning  FlagKind = "running"
)

// Flag is an imported entry worth a look.
type Flag struct {
	Ref    string
	Kind   FlagKind
	Detail string
}

// Overlaps measures the entries of a file that overlap each other: Count entries start before an
// earlier entry has ended, and Total is the time the file counts more than once (the sum of the
// entries' lengths less the length of their union), which reports count once.
type Overlaps struct {
	Count int
	Total time.Duration
}

// Plan is what an import will do with a file, decided before anything reaches the tracker. The dry
// run prints it and the import carries it out, so that both count problems the same way.
type Plan struct {
	// Items are the blocks to import, in file order, with ends trimmed under OverlapTrim. At most
	// one is running (End nil): the open interval that started within MaxOpenAge.
	Items    []tracker.ImportBlock
	Skipped  []Skipped
	Flags    []Flag
	Overlaps Overlaps
	Policy   OverlapPolicy
	// FirstDay and LastDay are the local days on which the first and the last item start.
	FirstDay, LastDay tracker.Date
	// Seconds is the length of the finished items, added up.
	Seconds int64
	// Counts is the number of items by project (as mapped) and kind.
	Counts map[string]map[tracker.Kind]int
	// Notes are what the reader decided or ignored (the order of day and month, lines skipped).
	Notes []string
}

// PlanOptions are the inputs of the in-file rules.
type PlanOptions struct {
	Overlaps OverlapPolicy
	// Now decides which open interval is recent enough to run.
	Now      time.Time
	Location *time.Location
}

// span is a candidate's interval; a running one ends now for the overlap rules.
type span struct {
	i          int
	start, end time.Time
	running    bool
}

// BuildPlan applies the in-file rules: unreadable rows and zero-length entries are skipped, an
// open interval runs only if it started within MaxOpenAge (and only the latest), overlaps within
// the file are measured and handled by the policy, and long entries and disagreeing duration
// columns are flagged.
func BuildPlan(cands []Candidate, bad []*parse.Error, opt PlanOptions) Plan {
	if opt.Overlaps == "" {
		opt.Overlaps = OverlapKeep
	}
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	p := Plan{Policy: opt.Overlaps, Counts: map[string]map[tracker.Kind]int{}}
	for _, b := range bad {
		p.Skipped = append(p.Skipped, Skipped{Ref: b.Ref, Column: b.Column, Reason: SkipInvalid, Detail: b.Reason,
			Project: b.Project, Seconds: -1})
	}
	skip := func(c Candidate, reason SkipReason, detail string) {
		it := c.Item
		var secs int64
		if it.Block.End != nil {
			secs = int64(it.Block.End.Sub(it.Block.Start) / time.Second)
		}
		p.Skipped = append(p.Skipped, Skipped{Ref: it.Ref, Column: it.Columns["start"], Reason: reason, Detail: detail,
			Project: projectOf(it), Seconds: secs})
	}
	var spans []span
	running := -1
	for i, c := range cands {
		b := c.Item.Block
		switch {
		case b.End == nil:
			age := opt.Now.Sub(b.Start)
			switch {
			case age < 0:
				skip(c, SkipOpen, fmt.Sprintf("open interval that starts in the future (%s)", localTime(b.Start, loc)))
			case age > MaxOpenAge:
				skip(c, SkipOpen, fmt.Sprintf("open since %s, more than 24 hours ago; only an interval started within "+
					"the last 24 hours becomes the running block", localTime(b.Start, loc)))
			case running >= 0 && !b.Start.After(cands[running].Item.Block.Start):
				skip(c, SkipOpen, fmt.Sprintf("open interval; the one at %s starts later and runs", cands[running].Item.Ref))
			default:
				if running >= 0 {
					skip(cands[running], SkipOpen, fmt.Sprintf("open interval; the one at %s starts later and runs", c.Item.Ref))
					spans = dropSpan(spans, running)
				}
				running = i
				spans = append(spans, span{i: i, start: b.Start, end: opt.Now, running: true})
			}
		case b.End.Equal(b.Start):
			skip(c, SkipZeroLength, fmt.Sprintf("starts and ends at %s", localTime(b.Start, loc)))
		default:
			spans = append(spans, span{i: i, start: b.Start, end: *b.End})
		}
	}
	sort.SliceStable(spans, func(a, b int) bool {
		if !spans[a].start.Equal(spans[b].start) {
			return spans[a].start.Before(spans[b].start)
		}
		return spans[a].i < spans[b].i
	})
	p.Overlaps = measureOverlaps(spans)
	kept := p.applyPolicy(spans, cands, loc, skip)

	sort.Slice(kept, func(a, b int) bool { return kept[a].i < kept[b].i })
	for _, s := range kept {
		c := cands[s.i]
		it := c.Item
		if !s.running {
			end := s.end
			it.Block.End = &end
			p.Seconds += int64(end.Sub(s.start) / time.Second)
			if d := end.Sub(s.start); d > LongEntry {
				p.Flags = append(p.Flags, Flag{Ref: it.Ref, Kind: FlagLong, Detail: fmt.Sprintf("%s, from %s", hoursText(d), localTime(s.start, loc))})
			}
		} else {
			p.Flags = append(p.Flags, Flag{Ref: it.Ref, Kind: FlagRunning, Detail: fmt.Sprintf("open since %s; it becomes the running block",
				localTime(s.start, loc))})
		}
		if c.Stated != nil && c.Item.Block.End != nil {
			actual := c.Item.Block.End.Sub(c.Item.Block.Start)
			if diff := *c.Stated - actual; diff > durationSlack || diff < -durationSlack {
				p.Flags = append(p.Flags, Flag{Ref: it.Ref, Kind: FlagDuration, Detail: fmt.Sprintf("the file says %s, start to end is %s; "+
					"start and end are used", clockText(*c.Stated), clockText(actual))})
			}
		}
		p.Items = append(p.Items, it)
		name := projectOf(it)
		if p.Counts[name] == nil {
			p.Counts[name] = map[tracker.Kind]int{}
		}
		p.Counts[name][it.Block.Kind]++
		day := tracker.DateOf(s.start, loc)
		if p.FirstDay == "" || day < p.FirstDay {
			p.FirstDay = day
		}
		if day > p.LastDay {
			p.LastDay = day
		}
	}
	sort.SliceStable(p.Skipped, func(a, b int) bool { return refOrder(p.Skipped[a].Ref) < refOrder(p.Skipped[b].Ref) })
	sort.SliceStable(p.Flags, func(a, b int) bool { return refOrder(p.Flags[a].Ref) < refOrder(p.Flags[b].Ref) })
	return p
}

func dropSpan(spans []span, i int) []span {
	for k := range spans {
		if spans[k].i == i {
			return append(spans[:k], spans[k+1:]...)
		}
	}
	return spans
}

// measureOverlaps counts the spans (sorted by start) that start before an earlier one has ended,
// and the time counted more than once.
func measureOverlaps(spans []span) Overlaps {
	var o Overlaps
	var sum, union time.Duration
	var curStart, curEnd time.Time
	for k, s := range spans {
		sum += s.end.Sub(s.start)
		switch {
		case k == 0:
			curStart, curEnd = s.start, s.end
		case s.start.Before(curEnd):
			o.Count++
			if s.end.After(curEnd) {
				curEnd = s.end
			}
		default:
			union += curEnd.Sub(curStart)
			curStart, curEnd = s.start, s.end
		}
	}
	if len(spans) > 0 {
		union += curEnd.Sub(curStart)
	}
	o.Total = sum - union
	return o
}

// applyPolicy returns the spans to keep. Under trim and skip the kept spans never overlap, so that
// each new span need only be checked against the last one kept.
func (p *Plan) applyPolicy(spans []span, cands []Candidate, loc *time.Location, skip func(Candidate, SkipReason, string)) []span {
	if p.Policy == OverlapKeep {
		return spans
	}
	kept := make([]span, 0, len(spans))
	for _, s := range spans {
		if len(kept) == 0 || !kept[len(kept)-1].end.After(s.start) {
			kept = append(kept, s)
			continue
		}
		last := &kept[len(kept)-1]
		lastRef, ref := cands[last.i].Item.Ref, cands[s.i].Item.Ref
		if p.Policy == OverlapSkip {
			skip(cands[s.i], SkipOverlap, fmt.Sprintf("overlaps %s (%s to %s); --overlaps skip leaves out the later entry",
				lastRef, localTime(last.start, loc), localTime(last.end, loc)))
			continue
		}
		if !last.start.Before(s.start) {
			skip(cands[last.i], SkipOverlap, fmt.Sprintf("%s starts at the same time; --overlaps trim leaves nothing of it", ref))
			kept[len(kept)-1] = s
			continue
		}
		p.Flags = append(p.Flags, Flag{Ref: lastRef, Kind: FlagTrimmed, Detail: fmt.Sprintf("ends at %s, where %s begins, instead of %s",
			localTime(s.start, loc), ref, localTime(last.end, loc))})
		last.end, last.running = s.start, false
		kept = append(kept, s)
	}
	return kept
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
