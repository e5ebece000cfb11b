package tracker

import (
	"strings"
	"time"
)

// Kind is what sort of work a block holds.
type Kind string

// The block kinds. Deep is focused work toward a goal; async is written communication.
const (
	KindDeep    Kind = "deep"
	KindShallow Kind = "shallow"
	KindAsync   Kind = "async"
	KindMeeting Kind = "meeting"
)

// Kinds lists every block kind in display order.
var Kinds = []Kind{KindDeep, KindShallow, KindAsync, KindMeeting}

// Label is the kind's human name, as the tray and the report show it.
func (k Kind) Label() string {
	switch k {
	case KindDeep:
		return "Deep work"
	case KindShallow:
		return "Shallow"
	case KindAsync:
		return "Async communication"
	case KindMeeting:
		return "Meeting"
	}
	return string(k)
}

// ParseKind accepts a kind name, case-insensitively.
func ParseKind(s string) (Kind, error) {
	for _, k := range Kinds {
		if equalFold(s, string(k)) {
			return k, nil
		}
	}
	return "", invalid("kind", "must be one of deep, shallow, async, meeting; got %q", s)
}

// Status is where a deliverable stands.
type Status string

// Deliverable statuses.
const (
	StatusPlanned    Status = "planned"
	StatusInProgress Status = "in_progress"
	StatusShipped    Status = "shipped"
	StatusDropped    Status = "dropped"
)

// Label is the status in words, as lists and messages show it; JSON keeps the status itself.
func (st Status) Label() string { return strings.ReplaceAll(string(st), "_", " ") }

// Statuses lists the statuses in lifecycle order.
var Statuses = []Status{StatusPlanned, StatusInProgress, StatusShipped, StatusDropped}

// ParseStatus accepts a status name; "in-progress" and "in progress" are accepted too.
func ParseStatus(s string) (Status, error) {
	norm := []rune{}
	for _, r := range s {
		if r == '-' || r == ' ' {
			r = '_'
		}
		norm = append(norm, r)
	}
	for _, st := range Statuses {
		if equalFold(string(norm), string(st)) {
			return st, nil
		}
	}
	return "", invalid("status", "must be one of planned, in_progress, shipped, dropped; got %q", s)
}

// Priority is how soon a request needs an answer.
type Priority string

// Request priorities, from the most pressing.
const (
	PriorityUrgent    Priority = "urgent"
	PriorityImportant Priority = "important"
	PriorityNormal    Priority = "normal"
	PriorityFYI       Priority = "fyi"
)

// Priorities lists the priorities from the most pressing.
var Priorities = []Priority{PriorityUrgent, PriorityImportant, PriorityNormal, PriorityFYI}

// ParsePriority accepts a priority name, case-insensitively.
func ParsePriority(s string) (Priority, error) {
	for _, p := range Priorities {
		if equalFold(s, string(p)) {
			return p, nil
		}
	}
	return "", invalid("priority", "must be one of urgent, important, normal, fyi; got %q", s)
}

// Project groups work. Names are unique, ignoring case.
type Project struct {
	ID                 uint      `json:"id"`
	Name               string    `json:"name"`
	Color              string    `json:"color"`
	WeeklyDeepHours    float64   `json:"weekly_deep_hours"`
	WeeklyDeliverables int       `json:"weekly_deliverables"`
	Archived           bool      `json:"archived"`
	CreatedAt          time.Time `json:"created_at"`
}

// Block is a span of time on a project. A running block has no End.
type Block struct {
	ID             uint       `json:"id"`
	ProjectID      uint       `json:"-"`
	Project        string     `json:"project"`
	Kind           Kind       `json:"kind"`
	Start          time.Time  `json:"start"`
	End            *time.Time `json:"end"`
	PlannedSeconds int64      `json:"planned_seconds"`
	Goal           string     `json:"goal"`
	Outcome        string     `json:"outcome"`
	Interruptions  int        `json:"interruptions"`
	DeliverableID  *uint      `json:"deliverable_id"`
	// LastSeen is the app's heartbeat while the block runs, so that sleep is never counted as work.
	LastSeen *time.Time `json:"-"`
	// Discarded is set on a block that StopBlock removed because it lasted under a second.
	Discarded bool      `json:"-"`
	SourceKey *string   `json:"-"`
	CreatedAt time.Time `json:"-"`
	UpdatedAt time.Time `json:"-"`
}

