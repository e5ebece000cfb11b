package postgres

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"shiplog/tracker"
)

// Table names a synced table in schema shiplog.
type Table string

// The synced tables, in the order Push writes them.
const (
	Members      Table = "members" // profiles: one row per member, keyed by the login, no tombstones
	Projects     Table = "projects"
	Milestones   Table = "milestones"
	Deliverables Table = "deliverables"
	Blocks       Table = "blocks"
	Requests     Table = "requests"
	Replies      Table = "replies"
	Decisions    Table = "decisions"
	Objections   Table = "objections"
	Handoffs     Table = "handoffs"
	CheckIns     Table = "check_ins" // schema version 3; only its author reads a row (see CheckInMedians)
)

// tables holds each synced table's content columns: the columns a change's Data may set. The
// bookkeeping columns (uid, member, rev, deleted, xid, updated_at) are the server's or the
// change's own. TestColumnsMatchTheSchema checks this list against the migrations.
var tables = []struct {
	name    Table
	columns []string
}{
	{Members, []string{"display_name", "time_zone", "work_days", "work_start", "work_end", "holidays", "deep_min_seconds",
		"target_urgent_seconds", "target_important_seconds", "target_normal_seconds", "decision_window_seconds"}},
	{Projects, []string{"name", "color", "archived"}},
	{Milestones, []string{"project_uid", "name", "start_date", "due_date"}},
	{Deliverables, []string{"project_uid", "milestone_uid", "title", "status", "link", "due_date", "shipped_at", "notes"}},
	{Blocks, []string{"project_uid", "deliverable_uid", "kind", "start_at", "end_at", "planned_seconds", "goal", "outcome", "interruptions"}},
	{Requests, []string{"to_member", "from_who", "subject", "channel", "priority", "project_uid", "received_at", "replied_at", "replies", "minutes_spent", "notes", "due_at"}},
	{Replies, []string{"request_uid", "at", "body", "minutes_spent"}},
	{Decisions, []string{"title", "context", "project_uid", "team", "proposed_at", "deadline", "closed_state", "outcome", "closed_at"}},
	{Objections, []string{"decision_uid", "reason", "at", "by_who"}},
	{Handoffs, []string{"day", "note", "at"}},
	{CheckIns, []string{"week", "satisfaction", "balance"}},
}

// Tables lists the synced tables in push order.
func Tables() []Table {
	out := make([]Table, len(tables))
	for i, t := range tables {
		out[i] = t.name
	}
	return out
}

func known(t Table) bool {
	for _, x := range tables {
		if x.name == t {
			return true
		}
	}
	return false
}

// Change is one row's state as a member's outbox holds it, and as Pull returns teammates' rows.
// A change is keyed by UID, made on the client (UUIDv7), and Rev, which the client raises on every
// edit of the row: the server keeps the highest Rev it has seen, so sending a change twice, or an
// older one after a newer one, changes nothing. A delete is a change with Deleted set; the server
// keeps the tombstone and clears the row's content. A profile (table Members) is keyed by its
// author's login instead and has no UID (see ProfileChange).
type Change struct {
	Table   Table     `json:"table"`
	UID     uuid.UUID `json:"uid"`
	Rev     int64     `json:"rev"`
	Deleted bool      `json:"deleted,omitempty"`
	// Member is the row's author as the server recorded it from their login. Pull sets it; Push
	// ignores it, since the server takes identity from the login alone.
	Member string `json:"member,omitempty"`
	// Data holds the row's content columns by name (see the row types: Block, Deliverable…),
	// as a JSON object. It is ignored for a tombstone.
	Data json.RawMessage `json:"data,omitempty"`
}

// NewChange builds the change for row (one of the row types) at revision rev.
func NewChange(table Table, uid uuid.UUID, rev int64, row any) (Change, error) {
	b, err := json.Marshal(row)
	if err != nil {
		return Change{}, fmt.Errorf("encode %s %s: %w", table, uid, err)
	}
	return Change{Table: table, UID: uid, Rev: rev, Data: b}, nil
}

// Tombstone is the change that deletes a row at revision rev.
func Tombstone(table Table, uid uuid.UUID, rev int64) Change {
	return Change{Table: table, UID: uid, Rev: rev, Deleted: true}
}

// Validate checks what the server would otherwise refuse for the whole batch.
func (c Change) Validate() error {
	switch {
	case !known(c.Table):
		return &tracker.FieldError{Field: "table", Reason: fmt.Sprintf("unknown table %q", c.Table)}
	case c.Table == Members && c.Deleted:
		return &tracker.FieldError{Field: "deleted", Reason: "a profile cannot be deleted"}
	case c.UID == uuid.Nil && c.Table != Members:
		return &tracker.FieldError{Field: "uid", Reason: fmt.Sprintf("%s change without an id", c.Table)}
	case c.Rev <= 0:
		return &tracker.FieldError{Field: "rev", Reason: fmt.Sprintf("%s %s: must be at least 1; got %d", c.Table, c.UID, c.Rev)}
	case !c.Deleted && (len(c.Data) == 0 || c.Data[0] != '{' || !json.Valid(c.Data)):
		return &tracker.FieldError{Field: "data", Reason: fmt.Sprintf("%s %s: must be a JSON object", c.Table, c.UID)}
	}
	return nil
}

