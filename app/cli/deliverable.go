package cli

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"shiplog/tracker"
)

func newShipCmd(e *Env) *cobra.Command {
	var in tracker.ShipInput
	cmd := &cobra.Command{
		Use:   "ship [TITLE --project NAME | --id ID]",
		Short: "Ship a planned deliverable, or record a new shipped one",
		Long: `Mark a deliverable shipped. By TITLE, the project's open deliverable (planned or in progress)
of that title ships, matched ignoring case and surrounding spaces; a new deliverable is recorded,
shipped, only when the project has none open. When two open deliverables share the title, ship one
with --id.`,
		Example: `  shiplog ship "Export endpoint" --project "Shiplog API" --link https://git.example.com/pr/42
  shiplog ship --id 7 --link https://example.com/release-notes`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if in.ID == 0 && len(args) == 0 {
				return usagef("ship needs a TITLE (with --project) or --id")
			}
			if in.ID == 0 && in.Project == "" {
				return usagef("ship TITLE needs --project")
			}
			if len(args) == 1 {
				in.Title = args[0]
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			if in.At, err = timeFlag(e, cmd, "at"); err != nil {
				return err
			}
			sh, err := svc.ShipDetail(in)
			if err != nil {
				return err
			}
			d := sh.Deliverable
			if sh.New {
				fmt.Fprintf(e.Stdout, "recorded a new shipped deliverable %d %q in %s\n", d.ID, d.Title, d.Project)
				return nil
			}
			fmt.Fprintf(e.Stdout, "shipped deliverable %d %q (%s since %s)\n", d.ID, d.Title, sh.Was.Label(), day(e, sh.Since))
			return nil
		},
	}
	cmd.Flags().UintVar(&in.ID, "id", 0, "ship an existing deliverable")
	cmd.Flags().StringVar(&in.Project, "project", "", "project name")
	cmd.Flags().StringVar(&in.Link, "link", "", "http(s) link to what shipped")
	cmd.Flags().StringVar(&in.Milestone, "milestone", "", "milestone name")
	cmd.Flags().String("at", "", "when it shipped (default now)")
	return cmd
}

type deliverableJSON struct {
	ID              uint    `json:"id"`
	Title           string  `json:"title"`
	Project         string  `json:"project"`
	Status          string  `json:"status"`
	Link            string  `json:"link"`
	Milestone       string  `json:"milestone"`
	Due             *string `json:"due"`
	ShippedAt       *string `json:"shipped_at"`
	InvestedSeconds int64   `json:"invested_seconds"`
}

