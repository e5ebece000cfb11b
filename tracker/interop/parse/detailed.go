package parse

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"
)

// field is a column a detailed CSV export has under some name in some language.
type field int

const (
	fProject field = iota
	fDescription
	fTask
	fTags
	fStartDate
	fStartTime
	fEndDate
	fEndTime
	fDuration
	nFields
)

// fieldNames are the English names, used in messages about columns a file lacks.
var fieldNames = [nFields]string{"Project", "Description", "Task", "Tags", "Start date", "Start time", "End date",
	"End time", "Duration"}

// headerNames maps a header, lower-cased, to its field. The exports name their columns in the
// language of the user who made them. The English names are Toggl's and Clockify's own; the
// German ones are those of German Clockify exports as read by public converters (Projekt,
// Beschreibung, Aufgabe, Startdatum, Startzeit, Enddatum, Endzeit, "Dauer (h)") and of German
// Toggl exports ("Dauer"). A name not listed here leaves its column unread.
var headerNames = map[string]field{
	"project": fProject, "projekt": fProject,
	"description": fDescription, "beschreibung": fDescription,
	"task": fTask, "aufgabe": fTask,
	"tags":       fTags,
	"start date": fStartDate, "startdatum": fStartDate,
	"start time": fStartTime, "startzeit": fStartTime,
	"end date": fEndDate, "enddatum": fEndDate,
	"end time": fEndTime, "endzeit": fEndTime,
	"duration": fDuration, "duration (h)": fDuration, "dauer": fDuration, "dauer (h)": fDuration,
}

// requiredFields are the columns without which no entry can be read.
var requiredFields = []field{fStartDate, fStartTime, fEndDate, fEndTime}

// detailedCSV reads a tracker's detailed CSV export: one row per time entry, with the start and
// end split into date and time columns. Toggl and Clockify share it; they differ in the names of
// their columns and in the date and time formats their users choose, which it reads alike.
type detailedCSV struct {
	format string // "toggl" or "clockify", for the row keys
	name   string // "Toggl detailed CSV export", for messages
}

// Toggl reads the Toggl Track detailed CSV export. Dates and times are local to opt.Location.
func Toggl(r io.Reader, opt Options) (Result, error) { return collect("toggl", r, opt) }

// Clockify reads the Clockify detailed CSV export, in both known layouts (with or without the
// Type, Invoiced, Invoice ID and Date of creation columns). Dates and times are local to opt.Location.
func Clockify(r io.Reader, opt Options) (Result, error) { return collect("clockify", r, opt) }

// columns finds the fields in a header, or says which are missing and what the file has instead.
func (d detailedCSV) columns(header []string) ([nFields]int, error) {
	var idx [nFields]int
	for i := range idx {
		idx[i] = -1
	}
	for i, h := range header {
		if f, ok := headerNames[strings.ToLower(h)]; ok && idx[f] < 0 {
			idx[f] = i
		}
	}
	var missing []string
	for _, f := range requiredFields {
		if idx[f] < 0 {
			missing = append(missing, fieldNames[f])
		}
	}
	if len(missing) == 0 {
		return idx, nil
	}
	found := make([]string, 0, len(header))
	for _, h := range header {
		if h != "" {
			found = append(found, h)
		}
	}
	shown := strings.Join(found, ", ")
	if len(found) > 20 {
		shown = strings.Join(found[:20], ", ") + ", …"
	}
	return idx, &Error{Ref: "line 1", Reason: fmt.Sprintf("the header lacks %s, which a %s has (in English or German); "+
		"the columns found are: %s", strings.Join(missing, ", "), d.name, truncate(shown, 300))}
}

