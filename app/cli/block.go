package cli

import (
	"fmt"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"shiplog/tracker"
)

func kindArg(s string) (tracker.Kind, error) {
	k, err := tracker.ParseKind(s)
	if err != nil {
		return "", usagef("KIND must be one of deep, shallow, async, meeting; got %q", s)
	}
	return k, nil
}

// goalHint is the one line a deep-work block without a goal gets on stderr: such a block is not
// counted as deep work, and fix says how to give it one.
func goalHint(e *Env, fix string) {
	fmt.Fprintf(e.Stderr, "no goal: deep work without a goal is not counted; add one with `%s`\n", fix)
}

// planFlag reads a --plan flag: a duration with its unit, such as 90m or 1h30m.
func planFlag(cmd *cobra.Command) (*int64, error) {
	if !cmd.Flags().Changed("plan") {
		return nil, nil
	}
	s, _ := cmd.Flags().GetString("plan")
	d, err := tracker.ParseDuration("plan", s)
	if err != nil {
		return nil, err
	}
	secs := int64(d / time.Second)
	return &secs, nil
}

func deliverableFlag(cmd *cobra.Command) (*uint, error) {
	if !cmd.Flags().Changed("deliverable") {
		return nil, nil
	}
	id, _ := cmd.Flags().GetUint("deliverable")
	return &id, nil
}

func newStartCmd(e *Env) *cobra.Command {
	var project, goal string
	cmd := &cobra.Command{
		Use:   "start KIND --project NAME",
		Short: "Start a block of work (stops the running one first)",
		Long: `Start a block of deep, shallow, async or meeting work. The block is saved the moment it starts,
so a crash loses nothing. If another block is running, it is stopped at the new block's start.
Deep work counts only with a goal: give it with --goal, or at the stop with 'shiplog stop --goal'.
--at may lie at most a minute ahead of now; planned time goes in --plan.`,
		Example: `  shiplog start deep --project "Shiplog API" --goal "Ship the export endpoint" --plan 90m
  shiplog start meeting --project Hiring --at 14:00`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, err := kindArg(args[0])
			if err != nil {
				return err
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			b := tracker.Block{Kind: kind, Project: project, Goal: goal}
			plan, err := planFlag(cmd)
			if err != nil {
				return err
			}
			if plan != nil {
				b.PlannedSeconds = *plan
			}
			if b.DeliverableID, err = deliverableFlag(cmd); err != nil {
				return err
			}
			if b.Start, err = timeFlag(e, cmd, "at"); err != nil {
				return err
			}
			started, stopped, err := svc.StartBlock(b)
			if err != nil {
				return err
			}
			if stopped != nil {
				fmt.Fprintf(e.Stdout, "stopped block %d (%s, %s) after %s\n", stopped.ID, stopped.Project, stopped.Kind,
					fmtDuration(stopped.Duration(e.Now())))
				if stopped.NeedsGoal() {
					goalHint(e, fmt.Sprintf("shiplog block edit %d --goal …", stopped.ID))
				}
			}
			fmt.Fprintf(e.Stdout, "started block %d: %s on %s at %s\n", started.ID, started.Kind.Label(), started.Project, when(e, started.Start))
			if started.NeedsGoal() {
				goalHint(e, "shiplog stop --goal …")
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&project, "project", "", "project name (required)")
	cmd.Flags().StringVar(&goal, "goal", "", "what this block is for")
	cmd.Flags().String("plan", "", "planned length with its unit, e.g. 90m, 1h30m or 1:30")
	cmd.Flags().Uint("deliverable", 0, "deliverable ID this block works toward")
	cmd.Flags().String("at", "", "start time (default now): 14:30, \"2026-11-25 14:30\" or RFC 3339")
	_ = cmd.MarkFlagRequired("project")
	return cmd
}

func newStopCmd(e *Env) *cobra.Command {
	var outcome, goal string
	cmd := &cobra.Command{
		Use:   "stop",
		Short: "Stop the running block",
		Long: `Stop the running block. Deep work started without a goal is not counted as deep work: give
the goal here with --goal.`,
		Example: "  shiplog stop --outcome \"Endpoint merged\" --interruptions 2\n  shiplog stop --goal \"Draft the export schema\"\n  shiplog stop --at 17:05",
		Args:    cobra.NoArgs,
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			var err error
			in := tracker.StopInput{Outcome: outcome, Goal: goal}
			if cmd.Flags().Changed("goal") && goal == "" {
				return usagef("--goal must not be empty")
			}
			if cmd.Flags().Changed("interruptions") {
				n, _ := cmd.Flags().GetInt("interruptions")
				in.Interruptions = &n
			}
			if in.DeliverableID, err = deliverableFlag(cmd); err != nil {
				return err
			}
			if in.At, err = timeFlag(e, cmd, "at"); err != nil {
				return err
			}
			b, err := svc.StopBlock(in)
			if err != nil {
				return err
			}
			if b.Discarded {
				fmt.Fprintf(e.Stdout, "discarded block %d: it lasted under a second\n", b.ID)
				return nil
			}
			fmt.Fprintf(e.Stdout, "stopped block %d: %s on %s, %s\n", b.ID, b.Kind.Label(), b.Project, fmtDuration(b.Duration(e.Now())))
			if b.NeedsGoal() {
				goalHint(e, fmt.Sprintf("shiplog block edit %d --goal …", b.ID))
			}
			return nil
		}),
	}
	cmd.Flags().StringVar(&outcome, "outcome", "", "what came of the block")
	cmd.Flags().StringVar(&goal, "goal", "", "the block's goal, for deep work started without one")
	cmd.Flags().Int("interruptions", 0, "how many times you were interrupted")
	cmd.Flags().Uint("deliverable", 0, "link the block to a deliverable")
	cmd.Flags().String("at", "", "stop time (default now)")
	return cmd
}

