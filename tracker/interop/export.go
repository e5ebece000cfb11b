package interop

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"

	"shiplog/tracker"
	"shiplog/tracker/atomicfile"
)

// WriteJSON writes the snapshot as indented JSON, byte for byte what json.Encoder with a two-space
// indent writes. It streams the arrays one element at a time: the encoder builds the whole file in
// memory and then indents it in a second pass, which took twice the time and the memory for 100k blocks.
func WriteJSON(w io.Writer, snap tracker.Snapshot) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	jw := &jsonWriter{w: bw}
	jw.raw("{\n")
	jw.value("format", snap.Format, false)
	jw.value("version", snap.Version, false)
	writeArray(jw, "projects", snap.Projects, false)
	writeArray(jw, "milestones", snap.Milestones, false)
	writeArray(jw, "deliverables", snap.Deliverables, false)
	writeBlocks(jw, snap.Blocks, false)
	writeArray(jw, "requests", snap.Requests, false)
	writeArray(jw, "decisions", snap.Decisions, false)
	// The check-ins' key is left out when there are none, so that such an export reads as before.
	writeArray(jw, "settings", snap.Settings, len(snap.CheckIns) == 0)
	if len(snap.CheckIns) > 0 {
		writeArray(jw, "check_ins", snap.CheckIns, true)
	}
	jw.raw("}\n")
	if jw.err != nil {
		return jw.err
	}
	return bw.Flush()
}

// jsonWriter writes the top level of an indented JSON object and keeps the first error.
type jsonWriter struct {
	w   *bufio.Writer
	err error
}

func (j *jsonWriter) raw(s string) {
	if j.err == nil {
		_, j.err = j.w.WriteString(s)
	}
}

// marshal writes v indented as it sits at depth levels inside the document.
func (j *jsonWriter) marshal(v any, depth int) {
	if j.err != nil {
		return
	}
	b, err := json.MarshalIndent(v, strings.Repeat("  ", depth), "  ")
	if err != nil {
		j.err = err
		return
	}
	_, j.err = j.w.Write(b)
}

func (j *jsonWriter) key(k string) { j.raw("  \"" + k + "\": ") }

func (j *jsonWriter) end(last bool) {
	if last {
		j.raw("\n")
	} else {
		j.raw(",\n")
	}
}

func (j *jsonWriter) value(k string, v any, last bool) {
	j.key(k)
	j.marshal(v, 1)
	j.end(last)
}

func writeArray[T any](j *jsonWriter, k string, items []T, last bool) {
	j.key(k)
	switch {
	case items == nil:
		j.raw("null")
	case len(items) == 0:
		j.raw("[]")
	default:
		j.raw("[\n")
		for i := range items {
			j.raw("    ")
			j.marshal(items[i], 2)
			if i < len(items)-1 {
				j.raw(",\n")
			}
		}
		j.raw("\n  ]")
	}
	j.end(last)
}

// writeBlocks writes the blocks array as writeArray would, without reflection: blocks are nearly
// all of an export, and encoding/json spent 2.5 µs on each. The bytes are the same: fields in
// struct order, times as time.Time.MarshalJSON writes them, and strings as encoding/json escapes
// them, HTML characters included. A block this cannot write exactly (a time outside the years
// 0-9999 or not in UTC) goes through encoding/json, as do strings that need escaping.
func writeBlocks(j *jsonWriter, blocks []tracker.SnapBlock, last bool) {
	if len(blocks) == 0 {
		writeArray(j, "blocks", blocks, last)
		return
	}
	j.key("blocks")
	j.raw("[\n")
	var buf []byte
	for i := range blocks {
		if j.err != nil {
			return
		}
		buf = append(buf[:0], "    "...)
		if b, ok := appendBlock(buf, &blocks[i]); ok {
			buf = b
			_, j.err = j.w.Write(buf)
		} else {
			j.raw("    ")
			j.marshal(blocks[i], 2)
		}
		if i < len(blocks)-1 {
			j.raw(",\n")
		}
	}
	j.raw("\n  ]")
	j.end(last)
}

