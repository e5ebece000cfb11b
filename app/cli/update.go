package cli

import (
	"fmt"

	"shiplog/reports"

	"github.com/spf13/cobra"
)

func newUpdateCmd(e *Env) *cobra.Command {
	cmd := groupCmd("update", "Draft written status updates")
	var week string
	var checkIn bool
	draft := &cobra.Command{
		Use:   "draft",
		Short: "Draft this week's status update as Markdown",
		Long: `Draft a written status update from the record, in the structure Context / Background /
Action needed / Deadline / Optional: what shipped (with links), delivery on time, what is next,
and what is blocked (overdue requests, decisions that need discussion). It says what your
end-of-day closes said: the handoff notes, the first block planned next, and your energy over the
week. Your weekly check-in (satisfaction and balance) is private and is left out unless you give
--check-in. It prints Markdown, ready to paste.`,
		Example: `  shiplog update draft
  shiplog update draft --week 2026-W47 | pbcopy
  shiplog update draft --check-in`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := e.Service()
			if err != nil {
				return err
			}
			cfg, err := svc.Config()
			if err != nil {
				return err
			}
			loc := cfg.Location()
			p := reports.WeekOf(e.Now(), loc)
			if cmd.Flags().Changed("week") {
				if p, err = reports.ParseWeek(week, loc); err != nil {
					return flagError(err)
				}
			}
			md, err := reports.DraftUpdateWith(svc, p, reports.UpdateOptions{CheckIn: checkIn})
			if err != nil {
				return err
			}
			fmt.Fprint(e.Stdout, md)
			return nil
		},
	}
	draft.Flags().StringVar(&week, "week", "", "ISO `WEEK` such as 2026-W47 or 2026w47 (default: this week)")
	draft.Flags().BoolVar(&checkIn, "check-in", false, "include the week's check-in (satisfaction and balance), which is private otherwise")
	cmd.AddCommand(draft)
	return cmd
}
