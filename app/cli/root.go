package cli

import (
	"errors"
	"os"
	"strings"

	"github.com/spf13/cobra"
)

// commands holds the constructors of the top-level commands. Each command file adds its own in
// init(), so that a new command is one new file.
var commands []func(e *Env) *cobra.Command

func register(c func(e *Env) *cobra.Command) { commands = append(commands, c) }

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
	root.PersistentFlags().StringVar(&e.DBPath, "db", e.DBPath, "database file (default $SHIPLOG_DB or $XDG_DATA_HOME/shiplog/shiplog.db)")
	root.Flags().BoolVar(&e.Hidden, "hidden", false, "start the desktop app hidden in the tray, as at login")
	root.SetOut(e.Stdout)
	root.SetErr(e.Stderr)
	root.SetFlagErrorFunc(func(cmd *cobra.Command, err error) error {
		return usagef("%s (see '%s --help')", err.Error(), cmd.CommandPath())
	})
	root.CompletionOptions.HiddenDefaultCmd = true
	for _, c := range commands {
		root.AddCommand(c(e))
	}
	wrapArgs(root)
	return root
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