// appendBlock appends b as json.MarshalIndent(b, "    ", "  ") writes it, or reports false.
func appendBlock(buf []byte, b *tracker.SnapBlock) ([]byte, bool) {
	const field = "\n      \""
	if !plainTime(b.Start) || (b.End != nil && !plainTime(*b.End)) {
		return buf, false
	}
	buf = append(buf, "{"+field+"id\": "...)
	buf = strconv.AppendUint(buf, uint64(b.ID), 10)
	buf = append(buf, ","+field+"project\": "...)
	buf = appendJSONString(buf, b.Project)
	buf = append(buf, ","+field+"kind\": "...)
	buf = appendJSONString(buf, string(b.Kind))
	buf = append(buf, ","+field+"start\": \""...)
	buf = b.Start.AppendFormat(buf, time.RFC3339Nano)
	buf = append(buf, "\","+field+"end\": "...)
	if b.End == nil {
		buf = append(buf, "null"...)
	} else {
		buf = append(buf, '"')
		buf = b.End.AppendFormat(buf, time.RFC3339Nano)
		buf = append(buf, '"')
	}
	buf = append(buf, ","+field+"planned_seconds\": "...)
	buf = strconv.AppendInt(buf, b.PlannedSeconds, 10)
	buf = append(buf, ","+field+"goal\": "...)
	buf = appendJSONString(buf, b.Goal)
	buf = append(buf, ","+field+"outcome\": "...)
	buf = appendJSONString(buf, b.Outcome)
	buf = append(buf, ","+field+"interruptions\": "...)
	buf = strconv.AppendInt(buf, int64(b.Interruptions), 10)
	buf = append(buf, ","+field+"deliverable_id\": "...)
	if b.DeliverableID == nil {
		buf = append(buf, "null"...)
	} else {
		buf = strconv.AppendUint(buf, uint64(*b.DeliverableID), 10)
	}
	return append(buf, "\n    }"...), true
}

// plainTime reports whether time.Time.MarshalJSON writes t as t.AppendFormat(RFC3339Nano) does:
// in UTC, where the two share their code, and in the years MarshalJSON accepts.
func plainTime(t time.Time) bool {
	return t.Location() == time.UTC && t.Year() >= 0 && t.Year() <= 9999
}

// appendJSONString appends s quoted as encoding/json writes it. Printable ASCII other than the
// quote, the backslash and the HTML characters < > & is written as it is; any other string is left
// to encoding/json, so that the escapes (control characters, HTML, invalid UTF-8, U+2028 and
// U+2029) stay exactly its own.
func appendJSONString(buf []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			q, _ := json.Marshal(s) // a string always marshals
			return append(buf, q...)
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"')
}

// Entities are the CSV exports, one file each.
var Entities = []string{"projects", "milestones", "deliverables", "blocks", "requests", "decisions", "objections", "settings"}

// EscapeCell defuses a text cell that a spreadsheet would run as a formula: one starting with
// = + - @, a tab or a carriage return gets a leading apostrophe. A cell that already starts with
// apostrophes before such a character gets one more, so that UnescapeCell restores every cell exactly.
func EscapeCell(s string) string {
	t := strings.TrimLeft(s, "'")
	if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return "'" + s
	}
	return s
}

// UnescapeCell undoes EscapeCell.
func UnescapeCell(s string) string {
	if strings.HasPrefix(s, "'") {
		t := strings.TrimLeft(s, "'")
		if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
			return s[1:]
		}
	}
	return s
}

func tm(t time.Time) string { return t.UTC().Format(time.RFC3339) }

func tmPtr(t *time.Time) string {
	if t == nil {
		return ""
	}
	return tm(*t)
}

func idPtr(id *uint) string {
	if id == nil {
		return ""
	}
	return strconv.FormatUint(uint64(*id), 10)
}

func num[T ~int | ~int64 | ~uint](n T) string { return strconv.FormatInt(int64(n), 10) }

