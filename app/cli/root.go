package cli

import (
	"errors"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// NewRoot builds the command tree for one run.
func NewRoot(e *Env) *cobra.Command {
	root := &cobra.Command{
		Use:   "shiplog",
		Short: "Shiplog records output, not hours",
		Long: `Shiplog records what you ship: deep-work blocks with goals, deliverables, requests with
response targets, meetings and decisions. It turns that record into a two-minute PDF report.

Run without a command to open the desktop app.`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if e.OpenGUI == nil {
				return cmd.Help()
			}
			// GLFW panics without a display; say so instead, and point at the CLI.
			if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
				return errors.New("no display to open the desktop app on (DISPLAY and WAYLAND_DISPLAY are unset); " +
					"use a command instead, see 'shiplog --help'")
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			return e.OpenGUI(svc)
		},
	}
	// --version prints what the version command prints; cobra adds the flag when Version is set.
	root.Version = Version
	root.SetVersionTemplate(versionLine() + "\n")
	root.PersistentFlags().StringVar(&e.DBPath, "db", e.DBPath, "database file (default $SHIPLOG_DB or $XDG_DATA_HOME/shiplog/shiplog.db)")
	root.Flags().BoolVar(&e.Hidden, "hidden", false, "start the desktop app hidden in the tray, as at login")
	root.SetOut(e.Stdout)
	root.SetErr(e.Stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usagef("%s (see '%s --help')", err.Error(), cmd.CommandPath())
	})
	root.PersistentPreRunE = noteAccess(e)
	root.CompletionOptions.HiddenDefaultCmd = true
	addCommands(root, e)
	wrapArgs(root)
	return root
}

// addCommands adds every top-level command, in the groups and the order that `shiplog --help`
// lists them. cobra sorts the commands of a group by name, so each group's list is written in
// that order too.
func addCommands(root *cobra.Command, e *Env) {
	root.AddGroup(
		&cobra.Group{ID: "record", Title: "Record work:"},
		&cobra.Group{ID: "plan", Title: "Plan work:"},
		&cobra.Group{ID: "follow", Title: "Requests and decisions:"},
		&cobra.Group{ID: "report", Title: "Reports:"},
		&cobra.Group{ID: "data", Title: "Data and settings:"},
		&cobra.Group{ID: "run", Title: "Background jobs and help:"},
	)
	add := func(group string, cmds ...*cobra.Command) {
		for _, c := range cmds {
			c.GroupID = group
		}
		root.AddCommand(cmds...)
	}
	add("record", newBlockCmd(e), newCheckinCmd(e), newDayCmd(e), newShipCmd(e), newStartCmd(e), newStatusCmd(e), newStopCmd(e))
	add("plan", newDeliverableCmd(e), newMilestoneCmd(e), newProjectCmd(e))
	add("follow", newDecisionCmd(e), newRequestCmd(e))
	add("report", newReportCmd(e), newTeamCmd(e), newUpdateCmd(e))
	add("data", newBackupCmd(e), newConfigCmd(e), newDemoCmd(e), newExportCmd(e), newImportCmd(e), newRestoreCmd(e))
	add("run", newDaemonCmd(e), newJobsCmd(e), newVersionCmd(e))
	root.SetHelpCommandGroupID("run")
	root.SetCompletionCommandGroupID("run")
}

// wrapArgs turns cobra's argument errors into usage errors, so that they exit with 2.
func wrapArgs(c *cobra.Command) {
	if c.Args != nil {
		check := c.Args
		c.Args = func(cmd *cobra.Command, args []string) error {
			if err := check(cmd, args); err != nil {
				return usagef("%s (see '%s --help')", err.Error(), cmd.CommandPath())
			}
			return nil
		}
	}
	for _, sub := range c.Commands() {
		wrapArgs(sub)
	}
}

// groupCmd is a command that only holds subcommands: run bare, it is a usage error.
func groupCmd(use, short string) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var names []string
			for _, s := range cmd.Commands() {
				names = append(names, s.Name())
			}
			return usagef("%s needs a subcommand: %s", cmd.CommandPath(), strings.Join(names, ", "))
		},
	}
}
