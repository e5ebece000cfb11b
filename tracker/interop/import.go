// Package interop reads other trackers' exports into Shiplog and writes Shiplog's record as JSON,
// CSV and iCalendar. The parsing itself lives in interop/parse, which has no database dependency.
package interop

import (
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
	// Location reads the local times of Toggl and Clockify; nil means UTC.
	Location *time.Location
}

func (o Options) trackerOptions() tracker.ImportOptions {
	return tracker.ImportOptions{DryRun: o.DryRun, SkipInvalid: o.SkipInvalid}
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

// Import reads a file of the given format and imports it in one transaction.
func Import(svc *tracker.Service, format string, r io.Reader, opt Options) (tracker.ImportResult, error) {
	lr := &limitReader{r: r}
	switch format {
	case "shiplog":
		snap, err := DecodeSnapshot(lr)
		if err != nil {
			return tracker.ImportResult{}, err
		}
		mapSnapshotProjects(&snap, opt.ProjectMap)
		return svc.ImportSnapshot(snap, opt.trackerOptions())
	case "shiplog-csv":
		items, bad, err := ReadBlocksCSV(lr)
		if err != nil {
			return tracker.ImportResult{}, fileErr(err)
		}
		for i := range items {
			items[i].Block.Project = mapProject(opt.ProjectMap, items[i].Block.Project)
		}
		return importItems(svc, items, bad, opt)
	}
	entries, bad, err := Read(format, lr, opt.Location)
	if err != nil {
		return tracker.ImportResult{}, fileErr(err)
	}
	items := make([]tracker.ImportBlock, len(entries))
	for i, e := range entries {
		items[i] = ToBlock(format, e, opt)
	}
	return importItems(svc, items, bad, opt)
}

func fileErr(err error) error {
	if errors.Is(err, ErrTooLarge) {
		return fmt.Errorf("import: %w", ErrTooLarge)
	}
	var pe *parse.Error
	if errors.As(err, &pe) {
		return fmt.Errorf("import: %s: %w", pe.Error(), tracker.ErrInvalid)
	}
	return fmt.Errorf("import: %w", err)
}

// rowErr makes a parser's row error an ErrInvalid for the tracker.
type rowErr struct{ reason string }

func (e *rowErr) Error() string { return e.reason }
func (e *rowErr) Unwrap() error { return tracker.ErrInvalid }

func importItems(svc *tracker.Service, items []tracker.ImportBlock, bad []*parse.Error, opt Options) (tracker.ImportResult, error) {
	var problems []tracker.RowProblem
	for _, b := range bad {
		problems = append(problems, tracker.RowProblem{Ref: b.Ref, Column: b.Column, Err: &rowErr{b.Reason}})
	}
	if len(problems) > 0 && !opt.SkipInvalid && !opt.DryRun {
		return tracker.ImportResult{}, &tracker.ImportError{Problem: problems[0], More: len(problems) - 1}
	}
	res, err := svc.ImportBlocks(items, opt.trackerOptions())
	res.Problems = mergeProblems(problems, res.Problems)
	return res, err
}

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
func Read(format string, r io.Reader, loc *time.Location) ([]parse.Entry, []*parse.Error, error) {
	if loc == nil {
		loc = time.UTC
	}
	switch format {
	case "toggl":
		return parse.Toggl(r, loc)
	case "clockify":
		return parse.Clockify(r, loc)
	case "timewarrior", "timew":
		return parse.Timewarrior(r)
	case "watson":
		return parse.Watson(r)
	}
	return nil, nil, fmt.Errorf("unknown format %q; use one of %s: %w", format, strings.Join(Formats, ", "), tracker.ErrInvalid)
}

// ToBlock turns a parsed entry into a block to import: the project through the map, the kind from
// the kind map or a tag named like a kind (else shallow), and the description as the goal.
func ToBlock(format string, e parse.Entry, opt Options) tracker.ImportBlock {
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
	b := tracker.ImportBlock{Ref: e.Ref, SourceKey: e.Key, Columns: parse.Columns[format],
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

// DecodeSnapshot reads Shiplog's JSON export.
func DecodeSnapshot(r io.Reader) (tracker.Snapshot, error) {
	var snap tracker.Snapshot
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&snap); err != nil {
		if errors.Is(err, ErrTooLarge) {
			return snap, fmt.Errorf("import: %w", ErrTooLarge)
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return snap, fmt.Errorf("import: field %q: must be %s, got %s: %w", te.Field, te.Type, te.Value, tracker.ErrInvalid)
		}
		return snap, fmt.Errorf("import: not a Shiplog export: %v: %w", err, tracker.ErrInvalid)
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