// WriteCSV writes one entity of the snapshot as RFC 4180 CSV with a header row. Text cells are
// escaped against formula injection; numbers and times are written as they are.
func WriteCSV(w io.Writer, entity string, snap tracker.Snapshot) error {
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	e := EscapeCell
	var rows [][]string
	switch entity {
	case "projects":
		rows = append(rows, []string{"id", "name", "color", "weekly_deep_hours", "weekly_deliverables", "archived"})
		for _, p := range snap.Projects {
			rows = append(rows, []string{num(p.ID), e(p.Name), e(p.Color), strconv.FormatFloat(p.WeeklyDeepHours, 'f', -1, 64),
				num(p.WeeklyDeliverables), strconv.FormatBool(p.Archived)})
		}
	case "milestones":
		rows = append(rows, []string{"id", "project", "name", "start", "due"})
		for _, m := range snap.Milestones {
			rows = append(rows, []string{num(m.ID), e(m.Project), e(m.Name), string(m.Start), string(m.Due)})
		}
	case "deliverables":
		rows = append(rows, []string{"id", "project", "title", "status", "link", "milestone_id", "due", "shipped_at", "notes"})
		for _, d := range snap.Deliverables {
			rows = append(rows, []string{num(d.ID), e(d.Project), e(d.Title), string(d.Status), e(d.Link), idPtr(d.MilestoneID),
				string(d.Due), tmPtr(d.ShippedAt), e(d.Notes)})
		}
	case "blocks":
		rows = append(rows, blockHeader)
		for _, b := range snap.Blocks {
			secs := ""
			if b.End != nil {
				secs = num(int64(b.End.Sub(b.Start) / time.Second))
			}
			rows = append(rows, []string{num(b.ID), e(b.Project), string(b.Kind), tm(b.Start), tmPtr(b.End), secs,
				num(b.PlannedSeconds), e(b.Goal), e(b.Outcome), num(b.Interruptions), idPtr(b.DeliverableID)})
		}
	case "requests":
		rows = append(rows, []string{"id", "project", "subject", "from", "channel", "priority", "received_at", "replied_at",
			"replies", "minutes_spent", "notes"})
		for _, r := range snap.Requests {
			rows = append(rows, []string{num(r.ID), e(r.Project), e(r.Subject), e(r.From), e(r.Channel), string(r.Priority),
				tm(r.ReceivedAt), tmPtr(r.RepliedAt), num(r.Replies), num(r.MinutesSpent), e(r.Notes)})
		}
	case "decisions":
		rows = append(rows, []string{"id", "project", "title", "context", "proposed_at", "deadline", "closed", "outcome",
			"closed_at", "objections"})
		for _, d := range snap.Decisions {
			rows = append(rows, []string{num(d.ID), e(d.Project), e(d.Title), e(d.Context), tm(d.ProposedAt), tm(d.Deadline),
				d.Closed, e(d.Outcome), tmPtr(d.ClosedAt), num(len(d.Objections))})
		}
	case "objections":
		rows = append(rows, []string{"decision_id", "by", "reason", "at"})
		for _, d := range snap.Decisions {
			for _, o := range d.Objections {
				rows = append(rows, []string{num(d.ID), e(o.By), e(o.Reason), tm(o.At)})
			}
		}
	case "settings":
		rows = append(rows, []string{"key", "value"})
		for _, s := range snap.Settings {
			rows = append(rows, []string{s.Key, e(s.Value)})
		}
	default:
		return tracker.Invalidf("unknown entity %q; use one of %s", entity, strings.Join(Entities, ", "))
	}
	if err := cw.WriteAll(rows); err != nil {
		return fmt.Errorf("write %s csv: %w", entity, err)
	}
	return nil
}

var blockHeader = []string{"id", "project", "kind", "start", "end", "seconds", "planned_seconds", "goal", "outcome",
	"interruptions", "deliverable_id"}

