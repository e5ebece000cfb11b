package tracker

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ImportStage holds the blocks of a file import outside the record, so that a file of millions of
// entries never sits whole in memory and the record is locked only for short merges. The Service
// applies the import's rules; the stage stores, sorts, counts and merges what they leave.
type ImportStage interface {
	// Add stages checked blocks in the order of the file.
	Add(bs []StagedBlock) error
	// DropRepeated drops the staged blocks whose source key an earlier block of the file has,
	// and counts them: the first of the file's blocks with a key is the one imported.
	DropRepeated() (int, error)
	// DropStored leaves out the staged blocks whose source key the record holds, and counts them.
	DropStored() (int, error)
	// Open lists the staged blocks still to import that have no end (open entries), by seq.
	Open() ([]StagedSpan, error)
	// Spans hands fn the staged blocks still to import and those whose source key the record holds
	// (DropStored), by seq; End is 0 for an open one. It says first how many there are.
	Spans(count func(n int), fn func(StagedSpan)) error
	// Settle records what the rules did: new times, or blocks left out.
	Settle(changes []StagedChange) error
	// Summary sums the blocks still to import and those left out by Settle.
	Summary() (StageSummary, error)
	// Refs looks up the refs and projects (as written) of staged blocks by seq.
	Refs(seqs []int) (map[int][2]string, error)
	// Links lists the distinct title lists of the blocks still to import, by project.
	Links() ([]StagedLink, error)
	// Merge writes the blocks still to import into the record, all or none: if it fails, or the
	// process dies while it runs, none of them stays (a store that merges in several transactions
	// keeps a journal and undoes a merge that did not finish, at the latest when it is next opened).
	Merge(plan MergePlan) (MergeResult, error)
	// Close removes the stage.
	Close() error
}

// StagedBlock is a checked block of an import on its way to the stage.
type StagedBlock struct {
	// Seq is the block's place in the file, from 0.
	Seq int
	// LProject is the lower-case project name, which the blocks of one project share.
	LProject string
	// Item holds the block: Block.Project is the name as written (the default applied) and the
	// times are in UTC.
	Item ImportBlock
}

// StagedSpan is a staged block's place in time as the file has it, in Unix seconds; End is 0 for
// an open entry. Stored is the ID of the stored block with its source key, if an earlier import
// stored it.
type StagedSpan struct {
	Seq        int
	Start, End int64
	Stored     uint
}

// StagedChange is what the rules did to a staged block: new times (End 0 keeps it open), or
// LeftOut.
type StagedChange struct {
	Seq        int
	Start, End int64
	LeftOut    bool
}

// StagedLink is a title list of a project's staged blocks: Titles joined by "\x1f".
type StagedLink struct {
	LProject string
	Titles   string
	Create   bool
}

// TitleList joins titles as StagedLink.Titles holds them.
func TitleList(titles []string) string { return strings.Join(titles, "\x1f") }

// StageSummary sums the staged blocks still to import, and those left out, by lower-case project.
type StageSummary struct {
	Added       int
	Seconds     int64
	First, Last time.Time
	// Projects maps each lower-case project name to the name as first written.
	Projects map[string]string
	Counts   map[string]map[Kind]int
	// LeftOut sums the blocks left out: rows and seconds as the file has them.
	LeftOut map[string][2]int64
}

// MergePlan says how to merge a stage into the record.
type MergePlan struct {
	// Prepare runs first, in the merge's first transaction, before any block is written: it
	// creates the projects and deliverables the blocks need and returns the IDs that the staged
	// project names (lower case) and title lists get.
	Prepare func(tx Tx) (MergeRefs, error)
	// Running is the seq of the open entry that becomes the running block, or -1. It is written
	// last, and only if no block runs by then.
	Running int
	// OverlapFrom and OverlapTo, when set, bound where the merged blocks overlap each other or
	// stored ones; the merge notes it for the reports (ImportStore.NoteOverlaps).
	OverlapFrom, OverlapTo time.Time
	// Guard makes the merge fail with an ErrConflict when a block stored since the plan was made
	// (an ID above SinceID) overlaps a staged block: the plan, which trimmed or left out blocks
	// for the stored ones, did not see it.
	Guard   bool
	SinceID uint
	Now     time.Time
}

