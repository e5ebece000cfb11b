package tracker

import (
	"errors"
	"fmt"
	"strings"
)

// AddProject creates a project. A name already taken, in any case, is a conflict.
func (s *Service) AddProject(p Project) (Project, error) {
	p.ID = 0
	if err := p.Validate(); err != nil {
		return Project{}, fmt.Errorf("add project: %w", err)
	}
	err := s.write(func(tx Tx) error {
		if err := checkProjectName(tx, p); err != nil {
			return err
		}
		return tx.CreateProject(&p)
	})
	if err != nil {
		return Project{}, fmt.Errorf("add project: %w", err)
	}
	return p, nil
}

// ArchiveProject archives a project, or with archived false brings it back. An archived project
// keeps its record but takes no new blocks.
func (s *Service) ArchiveProject(id uint, archived bool) (Project, error) {
	return s.editProject(id, "archive", func(p *Project) { p.Archived = archived })
}

// RenameProject renames a project. A name another project has, in any case, is a conflict.
func (s *Service) RenameProject(id uint, name string) (Project, error) {
	return s.editProject(id, "rename", func(p *Project) { p.Name = name })
}

// SetProjectColor sets the colour the project is drawn in: a hex colour such as #0f766e, or
// empty for the default.
func (s *Service) SetProjectColor(id uint, color string) (Project, error) {
	return s.editProject(id, "colour", func(p *Project) { p.Color = color })
}

// SetProjectGoals sets the project's weekly goals: hours of deep work and deliverables shipped.
func (s *Service) SetProjectGoals(id uint, weeklyDeepHours float64, weeklyDeliverables int) (Project, error) {
	return s.editProject(id, "set goals of", func(p *Project) {
		p.WeeklyDeepHours, p.WeeklyDeliverables = weeklyDeepHours, weeklyDeliverables
	})
}

// editProject changes one stored project in one transaction and checks the result like a new one.
func (s *Service) editProject(id uint, verb string, change func(*Project)) (Project, error) {
	var p Project
	err := s.write(func(tx Tx) error {
		var err error
		if p, err = tx.Project(id); err != nil {
			return err
		}
		change(&p)
		if err := p.Validate(); err != nil {
			return err
		}
		if err := checkProjectName(tx, p); err != nil {
			return err
		}
		return tx.SaveProject(&p)
	})
	if err != nil {
		return Project{}, fmt.Errorf("%s project %d: %w", verb, id, err)
	}
	return p, nil
}

// checkProjectName refuses a name that another project has, ignoring case.
func checkProjectName(tx Tx, p Project) error {
	other, err := tx.FindProject(p.Name)
	switch {
	case err == nil && other.ID != p.ID:
		return &ConflictError{Msg: fmt.Sprintf("a project named %q already exists", p.Name)}
	case err == nil || errors.Is(err, ErrNotFound):
		return nil
	}
	return err
}

// Projects lists projects by name; archived ones only when asked.
func (s *Service) Projects(includeArchived bool) ([]Project, error) {
	var ps []Project
	err := s.read(func(tx Tx) error {
		var err error
		ps, err = tx.ListProjects(includeArchived)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list projects: %w", err)
	}
	return ps, nil
}

// ProjectByName finds a project by name, ignoring case. The error suggests close names.
func (s *Service) ProjectByName(name string) (Project, error) {
	var p Project
	err := s.read(func(tx Tx) error {
		var err error
		p, err = projectByName(tx, name)
		return err
	})
	return p, err
}

// RecentProjects lists up to n unarchived projects, most recently worked on first, then the rest by name.
func (s *Service) RecentProjects(n int) ([]Project, error) {
	var ps []Project
	err := s.read(func(tx Tx) error {
		var err error
		ps, err = tx.RecentProjects(n)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("recent projects: %w", err)
	}
	return ps, nil
}

// projectByName finds a project by name, ignoring case and surrounding space. When there is none,
// the error suggests close names.
func projectByName(tx Tx, name string) (Project, error) {
	p, err := tx.FindProject(strings.TrimSpace(name))
	if errors.Is(err, ErrNotFound) {
		var names []string
		if ps, err := tx.ListProjects(true); err == nil {
			for _, p := range ps {
				names = append(names, p.Name)
			}
		}
		return Project{}, &NotFoundError{What: fmt.Sprintf("project %q", name), Suggestions: closest(name, names, 3)}
	}
	if err != nil {
		return Project{}, fmt.Errorf("find project %q: %w", name, err)
	}
	return p, nil
}

// projectIDs resolves the project names of a filter into IDs; an unknown name is an error. No
// names give nil, which selects every project.
func projectIDs(tx Tx, names []string) ([]uint, error) {
	var ids []uint
	for _, name := range names {
		p, err := projectByName(tx, name)
		if err != nil {
			return nil, err
		}
		ids = append(ids, p.ID)
	}
	return ids, nil
}

// optionalProject resolves a project name that may be empty; nil stands for no project.
func optionalProject(tx Tx, name string) (*uint, error) {
	if strings.TrimSpace(name) == "" {
		return nil, nil
	}
	p, err := projectByName(tx, name)
	if err != nil {
		return nil, err
	}
	return &p.ID, nil
}

// projectNames maps project IDs to names, for filling the Project field of listed records.
func projectNames(tx Tx) (map[uint]string, error) {
	ps, err := tx.ListProjects(true)
	if err != nil {
		return nil, err
	}
	m := make(map[uint]string, len(ps))
	for _, p := range ps {
		m[p.ID] = p.Name
	}
	return m, nil
}

// projectName is the name of the project id, or empty if it cannot be read.
func projectName(tx Tx, id uint) string {
	p, err := tx.Project(id)
	if err != nil {
		return ""
	}
	return p.Name
}
