package tracker

import (
	"sort"
	"time"
)

// InvestedWithin sums, by deliverable, the seconds of the blocks linked to one inside [from, to)
// (a zero bound is open) and before until (unless zero), twice: raw, each block's whole span, and
// counted, the time Attribute gives each block, so that where imported blocks overlap a minute
// counts once, for the block that started later, as in every other figure. blocks must be in
// the order ListBlocks gives (by start, then ID) and hold every block that runs inside the window.
// A running block runs until now. Seconds are whole, as stored.
func InvestedWithin(blocks []Block, from, to, now, until time.Time) (raw, counted map[uint]int64) {
	raw, counted = map[uint]int64{}, map[uint]int64{}
	spans := make([]BlockSpan, len(blocks))
	for i, b := range blocks {
		spans[i] = BlockSpan{Kind: b.Kind, Start: b.Start, End: b.End}
	}
	clip := func(a, b time.Time) int64 {
		lo, hi := a.Unix(), b.Unix()
		if !from.IsZero() {
			lo = max(lo, from.Unix())
		}
		if !to.IsZero() {
			hi = min(hi, to.Unix())
		}
		if !until.IsZero() {
			hi = min(hi, until.Unix())
		}
		return max(0, hi-lo)
	}
	for i, parts := range Attribute(spans, now) {
		b := blocks[i]
		if b.DeliverableID == nil {
			continue
		}
		end := now
		if b.End != nil {
			end = *b.End
		}
		d := *b.DeliverableID
		raw[d] += clip(b.Start, end)
		for _, p := range parts {
			counted[d] += clip(p.From, p.To)
		}
	}
	return raw, counted
}

// countOverlapsOnce corrects invested sums that count every block whole (the store's) where the
// record says imported blocks may overlap: inside each such stretch, the overlapped time moves to
// the block that counts it. Outside them blocks never overlap, so the sums stand.
func countOverlapsOnce(tx Tx, invested map[uint]int64, now, until time.Time) error {
	stretches, err := tx.OverlapStretches()
	if err != nil || len(stretches) == 0 {
		return err
	}
	for _, st := range mergeStretches(stretches) {
		across, err := tx.BlocksAcross(st[0], 0)
		if err != nil {
			return err
		}
		also := make([]uint, len(across))
		for i, b := range across {
			also[i] = b.ID
		}
		blocks, err := tx.ListBlocks(BlockRange{From: st[0], To: st[1], Also: also})
		if err != nil {
			return err
		}
		raw, counted := InvestedWithin(blocks, st[0], st[1], now, until)
		for d, v := range raw {
			if _, ok := invested[d]; ok {
				invested[d] += counted[d] - v
			}
		}
	}
	return nil
}

// mergeStretches joins stretches that overlap or touch, so that no time is corrected twice.
func mergeStretches(in [][2]time.Time) [][2]time.Time {
	s := append([][2]time.Time(nil), in...)
	sort.Slice(s, func(i, j int) bool { return s[i][0].Before(s[j][0]) })
	out := s[:0:0]
	for _, st := range s {
		if n := len(out); n > 0 && !st[0].After(out[n-1][1]) {
			if st[1].After(out[n-1][1]) {
				out[n-1][1] = st[1]
			}
			continue
		}
		out = append(out, st)
	}
	return out
}
