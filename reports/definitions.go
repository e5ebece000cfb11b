package reports

import (
	"fmt"
	"strings"
	"time"

	"shiplog/tracker"
)

// Definition says what one figure means. Each figure is defined here once; the PDF prints the
// definitions as its footnotes, `report --json` carries them, and docs/report-json.md quotes them.
type Definition struct {
	Key  string // the figure's JSON key
	Name string // the figure's name, as every screen labels it
	Text string
	// Better says which direction of change is good news: "higher", "lower", or empty for a
	// figure that is not compared.
	Better string
}

// definitions writes the definitions with the settings the figures were computed with.
func definitions(s Settings) []Definition {
	deepMin := FormatDuration(s.DeepMin)
	return append([]Definition{
		{KeyShipped, kpiLabels[KeyShipped], "Deliverables whose ship time falls in the period. One shipped after the period counts in the period it shipped in.", "higher"},
		{KeyDeep, kpiLabels[KeyDeep], fmt.Sprintf("Time inside the period of qualifying deep-work blocks: kind deep, at least %s long, with a goal. "+
			"A block that crosses midnight or the period's edge counts only its part inside; a running block counts up to now.", deepMin), "higher"},
		{KeyResponse, kpiLabels[KeyResponse], "Of the requests received in the period (FYI excluded) that were answered, or were still open past their due time, " +
			"at the period's end: the share answered by their due time. The due time is the receipt plus the priority's response target " +
			"in business hours, fixed when the request arrives. Shown with the counts, e.g. 6 of 8.", "higher"},
		{KeyAsync, kpiLabels[KeyAsync], fmt.Sprintf("Async communication and time in deep blocks (all of them) over async, deep and meeting time, inside the period. "+
			"Shallow work counts in neither. The target is %.0f%%.", s.AsyncTarget), "higher"},
		{KeyDecisions, kpiLabels[KeyDecisions], "Decisions closed explicitly in the period, plus those accepted by silence at a deadline in the period.", "higher"},
		{"change", "Change", "Each KPI is compared with the previous period of the same length: counts by difference, hours in percent, " +
			"shares in points. Higher is better for all five KPIs. A comparison is left out (n/a) when either value is undefined or no " +
			"block was recorded before the period (\"no earlier record\"), and marked \"previous period partial\" when the record begins after the previous period's first day.", ""},
		{"as_of", "As of", "Every figure describes the record as it stood at the period's end (or now, while the period runs: \"so far\"). " +
			"Work done later does not count in a past period; a later correction of the period's own records does.", ""},
		{"in_progress", "In progress", "Deliverables started and not yet shipped or dropped at the period's end. Overdue: due before that day.", ""},
		{"invested_seconds", "Invested", "Time of the blocks linked to the deliverable, up to the period's end; where imported blocks overlap, the overlapped time counts once, for the block that started later.", ""},
		{"milestone_progress", "Progress", "Of a milestone's deliverables that existed and were not dropped at the period's end, the share shipped by then.", ""},
		{"milestone_expected", "Expected", "Where a straight line from the milestone's start date to the end of its due date puts it at the period's end.", ""},
		{"milestone_health", "Health", fmt.Sprintf("On track while progress trails the expected value by at most %.1f points, behind up to %.0f points, at risk beyond; done when all are shipped.",
			OnTrackMaxGap, BehindMaxGap), ""},
		{"deep_blocks", "Qualifying blocks", fmt.Sprintf("Deep blocks at least %s long with a goal, in the period. Average and longest are of their whole lengths.", deepMin), "higher"},
		{"planned_vs_actual", "Planned vs actual", "Of the qualifying blocks that had a plan, the planned length against the length worked.", ""},
		{"days_with_deep_work", "Days with deep work", "Days of the period with qualifying deep work, against the working days (" + s.Workdays + holidaysText(s.Holidays) + ").", "higher"},
		{"daily_goal", "Daily goal", fmt.Sprintf("The weekly deep-work goal (%s) spread over the working days.", goalText(s.WeeklyDeepGoal)), ""},
		{"short_focus", "Short focus", fmt.Sprintf("Deep blocks shorter than %s, with or without a goal: not counted as deep work.", deepMin), "lower"},
		{"deep_without_goal", "Deep work without a goal", fmt.Sprintf("Deep blocks at least %s long that have no goal: not counted as deep work until a goal is set.", deepMin), "lower"},
		{"response_time", "Median and p90", "Business time from receipt to the first reply, of the requests answered by the period's end; p90 is the nearest-rank 90th percentile. " +
			"Business time counts working hours (" + s.WorkHours + ") on working days only.", "lower"},
		{"overdue_requests", "Open past target", "Requests unanswered at the period's end whose due time had passed, with the business time since it (late by).", "lower"},
		{"meetings", "Meetings", "Meeting time inside the period, against the average of the previous four periods of the same length.", "lower"},
		{"decision_states", "Decision states", "Open until the deadline; accepted by silence at the deadline unless someone objected before it (then: needs discussion); " +
			"an explicit accept or reject wins from the moment it was made.", ""},
	}, measureDefinitions(s)...)
}