// MergeRefs are the record's IDs for the staged names.
type MergeRefs struct {
	Projects map[string]uint
	Links    map[StagedLink]uint
}

// MergeResult says what a merge did beyond the plan.
type MergeResult struct {
	// Running reports whether the open entry became the running block; it does not when a block
	// was started in Shiplog during the merge.
	Running bool
}

// stageBatch is how many checked blocks are staged at once.
const stageBatch = 2000

// Import is a file import in progress. Add checks each block as it is read and stages it; Finish
// applies the rules that need all of them (source keys already stored, the open entry, overlaps)
// and merges what is left into the record. Nothing is written to the record before Finish.
type Import struct {
	svc   *Service
	opt   ImportOptions
	stage ImportStage
	ctx   *importCtx
	res   ImportResult
	seq   int
	batch []StagedBlock
	// lnames are the lower-case names of the projects of the blocks to import.
	lnames []string
	// overlapFrom and overlapTo bound the blocks to import when some of them overlap.
	overlapFrom, overlapTo time.Time
}

// BeginImport starts a file import. The caller must Close it.
func (s *Service) BeginImport(opt ImportOptions) (*Import, error) {
	if opt.Overlaps == "" {
		opt.Overlaps = OverlapKeep
	}
	if _, err := ParseOverlapPolicy(string(opt.Overlaps)); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	im := &Import{svc: s, opt: opt, res: newResult()}
	im.res.Policy = opt.Overlaps
	err := s.read(func(tx Tx) error {
		var err error
		im.ctx, err = loadImportCtx(tx, s.clock.Now())
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if im.stage, err = s.store.StageImport(); err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	return im, nil
}

// Add checks one block and stages it, or records its problem. An error is a failure to stage.
func (im *Import) Add(it ImportBlock) error {
	seq := im.seq
	im.seq++
	b, lname, p := im.ctx.check(it, seq)
	if p != nil {
		im.res.Problems = append(im.res.Problems, *p)
		return nil
	}
	it.Block = b
	im.batch = append(im.batch, StagedBlock{Seq: seq, LProject: lname, Item: it})
	if len(im.batch) >= stageBatch {
		return im.flush()
	}
	return nil
}

// Problem records a row that the reader could not turn into a block, in its place in the file.
func (im *Import) Problem(p RowProblem) {
	p.order = im.seq
	im.seq++
	im.res.Problems = append(im.res.Problems, p)
}

func (im *Import) flush() error {
	if len(im.batch) == 0 {
		return nil
	}
	err := im.stage.Add(im.batch)
	im.batch = im.batch[:0]
	if err != nil {
		return fmt.Errorf("import: stage: %w", err)
	}
	return nil
}

// Close removes the stage; the import cannot be used afterwards.
func (im *Import) Close() error {
	if im.stage == nil {
		return nil
	}
	err := im.stage.Close()
	im.stage = nil
	return err
}

// Finish applies the rules that need every block and, unless this is a dry run or a problem
// fails the import, merges the blocks into the record. The result says what the import did or
// would do, also when it fails for problems.
func (im *Import) Finish() (ImportResult, error) {
	err := im.finish()
	return im.res, importErr(err)
}

func (im *Import) finish() error {
	res := &im.res
	if err := im.flush(); err != nil {
		return err
	}
	repeated, err := im.stage.DropRepeated()
	if err != nil {
		return err
	}
	res.Existing += repeated
	known, err := im.stage.DropStored()
	if err != nil {
		return err
	}
	res.Existing += known
	run, sinceID, err := im.settle()
	if err != nil {
		return err
	}
	if err := im.summarize(); err != nil {
		return err
	}
	l, needed, refs, err := im.plan()
	if err != nil {
		return err
	}
	sortProblems(res)
	res.Dropped = droppedByProject(res.Problems)
	if err := failure(im.opt, res); err != nil {
		return err
	}
	if im.opt.DryRun || res.Added == 0 {
		return nil
	}
	mr, err := im.stage.Merge(MergePlan{Running: run, Guard: im.opt.Overlaps != OverlapKeep, SinceID: sinceID, Now: im.ctx.now,
		OverlapFrom: im.overlapFrom, OverlapTo: im.overlapTo,
		Prepare: func(tx Tx) (MergeRefs, error) {
			res.NewProjects, res.NewDeliverables = nil, nil
			ids, made, err := l.createAll(tx, needed, res)
			if err != nil {
				return MergeRefs{}, err
			}
			out := MergeRefs{Projects: ids, Links: map[StagedLink]uint{}}
			for k, r := range refs {
				if r.id != 0 {
					out.Links[k] = r.id
				} else if id, ok := made[r.create]; ok {
					out.Links[k] = id
				}
			}
			return out, nil
		}})
	if err != nil {
		return err
	}
	if run >= 0 && !mr.Running {
		// A block was started in Shiplog while the import ran, so the open entry does not run.
		for i := range res.Adjusted {
			if a := &res.Adjusted[i]; a.Running {
				a.Running, a.LeftOut, a.What = false, true, AdjustedOpen
				a.Detail = "open interval; a block was started in Shiplog during the import, so it does not run"
			}
		}
		if err := im.stage.Settle([]StagedChange{{Seq: run, LeftOut: true}}); err != nil {
			return err
		}
		return im.summarize()
	}
	return nil
}

// settle applies the open-entry rules and the overlap policy to the staged blocks and records
// what they did in the stage and the result. It returns the seq of the open entry that is to run
// (-1 for none) and the largest stored block ID the rules saw.
func (im *Import) settle() (int, uint, error) {
	res, now := &im.res, im.ctx.now
	opens, err := im.stage.Open()
	if err != nil {
		return -1, 0, err
	}
	entries := make([]openEntry, len(opens))
	for i, o := range opens {
		entries[i] = openEntry{seq: o.Seq, start: time.Unix(o.Start, 0)}
	}
	// A file may hold a million blocks: each is read straight into a span of 32 bytes, and the
	// few the rules change get the rest.
	var work []span
	var stored []BlockTime
	own := map[uint]bool{}
	var lo, hi int64
	err = im.stage.Spans(func(n int) { work = make([]span, 0, n) }, func(s StagedSpan) {
		sp := span{seq: int32(s.Seq), start: s.Start, end: s.End, known: s.Stored != 0}
		if s.End == 0 {
			sp.open, sp.end = true, max(s.Start, now.Unix())
		}
		if sp.known {
			own[s.Stored] = true
		}
		if len(work) == 0 || sp.start < lo {
			lo = sp.start
		}
		hi = max(hi, sp.end)
		work = append(work, sp)
	})
	if err != nil {
		return -1, 0, err
	}
	var running *Block
	var sinceID uint
	err = im.svc.read(func(tx Tx) error {
		switch b, err := tx.RunningBlock(); {
		case err == nil:
			running = &b
		case !errors.Is(err, ErrNotFound):
			return err
		}
		if len(work) > 0 {
			if stored, err = tx.BlockTimesIn(time.Unix(lo, 0), time.Unix(hi+1, 0)); err != nil {
				return err
			}
		}
		sinceID, err = tx.MaxBlockID()
		return err
	})
	if err != nil {
		return -1, 0, err
	}
	run, fate := settleOpen(entries, running, now)
	// The entries an earlier import of the file stored take part in the rules as entries of the
	// file, with the file's times, so that a second import decides as the first did and adds
	// nothing; their stored blocks are not counted as stored.
	if len(own) > 0 {
		kept := stored[:0]
		for _, b := range stored {
			if !own[b.ID] {
				kept = append(kept, b)
			}
		}
		stored = kept
	}
	var gone []span
	var changes []StagedChange
	if len(fate) > 0 {
		rest := work[:0]
		for _, sp := range work {
			if a, ok := fate[int(sp.seq)]; ok && !sp.known {
				sp.leave(a, 0)
				gone = append(gone, sp)
				changes = append(changes, StagedChange{Seq: int(sp.seq), LeftOut: true})
				continue
			}
			rest = append(rest, sp)
		}
		work = rest
	}
	set := settle(work, stored, im.opt.Overlaps, now.Unix())
	res.FileOverlaps, res.StoredOverlaps = set.file, set.stored
	if set.kept() {
		im.overlapFrom, im.overlapTo = time.Unix(lo, 0), time.Unix(hi, 0)
	}
	mine := work[:0]
	for i := range work {
		s := &work[i]
		if s.known {
			continue
		}
		mine = append(mine, *s)
		if !s.changed() {
			continue
		}
		c := StagedChange{Seq: int(s.seq), Start: s.start, End: s.end, LeftOut: s.adj.leftOut()}
		if s.open {
			c.End = 0
		}
		changes = append(changes, c)
	}
	if err := im.stage.Settle(changes); err != nil {
		return -1, 0, err
	}
	if err := adjustments(append(mine, gone...), run, im.opt.loc(), im.stage.Refs, res); err != nil {
		return -1, 0, err
	}
	return run, sinceID, nil
}

// summarize fills the result's figures from the stage.
func (im *Import) summarize() error {
	res := &im.res
	sum, err := im.stage.Summary()
	if err != nil {
		return err
	}
	res.Added, res.Seconds, res.First, res.Last = sum.Added, sum.Seconds, sum.First, sum.Last
	res.Records[string(RecordBlocks)] = sum.Added
	res.Counts = map[string]map[Kind]int{}
	im.lnames = im.lnames[:0]
	for lname, m := range sum.Counts {
		im.lnames = append(im.lnames, lname)
		if p, ok := im.ctx.newProjects[lname]; ok {
			p.Name = sum.Projects[lname] // a new project is named as the file first writes it
		}
		res.Counts[im.ctx.projectName(lname)] = m
	}
	left := map[string]*Dropped{}
	for lname, v := range sum.LeftOut {
		name := im.ctx.projectName(lname)
		left[name] = &Dropped{Project: name, Rows: int(v[0]), Seconds: v[1]}
	}
	res.LeftOut = sortedDropped(left)
	return nil
}

// linkRef is where a staged title list leads: a stored deliverable, or one to create.
type linkRef struct {
	id     uint
	create string
}

// plan resolves the deliverables that the staged blocks name and the projects they need, and
// names the new ones in the result.
func (im *Import) plan() (*linker, []string, map[StagedLink]linkRef, error) {
	res := &im.res
	links, err := im.stage.Links()
	if err != nil {
		return nil, nil, nil, err
	}
	l := newLinker(im.ctx)
	refs := map[StagedLink]linkRef{}
	used := map[string]bool{}
	for _, k := range links {
		id, create := l.resolve(k.LProject, strings.Split(k.Titles, "\x1f"), k.Create)
		if id != 0 || create != "" {
			refs[k] = linkRef{id: id, create: create}
			used[create] = create != ""
		}
	}
	var needed []string
	res.NewProjects = nil
	for _, lname := range im.lnames {
		needed = append(needed, lname)
		if _, ok := im.ctx.projects[lname]; !ok {
			res.NewProjects = append(res.NewProjects, im.ctx.projectName(lname))
		}
	}
	sort.Strings(needed)
	sort.Strings(res.NewProjects)
	res.NewDeliverables = l.plannedDeliverables(used)
	return l, needed, refs, nil
}
