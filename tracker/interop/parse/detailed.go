package parse

import (
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
func Toggl(r io.Reader, opt Options) (Result, error) {
	return detailedCSV{format: "toggl", name: "Toggl detailed CSV export"}.read(r, opt)
}

// Clockify reads the Clockify detailed CSV export, in both known layouts (with or without the
// Type, Invoiced, Invoice ID and Date of creation columns). Dates and times are local to opt.Location.
func Clockify(r io.Reader, opt Options) (Result, error) {
	return detailedCSV{format: "clockify", name: "Clockify detailed CSV export"}.read(r, opt)
}

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

// csvRow is a row read but not yet converted: the order of day and month is known only once the
// whole file is read.
type csvRow struct {
	row
	start, end dateParts
	startOK    bool
	endOK      bool
}

func (d detailedCSV) read(r io.Reader, opt Options) (Result, error) {
	t, err := newCSVTable(r)
	if err != nil {
		return Result{}, err
	}
	idx, err := d.columns(t.header)
	if err != nil {
		return Result{}, err
	}
	get := func(rw row, f field) string {
		if i := idx[f]; i >= 0 && i < len(rw.fields) {
			return strings.TrimSpace(rw.fields[i])
		}
		return ""
	}
	var rows []csvRow
	err = t.each(func(rw row) {
		c := csvRow{row: rw}
		c.start, c.startOK = splitDate(get(rw, fStartDate))
		c.end, c.endOK = splitDate(get(rw, fEndDate))
		rows = append(rows, c)
	})
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
	order, note, ferr := settleOrder(rows, opt.DateOrder, t.header[idx[fStartDate]], t.header[idx[fEndDate]])
	if ferr != nil {
		return Result{}, ferr
	}
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	loc := opt.loc()
	keys := rowKeys{}
	for _, c := range rows {
		ref := c.ref()
		fail := func(col, reason string) {
			res.Bad = append(res.Bad, &Error{Ref: ref, Column: col, Reason: reason, Project: get(c.row, fProject)})
		}
		start, col, reason := localTime(c.start, c.startOK, get(c.row, fStartTime), order, loc)
		if reason != "" {
			fail(t.header[idx[[]field{fStartDate, fStartTime}[col]]], reason)
			continue
		}
		end, col, reason := localTime(c.end, c.endOK, get(c.row, fEndTime), order, loc)
		if reason != "" {
			fail(t.header[idx[[]field{fEndDate, fEndTime}[col]]], reason)
			continue
		}
		if end.Before(start) {
			fail(t.header[idx[fEndTime]], fmt.Sprintf("the end %s is before the start %s",
				end.Format("2006-01-02 15:04:05"), start.Format("2006-01-02 15:04:05")))
			continue
		}
		e := Entry{Ref: ref, Project: get(c.row, fProject), Start: start, End: &end,
			Description: get(c.row, fDescription), Task: get(c.row, fTask), Tags: splitTags(get(c.row, fTags)),
			Key: keys.key(d.format, c.fields)}
		if s, ok := parseStatedDuration(get(c.row, fDuration)); ok {
			e.Stated = &s
		}
		res.Entries = append(res.Entries, e)
	}
	return res, nil
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

// settleOrder decides the order of day and month for the whole file. A given order wins. Else a
// date whose first part cannot be a month (13/02/2026) settles day first, one whose second part
// cannot be (02/13/2026) month first; a file with both is refused at the first row that
// contradicts, and a file whose dates read either way is refused with the first of them shown
// both ways: a wrong guess would put every entry on the wrong day.
func settleOrder(rows []csvRow, given DateOrder, startCol, endCol string) (DateOrder, string, *Error) {
	if given != OrderAuto {
		return given, "dates read " + given.words() + ", as --date-format says", nil
	}
	type evidence struct {
		ref, col string
		p        dateParts
	}
	first := map[DateOrder]*evidence{}
	var ambiguous *evidence
	var order DateOrder
	for _, c := range rows {
		for i, p := range []dateParts{c.start, c.end} {
			if ok := []bool{c.startOK, c.endOK}[i]; !ok {
				continue
			}
			col := []string{startCol, endCol}[i]
			o := p.settles()
			switch {
			case o != OrderAuto && first[o] == nil:
				first[o] = &evidence{ref: c.ref(), col: col, p: p}
				if order == OrderAuto {
					order = o
				} else if order != o {
					other := first[order]
					return "", "", &Error{Ref: c.ref(), Column: col, Reason: fmt.Sprintf("%s can only be read %s, but %s has %s, "+
						"which can only be read %s; a file must write all its dates in one order",
						p.text, o.words(), other.ref, other.p.text, order.words())}
				}
			case ambiguous == nil && p.ambiguous():
				ambiguous = &evidence{ref: c.ref(), col: col, p: p}
			}
		}
	}
	switch {
	case order != OrderAuto:
		e := first[order]
		return order, fmt.Sprintf("dates read %s: %s has %s", order.words(), e.ref, e.p.text), nil
	case ambiguous != nil:
		return "", "", &Error{Ref: ambiguous.ref, Column: ambiguous.col, Reason: fmt.Sprintf("no date in the file says whether "+
			"the day or the month comes first: %s; rerun with --date-format DMY or MDY", ambiguous.p.both())}
	}
	// Every date is year first, or reads the same either way (05/05/2026).
	return DMY, "", nil
}
