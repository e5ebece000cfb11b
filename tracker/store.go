package tracker

import "time"

// Store keeps the record. The Service holds every rule and reaches the record only through a
// Store, so that the record can live in SQLite on one desk (tracker/sqlite) or in PostgreSQL for a
// team without the rules knowing which.
type Store interface {
	// Read runs fn with one consistent view of the record. fn must not write.
	Read(fn func(Tx) error) error
	// Write runs fn in one transaction: if fn returns an error, nothing it wrote is kept.
	Write(fn func(Tx) error) error
	// Backup writes a consistent copy of the whole record to the file at path, replacing a file
	// that is there. It is whole or absent, never half written, and readable only by its owner.
	Backup(path string) error
	// Path says where the record lives, such as the database file; backups are named after it.
	Path() string
	// Version is a number that changes whenever a change to the record is committed, by this
	// process or another one, such as the CLI or the daemon. Reading it costs next to nothing, so
	// that a window may read it every second to see others' changes. Only equality means
	// anything: a different number says that something changed since the last read.
	Version() (uint64, error)
	// Close releases the store; the Service must not be used afterwards.
	Close() error
	// StageImport opens the staging area of a file import (see ImportStage). One import stages at
	// a time per record: while one does, StageImport fails with an ErrConflict.
	StageImport() (ImportStage, error)
}

// Tx is the record as seen inside one Read or Write. Lookups of a single record that does not
// exist return an error wrapping ErrNotFound, never a zero value and a nil error. Times come back
// in UTC.
type Tx interface {
	ProjectStore
	MilestoneStore
	DeliverableStore
	BlockStore
	ReportStore
	RequestStore
	DecisionStore
	SettingStore
	JobRunStore
	ImportStore
	TeamStore
	RitualStore
}

// ProjectStore keeps projects. Project names are unique, ignoring case.
type ProjectStore interface {
	Project(id uint) (Project, error)
	// FindProject finds the project with this name, ignoring case.
	FindProject(name string) (Project, error)
	// ListProjects lists projects by name, ignoring case; archived ones only when asked.
	ListProjects(includeArchived bool) ([]Project, error)
	// RecentProjects lists up to n unarchived projects, the one with the latest block first, then
	// those without blocks by name.
	RecentProjects(n int) ([]Project, error)
	// CreateProject stores a new project and sets its ID and CreatedAt. A nonzero ID is kept.
	CreateProject(p *Project) error
	SaveProject(p *Project) error
}

// MilestoneStore keeps milestones. Names are unique within a project, ignoring case.
type MilestoneStore interface {
	Milestone(id uint) (Milestone, error)
	// FindMilestone finds the milestone of the project with this name, ignoring case.
	FindMilestone(projectID uint, name string) (Milestone, error)
	// ListMilestones lists the milestones of the projects (all of them for none) by due date,
	// then ID. The derived fields (Project, Shipped, Total) are left empty.
	ListMilestones(projectIDs []uint) ([]Milestone, error)
	// CreateMilestone stores a new milestone and sets its ID and CreatedAt. A nonzero ID is kept.
	CreateMilestone(m *Milestone) error
	// SaveMilestone stores a changed milestone: its name and dates.
	SaveMilestone(m *Milestone) error
}

// DeliverableStore keeps deliverables.
type DeliverableStore interface {
	// Deliverable returns one deliverable; its derived fields are left empty.
	Deliverable(id uint) (Deliverable, error)
	// ListDeliverables lists the deliverables the query selects, by ID; derived fields are left empty.
	ListDeliverables(q DeliverableQuery) ([]Deliverable, error)
	// CreateDeliverable stores a new deliverable and sets its ID. A nonzero ID is kept.
	CreateDeliverable(d *Deliverable) error
	SaveDeliverable(d *Deliverable) error
}

// DeliverableQuery selects deliverables; zero fields select everything.
type DeliverableQuery struct {
	ProjectIDs []uint
	Statuses   []Status
	// ShippedFrom and ShippedTo select deliverables shipped in [ShippedFrom, ShippedTo).
	ShippedFrom, ShippedTo time.Time
}

