package tracker

import (
	"fmt"
	"sort"
	"strings"
	"time"
)

// OverlapPolicy says what an import does with blocks that overlap each other or blocks already
// stored. Blocks typed into Shiplog never overlap anything (AddBlock, StartBlock and EditBlock
// refuse it); imported ones may, because the trackers people come from allow it: a timer left
// running while a meeting is logged by hand, a long entry with short ones inside it. Where blocks
// overlap, reports count the overlapped span once, for the block that started later (Attribute).
type OverlapPolicy string

// The overlap policies. Keeping is the default, so that an import never fails for an overlap.
const (
	// OverlapKeep keeps every block with its original start and end.
	OverlapKeep OverlapPolicy = "keep"
	// OverlapTrim ends the earlier of two overlapping blocks where the later one begins. A stored
	// block is never shortened: the imported one is shortened or, if nothing of it is left, left
	// out instead.
	OverlapTrim OverlapPolicy = "trim"
	// OverlapSkip leaves out the later of two overlapping blocks of the file, and an imported
	// block that overlaps a stored one.
	OverlapSkip OverlapPolicy = "skip"
)

// ParseOverlapPolicy reads an --overlaps value, ignoring case; "" is keep.
func ParseOverlapPolicy(s string) (OverlapPolicy, error) {
	switch p := OverlapPolicy(strings.ToLower(strings.TrimSpace(s))); p {
	case "":
		return OverlapKeep, nil
	case OverlapKeep, OverlapTrim, OverlapSkip:
		return p, nil
	}
	return "", invalid("overlaps", "must be keep, trim or skip; got %q", s)
}

// MaxOpenAge is how long ago an imported open entry (an interval without an end) may have started
// to become the running block. An older one was forgotten, and running it on would make a block of
// months.
const MaxOpenAge = 24 * time.Hour

// Overlaps measures blocks that overlap: Count blocks overlap others, and Total is the time they
// count more than once, which reports count once.
type Overlaps struct {
	Count int
	Total time.Duration
}

// BlockTime is a stored block's place in time, in Unix seconds, for the overlap rules of an
// import, which may read hundreds of thousands of them. End is 0 while the block runs.
type BlockTime struct {
	ID         uint
	Start, End int64
}

// adjustment says what the overlap or open-entry rules did to an imported block.
type adjustment uint8

const (
	adjNone adjustment = iota
	// adjFileSkip: left out for overlapping an earlier kept block of the file (skip).
	adjFileSkip
	// adjFileSame: left out because a block of the file starts at the same time (trim).
	adjFileSame
	// adjStoredSkip: left out for overlapping a stored block (skip).
	adjStoredSkip
	// adjStoredCovered: left out because stored blocks cover all of it (trim).
	adjStoredCovered
	// adjOpenOld, adjOpenFuture, adjOpenLater and adjOpenBusy leave out an open entry.
	adjOpenOld
	adjOpenFuture
	adjOpenLater
	adjOpenBusy
)

// leftOut reports whether the adjustment leaves the block out.
func (a adjustment) leftOut() bool { return a != adjNone }

// span is an imported block on its way through the overlap rules: where it is in the import and
// its times in Unix seconds (an open one ends now for the rules). An import may hold a million of
// them, so what the rules did to one is kept apart, in x, and only for those they changed.
type span struct {
	start, end int64
	seq        int32
	adj        adjustment
	open       bool
	// known marks an entry that an earlier import of the file stored: it takes part in the rules
	// as an entry of the file but is not imported again, and not measured.
	known bool
	x     *spanInfo
}

// spanInfo is what the rules did to a span: its times before, and the block of the file (by seq)
// or the stored block (by ID) that moved its start, cut its end or left it out.
type spanInfo struct {
	origStart, origEnd   int64
	other, cutBy         int64
	movedBy              uint
	cutByStored, wasOpen bool
	startMoved, endCut   bool
}

// note returns the span's spanInfo, made with its times as they are now; call it before changing
// them.
func (s *span) note() *spanInfo {
	if s.x == nil {
		s.x = &spanInfo{origStart: s.start, origEnd: s.end, wasOpen: s.open}
	}
	return s.x
}

// changed reports whether the rules changed or left out the block.
func (s *span) changed() bool { return s.adj != adjNone || s.x != nil }

// leave leaves the span out for reason a, naming the block of the file or the stored block other.
func (s *span) leave(a adjustment, other int64) {
	s.note().other = other
	s.adj = a
}

// interval is a stretch of time in Unix seconds, with a stored block that lies in it for messages.
type interval struct {
	start, end int64
	id         uint
}

