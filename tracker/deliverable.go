package tracker

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
)

// AddDeliverable creates a deliverable; d.Project names the project and d.Milestone, if set, a
// milestone of that project. The status defaults to planned.
func (s *Service) AddDeliverable(d Deliverable) (Deliverable, error) {
	now := s.now()
	d.ID = 0
	if d.Status == "" {
		d.Status = StatusPlanned
	}
	if _, err := ParseStatus(string(d.Status)); err == nil {
		d.moveTo(d.Status, now)
	}
	if err := d.Validate(now); err != nil {
		return Deliverable{}, fmt.Errorf("add deliverable: %w", err)
	}
	err := s.write(func(tx Tx) error {
		if err := resolveDeliverableRefs(tx, &d); err != nil {
			return err
		}
		return tx.CreateDeliverable(&d)
	})
	if err != nil {
		return Deliverable{}, fmt.Errorf("add deliverable: %w", err)
	}
	return d, nil
}

// ShipInput says what to ship: a deliverable by ID, or by Title in Project. By title, the open
// deliverable (planned or in progress) of that title ships, so that what was planned is what
// ships; a new deliverable, shipped at once, is recorded only when the project has none open.
type ShipInput struct {
	ID        uint
	Title     string
	Project   string
	Link      string
	Milestone string
	At        time.Time // zero means now
}

// Shipment is what ShipDetail did.
type Shipment struct {
	Deliverable Deliverable
	// New is set when no open deliverable had the title, so that a new one was recorded shipped.
	New bool
	// Was is the status the deliverable had before it shipped: planned or in progress; empty
	// when New.
	Was Status
	// Since is when it took that status: when it was planned (created), or when work on it began.
	Since time.Time
}

// Ship marks a deliverable shipped as ShipDetail does, and returns it.
func (s *Service) Ship(in ShipInput) (Deliverable, error) {
	sh, err := s.ShipDetail(in)
	return sh.Deliverable, err
}

// ShipDetail ships what in names, in one transaction, and says whether it shipped a planned
// deliverable or recorded a new one. By title, the match ignores case and surrounding spaces; two
// open deliverables of the same title in the project are a conflict that lists both IDs, so that
// the caller ships one by ID.
func (s *Service) ShipDetail(in ShipInput) (Shipment, error) {
	now := s.now()
	if in.At.IsZero() {
		in.At = now
	}
	var sh Shipment
	err := s.write(func(tx Tx) error {
		var err error
		sh, err = ship(tx, in, now)
		return err
	})
	if err != nil {
		if in.ID != 0 {
			return Shipment{}, fmt.Errorf("ship deliverable %d: %w", in.ID, err)
		}
		return Shipment{}, fmt.Errorf("ship %q: %w", strings.TrimSpace(in.Title), err)
	}
	return sh, nil
}

// ship is ShipDetail inside a transaction.
func ship(tx Tx, in ShipInput, now time.Time) (Shipment, error) {
	at := UTC(in.At)
	if in.ID != 0 {
		d, err := tx.Deliverable(in.ID)
		if err != nil {
			return Shipment{}, err
		}
		if in.Title != "" {
			d.Title = in.Title
		}
		return shipStored(tx, d, in, at, now)
	}
	if strings.TrimSpace(in.Project) == "" {
		return Shipment{}, invalid("project", "must be set")
	}
	p, err := projectByName(tx, in.Project)
	if err != nil {
		return Shipment{}, err
	}
	open, err := tx.ListDeliverables(DeliverableQuery{ProjectIDs: []uint{p.ID}, Statuses: []Status{StatusPlanned, StatusInProgress}})
	if err != nil {
		return Shipment{}, err
	}
	var same []Deliverable
	for _, d := range open {
		if strings.EqualFold(strings.TrimSpace(d.Title), strings.TrimSpace(in.Title)) {
			same = append(same, d)
		}
	}
	sort.Slice(same, func(i, j int) bool { return same[i].ID < same[j].ID })
	switch len(same) {
	case 0:
		d := Deliverable{Title: in.Title, Project: p.Name, Link: in.Link, Milestone: in.Milestone, ShippedAt: &at}
		d.moveTo(StatusShipped, at)
		if err := d.Validate(now); err != nil {
			return Shipment{}, err
		}
		if err := resolveDeliverableRefs(tx, &d); err != nil {
			return Shipment{}, err
		}
		if err := tx.CreateDeliverable(&d); err != nil {
			return Shipment{}, err
		}
		return Shipment{Deliverable: d, New: true}, nil
	case 1:
		return shipStored(tx, same[0], in, at, now)
	}
	ids := make([]string, len(same))
	choices := make([]string, len(same))
	for i, d := range same {
		ids[i] = fmt.Sprintf("%d (%s)", d.ID, d.Status.Label())
		choices[i] = fmt.Sprintf("--id %d", d.ID)
	}
	return Shipment{}, &ConflictError{Msg: fmt.Sprintf("%d open deliverables of project %q are titled %q: %s; ship one by its ID, with %s",
		len(same), p.Name, strings.TrimSpace(in.Title), joinAnd(ids), joinOr(choices))}
}