// Running reports whether the block has not been stopped.
func (b Block) Running() bool { return b.End == nil }

// NeedsGoal reports whether the block is deep work without a goal. Such a block is not counted as
// deep work, so a front end asks for the goal at its stop (StopInput.Goal) or hints at its start.
func (b Block) NeedsGoal() bool { return b.Kind == KindDeep && strings.TrimSpace(b.Goal) == "" }

// Duration is the block's length; a running block counts up to now.
func (b Block) Duration(now time.Time) time.Duration {
	end := now
	if b.End != nil {
		end = *b.End
	}
	if end.Before(b.Start) {
		return 0
	}
	return end.Sub(b.Start)
}

// Planned is the planned length, or zero when none was given.
func (b Block) Planned() time.Duration { return time.Duration(b.PlannedSeconds) * time.Second }

// Deliverable is something shipped, or meant to be.
type Deliverable struct {
	ID          uint   `json:"id"`
	Title       string `json:"title"`
	ProjectID   uint   `json:"-"`
	Project     string `json:"project"`
	Status      Status `json:"status"`
	Link        string `json:"link"`
	MilestoneID *uint  `json:"milestone_id"`
	Milestone   string `json:"milestone"`
	Due         Date   `json:"due"`
	// StartedAt, ShippedAt and DroppedAt record when the deliverable moved to in progress, shipped
	// and dropped, so that a report for a past period shows it as it stood then.
	StartedAt *time.Time `json:"started_at"`
	ShippedAt *time.Time `json:"shipped_at"`
	DroppedAt *time.Time `json:"dropped_at"`
	Notes     string     `json:"notes"`
	// InvestedSeconds is the sum of the deliverable's blocks; it is computed, never stored.
	InvestedSeconds int64     `json:"invested_seconds"`
	SourceKey       *string   `json:"-"`
	CreatedAt       time.Time `json:"-"`
	UpdatedAt       time.Time `json:"-"`
}

// Milestone is a dated goal that deliverables count toward.
type Milestone struct {
	ID        uint      `json:"id"`
	Name      string    `json:"name"`
	ProjectID uint      `json:"-"`
	Project   string    `json:"project"`
	StartDate Date      `json:"start"`
	DueDate   Date      `json:"due"`
	Shipped   int       `json:"shipped"`
	Total     int       `json:"total"`
	CreatedAt time.Time `json:"-"`
}

// Progress is shipped over total, from 0 to 1; dropped deliverables do not count.
func (m Milestone) Progress() float64 {
	if m.Total == 0 {
		return 0
	}
	return float64(m.Shipped) / float64(m.Total)
}

// Request is an async message that needs an answer.
type Request struct {
	ID           uint       `json:"id"`
	Subject      string     `json:"subject"`
	From         string     `json:"from"`
	Channel      string     `json:"channel"`
	ProjectID    *uint      `json:"-"`
	Project      string     `json:"project"`
	Priority     Priority   `json:"priority"`
	ReceivedAt   time.Time  `json:"received_at"`
	RepliedAt    *time.Time `json:"replied_at"`
	Replies      int        `json:"replies"`
	MinutesSpent int        `json:"minutes_spent"`
	Notes        string     `json:"notes"`
	// NotifiedSoonAt and NotifiedOverdueAt record that the SLA watcher has told the user, so it tells once.
	NotifiedSoonAt    *time.Time `json:"-"`
	NotifiedOverdueAt *time.Time `json:"-"`
	SourceKey         *string    `json:"-"`
	CreatedAt         time.Time  `json:"-"`
	UpdatedAt         time.Time  `json:"-"`

	// DueAt is when the request should be answered: fixed when it arrives, from the response
	// targets and the working calendar in force then. FYI requests have none.
	DueAt *time.Time `json:"due_at"`

	// To is the teammate the user sent this request to through the team server; their business
	// hours fix its due time and their reply answers it. Empty for a request the user received.
	To string `json:"to"`
	// Author is the teammate who sent this request through the team server, and the only one who
	// may change it; empty for the user's own records. From holds the same name.
	Author string `json:"-"`

	// Derived from the data, the settings and the clock when listed; never stored.
	State                   RequestState `json:"state"`
	ResponseBusinessSeconds *int64       `json:"response_business_seconds"`
	// SuggestLive is set once a thread has gone back and forth three times: time to talk instead.
	SuggestLive bool `json:"suggest_live"`
}

