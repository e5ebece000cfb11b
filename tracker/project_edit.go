package tracker

// ProjectPatch changes some fields of a project; nil fields stay as they are.
type ProjectPatch struct {
	Name               *string
	Color              *string
	WeeklyDeepHours    *float64
	WeeklyDeliverables *int
	Archived           *bool
}

// EditProject changes a project's fields in one transaction and checks the result like a new
// project: a name another project has, in any case, is a conflict, and then nothing changes.
func (s *Service) EditProject(id uint, p ProjectPatch) (Project, error) {
	return s.editProject(id, "edit", func(pr *Project) {
		if p.Name != nil {
			pr.Name = *p.Name
		}
		if p.Color != nil {
			pr.Color = *p.Color
		}
		if p.WeeklyDeepHours != nil {
			pr.WeeklyDeepHours = *p.WeeklyDeepHours
		}
		if p.WeeklyDeliverables != nil {
			pr.WeeklyDeliverables = *p.WeeklyDeliverables
		}
		if p.Archived != nil {
			pr.Archived = *p.Archived
		}
	})
}
