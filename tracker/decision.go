package tracker

import (
	"fmt"
	"time"
)

// ProposeDecision records a proposal. A zero ProposedAt means now; a zero Deadline means the
// decision window (business time) after the proposal.
func (s *Service) ProposeDecision(d Decision) (Decision, error) {
	now := s.now()
	d.ID, d.Closed, d.ClosedAt, d.Objections, d.Author = 0, "", nil, nil, ""
	if d.ProposedAt.IsZero() {
		d.ProposedAt = now
	}
	d.ProposedAt = UTC(d.ProposedAt)
	cfg, err := s.Config()
	if err != nil {
		return Decision{}, err
	}
	if d.Deadline.IsZero() {
		d.Deadline = cfg.Calendar().Due(d.ProposedAt, cfg.DecisionWindow)
	}
	d.Deadline = UTC(d.Deadline)
	if err := d.Validate(now); err != nil {
		return Decision{}, fmt.Errorf("propose decision: %w", err)
	}
	err = s.write(func(tx Tx) error {
		pid, err := optionalProject(tx, d.Project)
		if err != nil {
			return err
		}
		d.ProjectID = pid
		return tx.CreateDecision(&d)
	})
	if err != nil {
		return Decision{}, fmt.Errorf("propose decision: %w", err)
	}
	return s.Decision(d.ID)
}

// Object records an objection. It needs a reason and is refused at or after the deadline, and on a
// decision already closed.
func (s *Service) Object(id uint, o Objection) (Decision, error) {
	now := s.now()
	if o.At.IsZero() {
		o.At = now
	}
	o.At = UTC(o.At)
	o.ID, o.DecisionID, o.Author = 0, id, ""
	if err := o.Validate(now); err != nil {
		return Decision{}, fmt.Errorf("object to decision %d: %w", id, err)
	}
	err := s.write(func(tx Tx) error {
		d, err := tx.Decision(id)
		if err != nil {
			return err
		}
		if d.Closed != "" {
			return &ConflictError{Msg: fmt.Sprintf("decision %d was already closed as %s", id, d.Closed)}
		}
		if !o.At.Before(d.Deadline) {
			return conflictAt(now, "decision %d closed at its deadline %s; objections are no longer accepted",
				id, d.Deadline)
		}
		if o.At.Before(d.ProposedAt) {
			return invalidAt(now, "at", "must not be before the proposal (%s)", d.ProposedAt)
		}
		return tx.CreateObjection(&o)
	})
	if err != nil {
		return Decision{}, fmt.Errorf("object to decision %d: %w", id, err)
	}
	return s.Decision(id)
}

// CloseDecision closes a decision explicitly as accepted or rejected, with an outcome.
func (s *Service) CloseDecision(id uint, accepted bool, outcome string, at time.Time) (Decision, error) {
	now := s.now()
	if at.IsZero() {
		at = now
	}
	err := s.write(func(tx Tx) error {
		d, err := tx.Decision(id)
		if err != nil {
			return err
		}
		if d.Closed != "" {
			return &ConflictError{Msg: fmt.Sprintf("decision %d was already closed as %s", id, d.Closed)}
		}
		if d.Author != "" {
			return &ConflictError{Msg: fmt.Sprintf("decision %d is %s's team decision; only its proposer closes it (object with 'shiplog decision object %d')",
				id, d.Author, id)}
		}
		d.Closed = "rejected"
		if accepted {
			d.Closed = "accepted"
		}
		t := UTC(at)
		d.ClosedAt, d.Outcome = &t, outcome
		if err := d.Validate(now); err != nil {
			return err
		}
		if t.Before(d.ProposedAt) {
			return invalidAt(now, "at", "must not be before the proposal (%s)", d.ProposedAt)
		}
		return tx.SaveDecision(&d)
	})
	if err != nil {
		return Decision{}, fmt.Errorf("close decision %d: %w", id, err)
	}
	return s.Decision(id)
}

