package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"shiplog/tracker"
)

// snapshotSource is a Source over one person's export, held in memory: the team report reads
// each member through it instead of importing the member into a database. Every derived value
// comes from tracker's own rules (request due times and states, decision states, the settings'
// key table, milestone counts without dropped deliverables), so that a member's figures mean
// what they mean in that member's own report. Its methods live in snapshot_query.go.
type snapshotSource struct {
	cfg          tracker.Config
	now          time.Time
	projects     []tracker.Project           // by ID
	byName       map[string]*tracker.Project // by lower-case name
	milestones   []tracker.Milestone         // by ID, with counts
	deliverables []tracker.Deliverable       // by ID, with project and milestone names
	blocks       []tracker.Block             // by start, then ID
	requests     []tracker.Request           // by ID; derived when listed
	decisions    []tracker.Decision          // by ID, objections by time
	checkIns     []tracker.CheckIn           // by week
}

// NewSnapshotSource reads a Shiplog export as a Source whose clock stands at now. It checks every
// record as an import does (each entity's Validate, references by ID and by project name, blocks
// that overlap) and names the first bad one, as in "blocks[3]: end: must be after the start …".
// The snapshot is only read.
func NewSnapshotSource(snap tracker.Snapshot, now time.Time) (Source, error) {
	if err := snap.CheckFormat(); err != nil {
		return nil, err
	}
	s := &snapshotSource{now: now, byName: map[string]*tracker.Project{}}
	stored := map[string]string{}
	for i, st := range snap.Settings {
		// Only what the member's figures are computed with; where their reports are mailed or
		// written, and their mail account, are theirs and mean nothing here.
		if tracker.PersonalSetting(st.Key) {
			continue
		}
		if err := tracker.CheckSetting(st.Key, st.Value); err != nil {
			return nil, fmt.Errorf("settings[%d]: %w", i, err)
		}
		stored[st.Key] = strings.TrimSpace(st.Value)
	}
	s.cfg = tracker.ConfigFromSettings(stored)
	milestones, err := s.readProjectsAndMilestones(snap)
	if err != nil {
		return nil, err
	}
	deliverables, err := s.readDeliverables(snap, milestones)
	if err != nil {
		return nil, err
	}
	for _, step := range []func() error{
		func() error { return s.readBlocks(snap, deliverables) },
		func() error { return s.readRequests(snap) },
		func() error { return s.readDecisions(snap) },
		func() error { return s.readCheckIns(snap) },
	} {
		if err := step(); err != nil {
			return nil, err
		}
	}
	s.countMilestones()
	return s, nil
}

// uniqueID checks that a record that others refer to by ID has one of its own.
func uniqueID(ref string, id uint, seen map[uint]bool) error {
	if id == 0 || seen[id] {
		return fmt.Errorf("%s: %w", ref, &tracker.FieldError{Field: "id", Reason: fmt.Sprintf("must be set and unique in the file; got %d", id)})
	}
	seen[id] = true
	return nil
}

func nameKey(name string) string { return strings.ToLower(strings.TrimSpace(name)) }

// addProject adds a project, numbered after the others when it has no ID of its own.
func (s *snapshotSource) addProject(p tracker.Project) *tracker.Project {
	if p.ID == 0 {
		for _, q := range s.projects {
			p.ID = max(p.ID, q.ID)
		}
		p.ID++
	}
	s.projects = append(s.projects, p)
	sort.Slice(s.projects, func(i, j int) bool { return s.projects[i].ID < s.projects[j].ID })
	for i := range s.projects {
		s.byName[nameKey(s.projects[i].Name)] = &s.projects[i]
	}
	return s.byName[nameKey(p.Name)]
}

// project finds a project of the file by name, ignoring case as the tracker does.
func (s *snapshotSource) project(ref, name string) (*tracker.Project, error) {
	if p := s.byName[nameKey(name)]; p != nil {
		return p, nil
	}
	return nil, fmt.Errorf("%s: %w", ref, &tracker.NotFoundError{What: fmt.Sprintf("project %q", name)})
}

