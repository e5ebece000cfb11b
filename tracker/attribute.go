package tracker

import "time"

// Part is a stretch of a block's time that counts for the block: [From, To).
type Part struct {
	From, To time.Time
}

// Attribute says which time counts for which block, so that no figure counts the same minute twice:
// where blocks overlap, the overlapped span counts once, for the block that started later. At each
// instant the time goes to the block with the latest start among those running then (of two that
// start together, the later one in the list). Blocks typed into Shiplog never overlap, so for them
// every block keeps its whole span; only imported blocks can overlap (see OverlapPolicy).
//
// spans must be in the order BlockSpans lists them (by start, then ID), and should hold every block
// that overlaps the stretch of time whose figures are wanted, of every project and kind: a block of
// another project that starts later takes the time it covers. A running block ends now (or at its
// start, if that is later). Attribute returns, for each span, its parts in time order; a block that
// later blocks cover wholly has none. The parts of all blocks never overlap each other, and
// together they cover exactly the time that some block covers.
func Attribute(spans []BlockSpan, now time.Time) [][]Part {
	end := func(i int) time.Time {
		if e := spans[i].End; e != nil {
			return *e
		}
		if now.After(spans[i].Start) {
			return now
		}
		return spans[i].Start
	}
	if !Overlapping(spans, now) {
		// The common case, and the only one for blocks typed into Shiplog: every block keeps its
		// span, and the parts need one allocation.
		backing := make([]Part, len(spans))
		out := make([][]Part, len(spans))
		for i := range spans {
			if e := end(i); e.After(spans[i].Start) {
				backing[i] = Part{From: spans[i].Start, To: e}
				out[i] = backing[i : i+1 : i+1]
			}
		}
		return out
	}
	type piece struct {
		i        int
		from, to time.Time
	}
	pieces := make([]piece, 0, len(spans)+len(spans)/8)
	last := make([]int, len(spans)) // each block's latest piece, +1; 0 for none
	emit := func(i int, from, to time.Time) {
		if !to.After(from) {
			return
		}
		if k := last[i] - 1; k >= 0 && pieces[k].to.Equal(from) {
			pieces[k].to = to
			return
		}
		pieces = append(pieces, piece{i, from, to})
		last[i] = len(pieces)
	}
	// The blocks that have started are kept on a stack with the latest start on top; a block whose
	// end has passed is dropped when it reaches the top. The top block owns the time until it ends
	// or the next block starts.
	var stack []int
	var cur time.Time
	advance := func(to time.Time, forever bool) {
		for len(stack) > 0 && (forever || cur.Before(to)) {
			top := stack[len(stack)-1]
			e := end(top)
			if !e.After(cur) {
				stack = stack[:len(stack)-1]
				continue
			}
			seg := e
			if !forever && to.Before(e) {
				seg = to
			}
			emit(top, cur, seg)
			cur = seg
			if !e.After(cur) {
				stack = stack[:len(stack)-1]
			}
		}
		if !forever && cur.Before(to) {
			cur = to
		}
	}
	for i := range spans {
		if i == 0 {
			cur = spans[i].Start
		}
		advance(spans[i].Start, false)
		stack = append(stack, i)
	}
	advance(time.Time{}, true)

	// Group the pieces by block, in one backing array.
	counts := make([]int, len(spans)+1)
	for _, p := range pieces {
		counts[p.i+1]++
	}
	for i := 1; i < len(counts); i++ {
		counts[i] += counts[i-1]
	}
	backing := make([]Part, len(pieces))
	fill := append([]int(nil), counts[:len(spans)]...)
	for _, p := range pieces {
		backing[fill[p.i]] = Part{From: p.from, To: p.to}
		fill[p.i]++
	}
	out := make([][]Part, len(spans))
	for i := range out {
		out[i] = backing[counts[i]:counts[i+1]:counts[i+1]]
	}
	return out
}

// Overlapping reports whether two of the spans (in the order BlockSpans lists them) overlap: some
// span starts before an earlier one ends, a running one ending now. Where none do, Attribute gives
// every block its whole span.
func Overlapping(spans []BlockSpan, now time.Time) bool {
	var last time.Time
	for i := range spans {
		if i > 0 && spans[i].Start.Before(last) {
			return true
		}
		e := now
		if spans[i].End != nil {
			e = *spans[i].End
		}
		if i == 0 || e.After(last) {
			last = e
		}
	}
	return false
}

// PartsIn is the time of parts inside [from, to).
func PartsIn(parts []Part, from, to time.Time) time.Duration {
	var d time.Duration
	for _, p := range parts {
		s, e := p.From, p.To
		if from.After(s) {
			s = from
		}
		if to.Before(e) {
			e = to
		}
		if e.After(s) {
			d += e.Sub(s)
		}
	}
	return d
}

// PartsLength is the time of all parts.
func PartsLength(parts []Part) time.Duration {
	var d time.Duration
	for _, p := range parts {
		d += p.To.Sub(p.From)
	}
	return d
}
