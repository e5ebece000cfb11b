package tracker

import (
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
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
	err := s.tx(func(tx *gorm.DB) error {
		if err := s.importBlocks(tx, items, opt, &res); err != nil {
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

func (s *Service) importBlocks(tx *gorm.DB, items []ImportBlock, opt ImportOptions, res *ImportResult) error {
	now := s.clock.Now()
	var keys []string
	if err := tx.Model(&Block{}).Where("source_key IS NOT NULL").Pluck("source_key", &keys).Error; err != nil {
		return err
	}
	seen := make(map[string]bool, len(keys)+len(items))
	for _, k := range keys {
		seen[k] = true
	}
	var ps []Project
	if err := tx.Find(&ps).Error; err != nil {
		return err
	}
	projects := map[string]*Project{}
	for i := range ps {
		projects[strings.ToLower(ps[i].Name)] = &ps[i]
	}
	var existing []Block
	if err := tx.Select("id", "start_at", "end_at").Order("start_at").Find(&existing).Error; err != nil {
		return err
	}
	usedIDs := make(map[uint]bool, len(existing))
	for _, b := range existing {
		usedIDs[b.ID] = true
	}
	problem := func(i int, col string, err error) {
		res.Problems = append(res.Problems, RowProblem{Ref: items[i].Ref, Column: col, Err: err, order: i})
	}
	var ds []Deliverable
	if err := tx.Select("id", "project_id", "title").Find(&ds).Error; err != nil {
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
			problem(c.idx, column(it, "start"), &ConflictError{Msg: fmt.Sprintf("overlaps stored block %d (%s to %s)",
				clash.ID, clash.Start.Format(time.RFC3339), endText(clash.End))})
			continue
		}
		if last != nil && overlaps(c.b, last.b) {
			problem(c.idx, column(it, "start"), &ConflictError{Msg: fmt.Sprintf("overlaps %s of the same file (%s to %s)",
				items[last.idx].Ref, last.b.Start.Format(time.RFC3339), endText(last.b.End))})
			continue
		}
		accepted = append(accepted, c)
		last = c
	}

	// Create the projects the accepted blocks need, then link or create deliverables.
	for _, c := range accepted {
		if p, ok := newProjects[c.proj]; ok && p.ID == 0 {
			if err := tx.Create(p).Error; err != nil {
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
					if err := tx.Create(&d).Error; err != nil {
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
	if err := insertBlocks(tx, blocks, now); err != nil {
		return err
	}
	res.Added += len(blocks)
	res.Records["blocks"] += len(blocks)
	return nil
}

// insertBlocks writes validated blocks with multi-row INSERTs on the transaction's connection.
// GORM's batch create reflects over every field and reads the IDs back, which made a 100k-row
// import take seconds; nothing here needs the new IDs. Times are normalised as the store's
// callback would do it.
func insertBlocks(tx *gorm.DB, blocks []Block, now time.Time) error {
	const cols = 14
	const batch = 500 // 7000 parameters, well under SQLite's limit of 32766
	stamp := utc(now)
	ctx := tx.Statement.Context
	if len(blocks) > 1000 {
		// Hashed source keys land all over their unique index; with SQLite's default 2 MB page cache a
		// large import spends much of its time evicting and re-reading index pages. The cache belongs
		// to the connection, so it is put back afterwards.
		var old int64
		if err := tx.Raw("PRAGMA cache_size").Scan(&old).Error; err == nil && tx.Exec("PRAGMA cache_size = -65536").Error == nil {
			defer tx.Exec(fmt.Sprintf("PRAGMA cache_size = %d", old))
		}
	}
	stmts := map[int]*sql.Stmt{}
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	// One statement per batch size, prepared once: preparing a 500-row INSERT for every batch cost
	// as much as running it.
	prepare := func(n int) (*sql.Stmt, error) {
		if st, ok := stmts[n]; ok {
			return st, nil
		}
		row := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
		q := `INSERT INTO blocks (id, project_id, deliverable_id, kind, start_at, end_at, planned_seconds, goal,
			outcome, interruptions, last_seen, source_key, created_at, updated_at) VALUES ` +
			strings.TrimSuffix(strings.Repeat(row+",", n), ",")
		st, err := tx.Statement.ConnPool.PrepareContext(ctx, q)
		if err != nil {
			return nil, err
		}
		stmts[n] = st
		return st, nil
	}
	args := make([]any, 0, batch*cols)
	for len(blocks) > 0 {
		n := min(batch, len(blocks))
		args = args[:0]
		for _, b := range blocks[:n] {
			var id any
			if b.ID != 0 {
				id = int64(b.ID)
			}
			var did any
			if b.DeliverableID != nil {
				did = int64(*b.DeliverableID)
			}
			var end, seen any
			if b.End != nil {
				end = utc(*b.End)
			}
			if b.LastSeen != nil {
				seen = utc(*b.LastSeen)
			}
			var key any
			if b.SourceKey != nil {
				key = *b.SourceKey
			}
			args = append(args, id, int64(b.ProjectID), did, string(b.Kind), utc(b.Start), end, b.PlannedSeconds, b.Goal,
				b.Outcome, int64(b.Interruptions), seen, key, stamp, stamp)
		}
		st, err := prepare(n)
		if err != nil {
			return err
		}
		if _, err := st.ExecContext(ctx, args...); err != nil {
			return err
		}
		blocks = blocks[n:]
	}
	return nil
}

func endText(t *time.Time) string {
	if t == nil {
		return "running"
	}
	return t.Format(time.RFC3339)
}

// SnapshotFormat and SnapshotVersion identify Shiplog's own JSON export.
const (
	SnapshotFormat  = "shiplog"
	SnapshotVersion = 1
)

// Snapshot is the whole record as Shiplog exports it: stored fields only, nothing derived from the
// clock, so that exporting, importing into an empty database and exporting again gives the same file.
type Snapshot struct {
	Format       string            `json:"format"`
	Version      int               `json:"version"`
	Projects     []SnapProject     `json:"projects"`
	Milestones   []SnapMilestone   `json:"milestones"`
	Deliverables []SnapDeliverable `json:"deliverables"`
	Blocks       []SnapBlock       `json:"blocks"`
	Requests     []SnapRequest     `json:"requests"`
	Decisions    []SnapDecision    `json:"decisions"`
	Settings     []SnapSetting     `json:"settings"`
}

// SnapProject is a project in a snapshot.
type SnapProject struct {
	ID                 uint    `json:"id"`
	Name               string  `json:"name"`
	Color              string  `json:"color"`
	WeeklyDeepHours    float64 `json:"weekly_deep_hours"`
	WeeklyDeliverables int     `json:"weekly_deliverables"`
	Archived           bool    `json:"archived"`
}

// SnapMilestone is a milestone in a snapshot.
type SnapMilestone struct {
	ID      uint   `json:"id"`
	Project string `json:"project"`
	Name    string `json:"name"`
	Start   Date   `json:"start"`
	Due     Date   `json:"due"`
}

// SnapDeliverable is a deliverable in a snapshot.
type SnapDeliverable struct {
	ID          uint       `json:"id"`
	Project     string     `json:"project"`
	Title       string     `json:"title"`
	Status      Status     `json:"status"`
	Link        string     `json:"link"`
	MilestoneID *uint      `json:"milestone_id"`
	Due         Date       `json:"due"`
	ShippedAt   *time.Time `json:"shipped_at"`
	Notes       string     `json:"notes"`
}

// SnapBlock is a block in a snapshot.
type SnapBlock struct {
	ID             uint       `json:"id"`
	Project        string     `json:"project"`
	Kind           Kind       `json:"kind"`
	Start          time.Time  `json:"start"`
	End            *time.Time `json:"end"`
	PlannedSeconds int64      `json:"planned_seconds"`
	Goal           string     `json:"goal"`
	Outcome        string     `json:"outcome"`
	Interruptions  int        `json:"interruptions"`
	DeliverableID  *uint      `json:"deliverable_id"`
}

// SnapRequest is a request in a snapshot.
type SnapRequest struct {
	ID           uint       `json:"id"`
	Project      string     `json:"project"`
	Subject      string     `json:"subject"`
	From         string     `json:"from"`
	Channel      string     `json:"channel"`
	Priority     Priority   `json:"priority"`
	ReceivedAt   time.Time  `json:"received_at"`
	RepliedAt    *time.Time `json:"replied_at"`
	Replies      int        `json:"replies"`
	MinutesSpent int        `json:"minutes_spent"`
	Notes        string     `json:"notes"`
}

// SnapDecision is a decision with its objections in a snapshot.
type SnapDecision struct {
	ID         uint            `json:"id"`
	Project    string          `json:"project"`
	Title      string          `json:"title"`
	Context    string          `json:"context"`
	ProposedAt time.Time       `json:"proposed_at"`
	Deadline   time.Time       `json:"deadline"`
	Closed     string          `json:"closed"`
	Outcome    string          `json:"outcome"`
	ClosedAt   *time.Time      `json:"closed_at"`
	Objections []SnapObjection `json:"objections"`
}

// SnapObjection is an objection in a snapshot.
type SnapObjection struct {
	By     string    `json:"by"`
	Reason string    `json:"reason"`
	At     time.Time `json:"at"`
}

// SnapSetting is one stored setting; secrets are never exported.
type SnapSetting struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// SnapshotFilter narrows an export; zero fields select everything. The range selects blocks by
// start, requests by receipt and decisions by proposal; deliverables are those shipped in the range,
// not shipped, or linked from an exported block.
type SnapshotFilter struct {
	From, To time.Time
	Projects []string
}

func inRange(t time.Time, f SnapshotFilter) bool {
	return (f.From.IsZero() || !t.Before(f.From)) && (f.To.IsZero() || t.Before(f.To))
}

// Snapshot reads the record for export, ordered by ID.
func (s *Service) Snapshot(f SnapshotFilter) (Snapshot, error) {
	snap := Snapshot{Format: SnapshotFormat, Version: SnapshotVersion, Projects: []SnapProject{}, Milestones: []SnapMilestone{},
		Deliverables: []SnapDeliverable{}, Blocks: []SnapBlock{}, Requests: []SnapRequest{}, Decisions: []SnapDecision{},
		Settings: []SnapSetting{}}
	err := s.db.Transaction(func(tx *gorm.DB) error {
		var ps []Project
		if err := tx.Order("id").Find(&ps).Error; err != nil {
			return err
		}
		names := map[uint]string{}
		want := map[uint]bool{}
		for _, p := range ps {
			names[p.ID] = p.Name
		}
		for _, n := range f.Projects {
			p, err := projectByName(tx, n)
			if err != nil {
				return err
			}
			want[p.ID] = true
		}
		keep := func(id *uint) bool { return len(want) == 0 || (id != nil && want[*id]) }
		for _, p := range ps {
			if keep(&p.ID) {
				snap.Projects = append(snap.Projects, SnapProject{ID: p.ID, Name: p.Name, Color: p.Color,
					WeeklyDeepHours: p.WeeklyDeepHours, WeeklyDeliverables: p.WeeklyDeliverables, Archived: p.Archived})
			}
		}
		var ms []Milestone
		if err := tx.Order("id").Find(&ms).Error; err != nil {
			return err
		}
		for _, m := range ms {
			if keep(&m.ProjectID) {
				snap.Milestones = append(snap.Milestones, SnapMilestone{ID: m.ID, Project: names[m.ProjectID], Name: m.Name,
					Start: m.StartDate, Due: m.DueDate})
			}
		}
		linked := map[uint]bool{}
		bs, pids, err := snapshotBlocks(tx)
		if err != nil {
			return err
		}
		// Keep the wanted blocks in place: copying 100k blocks into a growing slice cost as much
		// as reading them.
		kept := bs[:0]
		for i := range bs {
			b := &bs[i]
			if keep(&pids[i]) && inRange(b.Start, f) {
				b.Project = names[pids[i]]
				if b.DeliverableID != nil {
					linked[*b.DeliverableID] = true
				}
				kept = append(kept, *b)
			}
		}
		if len(kept) > 0 {
			snap.Blocks = kept
		}
		var ds []Deliverable
		if err := tx.Order("id").Find(&ds).Error; err != nil {
			return err
		}
		for _, d := range ds {
			inR := d.ShippedAt == nil || inRange(*d.ShippedAt, f)
			if linked[d.ID] || (keep(&d.ProjectID) && inR) {
				snap.Deliverables = append(snap.Deliverables, SnapDeliverable{ID: d.ID, Project: names[d.ProjectID], Title: d.Title,
					Status: d.Status, Link: d.Link, MilestoneID: d.MilestoneID, Due: d.Due, ShippedAt: d.ShippedAt, Notes: d.Notes})
			}
		}
		var rs []Request
		if err := tx.Order("id").Find(&rs).Error; err != nil {
			return err
		}
		for _, r := range rs {
			if keep(r.ProjectID) && inRange(r.ReceivedAt, f) {
				snap.Requests = append(snap.Requests, SnapRequest{ID: r.ID, Project: nameOf(names, r.ProjectID), Subject: r.Subject,
					From: r.From, Channel: r.Channel, Priority: r.Priority, ReceivedAt: r.ReceivedAt, RepliedAt: r.RepliedAt,
					Replies: r.Replies, MinutesSpent: r.MinutesSpent, Notes: r.Notes})
			}
		}
		var decs []Decision
		if err := tx.Order("id").Find(&decs).Error; err != nil {
			return err
		}
		var objs []Objection
		if err := tx.Order("at, id").Find(&objs).Error; err != nil {
			return err
		}
		byDec := map[uint][]SnapObjection{}
		for _, o := range objs {
			byDec[o.DecisionID] = append(byDec[o.DecisionID], SnapObjection{By: o.By, Reason: o.Reason, At: o.At})
		}
		for _, d := range decs {
			if keep(d.ProjectID) && inRange(d.ProposedAt, f) {
				obs := byDec[d.ID]
				if obs == nil {
					obs = []SnapObjection{}
				}
				snap.Decisions = append(snap.Decisions, SnapDecision{ID: d.ID, Project: nameOf(names, d.ProjectID), Title: d.Title,
					Context: d.Context, ProposedAt: d.ProposedAt, Deadline: d.Deadline, Closed: d.Closed, Outcome: d.Outcome,
					ClosedAt: d.ClosedAt, Objections: obs})
			}
		}
		var sets []Setting
		if err := tx.Order("key").Find(&sets).Error; err != nil {
			return err
		}
		for _, st := range sets {
			if k, ok := findKey(st.Key); ok && !k.secret {
				snap.Settings = append(snap.Settings, SnapSetting{Key: st.Key, Value: st.Value})
			}
		}
		return nil
	})
	if err != nil {
		return Snapshot{}, fmt.Errorf("export: %w", err)
	}
	return snap, nil
}

// snapshotBlocks reads every block, by ID, with its project's ID alongside. Loading 100k full
// Blocks through GORM's reflection and time parsing took most of an export's time, and reading the
// ten columns row by row still cost about 2 µs a row in the driver (two cgo calls per column). So
// SQLite writes the rows as one text of space-separated fields, the times as Unix seconds and
// goal and outcome in hex(), which is read with a single call and parsed here: 100k blocks in
// about 130 ms instead of 250. Anything unexpected in that text falls back to reading rows.
func snapshotBlocks(tx *gorm.DB) ([]SnapBlock, []uint, error) {
	// An error here (such as a text longer than SQLite allows) also falls back to the rows.
	if text, err := snapshotBlocksText(tx); err == nil {
		if bs, pids, ok := parseSnapBlocks(text); ok {
			return bs, pids, nil
		}
	}
	return snapshotBlockRows(tx)
}

// snapshotBlocksText is the text that parseSnapBlocks reads.
func snapshotBlocksText(tx *gorm.DB) (string, error) {
	var text sql.NullString
	err := tx.Raw(`SELECT group_concat(x, ' ') FROM (SELECT printf('%d %d %d %s %s %d %d %s %s %s', id, project_id,
		CASE kind WHEN 'deep' THEN 0 WHEN 'shallow' THEN 1 WHEN 'async' THEN 2 WHEN 'meeting' THEN 3 ELSE -1 END,
		unixepoch(start_at), unixepoch(end_at), planned_seconds, interruptions, deliverable_id, hex(goal),
		hex(outcome)) AS x FROM blocks ORDER BY id)`).Row().Scan(&text)
	return text.String, err
}

// snapBlockFields is the number of fields per block in snapshotBlocks' text.
const snapBlockFields = 10

// parseSnapBlocks reads snapshotBlocks' text. It reports false if the text is not exactly
// snapBlockFields fields per block, with the IDs ascending.
func parseSnapBlocks(text string) ([]SnapBlock, []uint, bool) {
	if text == "" {
		return nil, nil, true
	}
	n, ok := countRecords(text, snapBlockFields)
	if !ok {
		return nil, nil, false
	}
	out, pids := make([]SnapBlock, n), make([]uint, n)
	// One allocation each for the ends and the deliverable IDs the blocks point to.
	ends, delivs := make([]time.Time, 0, n), make([]uint, 0, n)
	r := fieldReader{text: text}
	for i := range out {
		b := &out[i]
		id, pid, kind, start := r.int(), r.int(), r.int(), r.int()
		end, running := r.optInt()
		b.PlannedSeconds, b.Interruptions = r.int(), int(r.int())
		deliv, noDeliv := r.optInt()
		b.Goal, b.Outcome = r.hex(), r.hex()
		if r.bad || id <= 0 || pid < 0 || deliv < 0 || kind < 0 || kind >= int64(len(Kinds)) ||
			(i > 0 && uint(id) <= out[i-1].ID) {
			return nil, nil, false
		}
		b.ID, pids[i], b.Kind, b.Start = uint(id), uint(pid), Kinds[kind], time.Unix(start, 0).UTC()
		if !running {
			ends = append(ends, time.Unix(end, 0).UTC())
			b.End = &ends[len(ends)-1]
		}
		if !noDeliv {
			delivs = append(delivs, uint(deliv))
			b.DeliverableID = &delivs[len(delivs)-1]
		}
	}
	return out, pids, !r.bad && r.pos == len(text)+1
}

// snapshotBlockRows reads the blocks for snapshotBlocks row by row.
func snapshotBlockRows(tx *gorm.DB) ([]SnapBlock, []uint, error) {
	rows, err := tx.Raw(`SELECT id, project_id, kind, unixepoch(start_at), unixepoch(end_at), planned_seconds, goal,
		outcome, interruptions, deliverable_id FROM blocks ORDER BY id`).Rows()
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out []SnapBlock
	var pids []uint
	for rows.Next() {
		var (
			b          SnapBlock
			projectID  uint
			start      int64
			end, deliv sql.NullInt64
		)
		if err := rows.Scan(&b.ID, &projectID, &b.Kind, &start, &end, &b.PlannedSeconds, &b.Goal, &b.Outcome,
			&b.Interruptions, &deliv); err != nil {
			return nil, nil, err
		}
		b.Start = time.Unix(start, 0).UTC()
		if end.Valid {
			e := time.Unix(end.Int64, 0).UTC()
			b.End = &e
		}
		if deliv.Valid {
			d := uint(deliv.Int64)
			b.DeliverableID = &d
		}
		out = append(out, b)
		pids = append(pids, projectID)
	}
	return out, pids, rows.Err()
}

func nameOf(names map[uint]string, id *uint) string {
	if id == nil {
		return ""
	}
	return names[*id]
}

// snapKey is the source key of a snapshot record: the kind and a hash of its content without its ID.
func snapKey(kind string, v any) string {
	b, _ := json.Marshal(v)
	h := sha256.Sum256(b)
	return "shiplog:" + kind + ":" + hex.EncodeToString(h[:12])
}

// ImportSnapshot imports a Shiplog export in one transaction. Projects and milestones are matched by
// name; other records by a source key hashed from their content, so importing a file twice adds
// nothing. IDs are kept where they are free, so an export imported into an empty database exports
// to the same file. Stored settings win over the file's.
func (s *Service) ImportSnapshot(snap Snapshot, opt ImportOptions) (ImportResult, error) {
	res := newResult()
	if snap.Format != SnapshotFormat || snap.Version < 1 || snap.Version > SnapshotVersion {
		return res, fmt.Errorf("import: %w", invalid("format", "must be a %s export of version 1 to %d; got %q version %d",
			SnapshotFormat, SnapshotVersion, snap.Format, snap.Version))
	}
	now := s.clock.Now()
	err := s.tx(func(tx *gorm.DB) error {
		order := 0
		problem := func(ref, col string, err error) {
			res.Problems = append(res.Problems, RowProblem{Ref: ref, Column: col, Err: err, order: order})
		}
		free := func(model any, id uint) (bool, error) {
			if id == 0 {
				return false, nil
			}
			var n int64
			err := tx.Model(model).Where("id = ?", id).Count(&n).Error
			return n == 0, err
		}
		keyed := func(model any, key string) (uint, bool, error) {
			var ids []uint
			if err := tx.Model(model).Where("source_key = ?", key).Pluck("id", &ids).Error; err != nil {
				return 0, false, err
			}
			if len(ids) == 0 {
				return 0, false, nil
			}
			return ids[0], true, nil
		}
		fieldProblem := func(ref string, err error) {
			var fe *FieldError
			col := ""
			if errors.As(err, &fe) {
				col = fe.Field
			}
			problem(ref, col, err)
		}
		projectIDs := map[string]uint{}
		for i, sp := range snap.Projects {
			order++
			ref := fmt.Sprintf("projects[%d]", i)
			p := Project{Name: sp.Name, Color: sp.Color, WeeklyDeepHours: sp.WeeklyDeepHours,
				WeeklyDeliverables: sp.WeeklyDeliverables, Archived: sp.Archived}
			if err := p.Validate(); err != nil {
				fieldProblem(ref, err)
				continue
			}
			if old, err := projectByName(tx, p.Name); err == nil {
				projectIDs[strings.ToLower(p.Name)] = old.ID
				res.Existing++
				continue
			} else if !errors.Is(err, ErrNotFound) {
				return err
			}
			ok, err := free(&Project{}, sp.ID)
			if err != nil {
				return err
			}
			if ok {
				p.ID = sp.ID
			}
			if err := tx.Create(&p).Error; err != nil {
				return err
			}
			projectIDs[strings.ToLower(p.Name)] = p.ID
			res.NewProjects = append(res.NewProjects, p.Name)
			res.Records["projects"]++
		}
		project := func(ref, name string, required bool) (*uint, bool) {
			if strings.TrimSpace(name) == "" && !required {
				return nil, true
			}
			if id, ok := projectIDs[strings.ToLower(strings.TrimSpace(name))]; ok {
				return &id, true
			}
			p, err := projectByName(tx, name)
			if err != nil {
				problem(ref, "project", err)
				return nil, false
			}
			projectIDs[strings.ToLower(p.Name)] = p.ID
			return &p.ID, true
		}
		milestoneIDs := map[uint]uint{}
		for i, sm := range snap.Milestones {
			order++
			ref := fmt.Sprintf("milestones[%d]", i)
			pid, ok := project(ref, sm.Project, true)
			if !ok {
				continue
			}
			m := Milestone{Name: sm.Name, ProjectID: *pid, StartDate: sm.Start, DueDate: sm.Due}
			if err := m.Validate(); err != nil {
				fieldProblem(ref, err)
				continue
			}
			var old Milestone
			err := tx.Where("project_id = ? AND name = ? COLLATE NOCASE", *pid, m.Name).Take(&old).Error
			if err == nil {
				milestoneIDs[sm.ID] = old.ID
				res.Existing++
				continue
			} else if !errors.Is(err, gorm.ErrRecordNotFound) {
				return err
			}
			if ok, err := free(&Milestone{}, sm.ID); err != nil {
				return err
			} else if ok {
				m.ID = sm.ID
			}
			if err := tx.Create(&m).Error; err != nil {
				return err
			}
			milestoneIDs[sm.ID] = m.ID
			res.Records["milestones"]++
		}
		deliverableIDs := map[uint]uint{}
		for i, sd := range snap.Deliverables {
			order++
			ref := fmt.Sprintf("deliverables[%d]", i)
			oldID := sd.ID
			sd.ID = 0
			key := snapKey("deliverable", sd)
			if id, ok, err := keyed(&Deliverable{}, key); err != nil {
				return err
			} else if ok {
				deliverableIDs[oldID] = id
				res.Existing++
				continue
			}
			pid, ok := project(ref, sd.Project, true)
			if !ok {
				continue
			}
			d := Deliverable{Title: sd.Title, ProjectID: *pid, Status: sd.Status, Link: sd.Link, Due: sd.Due,
				ShippedAt: utcPtr(sd.ShippedAt), Notes: sd.Notes, SourceKey: &key}
			if sd.MilestoneID != nil {
				if mid, ok := milestoneIDs[*sd.MilestoneID]; ok {
					d.MilestoneID = &mid
				} else {
					problem(ref, "milestone_id", invalid("milestone_id", "names no milestone of the file: %d", *sd.MilestoneID))
					continue
				}
			}
			if err := d.Validate(now); err != nil {
				fieldProblem(ref, err)
				continue
			}
			if ok, err := free(&Deliverable{}, oldID); err != nil {
				return err
			} else if ok {
				d.ID = oldID
			}
			if err := tx.Create(&d).Error; err != nil {
				return err
			}
			deliverableIDs[oldID] = d.ID
			res.Records["deliverables"]++
		}
		items := make([]ImportBlock, 0, len(snap.Blocks))
		cols := map[string]string{"deliverable": "deliverable_id", "start": "start", "end": "end", "goal": "goal", "kind": "kind", "project": "project",
			"outcome": "outcome", "plan": "planned_seconds", "interruptions": "interruptions"}
		for i, sb := range snap.Blocks {
			ref := fmt.Sprintf("blocks[%d]", i)
			oldID := sb.ID
			sb.ID = 0
			it := ImportBlock{Ref: ref, SourceKey: snapKey("block", sb), Columns: cols, KeepID: oldID,
				Block: Block{Project: sb.Project, Kind: sb.Kind, Start: sb.Start, End: sb.End, PlannedSeconds: sb.PlannedSeconds,
					Goal: sb.Goal, Outcome: sb.Outcome, Interruptions: sb.Interruptions}}
			if sb.DeliverableID != nil {
				id, ok := deliverableIDs[*sb.DeliverableID]
				if !ok {
					order++
					problem(ref, "deliverable_id", invalid("deliverable_id", "names no deliverable of the file: %d", *sb.DeliverableID))
					continue
				}
				it.DeliverableID = &id
			}
			if sb.Project == "" {
				order++
				problem(ref, "project", invalid("project", "must be set"))
				continue
			}
			items = append(items, it)
		}
		base := order
		blockRes := newResult()
		if err := s.importBlocks(tx, items, ImportOptions{SkipInvalid: true}, &blockRes); err != nil {
			return err
		}
		for _, p := range blockRes.Problems {
			p.order += base + 1
			res.Problems = append(res.Problems, p)
		}
		order = base + len(items) + 1
		res.Existing += blockRes.Existing
		res.Added += blockRes.Added
		res.Records["blocks"] += blockRes.Records["blocks"]
		res.NewProjects = append(res.NewProjects, blockRes.NewProjects...)
		for p, m := range blockRes.Counts {
			res.Counts[p] = m
		}
		for i, sr := range snap.Requests {
			order++
			ref := fmt.Sprintf("requests[%d]", i)
			oldID := sr.ID
			sr.ID = 0
			key := snapKey("request", sr)
			if _, ok, err := keyed(&Request{}, key); err != nil {
				return err
			} else if ok {
				res.Existing++
				continue
			}
			pid, ok := project(ref, sr.Project, false)
			if !ok {
				continue
			}
			r := Request{Subject: sr.Subject, From: sr.From, Channel: sr.Channel, ProjectID: pid, Priority: sr.Priority,
				ReceivedAt: utc(sr.ReceivedAt), RepliedAt: utcPtr(sr.RepliedAt), Replies: sr.Replies, MinutesSpent: sr.MinutesSpent,
				Notes: sr.Notes, SourceKey: &key}
			if err := r.Validate(now); err != nil {
				fieldProblem(ref, err)
				continue
			}
			if ok, err := free(&Request{}, oldID); err != nil {
				return err
			} else if ok {
				r.ID = oldID
			}
			if err := tx.Create(&r).Error; err != nil {
				return err
			}
			res.Records["requests"]++
		}
		for i, sd := range snap.Decisions {
			order++
			ref := fmt.Sprintf("decisions[%d]", i)
			oldID := sd.ID
			sd.ID = 0
			key := snapKey("decision", sd)
			if _, ok, err := keyed(&Decision{}, key); err != nil {
				return err
			} else if ok {
				res.Existing++
				continue
			}
			pid, ok := project(ref, sd.Project, false)
			if !ok {
				continue
			}
			d := Decision{Title: sd.Title, Context: sd.Context, ProjectID: pid, ProposedAt: utc(sd.ProposedAt),
				Deadline: utc(sd.Deadline), Closed: sd.Closed, Outcome: sd.Outcome, ClosedAt: utcPtr(sd.ClosedAt), SourceKey: &key}
			if err := d.Validate(now); err != nil {
				fieldProblem(ref, err)
				continue
			}
			bad := false
			for j, so := range sd.Objections {
				o := Objection{By: so.By, Reason: so.Reason, At: utc(so.At)}
				if err := o.Validate(now); err != nil {
					fieldProblem(fmt.Sprintf("%s.objections[%d]", ref, j), err)
					bad = true
				}
			}
			if bad {
				continue
			}
			if ok, err := free(&Decision{}, oldID); err != nil {
				return err
			} else if ok {
				d.ID = oldID
			}
			if err := tx.Create(&d).Error; err != nil {
				return err
			}
			for _, so := range sd.Objections {
				o := Objection{DecisionID: d.ID, By: so.By, Reason: so.Reason, At: utc(so.At)}
				if err := tx.Create(&o).Error; err != nil {
					return err
				}
			}
			res.Records["decisions"]++
		}
		for i, ss := range snap.Settings {
			order++
			ref := fmt.Sprintf("settings[%d]", i)
			k, ok := findKey(ss.Key)
			if !ok || k.secret {
				problem(ref, "key", unknownKey(ss.Key))
				continue
			}
			var c Config
			if err := k.apply(&c, ss.Value); err != nil {
				problem(ref, "value", invalid(ss.Key, "%s", err.Error()))
				continue
			}
			var n int64
			if err := tx.Model(&Setting{}).Where("key = ?", ss.Key).Count(&n).Error; err != nil {
				return err
			}
			if n > 0 {
				res.Existing++
				continue
			}
			if err := tx.Create(&Setting{Key: ss.Key, Value: ss.Value}).Error; err != nil {
				return err
			}
			res.Records["settings"]++
		}
		sort.Strings(res.NewProjects)
		return finish(opt, &res)
	})
	return res, importErr(err)
}