// unionOf merges stored blocks (sorted by start) into disjoint stretches; touching ones merge too,
// so that a start moved past one lands outside all of them. A running block ends now.
func unionOf(stored []BlockTime, now int64) []interval {
	var out []interval
	for _, b := range stored {
		end := b.End
		if end == 0 {
			end = max(b.Start, now)
		}
		if n := len(out); n > 0 && b.Start <= out[n-1].end {
			out[n-1].end = max(out[n-1].end, end)
			continue
		}
		out = append(out, interval{start: b.Start, end: end, id: b.ID})
	}
	return out
}

// settlement is what the overlap rules made of an import: the spans changed in place, and the
// overlaps measured before the policy, within the file and against stored blocks.
type settlement struct {
	file, stored Overlaps
	policy       OverlapPolicy
}

// kept reports whether the imported blocks keep overlaps: the policy keeps them, and there are some.
func (s settlement) kept() bool {
	return (s.policy == OverlapKeep || s.policy == "") && s.file.Count+s.stored.Count > 0
}

// settle applies the overlap policy to the imported spans (in any order) against each other and
// against the stored blocks (sorted by start). Overlaps are measured first, on the spans as the
// file has them. Stored blocks come first: under trim an imported block is moved or cut so that it
// overlaps none of them, under skip it is left out if it overlaps one. Then the file's own blocks
// are settled among themselves in order of their start: trim ends the earlier where the later
// begins (and leaves out the earlier if both start together), skip leaves out the later one.
func settle(spans []span, stored []BlockTime, policy OverlapPolicy, now int64) settlement {
	byStart := func() {
		sort.Slice(spans, func(a, b int) bool {
			if spans[a].start != spans[b].start {
				return spans[a].start < spans[b].start
			}
			return spans[a].seq < spans[b].seq
		})
	}
	byStart()
	u := unionOf(stored, now)
	res := settlement{file: measureFile(spans), stored: measureStored(spans, u), policy: policy}
	if policy == OverlapKeep || policy == "" {
		return res
	}
	for i := range spans {
		s := &spans[i]
		// k is the last stretch of stored time that starts before the span ends.
		k := sort.Search(len(u), func(j int) bool { return u[j].start >= s.end }) - 1
		if k < 0 || u[k].end <= s.start {
			continue
		}
		if policy == OverlapSkip {
			s.leave(adjStoredSkip, int64(u[k].id))
			continue
		}
		// Under trim, a start inside stored time moves to its end, and an end past the start of
		// the next stored time is cut there.
		x := s.note()
		j := sort.Search(len(u), func(j int) bool { return u[j].start > s.start }) - 1
		if j >= 0 && u[j].end > s.start {
			s.start, x.movedBy, x.startMoved = u[j].end, u[j].id, true
		}
		if n := j + 1; n < len(u) && u[n].start < s.end {
			s.end, x.cutBy, x.cutByStored, x.endCut, s.open = u[n].start, int64(u[n].id), true, true, false
		}
		if s.end <= s.start {
			s.leave(adjStoredCovered, int64(u[k].id))
		}
	}
	byStart()
	var last *span
	for i := range spans {
		s := &spans[i]
		if s.adj.leftOut() {
			continue
		}
		if last == nil || last.end <= s.start {
			last = s
			continue
		}
		switch {
		case policy == OverlapSkip:
			s.leave(adjFileSkip, int64(last.seq))
		case last.start < s.start:
			x := last.note()
			last.end, x.cutBy, x.cutByStored, x.endCut, last.open = s.start, int64(s.seq), false, true, false
			last = s
		default:
			last.leave(adjFileSame, int64(s.seq))
			last = s
		}
	}
	return res
}

// measureFile counts the spans (sorted by start) that start before an earlier one has ended, and
// the time counted more than once: the sum of their lengths less the length of their union.
func measureFile(spans []span) Overlaps {
	var o Overlaps
	var sum, union, curStart, curEnd int64
	k := 0
	for _, s := range spans {
		if s.known {
			continue
		}
		sum += s.end - s.start
		k++
		switch {
		case k == 1:
			curStart, curEnd = s.start, s.end
		case s.start < curEnd:
			o.Count++
			curEnd = max(curEnd, s.end)
		default:
			union += curEnd - curStart
			curStart, curEnd = s.start, s.end
		}
	}
	if k > 0 {
		union += curEnd - curStart
	}
	o.Total = time.Duration(sum-union) * time.Second
	return o
}

// measureStored counts the spans (sorted by start) that overlap stored time u, and the time the
// import would count a second time: the length of the union of the spans inside u.
func measureStored(spans []span, u []interval) Overlaps {
	var o Overlaps
	if len(u) == 0 {
		return o
	}
	var mine []interval
	for i := range spans {
		s := &spans[i]
		if s.known {
			continue
		}
		k := sort.Search(len(u), func(j int) bool { return u[j].start >= s.end }) - 1
		if k >= 0 && u[k].end > s.start {
			o.Count++
		}
		if n := len(mine); n > 0 && s.start <= mine[n-1].end {
			mine[n-1].end = max(mine[n-1].end, s.end)
		} else {
			mine = append(mine, interval{start: s.start, end: s.end})
		}
	}
	var both int64
	for i, j := 0, 0; i < len(mine) && j < len(u); {
		from, to := max(mine[i].start, u[j].start), min(mine[i].end, u[j].end)
		if to > from {
			both += to - from
		}
		if mine[i].end < u[j].end {
			i++
		} else {
			j++
		}
	}
	o.Total = time.Duration(both) * time.Second
	return o
}

