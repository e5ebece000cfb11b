package cli

import (
	"bufio"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"shiplog/tracker"
	"shiplog/tracker/postgres"
)

// The team-server commands: the admin's init and add-member, and a member's join, status and
// leave. None of them opens the personal database: the login lives in the config directory, so
// that the password stays out of the database, its exports and its backups.

func newTeamServerCmds(e *Env) []*cobra.Command {
	return []*cobra.Command{newTeamInitCmd(e), newTeamAddMemberCmd(e), newTeamJoinCmd(e), newTeamStatusCmd(e), newTeamSyncCmd(e),
		newTeamLeaveCmd(e)}
}

// serverFlag checks the --server URL before any connection is tried.
func serverFlag(server string) error {
	if strings.TrimSpace(server) == "" {
		return usagef("--server URL is required: the admin's postgres:// URL of the team database")
	}
	if !strings.HasPrefix(server, "postgres://") && !strings.HasPrefix(server, "postgresql://") {
		return usagef("--server must be a postgres:// URL, such as postgres://admin@db.example.com/shiplog?sslmode=verify-full")
	}
	return nil
}

func newTeamInitCmd(e *Env) *cobra.Command {
	var server string
	cmd := &cobra.Command{
		Use:   "init --server URL",
		Short: "As the server's admin, create or upgrade the team schema, roles, policies and views",
		Long: `Create or upgrade Shiplog's schema "shiplog" on a PostgreSQL server: its tables, the group roles
shiplog_member and shiplog_manager, the row-level security policies and the managers' weekly view.
Run it as the server's admin (a superuser, or a role that may create roles and owns the database).
Running it again changes nothing; a server whose schema is newer than this shiplog is refused.

Keep the admin's password out of the URL with ~/.pgpass or PGPASSWORD. See docs/team.md.`,
		Example: `  shiplog team init --server "postgres://postgres@db.example.com/shiplog?sslmode=verify-full"`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := serverFlag(server); err != nil {
				return err
			}
			res, err := postgres.Init(cmd.Context(), server)
			if err != nil {
				return err
			}
			where := postgres.Redact(server)
			switch {
			case res.UpToDate():
				fmt.Fprintf(e.Stdout, "team schema on %s is up to date (version %d)\n", where, res.To)
			case res.From == 0:
				fmt.Fprintf(e.Stdout, "created the team schema on %s (version %d); add members with 'shiplog team add-member NAME --server URL'\n", where, res.To)
			default:
				fmt.Fprintf(e.Stdout, "upgraded the team schema on %s from version %d to %d\n", where, res.From, res.To)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&server, "server", "", "the admin's postgres:// URL of the team database (required)")
	return cmd
}

func newTeamAddMemberCmd(e *Env) *cobra.Command {
	var server string
	var manager, asJSON bool
	cmd := &cobra.Command{
		Use:   "add-member NAME --server URL",
		Short: "As the server's admin, create a member's login and print the URL they join with, once",
		Long: `Create NAME's login on the team server with a long generated password, and print the URL that
NAME joins with ('shiplog team join URL'). The URL holds the password and is shown only this once:
send it to NAME privately. --manager also lets NAME read every member's weekly figures (never their
raw blocks). NAME is lower case: a letter, then letters, digits or _.`,
		Example: `  shiplog team add-member ada --server "postgres://postgres@db.example.com/shiplog?sslmode=verify-full"
  shiplog team add-member mia --manager --json --server "$ADMIN_URL"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := postgres.ValidateName(args[0]); err != nil {
				return err
			}
			if err := serverFlag(server); err != nil {
				return err
			}
			nm, err := postgres.AddMember(cmd.Context(), server, args[0], manager)
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e, nm)
			}
			role := "member"
			if nm.Manager {
				role = "manager"
			}
			fmt.Fprintf(e.Stdout, "added %s (%s) on %s\n", nm.Member, role, postgres.Redact(server))
			fmt.Fprintf(e.Stdout, "%s joins with this URL, shown only now; send it privately:\n\n  %s\n\n", nm.Member, nm.URL)
			fmt.Fprintf(e.Stdout, "on %s's machine: shiplog team join - (and paste the URL)\n", nm.Member)
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&server, "server", "", "the admin's postgres:// URL of the team database (required)")
	f.BoolVar(&manager, "manager", false, "let the member read every member's weekly figures")
	f.BoolVar(&asJSON, "json", false, `print {"member", "manager", "url"} as JSON`)
	return cmd
}

func newTeamJoinCmd(e *Env) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "join URL",
		Short: "Join a team with the URL from 'team add-member'; the password is stored apart from your data",
		Long: `Check the login in URL against the team server and store the connection. The URL without its
password goes to $XDG_CONFIG_HOME/shiplog/team.json and the password to team.password beside it,
both readable only by you; the password never enters your Shiplog database, its exports or its
backups. Give - as URL to read it from standard input, which keeps it out of your shell history.`,
		Example: `  shiplog team join -
  shiplog team join "postgres://ada:…@db.example.com/shiplog?sslmode=verify-full"`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			raw := args[0]
			if raw == "-" {
				line, err := bufio.NewReader(e.Stdin).ReadString('\n')
				if err != nil && line == "" {
					return usagef("team join -: no URL on standard input")
				}
				raw = strings.TrimSpace(line)
			}
			if !strings.HasPrefix(raw, "postgres://") && !strings.HasPrefix(raw, "postgresql://") {
				return usagef("URL must be the postgres:// URL that 'shiplog team add-member' printed")
			}
			password, ok := postgres.Password(raw)
			if !ok {
				return usagef("URL has no password; use the whole URL that 'shiplog team add-member' printed")
			}
			dir, err := tracker.ConfigDir()
			if err != nil {
				return err
			}
			r, err := postgres.Open(cmd.Context(), raw)
			if err != nil {
				return err
			}
			defer r.Close()
			previous, prevErr := postgres.LoadLogin(dir)
			l := postgres.Login{Server: r.Server(), Member: r.Member(), Manager: r.Manager(), JoinedAt: e.Now().UTC()}
			if err := postgres.SaveLogin(dir, l, password); err != nil {
				return err
			}
			if prevErr == nil && (previous.Server != l.Server || previous.Member != l.Member) {
				fmt.Fprintf(e.Stdout, "replaced the login as %s on %s\n", previous.Member, previous.Server)
			}
			role := "member"
			if l.Manager {
				role = "manager"
			}
			fmt.Fprintf(e.Stdout, "joined the team on %s as %s (%s)\n", l.Server, l.Member, role)
			if !postgres.Encrypted(raw) {
				fmt.Fprintln(e.Stderr, "shiplog: warning: the URL does not ask for a verified TLS connection (sslmode=verify-full); see docs/team.md")
			}
			return nil
		},
	}
	return cmd
}

// teamStatusJSON is the shape of 'team status --json'. It never holds the password.
type teamStatusJSON struct {
	Server   *string `json:"server"`
	Member   *string `json:"member"`
	Manager  bool    `json:"manager"`
	Pending  int     `json:"pending"`
	LastSync *string `json:"last_sync"`
	// Refused counts the pending changes that the server refused, set aside until they change.
	Refused int `json:"refused"`
}

func newTeamStatusCmd(e *Env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status",
		Short: "Show the team server you joined, as whom, and what waits to be pushed",
		Example: `  shiplog team status
  shiplog team status --json   # {"server", "member", "manager", "pending", "last_sync"}`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			ts, err := teamState(e, cmd)
			if err != nil {
				return err
			}
			l := ts.Login
			st := teamStatusJSON{Pending: ts.Pending, Refused: ts.Refused}
			if ts.Joined {
				st.Server, st.Member, st.Manager = &l.Server, &l.Member, l.Manager
			}
			if !ts.LastSync.IsZero() {
				st.LastSync = rfcPtr(&ts.LastSync)
			}
			if asJSON {
				return writeJSON(e, st)
			}
			if !ts.Joined {
				fmt.Fprintln(e.Stdout, "not in a team; join one with 'shiplog team join URL'")
				return nil
			}
			role := "member"
			if l.Manager {
				role = "manager"
			}
			loc := time.Local
			if exists, _ := e.dbExists(); exists {
				if loc, err = location(e); err != nil {
					return err
				}
			}
			t := newTable(e)
			fmt.Fprintf(t, "server\t%s\n", l.Server)
			fmt.Fprintf(t, "member\t%s (%s)\n", l.Member, role)
			pending := fmt.Sprintf("%d %s", st.Pending, plural(st.Pending, "change"))
			if st.Refused > 0 {
				pending += fmt.Sprintf(", %d refused by the server ('shiplog team sync' says why)", st.Refused)
			}
			fmt.Fprintf(t, "pending\t%s\n", pending)
			fmt.Fprintf(t, "last sync\t%s\n", ago(ts.LastSync, e.Now(), loc))
			return t.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"server", "member", "manager", "pending", "last_sync"} as JSON`)
	return cmd
}

func newTeamLeaveCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:     "leave",
		Short:   "Forget the team login and its password; your own record stays as it is",
		Example: `  shiplog team leave`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := tracker.ConfigDir()
			if err != nil {
				return err
			}
			l, loadErr := postgres.LoadLogin(dir)
			had, err := postgres.ForgetLogin(dir)
			if err != nil {
				return err
			}
			switch {
			case !had:
				fmt.Fprintln(e.Stdout, "not in a team; nothing to forget")
			case loadErr == nil:
				fmt.Fprintf(e.Stdout, "left the team on %s: the login and password are forgotten here; what was pushed stays on the server\n", l.Server)
			default:
				fmt.Fprintln(e.Stdout, "forgot the team password")
			}
			return nil
		},
	}
}
