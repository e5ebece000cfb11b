package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"shiplog/reports"
	"shiplog/tracker"
	"shiplog/tracker/interop"
)

func newTeamCmd(e *Env) *cobra.Command {
	cmd := groupCmd("team", "Team mode on a shared PostgreSQL server, and team reports from members' exports")
	cmd.AddCommand(newTeamReportCmd(e))
	cmd.AddCommand(newTeamServerCmds(e)...)
	return cmd
}

func newTeamReportCmd(e *Env) *cobra.Command {
	var week, month, from, to, out string
	var force bool
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "report --out FILE.pdf [MEMBER.json...]",
		Short: "Write the team PDF, live from the team server or from members' JSON exports",
		Long: `Write the team report: a summary line per member (shipped, deep-work hours, % of requests
within target, async share), team totals, the deliverables shipped grouped by project, and the open
decisions across the team with their deadlines and objections.

Without member files it is built live from the team server, with your login, which must be a
manager's: every member with a profile on the server, each with their own time zone, business
hours and targets, by the same definitions as their personal report. The server gives a manager
each member's summed hours and request times, never their blocks. --json prints the figures too.

Each MEMBER.json is a member's 'shiplog export json'. It is only read, never written, and nothing
of it is stored anywhere: every member is read in memory and reported with their own settings (time
zone, business hours, deep-work minimum, targets), exactly as their personal report would. The
member's name is their report.author setting, else the file name without its extension. Your own
database and settings are not used.

The period is the current ISO week unless --week, --month or --from/--to says otherwise, read in
each member's time zone.`,
		Example: `  shiplog team report --week 2026-W47 --out team.pdf
  shiplog team report --week 2026-W47 --json
  shiplog team report --week 2026-W47 --out team.pdf ada.json bo.json cy.json
  shiplog team report --month 2026-11 --out team-nov.pdf exports/*.json
  shiplog team report --from 2026-11-01 --to 2026-11-15 --out first-half.pdf ada.json bo.json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			flags := cmd.Flags()
			set := 0
			for _, n := range []string{"week", "month", "from"} {
				if flags.Changed(n) {
					set++
				}
			}
			if set > 1 {
				return usagef("choose one period: --week, --month or --from/--to (see 'shiplog team report --help')")
			}
			if flags.Changed("from") != flags.Changed("to") {
				return usagef("--from and --to go together (see 'shiplog team report --help')")
			}
			if strings.TrimSpace(out) == "" && !asJSON {
				return usagef("--out FILE.pdf is required (see 'shiplog team report --help')")
			}
			period := func(loc *time.Location) (reports.Period, error) {
				return flagPeriod(flags, week, month, from, to, e.Now(), loc)
			}
			// Check the period once before reading any file; the members' zones do not change its validity.
			if _, err := period(time.UTC); err != nil {
				return err
			}
			if len(args) == 0 {
				return liveTeamReport(e, cmd, period, out, asJSON)
			}
			if err := checkMembersAndOut(args, out); err != nil {
				return err
			}
			if out != "" {
				if err := checkWritableDir(out); err != nil {
					return err
				}
				if err := checkReplace(out, force); err != nil {
					return err
				}
			}
			var members []reports.Member
			names := map[string]bool{}
			for _, file := range args {
				m, err := buildMember(e, file, period)
				if err != nil {
					return err
				}
				if names[strings.ToLower(m.Name)] {
					m.Name += " (" + filepath.Base(file) + ")"
				}
				names[strings.ToLower(m.Name)] = true
				members = append(members, m)
			}
			return writeTeamReport(e, reports.BuildTeam(members), out, asJSON)
		},
	}
	f := cmd.Flags()
	periodFlags(f, &week, &month, &from, &to)
	f.StringVar(&out, "out", "", "PDF file to write (required, except for a live report with --json)")
	f.BoolVar(&asJSON, "json", false, "print the team report's figures as JSON (then --out is optional)")
	f.BoolVar(&force, "force", false, "replace an existing --out file")
	return cmd
}

// memberFileError names a member file that cannot be used and why. It counts as invalid input, so
// the command exits with 2 whether the file is missing, unreadable or not a Shiplog export.
type memberFileError struct {
	File   string
	Reason string // what to print; Err's text when empty
	Err    error
}

func (e *memberFileError) Error() string {
	reason := e.Reason
	if reason == "" && e.Err != nil {
		reason = e.Err.Error()
	}
	return fmt.Sprintf("member file %s: %s", e.File, reason)
}

func (e *memberFileError) Unwrap() []error {
	if e.Err == nil {
		return []error{tracker.ErrInvalid}
	}
	return []error{e.Err, tracker.ErrInvalid}
}

// checkMembersAndOut refuses a member file named twice, and an --out that is one of the member
// files: renaming the PDF into place would replace that member's export.
func checkMembersAndOut(files []string, out string) error {
	outSt, outErr := os.Stat(out)
	seen := map[string]string{}
	for _, f := range files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return &memberFileError{File: f, Err: err}
		}
		if prev, ok := seen[abs]; ok {
			return usagef("member file %s is given twice (also as %s)", f, prev)
		}
		seen[abs] = f
		if outAbs, err := filepath.Abs(out); err == nil && outAbs == abs {
			return usagef("--out %s is a member file; the team report never writes over a member's export", out)
		}
		if st, err := os.Stat(f); err == nil && outErr == nil && os.SameFile(st, outSt) {
			return usagef("--out %s is the member file %s; the team report never writes over a member's export", out, f)
		}
	}
	return nil
}

// readMember decodes a member's export, opening it read-only so that neither its contents nor its
// modification time change.
func readMember(file string) (tracker.Snapshot, error) {
	fail := func(reason string, err error) (tracker.Snapshot, error) {
		return tracker.Snapshot{}, &memberFileError{File: file, Reason: reason, Err: err}
	}
	f, err := os.Open(file)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fail("no such file", err)
	case errors.Is(err, fs.ErrPermission):
		return fail("cannot read it: permission denied", err)
	case err != nil:
		return fail("", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return fail("", err)
	}
	if !st.Mode().IsRegular() {
		return fail("not a regular file; give a Shiplog JSON export", nil)
	}
	if st.Size() > interop.MaxFileSize {
		return fail("", interop.ErrTooLarge)
	}
	snap, err := interop.DecodeSnapshot(io.LimitReader(f, interop.MaxFileSize))
	if err != nil {
		return fail(strings.TrimPrefix(err.Error(), "import: "), err)
	}
	return snap, nil
}

// buildMember reports one member from their export, read in memory, with their own settings for
// the period in their zone.
func buildMember(e *Env, file string, period func(*time.Location) (reports.Period, error)) (reports.Member, error) {
	snap, err := readMember(file)
	if err != nil {
		return reports.Member{}, err
	}
	name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	for _, s := range snap.Settings {
		if s.Key == tracker.SettingReportAuthor && strings.TrimSpace(s.Value) != "" {
			name = strings.TrimSpace(s.Value)
		}
	}
	src, err := reports.NewSnapshotSource(snap, e.Now())
	if err != nil {
		return reports.Member{}, &memberFileError{File: file, Err: err}
	}
	cfg, err := src.Config()
	if err != nil {
		return reports.Member{}, err
	}
	p, err := period(cfg.Location())
	if err != nil {
		return reports.Member{}, err
	}
	r, err := reports.Build(src, reports.Options{Period: p, Author: name, Now: e.Now()})
	if err != nil {
		return reports.Member{}, &memberFileError{File: file, Err: err}
	}
	return reports.Member{Name: name, Report: r}, nil
}