// MarkDecisionNotified records that the closer job has told the user about a decision's close.
func (s *Service) MarkDecisionNotified(id uint, at time.Time) error {
	return s.write(func(tx Tx) error { return tx.MarkDecisionNotified(id, UTC(at)) })
}

// Decision returns one decision with its objections and state.
func (s *Service) Decision(id uint) (Decision, error) {
	var ds []Decision
	err := s.read(func(tx Tx) error {
		d, err := tx.Decision(id)
		if err != nil {
			return err
		}
		ds, err = fillDecisions(tx, []Decision{d}, s.clock.Now())
		return err
	})
	if err != nil {
		return Decision{}, err
	}
	return ds[0], nil
}

// Decisions lists the user's own decisions, oldest proposal first, with objections and state:
// the ones their report counts and their jobs watch. Teammates' team decisions are left out.
func (s *Service) Decisions() ([]Decision, error) {
	return s.decisions(false)
}

// AllDecisions lists the user's own decisions and the team decisions that teammates proposed,
// oldest proposal first, with objections and state, as `decision list` shows them.
func (s *Service) AllDecisions() ([]Decision, error) {
	return s.decisions(true)
}

func (s *Service) decisions(withTeam bool) ([]Decision, error) {
	var ds []Decision
	err := s.read(func(tx Tx) error {
		all, err := tx.ListDecisions()
		if err != nil {
			return fmt.Errorf("list decisions: %w", err)
		}
		for _, d := range all {
			if withTeam || d.Author == "" {
				ds = append(ds, d)
			}
		}
		ds, err = fillDecisions(tx, ds, s.clock.Now())
		return err
	})
	if err != nil {
		return nil, err
	}
	return ds, nil
}

// fillDecisions fills in the decisions' objections, project names and states.
func fillDecisions(tx Tx, ds []Decision, now time.Time) ([]Decision, error) {
	if len(ds) == 0 {
		return ds, nil
	}
	ids := make([]uint, len(ds))
	for i, d := range ds {
		ids[i] = d.ID
	}
	os, err := tx.ListObjections(ids)
	if err != nil {
		return nil, fmt.Errorf("list objections: %w", err)
	}
	byDecision := map[uint][]Objection{}
	for _, o := range os {
		byDecision[o.DecisionID] = append(byDecision[o.DecisionID], o)
	}
	names, err := projectNames(tx)
	if err != nil {
		return nil, err
	}
	for i := range ds {
		ds[i].Objections = byDecision[ds[i].ID]
		if ds[i].Objections == nil {
			ds[i].Objections = []Objection{}
		}
		if ds[i].ProjectID != nil {
			ds[i].Project = names[*ds[i].ProjectID]
		}
		ds[i].State = DecisionStateAt(ds[i], now)
	}
	return ds, nil
}

// DecisionStateAt is a decision's state at now; see Decision.StateAt.
func DecisionStateAt(d Decision, now time.Time) DecisionState { return d.StateAt(now) }

// StateAt is where the decision stood at the instant t: an explicit close at or before t wins;
// before its deadline it is open; at the deadline silence is consent, unless someone objected
// before it, which makes it need discussion. A close after t does not count at t, so a report for
// a past period shows the decision as it stood at the period's end. A close whose time is unknown
// (a record from an import) counts at any t. It is the one rule for a decision's state.
func (d Decision) StateAt(t time.Time) DecisionState {
	if d.Closed != "" && (d.ClosedAt == nil || !d.ClosedAt.After(t)) {
		if d.Closed == "rejected" {
			return DecisionRejected
		}
		return DecisionAccepted
	}
	if t.Before(d.Deadline) {
		return DecisionOpen
	}
	for _, o := range d.Objections {
		if o.At.Before(d.Deadline) {
			return DecisionNeedsDiscussion
		}
	}
	return DecisionAcceptedBySilence
}
