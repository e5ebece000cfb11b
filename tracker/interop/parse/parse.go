// Package parse reads other trackers' export files into plain entries. It has no database
// dependency, so that its parsers can be fuzzed quickly; tracker/interop turns entries into blocks.
package parse

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Entry is one time entry read from a file.
type Entry struct {
	// Ref says where the entry is in the file: "line 12" for CSV, "index 3" for JSON arrays.
	Ref         string
	Project     string
	Start       time.Time
	End         *time.Time // nil for an open interval
	Description string
	Task        string
	Tags        []string
	// Key identifies the entry across imports: the format and the source ID, or a hash of the row.
	Key string
	// Stated is the file's own duration column, when it has one that reads; start and end are the
	// truth, and the plan flags a stated duration that disagrees with them.
	Stated *time.Duration
	// Columns is the Result's Columns, shared by every entry of the file, so that a streamed entry
	// can name its columns before the file is read to its end.
	Columns map[string]string
}

// Result is what a reader read: the entries, the rows it could not read, the names the file gives
// the columns an importer checks, and notes on what it decided or ignored, for the dry run.
type Result struct {
	Entries []Entry
	Bad     []*Error
	// Columns maps a block field (start, end, goal, project) to the file's name for it, so that a
	// problem found later names the column as the file spells it.
	Columns map[string]string
	Notes   []string
}

// Options say how to read the local dates and times of Toggl and Clockify.
type Options struct {
	Location *time.Location // nil means UTC
	// DateOrder fixes the order of day and month; OrderAuto settles it from the file.
	DateOrder DateOrder
}

func (o Options) loc() *time.Location {
	if o.Location == nil {
		return time.UTC
	}
	return o.Location
}

// Error is a problem with one row or with the file, naming where and why.
type Error struct {
	Ref    string // "line 3", "index 2", or "" for the whole file
	Column string
	Reason string
	// Project is the row's project when it could be read, so that --skip-invalid can say what it
	// dropped per project.
	Project string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Ref)
	if e.Column != "" {
		if b.Len() > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "column %q", e.Column)
	}
	if b.Len() > 0 {
		b.WriteString(": ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// jsonColumns are the field names of the JSON formats, which have no header to read them from.
var jsonColumns = map[string]map[string]string{
	"timewarrior": {"start": "start", "end": "end", "goal": "annotation", "project": "tags"},
	"watson":      {"start": "start", "end": "stop", "goal": "tags", "project": "project"},
}

func rowHash(fields []string) []byte {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(f))
		h.Write([]byte{0x1f})
	}
	return h.Sum(nil)
}

// rowKeys hands out row keys. A row repeated word for word gets "#2", "#3" after its key: people
// do log the same entry twice, and both are entries; a second import still finds the same keys.
// Rows are told apart by the first 8 bytes of their hash, so that a file of a million rows costs
// about 20 MB here: a set of the hashes seen, and counts for those seen more than once. Two
// different rows that share those bytes (about one file in ten million) make the second "#2",
// which is still its own key on every import.
type rowKeys struct {
	seen    map[uint64]struct{}
	repeats map[uint64]uint32
}

func newRowKeys() *rowKeys {
	return &rowKeys{seen: map[uint64]struct{}{}, repeats: map[uint64]uint32{}}
}

func (k *rowKeys) key(format string, fields []string) string {
	sum := rowHash(fields)
	base := format + ":" + hex.EncodeToString(sum[:12])
	id := binary.BigEndian.Uint64(sum[:8])
	if _, ok := k.seen[id]; !ok {
		k.seen[id] = struct{}{}
		return base
	}
	k.repeats[id]++
	return fmt.Sprintf("%s#%d", base, k.repeats[id]+1)
}

// Stream reads a file of one of the trackers' formats (toggl, clockify, timewarrior, watson) and
// hands emit each entry, or each row it could not read, in the order of the file, so that a large
// file is never held whole in memory. The Result it returns has no Entries or Bad: emit had them.
// An error from emit ends the reading. A Toggl or Clockify file whose date order is not given is
// read twice, the first time to settle the order; r should then be an io.ReadSeeker, or it is
// read into memory.
func Stream(format string, r io.Reader, opt Options, emit func(*Entry, *Error) error) (Result, error) {
	switch format {
	case "toggl":
		return detailedCSV{format: "toggl", name: "Toggl detailed CSV export"}.stream(r, opt, emit)
	case "clockify":
		return detailedCSV{format: "clockify", name: "Clockify detailed CSV export"}.stream(r, opt, emit)
	case "timewarrior", "timew":
		return streamTimewarrior(r, emit)
	case "watson":
		return streamWatson(r, emit)
	}
	return Result{}, fmt.Errorf("unknown format %q", format)
}

// collect reads a whole file into a Result through Stream.
func collect(format string, r io.Reader, opt Options) (Result, error) {
	var entries []Entry
	var bad []*Error
	res, err := Stream(format, r, opt, func(e *Entry, b *Error) error {
		if b != nil {
			bad = append(bad, b)
		} else {
			entries = append(entries, *e)
		}
		return nil
	})
	res.Entries, res.Bad = entries, bad
	return res, err
}

// stripBOM skips a UTF-8 byte order mark, which spreadsheet programs like to write.
func stripBOM(r io.Reader) *bufio.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	return br
}

// csvTable reads a CSV file with a header row.
type csvTable struct {
	r      *csv.Reader
	header []string
}

func newCSVTable(r io.Reader) (*csvTable, error) {
	cr := csv.NewReader(stripBOM(r))
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &Error{Ref: "line 1", Reason: "the file is empty; expected a header row"}
	}
	if err != nil {
		return nil, csvError(err)
	}
	for i := range header {
		header[i] = strings.TrimSpace(header[i])
	}
	return &csvTable{r: cr, header: header}, nil
}

func csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Ref: fmt.Sprintf("line %d", pe.Line), Reason: fmt.Sprintf("column %d: %s", pe.Column, pe.Err)}
	}
	return &Error{Reason: err.Error()}
}

// row is one CSV record with its line number.
type row struct {
	fields []string
	line   int
}

func (r row) ref() string { return fmt.Sprintf("line %d", r.line) }

// each reads the rows. A malformed record (a stray quote) ends the file, since the reader cannot
// tell where the next record starts; it is reported as a file error.
func (t *csvTable) each(fn func(row)) error {
	for {
		rec, err := t.r.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return csvError(err)
		}
		line, _ := t.r.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue // a line of spaces
		}
		fn(row{fields: rec, line: line})
	}
}

// splitTags splits "a, b" into its tags, dropping empty ones.
func splitTags(s string) []string {
	var out []string
	for _, t := range strings.Split(s, ",") {
		if t = strings.TrimSpace(t); t != "" {
			out = append(out, t)
		}
	}
	return out
}

func endOf(start, end time.Time, ref, col string) (*time.Time, *Error) {
	if end.Before(start) {
		return nil, &Error{Ref: ref, Column: col, Reason: fmt.Sprintf("the end %s is before the start %s",
			end.Format(time.RFC3339), start.Format(time.RFC3339))}
	}
	return &end, nil
}
