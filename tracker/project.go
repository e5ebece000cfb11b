package tracker

import (
	"errors"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// AddProject creates a project. A name already taken, in any case, is a conflict.
func (s *Service) AddProject(p Project) (Project, error) {
	p.ID = 0
	if err := p.Validate(); err != nil {
		return Project{}, fmt.Errorf("add project: %w", err)
	}
	err := s.tx(func(tx *gorm.DB) error {
		if _, err := projectByName(tx, p.Name); err == nil {
			return &ConflictError{Msg: fmt.Sprintf("a project named %q already exists", p.Name)}
		} else if !errors.Is(err, ErrNotFound) {
			return err
		}
		return tx.Create(&p).Error
	})
	if err != nil {
		return Project{}, fmt.Errorf("add project: %w", err)
	}
	return p, nil
}

// UpdateProject saves a project's fields.
func (s *Service) UpdateProject(p Project) (Project, error) {
	if err := p.Validate(); err != nil {
		return Project{}, fmt.Errorf("update project %d: %w", p.ID, err)
	}
	err := s.tx(func(tx *gorm.DB) error {
		var old Project
		if err := tx.Take(&old, p.ID).Error; err != nil {
			return notFound(err, fmt.Sprintf("project %d", p.ID))
		}
		if other, err := projectByName(tx, p.Name); err == nil && other.ID != p.ID {
			return &ConflictError{Msg: fmt.Sprintf("a project named %q already exists", p.Name)}
		}
		p.CreatedAt = old.CreatedAt
		return tx.Save(&p).Error
	})
	if err != nil {
		return Project{}, fmt.Errorf("update project %d: %w", p.ID, err)
	}
	return p, nil
}

// Projects lists projects by name; archived ones only when asked.
func (s *Service) Projects(includeArchived bool) ([]Project, error) {
	var ps []Project
	q := s.db.Order("name COLLATE NOCASE")
	if !includeArchived {
		q = q.Where("archived = ?", false)
	}
	if err := q.Find(&ps).Error; err != nil {
		return nil, fmt.Errorf("list projects: %w", err)
	}
	return ps, nil
}

// ProjectByName finds a project by name, ignoring case. The error suggests close names.
func (s *Service) ProjectByName(name string) (Project, error) {
	return projectByName(s.db, name)
}

func projectByName(db *gorm.DB, name string) (Project, error) {
	var p Project
	err := db.Where("name = ? COLLATE NOCASE", strings.TrimSpace(name)).Take(&p).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		var names []string
		db.Model(&Project{}).Pluck("name", &names)
		return Project{}, &NotFoundError{What: fmt.Sprintf("project %q", name), Suggestions: closest(name, names, 3)}
	}
	if err != nil {
		return Project{}, fmt.Errorf("find project %q: %w", name, err)
	}
	return p, nil
}

// RecentProjects lists up to n unarchived projects, most recently worked on first, then the rest by name.
func (s *Service) RecentProjects(n int) ([]Project, error) {
	var ps []Project
	err := s.db.Raw(`SELECT p.* FROM projects p
		LEFT JOIN (SELECT project_id, max(start_at) AS last FROM blocks GROUP BY project_id) b ON b.project_id = p.id
		WHERE p.archived = 0
		ORDER BY b.last IS NULL, b.last DESC, p.name COLLATE NOCASE
		LIMIT ?`, n).Scan(&ps).Error
	if err != nil {
		return nil, fmt.Errorf("recent projects: %w", err)
	}
	return ps, nil
}

// projectNames maps project IDs to names, for filling the Project field of listed records.
func projectNames(db *gorm.DB) (map[uint]string, error) {
	var ps []Project
	if err := db.Select("id", "name").Find(&ps).Error; err != nil {
		return nil, err
	}
	m := make(map[uint]string, len(ps))
	for _, p := range ps {
		m[p.ID] = p.Name
	}
	return m, nil
}

// optionalProject resolves a project name that may be empty.
func optionalProject(tx *gorm.DB, name string) (*uint, error) {
	if strings.TrimSpace(name) == "" {
		return nil, nil
	}
	p, err := projectByName(tx, name)
	if err != nil {
		return nil, err
	}
	return &p.ID, nil
}
