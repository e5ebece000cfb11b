package cli

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"shiplog/tracker"
)

func newConfigCmd(e *Env) *cobra.Command {
	cmd := groupCmd("config", "Read and change settings")
	var keys strings.Builder
	for _, k := range tracker.SettingKeys() {
		fmt.Fprintf(&keys, "  %-16s %s\n", k, tracker.SettingHelp(k))
	}
	cmd.Long = `Settings live in the database, so that the window, the command line and the scheduled
jobs agree. Keys:

` + keys.String()
	cmd.Example = `  shiplog config list
  shiplog config get sla.urgent
  shiplog config set timezone Europe/Berlin
  shiplog config set report.schedule "fri 16:00"`
	cmd.AddCommand(newConfigGetCmd(e), newConfigSetCmd(e), newConfigListCmd(e))
	return cmd
}

func newConfigGetCmd(e *Env) *cobra.Command {
	var reveal bool
	cmd := &cobra.Command{
		Use:   "get KEY",
		Short: "Print one setting",
		Long:  "Print a setting's value, or its default when it was never set. Secrets are masked unless --reveal is given.",
		Example: `  shiplog config get workhours
  shiplog config get smtp.password --reveal`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := e.Service()
			if err != nil {
				return err
			}
			v, err := svc.Setting(args[0])
			if err != nil {
				return err
			}
			if !reveal {
				kvs, err := svc.Settings()
				if err != nil {
					return err
				}
				for _, kv := range kvs {
					if kv.Key == args[0] {
						v = kv.Value
					}
				}
			}
			fmt.Fprintln(e.Stdout, v)
			return nil
		},
	}
	cmd.Flags().BoolVar(&reveal, "reveal", false, "print secrets such as smtp.password in clear")
	return cmd
}

func newConfigSetCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "set KEY VALUE",
		Short: "Change one setting",
		Long: `Change a setting. The value is checked before it is stored; an invalid value is refused with
the reason. Words after KEY are joined with spaces, so quotes are optional.

The SMTP password is never stored in the database (nor so in its backups and exports): 'config
set smtp.password -' reads it from standard input, without echo on a terminal, and keeps it in
$XDG_CONFIG_HOME/shiplog/smtp-password, readable only by you. $SHIPLOG_SMTP_PASSWORD, or a file
named by smtp.password_file that only you can read, give it instead.`,
		Example: `  shiplog config set workdays mon-fri
  shiplog config set workhours 08:30-16:30
  shiplog config set holidays 2026-12-24,2026-12-25
  shiplog config set sla.urgent 2h
  shiplog config set report.schedule fri 16:00
  shiplog config set report.to boss@example.com,team@example.com
  shiplog config set smtp.password -   # typed without echo, or piped from a password manager
  shiplog config set autostart true     # also writes ~/.config/autostart/shiplog.desktop`,
		Args: cobra.MinimumNArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := e.Service()
			if err != nil {
				return err
			}
			key, value := args[0], strings.Join(args[1:], " ")
			if key == tracker.SettingSMTPPassword {
				if value == "-" {
					if value, err = readSecret(e, "SMTP password"); err != nil {
						return err
					}
				} else if value != "" {
					fmt.Fprintln(e.Stderr, "shiplog: a password on the command line can be seen in the process list and stays in "+
						"your shell history; 'shiplog config set smtp.password -' reads it from standard input instead")
				}
			}
			if key == tracker.SettingAutostart {
				if err := setAutostart(svc, value); err != nil {
					return err
				}
			} else if err := svc.SetSetting(key, value); err != nil {
				return err
			}
			shown := value
			if kvs, err := svc.Settings(); err == nil {
				for _, kv := range kvs {
					if kv.Key == key {
						shown = kv.Value
					}
				}
			}
			fmt.Fprintf(e.Stdout, "%s = %s\n", key, shown)
			return nil
		},
	}
}

// configEntry is one line of `config list --json`.
type configEntry struct {
	Key     string `json:"key"`
	Value   string `json:"value"`
	Default bool   `json:"default"`
	Help    string `json:"help"`
}

func newConfigListCmd(e *Env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "list",
		Short: "List every setting",
		Long:  "List every setting with its value; values never set are marked (default). Secrets are masked.",
		Example: `  shiplog config list
  shiplog config list --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := e.Service()
			if err != nil {
				return err
			}
			kvs, err := svc.Settings()
			if err != nil {
				return err
			}
			if asJSON {
				out := make([]configEntry, len(kvs))
				for i, kv := range kvs {
					out[i] = configEntry{Key: kv.Key, Value: kv.Value, Default: kv.Default, Help: tracker.SettingHelp(kv.Key)}
				}
				return writeJSON(e, out)
			}
			w := newTable(e)
			for _, kv := range kvs {
				v := kv.Value
				if v == "" {
					v = `""`
				}
				mark := ""
				if kv.Default {
					mark = "(default)"
				}
				fmt.Fprintf(w, "%s\t%s\t%s\n", kv.Key, v, mark)
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

// setAutostart keeps the autostart setting and the login entry consistent: the entry is written
// (or removed) first, and the setting changes only if that worked; if storing the setting then
// fails, the entry is put back as it was.
func setAutostart(svc *tracker.Service, value string) error {
	if err := tracker.CheckSetting(tracker.SettingAutostart, value); err != nil {
		return err
	}
	on, _ := strconv.ParseBool(strings.TrimSpace(value))
	cfg, err := svc.Config()
	if err != nil {
		return err
	}
	if err := ApplyAutostart(svc, on); err != nil {
		return fmt.Errorf("autostart is still %t: %w", cfg.Autostart, err)
	}
	if err := svc.SetSetting(tracker.SettingAutostart, value); err != nil {
		_ = ApplyAutostart(svc, cfg.Autostart)
		return err
	}
	return nil
}