// openEntry is an imported open entry: an interval without an end.
type openEntry struct {
	seq   int
	start time.Time
}

// settleOpen decides which open entry may become the running block: none that starts in the future
// or more than MaxOpenAge ago, then only the one that starts last, and that one only if no block
// runs in Shiplog. It returns the seq of the one that runs (-1 for none) and the others' fate.
func settleOpen(opens []openEntry, running *Block, now time.Time) (int, map[int]adjustment) {
	fate := map[int]adjustment{}
	run := -1
	var runStart time.Time
	for _, o := range opens {
		switch {
		case o.start.After(now):
			fate[o.seq] = adjOpenFuture
		case now.Sub(o.start) > MaxOpenAge:
			fate[o.seq] = adjOpenOld
		case run >= 0 && !o.start.After(runStart):
			fate[o.seq] = adjOpenLater
		default:
			if run >= 0 {
				fate[run] = adjOpenLater
			}
			run, runStart = o.seq, o.start
		}
	}
	if run >= 0 && running != nil {
		fate[run] = adjOpenBusy
		run = -1
	}
	return run, fate
}

// Adjusted is an imported entry that the overlap policy or the open-entry rules changed or left
// out, with the reason in words.
type Adjusted struct {
	Ref     string
	Project string
	// What names what became of the entry: AdjustedTrimmed or AdjustedRunning for one imported,
	// AdjustedOverlap or AdjustedOpen for one left out.
	What string
	// LeftOut is set when the entry was not imported; otherwise it was shortened, or it runs.
	LeftOut bool
	Running bool
	Detail  string
	// Seconds is the entry's length as the file has it (an open one's up to now).
	Seconds int64
}

// The values of Adjusted.What.
const (
	AdjustedTrimmed = "trimmed"
	AdjustedRunning = "running"
	AdjustedOverlap = "overlap"
	AdjustedOpen    = "open interval"
)

// what names an adjustment as Adjusted.What does.
func (a adjustment) what() string {
	switch a {
	case adjNone:
		return AdjustedTrimmed
	case adjOpenOld, adjOpenFuture, adjOpenLater, adjOpenBusy:
		return AdjustedOpen
	}
	return AdjustedOverlap
}

// adjText says in words what the rules did to a span. ref names another entry of the file by seq.
func adjText(s *span, ref func(seq int64) string, loc *time.Location) string {
	at := func(t int64) string { return time.Unix(t, 0).In(loc).Format("2006-01-02 15:04:05") }
	x := s.note()
	switch s.adj {
	case adjFileSkip:
		return fmt.Sprintf("overlaps %s; --overlaps skip leaves out the later entry", ref(x.other))
	case adjFileSame:
		return fmt.Sprintf("%s starts at the same time; --overlaps trim leaves nothing of it", ref(x.other))
	case adjStoredSkip:
		return fmt.Sprintf("overlaps block %d already in Shiplog; --overlaps skip leaves it out", x.other)
	case adjStoredCovered:
		return fmt.Sprintf("lies within block %d and others already in Shiplog; --overlaps trim leaves nothing of it", x.other)
	case adjOpenFuture:
		return fmt.Sprintf("open interval that starts in the future (%s)", at(x.origStart))
	case adjOpenOld:
		return fmt.Sprintf("open since %s, more than 24 hours ago; only an interval started within the last 24 hours "+
			"becomes the running block", at(x.origStart))
	case adjOpenLater:
		return "open interval; another open interval starts later and runs"
	case adjOpenBusy:
		return fmt.Sprintf("open since %s, but a block is running in Shiplog; an open interval becomes the running "+
			"block only when nothing runs", at(x.origStart))
	}
	var parts []string
	if x.startMoved {
		parts = append(parts, fmt.Sprintf("starts at %s, where block %d already in Shiplog ends, instead of %s",
			at(s.start), x.movedBy, at(x.origStart)))
	}
	if x.endCut {
		by := ref(x.cutBy)
		if x.cutByStored {
			by = fmt.Sprintf("block %d already in Shiplog", x.cutBy)
		}
		was := at(x.origEnd)
		if x.wasOpen {
			was = "running on"
		}
		parts = append(parts, fmt.Sprintf("ends at %s, where %s begins, instead of %s", at(s.end), by, was))
	}
	return strings.Join(parts, "; ")
}
