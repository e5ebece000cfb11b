package tracker

import (
	"errors"
	"fmt"
	"time"
)

// AddMilestone creates a milestone in m.Project. The start defaults to today.
func (s *Service) AddMilestone(m Milestone, loc *time.Location) (Milestone, error) {
	m.ID = 0
	if m.StartDate.IsZero() {
		m.StartDate = DateOf(s.clock.Now(), loc)
	}
	if err := m.Validate(); err != nil {
		return Milestone{}, fmt.Errorf("add milestone: %w", err)
	}
	err := s.write(func(tx Tx) error {
		p, err := projectByName(tx, m.Project)
		if err != nil {
			return err
		}
		m.ProjectID, m.Project = p.ID, p.Name
		switch _, err := tx.FindMilestone(p.ID, m.Name); {
		case err == nil:
			return &ConflictError{Msg: fmt.Sprintf("project %q already has a milestone named %q", p.Name, m.Name)}
		case !errors.Is(err, ErrNotFound):
			return err
		}
		return tx.CreateMilestone(&m)
	})
	if err != nil {
		return Milestone{}, fmt.Errorf("add milestone: %w", err)
	}
	return m, nil
}

// Milestones lists milestones by due date, with shipped and total counts (dropped deliverables excluded).
func (s *Service) Milestones(projects ...string) ([]Milestone, error) {
	var ms []Milestone
	err := s.read(func(tx Tx) error {
		ids, err := projectIDs(tx, projects)
		if err != nil {
			return err
		}
		if ms, err = tx.ListMilestones(ids); err != nil {
			return err
		}
		ds, err := tx.ListDeliverables(DeliverableQuery{})
		if err != nil {
			return err
		}
		names, err := projectNames(tx)
		if err != nil {
			return err
		}
		for i := range ms {
			ms[i].Project = names[ms[i].ProjectID]
		}
		CountMilestones(ms, ds, s.clock.Now())
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list milestones: %w", err)
	}
	return ms, nil
}

// CountMilestones sets each milestone's Shipped and Total from the deliverables as they stood at
// the instant t (Deliverable.StatusAt): Total counts those linked to it that existed and were not
// dropped at t, Shipped those of them shipped by t. It is the one rule for a milestone's progress,
// now and for a report on a past period.
func CountMilestones(ms []Milestone, ds []Deliverable, t time.Time) {
	type count struct{ shipped, total int }
	counts := map[uint]count{}
	for _, d := range ds {
		if d.MilestoneID == nil {
			continue
		}
		st := d.StatusAt(t)
		if st == "" || st == StatusDropped {
			continue
		}
		c := counts[*d.MilestoneID]
		c.total++
		if st == StatusShipped {
			c.shipped++
		}
		counts[*d.MilestoneID] = c
	}
	for i := range ms {
		ms[i].Shipped, ms[i].Total = counts[ms[i].ID].shipped, counts[ms[i].ID].total
	}
}

// MilestonePatch changes some fields of a milestone; nil fields stay as they are.
type MilestonePatch struct {
	Name      *string
	StartDate *Date
	DueDate   *Date
}

// EditMilestone renames a milestone or moves its dates, and checks the result like a new one. A
// name another milestone of the project has, in any case, is a conflict.
func (s *Service) EditMilestone(id uint, p MilestonePatch) (Milestone, error) {
	var m Milestone
	err := s.write(func(tx Tx) error {
		var err error
		if m, err = tx.Milestone(id); err != nil {
			return err
		}
		if p.Name != nil {
			m.Name = *p.Name
		}
		if p.StartDate != nil {
			m.StartDate = *p.StartDate
		}
		if p.DueDate != nil {
			m.DueDate = *p.DueDate
		}
		if err := m.Validate(); err != nil {
			return err
		}
		switch other, err := tx.FindMilestone(m.ProjectID, m.Name); {
		case err == nil && other.ID != m.ID:
			return &ConflictError{Msg: fmt.Sprintf("project %q already has a milestone named %q", projectName(tx, m.ProjectID), m.Name)}
		case err != nil && !errors.Is(err, ErrNotFound):
			return err
		}
		m.Project = projectName(tx, m.ProjectID)
		return tx.SaveMilestone(&m)
	})
	if err != nil {
		return Milestone{}, fmt.Errorf("edit milestone %d: %w", id, err)
	}
	return m, nil
}
