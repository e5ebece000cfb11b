package cli

import (
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"shiplog/reports"
	"shiplog/tracker"
)

// dayJSON is `day close --json` and `day show --json`: the day's close, or null for a day that
// was not closed, and the day's summary from the report model.
type dayJSON struct {
	Date    string         `json:"date"`
	Closed  bool           `json:"closed"`
	Close   *closeJSON     `json:"close"`
	Summary daySummaryJSON `json:"summary"`
}

type closeJSON struct {
	ClosedAt string    `json:"closed_at"`
	Zone     string    `json:"zone"`
	Tomorrow *planJSON `json:"tomorrow"`
	Handoff  string    `json:"handoff"`
	Energy   *int      `json:"energy"`
}

type planJSON struct {
	Goal    string `json:"goal"`
	Project string `json:"project"`
}

type daySummaryJSON struct {
	AsOf             string             `json:"as_of"`
	Shipped          []shippedTodayJSON `json:"shipped"`
	DeepWorkSeconds  int64              `json:"deep_work_seconds"`
	DailyGoalSeconds int64              `json:"daily_goal_seconds"`
	DeepWorkText     string             `json:"deep_work_text"`
	OpenRequests     []openRequestJSON  `json:"open_requests"`
	NextWorkday      string             `json:"next_workday"`
	DecisionsClosing []closingJSON      `json:"decisions_closing"`
}

type shippedTodayJSON struct {
	ID        uint   `json:"id"`
	Title     string `json:"title"`
	Project   string `json:"project"`
	ShippedAt string `json:"shipped_at"`
}

type openRequestJSON struct {
	Subject  string `json:"subject"`
	From     string `json:"from"`
	Priority string `json:"priority"`
	DueAt    string `json:"due_at"`
	DueText  string `json:"due_text"`
	Overdue  bool   `json:"overdue"`
}

type closingJSON struct {
	Title    string `json:"title"`
	Project  string `json:"project"`
	Deadline string `json:"deadline"`
	Text     string `json:"text"`
}

func newDayCmd(e *Env) *cobra.Command {
	cmd := groupCmd("day", "Close the working day, or show how a day was closed")
	cmd.AddCommand(newDayCloseCmd(e), newDayShowCmd(e))
	return cmd
}