// stream reads the file in two passes unless the order of day and month is given: the first
// settles the order from every date of the file, the second converts the rows and emits them. A
// file that cannot be read again from its start is read into memory first.
func (d detailedCSV) stream(r io.Reader, opt Options, emit func(*Entry, *Error) error) (Result, error) {
	order, note := opt.DateOrder, ""
	if order == OrderAuto {
		rs, ok := r.(io.ReadSeeker)
		if !ok {
			b, err := io.ReadAll(r)
			if err != nil {
				return Result{}, &Error{Reason: err.Error()}
			}
			rs = bytes.NewReader(b)
		}
		start, err := rs.Seek(0, io.SeekCurrent)
		if err != nil {
			return Result{}, &Error{Reason: err.Error()}
		}
		if order, note, err = d.settle(rs); err != nil {
			return Result{}, err
		}
		if _, err := rs.Seek(start, io.SeekStart); err != nil {
			return Result{}, &Error{Reason: err.Error()}
		}
		r = rs
	} else {
		note = "dates read " + order.words() + ", as --date-format says"
	}
	res, err := d.convert(r, order, opt.loc(), emit)
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	return res, err
}

// table opens the file and finds its columns.
func (d detailedCSV) table(r io.Reader) (*csvTable, [nFields]int, error) {
	t, err := newCSVTable(r)
	if err != nil {
		return nil, [nFields]int{}, err
	}
	idx, err := d.columns(t.header)
	return t, idx, err
}

func get(idx [nFields]int, rw row, f field) string {
	if i := idx[f]; i >= 0 && i < len(rw.fields) {
		return strings.TrimSpace(rw.fields[i])
	}
	return ""
}

// settle is the first pass: it reads only the dates and settles their order (settleOrder).
func (d detailedCSV) settle(r io.Reader) (DateOrder, string, error) {
	t, idx, err := d.table(r)
	if err != nil {
		return "", "", err
	}
	ev := orderEvidence{first: map[DateOrder]*evidence{}, startCol: t.header[idx[fStartDate]], endCol: t.header[idx[fEndDate]]}
	var ferr *Error
	err = t.each(func(rw row) {
		if ferr != nil {
			return
		}
		start, startOK := splitDate(get(idx, rw, fStartDate))
		end, endOK := splitDate(get(idx, rw, fEndDate))
		ferr = ev.add(rw.ref(), start, startOK, end, endOK)
	})
	if err != nil {
		return "", "", err
	}
	if ferr != nil {
		return "", "", ferr
	}
	order, note, e := ev.result()
	if e != nil {
		return "", "", e
	}
	return order, note, nil
}

// convert is the second pass: it reads every row under the settled order and emits it.
func (d detailedCSV) convert(r io.Reader, order DateOrder, loc *time.Location, emit func(*Entry, *Error) error) (Result, error) {
	t, idx, err := d.table(r)
	if err != nil {
		return Result{}, err
	}
	res := Result{Columns: map[string]string{"start": t.header[idx[fStartDate]], "end": t.header[idx[fEndTime]],
		"goal": fieldNames[fDescription], "project": fieldNames[fProject]}}
	if i := idx[fDescription]; i >= 0 {
		res.Columns["goal"] = t.header[i]
	}
	if i := idx[fProject]; i >= 0 {
		res.Columns["project"] = t.header[i]
	}
	keys := newRowKeys()
	var stop error
	err = t.each(func(rw row) {
		if stop != nil {
			return
		}
		stop = d.row(rw, idx, t.header, order, loc, keys, func(e *Entry, bad *Error) error {
			if e != nil {
				e.Columns = res.Columns
			}
			return emit(e, bad)
		})
	})
	if err != nil {
		return res, err
	}
	return res, stop
}

// row converts one row and emits the entry or the problem.
func (d detailedCSV) row(rw row, idx [nFields]int, header []string, order DateOrder, loc *time.Location, keys *rowKeys,
	emit func(*Entry, *Error) error) error {
	ref := rw.ref()
	fail := func(col, reason string) error {
		return emit(nil, &Error{Ref: ref, Column: col, Reason: reason, Project: get(idx, rw, fProject)})
	}
	sd, sok := splitDate(get(idx, rw, fStartDate))
	start, col, reason := localTime(sd, sok, get(idx, rw, fStartTime), order, loc)
	if reason != "" {
		return fail(header[idx[[]field{fStartDate, fStartTime}[col]]], reason)
	}
	ed, eok := splitDate(get(idx, rw, fEndDate))
	end, col, reason := localTime(ed, eok, get(idx, rw, fEndTime), order, loc)
	if reason != "" {
		return fail(header[idx[[]field{fEndDate, fEndTime}[col]]], reason)
	}
	if end.Before(start) {
		return fail(header[idx[fEndTime]], fmt.Sprintf("the end %s is before the start %s",
			end.Format("2006-01-02 15:04:05"), start.Format("2006-01-02 15:04:05")))
	}
	e := Entry{Ref: ref, Project: get(idx, rw, fProject), Start: start, End: &end,
		Description: get(idx, rw, fDescription), Task: get(idx, rw, fTask), Tags: splitTags(get(idx, rw, fTags)),
		Key: keys.key(d.format, rw.fields)}
	if s, ok := parseStatedDuration(get(idx, rw, fDuration)); ok {
		e.Stated = &s
	}
	return emit(&e, nil)
}

