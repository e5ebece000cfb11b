package cli

import (
	"fmt"
	"strconv"

	"github.com/spf13/cobra"

	"shiplog/tracker"
	"shiplog/tracker/interop"
)

// decisionExtraCmds are the decision subcommands kept in this file: close and export. The decision
// command (newDecisionCmd in request.go) adds them.
func decisionExtraCmds(e *Env) []*cobra.Command {
	return []*cobra.Command{newDecisionCloseCmd(e), newDecisionExportCmd(e)}
}

func parseDecisionID(s string) (uint, error) {
	id, err := strconv.ParseUint(s, 10, 32)
	if err != nil || id == 0 {
		return 0, usagef("decision ID must be a positive number; got %q", s)
	}
	return uint(id), nil
}

func newDecisionCloseCmd(e *Env) *cobra.Command {
	var accept, reject bool
	var outcome string
	cmd := &cobra.Command{
		Use:   "close ID --accept|--reject",
		Short: "Close a decision explicitly as accepted or rejected",
		Long: `Close a decision as its proposer, accepted or rejected, with an outcome. An explicit close wins
over silence and objections. --at records a close made earlier.`,
		Example: `  shiplog decision close 4 --accept --outcome "We move to SQLite in December"
  shiplog decision close 5 --reject --outcome "Too costly" --at "2026-11-20 15:00"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			id, err := parseDecisionID(args[0])
			if err != nil {
				return err
			}
			if accept == reject {
				return usagef("decision close needs exactly one of --accept or --reject")
			}
			at, err := timeFlag(e, cmd, "at")
			if err != nil {
				return err
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			d, err := svc.CloseDecision(id, accept, outcome, at)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "decision %d %q closed: %s\n", d.ID, d.Title, d.State.Label())
			return nil
		},
	}
	cmd.Flags().BoolVar(&accept, "accept", false, "close as accepted")
	cmd.Flags().BoolVar(&reject, "reject", false, "close as rejected")
	cmd.Flags().StringVar(&outcome, "outcome", "", "what was decided, in a sentence or two")
	cmd.Flags().String("at", "", "when it was closed: `TIME` such as 14:30 or \"2026-11-25 14:30\" (default now)")
	return cmd
}

func newDecisionExportCmd(e *Env) *cobra.Command {
	var all, force bool
	var format, out string
	cmd := &cobra.Command{
		Use:   "export ID|--all --format madr --out DIR",
		Short: "Write decisions as MADR Markdown records",
		Long: `Write decisions as Markdown Architectural Decision Records (MADR), one file per decision named
like 0004-use-sqlite.md, into DIR (created if needed). Existing files are refused unless --force
is given; nothing is ever written outside DIR.`,
		Example: `  shiplog decision export 4 --format madr --out docs/decisions
  shiplog decision export --all --format madr --out docs/decisions --force`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if all == (len(args) == 1) {
				return usagef("decision export needs a decision ID or --all, not both")
			}
			if format != "madr" {
				return usagef("--format must be madr; got %q", format)
			}
			if out == "" {
				return usagef("decision export needs --out DIR")
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			var ds []tracker.Decision
			if all {
				if ds, err = svc.Decisions(); err != nil {
					return err
				}
			} else {
				id, err := parseDecisionID(args[0])
				if err != nil {
					return err
				}
				d, err := svc.Decision(id)
				if err != nil {
					return err
				}
				ds = []tracker.Decision{d}
			}
			cfg, err := svc.Config()
			if err != nil {
				return err
			}
			names, err := interop.ExportMADR(ds, out, force, cfg.Location())
			if err != nil {
				return err
			}
			for _, n := range names {
				fmt.Fprintln(e.Stdout, n)
			}
			if len(names) == 0 {
				fmt.Fprintln(e.Stderr, "no decisions to export")
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&all, "all", false, "export every decision")
	cmd.Flags().StringVar(&format, "format", "madr", "record format; only madr")
	cmd.Flags().StringVar(&out, "out", "", "`DIR` to write the records into")
	cmd.Flags().BoolVar(&force, "force", false, "replace existing files")
	return cmd
}
