package reports

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"shiplog/tracker"
)

// The snapshot source's reads. Each answers what the tracker.Service method of the same name
// answers for the same record, in the same order; TestSnapshotSourceGivesTheDatabasesReport holds
// them to that.

func (s *snapshotSource) Config() (tracker.Config, error) { return s.cfg, nil }

func (s *snapshotSource) Now() time.Time { return s.now }

func (s *snapshotSource) ProjectByName(name string) (tracker.Project, error) {
	if p := s.byName[nameKey(name)]; p != nil {
		return *p, nil
	}
	return tracker.Project{}, &tracker.NotFoundError{What: fmt.Sprintf("project %q", name)}
}

// Projects lists the projects by name, ignoring the case of ASCII letters as SQLite's NOCASE does.
func (s *snapshotSource) Projects(includeArchived bool) ([]tracker.Project, error) {
	var out []tracker.Project
	for _, p := range s.projects {
		if includeArchived || !p.Archived {
			out = append(out, p)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return asciiLower(out[i].Name) < asciiLower(out[j].Name) })
	return out, nil
}

func asciiLower(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'A' && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// projectIDs resolves a filter's project names; nil means every project.
func (s *snapshotSource) projectIDs(names []string) (map[uint]bool, error) {
	if len(names) == 0 {
		return nil, nil
	}
	ids := map[uint]bool{}
	for _, n := range names {
		p, err := s.ProjectByName(n)
		if err != nil {
			return nil, err
		}
		ids[p.ID] = true
	}
	return ids, nil
}

// blocksIn lists the blocks that overlap the filter's range, oldest first.
func (s *snapshotSource) blocksIn(f tracker.BlockFilter) ([]tracker.Block, error) {
	ids, err := s.projectIDs(f.Projects)
	if err != nil {
		return nil, err
	}
	var out []tracker.Block
	for _, b := range s.blocks {
		if !f.To.IsZero() && !b.Start.Before(f.To) {
			break
		}
		if !f.From.IsZero() && b.Start.Before(f.From) && b.End != nil && !b.End.After(f.From) {
			continue
		}
		if (ids == nil || ids[b.ProjectID]) && (len(f.Kinds) == 0 || hasKind(f.Kinds, b.Kind)) {
			out = append(out, b)
		}
	}
	return out, nil
}

func hasKind(ks []tracker.Kind, k tracker.Kind) bool {
	for _, x := range ks {
		if x == k {
			return true
		}
	}
	return false
}

// BlockSpans gives the blocks in whole seconds, as the database's spans are read.
func (s *snapshotSource) BlockSpans(f tracker.BlockFilter) ([]tracker.BlockSpan, error) {
	bs, err := s.blocksIn(f)
	if err != nil {
		return nil, fmt.Errorf("list block spans: %w", err)
	}
	out := make([]tracker.BlockSpan, len(bs))
	for i, b := range bs {
		out[i] = tracker.BlockSpan{ProjectID: b.ProjectID, Kind: b.Kind, Start: seconds(b.Start), PlannedSeconds: b.PlannedSeconds,
			HasGoal: strings.Trim(b.Goal, " ") != "", Interruptions: b.Interruptions}
		if b.End != nil {
			e := seconds(*b.End)
			out[i].End = &e
		}
	}
	return out, nil
}

// FirstBlockStart is the start of the file's earliest block.
func (s *snapshotSource) FirstBlockStart() (time.Time, bool, error) {
	if len(s.blocks) == 0 {
		return time.Time{}, false, nil
	}
	return s.blocks[0].Start, true, nil
}

func seconds(t time.Time) time.Time { return time.Unix(t.Unix(), 0).UTC() }

// TimeIn sums the time of the blocks of the kind and the filter's projects inside each range, as
// tracker.Attribute gives it (over the blocks of every project and kind), a running block up to now.
func (s *snapshotSource) TimeIn(f tracker.BlockFilter, kind tracker.Kind, ranges [][2]time.Time, now time.Time) ([]time.Duration, error) {
	ids, err := s.projectIDs(f.Projects)
	if err != nil {
		return nil, fmt.Errorf("sum block time: %w", err)
	}
	spans, err := s.BlockSpans(tracker.BlockFilter{From: f.From, To: f.To})
	if err != nil {
		return nil, fmt.Errorf("sum block time: %w", err)
	}
	out := make([]time.Duration, len(ranges))
	for i, parts := range tracker.Attribute(spans, now) {
		if spans[i].Kind != kind || (ids != nil && !ids[spans[i].ProjectID]) {
			continue
		}
		for j, r := range ranges {
			out[j] += tracker.PartsIn(parts, r[0], r[1])
		}
	}
	return out, nil
}

func (s *snapshotSource) Deliverables(f tracker.DeliverableFilter) ([]tracker.Deliverable, error) {
	ids, err := s.projectIDs(f.Projects)
	if err != nil {
		return nil, fmt.Errorf("list deliverables: %w", err)
	}
	var out []tracker.Deliverable
	for _, d := range s.deliverables {
		shipped := func(ok func(time.Time) bool) bool { return d.ShippedAt != nil && ok(*d.ShippedAt) }
		switch {
		case ids != nil && !ids[d.ProjectID]:
		case len(f.Statuses) > 0 && !hasStatus(f.Statuses, d.Status):
		case !f.ShippedFrom.IsZero() && !shipped(func(t time.Time) bool { return !t.Before(f.ShippedFrom) }):
		case !f.ShippedTo.IsZero() && !shipped(func(t time.Time) bool { return t.Before(f.ShippedTo) }):
		default:
			out = append(out, d)
		}
	}
	tracker.SortDeliverables(out)
	if !f.SkipInvested {
		all := make([]uint, len(out))
		for i, d := range out {
			all[i] = d.ID
		}
		invested, _ := s.InvestedSeconds(all, time.Time{})
		for i := range out {
			out[i].InvestedSeconds = invested[out[i].ID]
		}
	}
	return out, nil
}

func hasStatus(ss []tracker.Status, st tracker.Status) bool {
	for _, x := range ss {
		if x == st {
			return true
		}
	}
	return false
}

// InvestedSeconds sums whole seconds of the deliverables' blocks, a running one up to now and,
// for a nonzero until, only the time before until; deliverables without blocks are left out of
// the map.
func (s *snapshotSource) InvestedSeconds(ids []uint, until time.Time) (map[uint]int64, error) {
	// The blocks are in memory, by start then ID: count the whole record as the tracker does,
	// overlapped time once (tracker.InvestedWithin).
	_, counted := tracker.InvestedWithin(s.blocks, time.Time{}, time.Time{}, s.now, until)
	out := make(map[uint]int64, len(ids))
	for _, id := range ids {
		if v, ok := counted[id]; ok {
			out[id] = v
		}
	}
	return out, nil
}

// Milestones lists milestones by due date with their counts.
func (s *snapshotSource) Milestones(projects ...string) ([]tracker.Milestone, error) {
	ids, err := s.projectIDs(projects)
	if err != nil {
		return nil, fmt.Errorf("list milestones: %w", err)
	}
	var out []tracker.Milestone
	for _, m := range s.milestones {
		if ids == nil || ids[m.ProjectID] {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].DueDate != out[j].DueDate {
			return out[i].DueDate < out[j].DueDate
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Requests lists requests with their due time and state at the source's now.
func (s *snapshotSource) Requests(f tracker.RequestFilter) ([]tracker.Request, error) {
	ids, err := s.projectIDs(f.Projects)
	if err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	var out []tracker.Request
	for _, r := range s.requests {
		switch {
		case f.OpenOnly && r.RepliedAt != nil:
		case !f.ReceivedFrom.IsZero() && r.ReceivedAt.Before(f.ReceivedFrom):
		case !f.ReceivedTo.IsZero() && !r.ReceivedAt.Before(f.ReceivedTo):
		case ids != nil && (r.ProjectID == nil || !ids[*r.ProjectID]):
		default:
			tracker.DeriveRequest(&r, s.cfg, s.now)
			out = append(out, r)
		}
	}
	// First in the order the database reads them, then in the order the tracker lists them.
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].ReceivedAt.Equal(out[j].ReceivedAt) {
			return out[i].ReceivedAt.Before(out[j].ReceivedAt)
		}
		return out[i].ID < out[j].ID
	})
	tracker.SortRequests(out)
	return out, nil
}

// Decisions lists every decision, oldest proposal first, with its state at the source's now.
func (s *snapshotSource) Decisions() ([]tracker.Decision, error) {
	out := make([]tracker.Decision, len(s.decisions))
	copy(out, s.decisions)
	sort.SliceStable(out, func(i, j int) bool {
		if !out[i].ProposedAt.Equal(out[j].ProposedAt) {
			return out[i].ProposedAt.Before(out[j].ProposedAt)
		}
		return out[i].ID < out[j].ID
	})
	for i := range out {
		out[i].Objections = append([]tracker.Objection{}, out[i].Objections...)
		out[i].State = tracker.DecisionStateAt(out[i], s.now)
	}
	return out, nil
}
