package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"shiplog/reports"
	"shiplog/reports/pdf"
	"shiplog/tracker"
	"shiplog/tracker/atomicfile"
)

// Version is printed in report footers; main sets it from the build.
var Version = "dev"

func newReportCmd(e *Env) *cobra.Command {
	var (
		week, month, from, to string
		projects              []string
		hours, asJSON         bool
		author, title, out    string
		force                 bool
	)
	cmd := &cobra.Command{
		Use:   "report (--out FILE.pdf | --json)",
		Short: "Write the PDF result report for a week, a month or a range, or print it as JSON",
		Long: `Write the result report: what shipped, milestone health, deep work, responsiveness,
async share and decisions, each against the previous period of the same length.

The period is the current ISO week unless --week, --month or --from/--to says otherwise; dates
are in your configured time zone. A past period is reported as the record stood at its end; a
period that has not ended is labelled "so far", and one that has not started is refused. Hour
totals are left out unless --hours asks for them.

--json prints the same report model as JSON (keys in docs/report-json.md) instead of the path;
with --out it writes the PDF too, from the same figures.

The file is written whole or not at all, readable only by you (0600). An existing --out is not
replaced without --force, and a symbolic link never is.`,
		Example: `  shiplog report --out week.pdf
  shiplog report --week 2026-W47 --out w47.pdf
  shiplog report --week 2026-W47 --json | jq '.kpis[] | {key, text, delta_text}'
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
			if cmd.Flags().Changed("out") || !asJSON {
				if strings.TrimSpace(out) == "" {
					return usagef("--out FILE.pdf or --json is required (see 'shiplog report --help')")
				}
				if err := checkWritableDir(out); err != nil {
					return err
				}
				if err := checkReplace(out, force); err != nil {
					return err
				}
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			cfg, err := svc.Config()
			if err != nil {
				return err
			}
			p, err := flagPeriod(cmd.Flags(), week, month, from, to, e.Now(), cfg.Location())
			if err != nil {
				return err
			}
			r, err := reports.Build(svc, reports.Options{Period: p, Projects: projects, Hours: hours,
				Author: author, Title: title, Now: e.Now()})
			if err != nil {
				return err
			}
			if out != "" {
				if err := pdf.WriteReportFile(r, out, pdf.RenderOptions{Version: Version}); err != nil {
					return err
				}
			}
			if asJSON {
				return reports.WriteJSON(e.Stdout, r)
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
	f.StringVar(&out, "out", "", "PDF file to write (required unless --json)")
	f.BoolVar(&asJSON, "json", false, "print the report as JSON (see docs/report-json.md)")
	f.BoolVar(&force, "force", false, "replace an existing --out file")
	return cmd
}

// checkReplace refuses an --out that exists, unless force says to replace it; even then only a
// regular file is replaced, never a symbolic link or what it points to, as exports do.
func checkReplace(out string, force bool) error {
	st, err := os.Lstat(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if !force {
		return tracker.Conflictf("--out %s already exists; use --force to replace it", out)
	}
	if !st.Mode().IsRegular() {
		return tracker.Invalidf("--out %s is not a regular file (it is %s); refusing to replace it", out, atomicfile.Kind(st.Mode()))
	}
	return nil
}

// checkWritableDir makes sure the report can be written before any work is done, so that a bad
// --out fails fast and with a usage error that names the flag; pdf.WriteFile's own errors speak
// of files, for the window.
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

// flagPeriod is the period that the --week, --month or --from/--to flags choose, the current ISO
// week when none is set. A bad value is reported under its flag's name: the parsers name the
// field ("week: must be …"), and the command line says "--week: must be …".
func flagPeriod(flags *pflag.FlagSet, week, month, from, to string, now time.Time, loc *time.Location) (reports.Period, error) {
	var (
		p   reports.Period
		err error
	)
	switch {
	case flags.Changed("week"):
		p, err = reports.ParseWeek(week, loc)
	case flags.Changed("month"):
		p, err = reports.ParseMonth(month, loc)
	case flags.Changed("from"):
		p, err = reports.ParseRange(from, to, loc)
	default:
		p = reports.WeekOf(now, loc)
	}
	return p, flagError(err)
}

// flagError puts "--" before the field that a validation error names, for the fields that are
// flags of the same name, so that "week: must be …" reads "--week: must be …".
func flagError(err error) error {
	var fe *tracker.FieldError
	if errors.As(err, &fe) {
		switch fe.Field {
		case "week", "month", "from", "to":
			return &tracker.FieldError{Field: "--" + fe.Field, Reason: fe.Reason}
		}
	}
	return err
}

// periodFlags adds the flags that choose a report's period, shared by report and team report.
func periodFlags(f *pflag.FlagSet, week, month, from, to *string) {
	f.StringVar(week, "week", "", "ISO week, e.g. 2026-W47 (default: the current week)")
	f.StringVar(month, "month", "", "month, e.g. 2026-11")
	f.StringVar(from, "from", "", "first day of a range, YYYY-MM-DD (with --to)")
	f.StringVar(to, "to", "", "last day of a range, inclusive, YYYY-MM-DD (with --from)")
}
