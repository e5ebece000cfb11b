package reports

import (
	"fmt"
	"sort"

	"shiplog/tracker"
)

// readCheckIns reads the export's check-ins: the week's two numbers only, as the export carries
// them (tracker.SnapCheckIn). A week given twice is refused, as the database keeps one per week.
func (s *snapshotSource) readCheckIns(snap tracker.Snapshot) error {
	seen := map[string]bool{}
	for i, sc := range snap.CheckIns {
		ref := fmt.Sprintf("check_ins[%d]", i)
		monday, ok := tracker.WeekStart(sc.Week)
		if !ok {
			return fmt.Errorf("%s: %w", ref, &tracker.FieldError{Field: "week", Reason: fmt.Sprintf("must be an ISO week like 2026-W48; got %q", sc.Week)})
		}
		c := tracker.CheckIn{Week: sc.Week, Satisfaction: sc.Satisfaction, Balance: sc.Balance, At: monday}
		if err := c.Validate(s.now); err != nil {
			return fmt.Errorf("%s: %w", ref, err)
		}
		if seen[c.Week] {
			return fmt.Errorf("%s: %w", ref, &tracker.ConflictError{Msg: fmt.Sprintf("the week %s is given twice", c.Week)})
		}
		seen[c.Week] = true
		s.checkIns = append(s.checkIns, c)
	}
	sort.Slice(s.checkIns, func(i, j int) bool { return s.checkIns[i].Week < s.checkIns[j].Week })
	return nil
}

// DayCloses lists no closes: an export carries none (tracker.SnapCheckIn says why).
func (s *snapshotSource) DayCloses(from, to tracker.Date) ([]tracker.DayClose, error) {
	return nil, nil
}

// CheckIns lists the export's check-ins of the weeks from from to to, both included, by week.
// Their time is the Monday that begins the week, since the export leaves the real one out.
func (s *snapshotSource) CheckIns(from, to string) ([]tracker.CheckIn, error) {
	var out []tracker.CheckIn
	for _, c := range s.checkIns {
		if (from == "" || c.Week >= from) && (to == "" || c.Week <= to) {
			out = append(out, c)
		}
	}
	return out, nil
}
