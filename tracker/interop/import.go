// Package interop reads other trackers' exports into Shiplog and writes Shiplog's record as JSON,
// CSV and iCalendar. The parsing itself lives in interop/parse, which has no database dependency.
package interop

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"shiplog/tracker"
	"shiplog/tracker/interop/parse"
)

// MaxFileSize is the largest file an import reads.
const MaxFileSize = 200 << 20

// Formats are the import formats, as the CLI names them.
var Formats = []string{"toggl", "clockify", "timewarrior", "watson", "shiplog", "shiplog-csv"}

// Options say how to map and how strict to be.
type Options struct {
	// ProjectMap renames source projects (keys compared ignoring case).
	ProjectMap map[string]string
	// KindMap maps a source tag (ignoring case) to a block kind; it wins over tags named like kinds.
	KindMap     map[string]tracker.Kind
	DryRun      bool
	SkipInvalid bool
	// Location reads the local times of Toggl and Clockify and names the days of the plan; nil means UTC.
	Location *time.Location
	// DateOrder fixes the order of day and month in Toggl and Clockify dates; by default the file settles it.
	DateOrder parse.DateOrder
	// Overlaps is the policy for entries of the file that overlap each other; "" is keep.
	Overlaps OverlapPolicy
	// Now decides which open interval may run; zero means the service's clock.
	Now time.Time
	// Settings imports a Shiplog export's settings too (see tracker.ImportOptions.Settings).
	Settings bool
}

// ErrTooLarge means the file is over MaxFileSize; it is an ErrInvalid.
var ErrTooLarge error = tooLarge{}

type tooLarge struct{}

func (tooLarge) Error() string { return fmt.Sprintf("the file is larger than %d MB", MaxFileSize>>20) }
func (tooLarge) Unwrap() error { return tracker.ErrInvalid }

// limitReader fails once more than MaxFileSize bytes were read, so that the limit also holds for
// pipes, whose size is not known in advance.
type limitReader struct {
	r io.Reader
	n int64
}

func (l *limitReader) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > MaxFileSize {
		return n, ErrTooLarge
	}
	return n, err
}

// Report is what an import did, or would do in a dry run: the plan of the file and the
// tracker's result. Dropped says, with --skip-invalid, what was left out per project.
type Report struct {
	Plan    Plan
	Result  tracker.ImportResult
	Dropped []Dropped
}

// Dropped is what --skip-invalid left out of one project: rows, and the seconds of those whose
// length could be read.
type Dropped struct {
	Project string
	Rows    int
	Seconds int64
	// Unread is the number of rows whose length could not be read.
	Unread int
}

// sniffSize is how much of a file is looked at to tell its format and encoding.
const sniffSize = 64 << 10

// Import reads a file of the given format and imports it in one transaction. The report is
// filled as far as the import got, also when it fails, so that a dry run can show what it found
// and still exit as the import would.
func Import(svc *tracker.Service, format string, r io.Reader, opt Options) (Report, error) {
	br := bufio.NewReaderSize(&limitReader{r: r}, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return Report{}, fileErr(err)
	}
	if err := checkFormat(format, head); err != nil {
		return Report{}, err
	}
	if opt.Now.IsZero() {
		opt.Now = svc.Now()
	}
	var cands []Candidate
	var bad []*parse.Error
	var notes []string
	switch format {
	case "shiplog":
		snap, err := DecodeSnapshot(br)
		if err != nil {
			return Report{}, err
		}
		mapSnapshotProjects(&snap, opt.ProjectMap)
		// The snapshot import runs inside the tracker and applies its own rules to the blocks.
		res, err := svc.ImportSnapshot(snap, opt.trackerOptions())
		return Report{Result: res}, err
	case "shiplog-csv":
		items, rbad, err := ReadBlocksCSV(br)
		if err != nil {
			return Report{}, fileErr(err)
		}
		for _, it := range items {
			it.Block.Project = mapProject(opt.ProjectMap, it.Block.Project)
			cands = append(cands, Candidate{Item: it})
		}
		bad = rbad
	default:
		res, err := Read(format, br, parse.Options{Location: opt.Location, DateOrder: opt.DateOrder})
		if err != nil {
			return Report{}, fileErr(err)
		}
		for _, e := range res.Entries {
			cands = append(cands, Candidate{Item: ToBlock(format, e, res.Columns, opt), Stated: e.Stated})
		}
		bad, notes = res.Bad, res.Notes
	}
	plan := BuildPlan(cands, bad, PlanOptions{Overlaps: opt.Overlaps, Now: opt.Now, Location: opt.Location})
	plan.Notes = notes
	return importPlan(svc, plan, opt)
}

