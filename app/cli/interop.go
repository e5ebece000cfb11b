package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"shiplog/tracker"
	"shiplog/tracker/interop"
	"shiplog/tracker/interop/parse"
)

// pairs reads repeated OLD=NEW flags.
func pairs(flag string, vals []string) (map[string]string, error) {
	m := map[string]string{}
	for _, v := range vals {
		k, val, ok := strings.Cut(v, "=")
		if !ok || strings.TrimSpace(k) == "" || strings.TrimSpace(val) == "" {
			return nil, usagef("--%s must be OLD=NEW; got %q", flag, v)
		}
		m[strings.TrimSpace(k)] = strings.TrimSpace(val)
	}
	return m, nil
}

func newImportCmd(e *Env) *cobra.Command {
	var (
		dryRun, skipInvalid  bool
		settings             bool
		projectMap, kindMap  []string
		dateFormat, overlaps string
	)
	cmd := &cobra.Command{
		Use:   "import FORMAT FILE",
		Short: "Import history from Toggl, Clockify, Timewarrior, Watson or a Shiplog export",
		Long: `Import time entries as blocks. FORMAT is toggl (detailed CSV), clockify (detailed CSV),
timewarrior (timew export JSON), watson (the frames file), shiplog (a Shiplog JSON export) or
shiplog-csv (the blocks CSV of a Shiplog export). FILE may be - for standard input.

The whole file is imported in one transaction: a bad row aborts the import, names the line (or JSON
index), the column and the reason, and leaves the database unchanged; --skip-invalid imports the good
rows and says what it dropped. Every record keeps a source key, so importing the same file again adds
nothing. --dry-run shows what the import would do and exits 2 when the import would fail.

Toggl and Clockify times are read in your configured time zone, 24-hour or 12-hour. Whether a date
like 01/02/2026 is 1 February or 2 January is settled by the file's other dates (one with a day over
12); when none does, the import refuses and --date-format DMY, MDY or YMD says it.

Entries that overlap each other or blocks already in Shiplog are kept as they are (--overlaps keep,
the default; reports count an overlapped span once, for the block that started later), trimmed so
that the earlier one ends where the later one begins (trim; a block already in Shiplog is never
shortened, the imported entry is instead), or left out (skip: the later entry of the file, and an
entry that overlaps a block already in Shiplog). Entries that start and end at once are skipped; an
open Timewarrior interval becomes the running block only if it started within the last 24 hours and
nothing runs in Shiplog.

A large file is read as a stream and staged beside the database, then merged in short
transactions, so that a quick-log from the tray or another terminal waits at most a moment.

The kind comes from --kind-map, else from a tag named deep, async, meeting or shallow, else shallow.

A Shiplog export's records are imported, never its settings, unless --settings is given; even then
where reports are mailed and written (report.to, report.dir), the SMTP account, secrets and
autostart are never taken from a file, and a setting you have set keeps your value.`,
		Example: `  shiplog import toggl Toggl_time_entries.csv --dry-run
  shiplog import clockify report.csv --project-map "ACME Website=Website" --kind-map focus=deep
  timew export | shiplog import timewarrior -
  shiplog import watson ~/.config/watson/frames --skip-invalid`,
		Args: cobra.ExactArgs(2),
		RunE: func(cmd *cobra.Command, args []string) error {
			format, file := args[0], args[1]
			known := false
			for _, f := range interop.Formats {
				known = known || f == format
			}
			if !known {
				return usagef("FORMAT must be one of %s; got %q", strings.Join(interop.Formats, ", "), format)
			}
			pm, err := pairs("project-map", projectMap)
			if err != nil {
				return err
			}
			km, err := pairs("kind-map", kindMap)
			if err != nil {
				return err
			}
			opt := interop.Options{ProjectMap: pm, KindMap: map[string]tracker.Kind{}, DryRun: dryRun, SkipInvalid: skipInvalid, Settings: settings}
			if dateFormat != "" {
				if opt.DateOrder, err = parse.ParseDateOrder(dateFormat); err != nil {
					return usagef("--date-format must be DMY, MDY or YMD; got %q", dateFormat)
				}
			}
			if opt.Overlaps, err = tracker.ParseOverlapPolicy(overlaps); err != nil {
				return usagef("--overlaps must be keep, trim or skip; got %q", overlaps)
			}
			for tag, k := range km {
				kind, err := tracker.ParseKind(k)
				if err != nil {
					return usagef("--kind-map %s=%s: KIND must be one of deep, shallow, async, meeting", tag, k)
				}
				opt.KindMap[tag] = kind
			}
			var r io.Reader
			var size int64
			if file == "-" {
				r = e.Stdin
			} else {
				f, err := os.Open(file)
				if errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("import: %s: %w", file, &tracker.NotFoundError{What: "file " + file})
				}
				if err != nil {
					return fmt.Errorf("import: %w", err)
				}
				defer f.Close()
				st, err := f.Stat()
				if err != nil {
					return fmt.Errorf("import: %w", err)
				}
				if st.IsDir() {
					return usagef("%s is a directory; FILE must be a file", file)
				}
				if st.Size() > interop.MaxFileSize {
					return fmt.Errorf("import %s: %w", file, interop.ErrTooLarge)
				}
				r, size = f, st.Size()
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			cfg, err := svc.Config()
			if err != nil {
				return err
			}
			opt.Location = cfg.Location()
			var bar *progress
			if isTerminal(e.Stderr) {
				bar = &progress{r: r, w: e.Stderr, total: size}
				r = bar
			}
			rep, err := interop.Import(svc, format, r, opt)
			bar.done()
			if err != nil && !(opt.DryRun && rep.Result.Records != nil) {
				return err
			}
			printImport(e.Stdout, rep, opt)
			return err
		},
	}
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "check everything and show what would be imported, writing nothing")
	cmd.Flags().BoolVar(&skipInvalid, "skip-invalid", false, "import the good rows and list the bad ones")
	cmd.Flags().BoolVar(&settings, "settings", false, "shiplog: import the file's settings too, except mail routing, the SMTP account and secrets")
	cmd.Flags().StringArrayVar(&projectMap, "project-map", nil, "rename a source project, OLD=NEW (repeatable)")
	cmd.Flags().StringArrayVar(&kindMap, "kind-map", nil, "map a source tag to a kind, TAG=KIND (repeatable)")
	cmd.Flags().StringVar(&dateFormat, "date-format", "", "order of day and month in Toggl and Clockify dates: DMY, MDY or YMD")
	cmd.Flags().StringVar(&overlaps, "overlaps", "keep", "entries that overlap each other or stored blocks: keep, trim or skip")
	return cmd
}

