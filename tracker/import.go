package tracker

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// DefaultImportProject holds imported blocks whose source names no project.
const DefaultImportProject = "No project"

// ImportBlock is one block read from another tracker's file.
type ImportBlock struct {
	// Ref says where the row came from, such as "line 12" or "index 3", for error messages.
	Ref string
	// SourceKey makes the import idempotent: a block with a key already stored is not imported again.
	SourceKey string
	// Block carries Project (a name, created if missing), Kind, Start, End, Goal and Outcome.
	Block Block
	// Deliverables are titles; the first that names a deliverable of the block's project is linked.
	Deliverables []string
	// CreateDeliverable creates Deliverables[0] as a planned deliverable when none of them exists.
	CreateDeliverable bool
	// Columns maps a block field (start, end, goal, project, kind) to the source column, so that a
	// problem names the column the user can find in the file.
	Columns map[string]string

	// KeepID is the block's ID in the source; it is kept when free, so that an export imported
	// into an empty database exports to the same file.
	KeepID uint
	// DeliverableID links a stored deliverable by ID; it wins over Deliverables.
	DeliverableID *uint
}

// ImportOptions says how strict an import is and whether it writes.
type ImportOptions struct {
	// DryRun does all the checks and counting in a transaction that is rolled back.
	DryRun bool
	// SkipInvalid imports the good rows and reports the bad ones instead of aborting.
	SkipInvalid bool
	// Settings imports a Shiplog export's settings as well as its records; without it they are
	// ignored. Even with it, the settings that are this person's own (where reports are mailed
	// and written, the SMTP account, secrets, autostart) are never taken from a file.
	Settings bool
}

// RowProblem is a row that could not be imported.
type RowProblem struct {
	Ref    string // "line 12", "index 3"
	Column string // may be empty
	Err    error  // wraps ErrInvalid or ErrConflict
	order  int
}

func (p RowProblem) String() string {
	s := p.Ref
	if p.Column != "" {
		s += fmt.Sprintf(", column %q", p.Column)
	}
	return s + ": " + p.Err.Error()
}

// ImportError aborts an import because of a bad row; nothing was written.
type ImportError struct {
	Problem RowProblem
	More    int // further problems not named
}

func (e *ImportError) Error() string {
	s := "import: " + e.Problem.String()
	if e.More > 0 {
		s += fmt.Sprintf(" (and %d more problems; --dry-run lists them, --skip-invalid imports the rest)", e.More)
	}
	return s
}

// Unwrap makes an ImportError an ErrInvalid or an ErrConflict, like the row's problem.
func (e *ImportError) Unwrap() error { return e.Problem.Err }

// ImportResult says what an import did, or would do in a dry run.
type ImportResult struct {
	Added    int // blocks added
	Existing int // rows already imported before (same source key), or repeated in the file
	Records  map[string]int
	Problems []RowProblem
	// NewProjects and NewDeliverables were created for the import.
	NewProjects     []string
	NewDeliverables []string
	// Counts is the number of added blocks by project and kind.
	Counts map[string]map[Kind]int
}

var errDryRun = errors.New("dry run")

func newResult() ImportResult {
	return ImportResult{Counts: map[string]map[Kind]int{}, Records: map[string]int{}}
}

// ImportBlocks imports blocks in one transaction: all of them, or none when a row is bad and
// SkipInvalid is off. Blocks already imported (by source key) are left alone, so importing a file
// twice adds nothing. Blocks may not overlap stored blocks or each other.
func (s *Service) ImportBlocks(items []ImportBlock, opt ImportOptions) (ImportResult, error) {
	res := newResult()
	now := s.now()
	err := s.write(func(tx Tx) error {
		if err := importBlocks(tx, items, now, &res); err != nil {
			return err
		}
		return finish(opt, &res)
	})
	return res, importErr(err)
}

func importErr(err error) error {
	if err == nil || errors.Is(err, errDryRun) {
		return nil
	}
	var ie *ImportError
	if errors.As(err, &ie) {
		return err
	}
	return fmt.Errorf("import: %w", err)
}

