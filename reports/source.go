package reports

import (
	"time"

	"shiplog/tracker"
)

// Source is what the report model reads: the record, the settings and the clock, and nothing
// else. *tracker.Service satisfies it by reading the database; NewSnapshotSource satisfies it from
// a member's export in memory, for the team report. Each method means what the tracker.Service
// method of the same name means, and returns what it would return for the same record.
type Source interface {
	// Config is the configuration the figures depend on: time zone, business hours, targets.
	Config() (tracker.Config, error)
	// Now is the source's clock.
	Now() time.Time
	ProjectByName(name string) (tracker.Project, error)
	Projects(includeArchived bool) ([]tracker.Project, error)
	BlockSpans(f tracker.BlockFilter) ([]tracker.BlockSpan, error)
	FirstBlockStart() (start time.Time, ok bool, err error)
	TimeIn(f tracker.BlockFilter, kind tracker.Kind, ranges [][2]time.Time, now time.Time) ([]time.Duration, error)
	Deliverables(f tracker.DeliverableFilter) ([]tracker.Deliverable, error)
	InvestedSeconds(ids []uint, until time.Time) (map[uint]int64, error)
	Milestones(projects ...string) ([]tracker.Milestone, error)
	Requests(f tracker.RequestFilter) ([]tracker.Request, error)
	Decisions() ([]tracker.Decision, error)
	DayCloses(from, to tracker.Date) ([]tracker.DayClose, error)
	CheckIns(from, to string) ([]tracker.CheckIn, error)
}