// readProjectsAndMilestones reads the projects and milestones, and returns the milestones by ID.
func (s *snapshotSource) readProjectsAndMilestones(snap tracker.Snapshot) (map[uint]*tracker.Milestone, error) {
	seen := map[uint]bool{}
	for i, sp := range snap.Projects {
		ref := fmt.Sprintf("projects[%d]", i)
		p := tracker.Project{ID: sp.ID, Name: sp.Name, Color: sp.Color, WeeklyDeepHours: sp.WeeklyDeepHours,
			WeeklyDeliverables: sp.WeeklyDeliverables, Archived: sp.Archived}
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
		if err := uniqueID(ref, p.ID, seen); err != nil {
			return nil, err
		}
		if s.byName[nameKey(p.Name)] != nil {
			return nil, fmt.Errorf("%s: %w", ref, &tracker.ConflictError{Msg: fmt.Sprintf("a project named %q is given twice", p.Name)})
		}
		s.addProject(p)
	}
	seen = map[uint]bool{}
	names := map[string]bool{}
	for i, sm := range snap.Milestones {
		ref := fmt.Sprintf("milestones[%d]", i)
		p, err := s.project(ref, sm.Project)
		if err != nil {
			return nil, err
		}
		m := tracker.Milestone{ID: sm.ID, Name: sm.Name, ProjectID: p.ID, Project: p.Name, StartDate: sm.Start, DueDate: sm.Due}
		if err := m.Validate(); err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
		if err := uniqueID(ref, m.ID, seen); err != nil {
			return nil, err
		}
		if k := fmt.Sprint(p.ID) + "/" + nameKey(m.Name); names[k] {
			return nil, fmt.Errorf("%s: %w", ref, &tracker.ConflictError{Msg: fmt.Sprintf("project %q already has a milestone named %q", p.Name, m.Name)})
		} else {
			names[k] = true
		}
		s.milestones = append(s.milestones, m)
	}
	sort.Slice(s.milestones, func(i, j int) bool { return s.milestones[i].ID < s.milestones[j].ID })
	byID := make(map[uint]*tracker.Milestone, len(s.milestones))
	for i := range s.milestones {
		byID[s.milestones[i].ID] = &s.milestones[i]
	}
	return byID, nil
}

// readDeliverables reads the deliverables and returns their IDs.
func (s *snapshotSource) readDeliverables(snap tracker.Snapshot, milestones map[uint]*tracker.Milestone) (map[uint]bool, error) {
	seen := map[uint]bool{}
	for i, sd := range snap.Deliverables {
		ref := fmt.Sprintf("deliverables[%d]", i)
		p, err := s.project(ref, sd.Project)
		if err != nil {
			return nil, err
		}
		d := tracker.Deliverable{ID: sd.ID, Title: sd.Title, ProjectID: p.ID, Project: p.Name, Status: sd.Status, Link: sd.Link,
			Due: sd.Due, ShippedAt: utcPtr(sd.ShippedAt), StartedAt: utcPtr(sd.StartedAt), DroppedAt: utcPtr(sd.DroppedAt), Notes: sd.Notes}
		if sd.CreatedAt != nil {
			d.CreatedAt = sd.CreatedAt.UTC()
		}
		if sd.MilestoneID != nil {
			m := milestones[*sd.MilestoneID]
			if m == nil {
				return nil, fmt.Errorf("%s: %w", ref, &tracker.FieldError{Field: "milestone_id",
					Reason: fmt.Sprintf("names no milestone of the file: %d", *sd.MilestoneID)})
			}
			id := m.ID
			d.MilestoneID, d.Milestone = &id, m.Name
		}
		if err := d.Validate(s.now); err != nil {
			return nil, fmt.Errorf("%s: %w", ref, err)
		}
		if err := uniqueID(ref, d.ID, seen); err != nil {
			return nil, err
		}
		s.deliverables = append(s.deliverables, d)
	}
	sort.Slice(s.deliverables, func(i, j int) bool { return s.deliverables[i].ID < s.deliverables[j].ID })
	return seen, nil
}