// finish turns problems into an abort unless the options allow them, and rolls back a dry run.
func finish(opt ImportOptions, res *ImportResult) error {
	sort.SliceStable(res.Problems, func(i, j int) bool { return res.Problems[i].order < res.Problems[j].order })
	if len(res.Problems) > 0 && !opt.SkipInvalid && !opt.DryRun {
		return &ImportError{Problem: res.Problems[0], More: len(res.Problems) - 1}
	}
	if opt.DryRun {
		return errDryRun
	}
	return nil
}

type importCand struct {
	idx  int
	b    Block
	proj string // lower-case project name
}

func column(it ImportBlock, field string) string {
	if c, ok := it.Columns[field]; ok {
		return c
	}
	return ""
}

// importBlocks checks and stores the items: validation, the default project, source-key dedupe,
// kept IDs, overlaps with stored blocks and with each other, and deliverable links. Problems are
// recorded in res, by item; the caller decides whether they abort.
func importBlocks(tx Tx, items []ImportBlock, now time.Time, res *ImportResult) error {
	keys, err := tx.BlockSourceKeys()
	if err != nil {
		return err
	}
	seen := make(map[string]bool, len(keys)+len(items))
	for _, k := range keys {
		seen[k] = true
	}
	ps, err := tx.ListProjects(true)
	if err != nil {
		return err
	}
	projects := map[string]*Project{}
	for i := range ps {
		projects[strings.ToLower(ps[i].Name)] = &ps[i]
	}
	existing, err := tx.BlockTimes()
	if err != nil {
		return err
	}
	usedIDs := make(map[uint]bool, len(existing))
	for _, b := range existing {
		usedIDs[b.ID] = true
	}
	problem := func(i int, col string, err error) {
		res.Problems = append(res.Problems, RowProblem{Ref: items[i].Ref, Column: col, Err: err, order: i})
	}
	ds, err := tx.ListDeliverables(DeliverableQuery{})
	if err != nil {
		return err
	}
	deliverableIDs := make(map[uint]bool, len(ds))
	for _, d := range ds {
		deliverableIDs[d.ID] = true
	}

	newProjects := map[string]*Project{}
	// Candidates are pointers into one backing array: a Block is large, and sorting or growing
	// a slice of them showed up as a third of a 100k-row import.
	backing := make([]importCand, 0, len(items))
	cands := make([]*importCand, 0, len(items))
	for i, it := range items {
		b := it.Block
		b.ID, b.LastSeen, b.SourceKey = 0, nil, nil
		b.Start, b.End = utc(b.Start), utcPtr(b.End)
		if it.SourceKey != "" {
			if seen[it.SourceKey] {
				res.Existing++
				continue
			}
			seen[it.SourceKey] = true
			k := it.SourceKey
			b.SourceKey = &k
		}
		if err := b.Validate(now); err != nil {
			var fe *FieldError
			col := ""
			if errors.As(err, &fe) {
				col = column(it, fe.Field)
			}
			problem(i, col, err)
			continue
		}
		name := strings.TrimSpace(b.Project)
		if name == "" {
			name = DefaultImportProject
		}
		lname := strings.ToLower(name)
		if _, ok := projects[lname]; !ok {
			if _, ok := newProjects[lname]; !ok {
				p := Project{Name: name}
				if err := p.Validate(); err != nil {
					problem(i, column(it, "project"), fmt.Errorf("project: %w", err))
					continue
				}
				newProjects[lname] = &p
			}
		}
		if it.DeliverableID != nil && !deliverableIDs[*it.DeliverableID] {
			problem(i, column(it, "deliverable"), &NotFoundError{What: fmt.Sprintf("deliverable %d", *it.DeliverableID)})
			continue
		}
		if it.KeepID != 0 && !usedIDs[it.KeepID] {
			b.ID = it.KeepID
			usedIDs[b.ID] = true
		}
		backing = append(backing, importCand{idx: i, b: b, proj: lname})
		cands = append(cands, &backing[len(backing)-1])
	}

	// Stored blocks never overlap, so sorted by start their ends are sorted too; the candidates are
	// checked in start order against their two stored neighbours and the last accepted candidate.
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].b.Start.Before(cands[j].b.Start) })
	accepted := make([]*importCand, 0, len(cands))
	var last *importCand
	for _, c := range cands {
		j := sort.Search(len(existing), func(k int) bool { return !existing[k].Start.Before(c.b.Start) })
		var clash *Block
		if j > 0 && overlaps(c.b, existing[j-1]) {
			clash = &existing[j-1]
		} else if j < len(existing) && overlaps(c.b, existing[j]) {
			clash = &existing[j]
		}
		it := items[c.idx]
		if clash != nil {
			problem(c.idx, column(it, "start"), conflictAt(now, "overlaps stored block %d (%s to %s)",
				clash.ID, clash.Start, clash.End))
			continue
		}
		if last != nil && overlaps(c.b, last.b) {
			problem(c.idx, column(it, "start"), conflictAt(now, "overlaps %s of the same file (%s to %s)",
				items[last.idx].Ref, last.b.Start, last.b.End))
			continue
		}
		accepted = append(accepted, c)
		last = c
	}

	// Create the projects the accepted blocks need, then link or create deliverables.
	for _, c := range accepted {
		if p, ok := newProjects[c.proj]; ok && p.ID == 0 {
			if err := tx.CreateProject(p); err != nil {
				return err
			}
			projects[c.proj] = p
			res.NewProjects = append(res.NewProjects, p.Name)
		}
	}
	sort.Strings(res.NewProjects)
	titles := map[string]uint{}
	dkey := func(pid uint, title string) string {
		return fmt.Sprint(pid) + "\x00" + strings.ToLower(strings.TrimSpace(title))
	}
	for _, d := range ds {
		titles[dkey(d.ProjectID, d.Title)] = d.ID
	}
	blocks := make([]Block, 0, len(accepted))
	for _, c := range accepted {
		p := projects[c.proj]
		b := c.b
		b.ProjectID, b.Project = p.ID, p.Name
		it := items[c.idx]
		if it.DeliverableID != nil {
			b.DeliverableID = it.DeliverableID
		} else {
			for _, t := range it.Deliverables {
				if id, ok := titles[dkey(p.ID, t)]; ok {
					b.DeliverableID = &id
					break
				}
			}
			if b.DeliverableID == nil && it.CreateDeliverable && len(it.Deliverables) > 0 {
				d := Deliverable{Title: it.Deliverables[0], ProjectID: p.ID, Status: StatusPlanned}
				if err := d.Validate(now); err == nil {
					if err := tx.CreateDeliverable(&d); err != nil {
						return err
					}
					titles[dkey(p.ID, d.Title)] = d.ID
					res.NewDeliverables = append(res.NewDeliverables, p.Name+": "+d.Title)
					b.DeliverableID = &d.ID
				}
			}
		}
		blocks = append(blocks, b)
		if res.Counts[p.Name] == nil {
			res.Counts[p.Name] = map[Kind]int{}
		}
		res.Counts[p.Name][b.Kind]++
	}
	if err := tx.InsertBlocks(blocks); err != nil {
		return err
	}
	res.Added += len(blocks)
	res.Records[string(RecordBlocks)] += len(blocks)
	return nil
}

// BulkInsertBlocks stores finished blocks in one transaction, for imports and benchmarks. It checks
// each block's own fields but, unlike AddBlock, not overlaps: the caller vouches that the blocks do
// not overlap each other or stored blocks. ProjectID must be set.
func (s *Service) BulkInsertBlocks(bs []Block) error {
	now := s.now()
	for i := range bs {
		b := &bs[i]
		b.ID = 0
		if b.End == nil {
			return fmt.Errorf("bulk insert blocks: block %d: %w", i, invalid("end", "must be set"))
		}
		if err := b.Validate(now); err != nil {
			return fmt.Errorf("bulk insert blocks: block %d: %w", i, err)
		}
		if b.ProjectID == 0 {
			return fmt.Errorf("bulk insert blocks: block %d: %w", i, invalid("project", "must be set"))
		}
	}
	if err := s.write(func(tx Tx) error { return tx.InsertBlocks(bs) }); err != nil {
		return fmt.Errorf("bulk insert blocks: %w", err)
	}
	return nil
}
