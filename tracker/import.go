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

// maxListed bounds the entries an import names one by one (changed by the overlap policy, left
// out); a file of a million entries could otherwise fill the memory with messages. They are all
// counted.
const maxListed = 1000

// ImportBlock is one block read from another tracker's file.
type ImportBlock struct {
	// Ref says where the row came from, such as "line 12" or "index 3", for error messages.
	Ref string
	// SourceKey makes the import idempotent: a block with a key already stored is not imported again.
	SourceKey string
	// Block carries Project (a name, created if missing), Kind, Start, End (nil for an open entry,
	// which may become the running block), Goal and Outcome.
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

// ImportOptions say how strict an import is, what it does with overlaps, and whether it writes.
type ImportOptions struct {
	// DryRun does all the checks and counting and writes nothing.
	DryRun bool
	// SkipInvalid imports the good rows and reports the bad ones instead of aborting.
	SkipInvalid bool
	// Settings imports a Shiplog export's settings as well as its records; without it they are
	// ignored. Even with it, the settings that are this person's own (where reports are mailed
	// and written, the SMTP account, secrets, autostart) are never taken from a file.
	Settings bool
	// Overlaps is the policy for blocks that overlap each other or stored blocks; "" is keep.
	Overlaps OverlapPolicy
	// Location names the times in messages; nil is UTC.
	Location *time.Location
}

func (o ImportOptions) loc() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

// RowProblem is a row that could not be imported.
type RowProblem struct {
	Ref    string // "line 12", "index 3"
	Column string // may be empty
	Err    error  // wraps ErrInvalid or ErrConflict
	// Project and Seconds say what the row held, so that --skip-invalid can say what it dropped;
	// Seconds is -1 when the row could not be read far enough to know.
	Project string
	Seconds int64
	order   int
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

// Dropped is what an import left out of one project: rows, and the seconds of those whose length
// could be read.
type Dropped struct {
	Project string
	Rows    int
	Seconds int64
	// Unread is the number of rows whose length could not be read.
	Unread int
}

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
	// Seconds is the length of the added finished blocks; First and Last are the starts of the
	// first and the last added block (zero for none).
	Seconds     int64
	First, Last time.Time
	// FileOverlaps measures the imported blocks that overlap each other, StoredOverlaps those
	// that overlap blocks already stored, both before the policy, which is Policy.
	FileOverlaps, StoredOverlaps Overlaps
	Policy                       OverlapPolicy
	// Adjusted lists, in file order, the entries that the overlap policy shortened or left out,
	// and the open entries, with what became of them; at most maxListed, then AdjustedMore counts
	// the rest.
	Adjusted     []Adjusted
	AdjustedMore int
	// LeftOut sums by project the entries left out by the overlap policy and the open-entry rules;
	// Dropped those left out for problems (with SkipInvalid), by project.
	LeftOut []Dropped
	Dropped []Dropped
}

var errDryRun = errors.New("dry run")

func newResult() ImportResult {
	return ImportResult{Counts: map[string]map[Kind]int{}, Records: map[string]int{}}
}

// ImportBlocks imports blocks: all of them, or none when a row is bad and SkipInvalid is off.
// Blocks already imported (by source key) are left alone, so importing a file twice adds nothing.
// Blocks that overlap each other or stored blocks are kept, trimmed or left out as opt.Overlaps
// says, and never fail the import. It stages the blocks through BeginImport.
func (s *Service) ImportBlocks(items []ImportBlock, opt ImportOptions) (ImportResult, error) {
	im, err := s.BeginImport(opt)
	if err != nil {
		return newResult(), err
	}
	defer im.Close()
	for _, it := range items {
		if err := im.Add(it); err != nil {
			return im.res, err
		}
	}
	return im.Finish()
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

// sortProblems puts the problems in the order of the file.
func sortProblems(res *ImportResult) {
	sort.SliceStable(res.Problems, func(i, j int) bool { return res.Problems[i].order < res.Problems[j].order })
}

// failure is the error of an import with problems that SkipInvalid does not allow, or nil.
func failure(opt ImportOptions, res *ImportResult) error {
	if len(res.Problems) > 0 && !opt.SkipInvalid && !opt.DryRun {
		return &ImportError{Problem: res.Problems[0], More: len(res.Problems) - 1}
	}
	return nil
}

// finish turns problems into an abort unless the options allow them, and rolls back a dry run.
func finish(opt ImportOptions, res *ImportResult) error {
	sortProblems(res)
	if err := failure(opt, res); err != nil {
		return err
	}
	if opt.DryRun {
		return errDryRun
	}
	return nil
}

func column(it ImportBlock, field string) string {
	if c, ok := it.Columns[field]; ok {
		return c
	}
	return ""
}

// importCtx is what checking an import's rows needs from the record: its projects and
// deliverables, and the time.
type importCtx struct {
	now time.Time
	// projects maps lower-case names to stored projects; newProjects to those the import would
	// create, checked once each.
	projects       map[string]*Project
	newProjects    map[string]*Project
	badProjects    map[string]error
	deliverables   []Deliverable
	deliverableIDs map[uint]bool
}

func loadImportCtx(tx Tx, now time.Time) (*importCtx, error) {
	c := &importCtx{now: now, projects: map[string]*Project{}, newProjects: map[string]*Project{},
		badProjects: map[string]error{}, deliverableIDs: map[uint]bool{}}
	ps, err := tx.ListProjects(true)
	if err != nil {
		return nil, err
	}
	for i := range ps {
		c.projects[strings.ToLower(ps[i].Name)] = &ps[i]
	}
	if c.deliverables, err = tx.ListDeliverables(DeliverableQuery{}); err != nil {
		return nil, err
	}
	for _, d := range c.deliverables {
		c.deliverableIDs[d.ID] = true
	}
	return c, nil
}

// itemSeconds is an item's length as the file has it, 0 for an open one.
func itemSeconds(it ImportBlock) int64 {
	if it.Block.End == nil || it.Block.End.Before(it.Block.Start) {
		return 0
	}
	return int64(it.Block.End.Sub(it.Block.Start) / time.Second)
}

// check normalises an item and checks its own fields, its project's name and its deliverable.
// It returns the block to stage with its lower-case project name, or the problem.
func (c *importCtx) check(it ImportBlock, order int) (Block, string, *RowProblem) {
	b := it.Block
	b.ID, b.LastSeen, b.SourceKey, b.ProjectID = 0, nil, nil, 0
	b.Start, b.End = UTC(b.Start), UTCPtr(b.End)
	name := strings.TrimSpace(b.Project)
	if name == "" {
		name = DefaultImportProject
	}
	b.Project = name
	problem := func(col string, err error) *RowProblem {
		return &RowProblem{Ref: it.Ref, Column: col, Err: err, Project: name, Seconds: itemSeconds(it), order: order}
	}
	if err := b.Validate(c.now); err != nil {
		var fe *FieldError
		col := ""
		if errors.As(err, &fe) {
			col = column(it, fe.Field)
		}
		return b, "", problem(col, err)
	}
	lname := strings.ToLower(name)
	if _, ok := c.projects[lname]; !ok {
		if err, bad := c.badProjects[lname]; bad {
			return b, "", problem(column(it, "project"), err)
		}
		if _, ok := c.newProjects[lname]; !ok {
			p := Project{Name: name}
			if err := p.Validate(); err != nil {
				err = fmt.Errorf("project: %w", err)
				c.badProjects[lname] = err
				return b, "", problem(column(it, "project"), err)
			}
			c.newProjects[lname] = &p
		}
	}
	if it.DeliverableID != nil && !c.deliverableIDs[*it.DeliverableID] {
		return b, "", problem(column(it, "deliverable"), &NotFoundError{What: fmt.Sprintf("deliverable %d", *it.DeliverableID)})
	}
	return b, lname, nil
}

// projectName is the name a lower-case project name is stored or created under.
func (c *importCtx) projectName(lname string) string {
	if p, ok := c.projects[lname]; ok {
		return p.Name
	}
	if p, ok := c.newProjects[lname]; ok {
		return p.Name
	}
	return lname
}

// linker resolves the deliverables that imported blocks name by title: the first title that
// names a deliverable of the block's project, or a new planned deliverable of the first title.
type linker struct {
	c      *importCtx
	titles map[string]uint // project ID or lower-case new project name, and lower-case title
	create map[string]*Deliverable
	order  []string
}

func newLinker(c *importCtx) *linker {
	l := &linker{c: c, titles: map[string]uint{}, create: map[string]*Deliverable{}}
	for _, d := range c.deliverables {
		l.titles[l.key(fmt.Sprint(d.ProjectID), d.Title)] = d.ID
	}
	return l
}

func (l *linker) key(project, title string) string {
	return project + "\x00" + strings.ToLower(strings.TrimSpace(title))
}

// projectKey names a project in the linker's keys: its ID if stored, else its lower-case name.
func (l *linker) projectKey(lname string) string {
	if p, ok := l.c.projects[lname]; ok {
		return fmt.Sprint(p.ID)
	}
	return "new:" + lname
}

// resolve finds the deliverable that titles name in the project, or plans a new one when create
// is set. It returns the stored ID, or the key of the deliverable to create.
func (l *linker) resolve(lname string, titles []string, create bool) (uint, string) {
	pk := l.projectKey(lname)
	for _, t := range titles {
		if id, ok := l.titles[l.key(pk, t)]; ok {
			return id, ""
		}
	}
	if !create || len(titles) == 0 {
		return 0, ""
	}
	k := l.key(pk, titles[0])
	if _, ok := l.create[k]; !ok {
		d := Deliverable{Title: titles[0], Status: StatusPlanned}
		if err := d.Validate(l.c.now); err != nil {
			return 0, ""
		}
		d.Project = lname
		l.create[k] = &d
		l.order = append(l.order, k)
	}
	return 0, k
}

// createAll creates, in tx, the projects the import needs (by lower-case name) and the planned
// deliverables, and returns the project IDs and the new deliverables' IDs by key. The new names
// are added to res.
func (l *linker) createAll(tx Tx, needed []string, res *ImportResult) (map[string]uint, map[string]uint, error) {
	ids := map[string]uint{}
	for _, lname := range needed {
		if p, ok := l.c.projects[lname]; ok {
			ids[lname] = p.ID
			continue
		}
		p := *l.c.newProjects[lname]
		if err := tx.CreateProject(&p); err != nil {
			return nil, nil, err
		}
		ids[lname] = p.ID
		res.NewProjects = append(res.NewProjects, p.Name)
	}
	sort.Strings(res.NewProjects)
	made := map[string]uint{}
	for _, k := range l.order {
		d := *l.create[k]
		lname := d.Project
		d.Project, d.ProjectID = "", ids[lname]
		if d.ProjectID == 0 {
			continue // no block of the project is imported
		}
		if err := tx.CreateDeliverable(&d); err != nil {
			return nil, nil, err
		}
		made[k] = d.ID
		res.NewDeliverables = append(res.NewDeliverables, l.c.projectName(lname)+": "+d.Title)
	}
	return ids, made, nil
}

// plannedDeliverables names the deliverables a dry run would create, for the result.
func (l *linker) plannedDeliverables(used map[string]bool) []string {
	var out []string
	for _, k := range l.order {
		if used[k] {
			d := l.create[k]
			out = append(out, l.c.projectName(d.Project)+": "+d.Title)
		}
	}
	return out
}

// adjustments turns the spans the rules changed into the result's list and per-project sums.
// info gives an entry's ref and project by seq; it is asked only for the entries listed or named.
func adjustments(spans []span, running int, loc *time.Location, info func(seqs []int) (map[int][2]string, error),
	res *ImportResult) error {
	var changed []*span
	for i := range spans {
		if spans[i].changed() || int(spans[i].seq) == running {
			changed = append(changed, &spans[i])
		}
	}
	sort.Slice(changed, func(a, b int) bool { return changed[a].seq < changed[b].seq })
	if len(changed) > maxListed {
		res.AdjustedMore = len(changed) - maxListed
		changed = changed[:maxListed]
	}
	var seqs []int
	for _, s := range changed {
		seqs = append(seqs, int(s.seq))
		if x := s.x; x != nil && (s.adj == adjFileSkip || s.adj == adjFileSame || (x.endCut && !x.cutByStored)) {
			seqs = append(seqs, int(x.other), int(x.cutBy))
		}
	}
	names, err := info(seqs)
	if err != nil {
		return err
	}
	ref := func(seq int64) string { return names[int(seq)][0] }
	for _, s := range changed {
		from, to := s.start, s.end
		if x := s.x; x != nil {
			from, to = x.origStart, x.origEnd
		}
		a := Adjusted{Ref: names[int(s.seq)][0], Project: names[int(s.seq)][1], What: s.adj.what(), LeftOut: s.adj.leftOut(),
			Seconds: to - from}
		if int(s.seq) == running && !s.adj.leftOut() && s.open {
			a.Running, a.What = true, AdjustedRunning
			a.Detail = fmt.Sprintf("open since %s; it becomes the running block",
				time.Unix(from, 0).In(loc).Format("2006-01-02 15:04:05"))
		} else {
			a.Detail = adjText(s, ref, loc)
		}
		res.Adjusted = append(res.Adjusted, a)
	}
	return nil
}

// droppedByProject sums the problems by project: what --skip-invalid leaves out.
func droppedByProject(problems []RowProblem) []Dropped {
	sums := map[string]*Dropped{}
	for _, p := range problems {
		name := p.Project
		if name == "" {
			name = DefaultImportProject
		}
		d := sums[name]
		if d == nil {
			d = &Dropped{Project: name}
			sums[name] = d
		}
		d.Rows++
		if p.Seconds < 0 {
			d.Unread++
		} else {
			d.Seconds += p.Seconds
		}
	}
	return sortedDropped(sums)
}

func sortedDropped(sums map[string]*Dropped) []Dropped {
	out := make([]Dropped, 0, len(sums))
	for _, d := range sums {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Project < out[j].Project })
	return out
}

// BulkInsertBlocks stores finished blocks in one transaction, for imports and benchmarks. It checks
// each block's own fields but, unlike AddBlock, not overlaps: the caller vouches that the blocks do
// not overlap each other or stored blocks. ProjectID must be set.
func (s *Service) BulkInsertBlocks(bs []Block) error {
	now := s.clock.Now()
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