type statusBlock struct {
	ID             uint   `json:"id"`
	Kind           string `json:"kind"`
	Project        string `json:"project"`
	Goal           string `json:"goal"`
	Start          string `json:"start"`
	ElapsedSeconds int64  `json:"elapsed_seconds"`
	PlannedSeconds int64  `json:"planned_seconds"`
}

func newStatusCmd(e *Env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:     "status",
		Short:   "Show the running block and today's deep work",
		Example: "  shiplog status\n  shiplog status --json | jq .block.elapsed_seconds",
		Args:    cobra.NoArgs,
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			out := struct {
				Running bool         `json:"running"`
				Block   *statusBlock `json:"block"`
				Today   todayJSON    `json:"today"`
			}{}
			b, err := svc.Running()
			switch {
			case err == nil:
				out.Running = true
				out.Block = &statusBlock{ID: b.ID, Kind: string(b.Kind), Project: b.Project, Goal: b.Goal,
					Start: rfc(b.Start), ElapsedSeconds: int64(b.Duration(e.Now()) / time.Second), PlannedSeconds: b.PlannedSeconds}
			case !isNotFound(err):
				return err
			}
			deep, today, err := deepToday(svc, e.Now())
			if err != nil {
				return err
			}
			out.Today = today
			if asJSON {
				return writeJSON(e, out)
			}
			if !out.Running {
				fmt.Fprintln(e.Stdout, "Idle")
				fmt.Fprintln(e.Stdout, todayLine(deep))
				return nil
			}
			// The window's timer writes the time with the same function, so the two agree.
			line := fmt.Sprintf("%s · %s · %s", b.Kind.Label(), b.Project, tracker.FormatElapsed(b.Duration(e.Now())))
			if b.PlannedSeconds > 0 {
				line += " of " + tracker.FormatElapsed(b.Planned())
			}
			if b.Goal != "" {
				line += " · " + b.Goal
			}
			fmt.Fprintln(e.Stdout, line)
			fmt.Fprintln(e.Stdout, todayLine(deep))
			return nil
		}),
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// blockJSON is the stable JSON shape of a block for scripts.
type blockJSON struct {
	ID            uint    `json:"id"`
	Kind          string  `json:"kind"`
	Project       string  `json:"project"`
	Start         string  `json:"start"`
	End           *string `json:"end"`
	Seconds       int64   `json:"seconds"`
	Goal          string  `json:"goal"`
	Outcome       string  `json:"outcome"`
	Interruptions int     `json:"interruptions"`
	PlannedSecs   int64   `json:"planned_seconds"`
	DeliverableID *uint   `json:"deliverable_id"`
}

