package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"time"

	"github.com/spf13/cobra"

	"shiplog/app/desktop"
	"shiplog/app/team"
	"shiplog/tracker"
	"shiplog/tracker/postgres"
)

// teamEngine opens the team sync engine on the database, once per run.
func (e *Env) teamEngine() (*team.Engine, error) {
	if e.team != nil {
		return e.team, nil
	}
	svc, err := e.Service()
	if err != nil {
		return nil, err
	}
	e.team = team.New(svc, team.Options{Zone: desktop.DetectTimezone})
	return e.team, nil
}

// dbExists reports whether the database file is there, so that a command that only reads the
// team state does not create it.
func (e *Env) dbExists() (bool, error) {
	path := e.DBPath
	if path == "" {
		p, err := tracker.DefaultPath()
		if err != nil {
			return false, err
		}
		path = p
	}
	_, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	return err == nil, err
}

// teamSyncJSON is the shape of 'team sync --json'.
type teamSyncJSON struct {
	Server   string `json:"server"`
	Member   string `json:"member"`
	Pushed   int    `json:"pushed"`
	Stale    int    `json:"stale"`
	Pulled   int    `json:"pulled"`
	Pending  int    `json:"pending"`
	Reset    bool   `json:"reset"`
	LastSync string `json:"last_sync"`
}

func newTeamSyncCmd(e *Env) *cobra.Command {
	var asJSON, full bool
	cmd := &cobra.Command{
		Use:   "sync",
		Short: "Push your changes to the team server and pull your teammates' now",
		Long: `Push the changes that wait in your outbox to the team server and pull what teammates changed
since the last sync: requests addressed to you, replies to yours, team decisions and objections,
profiles. The window and the daemon do this on their own every minute; this does it now.

Exits 0 when in sync. When the server cannot be reached it exits 1 with the reason on one line, and
nothing is lost: the outbox waits for the next sync. A sync to a team your record was never pushed
to sends your whole record first.

--full makes the server match your record: it sends the whole record again and deletes on the server
the rows of yours that your record no longer has. Use it after restoring an older backup.`,
		Example: `  shiplog team sync
  shiplog team sync --json   # {"server", "member", "pushed", "stale", "pulled", "pending", "reset", "last_sync"}
  shiplog team sync --full   # after restoring an older backup`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			eng, err := e.teamEngine()
			if err != nil {
				return err
			}
			sync := eng.Sync
			if full {
				sync = eng.Resync
			}
			res, err := sync(cmd.Context())
			if err != nil {
				return err
			}
			if asJSON {
				return writeJSON(e, teamSyncJSON{Server: res.Login.Server, Member: res.Login.Member, Pushed: res.Pushed,
					Stale: res.Stale, Pulled: res.Pulled, Pending: res.Pending, Reset: res.Reset, LastSync: rfc(res.At)})
			}
			if res.Reset {
				fmt.Fprintf(e.Stdout, "first sync with %s: your whole record goes to the server\n", res.Login.Server)
			}
			fmt.Fprintf(e.Stdout, "synced with %s as %s: pushed %d %s, pulled %d\n", res.Login.Server, res.Login.Member,
				res.Pushed+res.Stale, plural(res.Pushed+res.Stale, "change"), res.Pulled)
			if res.Pending > 0 {
				fmt.Fprintf(e.Stdout, "%d %s made during the sync wait for the next one\n", res.Pending, plural(res.Pending, "change"))
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, `print {"server", "member", "pushed", "stale", "pulled", "pending", "reset", "last_sync"} as JSON`)
	cmd.Flags().BoolVar(&full, "full", false, "make the server match your record: send it all again, delete what it no longer has")
	return cmd
}

// teamState is the login and, when the database exists, the outbox's state, for 'team status'.
func teamState(e *Env, cmd *cobra.Command) (team.Status, error) {
	exists, err := e.dbExists()
	if err != nil {
		return team.Status{}, err
	}
	if exists {
		eng, err := e.teamEngine()
		if err != nil {
			return team.Status{}, err
		}
		return eng.Status(cmd.Context())
	}
	// No record yet: nothing waits, and looking must not create it.
	dir, err := tracker.ConfigDir()
	if err != nil {
		return team.Status{}, err
	}
	var st team.Status
	st.Login, err = postgres.LoadLogin(dir)
	switch {
	case err == nil:
		st.Joined = true
	case !errors.Is(err, tracker.ErrNotFound):
		return team.Status{}, err
	}
	return st, nil
}

// memberName is the login's member name when the user joined a team, else "".
func memberName() string {
	dir, err := tracker.ConfigDir()
	if err != nil {
		return ""
	}
	l, err := postgres.LoadLogin(dir)
	if err != nil {
		return ""
	}
	return l.Member
}

// ago says how long before now t was, for the status line.
func ago(t, now time.Time, loc *time.Location) string {
	if t.IsZero() {
		return "never"
	}
	return fmt.Sprintf("%s (%s ago)", t.In(loc).Format("Mon 2006-01-02 15:04"), now.Sub(t).Round(time.Second))
}
