package tracker

import "strings"

// DeliverablePatch changes some fields of a deliverable; nil fields stay as they are.
type DeliverablePatch struct {
	Title *string
	Link  *string
	// Due is the date it is due; the empty Date clears it.
	Due    *Date
	Status *Status
	// Milestone names a milestone of the deliverable's project; empty unlinks it.
	Milestone *string
}

// EditDeliverable changes a deliverable's fields in one transaction and checks the result like a
// new one. A new status is recorded as SetDeliverableStatus records it: moving to shipped stamps
// now as the shipping time, and moving away from it clears that time.
func (s *Service) EditDeliverable(id uint, p DeliverablePatch) (Deliverable, error) {
	now := s.clock.Now()
	return s.editDeliverable(id, "edit", func(d *Deliverable) error {
		if p.Title != nil {
			d.Title = *p.Title
		}
		if p.Link != nil {
			d.Link = strings.TrimSpace(*p.Link)
		}
		if p.Due != nil {
			due, err := ParseDate("due", string(*p.Due))
			if err != nil {
				return err
			}
			d.Due = due
		}
		if p.Milestone != nil {
			d.Milestone, d.MilestoneID = strings.TrimSpace(*p.Milestone), nil
		}
		if p.Status != nil {
			st, err := ParseStatus(string(*p.Status))
			if err != nil {
				return err
			}
			if st != d.Status {
				d.moveTo(st, now)
			}
		}
		return nil
	})
}
