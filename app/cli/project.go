package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"shiplog/tracker"
)

func newProjectCmd(e *Env) *cobra.Command {
	cmd := groupCmd("project", "Add and list projects")
	var p tracker.Project
	add := &cobra.Command{
		Use:   "add NAME",
		Short: "Add a project",
		Example: `  shiplog project add "Shiplog API" --color "#0f766e" --weekly-deep-hours 12 --weekly-deliverables 3
  shiplog project add Hiring`,
		Args: cobra.ExactArgs(1),
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			p.Name = args[0]
			got, err := svc.AddProject(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "added project %d %q\n", got.ID, got.Name)
			return nil
		}),
	}
	add.Flags().StringVar(&p.Color, "color", "", "colour as hex, e.g. #0f766e")
	add.Flags().Float64Var(&p.WeeklyDeepHours, "weekly-deep-hours", 0, "weekly goal of deep-work hours")
	add.Flags().IntVar(&p.WeeklyDeliverables, "weekly-deliverables", 0, "weekly goal of deliverables shipped")

	var asJSON, all bool
	list := &cobra.Command{
		Use:     "list",
		Short:   "List projects",
		Example: "  shiplog project list\n  shiplog project list --json --all",
		Args:    cobra.NoArgs,
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			ps, err := svc.Projects(all)
			if err != nil {
				return err
			}
			if asJSON {
				if ps == nil {
					ps = []tracker.Project{}
				}
				return writeJSON(e, ps)
			}
			tw := newTable(e)
			fmt.Fprintln(tw, "ID\tNAME\tCOLOR\tDEEP H/WK\tSHIPS/WK\tARCHIVED")
			for _, p := range ps {
				archived := "no"
				if p.Archived {
					archived = "yes"
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%g\t%d\t%s\n", p.ID, p.Name, p.Color, p.WeeklyDeepHours, p.WeeklyDeliverables, archived)
			}
			return tw.Flush()
		}),
	}
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	list.Flags().BoolVar(&all, "all", false, "include archived projects")

	archive := &cobra.Command{
		Use:     "archive NAME",
		Short:   "Archive a project (or unarchive it with --undo)",
		Example: "  shiplog project archive Hiring\n  shiplog project archive Hiring --undo",
		Args:    cobra.ExactArgs(1),
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			p, err := svc.ProjectByName(args[0])
			if err != nil {
				return err
			}
			undo, _ := cmd.Flags().GetBool("undo")
			if p, err = svc.ArchiveProject(p.ID, !undo); err != nil {
				return err
			}
			if p.Archived {
				fmt.Fprintf(e.Stdout, "archived project %q\n", p.Name)
			} else {
				fmt.Fprintf(e.Stdout, "project %q is active again\n", p.Name)
			}
			return nil
		}),
	}
	archive.Flags().Bool("undo", false, "unarchive")
	cmd.AddCommand(add, list, archive)
	return cmd
}