// Cursor is where a member's last pull stopped: a PostgreSQL transaction id (xid8) below which
// every transaction had ended when the pull read the server. Zero pulls everything.
type Cursor uint64

// Row types: the content of each table's change, with the column names as JSON keys. Times are
// instants (stored as timestamptz), dates are civil dates "YYYY-MM-DD".

// Block is a span of working time. Only its author can read it on the server.
type Block struct {
	ProjectUID     *uuid.UUID `json:"project_uid"`
	DeliverableUID *uuid.UUID `json:"deliverable_uid"`
	Kind           string     `json:"kind"`
	Start          time.Time  `json:"start_at"`
	End            *time.Time `json:"end_at"`
	PlannedSeconds int64      `json:"planned_seconds"`
	Goal           string     `json:"goal"`
	Outcome        string     `json:"outcome"`
	Interruptions  int        `json:"interruptions"`
}

// Project groups work; the team reads project names to group deliverables.
type Project struct {
	Name     string `json:"name"`
	Color    string `json:"color"`
	Archived bool   `json:"archived"`
}

// Milestone is a dated goal.
type Milestone struct {
	ProjectUID *uuid.UUID `json:"project_uid"`
	Name       string     `json:"name"`
	StartDate  *string    `json:"start_date"`
	DueDate    string     `json:"due_date"`
}

// Deliverable is something shipped, or meant to be.
type Deliverable struct {
	ProjectUID   *uuid.UUID `json:"project_uid"`
	MilestoneUID *uuid.UUID `json:"milestone_uid"`
	Title        string     `json:"title"`
	Status       string     `json:"status"`
	Link         string     `json:"link"`
	DueDate      *string    `json:"due_date"`
	ShippedAt    *time.Time `json:"shipped_at"`
	Notes        string     `json:"notes"`
}

// Request is a request its author logged: to a teammate (ToMember), or from outside the team
// (FromWho), which stays private.
type Request struct {
	ToMember     *string    `json:"to_member"`
	FromWho      string     `json:"from_who"`
	Subject      string     `json:"subject"`
	Channel      string     `json:"channel"`
	Priority     string     `json:"priority"`
	ProjectUID   *uuid.UUID `json:"project_uid"`
	ReceivedAt   time.Time  `json:"received_at"`
	RepliedAt    *time.Time `json:"replied_at"`
	Replies      int        `json:"replies"`
	MinutesSpent int        `json:"minutes_spent"`
	Notes        string     `json:"notes"`
	// DueAt is when an answer is due, fixed when the request arrived: for a request to a teammate,
	// by the teammate's targets and business hours. Schema version 2.
	DueAt *time.Time `json:"due_at"`
}

// Reply answers a request between teammates; its author is whoever answers.
type Reply struct {
	RequestUID   uuid.UUID `json:"request_uid"`
	At           time.Time `json:"at"`
	Body         string    `json:"body"`
	MinutesSpent int       `json:"minutes_spent"`
}

// Decision is a proposal that closes by silence at its deadline; Team asks the whole team.
type Decision struct {
	Title       string     `json:"title"`
	Context     string     `json:"context"`
	ProjectUID  *uuid.UUID `json:"project_uid"`
	Team        bool       `json:"team"`
	ProposedAt  time.Time  `json:"proposed_at"`
	Deadline    time.Time  `json:"deadline"`
	ClosedState *string    `json:"closed_state"`
	Outcome     string     `json:"outcome"`
	ClosedAt    *time.Time `json:"closed_at"`
}

// Objection is a member's reasoned "no" to a decision.
type Objection struct {
	DecisionUID uuid.UUID `json:"decision_uid"`
	Reason      string    `json:"reason"`
	At          time.Time `json:"at"`
	// By is who objected as the author recorded it: the member, or someone outside the team whose
	// objection the member noted. Schema version 2.
	By *string `json:"by_who"`
}

// Handoff is an end-of-day note for teammates.
type Handoff struct {
	Day  string    `json:"day"`
	Note string    `json:"note"`
	At   time.Time `json:"at"`
}

// CheckIn is a weekly check-in's two numbers, each from 1 to 5; the private note never travels.
// Nobody but its author reads the row on the server: the team reads only the medians of a week
// that enough members answered (Remote.CheckInMedians). Schema version 3.
type CheckIn struct {
	Week         string `json:"week"` // the ISO week, "2026-W48"
	Satisfaction int    `json:"satisfaction"`
	Balance      int    `json:"balance"`
}