func newDayCloseCmd(e *Env) *cobra.Command {
	var goal, project, handoff, energy string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "close",
		Short: "Close today: see what it held, plan tomorrow's first block, leave a handoff note",
		Long: `Close today, the local date in your time zone. It prints what shipped today, deep work against
the daily goal, the requests still open and when they fall due, and the decisions closing by the
end of the next working day. Three answers are optional: tomorrow's first block (--tomorrow GOAL
with --project P), a handoff note for teammates in other time zones (--handoff), and your energy
from 1 to 5 (--energy). Closing the day again updates it and keeps what you leave out; an empty
value clears it. A day you do not close is simply absent.

Tomorrow's first block is offered on the next working day: the tray's first item reads
"Start: GOAL" and the Today screen has a button, until a block starts that day.`,
		Example: `  shiplog day close
  shiplog day close --tomorrow "Write the tax-rule tests" --project "Billing API" --energy 4
  shiplog day close --handoff "Parser half done; fixtures in testdata/" --json`,
		Args: cobra.NoArgs,
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			var in tracker.CloseDayInput
			f := cmd.Flags()
			if f.Changed("tomorrow") || f.Changed("project") {
				in.Tomorrow = &tracker.Plan{Goal: goal, Project: project}
			}
			if f.Changed("handoff") {
				in.Handoff = &handoff
			}
			if f.Changed("energy") {
				n, err := tracker.ParseScore("energy", energy)
				if err != nil {
					return err
				}
				in.Energy = &n
			}
			c, err := svc.CloseDay(in)
			if err != nil {
				return err
			}
			return printDay(e, svc, c.Day, &c, asJSON)
		}),
	}
	cmd.Flags().StringVar(&goal, "tomorrow", "", "the `GOAL` of tomorrow's first block (with --project)")
	cmd.Flags().StringVar(&project, "project", "", "the `PROJECT` of tomorrow's first block (with --tomorrow)")
	cmd.Flags().StringVar(&handoff, "handoff", "", "a handoff `NOTE` for teammates; in team mode it reaches the team")
	cmd.Flags().StringVar(&energy, "energy", "", "your energy today, `N` from 1 to 5")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func newDayShowCmd(e *Env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "show [DATE]",
		Short: "Show how a day was closed, and what it held",
		Long: `Show a day's close (tomorrow's plan, the handoff note, energy) and its summary as the report
model saw it at the day's end: what shipped, deep work, open requests, decisions closing next.
DATE is YYYY-MM-DD in your time zone; the default is today. A day that was not closed shows its
summary and "not closed".`,
		Example: "  shiplog day show\n  shiplog day show 2026-11-24 --json",
		Args:    cobra.MaximumNArgs(1),
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			day := svc.Today()
			if len(args) == 1 {
				d, err := tracker.ParseDate("date", args[0])
				if err != nil {
					return err
				}
				if d.IsZero() {
					return usagef("DATE must not be empty (see 'shiplog day show --help')")
				}
				day = d
			}
			c, err := svc.DayClose(day)
			switch {
			case isNotFound(err):
				return printDay(e, svc, day, nil, asJSON)
			case err != nil:
				return err
			}
			return printDay(e, svc, day, &c, asJSON)
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// printDay prints a day's close, or that it was not closed, and the day's summary.
func printDay(e *Env, svc *tracker.Service, day tracker.Date, c *tracker.DayClose, asJSON bool) error {
	loc, err := location(e)
	if err != nil {
		return err
	}
	sum, err := reports.EndOfDay(svc, reports.DayOf(day.In(loc), loc), e.Now())
	if err != nil {
		return err
	}
	if asJSON {
		return writeJSON(e, dayJSONOf(day, c, sum, loc))
	}
	w := e.Stdout
	date := day.In(loc).Format("Mon 2 Jan 2006")
	if c == nil {
		fmt.Fprintf(w, "%s: not closed.\n", date)
	} else {
		fmt.Fprintf(w, "%s: closed at %s.\n", date, when(e, c.ClosedAt))
	}
	fmt.Fprintln(w, "Shipped:", shippedLine(sum.Shipped))
	fmt.Fprintln(w, "Deep work:", sum.Deep.GoalText())
	if len(sum.Open) == 0 {
		fmt.Fprintln(w, "Requests open: none")
	} else {
		fmt.Fprintf(w, "Requests open: %d\n", len(sum.Open))
		for _, q := range sum.Open {
			fmt.Fprintf(w, "  %s (%s): %s\n", q.Subject, q.Priority, reports.DueWords(q.Due, sum.WordsAt, loc))
		}
	}
	next := sum.NextWorkday.In(loc).Format("Mon 2 Jan")
	if len(sum.DecisionsClosing) == 0 {
		fmt.Fprintf(w, "Decisions closing by %s: none\n", next)
	} else {
		fmt.Fprintf(w, "Decisions closing by %s:\n", next)
		for _, d := range sum.DecisionsClosing {
			fmt.Fprintf(w, "  %s: %s\n", d.Title, reports.ClosesWords(d.At, sum.WordsAt, loc))
		}
	}
	if c == nil {
		return nil
	}
	plan := "not planned"
	if !c.Tomorrow.IsZero() {
		plan = fmt.Sprintf("%s (%s), offered on %s", c.Tomorrow.Goal, c.Tomorrow.Project, next)
	}
	fmt.Fprintln(w, "Tomorrow's first block:", plan)
	if c.Handoff != "" {
		fmt.Fprintln(w, "Handoff:", c.Handoff)
	}
	if c.Energy != nil {
		fmt.Fprintf(w, "Energy: %d of 5\n", *c.Energy)
	}
	return nil
}

func shippedLine(rows []reports.DeliverableRow) string {
	if len(rows) == 0 {
		return "nothing"
	}
	var parts []string
	for _, d := range rows {
		parts = append(parts, fmt.Sprintf("%s (%s)", d.Title, d.Project))
	}
	return strings.Join(parts, ", ")
}

func dayJSONOf(day tracker.Date, c *tracker.DayClose, sum *reports.DayEnd, loc *time.Location) dayJSON {
	out := dayJSON{Date: string(day), Closed: c != nil}
	if c != nil {
		cj := &closeJSON{ClosedAt: rfc(c.ClosedAt), Zone: c.Zone, Handoff: c.Handoff, Energy: c.Energy}
		if !c.Tomorrow.IsZero() {
			cj.Tomorrow = &planJSON{Goal: c.Tomorrow.Goal, Project: c.Tomorrow.Project}
		}
		out.Close = cj
	}
	s := daySummaryJSON{AsOf: rfc(sum.AsOf), Shipped: []shippedTodayJSON{}, DeepWorkSeconds: seconds(sum.Deep.Hours),
		DailyGoalSeconds: seconds(sum.Deep.DailyGoal), DeepWorkText: sum.Deep.GoalText(), OpenRequests: []openRequestJSON{},
		NextWorkday: string(sum.NextWorkday), DecisionsClosing: []closingJSON{}}
	for _, d := range sum.Shipped {
		s.Shipped = append(s.Shipped, shippedTodayJSON{ID: d.ID, Title: d.Title, Project: d.Project, ShippedAt: rfc(d.Shipped)})
	}
	for _, q := range sum.Open {
		s.OpenRequests = append(s.OpenRequests, openRequestJSON{Subject: q.Subject, From: q.From, Priority: string(q.Priority),
			DueAt: rfc(q.Due), DueText: reports.DueWords(q.Due, sum.WordsAt, loc), Overdue: !q.Due.After(sum.WordsAt)})
	}
	for _, d := range sum.DecisionsClosing {
		s.DecisionsClosing = append(s.DecisionsClosing, closingJSON{Title: d.Title, Project: d.Project, Deadline: rfc(d.At),
			Text: reports.ClosesWords(d.At, sum.WordsAt, loc)})
	}
	out.Summary = s
	return out
}

func newCheckinCmd(e *Env) *cobra.Command {
	var satisfaction, balance, note string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "checkin",
		Short: "Check in for the week: satisfaction and balance, each 1 to 5",
		Long: `Record this ISO week's check-in: how satisfied you are with your work (--satisfaction) and how
well it balances with the rest of your life (--balance), each from 1 to 5, with an optional note
for yourself. Checking in again in the same week updates it.

The check-in is private. Your own report shows it with the last 8 weeks' trend; the team report
shows only the team's median of a week, and only when at least 3 members answered it. An export
carries only the two numbers per week, never the note. 'shiplog update draft' leaves it out
unless you give --check-in.`,
		Example: `  shiplog checkin --satisfaction 4 --balance 3
  shiplog checkin --satisfaction 2 --balance 2 --note "Too many late calls"`,
		Args: cobra.NoArgs,
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			var in tracker.CheckInInput
			var err error
			if in.Satisfaction, err = tracker.ParseScore("satisfaction", satisfaction); err != nil {
				return err
			}
			if in.Balance, err = tracker.ParseScore("balance", balance); err != nil {
				return err
			}
			if cmd.Flags().Changed("note") {
				in.Note = &note
			}
			c, err := svc.CheckIn(in)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e, struct {
					Week         string `json:"week"`
					Satisfaction int    `json:"satisfaction"`
					Balance      int    `json:"balance"`
					Note         string `json:"note"`
					At           string `json:"at"`
				}{c.Week, c.Satisfaction, c.Balance, c.Note, rfc(c.At)})
			}
			fmt.Fprintf(e.Stdout, "Checked in for %s: satisfaction %d, balance %d.\n", c.Week, c.Satisfaction, c.Balance)
			return nil
		}),
	}
	cmd.Flags().StringVar(&satisfaction, "satisfaction", "", "satisfaction with your work this week, `N` from 1 to 5")
	cmd.Flags().StringVar(&balance, "balance", "", "balance of work and the rest of life this week, `N` from 1 to 5")
	cmd.Flags().StringVar(&note, "note", "", "a private `NOTE` for yourself")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	_ = cmd.MarkFlagRequired("satisfaction")
	_ = cmd.MarkFlagRequired("balance")
	return cmd
}
