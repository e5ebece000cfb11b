package tracker

import (
	"fmt"
	"time"

	"gorm.io/gorm"
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
	err := s.tx(func(tx *gorm.DB) error {
		p, err := projectByName(tx, m.Project)
		if err != nil {
			return err
		}
		m.ProjectID, m.Project = p.ID, p.Name
		var n int64
		if err := tx.Model(&Milestone{}).Where("project_id = ? AND name = ? COLLATE NOCASE", p.ID, m.Name).Count(&n).Error; err != nil {
			return err
		}
		if n > 0 {
			return &ConflictError{Msg: fmt.Sprintf("project %q already has a milestone named %q", p.Name, m.Name)}
		}
		return tx.Create(&m).Error
	})
	if err != nil {
		return Milestone{}, fmt.Errorf("add milestone: %w", err)
	}
	return m, nil
}

// Milestones lists milestones by due date, with shipped and total counts (dropped deliverables excluded).
func (s *Service) Milestones(projects ...string) ([]Milestone, error) {
	q := s.db.Model(&Milestone{})
	if len(projects) > 0 {
		var ids []uint
		for _, name := range projects {
			p, err := projectByName(s.db, name)
			if err != nil {
				return nil, fmt.Errorf("list milestones: %w", err)
			}
			ids = append(ids, p.ID)
		}
		q = q.Where("project_id IN ?", ids)
	}
	var ms []Milestone
	if err := q.Order("due_date, id").Find(&ms).Error; err != nil {
		return nil, fmt.Errorf("list milestones: %w", err)
	}
	type count struct {
		MilestoneID uint
		Shipped     int
		Total       int
	}
	var counts []count
	err := s.db.Raw(`SELECT milestone_id, sum(status = 'shipped') AS shipped, count(*) AS total
		FROM deliverables WHERE milestone_id IS NOT NULL AND status <> 'dropped' GROUP BY milestone_id`).Scan(&counts).Error
	if err != nil {
		return nil, fmt.Errorf("list milestones: %w", err)
	}
	byID := map[uint]count{}
	for _, c := range counts {
		byID[c.MilestoneID] = c
	}
	names, err := projectNames(s.db)
	if err != nil {
		return nil, fmt.Errorf("list milestones: %w", err)
	}
	for i := range ms {
		ms[i].Project = names[ms[i].ProjectID]
		ms[i].Shipped, ms[i].Total = byID[ms[i].ID].Shipped, byID[ms[i].ID].Total
	}
	return ms, nil
}