// BlockStore keeps blocks. At most one block runs (has no End). Blocks typed into Shiplog never
// overlap any other block, but imported blocks may overlap each other and typed ones (see
// OverlapPolicy), so a store must not assume that the blocks before a time end before it.
type BlockStore interface {
	Block(id uint) (Block, error)
	// RunningBlock is the block without an end.
	RunningBlock() (Block, error)
	// LastBlockBefore is the block that starts last before t, other than the block except.
	LastBlockBefore(t time.Time, except uint) (Block, error)
	// BlocksAcross lists the blocks other than except that start before t and end after it or
	// run, by start.
	BlocksAcross(t time.Time, except uint) ([]Block, error)
	// FirstBlockIn is the block that starts first in [from, to), other than the block except; a
	// nil to leaves the range open.
	FirstBlockIn(from time.Time, to *time.Time, except uint) (Block, error)
	// ListBlocks lists the blocks of the range by start, then ID, without project names.
	ListBlocks(r BlockRange) ([]Block, error)
	// CreateBlock stores a new block and sets its ID. A nonzero ID is kept.
	CreateBlock(b *Block) error
	SaveBlock(b *Block) error
	DeleteBlock(id uint) error
	// MarkRunningSeen sets the running block's LastSeen, if a block runs.
	MarkRunningSeen(at time.Time) error
}

// BlockRange selects stored blocks: those starting in [From, To), zero bounds being open, and the
// blocks Also (those that start before From and run into the range), of the projects and kinds
// named (none selects all).
type BlockRange struct {
	From, To   time.Time
	Also       []uint
	ProjectIDs []uint
	Kinds      []Kind
}

// ReportStore holds the read paths that reports run over years of blocks. They compute what the
// Service could compute from ListBlocks, only much faster.
type ReportStore interface {
	// BlockSpans lists the blocks of the range by start, then ID, in their lean form.
	BlockSpans(r BlockRange) ([]BlockSpan, error)
	// TimeIn sums, for each of ranges, the time the blocks of r spent inside it: whole seconds of
	// the stored times clipped to the range, and a running block up to now (or its start, if later).
	// It also reports whether blocks may overlap in any of the ranges (NoteOverlaps): the sums are
	// the report's figures only if none do (see Attribute).
	TimeIn(r BlockRange, ranges [][2]time.Time, now time.Time) (sums []time.Duration, overlap bool, err error)
	// InvestedSeconds sums, by deliverable, the seconds of the blocks linked to the deliverables
	// ids (every deliverable for nil ids): finished blocks in full, a running block up to now, and
	// only the time before until unless until is zero. Deliverables without blocks are left out of
	// the map.
	InvestedSeconds(ids []uint, now, until time.Time) (map[uint]int64, error)
	// OverlapStretches lists the stretches of time in which imports kept overlapping blocks
	// (NoteOverlaps); outside them no two blocks overlap.
	OverlapStretches() ([][2]time.Time, error)
}

// RequestStore keeps requests.
type RequestStore interface {
	// Request returns one request; its derived fields are left empty.
	Request(id uint) (Request, error)
	// ListRequests lists the requests the query selects by receipt, then ID; derived fields are left empty.
	ListRequests(q RequestQuery) ([]Request, error)
	// CreateRequest stores a new request and sets its ID. A nonzero ID is kept.
	CreateRequest(r *Request) error
	SaveRequest(r *Request) error
	// MarkRequestNotified records when the user was told that the request is due soon, or, for
	// RequestOverdue, that it is overdue.
	MarkRequestNotified(id uint, state RequestState, at time.Time) error
	// CreateReply stores the user's answer to a request a teammate sent, and sets its ID.
	CreateReply(r *Reply) error
}

// RequestQuery selects requests; zero fields select everything.
type RequestQuery struct {
	// Sent selects only the requests the user sent to teammates (To set), Received only the
	// others: those the user received, from outside or from a teammate. A sent request comes back
	// with RepliedAt and Replies taken from the teammate's replies.
	Sent, Received bool
	OpenOnly       bool
	// ReceivedFrom and ReceivedTo select requests received in [ReceivedFrom, ReceivedTo).
	ReceivedFrom, ReceivedTo time.Time
	ProjectIDs               []uint
}

// DecisionStore keeps decisions and their objections.
type DecisionStore interface {
	// Decision returns one decision without its objections or derived fields.
	Decision(id uint) (Decision, error)
	// ListDecisions lists every decision, the user's and teammates' team decisions alike, by
	// proposal, then ID, without objections or derived fields.
	ListDecisions() ([]Decision, error)
	// ListObjections lists the objections to the decisions ids (to all for nil ids) by time, then ID.
	ListObjections(decisionIDs []uint) ([]Objection, error)
	// CreateDecision stores a new decision and sets its ID. A nonzero ID is kept.
	CreateDecision(d *Decision) error
	SaveDecision(d *Decision) error
	CreateObjection(o *Objection) error
	// MarkDecisionNotified records when the user was told that the decision closed.
	MarkDecisionNotified(id uint, at time.Time) error
}

