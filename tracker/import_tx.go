package tracker

import (
	"errors"
	"sort"
	"strings"
	"time"
)

// importBlocksTx imports blocks inside the transaction tx, through the same rules as a staged
// import (Import): the snapshot import holds its whole file in memory and writes all its records
// in one transaction. Problems are recorded in res by item; the caller decides whether they abort.
func importBlocksTx(tx Tx, items []ImportBlock, opt ImportOptions, now time.Time, res *ImportResult) error {
	ctx, err := loadImportCtx(tx, now)
	if err != nil {
		return err
	}
	keys, err := tx.BlockSourceKeys()
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(items))
	// The entries an earlier import stored take part in the rules as entries of the file, so that
	// a second import decides as the first did and adds nothing (see Import.settle).
	own := map[uint]bool{}
	type cand struct {
		seq   int
		b     Block
		lname string
	}
	cands := map[int]*cand{}
	var spans []span
	var opens []openEntry
	for i, it := range items {
		known := false
		if it.SourceKey != "" {
			if seen[it.SourceKey] {
				res.Existing++
				continue
			}
			seen[it.SourceKey] = true
			if id, ok := keys[it.SourceKey]; ok {
				res.Existing++
				own[id], known = true, true
			}
		}
		b, lname, p := ctx.check(it, i)
		if p != nil {
			if !known {
				res.Problems = append(res.Problems, *p)
			}
			continue
		}
		if known {
			sp := span{seq: int32(i), start: b.Start.Unix(), known: true}
			if b.End == nil {
				sp.open, sp.end = true, max(sp.start, now.Unix())
			} else {
				sp.end = b.End.Unix()
			}
			spans = append(spans, sp)
			continue
		}
		if it.SourceKey != "" {
			k := it.SourceKey
			b.SourceKey = &k
		}
		cands[i] = &cand{seq: i, b: b, lname: lname}
		sp := span{seq: int32(i), start: b.Start.Unix()}
		if b.End == nil {
			sp.open, sp.end = true, max(sp.start, now.Unix())
			opens = append(opens, openEntry{seq: i, start: b.Start})
		} else {
			sp.end = b.End.Unix()
		}
		spans = append(spans, sp)
	}
	var running *Block
	switch b, err := tx.RunningBlock(); {
	case err == nil:
		running = &b
	case !errors.Is(err, ErrNotFound):
		return err
	}
	run, fate := settleOpen(opens, running, now)
	var work, gone []span
	var lo, hi int64
	for i, sp := range spans {
		if a, ok := fate[int(sp.seq)]; ok {
			sp.leave(a, 0)
			gone = append(gone, sp)
			continue
		}
		if i == 0 || sp.start < lo {
			lo = sp.start
		}
		hi = max(hi, sp.end)
		work = append(work, sp)
	}
	var stored []BlockTime
	if len(work) > 0 {
		all, err := tx.BlockTimesIn(time.Unix(lo, 0), time.Unix(hi+1, 0))
		if err != nil {
			return err
		}
		for _, b := range all {
			if !own[b.ID] {
				stored = append(stored, b)
			}
		}
	}
	set := settle(work, stored, opt.Overlaps, now.Unix())
	res.FileOverlaps, res.StoredOverlaps = set.file, set.stored
	if set.kept() {
		if err := tx.NoteOverlaps(time.Unix(lo, 0), time.Unix(hi, 0)); err != nil {
			return err
		}
	}
	info := func(seqs []int) (map[int][2]string, error) {
		out := map[int][2]string{}
		for _, q := range seqs {
			if q >= 0 && q < len(items) {
				name := strings.TrimSpace(items[q].Block.Project)
				if name == "" {
					name = DefaultImportProject
				}
				out[q] = [2]string{items[q].Ref, name}
			}
		}
		return out, nil
	}
	var mine []span
	for _, sp := range work {
		if !sp.known {
			mine = append(mine, sp)
		}
	}
	if err := adjustments(append(mine, gone...), run, opt.loc(), info, res); err != nil {
		return err
	}
	left := map[string]*Dropped{}
	leave := func(sp span) {
		name := ctx.projectName(cands[int(sp.seq)].lname)
		if left[name] == nil {
			left[name] = &Dropped{Project: name}
		}
		left[name].Rows++
		if x := sp.x; x != nil && !x.wasOpen {
			left[name].Seconds += x.origEnd - x.origStart
		}
	}
	for _, sp := range gone {
		leave(sp)
	}
	var kept []*cand
	for _, sp := range mine {
		c := cands[int(sp.seq)]
		if sp.adj.leftOut() {
			leave(sp)
			continue
		}
		c.b.Start = time.Unix(sp.start, 0).UTC()
		if sp.open {
			c.b.End = nil
		} else {
			e := time.Unix(sp.end, 0).UTC()
			c.b.End = &e
		}
		kept = append(kept, c)
	}
	res.LeftOut = sortedDropped(left)

	// Kept IDs, projects and deliverables.
	maxID, err := tx.MaxBlockID()
	if err != nil {
		return err
	}
	usedIDs := map[uint]bool{}
	l := newLinker(ctx)
	creates := map[*cand]string{}
	neededSet := map[string]bool{}
	for _, c := range kept {
		it := items[c.seq]
		if k := it.KeepID; k != 0 && !usedIDs[k] {
			free := k > maxID
			if !free {
				if free, err = tx.IDFree(RecordBlocks, k); err != nil {
					return err
				}
			}
			if free {
				c.b.ID = k
				usedIDs[k] = true
			}
		}
		neededSet[c.lname] = true
		if it.DeliverableID != nil {
			c.b.DeliverableID = it.DeliverableID
		} else if id, create := l.resolve(c.lname, it.Deliverables, it.CreateDeliverable); id != 0 {
			c.b.DeliverableID = &id
		} else if create != "" {
			creates[c] = create
		}
	}
	var needed []string
	for lname := range neededSet {
		needed = append(needed, lname)
	}
	sort.Strings(needed)
	ids, made, err := l.createAll(tx, needed, res)
	if err != nil {
		return err
	}
	blocks := make([]Block, 0, len(kept))
	var runner *Block
	for _, c := range kept {
		c.b.ProjectID, c.b.Project = ids[c.lname], ctx.projectName(c.lname)
		if k, ok := creates[c]; ok {
			if id, ok := made[k]; ok {
				c.b.DeliverableID = &id
			}
		}
		if res.Counts[c.b.Project] == nil {
			res.Counts[c.b.Project] = map[Kind]int{}
		}
		res.Counts[c.b.Project][c.b.Kind]++
		if res.First.IsZero() || c.b.Start.Before(res.First) {
			res.First = c.b.Start
		}
		if c.b.Start.After(res.Last) {
			res.Last = c.b.Start
		}
		if c.b.End == nil {
			b := c.b
			runner = &b
			continue
		}
		res.Seconds += int64(c.b.End.Sub(c.b.Start) / time.Second)
		blocks = append(blocks, c.b)
	}
	sort.SliceStable(blocks, func(i, j int) bool { return blocks[i].Start.Before(blocks[j].Start) })
	if err := tx.InsertBlocks(blocks); err != nil {
		return err
	}
	if runner != nil {
		seen := now.UTC().Truncate(time.Second)
		runner.LastSeen = &seen
		if err := tx.CreateBlock(runner); err != nil {
			return err
		}
	}
	res.Added += len(kept)
	res.Records[string(RecordBlocks)] += len(kept)
	return nil
}