func (o Options) trackerOptions() tracker.ImportOptions {
	return tracker.ImportOptions{DryRun: o.DryRun, SkipInvalid: o.SkipInvalid, Settings: o.Settings}
}

// checkFormat refuses, with advice, a file in another encoding or of another format than the one
// asked for.
func checkFormat(format string, head []byte) error {
	if parse.UTF16(head) {
		return tracker.Invalidf("import: the file is UTF-16; save it as UTF-8 and import it again")
	}
	got := parse.Detect(head)
	if format == "timew" {
		format = "timewarrior"
	}
	switch {
	case got == parse.TimewarriorData:
		return tracker.Invalidf("import: %s", parse.TimewarriorDataMessage)
	case got != "" && got != format:
		return tracker.Invalidf("import: this looks like %s, not %s; use `shiplog import %s FILE`",
			parse.FormatName(got), parse.FormatName(format), got)
	}
	return nil
}

// importPlan hands the plan to the tracker. Unless --skip-invalid is given, any problem fails the
// import, and the tracker then only rehearses it (a dry run), so that nothing is written and the
// error can still say how many rows would import.
func importPlan(svc *tracker.Service, plan Plan, opt Options) (Report, error) {
	rep := Report{Plan: plan}
	var problems []tracker.RowProblem
	for _, s := range plan.Skipped {
		if s.Reason == SkipInvalid {
			problems = append(problems, tracker.RowProblem{Ref: s.Ref, Column: s.Column, Err: &rowErr{s.Detail}})
		}
	}
	failing := len(problems) > 0 && !opt.SkipInvalid
	topt := tracker.ImportOptions{DryRun: opt.DryRun || failing, SkipInvalid: opt.SkipInvalid || opt.DryRun || failing}
	// TODO(lead): this is the one call into the tracker's import engine. Pass it opt.Overlaps: with
	// OverlapKeep (the default) it must accept blocks of the same file that overlap each other, which
	// it refuses today (plan.Overlaps says how many and by how much). The plan's item with a nil End
	// is an open interval that started within MaxOpenAge; the engine must make it the running block
	// only when nothing runs in Shiplog, and skip it, named, otherwise.
	res, err := svc.ImportBlocks(plan.Items, topt)
	res.Problems = mergeProblems(problems, res.Problems)
	rep.Result = res
	rep.Dropped = dropped(plan, res.Problems)
	var ie *tracker.ImportError
	if err != nil && !errors.As(err, &ie) {
		return rep, err
	}
	if len(res.Problems) > 0 && !opt.SkipInvalid {
		return rep, &ImportError{Problem: res.Problems[0], More: len(res.Problems) - 1, Importable: res.Added}
	}
	return rep, nil
}

// ImportError fails an import because of bad rows; nothing was written. It unwraps to the first
// row's problem, an ErrInvalid or an ErrConflict.
type ImportError struct {
	Problem tracker.RowProblem
	More    int // further problems not named
	// Importable is the number of rows that would import, which --skip-invalid imports.
	Importable int
}

func (e *ImportError) Error() string {
	s := "import: " + e.Problem.String()
	var hints []string
	if e.More > 0 {
		hints = append(hints, fmt.Sprintf("and %d more %s; --dry-run lists them", e.More, plural(e.More, "problem")))
	}
	if e.Importable > 0 {
		hints = append(hints, fmt.Sprintf("--skip-invalid imports the %d other %s", e.Importable, plural(e.Importable, "row")))
	} else {
		hints = append(hints, "no row would import")
	}
	return s + " (" + strings.Join(hints, "; ") + ")"
}