func newDeliverableCmd(e *Env) *cobra.Command {
	cmd := groupCmd("deliverable", "Plan and list deliverables")
	var d tracker.Deliverable
	var status string
	add := &cobra.Command{
		Use:     "add TITLE --project NAME",
		Short:   "Plan a deliverable",
		Example: `  shiplog deliverable add "CSV export" --project "Shiplog API" --due 2026-12-04 --milestone Beta`,
		Args:    cobra.ExactArgs(1),
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			var err error
			d.Title = args[0]
			if cmd.Flags().Changed("due") {
				s, _ := cmd.Flags().GetString("due")
				if d.Due, err = tracker.ParseDate("due", s); err != nil {
					return err
				}
			}
			if status != "" {
				if d.Status, err = tracker.ParseStatus(status); err != nil {
					return err
				}
			}
			got, err := svc.AddDeliverable(d)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "added deliverable %d %q (%s)\n", got.ID, got.Title, got.Project)
			return nil
		}),
	}
	add.Flags().StringVar(&d.Project, "project", "", "project name (required)")
	add.Flags().String("due", "", "due date, YYYY-MM-DD")
	add.Flags().StringVar(&d.Milestone, "milestone", "", "milestone name")
	add.Flags().StringVar(&d.Link, "link", "", "http(s) link")
	add.Flags().StringVar(&status, "status", "", "planned (default) or in_progress")
	_ = add.MarkFlagRequired("project")

	var asJSON bool
	var f tracker.DeliverableFilter
	var statuses []string
	list := &cobra.Command{
		Use:     "list",
		Short:   "List deliverables with the time invested in each",
		Example: "  shiplog deliverable list\n  shiplog deliverable list --status shipped --json",
		Args:    cobra.NoArgs,
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			for _, s := range statuses {
				st, err := tracker.ParseStatus(s)
				if err != nil {
					return err
				}
				f.Statuses = append(f.Statuses, st)
			}
			ds, err := svc.Deliverables(f)
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]deliverableJSON, 0, len(ds))
				for _, d := range ds {
					j := deliverableJSON{ID: d.ID, Title: d.Title, Project: d.Project, Status: string(d.Status), Link: d.Link,
						Milestone: d.Milestone, ShippedAt: rfcPtr(d.ShippedAt), InvestedSeconds: d.InvestedSeconds}
					if !d.Due.IsZero() {
						s := string(d.Due)
						j.Due = &s
					}
					out = append(out, j)
				}
				return writeJSON(e, out)
			}
			tw := newTable(e)
			fmt.Fprintln(tw, "ID\tSTATUS\tPROJECT\tTITLE\tDUE\tSHIPPED\tINVESTED\tLINK")
			for _, d := range ds {
				shipped := ""
				if d.ShippedAt != nil {
					shipped = day(e, *d.ShippedAt)
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", d.ID, d.Status.Label(), d.Project, d.Title, d.Due, shipped,
					fmtDuration(time.Duration(d.InvestedSeconds)*time.Second), d.Link)
			}
			return tw.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list.Flags().StringArrayVar(&f.Projects, "project", nil, "only this project (repeatable)")
	list.Flags().StringArrayVar(&statuses, "status", nil, "only this status (repeatable)")

	setStatus := &cobra.Command{
		Use:     "status ID STATUS",
		Short:   "Set a deliverable's status (planned, in_progress, shipped, dropped)",
		Example: "  shiplog deliverable status 7 in_progress\n  shiplog deliverable status 9 dropped",
		Args:    cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := idArg(args[0])
			if err != nil {
				return err
			}
			st, err := tracker.ParseStatus(args[1])
			if err != nil {
				return err
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			if _, err := svc.SetDeliverableStatus(id, st); err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "deliverable %d is %s\n", id, st.Label())
			return nil
		},
	}
	cmd.AddCommand(add, list, setStatus)
	return cmd
}

func newMilestoneCmd(e *Env) *cobra.Command {
	cmd := groupCmd("milestone", "Add and list milestones")
	var m tracker.Milestone
	add := &cobra.Command{
		Use:     "add NAME --project NAME --due DATE",
		Short:   "Add a milestone",
		Example: `  shiplog milestone add Beta --project "Shiplog API" --start 2026-11-02 --due 2026-12-18`,
		Args:    cobra.ExactArgs(1),
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			var err error
			m.Name = args[0]
			due, _ := cmd.Flags().GetString("due")
			if m.DueDate, err = tracker.ParseDate("due", due); err != nil {
				return err
			}
			start, _ := cmd.Flags().GetString("start")
			if m.StartDate, err = tracker.ParseDate("start", start); err != nil {
				return err
			}
			loc, err := location(e)
			if err != nil {
				return err
			}
			got, err := svc.AddMilestone(m, loc)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "added milestone %d %q (%s, %s to %s)\n", got.ID, got.Name, got.Project, got.StartDate, got.DueDate)
			return nil
		}),
	}
	add.Flags().StringVar(&m.Project, "project", "", "project name (required)")
	add.Flags().String("due", "", "due date, YYYY-MM-DD (required)")
	add.Flags().String("start", "", "start date, YYYY-MM-DD (default today)")
	_ = add.MarkFlagRequired("project")
	_ = add.MarkFlagRequired("due")

	var asJSON bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List milestones with progress",
		Example: "  shiplog milestone list --json",
		Args:    cobra.NoArgs,
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			ms, err := svc.Milestones()
			if err != nil {
				return err
			}
			if asJSON {
				if ms == nil {
					ms = []tracker.Milestone{}
				}
				return writeJSON(e, ms)
			}
			tw := newTable(e)
			fmt.Fprintln(tw, "ID\tPROJECT\tNAME\tSTART\tDUE\tPROGRESS")
			for _, m := range ms {
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%d/%d\n", m.ID, m.Project, m.Name, m.StartDate, m.DueDate, m.Shipped, m.Total)
			}
			return tw.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	cmd.AddCommand(add, list)
	return cmd
}
