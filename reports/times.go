package reports

import (
	"time"

	"shiplog/tracker"
)

// TimeTotals are a period's time figures summed from a member's blocks elsewhere than in Build:
// by the team server, for a manager who may read a member's sums but never their blocks
// (shiplog.period_totals). They follow Build's definitions: time inside the period, split at the
// period's bounds in the member's zone, and deep work that qualifies as a whole block.
type TimeTotals struct {
	Deep, Shallow, Async, Meeting time.Duration // all the time of each kind
	Qualifying                    time.Duration // deep work that counts (DeepWork.Hours)
	ShortFocus                    time.Duration // the other deep blocks with a goal (DeepWork.ShortHours)
	NoGoal                        time.Duration // deep blocks without a goal (DeepWork.NoGoalHours)
}

// SetTimes puts t into a report that Build made from a source without blocks: the deep-work
// hours, the short focus, the deep work without a goal, and the async share with its inputs, computed as Build computes them.
// What needs the blocks themselves (the days, the chart, block counts, the meeting history and
// the KPI row) stays as Build left it, so such a report serves the team report's member rows,
// not a page of its own.
func (r *Report) SetTimes(t TimeTotals) {
	r.Deep.Hours, r.Deep.ShortHours, r.Deep.NoGoalHours = t.Qualifying, t.ShortFocus, t.NoGoal
	a := &r.Async
	a.Async, a.Deep, a.Meeting, a.Shallow = t.Async, t.Deep, t.Meeting, t.Shallow
	a.Share, a.OK = share(map[tracker.Kind]time.Duration{tracker.KindAsync: t.Async, tracker.KindDeep: t.Deep,
		tracker.KindMeeting: t.Meeting, tracker.KindShallow: t.Shallow})
}
