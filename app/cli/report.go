package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"shiplog/reports"
	"shiplog/tracker"
)

// Version is printed in report footers; main sets it from the build.
var Version = "dev"

func newReportCmd(e *Env) *cobra.Command {
	var (
		week, month, from, to string
		projects              []string
		hours                 bool
		author, title, out    string
	)
	cmd := &cobra.Command{
		Use:   "report --out FILE.pdf",
		Short: "Write the PDF result report for a week, a month or a range",
		Long: `Write the result report: what shipped, milestone health, deep work, responsiveness,
async share and decisions, each against the previous period of the same length.

The period is the current ISO week unless --week, --month or --from/--to says otherwise; dates
are in your configured time zone. Hour totals are left out unless --hours asks for them.`,
		Example: `  shiplog report --out week.pdf
  shiplog report --week 2026-W47 --out w47.pdf
  shiplog report --month 2026-11 --project "Billing API" --out billing-nov.pdf
  shiplog report --from 2026-11-01 --to 2026-11-15 --hours --author "Ada Lovelace" --out first-half.pdf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			set := 0
			for _, n := range []string{"week", "month", "from"} {
				if cmd.Flags().Changed(n) {
					set++
				}
			}
			if set > 1 {
				return usagef("choose one period: --week, --month or --from/--to (see 'shiplog report --help')")
			}
			if cmd.Flags().Changed("from") != cmd.Flags().Changed("to") {
				return usagef("--from and --to go together (see 'shiplog report --help')")
			}
			if strings.TrimSpace(out) == "" {
				return usagef("--out FILE.pdf is required (see 'shiplog report --help')")
			}
			if err := checkWritableDir(out); err != nil {
				return err
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			cfg, err := svc.Config()
			if err != nil {
				return err
			}
			loc := cfg.Location()
			var p reports.Period
			switch {
			case cmd.Flags().Changed("week"):
				p, err = reports.ParseWeek(week, loc)
			case cmd.Flags().Changed("month"):
				p, err = reports.ParseMonth(month, loc)
			case cmd.Flags().Changed("from"):
				p, err = reports.ParseRange(from, to, loc)
			default:
				p = reports.WeekOf(e.Now(), loc)
			}
			if err != nil {
				return err
			}
			r, err := reports.Build(svc, reports.Options{Period: p, Projects: projects, Hours: hours,
				Author: author, Title: title, Now: e.Now()})
			if err != nil {
				return err
			}
			if err := writeReport(r, out); err != nil {
				return err
			}
			fmt.Fprintln(e.Stdout, out)
			return nil
		},
	}
	f := cmd.Flags()
	periodFlags(f, &week, &month, &from, &to)
	f.StringArrayVar(&projects, "project", nil, "only this project; repeat for several")
	f.BoolVar(&hours, "hours", false, "add a small table of hours as context")
	f.StringVar(&author, "author", "", "name on the report (default: the report.author setting)")
	f.StringVar(&title, "title", "", "report title (default: the report.title setting)")
	f.StringVar(&out, "out", "", "PDF file to write (required)")
	return cmd
}

// checkWritableDir makes sure the report can be written before any work is done, so that a bad
// --out fails fast and with a usage error.
func checkWritableDir(out string) error {
	if st, err := os.Stat(out); err == nil && st.IsDir() {
		return usagef("--out: %s is a directory; give a file name like report.pdf", out)
	}
	dir := filepath.Dir(out)
	st, err := os.Stat(dir)
	if err != nil {
		return usagef("--out: folder %s does not exist", dir)
	}
	if !st.IsDir() {
		return usagef("--out: %s is not a folder", dir)
	}
	f, err := os.CreateTemp(dir, ".shiplog-check-*")
	if err != nil {
		return usagef("--out: cannot write in %s: %v", dir, errors.Unwrap(err))
	}
	name := f.Name()
	f.Close()
	os.Remove(name)
	return nil
}

// writeReport renders a personal report atomically: see writeAtomic.
func writeReport(r *reports.Report, out string) error {
	return writeAtomic(out, func(w io.Writer) error {
		return reports.Render(r, w, reports.RenderOptions{Version: Version})
	})
}

// currentWeek is the period a report covers by default.
func currentWeek(now time.Time, loc *time.Location) reports.Period { return reports.WeekOf(now, loc) }

func init() {
	ReportWriter = func(svc *tracker.Service, from, to time.Time, path string) error {
		return WriteReportFile(svc, from, to, nil, path)
	}
}

// WriteReportFile builds the report of the days in [from, to) in the user's zone and writes it to
// path atomically. The desktop app's Reports screen and the weekly job use it, so that every front
// end draws the same report.
func WriteReportFile(svc *tracker.Service, from, to time.Time, projects []string, path string) error {
	cfg, err := svc.Config()
	if err != nil {
		return err
	}
	loc := cfg.Location()
	last := to.In(loc).Add(-time.Second)
	p, err := reports.ParseRange(from.In(loc).Format(time.DateOnly), last.Format(time.DateOnly), loc)
	if err != nil {
		return err
	}
	if to.Sub(from) >= 6*24*time.Hour && to.Sub(from) <= 8*24*time.Hour && from.In(loc).Weekday() == time.Monday {
		p = reports.WeekOf(from, loc)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("create report folder: %w", err)
	}
	r, err := reports.Build(svc, reports.Options{Period: p, Projects: projects, Now: svc.Now()})
	if err != nil {
		return err
	}
	return writeReport(r, path)
}

// periodFlags adds the flags that choose a report's period, shared by report and team report.
func periodFlags(f *pflag.FlagSet, week, month, from, to *string) {
	f.StringVar(week, "week", "", "ISO week, e.g. 2026-W47 (default: the current week)")
	f.StringVar(month, "month", "", "month, e.g. 2026-11")
	f.StringVar(from, "from", "", "first day of a range, YYYY-MM-DD (with --to)")
	f.StringVar(to, "to", "", "last day of a range, inclusive, YYYY-MM-DD (with --from)")
}