// shipStored ships a stored deliverable that is not shipped yet.
func shipStored(tx Tx, d Deliverable, in ShipInput, at, now time.Time) (Shipment, error) {
	if d.Status == StatusShipped {
		return Shipment{}, &ConflictError{Msg: fmt.Sprintf("deliverable %d was already shipped on %s", d.ID, DateOf(*d.ShippedAt, now.Location()))}
	}
	sh := Shipment{Was: d.Status, Since: d.CreatedAt}
	if d.Status == StatusInProgress && d.StartedAt != nil {
		sh.Since = *d.StartedAt
	}
	// Resolving the stored IDs fills in the milestone's name.
	if err := resolveDeliverableRefs(tx, &d); err != nil {
		return Shipment{}, err
	}
	d.Project = projectName(tx, d.ProjectID)
	d.ShippedAt = &at
	d.moveTo(StatusShipped, at)
	if in.Link != "" {
		d.Link = in.Link
	}
	if in.Milestone != "" {
		d.Milestone, d.MilestoneID = in.Milestone, nil
	}
	if err := d.Validate(now); err != nil {
		return Shipment{}, err
	}
	if err := resolveDeliverableRefs(tx, &d); err != nil {
		return Shipment{}, err
	}
	if err := tx.SaveDeliverable(&d); err != nil {
		return Shipment{}, err
	}
	sh.Deliverable = d
	return sh, nil
}

// joinAnd lists words as a sentence does: "a", "a and b", "a, b and c".
func joinAnd(words []string) string { return joinWith(words, " and ") }

// joinOr lists alternatives: "a or b", "a, b or c".
func joinOr(words []string) string { return joinWith(words, " or ") }

func joinWith(words []string, last string) string {
	if len(words) <= 1 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + last + words[len(words)-1]
}

// SetDeliverableStatus moves a deliverable to a status. Shipping it records now as its shipping
// time (unless it was shipped already); any other status clears that time.
func (s *Service) SetDeliverableStatus(id uint, st Status) (Deliverable, error) {
	now := s.now()
	return s.editDeliverable(id, "set status of", func(d *Deliverable) error {
		if _, err := ParseStatus(string(st)); err != nil {
			return err
		}
		if st != d.Status {
			d.moveTo(st, now)
		}
		return nil
	})
}

// SetDeliverableDue sets the date a deliverable is due; the empty Date clears it.
func (s *Service) SetDeliverableDue(id uint, due Date) (Deliverable, error) {
	return s.editDeliverable(id, "set due date of", func(d *Deliverable) error {
		d.Due = due
		return nil
	})
}

// LinkDeliverableMilestone counts a deliverable toward the milestone of its project with that
// name; an empty name unlinks it.
func (s *Service) LinkDeliverableMilestone(id uint, milestone string) (Deliverable, error) {
	return s.editDeliverable(id, "link milestone of", func(d *Deliverable) error {
		d.Milestone, d.MilestoneID = strings.TrimSpace(milestone), nil
		return nil
	})
}

// editDeliverable changes one stored deliverable in one transaction and checks the result like a
// new one. The change sees the deliverable with its project and milestone names.
func (s *Service) editDeliverable(id uint, verb string, change func(*Deliverable) error) (Deliverable, error) {
	now := s.now()
	var d Deliverable
	err := s.write(func(tx Tx) error {
		var err error
		if d, err = tx.Deliverable(id); err != nil {
			return err
		}
		// Resolving the stored IDs fills in the milestone's name; the project's is filled below.
		if err := resolveDeliverableRefs(tx, &d); err != nil {
			return err
		}
		d.Project = projectName(tx, d.ProjectID)
		if err := change(&d); err != nil {
			return err
		}
		if err := d.Validate(now); err != nil {
			return err
		}
		if err := resolveDeliverableRefs(tx, &d); err != nil {
			return err
		}
		return tx.SaveDeliverable(&d)
	})
	if err != nil {
		return Deliverable{}, fmt.Errorf("%s deliverable %d: %w", verb, id, err)
	}
	return d, nil
}

