package sqlite

import (
	"fmt"
	"time"

	"shiplog/tracker"
)

// milestoneRow is a row of the milestones table.
type milestoneRow struct {
	ID        uint `gorm:"primaryKey"`
	ProjectID uint
	Name      string
	StartDate string
	DueDate   string
	CreatedAt time.Time
}

func (milestoneRow) TableName() string { return "milestones" }

func milestoneRowOf(m tracker.Milestone) milestoneRow {
	return milestoneRow{ID: m.ID, ProjectID: m.ProjectID, Name: m.Name, StartDate: string(m.StartDate),
		DueDate: string(m.DueDate), CreatedAt: m.CreatedAt}
}

func (r milestoneRow) milestone() tracker.Milestone {
	return tracker.Milestone{ID: r.ID, ProjectID: r.ProjectID, Name: r.Name, StartDate: tracker.Date(r.StartDate),
		DueDate: tracker.Date(r.DueDate), CreatedAt: r.CreatedAt}
}

func (t *tx) Milestone(id uint) (tracker.Milestone, error) {
	var r milestoneRow
	if err := t.db.Take(&r, id).Error; err != nil {
		return tracker.Milestone{}, notFound(err, fmt.Sprintf("milestone %d", id))
	}
	return r.milestone(), nil
}

func (t *tx) FindMilestone(projectID uint, name string) (tracker.Milestone, error) {
	var r milestoneRow
	if err := t.db.Where("project_id = ? AND name = ? COLLATE NOCASE", projectID, name).Take(&r).Error; err != nil {
		return tracker.Milestone{}, notFound(err, fmt.Sprintf("milestone %q in project %d", name, projectID))
	}
	return r.milestone(), nil
}

func (t *tx) ListMilestones(projectIDs []uint) ([]tracker.Milestone, error) {
	q := t.db.Model(&milestoneRow{})
	if len(projectIDs) > 0 {
		q = q.Where("project_id IN ?", projectIDs)
	}
	var rows []milestoneRow
	if err := q.Order("due_date, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	ms := make([]tracker.Milestone, len(rows))
	for i, r := range rows {
		ms[i] = r.milestone()
	}
	return ms, nil
}

func (t *tx) CreateMilestone(m *tracker.Milestone) error {
	r := milestoneRowOf(*m)
	if err := t.db.Create(&r).Error; err != nil {
		return err
	}
	m.ID, m.CreatedAt = r.ID, r.CreatedAt
	return nil
}

func (t *tx) SaveMilestone(m *tracker.Milestone) error {
	r := milestoneRowOf(*m)
	res := t.db.Model(&milestoneRow{ID: m.ID}).Select("Name", "StartDate", "DueDate").Updates(&r)
	if res.Error != nil {
		return res.Error
	}
	if res.RowsAffected == 0 {
		return &tracker.NotFoundError{What: fmt.Sprintf("milestone %d", m.ID)}
	}
	return nil
}
