// Package interop reads other trackers' exports into Shiplog and writes Shiplog's record as JSON,
// CSV and iCalendar. The parsing itself lives in interop/parse, which has no database dependency.
package interop

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
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
	// Overlaps is the policy for entries that overlap each other or blocks already stored; "" is keep.
	Overlaps tracker.OverlapPolicy
	// Settings imports a Shiplog export's settings too (see tracker.ImportOptions.Settings).
	Settings bool
}

// ErrTooLarge means the file is over MaxFileSize; it is an ErrInvalid.
var ErrTooLarge error = tooLarge{}

type tooLarge struct{}

func (tooLarge) Error() string { return fmt.Sprintf("the file is larger than %d MB", MaxFileSize>>20) }
func (tooLarge) Unwrap() error { return tracker.ErrInvalid }

// limitReader fails once more than MaxFileSize bytes were read, so that the limit also holds for
// pipes, whose size is not known in advance. Over a file it can also seek, so that a file is read
// twice where the reader needs two passes.
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

func (l *limitReader) Seek(off int64, whence int) (int64, error) {
	s, ok := l.r.(io.Seeker)
	if !ok {
		return 0, errors.New("the input cannot be read twice")
	}
	pos, err := s.Seek(off, whence)
	if err == nil {
		l.n = pos
	}
	return pos, err
}

// Report is what an import did, or would do in a dry run: what the reader decided (Plan) and the
// tracker's result, with the local days on which the first and the last imported block start.
type Report struct {
	Plan              Plan
	Result            tracker.ImportResult
	FirstDay, LastDay tracker.Date
}

// sniffSize is how much of a file is looked at to tell its format and encoding.
const sniffSize = 64 << 10

// Import reads a file of the given format and imports it, all or nothing: as a stream, staged by
// the tracker outside the record and merged in short transactions, so that a file of 200 MB
// needs neither its size in memory nor the write lock for long. The report is filled as far as
// the import got, also when it fails, so that a dry run can show what it found and still exit as
// the import would.
func Import(svc *tracker.Service, format string, r io.Reader, opt Options) (Report, error) {
	in, head, cleanup, err := openSource(svc, format, r, opt)
	if err != nil {
		return Report{}, err
	}
	defer cleanup()
	if err := checkFormat(format, head); err != nil {
		return Report{}, err
	}
	topt := opt.trackerOptions()
	if format == "shiplog" {
		snap, err := DecodeSnapshot(in)
		if err != nil {
			return Report{}, err
		}
		mapSnapshotProjects(&snap, opt.ProjectMap)
		// The snapshot import runs inside the tracker and applies its own rules to the blocks.
		res, err := svc.ImportSnapshot(snap, topt)
		return report(Plan{}, res, opt), err
	}
	im, err := svc.BeginImport(topt)
	if err != nil {
		return Report{}, err
	}
	defer im.Close()
	var plan Plan
	pl := &planner{plan: &plan, im: im, loc: topt.Location}
	if pl.loc == nil {
		pl.loc = time.UTC
	}
	switch format {
	case "shiplog-csv":
		err = StreamBlocksCSV(in, func(it *tracker.ImportBlock, bad *parseError) error {
			if bad != nil {
				pl.bad(bad)
				return nil
			}
			it.Block.Project = mapProject(opt.ProjectMap, it.Block.Project)
			return pl.entry(Candidate{Item: *it})
		})
	default:
		var res parse.Result
		res, err = parse.Stream(readerFormat(format), in, parse.Options{Location: opt.Location, DateOrder: opt.DateOrder},
			func(e *parse.Entry, bad *parse.Error) error {
				if bad != nil {
					pl.bad(bad)
					return nil
				}
				return pl.entry(Candidate{Item: ToBlock(format, *e, e.Columns, opt), Stated: e.Stated})
			})
		plan.Notes = res.Notes
	}
	if err != nil {
		return Report{Plan: plan}, fileErr(err)
	}
	res, err := im.Finish()
	rep := report(plan, res, opt)
	var ie *tracker.ImportError
	if err != nil && !errors.As(err, &ie) {
		return rep, err
	}
	if len(res.Problems) > 0 && !opt.SkipInvalid {
		return rep, &ImportError{Problem: res.Problems[0], More: len(res.Problems) - 1, Importable: res.Added}
	}
	return rep, nil
}