// DeliverableFilter selects deliverables; zero fields select everything.
type DeliverableFilter struct {
	Projects []string
	Statuses []Status
	// ShippedFrom and ShippedTo select deliverables shipped in [ShippedFrom, ShippedTo).
	ShippedFrom, ShippedTo time.Time
	// SkipInvested leaves InvestedSeconds zero, for a caller that sums it with InvestedSeconds
	// only for the deliverables it shows.
	SkipInvested bool
}

// Deliverables lists deliverables with project, milestone and invested time filled in:
// by status, then shipped time or due date, then ID.
func (s *Service) Deliverables(f DeliverableFilter) ([]Deliverable, error) {
	now := s.clock.Now()
	var ds []Deliverable
	err := s.read(func(tx Tx) error {
		ids, err := projectIDs(tx, f.Projects)
		if err != nil {
			return err
		}
		ds, err = tx.ListDeliverables(DeliverableQuery{ProjectIDs: ids, Statuses: f.Statuses,
			ShippedFrom: UTC(f.ShippedFrom), ShippedTo: UTC(f.ShippedTo)})
		if err != nil {
			return err
		}
		SortDeliverables(ds)
		return fillDeliverables(tx, ds, !f.SkipInvested, now)
	})
	if err != nil {
		return nil, fmt.Errorf("list deliverables: %w", err)
	}
	return ds, nil
}

// SortDeliverables orders deliverables as lists show them: what is being worked on, then what is
// planned, shipped and dropped; within that by shipping time (none first), then by due date (none
// last), then by ID.
func SortDeliverables(ds []Deliverable) {
	rank := map[Status]int{StatusInProgress: 0, StatusPlanned: 1, StatusShipped: 2}
	statusRank := func(st Status) int {
		if r, ok := rank[st]; ok {
			return r
		}
		return 3
	}
	sort.SliceStable(ds, func(i, j int) bool {
		a, b := ds[i], ds[j]
		if ra, rb := statusRank(a.Status), statusRank(b.Status); ra != rb {
			return ra < rb
		}
		if (a.ShippedAt == nil) != (b.ShippedAt == nil) {
			return a.ShippedAt == nil
		}
		if a.ShippedAt != nil && !a.ShippedAt.Equal(*b.ShippedAt) {
			return a.ShippedAt.Before(*b.ShippedAt)
		}
		if (a.Due == "") != (b.Due == "") {
			return a.Due != ""
		}
		if a.Due != b.Due {
			return a.Due < b.Due
		}
		return a.ID < b.ID
	})
}

// Deliverable returns one deliverable by ID.
func (s *Service) Deliverable(id uint) (Deliverable, error) {
	now := s.clock.Now()
	var d Deliverable
	err := s.read(func(tx Tx) error {
		var err error
		if d, err = tx.Deliverable(id); err != nil {
			return err
		}
		ds := []Deliverable{d}
		if err := fillDeliverables(tx, ds, true, now); err != nil {
			return err
		}
		d = ds[0]
		return nil
	})
	if err != nil {
		return Deliverable{}, err
	}
	return d, nil
}

// fillDeliverables fills in the project and milestone names and, if asked, the invested time.
func fillDeliverables(tx Tx, ds []Deliverable, withInvested bool, now time.Time) error {
	if len(ds) == 0 {
		return nil
	}
	names, err := projectNames(tx)
	if err != nil {
		return err
	}
	ms, err := tx.ListMilestones(nil)
	if err != nil {
		return err
	}
	mnames := make(map[uint]string, len(ms))
	for _, m := range ms {
		mnames[m.ID] = m.Name
	}
	var invested map[uint]int64
	if withInvested {
		ids := make([]uint, len(ds))
		for i, d := range ds {
			ids[i] = d.ID
		}
		if invested, err = tx.InvestedSeconds(ids, UTC(now), time.Time{}); err != nil {
			return err
		}
		if err := countOverlapsOnce(tx, invested, UTC(now), time.Time{}); err != nil {
			return err
		}
	}
	for i := range ds {
		ds[i].Project = names[ds[i].ProjectID]
		if ds[i].MilestoneID != nil {
			ds[i].Milestone = mnames[*ds[i].MilestoneID]
		}
		ds[i].InvestedSeconds = invested[ds[i].ID]
	}
	return nil
}

