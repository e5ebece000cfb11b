package cli

import (
	"time"

	"shiplog/reports"
	"shiplog/tracker"
)

// todayJSON is today's deep work in `status --json`, as the report model counts it.
type todayJSON struct {
	Date               string `json:"date"`
	DeepWorkSeconds    int64  `json:"deep_work_seconds"`
	GoalSeconds        int64  `json:"goal_seconds"`
	ShortFocusSeconds  int64  `json:"short_focus_seconds"`
	WithoutGoalSeconds int64  `json:"without_goal_seconds"`
}

// deepToday is today's deep work from the report model for the day (reports.DayOf), the figure
// the Today screen's bar shows, so that the terminal and the window never disagree.
func deepToday(svc *tracker.Service, now time.Time) (reports.DeepWork, todayJSON, error) {
	cfg, err := svc.Config()
	if err != nil {
		return reports.DeepWork{}, todayJSON{}, err
	}
	day := reports.DayOf(now, cfg.Location())
	r, err := reports.Build(svc, reports.Options{Period: day, Now: now})
	if err != nil {
		return reports.DeepWork{}, todayJSON{}, err
	}
	d := r.Deep
	return d, todayJSON{Date: day.From.Format(time.DateOnly), DeepWorkSeconds: seconds(d.Hours), GoalSeconds: seconds(d.DailyGoal),
		ShortFocusSeconds: seconds(d.ShortHours), WithoutGoalSeconds: seconds(d.NoGoalHours)}, nil
}

// todayLine is the status command's line on today's deep work.
func todayLine(d reports.DeepWork) string {
	s := "Deep work today: " + d.GoalText()
	if t := d.NotCountedText(); t != "" {
		s += "; " + t
	}
	return s
}

func seconds(d time.Duration) int64 { return int64(d.Round(time.Second) / time.Second) }