// readBlocks reads the blocks. A block's project that the file does not list is added, as an
// import creates it; blocks may not overlap.
func (s *snapshotSource) readBlocks(snap tracker.Snapshot, deliverables map[uint]bool) error {
	for i, sb := range snap.Blocks {
		ref := fmt.Sprintf("blocks[%d]", i)
		b := tracker.Block{ID: sb.ID, Kind: sb.Kind, Start: sb.Start.UTC(), End: utcPtr(sb.End), PlannedSeconds: sb.PlannedSeconds,
			Goal: sb.Goal, Outcome: sb.Outcome, Interruptions: sb.Interruptions, DeliverableID: sb.DeliverableID}
		if strings.TrimSpace(sb.Project) == "" {
			return fmt.Errorf("%s: %w", ref, &tracker.FieldError{Field: "project", Reason: "must be set"})
		}
		if err := b.Validate(s.now); err != nil {
			return fmt.Errorf("%s: %w", ref, err)
		}
		if b.DeliverableID != nil && !deliverables[*b.DeliverableID] {
			return fmt.Errorf("%s: %w", ref, &tracker.FieldError{Field: "deliverable_id",
				Reason: fmt.Sprintf("names no deliverable of the file: %d", *b.DeliverableID)})
		}
		p := s.byName[nameKey(sb.Project)]
		if p == nil {
			np := tracker.Project{Name: sb.Project}
			if err := np.Validate(); err != nil {
				return fmt.Errorf("%s: project: %w", ref, err)
			}
			p = s.addProject(np)
		}
		b.ProjectID, b.Project = p.ID, p.Name
		s.blocks = append(s.blocks, b)
	}
	sort.SliceStable(s.blocks, func(i, j int) bool { return blockLess(s.blocks[i], s.blocks[j]) })
	// Imported blocks may overlap (tracker.OverlapPolicy), and a report attributes the overlapped
	// time (tracker.Attribute); but only one block runs.
	running := -1
	for i, sb := range snap.Blocks {
		if sb.End != nil {
			continue
		}
		if running >= 0 {
			return fmt.Errorf("blocks[%d]: %w", i, &tracker.ConflictError{Msg: fmt.Sprintf("runs, and so does blocks[%d] of the same file",
				running)})
		}
		running = i
	}
	return nil
}

func blockLess(a, b tracker.Block) bool {
	if !a.Start.Equal(b.Start) {
		return a.Start.Before(b.Start)
	}
	return a.ID < b.ID
}

// optionalProject resolves the project of a request or decision, which may have none.
func (s *snapshotSource) optionalProject(ref, name string) (*uint, string, error) {
	if strings.TrimSpace(name) == "" {
		return nil, "", nil
	}
	p, err := s.project(ref, name)
	if err != nil {
		return nil, "", err
	}
	id := p.ID
	return &id, p.Name, nil
}

func (s *snapshotSource) readRequests(snap tracker.Snapshot) error {
	for i, sr := range snap.Requests {
		ref := fmt.Sprintf("requests[%d]", i)
		pid, project, err := s.optionalProject(ref, sr.Project)
		if err != nil {
			return err
		}
		r := tracker.Request{ID: sr.ID, Subject: sr.Subject, From: sr.From, Channel: sr.Channel, ProjectID: pid, Project: project,
			Priority: sr.Priority, ReceivedAt: sr.ReceivedAt.UTC(), RepliedAt: utcPtr(sr.RepliedAt), Replies: sr.Replies,
			MinutesSpent: sr.MinutesSpent, Notes: sr.Notes}
		if err := r.Validate(s.now); err != nil {
			return fmt.Errorf("%s: %w", ref, err)
		}
		s.requests = append(s.requests, r)
	}
	sort.SliceStable(s.requests, func(i, j int) bool { return s.requests[i].ID < s.requests[j].ID })
	return nil
}

func (s *snapshotSource) readDecisions(snap tracker.Snapshot) error {
	for i, sd := range snap.Decisions {
		ref := fmt.Sprintf("decisions[%d]", i)
		pid, project, err := s.optionalProject(ref, sd.Project)
		if err != nil {
			return err
		}
		d := tracker.Decision{ID: sd.ID, Title: sd.Title, Context: sd.Context, ProjectID: pid, Project: project,
			ProposedAt: sd.ProposedAt.UTC(), Deadline: sd.Deadline.UTC(), Closed: sd.Closed, Outcome: sd.Outcome,
			ClosedAt: utcPtr(sd.ClosedAt), Objections: []tracker.Objection{}}
		if err := d.Validate(s.now); err != nil {
			return fmt.Errorf("%s: %w", ref, err)
		}
		for j, so := range sd.Objections {
			o := tracker.Objection{DecisionID: d.ID, By: so.By, Reason: so.Reason, At: so.At.UTC()}
			if err := o.Validate(s.now); err != nil {
				return fmt.Errorf("%s.objections[%d]: %w", ref, j, err)
			}
			d.Objections = append(d.Objections, o)
		}
		sort.SliceStable(d.Objections, func(a, b int) bool { return d.Objections[a].At.Before(d.Objections[b].At) })
		s.decisions = append(s.decisions, d)
	}
	sort.SliceStable(s.decisions, func(i, j int) bool { return s.decisions[i].ID < s.decisions[j].ID })
	return nil
}

// countMilestones counts each milestone's deliverables by tracker's one rule, at the source's now.
func (s *snapshotSource) countMilestones() {
	tracker.CountMilestones(s.milestones, s.deliverables, s.now)
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}
