package tracker

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// ImportSnapshot imports a Shiplog export in one transaction. Projects and milestones are matched by
// name; other records by a source key hashed from their content, so importing a file twice adds
// nothing. IDs are kept where they are free, so an export imported into an empty database exports
// to the same file. The file's settings are imported only with opt.Settings, never the personal
// ones (see ImportOptions), and stored settings win over the file's.
func (s *Service) ImportSnapshot(snap Snapshot, opt ImportOptions) (ImportResult, error) {
	res := newResult()
	if opt.Overlaps == "" {
		opt.Overlaps = OverlapKeep
	}
	res.Policy = opt.Overlaps
	if err := snap.CheckFormat(); err != nil {
		return res, fmt.Errorf("import: %w", err)
	}
	now := s.now()
	err := s.write(func(tx Tx) error {
		im := &snapImport{tx: tx, now: now, res: &res, opt: opt,
			projectIDs: map[string]uint{}, milestoneIDs: map[uint]uint{}, deliverableIDs: map[uint]uint{}}
		// The order matters: milestones name projects, deliverables milestones, blocks deliverables.
		for _, step := range []func(Snapshot) error{im.projects, im.milestones, im.deliverables, im.blocks,
			im.requests, im.decisions, im.settings, im.checkIns} {
			if err := step(snap); err != nil {
				return err
			}
		}
		sort.Strings(res.NewProjects)
		return finish(opt, &res)
	})
	// The file may have set the time zone.
	s.zone.Store(nil)
	return res, importErr(err)
}

// snapImport is one ImportSnapshot in progress: the transaction, the result so far, and the IDs the
// file's records got in the store.
type snapImport struct {
	tx  Tx
	now time.Time
	res *ImportResult
	opt ImportOptions
	// order numbers the records in the order of the file, so that problems are listed that way.
	order int
	// projectIDs maps lower-case project names to stored IDs; milestoneIDs and deliverableIDs map
	// the file's IDs to stored ones.
	projectIDs     map[string]uint
	milestoneIDs   map[uint]uint
	deliverableIDs map[uint]uint
}

func (im *snapImport) problem(ref, col string, err error) {
	im.res.Problems = append(im.res.Problems, RowProblem{Ref: ref, Column: col, Err: err, order: im.order})
}

// fieldProblem records a validation error under the field it names.
func (im *snapImport) fieldProblem(ref string, err error) {
	var fe *FieldError
	col := ""
	if errors.As(err, &fe) {
		col = fe.Field
	}
	im.problem(ref, col, err)
}

// keptID is id if no record of the kind has it yet, else zero for a new one.
func (im *snapImport) keptID(kind Record, id uint) (uint, error) {
	if id == 0 {
		return 0, nil
	}
	free, err := im.tx.IDFree(kind, id)
	if err != nil || !free {
		return 0, err
	}
	return id, nil
}

// keyed finds the record of the kind that an earlier import stored with the source key.
func (im *snapImport) keyed(kind Record, key string) (uint, bool, error) {
	id, err := im.tx.KeyedID(kind, key)
	if errors.Is(err, ErrNotFound) {
		return 0, false, nil
	}
	return id, err == nil, err
}

// project resolves a record's project name; a problem is recorded if it names none. An empty name
// is nil unless required.
func (im *snapImport) project(ref, name string, required bool) (*uint, bool) {
	if strings.TrimSpace(name) == "" && !required {
		return nil, true
	}
	if id, ok := im.projectIDs[strings.ToLower(strings.TrimSpace(name))]; ok {
		return &id, true
	}
	p, err := projectByName(im.tx, name)
	if err != nil {
		im.problem(ref, "project", err)
		return nil, false
	}
	im.projectIDs[strings.ToLower(p.Name)] = p.ID
	return &p.ID, true
}

