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
	// To is the teammate a sent request went to (request list --sent).
	To string `json:"to,omitempty"`
}

func newRequestCmd(e *Env) *cobra.Command {
	cmd := groupCmd("request", "Log incoming requests and replies")
	var r tracker.Request
	var priority string
	add := &cobra.Command{
		Use:   "add SUBJECT --priority P",
		Short: "Log an incoming request (urgent 2h, important 24h, normal 48h, fyi none), or send one to a teammate",
		Long: `Log a request you received, with its response target in your business hours.

With --to MEMBER it is a request you send to a teammate through the team server instead: after you
both sync it is in their request list, due by their own targets and business hours in their time
zone, and their reply answers it ('shiplog request list --sent' shows its state to you).`,
		Example: `  shiplog request add "Review the API draft" --priority important --from Dana --channel slack
  shiplog request add "Prod alert" --priority urgent --at "2026-11-25 08:10"
  shiplog request add "Review my migration" --to bo --priority important`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := tracker.ParsePriority(priority)
			if err != nil {
				return err
			}
			if r.To != "" {
				if cmd.Flags().Changed("from") {
					return usagef("--from and --to do not go together: a request you send is from you")
				}
				me := memberName()
				switch {
				case me == "":
					return usagef("--to needs a team: join one with 'shiplog team join URL'")
				case me == r.To:
					return usagef("--to %s is you; send a request to a teammate", r.To)
				}
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
			if got.To != "" {
				fmt.Fprintf(e.Stdout, "sent request %d %q to %s (%s, %s by %s's business hours); it reaches %s at the next sync\n",
					got.ID, got.Subject, got.To, got.Priority, due, got.To, got.To)
				return nil
			}
			fmt.Fprintf(e.Stdout, "logged request %d %q (%s, %s)\n", got.ID, got.Subject, got.Priority, due)
			return nil
		},
	}
	add.Flags().StringVar(&priority, "priority", "", "urgent, important, normal or fyi (required)")
	add.Flags().StringVar(&r.From, "from", "", "who asked")
	add.Flags().StringVar(&r.Channel, "channel", "", "where it came in (email, slack, …)")
	add.Flags().StringVar(&r.Project, "project", "", "project name")
	add.Flags().StringVar(&r.To, "to", "", "send it to this teammate (their member name) through the team server")
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
						ResponseBusinessSeconds: r.ResponseBusinessSeconds, SuggestLive: r.SuggestLive, To: r.To})
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
			who := "FROM"
			if f.Sent {
				who = "TO"
			}
			fmt.Fprintf(tw, "ID\tPRIORITY\tSTATE\tDUE\t%s\tSUBJECT\n", who)
			now := e.Now()
			for _, r := range rs {
				due := "-"
				if r.DueAt != nil {
					due = r.DueAt.In(loc).Format("Mon 01-02 15:04")
				}
				name := r.From
				if f.Sent {
					name = r.To
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Priority, requestState(cfg, r, now), due, name, r.Subject)
			}
			return tw.Flush()
		}),
	}
	list.Flags().BoolVar(&f.OpenOnly, "open", false, "only requests not yet answered")
	list.Flags().BoolVar(&f.Sent, "sent", false, "the requests you sent to teammates instead, measured in their business hours")
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
	// Team marks a decision the whole team sees; Proposer names who proposed it, for a team decision.
	Team     bool   `json:"team"`
	Proposer string `json:"proposer,omitempty"`
}

func newDecisionCmd(e *Env) *cobra.Command {
	cmd := groupCmd("decision", "Propose decisions that close by silence at their deadline")
	var d tracker.Decision
	propose := &cobra.Command{
		Use:   "propose TITLE",
		Short: "Propose a decision; with no objection by the deadline it is accepted",
		Long: `Propose a decision. With no objection by its deadline it is accepted by silence.

With --team the whole team sees it after the next sync, in everyone's 'decision list', and any
member objects from their own Shiplog ('decision object ID'); it closes at its deadline for
everyone alike.`,
		Example: `  shiplog decision propose "Move stand-up to async" --project Team --context "Three time zones"
  shiplog decision propose "Adopt MADR" --deadline "2026-11-30 12:00"
  shiplog decision propose "Ship on Fridays" --team`,
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
			if got.Team {
				fmt.Fprintln(e.Stdout, "a team decision: your teammates see it after the next sync ('shiplog team sync')")
			}
			return nil
		}),
	}
	propose.Flags().StringVar(&d.Project, "project", "", "project name")
	propose.Flags().StringVar(&d.Context, "context", "", "background for the decision")
	propose.Flags().String("at", "", "when it was proposed (default now)")
	propose.Flags().String("deadline", "", "deadline (default: the decision window in business hours)")
	propose.Flags().BoolVar(&d.Team, "team", false, "a decision the whole team sees and may object to, through the team server")

	var o tracker.Objection
	object := &cobra.Command{
		Use:   "object ID --reason TEXT [--by WHO]",
		Short: "Record an objection (refused after the deadline)",
		Long: `Record a reasoned objection to a decision, yours or a teammate's team decision, before its
deadline. --by says who objects; in a team it defaults to your member name.`,
		Example: `  shiplog decision object 3 --by Sam --reason "Clashes with the on-call rotation"
  shiplog decision object 5 --reason "Fridays are for on-call handovers"`,
		Args: cobra.ExactArgs(1),
		RunE: withID(e, func(cmd *cobra.Command, svc *tracker.Service, id uint) error {
			var err error
			if o.By == "" {
				if o.By = memberName(); o.By == "" {
					return usagef("--by WHO is required outside a team (in a team it defaults to your member name)")
				}
			}
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
	object.Flags().StringVar(&o.By, "by", "", "who objects (default in a team: your member name)")
	object.Flags().StringVar(&o.Reason, "reason", "", "why (required)")
	object.Flags().String("at", "", "when the objection was made (default now)")
	_ = object.MarkFlagRequired("reason")

	var asJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List decisions with their state",
		Example: "  shiplog decision list\n  shiplog decision list --json",
		Args:    cobra.NoArgs,
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			ds, err := svc.AllDecisions()
			if err != nil {
				return err
			}
			me := memberName()
			proposer := func(d tracker.Decision) string {
				if d.Author != "" || !d.Team {
					return d.Author
				}
				return me
			}
			if asJSON {
				out := make([]decisionJSON, 0, len(ds))
				for _, d := range ds {
					out = append(out, decisionJSON{ID: d.ID, Title: d.Title, Project: d.Project, Context: d.Context,
						ProposedAt: rfc(d.ProposedAt), Deadline: rfc(d.Deadline), State: string(d.State),
						Objections: d.Objections, Outcome: d.Outcome, ClosedAt: rfcPtr(d.ClosedAt), Team: d.Team, Proposer: proposer(d)})
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
				title := d.Title
				if d.Team {
					title += " (team"
					if p := proposer(d); p != "" {
						title += ", proposed by " + p
					}
					title += ")"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\n", d.ID, d.State.Label(), d.Deadline.In(loc).Format(time.DateTime[:16]), len(d.Objections), title)
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
