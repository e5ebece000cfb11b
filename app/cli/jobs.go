package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jonboulle/clockwork"
	"github.com/spf13/cobra"

	"shiplog/app/desktop"
	"shiplog/app/jobs"
	"shiplog/reports"
	"shiplog/reports/pdf"
	"shiplog/tracker"
)

// daemonContext is done when the daemon should stop; tests replace it.
var daemonContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func newDaemonCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "daemon",
		Short: "Run the scheduled jobs without the window",
		Long: `Run Shiplog's scheduled jobs headless until interrupted (Ctrl-C or SIGTERM): the weekly report,
the request watcher, the decision closer, the forgotten-timer check, the daily backup and the team sync.
Notifications are printed.

One process runs the jobs of a database: the daemon refuses to start while the desktop app (or
another daemon) runs them, and a desktop app started beside a running daemon leaves the jobs to it
until it stops. 'shiplog jobs' says which process runs them. Once you joined a team, the team
sync runs every minute among the jobs.`,
		Example: `  shiplog daemon
  nohup shiplog daemon >>~/.local/state/shiplog.log 2>&1 &`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := e.Service()
			if err != nil {
				return err
			}
			// The zone is read here, once: notifications come from the jobs' goroutines.
			loc, err := location(e)
			if err != nil {
				return err
			}
			clock, ok := e.Clock.(clockwork.Clock)
			if !ok {
				clock = clockwork.NewRealClock()
			}
			eng, err := e.teamEngine()
			if err != nil {
				return err
			}
			opts := jobs.Options{Who: desktop.WhoDaemon, Notify: func(title, body string) {
				fmt.Fprintf(e.Stdout, "%s  %s: %s\n", tracker.When(clock.Now(), loc), title, body)
			}, WriteReport: func(p reports.Period, dir string) (string, error) {
				return pdf.WriteInFolder(svc, reports.Options{Period: p}, dir, pdf.RenderOptions{Version: Version})
			}, Sync: func(ctx context.Context) error {
				_, err := eng.Sync(ctx)
				return err
			}}
			r, err := jobs.New(svc, clock, opts)
			if err != nil {
				return err
			}
			ctx, stop := daemonContext()
			defer stop()
			if err := r.Start(); err != nil {
				var le *desktop.LockedError
				if errors.As(err, &le) {
					return fmt.Errorf("the jobs of %s already run in %s; one process runs them, so the daemon is not started: %w",
						svc.Path(), le.Holder, tracker.ErrLocked)
				}
				return err
			}
			fmt.Fprintf(e.Stdout, "shiplog daemon: running on %s; stop with Ctrl-C\n", svc.Path())
			<-ctx.Done()
			err = r.Stop()
			fmt.Fprintln(e.Stdout, "shiplog daemon: stopped")
			return err
		},
	}
}

func newJobsCmd(e *Env) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "jobs",
		Short: "List the scheduled jobs, their next run and last outcome",
		Long: `List the scheduled jobs with their schedule, next run and the outcome of their last run. Next
runs are computed from the settings and the recorded runs, so this works whether or not the app
or the daemon is running. A next run of "now" means a missed run that is caught up on start.`,
		Example: `  shiplog jobs
  shiplog jobs --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := e.Service()
			if err != nil {
				return err
			}
			now := e.Now()
			infos, err := jobs.Status(svc, now)
			if err != nil {
				return err
			}
			if sync, ok, err := e.syncInfo(cmd.Context(), now); err != nil {
				return err
			} else if ok {
				infos = append(infos, sync)
			}
			if asJSON {
				type row struct {
					Name        string  `json:"name"`
					Schedule    string  `json:"schedule"`
					NextRun     *string `json:"next_run"`
					LastRun     *string `json:"last_run"`
					LastOutcome string  `json:"last_outcome"`
					LastDetail  string  `json:"last_detail"`
				}
				out := make([]row, len(infos))
				for i, in := range infos {
					out[i] = row{Name: in.Name, Schedule: in.Schedule, NextRun: rfcZero(in.NextRun), LastRun: rfcZero(in.LastRun),
						LastOutcome: in.LastOutcome, LastDetail: in.LastDetail}
				}
				return writeJSON(e, out)
			}
			cfg, err := svc.Config()
			if err != nil {
				return err
			}
			loc := cfg.Location()
			show := func(t time.Time) string {
				switch {
				case t.IsZero():
					return "-"
				case !t.After(now):
					return "now"
				}
				return t.In(loc).Format("Mon 2 Jan 15:04")
			}
			if who, held := jobs.RunnerOf(svc.Path()); held {
				fmt.Fprintf(e.Stdout, "the jobs run in %s\n", who)
			} else {
				fmt.Fprintln(e.Stdout, "no process runs the jobs now: they run in the desktop app or in 'shiplog daemon'")
			}
			w := newTable(e)
			fmt.Fprintln(w, "JOB\tSCHEDULE\tNEXT RUN\tLAST RUN\tOUTCOME")
			for _, in := range infos {
				last, outcome := "-", "-"
				if !in.LastRun.IsZero() {
					last = in.LastRun.In(loc).Format("Mon 2 Jan 15:04")
					outcome = in.LastOutcome
					if in.LastDetail != "" {
						outcome += ": " + oneLine(in.LastDetail)
					}
				}
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", in.Name, in.Schedule, show(in.NextRun), last, outcome)
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print JSON")
	return cmd
}

func rfcZero(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return rfcPtr(&t)
}

// syncInfo is the team sync's line for jobs, when the database is joined to a team.
func (e *Env) syncInfo(ctx context.Context, now time.Time) (jobs.JobInfo, bool, error) {
	eng, err := e.teamEngine()
	if err != nil {
		return jobs.JobInfo{}, false, err
	}
	st, err := eng.Status(ctx)
	if err != nil || !st.Joined {
		return jobs.JobInfo{}, false, err
	}
	svc, err := e.Service()
	if err != nil {
		return jobs.JobInfo{}, false, err
	}
	in, err := jobs.SyncInfo(svc, now, st.LastSync)
	return in, err == nil, err
}