// RequestState is where a request stands against its response target.
type RequestState string

// Request states.
const (
	RequestOpen           RequestState = "open"
	RequestDueSoon        RequestState = "due_soon"
	RequestOverdue        RequestState = "overdue"
	RequestAnsweredInTime RequestState = "answered_in_time"
	RequestAnsweredLate   RequestState = "answered_late"
)

// Label is the state in words ("answered in time"), as lists and messages show it; JSON keeps
// the state itself.
func (st RequestState) Label() string { return strings.ReplaceAll(string(st), "_", " ") }

// DecisionState is where a decision stands.
type DecisionState string

// Decision states.
const (
	DecisionOpen              DecisionState = "open"
	DecisionAcceptedBySilence DecisionState = "accepted_by_silence"
	DecisionNeedsDiscussion   DecisionState = "needs_discussion"
	DecisionAccepted          DecisionState = "accepted"
	DecisionRejected          DecisionState = "rejected"
)

// Label is the state in words ("accepted by silence"), as lists and messages show it; JSON keeps
// the state itself.
func (st DecisionState) Label() string { return strings.ReplaceAll(string(st), "_", " ") }

// Decision is a proposal that closes by silence at its deadline unless someone objects.
type Decision struct {
	ID         uint        `json:"id"`
	Title      string      `json:"title"`
	Context    string      `json:"context"`
	ProjectID  *uint       `json:"-"`
	Project    string      `json:"project"`
	ProposedAt time.Time   `json:"proposed_at"`
	Deadline   time.Time   `json:"deadline"`
	Objections []Objection `json:"objections"`
	// Closed is "accepted" or "rejected" once the proposer closes it explicitly, else empty.
	Closed     string     `json:"-"`
	Outcome    string     `json:"outcome"`
	ClosedAt   *time.Time `json:"closed_at"`
	NotifiedAt *time.Time `json:"-"`
	SourceKey  *string    `json:"-"`
	CreatedAt  time.Time  `json:"-"`
	UpdatedAt  time.Time  `json:"-"`
	// Team marks a decision the whole team sees and may object to, through the team server.
	Team bool `json:"team"`
	// Author is the teammate who proposed it, for a team decision received through the team
	// server; empty for the user's own. Only its proposer closes a decision.
	Author string `json:"author"`

	// State follows from the data and the clock, so it is right even if no job ran.
	State DecisionState `json:"state"`
}

// Objection is someone's reasoned "no" to a decision.
type Objection struct {
	ID         uint      `json:"-"`
	DecisionID uint      `json:"-"`
	By         string    `json:"by"`
	Reason     string    `json:"reason"`
	At         time.Time `json:"at"`
	// Author is the teammate who raised it through the team server; empty for one the user recorded.
	Author string `json:"-"`
}

// Reply is the user's answer to a request that a teammate sent through the team server. The
// request is the teammate's record, so the answer travels as a record of the user's own.
type Reply struct {
	ID        uint
	RequestID uint
	At        time.Time
	Minutes   int
	Body      string
}

// JobRun records one run of a scheduled job and how it ended.
type JobRun struct {
	ID         uint       `json:"id"`
	Job        string     `json:"job"`
	StartedAt  time.Time  `json:"started_at"`
	FinishedAt *time.Time `json:"finished_at"`
	Outcome    string     `json:"outcome"` // "ok" or "error"
	Detail     string     `json:"detail"`
}