// ReadBlocksCSV reads the blocks CSV that WriteCSV writes, for the shiplog-csv import. The source
// key is the row's hash, so importing the file twice adds nothing.
func ReadBlocksCSV(r io.Reader) ([]tracker.ImportBlock, []*parseError, error) {
	var items []tracker.ImportBlock
	var bad []*parseError
	err := StreamBlocksCSV(r, func(it *tracker.ImportBlock, e *parseError) error {
		if e != nil {
			bad = append(bad, e)
		} else {
			items = append(items, *it)
		}
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return items, bad, nil
}

// StreamBlocksCSV reads the blocks CSV as ReadBlocksCSV does and hands emit each block, or each
// row it could not read, in the order of the file. An error from emit ends the reading.
func StreamBlocksCSV(r io.Reader, emit func(*tracker.ImportBlock, *parseError) error) error {
	cr := csv.NewReader(stripBOMReader(r))
	cr.FieldsPerRecord = -1
	header, err := cr.Read()
	if err != nil {
		return &parseError{Ref: "line 1", Reason: "expected the header row of a blocks export"}
	}
	cols := map[string]int{}
	for i, h := range header {
		cols[strings.TrimSpace(h)] = i
	}
	for _, h := range []string{"id", "project", "kind", "start", "end"} {
		if _, ok := cols[h]; !ok {
			return &parseError{Ref: "line 1", Reason: fmt.Sprintf("the header lacks the column %q", h)}
		}
	}
	columns := map[string]string{"start": "start", "end": "end", "goal": "goal", "outcome": "outcome", "kind": "kind",
		"project": "project", "plan": "planned_seconds", "interruptions": "interruptions", "deliverable": "deliverable_id"}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return csvParseError(err)
		}
		line, _ := cr.FieldPos(0)
		ref := fmt.Sprintf("line %d", line)
		get := func(c string) string {
			if i, ok := cols[c]; ok && i < len(rec) {
				return rec[i]
			}
			return ""
		}
		project := UnescapeCell(get("project"))
		fail := func(col, reason string) error {
			return emit(nil, &parseError{Ref: ref, Column: col, Reason: reason, Project: strings.TrimSpace(project)})
		}
		b := tracker.Block{Project: project, Kind: tracker.Kind(get("kind")),
			Goal: UnescapeCell(get("goal")), Outcome: UnescapeCell(get("outcome"))}
		if b.Start, err = time.Parse(time.RFC3339, get("start")); err != nil {
			if err := fail("start", fmt.Sprintf("must be an RFC 3339 time; got %q", get("start"))); err != nil {
				return err
			}
			continue
		}
		if s := get("end"); s != "" {
			t, err := time.Parse(time.RFC3339, s)
			if err != nil {
				if err := fail("end", fmt.Sprintf("must be an RFC 3339 time or empty; got %q", s)); err != nil {
					return err
				}
				continue
			}
			b.End = &t
		}
		ints := map[string]*int64{}
		var plan, intr, id, did int64
		ints["planned_seconds"], ints["interruptions"], ints["id"], ints["deliverable_id"] = &plan, &intr, &id, &did
		ok := true
		for c, dst := range ints {
			if s := get(c); s != "" {
				n, err := strconv.ParseInt(s, 10, 64)
				if err != nil || n < 0 || n > 1<<31 {
					if err := fail(c, fmt.Sprintf("must be a whole number; got %q", s)); err != nil {
						return err
					}
					ok = false
					break
				}
				*dst = n
			}
		}
		if !ok {
			continue
		}
		b.PlannedSeconds, b.Interruptions = plan, int(intr)
		it := tracker.ImportBlock{Ref: ref, SourceKey: rowKey("shiplog-csv", rec), Block: b, Columns: columns, KeepID: uint(id)}
		if did > 0 {
			d := uint(did)
			it.DeliverableID = &d
		}
		if err := emit(&it, nil); err != nil {
			return err
		}
	}
}

