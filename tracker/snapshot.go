package tracker

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sort"
	"time"
)

// SnapshotFormat and SnapshotVersion identify Shiplog's own JSON export. Version 2 added the
// weekly check-ins and the deliverables' history (created, started, dropped); a Shiplog that
// reads only version 1 refuses such a file instead of dropping what it cannot hold.
const (
	SnapshotFormat  = "shiplog"
	SnapshotVersion = 2
)

// CheckFormat refuses a snapshot that is not a Shiplog export this Shiplog can read whole.
func (snap Snapshot) CheckFormat() error {
	switch {
	case snap.Format != SnapshotFormat:
		return invalid("format", "must be %q (a Shiplog JSON export); got %q", SnapshotFormat, snap.Format)
	case snap.Version > SnapshotVersion:
		return invalid("version", "%d was written by a newer Shiplog, which this one (versions 1 to %d) cannot read whole; update Shiplog",
			snap.Version, SnapshotVersion)
	case snap.Version < 1:
		return invalid("version", "must be 1 to %d; got %d", SnapshotVersion, snap.Version)
	}
	return nil
}

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
	// CheckIns are the weekly check-ins' numbers (SnapCheckIn); exports without any leave the key
	// out, so that they read as before.
	CheckIns []SnapCheckIn `json:"check_ins,omitempty"`
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
	// StartedAt, DroppedAt and CreatedAt date the deliverable's history, so that a report for a
	// past period read from the export shows it as it stood then (Deliverable.StatusAt). Exports
	// made before they were kept lack them; they are left out of the import's source key, so that
	// such an export and a newer one of the same record import once.
	StartedAt *time.Time `json:"started_at,omitempty"`
	DroppedAt *time.Time `json:"dropped_at,omitempty"`
	CreatedAt *time.Time `json:"created_at,omitempty"`
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
	err := s.read(func(tx Tx) error {
		ps, err := tx.ListProjects(true)
		if err != nil {
			return err
		}
		sort.Slice(ps, func(i, j int) bool { return ps[i].ID < ps[j].ID })
		names := map[uint]string{}
		want := map[uint]bool{}
		for _, p := range ps {
			names[p.ID] = p.Name
		}
		ids, err := projectIDs(tx, f.Projects)
		if err != nil {
			return err
		}
		for _, id := range ids {
			want[id] = true
		}
		keep := func(id *uint) bool { return len(want) == 0 || (id != nil && want[*id]) }
		for _, p := range ps {
			if keep(&p.ID) {
				snap.Projects = append(snap.Projects, SnapProject{ID: p.ID, Name: p.Name, Color: p.Color,
					WeeklyDeepHours: p.WeeklyDeepHours, WeeklyDeliverables: p.WeeklyDeliverables, Archived: p.Archived})
			}
		}
		ms, err := tx.ListMilestones(nil)
		if err != nil {
			return err
		}
		sort.Slice(ms, func(i, j int) bool { return ms[i].ID < ms[j].ID })
		for _, m := range ms {
			if keep(&m.ProjectID) {
				snap.Milestones = append(snap.Milestones, SnapMilestone{ID: m.ID, Project: names[m.ProjectID], Name: m.Name,
					Start: m.StartDate, Due: m.DueDate})
			}
		}
		linked := map[uint]bool{}
		bs, pids, err := tx.SnapshotBlocks()
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
		ds, err := tx.ListDeliverables(DeliverableQuery{})
		if err != nil {
			return err
		}
		for _, d := range ds {
			inR := d.ShippedAt == nil || inRange(*d.ShippedAt, f)
			if linked[d.ID] || (keep(&d.ProjectID) && inR) {
				snap.Deliverables = append(snap.Deliverables, SnapDeliverable{ID: d.ID, Project: names[d.ProjectID], Title: d.Title,
					Status: d.Status, Link: d.Link, MilestoneID: d.MilestoneID, Due: d.Due, ShippedAt: d.ShippedAt, Notes: d.Notes,
					StartedAt: d.StartedAt, DroppedAt: d.DroppedAt, CreatedAt: timePtr(d.CreatedAt)})
			}
		}
		// The requests the user received are their record; those sent to teammates are the
		// teammates' to answer, and count in the teammates' figures.
		rs, err := tx.ListRequests(RequestQuery{Received: true})
		if err != nil {
			return err
		}
		sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
		for _, r := range rs {
			if keep(r.ProjectID) && inRange(r.ReceivedAt, f) {
				snap.Requests = append(snap.Requests, SnapRequest{ID: r.ID, Project: nameOf(names, r.ProjectID), Subject: r.Subject,
					From: r.From, Channel: r.Channel, Priority: r.Priority, ReceivedAt: r.ReceivedAt, RepliedAt: r.RepliedAt,
					Replies: r.Replies, MinutesSpent: r.MinutesSpent, Notes: r.Notes})
			}
		}
		decs, err := tx.ListDecisions()
		if err != nil {
			return err
		}
		sort.Slice(decs, func(i, j int) bool { return decs[i].ID < decs[j].ID })
		objs, err := tx.ListObjections(nil)
		if err != nil {
			return err
		}
		byDec := map[uint][]SnapObjection{}
		for _, o := range objs {
			byDec[o.DecisionID] = append(byDec[o.DecisionID], SnapObjection{By: o.By, Reason: o.Reason, At: o.At})
		}
		for _, d := range decs {
			// A teammate's team decision is theirs, and counts in their figures.
			if d.Author == "" && keep(d.ProjectID) && inRange(d.ProposedAt, f) {
				obs := byDec[d.ID]
				if obs == nil {
					obs = []SnapObjection{}
				}
				snap.Decisions = append(snap.Decisions, SnapDecision{ID: d.ID, Project: nameOf(names, d.ProjectID), Title: d.Title,
					Context: d.Context, ProposedAt: d.ProposedAt, Deadline: d.Deadline, Closed: d.Closed, Outcome: d.Outcome,
					ClosedAt: d.ClosedAt, Objections: obs})
			}
		}
		if snap.CheckIns, err = snapCheckIns(tx, f); err != nil {
			return err
		}
		sets, err := tx.StoredSettings()
		if err != nil {
			return err
		}
		keys := make([]string, 0, len(sets))
		for k := range sets {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		// What is the person's own (mail routing, the mail account, autostart, the demo marker) and
		// secrets stay out: no import takes them, and an export is often shared.
		for _, key := range keys {
			if k, ok := findKey(key); ok && !k.secret && !k.personal {
				snap.Settings = append(snap.Settings, SnapSetting{Key: key, Value: sets[key]})
			}
		}
		return nil
	})
	if err != nil {
		return Snapshot{}, fmt.Errorf("export: %w", err)
	}
	return snap, nil
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

// timePtr is t as an optional time in UTC, nil for the zero time.
func timePtr(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}