func (im *snapImport) projects(snap Snapshot) error {
	for i, sp := range snap.Projects {
		im.order++
		ref := fmt.Sprintf("projects[%d]", i)
		p := Project{Name: sp.Name, Color: sp.Color, WeeklyDeepHours: sp.WeeklyDeepHours,
			WeeklyDeliverables: sp.WeeklyDeliverables, Archived: sp.Archived}
		if err := p.Validate(); err != nil {
			im.fieldProblem(ref, err)
			continue
		}
		if old, err := projectByName(im.tx, p.Name); err == nil {
			im.projectIDs[strings.ToLower(p.Name)] = old.ID
			im.res.Existing++
			continue
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		var err error
		if p.ID, err = im.keptID(RecordProjects, sp.ID); err != nil {
			return err
		}
		if err := im.tx.CreateProject(&p); err != nil {
			return err
		}
		im.projectIDs[strings.ToLower(p.Name)] = p.ID
		im.res.NewProjects = append(im.res.NewProjects, p.Name)
		im.res.Records[string(RecordProjects)]++
	}
	return nil
}

func (im *snapImport) milestones(snap Snapshot) error {
	for i, sm := range snap.Milestones {
		im.order++
		ref := fmt.Sprintf("milestones[%d]", i)
		pid, ok := im.project(ref, sm.Project, true)
		if !ok {
			continue
		}
		m := Milestone{Name: sm.Name, ProjectID: *pid, StartDate: sm.Start, DueDate: sm.Due}
		if err := m.Validate(); err != nil {
			im.fieldProblem(ref, err)
			continue
		}
		if old, err := im.tx.FindMilestone(*pid, m.Name); err == nil {
			im.milestoneIDs[sm.ID] = old.ID
			im.res.Existing++
			continue
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		var err error
		if m.ID, err = im.keptID(RecordMilestones, sm.ID); err != nil {
			return err
		}
		if err := im.tx.CreateMilestone(&m); err != nil {
			return err
		}
		im.milestoneIDs[sm.ID] = m.ID
		im.res.Records[string(RecordMilestones)]++
	}
	return nil
}

func (im *snapImport) deliverables(snap Snapshot) error {
	for i, sd := range snap.Deliverables {
		im.order++
		ref := fmt.Sprintf("deliverables[%d]", i)
		oldID := sd.ID
		sd.ID = 0
		keyed := sd
		keyed.StartedAt, keyed.DroppedAt, keyed.CreatedAt = nil, nil, nil
		key := snapKey("deliverable", keyed)
		if id, ok, err := im.keyed(RecordDeliverables, key); err != nil {
			return err
		} else if ok {
			im.deliverableIDs[oldID] = id
			im.res.Existing++
			continue
		}
		pid, ok := im.project(ref, sd.Project, true)
		if !ok {
			continue
		}
		d := Deliverable{Title: sd.Title, ProjectID: *pid, Status: sd.Status, Link: sd.Link, Due: sd.Due,
			ShippedAt: UTCPtr(sd.ShippedAt), StartedAt: UTCPtr(sd.StartedAt), DroppedAt: UTCPtr(sd.DroppedAt), Notes: sd.Notes,
			SourceKey: &key}
		if sd.CreatedAt != nil {
			d.CreatedAt = sd.CreatedAt.UTC()
		}
		if sd.MilestoneID != nil {
			mid, ok := im.milestoneIDs[*sd.MilestoneID]
			if !ok {
				im.problem(ref, "milestone_id", invalid("milestone_id", "names no milestone of the file: %d", *sd.MilestoneID))
				continue
			}
			d.MilestoneID = &mid
		}
		if err := d.Validate(im.now); err != nil {
			im.fieldProblem(ref, err)
			continue
		}
		var err error
		if d.ID, err = im.keptID(RecordDeliverables, oldID); err != nil {
			return err
		}
		if err := im.tx.CreateDeliverable(&d); err != nil {
			return err
		}
		im.deliverableIDs[oldID] = d.ID
		im.res.Records[string(RecordDeliverables)]++
	}
	return nil
}

// snapBlockColumns names, for a problem with a block, the field of the file it is about.
var snapBlockColumns = map[string]string{"deliverable": "deliverable_id", "start": "start", "end": "end", "goal": "goal",
	"kind": "kind", "project": "project", "outcome": "outcome", "plan": "planned_seconds", "interruptions": "interruptions"}

// blocks imports the blocks through the rules of ImportBlocks, with problems numbered after the
// records before them.
func (im *snapImport) blocks(snap Snapshot) error {
	items := make([]ImportBlock, 0, len(snap.Blocks))
	for i, sb := range snap.Blocks {
		ref := fmt.Sprintf("blocks[%d]", i)
		oldID := sb.ID
		sb.ID = 0
		it := ImportBlock{Ref: ref, SourceKey: snapKey("block", sb), Columns: snapBlockColumns, KeepID: oldID,
			Block: Block{Project: sb.Project, Kind: sb.Kind, Start: sb.Start, End: sb.End, PlannedSeconds: sb.PlannedSeconds,
				Goal: sb.Goal, Outcome: sb.Outcome, Interruptions: sb.Interruptions}}
		if sb.DeliverableID != nil {
			id, ok := im.deliverableIDs[*sb.DeliverableID]
			if !ok {
				im.order++
				im.problem(ref, "deliverable_id", invalid("deliverable_id", "names no deliverable of the file: %d", *sb.DeliverableID))
				continue
			}
			it.DeliverableID = &id
		}
		if sb.Project == "" {
			im.order++
			im.problem(ref, "project", invalid("project", "must be set"))
			continue
		}
		items = append(items, it)
	}
	base := im.order
	blockRes := newResult()
	if err := importBlocksTx(im.tx, items, im.opt, im.now, &blockRes); err != nil {
		return err
	}
	for _, p := range blockRes.Problems {
		p.order += base + 1
		im.res.Problems = append(im.res.Problems, p)
	}
	im.order = base + len(items) + 1
	r := im.res
	r.Existing += blockRes.Existing
	r.Added += blockRes.Added
	r.Records[string(RecordBlocks)] += blockRes.Records[string(RecordBlocks)]
	r.NewProjects = append(r.NewProjects, blockRes.NewProjects...)
	r.NewDeliverables = append(r.NewDeliverables, blockRes.NewDeliverables...)
	for p, m := range blockRes.Counts {
		r.Counts[p] = m
	}
	r.Seconds, r.First, r.Last = blockRes.Seconds, blockRes.First, blockRes.Last
	r.FileOverlaps, r.StoredOverlaps = blockRes.FileOverlaps, blockRes.StoredOverlaps
	r.Adjusted, r.AdjustedMore, r.LeftOut = blockRes.Adjusted, blockRes.AdjustedMore, blockRes.LeftOut
	return nil
}

func (im *snapImport) requests(snap Snapshot) error {
	// The requests arrive in this record now: they are due by the targets in force here.
	cfg, err := configFrom(im.tx)
	if err != nil {
		return err
	}
	for i, sr := range snap.Requests {
		im.order++
		ref := fmt.Sprintf("requests[%d]", i)
		oldID := sr.ID
		sr.ID = 0
		key := snapKey("request", sr)
		if _, ok, err := im.keyed(RecordRequests, key); err != nil {
			return err
		} else if ok {
			im.res.Existing++
			continue
		}
		pid, ok := im.project(ref, sr.Project, false)
		if !ok {
			continue
		}
		r := Request{Subject: sr.Subject, From: sr.From, Channel: sr.Channel, ProjectID: pid, Priority: sr.Priority,
			ReceivedAt: UTC(sr.ReceivedAt), RepliedAt: UTCPtr(sr.RepliedAt), Replies: sr.Replies, MinutesSpent: sr.MinutesSpent,
			Notes: sr.Notes, SourceKey: &key}
		if err := r.Validate(im.now); err != nil {
			im.fieldProblem(ref, err)
			continue
		}
		r.DueAt = dueUnder(r, cfg)
		if r.ID, err = im.keptID(RecordRequests, oldID); err != nil {
			return err
		}
		if err := im.tx.CreateRequest(&r); err != nil {
			return err
		}
		im.res.Records[string(RecordRequests)]++
	}
	return nil
}

func (im *snapImport) decisions(snap Snapshot) error {
	for i, sd := range snap.Decisions {
		im.order++
		ref := fmt.Sprintf("decisions[%d]", i)
		oldID := sd.ID
		sd.ID = 0
		key := snapKey("decision", sd)
		if _, ok, err := im.keyed(RecordDecisions, key); err != nil {
			return err
		} else if ok {
			im.res.Existing++
			continue
		}
		pid, ok := im.project(ref, sd.Project, false)
		if !ok {
			continue
		}
		d := Decision{Title: sd.Title, Context: sd.Context, ProjectID: pid, ProposedAt: UTC(sd.ProposedAt),
			Deadline: UTC(sd.Deadline), Closed: sd.Closed, Outcome: sd.Outcome, ClosedAt: UTCPtr(sd.ClosedAt), SourceKey: &key}
		if err := d.Validate(im.now); err != nil {
			im.fieldProblem(ref, err)
			continue
		}
		bad := false
		for j, so := range sd.Objections {
			o := Objection{By: so.By, Reason: so.Reason, At: UTC(so.At)}
			if err := o.Validate(im.now); err != nil {
				im.fieldProblem(fmt.Sprintf("%s.objections[%d]", ref, j), err)
				bad = true
			}
		}
		if bad {
			continue
		}
		var err error
		if d.ID, err = im.keptID(RecordDecisions, oldID); err != nil {
			return err
		}
		if err := im.tx.CreateDecision(&d); err != nil {
			return err
		}
		for _, so := range sd.Objections {
			o := Objection{DecisionID: d.ID, By: so.By, Reason: so.Reason, At: UTC(so.At)}
			if err := im.tx.CreateObjection(&o); err != nil {
				return err
			}
		}
		im.res.Records[string(RecordDecisions)]++
	}
	return nil
}

func (im *snapImport) settings(snap Snapshot) error {
	if !im.opt.Settings {
		return nil
	}
	for i, ss := range snap.Settings {
		im.order++
		ref := fmt.Sprintf("settings[%d]", i)
		k, ok := findKey(ss.Key)
		if !ok {
			im.problem(ref, "key", unknownKey(ss.Key))
			continue
		}
		if k.secret || k.personal {
			// Where the report goes and through which account is this person's own: a file,
			// however it was made, never changes it.
			continue
		}
		var c Config
		if err := k.apply(&c, ss.Value); err != nil {
			im.problem(ref, "value", invalid(ss.Key, "%s", err.Error()))
			continue
		}
		switch _, err := im.tx.StoredSetting(ss.Key); {
		case err == nil:
			im.res.Existing++
			continue
		case !errors.Is(err, ErrNotFound):
			return err
		}
		if err := im.tx.PutSetting(ss.Key, ss.Value); err != nil {
			return err
		}
		im.res.Records[string(RecordSettings)]++
	}
	return nil
}