// Unwrap makes an ImportError an ErrInvalid or an ErrConflict, like the row's problem.
func (e *ImportError) Unwrap() error { return e.Problem.Err }

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// dropped sums the rows with problems per project: with --skip-invalid, what was left out.
func dropped(plan Plan, problems []tracker.RowProblem) []Dropped {
	byRef := map[string]tracker.ImportBlock{}
	for _, it := range plan.Items {
		byRef[it.Ref] = it
	}
	invalid := map[string]Skipped{}
	for _, s := range plan.Skipped {
		if s.Reason == SkipInvalid {
			invalid[s.Ref] = s
		}
	}
	sums := map[string]*Dropped{}
	add := func(project string, secs int64) {
		if project == "" {
			project = tracker.DefaultImportProject
		}
		d := sums[project]
		if d == nil {
			d = &Dropped{Project: project}
			sums[project] = d
		}
		d.Rows++
		if secs < 0 {
			d.Unread++
		} else {
			d.Seconds += secs
		}
	}
	for _, p := range problems {
		if s, ok := invalid[p.Ref]; ok {
			add(s.Project, s.Seconds)
		} else if it, ok := byRef[p.Ref]; ok {
			var secs int64
			if it.Block.End != nil {
				secs = int64(it.Block.End.Sub(it.Block.Start) / time.Second)
			}
			add(projectOf(it), secs)
		} else {
			add("", -1)
		}
	}
	out := make([]Dropped, 0, len(sums))
	for _, d := range sums {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Project < out[j].Project })
	return out
}

func fileErr(err error) error {
	if errors.Is(err, ErrTooLarge) {
		return fmt.Errorf("import: %w", ErrTooLarge)
	}
	var pe *parse.Error
	if errors.As(err, &pe) {
		return tracker.Invalidf("import: %w", pe)
	}
	return fmt.Errorf("import: %w", err)
}

// rowErr makes a parser's row error an ErrInvalid for the tracker.
type rowErr struct{ reason string }

func (e *rowErr) Error() string { return e.reason }
func (e *rowErr) Unwrap() error { return tracker.ErrInvalid }

// mergeProblems orders parse and import problems by their place in the file.
func mergeProblems(a, b []tracker.RowProblem) []tracker.RowProblem {
	out := append(append([]tracker.RowProblem{}, a...), b...)
	sort.SliceStable(out, func(i, j int) bool { return refOrder(out[i].Ref) < refOrder(out[j].Ref) })
	return out
}

func refOrder(ref string) int {
	var n int
	if _, err := fmt.Sscanf(ref[strings.LastIndexByte(ref, ' ')+1:], "%d", &n); err != nil {
		return 0
	}
	return n
}

// Read parses a file of one of the other trackers' formats.
func Read(format string, r io.Reader, opt parse.Options) (parse.Result, error) {
	switch format {
	case "toggl":
		return parse.Toggl(r, opt)
	case "clockify":
		return parse.Clockify(r, opt)
	case "timewarrior", "timew":
		return parse.Timewarrior(r)
	case "watson":
		return parse.Watson(r)
	}
	return parse.Result{}, tracker.Invalidf("unknown format %q; use one of %s", format, strings.Join(Formats, ", "))
}

