package cli

import (
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"shiplog/tracker"
)

type requestJSON struct {
	ID                      uint    `json:"id"`
	Subject                 string  `json:"subject"`
	From                    string  `json:"from"`
	Channel                 string  `json:"channel"`
	Project                 string  `json:"project"`
	Priority                string  `json:"priority"`
	ReceivedAt              string  `json:"received_at"`
	RepliedAt               *string `json:"replied_at"`
	Replies                 int     `json:"replies"`
	MinutesSpent            int     `json:"minutes_spent"`
	DueAt                   *string `json:"due_at"`
	State                   string  `json:"state"`
	ResponseBusinessSeconds *int64  `json:"response_business_seconds"`
	SuggestLive             bool    `json:"suggest_live"`
}

func newRequestCmd(e *Env) *cobra.Command {
	cmd := groupCmd("request", "Log incoming requests and replies")
	var r tracker.Request
	var priority string
	add := &cobra.Command{
		Use:   "add SUBJECT --priority P",
		Short: "Log an incoming request (urgent 2h, important 24h, normal 48h, fyi none)",
		Example: `  shiplog request add "Review the API draft" --priority important --from Dana --channel slack
  shiplog request add "Prod alert" --priority urgent --at "2026-11-25 08:10"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := tracker.ParsePriority(priority)
			if err != nil {
				return err
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			r.Subject, r.Priority = args[0], p
			if r.ReceivedAt, err = timeFlag(e, cmd, "at"); err != nil {
				return err
			}
			got, err := svc.AddRequest(r)
			if err != nil {
				return err
			}
			due := "no response target"
			if got.DueAt != nil {
				due = "due " + weekdayWhen(e, *got.DueAt)
			}
			fmt.Fprintf(e.Stdout, "logged request %d %q (%s, %s)\n", got.ID, got.Subject, got.Priority, due)
			return nil
		},
	}
	add.Flags().StringVar(&priority, "priority", "", "urgent, important, normal or fyi (required)")
	add.Flags().StringVar(&r.From, "from", "", "who asked")
	add.Flags().StringVar(&r.Channel, "channel", "", "where it came in (email, slack, …)")
	add.Flags().StringVar(&r.Project, "project", "", "project name")
	add.Flags().String("at", "", "when it arrived (default now)")
	_ = add.MarkFlagRequired("priority")

	var minutes int
	reply := &cobra.Command{
		Use:     "reply ID",
		Short:   "Record a reply; the first one answers the request",
		Example: "  shiplog request reply 12 --minutes 15\n  shiplog request reply 12 --at 16:40",
		Args:    cobra.ExactArgs(1),
		RunE: withID(e, func(cmd *cobra.Command, svc *tracker.Service, id uint) error {
			var err error
			in := tracker.ReplyInput{Minutes: minutes}
			if in.At, err = timeFlag(e, cmd, "at"); err != nil {
				return err
			}
			got, err := svc.ReplyRequest(id, in)
			if err != nil {
				return err
			}
			cfg, err := svc.Config()
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "request %d: %s (%s)\n", got.ID, requestState(cfg, got, e.Now()), count(got.Replies, "reply", "replies"))
			if got.SuggestLive {
				fmt.Fprintf(e.Stdout, "this thread has gone back and forth %d times: consider a short call instead\n", got.Replies)
			}
			return nil
		}),
	}
	reply.Flags().IntVar(&minutes, "minutes", 0, "minutes spent on this reply")
	reply.Flags().String("at", "", "when you replied (default now)")

	var asJSON bool
	var f tracker.RequestFilter
	list := &cobra.Command{
		Use:     "list",
		Short:   "List requests, the most pressing first",
		Example: "  shiplog request list --open\n  shiplog request list --json | jq '.[] | select(.state == \"overdue\")'",
		Args:    cobra.NoArgs,
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			rs, err := svc.Requests(f)
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]requestJSON, 0, len(rs))
				for _, r := range rs {
					out = append(out, requestJSON{ID: r.ID, Subject: r.Subject, From: r.From, Channel: r.Channel, Project: r.Project,
						Priority: string(r.Priority), ReceivedAt: rfc(r.ReceivedAt), RepliedAt: rfcPtr(r.RepliedAt), Replies: r.Replies,
						MinutesSpent: r.MinutesSpent, DueAt: rfcPtr(r.DueAt), State: string(r.State),
						ResponseBusinessSeconds: r.ResponseBusinessSeconds, SuggestLive: r.SuggestLive})
				}
				return writeJSON(e, out)
			}
			loc, err := location(e)
			if err != nil {
				return err
			}
			tw := newTable(e)
			cfg, err := svc.Config()
			if err != nil {
				return err
			}
			fmt.Fprintln(tw, "ID\tPRIORITY\tSTATE\tDUE\tFROM\tSUBJECT")
			now := e.Now()
			for _, r := range rs {
				due := "-"
				if r.DueAt != nil {
					due = r.DueAt.In(loc).Format("Mon 01-02 15:04")
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Priority, requestState(cfg, r, now), due, r.From, r.Subject)
			}
			return tw.Flush()
		}),
	}
	list.Flags().BoolVar(&f.OpenOnly, "open", false, "only requests not yet answered")
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list.Flags().StringArrayVar(&f.Projects, "project", nil, "only this project (repeatable)")
	cmd.AddCommand(add, reply, list)
	return cmd
}

type decisionJSON struct {
	ID         uint                `json:"id"`
	Title      string              `json:"title"`
	Project    string              `json:"project"`
	Context    string              `json:"context"`
	ProposedAt string              `json:"proposed_at"`
	Deadline   string              `json:"deadline"`
	State      string              `json:"state"`
	Objections []tracker.Objection `json:"objections"`
	Outcome    string              `json:"outcome"`
	ClosedAt   *string             `json:"closed_at"`
}

func newDecisionCmd(e *Env) *cobra.Command {
	cmd := groupCmd("decision", "Propose decisions that close by silence at their deadline")
	var d tracker.Decision
	propose := &cobra.Command{
		Use:   "propose TITLE",
		Short: "Propose a decision; with no objection by the deadline it is accepted",
		Example: `  shiplog decision propose "Move stand-up to async" --project Team --context "Three time zones"
  shiplog decision propose "Adopt MADR" --deadline "2026-11-30 12:00"`,
		Args: cobra.ExactArgs(1),
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			var err error
			d.Title = args[0]
			if d.ProposedAt, err = timeFlag(e, cmd, "at"); err != nil {
				return err
			}
			if d.Deadline, err = timeFlag(e, cmd, "deadline"); err != nil {
				return err
			}
			got, err := svc.ProposeDecision(d)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "proposed decision %d %q; closes by silence at %s\n", got.ID, got.Title, weekdayWhen(e, got.Deadline))
			return nil
		}),
	}
	propose.Flags().StringVar(&d.Project, "project", "", "project name")
	propose.Flags().StringVar(&d.Context, "context", "", "background for the decision")
	propose.Flags().String("at", "", "when it was proposed (default now)")
	propose.Flags().String("deadline", "", "deadline (default: the decision window in business hours)")

	var o tracker.Objection
	object := &cobra.Command{
		Use:     "object ID --by WHO --reason TEXT",
		Short:   "Record an objection (refused after the deadline)",
		Example: `  shiplog decision object 3 --by Sam --reason "Clashes with the on-call rotation"`,
		Args:    cobra.ExactArgs(1),
		RunE: withID(e, func(cmd *cobra.Command, svc *tracker.Service, id uint) error {
			var err error
			if o.At, err = timeFlag(e, cmd, "at"); err != nil {
				return err
			}
			got, err := svc.Object(id, o)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "decision %d has %s\n", got.ID, count(len(got.Objections), "objection", "objections"))
			return nil
		}),
	}
	object.Flags().StringVar(&o.By, "by", "", "who objects (required)")
	object.Flags().StringVar(&o.Reason, "reason", "", "why (required)")
	object.Flags().String("at", "", "when the objection was made (default now)")
	_ = object.MarkFlagRequired("by")
	_ = object.MarkFlagRequired("reason")

	var asJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List decisions with their state",
		Example: "  shiplog decision list\n  shiplog decision list --json",
		Args:    cobra.NoArgs,
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			ds, err := svc.Decisions()
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]decisionJSON, 0, len(ds))
				for _, d := range ds {
					out = append(out, decisionJSON{ID: d.ID, Title: d.Title, Project: d.Project, Context: d.Context,
						ProposedAt: rfc(d.ProposedAt), Deadline: rfc(d.Deadline), State: string(d.State),
						Objections: d.Objections, Outcome: d.Outcome, ClosedAt: rfcPtr(d.ClosedAt)})
				}
				return writeJSON(e, out)
			}
			loc, err := location(e)
			if err != nil {
				return err
			}
			tw := newTable(e)
			fmt.Fprintln(tw, "ID\tSTATE\tDEADLINE\tOBJECTIONS\tTITLE")
			for _, d := range ds {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\n", d.ID, d.State.Label(), d.Deadline.In(loc).Format(time.DateTime[:16]), len(d.Objections), d.Title)
			}
			return tw.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(propose, object, list)
	cmd.AddCommand(decisionExtraCmds(e)...)
	return cmd
}

// weekdayWhen writes a time ahead for a person: its weekday, then the time as it is typed, such as
// "Mon 2026-11-30 11:10".
func weekdayWhen(e *Env, t time.Time) string {
	loc, err := location(e)
	if err != nil {
		loc = time.Local
	}
	return t.In(loc).Format("Mon") + " " + tracker.When(t, loc)
}

// requestState is a request's state in words, with how late it is when it is late: "answered in
// time", "overdue by 3 business hours", "answered late by 1.5 business hours". The lateness is
// tracker.RequestLateness, the figure the report shows.
func requestState(cfg tracker.Config, r tracker.Request, now time.Time) string {
	words := r.State.Label()
	if r.State != tracker.RequestOverdue && r.State != tracker.RequestAnsweredLate {
		return words
	}
	late := tracker.RequestLateness(r, cfg, now)
	if late <= 0 {
		return words
	}
	return words + " by " + businessHours(late)
}

// businessHours writes business time as the report does, in hours to one decimal: "3 business
// hours", "1 business hour", "19.8 business hours"; under an hour, in minutes.
func businessHours(d time.Duration) string {
	if d < time.Hour {
		return count(max(1, int(d.Round(time.Minute)/time.Minute)), "business minute", "business minutes")
	}
	h := strconv.FormatFloat(math.Round(d.Hours()*10)/10, 'f', -1, 64)
	if h == "1" {
		return "1 business hour"
	}
	return h + " business hours"
}