// InvestedSeconds sums the time of the given deliverables' blocks, as Deliverables fills in
// InvestedSeconds: finished blocks in full, a running block up to now, and where imported blocks
// overlap, the overlapped time once, for the block that started later (InvestedWithin). A nonzero until counts only
// the time before it, so that a report for a past period leaves out work done after it.
// Deliverables without blocks are left out of the map.
func (s *Service) InvestedSeconds(ids []uint, until time.Time) (map[uint]int64, error) {
	if len(ids) == 0 {
		return map[uint]int64{}, nil
	}
	now := UTC(s.clock.Now())
	var m map[uint]int64
	err := s.read(func(tx Tx) error {
		var err error
		if m, err = tx.InvestedSeconds(ids, now, until); err != nil {
			return err
		}
		return countOverlapsOnce(tx, m, now, until)
	})
	if err != nil {
		return nil, fmt.Errorf("sum invested time: %w", err)
	}
	return m, nil
}

// resolveDeliverableRefs turns the project and milestone names into IDs, or fills in the
// milestone's name from its ID.
func resolveDeliverableRefs(tx Tx, d *Deliverable) error {
	if d.Project != "" {
		p, err := projectByName(tx, d.Project)
		if err != nil {
			return err
		}
		d.ProjectID, d.Project = p.ID, p.Name
	}
	if d.ProjectID == 0 {
		return invalid("project", "must be set")
	}
	if d.Milestone != "" {
		m, err := tx.FindMilestone(d.ProjectID, strings.TrimSpace(d.Milestone))
		if errors.Is(err, ErrNotFound) {
			var names []string
			if ms, err := tx.ListMilestones([]uint{d.ProjectID}); err == nil {
				for _, m := range ms {
					names = append(names, m.Name)
				}
			}
			return &NotFoundError{What: fmt.Sprintf("milestone %q in project %q", d.Milestone, d.Project), Suggestions: closest(d.Milestone, names, 3)}
		}
		if err != nil {
			return err
		}
		d.MilestoneID, d.Milestone = &m.ID, m.Name
	} else if d.MilestoneID != nil {
		m, err := tx.Milestone(*d.MilestoneID)
		if err != nil {
			return err
		}
		d.Milestone = m.Name
	}
	return nil
}

// moveTo puts the deliverable in status st at the instant at, keeping the times that record its
// history consistent: a start is kept once made, shipping and dropping each clear the other, and
// going back to planned forgets them all. A time already set for st (a ship time given by the
// caller, say) is kept.
func (d *Deliverable) moveTo(st Status, at time.Time) {
	at = UTC(at)
	d.Status = st
	switch st {
	case StatusPlanned:
		d.StartedAt, d.ShippedAt, d.DroppedAt = nil, nil, nil
	case StatusInProgress:
		if d.StartedAt == nil {
			d.StartedAt = &at
		}
		d.ShippedAt, d.DroppedAt = nil, nil
	case StatusShipped:
		if d.ShippedAt == nil {
			d.ShippedAt = &at
		}
		d.DroppedAt = nil
	case StatusDropped:
		if d.DroppedAt == nil {
			d.DroppedAt = &at
		}
		d.ShippedAt = nil
	}
}

// Since is the first instant the record knows the deliverable at: the earliest of its creation
// and the times it started, shipped or dropped, since a deliverable logged after the fact (shipped
// last week, recorded today) existed when it shipped. It is zero when none is known.
func (d Deliverable) Since() time.Time {
	var first time.Time
	for _, t := range []*time.Time{&d.CreatedAt, d.StartedAt, d.ShippedAt, d.DroppedAt} {
		if t != nil && !t.IsZero() && (first.IsZero() || t.Before(first)) {
			first = *t
		}
	}
	return first
}

// StatusAt is where the deliverable stood at the instant t, after anything recorded at t: empty
// before it existed (Since), then planned, in progress from StartedAt, and shipped or dropped from
// ShippedAt or DroppedAt. It is the one rule by which a report for a past period shows a
// deliverable as it stood then. A current status whose time was never recorded (a record from an
// import) holds from the moment the deliverable existed.
func (d Deliverable) StatusAt(t time.Time) Status {
	if since := d.Since(); !since.IsZero() && t.Before(since) {
		return ""
	}
	reached := func(at *time.Time) bool { return at == nil || !at.After(t) }
	switch d.Status {
	case StatusShipped:
		if reached(d.ShippedAt) {
			return StatusShipped
		}
	case StatusDropped:
		if reached(d.DroppedAt) {
			return StatusDropped
		}
	case StatusInProgress:
		if reached(d.StartedAt) {
			return StatusInProgress
		}
	}
	if d.StartedAt != nil && !d.StartedAt.After(t) {
		return StatusInProgress
	}
	return StatusPlanned
}