// measureDefinitions define the measures of async work beyond the KPIs, and the rituals.
func measureDefinitions(s Settings) []Definition {
	return []Definition{
		{"delivery_on_time", "Delivery on time", "Of the deliverables due in the period and not dropped by its end, those judged at its end " +
			"(shipped, or unshipped past their due date): the share shipped by the end of their due date in the user's time zone. " +
			"A due date on a weekend or a holiday is not moved. One due later in a running period is not judged yet.", "higher"},
		{"days_late", "Days late", "Of the deliverables shipped in the period after their due date, whatever the due date: the median of the " +
			"calendar days from the due date to the day each shipped.", "lower"},
		{"overdue_deliverables", "Overdue now", "Deliverables planned or in progress at the period's end whose due date had ended by then, " +
			"with the calendar days from the due date to the day the figures are as of.", "lower"},
		{"meeting_baseline", "Meetings against the baseline", fmt.Sprintf("Meeting time per week in the period (its meeting time times 7 over its days) "+
			"against the baseline: the average weekly meeting time of the first %d whole ISO weeks on record, the first being the week the "+
			"record begins in if it begins on that week's Monday, else the next. The goal is %.0f%% fewer meetings than the baseline; "+
			"the trend shows the last %d weeks.", BaselineWeeks, 100*MeetingGoalCut, TrendWeeks), "lower"},
		{"meeting_place", "Meetings on sync days and in core hours", fmt.Sprintf("Of the meeting time inside the period: the share on the sync days (%s), "+
			"the share inside the core hours (%s) of each day, and the share on a sync day inside the core hours. A share is shown only when its setting is set.",
			orNotSet(s.SyncDays, "syncdays"), orNotSet(s.CoreHours, "corehours")), "higher"},
		{"context_switches", "Context switches", "Switches between projects: two blocks in a row, of any kind, on different projects that start on the " +
			"same local day. Per day worked: over the days of the period on which a block started.", "lower"},
		{"deep_cut_short", "Deep work cut short", fmt.Sprintf("Of the finished deep blocks with a plan that started in the period, those that ended "+
			"before their plan and were followed within %s by a block on another project.", FormatDuration(SwitchGap)), "lower"},
		{"decisions_documented", "Decisions written down", "Of the decisions made in the period (closed explicitly, or accepted by silence at a deadline " +
			"in it), those written down: with a context, and with an outcome unless accepted by silence, where the proposal stands as the outcome.", "higher"},
		{"energy", "Energy", "The average energy, from 1 to 5, of the period's closed days that gave one (the end-of-day ritual). A day not closed is " +
			"left out. Personal: the team report never shows it.", "higher"},
		{"check_in", "Satisfaction and balance", fmt.Sprintf("The weekly check-in, from 1 to 5 each, of the week that holds the period's last day "+
			"(today while it runs), and the last %d weeks' answers. Personal: the team report shows only the team's median of a week, "+
			"and only when at least %d members answered it.", TrendWeeks, tracker.MinCheckInsForMedian), "higher"},
	}
}

// orNotSet is a setting's value for a definition, or says that it is not set.
func orNotSet(v, key string) string {
	if v == "" {
		return key + " not set"
	}
	return v
}

func holidaysText(hs []string) string {
	if len(hs) == 0 {
		return ""
	}
	return ", without holidays " + strings.Join(hs, ", ")
}

func goalText(h float64) string {
	if h <= 0 {
		return "none set"
	}
	return FormatDuration(hoursDuration(h))
}

// Definition returns the definition of the figure key, as Report.Definitions holds it.
func (r *Report) Definition(key string) (Definition, bool) {
	for _, d := range r.Definitions {
		if d.Key == key {
			return d, true
		}
	}
	return Definition{}, false
}

func hoursDuration(h float64) time.Duration {
	return time.Duration(h * float64(time.Hour)).Round(time.Minute)
}