// WriteICS writes the finished blocks as iCalendar events (RFC 5545) through go-ical's encoder:
// UTC times, a UID that stays the same across exports, escaped text and folded lines. Running
// blocks have no end and are left out. A calendar holds at least one event, so blocks without a
// finished one are refused and nothing is written.
func WriteICS(w io.Writer, blocks []tracker.SnapBlock, stamp time.Time) error {
	cal := ical.NewCalendar()
	cal.Props.SetText(ical.PropVersion, "2.0")
	cal.Props.SetText(ical.PropProductID, "-//Shiplog//Shiplog export//EN")
	cal.Props.SetText(ical.PropCalendarScale, "GREGORIAN")
	for _, bl := range blocks {
		if bl.End == nil {
			continue
		}
		summary := bl.Kind.Label() + ": " + bl.Project
		if bl.Goal != "" {
			summary += " – " + bl.Goal
		}
		ev := ical.NewEvent()
		ev.Props.SetText(ical.PropUID, fmt.Sprintf("block-%d-%d@shiplog", bl.ID, bl.Start.Unix()))
		// In UTC, go-ical writes the times with a Z and no TZID, so that they mean the same
		// instant in every calendar whatever the zone of the machine that exports.
		ev.Props.SetDateTime(ical.PropDateTimeStamp, stamp.UTC())
		ev.Props.SetDateTime(ical.PropDateTimeStart, bl.Start.UTC())
		ev.Props.SetDateTime(ical.PropDateTimeEnd, bl.End.UTC())
		ev.Props.SetText(ical.PropSummary, icsText(summary))
		if bl.Outcome != "" {
			ev.Props.SetText(ical.PropDescription, icsText(bl.Outcome))
		}
		ev.Props.SetText(ical.PropCategories, icsText(bl.Project))
		cal.Children = append(cal.Children, ev.Component)
	}
	if len(cal.Children) == 0 {
		return &tracker.FieldError{Field: "ics", Reason: "no finished block to export; an iCalendar file needs at least one event"}
	}
	var buf bytes.Buffer
	if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
		return fmt.Errorf("write ics: %w", err)
	}
	// go-ical writes each content line whole; RFC 5545 wants them folded at 75 octets. The
	// encoder refuses a CR or LF inside a value, so every CRLF in buf ends a content line.
	bw := bufio.NewWriterSize(w, 64<<10)
	rest := buf.Bytes()
	for len(rest) > 0 {
		var line []byte
		line, rest, _ = bytes.Cut(rest, []byte("\r\n"))
		writeFolded(bw, line)
	}
	return bw.Flush()
}

// icsText makes s fit a TEXT value, which go-ical then escapes (backslash, semicolon, comma and
// newline): carriage returns and other control characters but the tab are dropped, since a
// content line cannot hold them. Invalid UTF-8 becomes U+FFFD.
func icsText(s string) string {
	return strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t' && r != '\n') || r == 0x7f {
			return -1
		}
		return r
	}, s)
}

// writeFolded writes one content line and its CRLF, folded into lines of at most 75 octets and
// never inside a UTF-8 sequence. A bufio.Writer keeps its first error, which Flush returns.
func writeFolded(w *bufio.Writer, line []byte) {
	limit := 75
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		w.Write(line[:cut])
		w.WriteString("\r\n ")
		line = line[cut:]
		limit = 74 // the leading space counts
	}
	w.Write(line)
	w.WriteString("\r\n")
}

// WriteFile writes an export through fn to path, atomically (see atomicfile): a failed export
// leaves no file, and an export that replaces a file leaves the old one whole until the new one is
// complete. Without force it refuses any existing path; with force it replaces only a regular
// file, never a symbolic link or what it points to, so that an export writes exactly the file it
// was given. The file is 0600.
func WriteFile(path string, force bool, fn func(io.Writer) error) error {
	if st, err := os.Lstat(path); err == nil {
		if !force {
			return tracker.Conflictf("%s already exists; use --force to overwrite it", path)
		}
		if !st.Mode().IsRegular() {
			return tracker.Invalidf("%s is not a regular file; refusing to overwrite it", path)
		}
	} else if !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return atomicfile.Write(path, fn)
}

// EntityPath is the file an entity goes to in a CSV export directory. The names are fixed, so the
// files stay inside the directory.
func EntityPath(dir, entity string) string { return filepath.Join(dir, entity+".csv") }