// printImport shows what an import did or would do: the summary line, what the file held, and
// every entry skipped, flagged, trimmed, left out or refused.
func printImport(w io.Writer, rep interop.Report, opt interop.Options) {
	res, plan := rep.Result, rep.Plan
	verb := "imported"
	if opt.DryRun {
		verb = "would import"
	}
	var recs []string
	for _, k := range []string{"projects", "milestones", "deliverables", "blocks", "requests", "decisions", "settings"} {
		if n := res.Records[k]; n > 0 || k == "blocks" {
			recs = append(recs, fmt.Sprintf("%d %s", n, k))
		}
	}
	fmt.Fprintf(w, "%s %s; %d already imported, %d problems\n", verb, strings.Join(recs, ", "), res.Existing, len(res.Problems))
	if rep.FirstDay != "" {
		fmt.Fprintf(w, "read %s to %s: %d entries, %s\n", rep.FirstDay, rep.LastDay, res.Added, hoursMinutes(res.Seconds))
	}
	var projects []string
	for p := range res.Counts {
		projects = append(projects, p)
	}
	sort.Strings(projects)
	for _, p := range projects {
		var parts []string
		for _, k := range tracker.Kinds {
			if n := res.Counts[p][k]; n > 0 {
				parts = append(parts, fmt.Sprintf("%s %d", k, n))
			}
		}
		fmt.Fprintf(w, "  %s: %s\n", p, strings.Join(parts, ", "))
	}
	for _, n := range plan.Notes {
		fmt.Fprintln(w, oneLine(n))
	}
	what := map[tracker.OverlapPolicy]string{tracker.OverlapKeep: "kept as they are", tracker.OverlapTrim: "the earlier ones trimmed",
		tracker.OverlapSkip: "the later ones left out"}[res.Policy]
	if o := res.FileOverlaps; o.Count > 0 {
		fmt.Fprintf(w, "overlaps: %d of the entries start before an earlier one ends, %s counted twice; %s (--overlaps %s)\n",
			o.Count, hoursMinutes(int64(o.Total/time.Second)), what, res.Policy)
	}
	if o := res.StoredOverlaps; o.Count > 0 {
		what := map[tracker.OverlapPolicy]string{tracker.OverlapKeep: "kept as they are",
			tracker.OverlapTrim: "the entries trimmed", tracker.OverlapSkip: "the entries left out"}[res.Policy]
		fmt.Fprintf(w, "overlaps with blocks already in Shiplog: %d of the entries, %s counted twice; %s (--overlaps %s)\n",
			o.Count, hoursMinutes(int64(o.Total/time.Second)), what, res.Policy)
	}
	if res.FileOverlaps.Count+res.StoredOverlaps.Count > 0 && res.Policy == tracker.OverlapKeep {
		fmt.Fprintln(w, "reports count an overlapped span once, for the block that started later")
	}
	for _, s := range plan.Skipped {
		if s.Reason != interop.SkipInvalid {
			fmt.Fprintf(w, "skipped %s: %s: %s\n", s.Ref, s.Reason, oneLine(s.Detail))
		}
	}
	for _, a := range res.Adjusted {
		if a.LeftOut {
			fmt.Fprintf(w, "skipped %s: %s: %s\n", a.Ref, a.What, oneLine(a.Detail))
		}
	}
	for _, f := range plan.Flags {
		fmt.Fprintf(w, "flag %s: %s: %s\n", f.Ref, f.Kind, oneLine(f.Detail))
	}
	for _, a := range res.Adjusted {
		if !a.LeftOut {
			fmt.Fprintf(w, "flag %s: %s: %s\n", a.Ref, a.What, oneLine(a.Detail))
		}
	}
	if n := plan.SkippedMore + plan.FlagsMore + res.AdjustedMore; n > 0 {
		fmt.Fprintf(w, "and %d more skipped or flagged entries not listed\n", n)
	}
	for _, p := range res.NewProjects {
		fmt.Fprintf(w, "new project: %s\n", p)
	}
	for _, d := range res.NewDeliverables {
		fmt.Fprintf(w, "new deliverable: %s\n", d)
	}
	label := "skipped"
	if opt.DryRun && !opt.SkipInvalid {
		label = "problem"
	}
	for _, p := range res.Problems {
		fmt.Fprintf(w, "%s %s\n", label, oneLine(p.String()))
	}
	if len(res.LeftOut) > 0 {
		fmt.Fprintf(w, "left out by the overlap and open-interval rules: %s\n", droppedText(res.LeftOut))
	}
	switch {
	case opt.SkipInvalid && len(res.Dropped) > 0:
		fmt.Fprintf(w, "dropped by --skip-invalid: %s\n", droppedText(res.Dropped))
	case len(res.Dropped) > 0 && res.Added > 0:
		fmt.Fprintf(w, "--skip-invalid would drop: %s\n", droppedText(res.Dropped))
	}
}

