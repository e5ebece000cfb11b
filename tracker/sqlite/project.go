package sqlite

import (
	"fmt"
	"time"

	"shiplog/tracker"
)

// projectRow is a row of the projects table.
type projectRow struct {
	ID                 uint `gorm:"primaryKey"`
	Name               string
	Color              string
	WeeklyDeepHours    float64
	WeeklyDeliverables int
	Archived           bool
	CreatedAt          time.Time
}

func (projectRow) TableName() string { return "projects" }

func projectRowOf(p tracker.Project) projectRow {
	return projectRow{ID: p.ID, Name: p.Name, Color: p.Color, WeeklyDeepHours: p.WeeklyDeepHours,
		WeeklyDeliverables: p.WeeklyDeliverables, Archived: p.Archived, CreatedAt: p.CreatedAt}
}

func (r projectRow) project() tracker.Project {
	return tracker.Project{ID: r.ID, Name: r.Name, Color: r.Color, WeeklyDeepHours: r.WeeklyDeepHours,
		WeeklyDeliverables: r.WeeklyDeliverables, Archived: r.Archived, CreatedAt: r.CreatedAt}
}

func projects(rows []projectRow) []tracker.Project {
	ps := make([]tracker.Project, len(rows))
	for i, r := range rows {
		ps[i] = r.project()
	}
	return ps
}

func (t *tx) Project(id uint) (tracker.Project, error) {
	var r projectRow
	if err := t.db.Take(&r, id).Error; err != nil {
		return tracker.Project{}, notFound(err, fmt.Sprintf("project %d", id))
	}
	return r.project(), nil
}

func (t *tx) FindProject(name string) (tracker.Project, error) {
	var r projectRow
	if err := t.db.Where("name = ? COLLATE NOCASE", name).Take(&r).Error; err != nil {
		return tracker.Project{}, notFound(err, fmt.Sprintf("project %q", name))
	}
	return r.project(), nil
}

func (t *tx) ListProjects(includeArchived bool) ([]tracker.Project, error) {
	var rows []projectRow
	q := t.db.Order("name COLLATE NOCASE")
	if !includeArchived {
		q = q.Where("archived = ?", false)
	}
	if err := q.Find(&rows).Error; err != nil {
		return nil, err
	}
	return projects(rows), nil
}

func (t *tx) RecentProjects(n int) ([]tracker.Project, error) {
	var rows []projectRow
	err := t.db.Raw(`SELECT p.* FROM projects p
		LEFT JOIN (SELECT project_id, max(start_at) AS last FROM blocks GROUP BY project_id) b ON b.project_id = p.id
		WHERE p.archived = 0
		ORDER BY b.last IS NULL, b.last DESC, p.name COLLATE NOCASE
		LIMIT ?`, n).Scan(&rows).Error
	if err != nil {
		return nil, err
	}
	return projects(rows), nil
}

func (t *tx) CreateProject(p *tracker.Project) error {
	r := projectRowOf(*p)
	if err := t.db.Create(&r).Error; err != nil {
		return err
	}
	p.ID, p.CreatedAt = r.ID, r.CreatedAt
	return nil
}

func (t *tx) SaveProject(p *tracker.Project) error {
	r := projectRowOf(*p)
	return t.db.Save(&r).Error
}