func readerFormat(format string) string {
	if format == "timew" {
		return "timewarrior"
	}
	return format
}

func report(plan Plan, res tracker.ImportResult, opt Options) Report {
	rep := Report{Plan: plan, Result: res}
	loc := opt.Location
	if loc == nil {
		loc = time.UTC
	}
	if res.Added > 0 {
		rep.FirstDay, rep.LastDay = tracker.DateOf(res.First, loc), tracker.DateOf(res.Last, loc)
	}
	return rep
}

// openSource makes the input readable within MaxFileSize and returns its first bytes, which tell
// its format. A Toggl or Clockify file is read twice unless the order of its dates is given (the
// first pass settles it): a file is read again from its start, and standard input is first copied
// to a private file beside the database, which is removed afterwards.
func openSource(svc *tracker.Service, format string, r io.Reader, opt Options) (io.Reader, []byte, func(), error) {
	cleanup := func() {}
	twice := (format == "toggl" || format == "clockify") && opt.DateOrder == parse.OrderAuto
	if !seekable(r) && twice {
		f, err := os.CreateTemp(filepath.Dir(svc.Path()), ".shiplog-import-*")
		if err != nil {
			return nil, nil, cleanup, fmt.Errorf("import: keep a copy of the input to read it twice: %w", err)
		}
		cleanup = func() { f.Close(); os.Remove(f.Name()) }
		if _, err := io.Copy(f, &limitReader{r: r}); err != nil {
			cleanup()
			return nil, nil, func() {}, fileErr(err)
		}
		r = f
	}
	if rs, ok := r.(io.ReadSeeker); ok && seekable(r) {
		if _, err := rs.Seek(0, io.SeekStart); err != nil {
			cleanup()
			return nil, nil, func() {}, fileErr(err)
		}
		lim := &limitReader{r: rs}
		head := make([]byte, sniffSize)
		n, err := io.ReadFull(lim, head)
		if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, io.ErrUnexpectedEOF) {
			cleanup()
			return nil, nil, func() {}, fileErr(err)
		}
		if _, err := lim.Seek(0, io.SeekStart); err != nil {
			cleanup()
			return nil, nil, func() {}, fileErr(err)
		}
		return lim, head[:n], cleanup, nil
	}
	br := bufio.NewReaderSize(&limitReader{r: r}, sniffSize)
	head, err := br.Peek(sniffSize)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, nil, cleanup, fileErr(err)
	}
	return br, head, cleanup, nil
}

// seekable reports whether r can be read again from its start: a pipe, though an *os.File, cannot.
func seekable(r io.Reader) bool {
	s, ok := r.(io.Seeker)
	if !ok {
		return false
	}
	_, err := s.Seek(0, io.SeekCurrent)
	return err == nil
}

func (o Options) trackerOptions() tracker.ImportOptions {
	return tracker.ImportOptions{DryRun: o.DryRun, SkipInvalid: o.SkipInvalid, Overlaps: o.Overlaps, Location: o.Location,
		Settings: o.Settings}
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

func fileErr(err error) error {
	if errors.Is(err, ErrTooLarge) {
		return fmt.Errorf("import: %w", ErrTooLarge)
	}
	var pe *parse.Error
	if errors.As(err, &pe) {
		return tracker.Invalidf("import: %w", pe)
	}
	if strings.HasPrefix(err.Error(), "import:") {
		return err
	}
	return fmt.Errorf("import: %w", err)
}

// rowErr makes a parser's row error an ErrInvalid for the tracker.
type rowErr struct{ reason string }

func (e *rowErr) Error() string { return e.reason }
func (e *rowErr) Unwrap() error { return tracker.ErrInvalid }

// Read parses a whole file of one of the other trackers' formats.
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