// SettingStore keeps the settings as text by key; Config gives them meaning.
type SettingStore interface {
	// StoredSettings maps every stored key to its text.
	StoredSettings() (map[string]string, error)
	// StoredSetting is one key's text; ErrNotFound if the key was never stored.
	StoredSetting(key string) (string, error)
	// PutSetting stores a key's text, replacing what was there.
	PutSetting(key, value string) error
	// DeleteSetting removes a key; a key never stored is not an error.
	DeleteSetting(key string) error
}

// JobRunStore keeps the history of the scheduled jobs.
type JobRunStore interface {
	// CreateJobRun stores a run and sets its ID.
	CreateJobRun(r *JobRun) error
	// TrimJobRuns removes all but the newest keep runs of job.
	TrimJobRuns(job string, keep int) error
	// ListJobRuns lists the runs of job (of every job for "") newest first; limit <= 0 lists all.
	ListJobRuns(job string, limit int) ([]JobRun, error)
	// LastJobRun is job's newest run.
	LastJobRun(job string) (JobRun, error)
	// ListJobRetries lists the pending retries, the soonest first.
	ListJobRetries() ([]JobRetry, error)
	// PutJobRetry stores a job's next try, replacing the one it had.
	PutJobRetry(r JobRetry) error
	// DeleteJobRetry removes a job's pending retry; none pending is not an error.
	DeleteJobRetry(job string) error
}

// TeamStore holds what the record knows of the user's team: the teammates' profiles, as the last
// sync with the team server brought them.
type TeamStore interface {
	// Teammates lists the teammates whose profiles the record holds, by name.
	Teammates() ([]Teammate, error)
}

// RitualStore keeps the end-of-day closes and the weekly check-ins. A close is unique by its day
// and a check-in by its week.
type RitualStore interface {
	// DayClose is the close of the day; ErrNotFound if the day was not closed. Its plan's project
	// is given by ID only.
	DayClose(day Date) (DayClose, error)
	// ListDayCloses lists the closes of the days from from to to, both included, by day; an unset
	// bound is open.
	ListDayCloses(from, to Date) ([]DayClose, error)
	// CreateDayClose stores a new close and sets its ID.
	CreateDayClose(c *DayClose) error
	SaveDayClose(c *DayClose) error
	// CheckIn is the check-in of the ISO week ("2026-W48"); ErrNotFound if there is none.
	CheckIn(week string) (CheckIn, error)
	// ListCheckIns lists the check-ins of the weeks from from to to, both included, by week; an
	// empty bound is open.
	ListCheckIns(from, to string) ([]CheckIn, error)
	// CreateCheckIn stores a new check-in and sets its ID.
	CreateCheckIn(c *CheckIn) error
	SaveCheckIn(c *CheckIn) error
}

// ImportStore holds what imports and exports need beyond the single records: bulk reads and
// writes, and the look-ups that keep an import idempotent.
type ImportStore interface {
	// BlockSourceKeys maps the source key of each block that has one to the block's ID.
	BlockSourceKeys() (map[string]uint, error)
	// BlockTimes lists every block with only its ID, Start and End set, by start.
	BlockTimes() ([]Block, error)
	// BlockTimesIn lists the blocks that overlap [from, to), and the running block, by start.
	BlockTimesIn(from, to time.Time) ([]BlockTime, error)
	// MaxBlockID is the largest block ID, 0 for none.
	MaxBlockID() (uint, error)
	// NoteOverlaps records that stored blocks may overlap within [from, to), as an import that
	// keeps overlapping blocks writes them; TimeIn reports overlap for the ranges that meet it.
	NoteOverlaps(from, to time.Time) error
	// InsertBlocks stores validated blocks in bulk. A nonzero ID is kept; the new IDs are not
	// read back.
	InsertBlocks(bs []Block) error
	// SnapshotBlocks lists every block by ID for export, with the ID of each block's project
	// alongside (SnapBlock names the project instead).
	SnapshotBlocks() ([]SnapBlock, []uint, error)
	// IDFree reports whether no record of the kind has the ID.
	IDFree(kind Record, id uint) (bool, error)
	// KeyedID is the ID of the record of the kind with the source key; ErrNotFound if none has it.
	KeyedID(kind Record, key string) (uint, error)
}

// Record names a kind of record, in import results and for the ImportStore's look-ups.
type Record string

// The kinds of record.
const (
	RecordProjects     Record = "projects"
	RecordMilestones   Record = "milestones"
	RecordDeliverables Record = "deliverables"
	RecordBlocks       Record = "blocks"
	RecordRequests     Record = "requests"
	RecordDecisions    Record = "decisions"
	RecordSettings     Record = "settings"
	RecordCheckIns     Record = "check_ins"
)
