// Package parse reads other trackers' export files into plain entries. It has no database
// dependency, so that its parsers can be fuzzed quickly; tracker/interop turns entries into blocks.
package parse

import (
	"bufio"
	"bytes"
	"crypto/sha256"
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
	End         *time.Time // nil for a running interval
	Description string
	Task        string
	Tags        []string
	// Key identifies the entry across imports: the format and the source ID, or a hash of the row.
	Key string
}

// Error is a problem with one row or with the file, naming where and why.
type Error struct {
	Ref    string // "line 3", "index 2", or "" for the whole file
	Column string
	Reason string
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

// Columns maps the block fields an importer checks to the column names of each format, so that a
// problem found later (an end before the start, a project name too long) names the column.
var Columns = map[string]map[string]string{
	"toggl":       {"start": "Start date", "end": "End date", "goal": "Description", "project": "Project"},
	"clockify":    {"start": "Start Date", "end": "End Date", "goal": "Description", "project": "Project"},
	"timewarrior": {"start": "start", "end": "end", "goal": "annotation", "project": "tags"},
	"watson":      {"start": "start", "end": "stop", "goal": "tags", "project": "project"},
}

func rowKey(format string, fields []string) string {
	h := sha256.New()
	for _, f := range fields {
		h.Write([]byte(f))
		h.Write([]byte{0x1f})
	}
	return format + ":" + hex.EncodeToString(h.Sum(nil)[:12])
}

// stripBOM skips a UTF-8 byte order mark, which spreadsheet programs like to write.
func stripBOM(r io.Reader) *bufio.Reader {
	br := bufio.NewReaderSize(r, 64<<10)
	if b, err := br.Peek(3); err == nil && bytes.Equal(b, []byte{0xEF, 0xBB, 0xBF}) {
		_, _ = br.Discard(3)
	}
	return br
}

// csvTable reads a CSV file with a header row and hands each row to fn by column name.
type csvTable struct {
	r    *csv.Reader
	cols map[string]int
}

func newCSVTable(r io.Reader, required []string) (*csvTable, error) {
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
	t := &csvTable{r: cr, cols: map[string]int{}}
	for i, h := range header {
		t.cols[strings.ToLower(strings.TrimSpace(h))] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := t.cols[strings.ToLower(c)]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, &Error{Ref: "line 1", Reason: fmt.Sprintf("the header lacks the column(s) %s", strings.Join(missing, ", "))}
	}
	return t, nil
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
	t      *csvTable
	fields []string
	line   int
}

func (r row) get(col string) string {
	i, ok := r.t.cols[strings.ToLower(col)]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

func (r row) has(col string) bool {
	i, ok := r.t.cols[strings.ToLower(col)]
	return ok && i < len(r.fields)
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
		fn(row{t: t, fields: rec, line: line})
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

// Toggl reads the Toggl Track detailed CSV export. Dates and times are local to loc.
func Toggl(r io.Reader, loc *time.Location) ([]Entry, []*Error, error) {
	return detailedCSV{format: "toggl", startDate: "Start date", startTime: "Start time", endDate: "End date",
		endTime: "End time", dateLayout: "2006-01-02", clocks: togglClock}.read(r, loc)
}

// detailedCSV describes a tracker's detailed CSV export: one row per time entry, with the start
// and end split into date and time columns. Toggl and Clockify differ only in these names and layouts.
type detailedCSV struct {
	format                                 string
	startDate, startTime, endDate, endTime string
	dateLayout                             string
	clocks                                 []string
}

func (d detailedCSV) read(r io.Reader, loc *time.Location) ([]Entry, []*Error, error) {
	t, err := newCSVTable(r, []string{"Project", "Description", d.startDate, d.startTime, d.endDate, d.endTime})
	if err != nil {
		return nil, nil, err
	}
	var out []Entry
	var bad []*Error
	err = t.each(func(rw row) {
		ref := rw.ref()
		start, e := localTime(rw, ref, d.startDate, d.startTime, d.dateLayout, d.clocks, loc)
		if e != nil {
			bad = append(bad, e)
			return
		}
		endT, e := localTime(rw, ref, d.endDate, d.endTime, d.dateLayout, d.clocks, loc)
		if e != nil {
			bad = append(bad, e)
			return
		}
		end, e := endOf(start, endT, ref, d.endTime)
		if e != nil {
			bad = append(bad, e)
			return
		}
		out = append(out, Entry{Ref: ref, Project: rw.get("Project"), Start: start, End: end,
			Description: rw.get("Description"), Task: rw.get("Task"), Tags: splitTags(rw.get("Tags")),
			Key: rowKey(d.format, rw.fields)})
	})
	return out, bad, err
}

var togglClock = []string{"15:04:05", "15:04"}

var clockifyClock = []string{"03:04:05 PM", "3:04:05 PM", "03:04 PM", "3:04 PM", "15:04:05", "15:04"}

func localTime(rw row, ref, dateCol, timeCol, dateLayout string, clocks []string, loc *time.Location) (time.Time, *Error) {
	ds, ts := rw.get(dateCol), rw.get(timeCol)
	if ds == "" {
		return time.Time{}, &Error{Ref: ref, Column: dateCol, Reason: "must not be empty"}
	}
	d, err := time.Parse(dateLayout, ds)
	if err != nil {
		return time.Time{}, &Error{Ref: ref, Column: dateCol, Reason: fmt.Sprintf("must be a date like %s; got %q",
			strings.NewReplacer("2006", "YYYY", "01", "MM", "02", "DD").Replace(dateLayout), ds)}
	}
	var c time.Time
	ok := false
	for _, l := range clocks {
		if c, err = time.Parse(l, strings.ToUpper(ts)); err == nil {
			ok = true
			break
		}
	}
	if !ok {
		return time.Time{}, &Error{Ref: ref, Column: timeCol, Reason: fmt.Sprintf("must be a time like %s; got %q", clocks[0], ts)}
	}
	return time.Date(d.Year(), d.Month(), d.Day(), c.Hour(), c.Minute(), c.Second(), 0, loc), nil
}

// Clockify reads the Clockify detailed CSV export, in both known layouts (with or without the
// Type, Invoiced, Invoice ID and Date of creation columns). Dates are MM/DD/YYYY, local to loc.
func Clockify(r io.Reader, loc *time.Location) ([]Entry, []*Error, error) {
	return detailedCSV{format: "clockify", startDate: "Start Date", startTime: "Start Time", endDate: "End Date",
		endTime: "End Time", dateLayout: "01/02/2006", clocks: clockifyClock}.read(r, loc)
}