// droppedText says what was left out per project: "Website: 2 rows, 1 h 30 min".
func droppedText(ds []tracker.Dropped) string {
	var parts []string
	for _, d := range ds {
		part := fmt.Sprintf("%s: %d %s", d.Project, d.Rows, plural(d.Rows, "row"))
		if d.Seconds > 0 {
			part += ", " + hoursMinutes(d.Seconds)
		}
		if d.Unread > 0 {
			part += fmt.Sprintf(", %d of unknown length", d.Unread)
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, "; ")
}

// hoursMinutes writes seconds as "12 h 05 min".
func hoursMinutes(secs int64) string {
	return fmt.Sprintf("%d h %02d min", secs/3600, secs/60%60)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && (isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()))
}

// progress draws a one-line progress bar on a terminal while the file is read.
type progress struct {
	r     io.Reader
	w     io.Writer
	total int64
	n     int64
	shown int64
	drawn bool
}

func (p *progress) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	p.n += int64(n)
	if p.n-p.shown >= 1<<20 || (err != nil && p.n != p.shown) {
		p.shown = p.n
		p.draw()
	}
	return n, err
}

// Seek lets the import read a file twice (the first pass settles the order of its dates); the
// bar starts again for the second pass.
func (p *progress) Seek(off int64, whence int) (int64, error) {
	s, ok := p.r.(io.Seeker)
	if !ok {
		return 0, errors.New("the input cannot be read twice")
	}
	pos, err := s.Seek(off, whence)
	if err == nil {
		p.n, p.shown = pos, pos
	}
	return pos, err
}