// localTime reads a date and a time column into a local time. col is 0 for the date and 1 for the
// time, naming the column a problem is in.
func localTime(p dateParts, ok bool, clock string, order DateOrder, loc *time.Location) (time.Time, int, string) {
	if p.text == "" {
		return time.Time{}, 0, "must not be empty"
	}
	if !ok {
		return time.Time{}, 0, fmt.Sprintf("must be a date like YYYY-MM-DD, DD/MM/YYYY, MM/DD/YYYY, DD.MM.YYYY or DD-MM-YYYY; got %q",
			truncate(p.text, 40))
	}
	y, m, d, err := p.resolve(order)
	if err != nil {
		return time.Time{}, 0, err.Error()
	}
	h, mi, s, ok := parseClock(clock)
	if !ok {
		if strings.TrimSpace(clock) == "" {
			return time.Time{}, 1, "must not be empty"
		}
		return time.Time{}, 1, fmt.Sprintf("must be a time in %s; got %q", clockLayouts, truncate(clock, 40))
	}
	return time.Date(y, m, d, h, mi, s, 0, loc), 0, ""
}

// orderEvidence settles the order of day and month for the whole file, one row at a time. A
// given order wins. Else a date whose first part cannot be a month (13/02/2026) settles day first,
// one whose second part cannot be (02/13/2026) month first; a file with both is refused at the
// first row that contradicts, and a file whose dates read either way is refused with the first of
// them shown both ways: a wrong guess would put every entry on the wrong day.
type orderEvidence struct {
	first            map[DateOrder]*evidence
	ambiguous        *evidence
	order            DateOrder
	startCol, endCol string
}

type evidence struct {
	ref, col string
	p        dateParts
}

// add weighs the start and end dates of one row; an error refuses the file.
func (ev *orderEvidence) add(ref string, start dateParts, startOK bool, end dateParts, endOK bool) *Error {
	for i, p := range []dateParts{start, end} {
		if ok := []bool{startOK, endOK}[i]; !ok {
			continue
		}
		col := []string{ev.startCol, ev.endCol}[i]
		o := p.settles()
		switch {
		case o != OrderAuto && ev.first[o] == nil:
			ev.first[o] = &evidence{ref: ref, col: col, p: p}
			if ev.order == OrderAuto {
				ev.order = o
			} else if ev.order != o {
				other := ev.first[ev.order]
				return &Error{Ref: ref, Column: col, Reason: fmt.Sprintf("%s can only be read %s, but %s has %s, "+
					"which can only be read %s; a file must write all its dates in one order",
					p.text, o.words(), other.ref, other.p.text, ev.order.words())}
			}
		case ev.ambiguous == nil && p.ambiguous():
			ev.ambiguous = &evidence{ref: ref, col: col, p: p}
		}
	}
	return nil
}

// result is the order the file's dates settled, with the note that says why.
func (ev *orderEvidence) result() (DateOrder, string, *Error) {
	switch {
	case ev.order != OrderAuto:
		e := ev.first[ev.order]
		return ev.order, fmt.Sprintf("dates read %s: %s has %s", ev.order.words(), e.ref, e.p.text), nil
	case ev.ambiguous != nil:
		a := ev.ambiguous
		return "", "", &Error{Ref: a.ref, Column: a.col, Reason: fmt.Sprintf("no date in the file says whether "+
			"the day or the month comes first: %s; rerun with --date-format DMY or MDY", a.p.both())}
	}
	// Every date is year first, or reads the same either way (05/05/2026).
	return DMY, "", nil
}