func toBlockJSON(b tracker.Block, now time.Time) blockJSON {
	return blockJSON{ID: b.ID, Kind: string(b.Kind), Project: b.Project, Start: rfc(b.Start), End: rfcPtr(b.End),
		Seconds: int64(b.Duration(now) / time.Second), Goal: b.Goal, Outcome: b.Outcome,
		Interruptions: b.Interruptions, PlannedSecs: b.PlannedSeconds, DeliverableID: b.DeliverableID}
}

func newBlockCmd(e *Env) *cobra.Command {
	cmd := groupCmd("block", "Add, list, edit and delete blocks")

	var project, goal string
	add := &cobra.Command{
		Use:   "add KIND --project NAME --from TIME --to TIME",
		Short: "Record a finished block",
		Long: `Record a block of work already done. Its end may lie at most a minute ahead of now: planned
time belongs in the block's plan (--plan), not in the record.`,
		Example: `  shiplog block add deep --project "Shiplog API" --from 09:00 --to 10:30 --goal "Draft the schema"
  shiplog block add meeting --project Hiring --from "2026-11-23 14:00" --to "2026-11-23 14:45"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, err := kindArg(args[0])
			if err != nil {
				return err
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			b := tracker.Block{Kind: kind, Project: project, Goal: goal}
			if b.Start, err = timeFlag(e, cmd, "from"); err != nil {
				return err
			}
			end, err := timeFlag(e, cmd, "to")
			if err != nil {
				return err
			}
			b.End = &end
			if b.DeliverableID, err = deliverableFlag(cmd); err != nil {
				return err
			}
			if cmd.Flags().Changed("outcome") {
				b.Outcome, _ = cmd.Flags().GetString("outcome")
			}
			b.Interruptions, _ = cmd.Flags().GetInt("interruptions")
			plan, err := planFlag(cmd)
			if err != nil {
				return err
			}
			if plan != nil {
				b.PlannedSeconds = *plan
			}
			got, err := svc.AddBlock(b)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "added block %d: %s on %s, %s\n", got.ID, got.Kind.Label(), got.Project, fmtDuration(got.Duration(e.Now())))
			return nil
		},
	}
	add.Flags().StringVar(&project, "project", "", "project name (required)")
	add.Flags().StringVar(&goal, "goal", "", "what the block was for")
	add.Flags().String("outcome", "", "what came of it")
	add.Flags().Int("interruptions", 0, "interruptions")
	add.Flags().String("from", "", "start time (required)")
	add.Flags().String("to", "", "end time (required)")
	add.Flags().String("plan", "", "planned length with its unit, e.g. 90m or 1h30m")
	add.Flags().Uint("deliverable", 0, "deliverable ID")
	for _, f := range []string{"project", "from", "to"} {
		_ = add.MarkFlagRequired(f)
	}

	var asJSON bool
	var projects []string
	list := &cobra.Command{
		Use:     "list",
		Short:   "List blocks",
		Example: "  shiplog block list --from 2026-11-23 --to 2026-11-27\n  shiplog block list --project \"Shiplog API\" --json",
		Args:    cobra.NoArgs,
		RunE: withService(e, func(cmd *cobra.Command, args []string, svc *tracker.Service) error {
			var err error
			f := tracker.BlockFilter{Projects: projects}
			if f.From, f.To, err = dateRangeFlags(e, cmd); err != nil {
				return err
			}
			bs, err := svc.Blocks(f)
			if err != nil {
				return err
			}
			now := e.Now()
			if asJSON {
				out := make([]blockJSON, 0, len(bs))
				for _, b := range bs {
					out = append(out, toBlockJSON(b, now))
				}
				return writeJSON(e, out)
			}
			loc, err := location(e)
			if err != nil {
				return err
			}
			tw := newTable(e)
			fmt.Fprintln(tw, "ID\tKIND\tPROJECT\tSTART\tEND\tLENGTH\tGOAL")
			for _, b := range bs {
				end := "running"
				if b.End != nil {
					end = b.End.In(loc).Format("15:04")
				}
				fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", b.ID, b.Kind, b.Project, b.Start.In(loc).Format("2006-01-02 15:04"),
					end, fmtDuration(b.Duration(now)), b.Goal)
			}
			return tw.Flush()
		}),
	}
	list.Flags().String("from", "", "first day, YYYY-MM-DD")
	list.Flags().String("to", "", "last day, YYYY-MM-DD (inclusive)")
	list.Flags().StringArrayVar(&projects, "project", nil, "only this project (repeatable)")
	list.Flags().BoolVar(&asJSON, "json", false, "print JSON")

	edit := &cobra.Command{
		Use:     "edit ID",
		Short:   "Change a block",
		Example: "  shiplog block edit 42 --to 11:15 --outcome \"Schema merged\"\n  shiplog block edit 42 --kind shallow --project Hiring",
		Args:    cobra.ExactArgs(1),
		RunE: withID(e, func(cmd *cobra.Command, svc *tracker.Service, id uint) error {
			var p tracker.BlockPatch
			fl := cmd.Flags()
			if fl.Changed("kind") {
				s, _ := fl.GetString("kind")
				k, err := kindArg(s)
				if err != nil {
					return err
				}
				p.Kind = &k
			}
			for name, dst := range map[string]**string{"project": &p.Project, "goal": &p.Goal, "outcome": &p.Outcome} {
				if fl.Changed(name) {
					s, _ := fl.GetString(name)
					*dst = &s
				}
			}
			for name, dst := range map[string]**time.Time{"from": &p.Start, "to": &p.End} {
				t, err := timeFlag(e, cmd, name)
				if err != nil {
					return err
				}
				if !t.IsZero() {
					*dst = &t
				}
			}
			if fl.Changed("interruptions") {
				n, _ := fl.GetInt("interruptions")
				p.Interruptions = &n
			}
			plan, err := planFlag(cmd)
			if err != nil {
				return err
			}
			p.PlannedSecs = plan
			if fl.Changed("deliverable") {
				d, _ := fl.GetUint("deliverable")
				var v *uint
				if d != 0 {
					v = &d
				}
				p.DeliverableID = &v
			}
			b, err := svc.EditBlock(id, p)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "updated block %d\n", b.ID)
			return nil
		}),
	}
	edit.Flags().String("kind", "", "deep, shallow, async or meeting")
	edit.Flags().String("project", "", "project name")
	edit.Flags().String("goal", "", "goal")
	edit.Flags().String("outcome", "", "outcome")
	edit.Flags().String("from", "", "start time")
	edit.Flags().String("to", "", "end time")
	edit.Flags().Int("interruptions", 0, "interruptions")
	edit.Flags().String("plan", "", "planned length with its unit, e.g. 90m (0m for none)")
	edit.Flags().Uint("deliverable", 0, "deliverable ID (0 to unlink)")

	del := &cobra.Command{
		Use:     "delete ID",
		Short:   "Delete a block",
		Example: "  shiplog block delete 42",
		Args:    cobra.ExactArgs(1),
		RunE: withID(e, func(cmd *cobra.Command, svc *tracker.Service, id uint) error {
			b, err := svc.DeleteBlock(id)
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "deleted block %d (%s, %s, %s)\n", b.ID, b.Project, b.Kind, when(e, b.Start))
			return nil
		}),
	}
	cmd.AddCommand(add, list, edit, del)
	return cmd
}

func idArg(s string) (uint, error) {
	n, err := strconv.ParseUint(s, 10, 32)
	if err != nil || n == 0 {
		return 0, usagef("ID must be a positive number; got %q", s)
	}
	return uint(n), nil
}