func (p *progress) draw() {
	p.drawn = true
	if p.total <= 0 {
		fmt.Fprintf(p.w, "\rreading %d MB", p.n>>20)
		return
	}
	const width = 30
	frac := min(float64(p.n)/float64(p.total), 1)
	fill := int(frac * width)
	fmt.Fprintf(p.w, "\r[%s%s] %3.0f%% of %d MB", strings.Repeat("=", fill), strings.Repeat(" ", width-fill), frac*100, p.total>>20)
}

func (p *progress) done() {
	if p != nil && p.drawn {
		fmt.Fprintln(p.w)
	}
}

func newExportCmd(e *Env) *cobra.Command {
	var (
		out, entity string
		projects    []string
		force       bool
	)
	cmd := &cobra.Command{
		Use:   "export FORMAT --out FILE",
		Short: "Export the record as JSON, CSV or iCalendar",
		Long: `Export the record. FORMAT is json (the whole record, which 'shiplog import shiplog' reads back),
csv (one file per entity in the folder --out, or the single file --out with --entity) or ics (the
finished blocks as calendar events). --from and --to are dates in your time zone, both inclusive. An
existing file is never overwritten without --force, and nothing is written outside --out.`,
		Example: `  shiplog export json --out shiplog.json
  shiplog export csv --out exports/
  shiplog export csv --entity blocks --from 2026-11-01 --to 2026-11-30 --out november.csv
  shiplog export ics --project "Billing API" --out billing.ics`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			format := args[0]
			switch format {
			case "json", "csv", "ics":
			default:
				return usagef("FORMAT must be json, csv or ics; got %q", format)
			}
			if strings.TrimSpace(out) == "" {
				return usagef("--out is required (see 'shiplog export --help')")
			}
			if entity != "" {
				if format != "csv" {
					return usagef("--entity goes with csv only")
				}
				ok := false
				for _, en := range interop.Entities {
					ok = ok || en == entity
				}
				if !ok {
					return usagef("--entity must be one of %s; got %q", strings.Join(interop.Entities, ", "), entity)
				}
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			f := tracker.SnapshotFilter{Projects: projects}
			if f.From, f.To, err = dateRangeFlags(e, cmd); err != nil {
				return err
			}
			snap, err := svc.Snapshot(f)
			if err != nil {
				return err
			}
			var wrote string
			switch {
			case format == "json":
				err = interop.WriteFile(out, force, func(w io.Writer) error { return interop.WriteJSON(w, snap) })
				var parts []string
				for _, en := range []string{"projects", "milestones", "deliverables", "blocks", "requests", "decisions"} {
					parts = append(parts, entityCount(snap, en))
				}
				wrote = joinAnd(parts)
			case format == "ics":
				err = interop.WriteFile(out, force, func(w io.Writer) error { return interop.WriteICS(w, snap.Blocks, e.Now()) })
				// WriteICS writes one event per finished block; a running block has no end yet.
				events := 0
				for _, b := range snap.Blocks {
					if b.End != nil {
						events++
					}
				}
				wrote = count(events, "event", "events")
			case entity != "":
				err = interop.WriteFile(out, force, func(w io.Writer) error { return interop.WriteCSV(w, entity, snap) })
				wrote = entityCount(snap, entity)
			default:
				err = exportCSVDir(out, force, snap)
				var parts []string
				for _, en := range interop.Entities {
					parts = append(parts, entityCount(snap, en))
				}
				wrote = fmt.Sprintf("%s (%s)", count(len(interop.Entities), "file", "files"), joinAnd(parts))
			}
			if err != nil {
				return fmt.Errorf("export: %w", err)
			}
			fmt.Fprintf(e.Stdout, "wrote %s to %s\n", wrote, out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "file to write (a directory for csv without --entity)")
	cmd.Flags().StringVar(&entity, "entity", "", "csv: only this entity: "+strings.Join(interop.Entities, ", "))
	cmd.Flags().String("from", "", "first day, YYYY-MM-DD")
	cmd.Flags().String("to", "", "last day, YYYY-MM-DD (inclusive)")
	cmd.Flags().StringArrayVar(&projects, "project", nil, "only this project (repeatable)")
	cmd.Flags().BoolVar(&force, "force", false, "overwrite existing files")
	return cmd
}

// exportCSVDir writes one CSV per entity into dir, creating it if needed. Every file is checked
// before any is written, so that a refusal leaves the directory as it was. A dir that names a file
// (week.csv) is refused rather than made a folder of that name.
func exportCSVDir(dir string, force bool, snap tracker.Snapshot) error {
	wantsFolder := fmt.Sprintf("csv without --entity writes %d files, one per entity (%s), so --out must be a folder; "+
		"for one file, choose its entity, e.g. --entity blocks --out %s", len(interop.Entities), strings.Join(interop.Entities, ", "), dir)
	st, err := os.Lstat(dir)
	switch {
	case err == nil && !st.IsDir():
		return usagef("%s is a file; %s", dir, wantsFolder)
	case errors.Is(err, fs.ErrNotExist) && strings.EqualFold(filepath.Ext(dir), ".csv"):
		return usagef("%s names a file; %s", dir, wantsFolder)
	case errors.Is(err, fs.ErrNotExist):
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	if !force {
		for _, en := range interop.Entities {
			if _, err := os.Lstat(interop.EntityPath(dir, en)); err == nil {
				return tracker.Conflictf("%s already exists; use --force to overwrite it", interop.EntityPath(dir, en))
			}
		}
	}
	for _, en := range interop.Entities {
		err := interop.WriteFile(interop.EntityPath(dir, en), force, func(w io.Writer) error { return interop.WriteCSV(w, en, snap) })
		if err != nil {
			return err
		}
	}
	return nil
}

// entityCount writes how many records of an entity a snapshot holds, in words: "3 projects",
// "1 block".
func entityCount(snap tracker.Snapshot, entity string) string {
	n := 0
	switch entity {
	case "projects":
		n = len(snap.Projects)
	case "milestones":
		n = len(snap.Milestones)
	case "deliverables":
		n = len(snap.Deliverables)
	case "blocks":
		n = len(snap.Blocks)
	case "requests":
		n = len(snap.Requests)
	case "decisions":
		n = len(snap.Decisions)
	case "objections":
		for _, d := range snap.Decisions {
			n += len(d.Objections)
		}
	case "settings":
		n = len(snap.Settings)
	}
	return count(n, strings.TrimSuffix(entity, "s"), entity)
}

// joinAnd lists items as a sentence does: "a", "a and b", "a, b and c".
func joinAnd(items []string) string {
	if len(items) <= 1 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " and " + items[len(items)-1]
}