// ToBlock turns a parsed entry into a block to import: the project through the map, the kind from
// the kind map or a tag named like a kind (else shallow), and the description as the goal.
func ToBlock(format string, e parse.Entry, columns map[string]string, opt Options) tracker.ImportBlock {
	kind, kindTag := tracker.KindShallow, ""
	found := false
	for _, t := range e.Tags {
		if k, ok := lookupKind(opt.KindMap, t); ok {
			kind, kindTag, found = k, t, true
			break
		}
	}
	if !found {
		for _, t := range e.Tags {
			if k, err := tracker.ParseKind(t); err == nil {
				kind, kindTag = k, t
				break
			}
		}
	}
	project := e.Project
	var others []string
	for _, t := range e.Tags {
		if t != kindTag {
			others = append(others, t)
		}
	}
	if project == "" && format == "timewarrior" && len(others) > 0 {
		// Timewarrior has no projects; its users tag intervals with one, conventionally first.
		project, others = others[0], others[1:]
	}
	b := tracker.ImportBlock{Ref: e.Ref, SourceKey: e.Key, Columns: columns,
		Block: tracker.Block{Project: mapProject(opt.ProjectMap, project), Kind: kind, Start: e.Start, End: e.End,
			Goal: Goal(e.Description)}}
	switch {
	case e.Task != "":
		b.Deliverables, b.CreateDeliverable = []string{e.Task}, true
	case format == "watson" || format == "timewarrior":
		b.Deliverables = others
	}
	return b
}

func lookupKind(m map[string]tracker.Kind, tag string) (tracker.Kind, bool) {
	for k, v := range m {
		if strings.EqualFold(k, strings.TrimSpace(tag)) {
			return v, true
		}
	}
	return "", false
}

func mapProject(m map[string]string, name string) string {
	name = strings.TrimSpace(name)
	for k, v := range m {
		if strings.EqualFold(strings.TrimSpace(k), name) {
			return strings.TrimSpace(v)
		}
	}
	return name
}

// Goal makes a description fit a goal: one line, spaces collapsed, at most tracker.MaxTitle
// characters. Descriptions in other trackers are free text; goals are report lines.
func Goal(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			space = true
			continue
		}
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	out := b.String()
	if utf8.RuneCountInString(out) > tracker.MaxTitle {
		r := []rune(out)
		out = strings.TrimSpace(string(r[:tracker.MaxTitle-1])) + "…"
	}
	return out
}

// snapshotReason says what is wrong with a Shiplog export in words, without the Go type names and
// time layouts that encoding/json and package time put in their messages.
func snapshotReason(err error) string {
	var te *json.UnmarshalTypeError
	var pe *time.ParseError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return fmt.Sprintf("field %q: %s", te.Field, parse.JSONTypeReason(te))
	case errors.As(err, &pe):
		return fmt.Sprintf("a time must be an RFC 3339 time like 2026-11-02T09:00:00Z; got %q", truncateText(strings.Trim(pe.Value, `"`), 40))
	case errors.As(err, &se):
		return fmt.Sprintf("not a Shiplog export: %s (at byte %d)", se.Error(), se.Offset)
	case errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF):
		return "not a Shiplog export: the JSON ends too early"
	}
	return "not a Shiplog export: " + strings.TrimPrefix(err.Error(), "json: ")
}

func truncateText(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}

// DecodeSnapshot reads Shiplog's JSON export.
func DecodeSnapshot(r io.Reader) (tracker.Snapshot, error) {
	var snap tracker.Snapshot
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&snap); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return snap, fmt.Errorf("import: %w", ErrTooLarge)
		}
		return snap, tracker.Invalidf("import: %s", snapshotReason(err))
	}
	return snap, nil
}

func mapSnapshotProjects(s *tracker.Snapshot, m map[string]string) {
	if len(m) == 0 {
		return
	}
	for i := range s.Projects {
		s.Projects[i].Name = mapProject(m, s.Projects[i].Name)
	}
	for i := range s.Milestones {
		s.Milestones[i].Project = mapProject(m, s.Milestones[i].Project)
	}
	for i := range s.Deliverables {
		s.Deliverables[i].Project = mapProject(m, s.Deliverables[i].Project)
	}
	for i := range s.Blocks {
		s.Blocks[i].Project = mapProject(m, s.Blocks[i].Project)
	}
	for i := range s.Requests {
		if s.Requests[i].Project != "" {
			s.Requests[i].Project = mapProject(m, s.Requests[i].Project)
		}
	}
	for i := range s.Decisions {
		if s.Decisions[i].Project != "" {
			s.Decisions[i].Project = mapProject(m, s.Decisions[i].Project)
		}
	}
}
