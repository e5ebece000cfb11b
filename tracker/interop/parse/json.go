package parse

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"strings"
	"time"
)

// jsonArray streams the elements of a top-level JSON array: fn decodes element i from dec, so that
// a large file is never held whole in memory. An error from fn ends the file.
func jsonArray(r io.Reader, fn func(i int, dec *json.Decoder) error) error {
	dec := json.NewDecoder(r)
	tok, err := dec.Token()
	if err != nil {
		return &Error{Reason: "not JSON: " + jsonReason(err)}
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return &Error{Reason: "must be a JSON array"}
	}
	for i := 0; dec.More(); i++ {
		if err := fn(i, dec); err != nil {
			return err
		}
	}
	if _, err := dec.Token(); err != nil {
		return &Error{Reason: "bad JSON at the end of the array: " + jsonReason(err)}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return &Error{Reason: "unexpected data after the JSON array"}
	}
	return nil
}

func jsonReason(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if n, ok := strings.CutPrefix(te.Value, "number "); ok {
			return fmt.Sprintf("the number %s is out of range", truncate(n, 40))
		}
		return JSONTypeReason(te)
	}
	if errors.As(err, &se) {
		return fmt.Sprintf("%s (at byte %d)", se.Error(), se.Offset)
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "unexpected end of file"
	}
	return err.Error()
}

type timewInterval struct {
	ID         *int     `json:"id"`
	Start      *string  `json:"start"`
	End        *string  `json:"end"`
	Tags       []string `json:"tags"`
	Annotation string   `json:"annotation"`
}

const timewLayout = "20060102T150405Z"

// Timewarrior reads `timew export` JSON. Lines before the JSON array are skipped: the extension
// header ("key: value" lines), and anything else a shell or timew printed first, which a note
// names. Project is the value of a "project:" tag; the importer decides the rest from tags.
func Timewarrior(r io.Reader) (Result, error) { return collect("timewarrior", r, Options{}) }

func streamTimewarrior(r io.Reader, emit func(*Entry, *Error) error) (Result, error) {
	res := Result{Columns: jsonColumns["timewarrior"]}
	bad := func(e *Error) error { return emit(nil, e) }
	body, note, perr := skipPreamble(r)
	if perr != nil {
		return res, perr
	}
	if note != "" {
		res.Notes = append(res.Notes, note)
	}
	err := jsonArray(body, func(i int, dec *json.Decoder) error {
		ref := fmt.Sprintf("index %d", i)
		var iv timewInterval
		if err := decodeElem(dec, &iv, ref, "an object like {\"start\": \"20160405T162205Z\", \"end\": …}"); err != nil {
			if isFatal(err) {
				return err
			}
			return bad(err)
		}
		if iv.Start == nil {
			return bad(&Error{Ref: ref, Column: "start", Reason: "must be set"})
		}
		start, err := time.Parse(timewLayout, *iv.Start)
		if err != nil {
			return bad(&Error{Ref: ref, Column: "start", Reason: fmt.Sprintf("must be a UTC time like 20160405T162205Z; got %q", truncate(*iv.Start, 40))})
		}
		e := Entry{Ref: ref, Start: start, Description: iv.Annotation, Key: "timewarrior:" + *iv.Start, Columns: res.Columns}
		for _, t := range iv.Tags {
			if p, ok := strings.CutPrefix(t, "project:"); ok && e.Project == "" {
				e.Project = strings.TrimSpace(p)
				continue
			}
			e.Tags = append(e.Tags, t)
		}
		if iv.End != nil {
			endT, err := time.Parse(timewLayout, *iv.End)
			if err != nil {
				return bad(&Error{Ref: ref, Column: "end", Reason: fmt.Sprintf("must be a UTC time like 20160405T162205Z; got %q", truncate(*iv.End, 40)), Project: e.Project})
			}
			end, perr := endOf(start, endT, ref, "end")
			if perr != nil {
				perr.Project = e.Project
				return bad(perr)
			}
			e.End = end
		}
		return emit(&e, nil)
	})
	return res, err
}

// decodeElem decodes one array element. A value of the wrong type is a row problem: the decoder has
// consumed it and can go on. Broken JSON is fatal, marked by the "bad JSON" reason. want says what
// the element should be.
func decodeElem(dec *json.Decoder, v any, ref, want string) *Error {
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		if te.Field == "" {
			return &Error{Ref: ref, Reason: fmt.Sprintf("must be %s; got %s", want, jsonValueWords(te.Value))}
		}
		return &Error{Ref: ref, Column: te.Field, Reason: JSONTypeReason(te)}
	}
	return &Error{Ref: ref, Reason: badJSON + jsonReason(err)}
}

const badJSON = "bad JSON: "

func isFatal(e *Error) bool { return strings.HasPrefix(e.Reason, badJSON) }

// JSONTypeReason says in words what a JSON value of the wrong type should have been, without the
// Go type names that encoding/json puts in its message.
func JSONTypeReason(te *json.UnmarshalTypeError) string {
	return fmt.Sprintf("must be %s; got %s", goTypeWords(te.Type), jsonValueWords(te.Value))
}

func jsonValueWords(v string) string {
	switch {
	case v == "string":
		return "text"
	case v == "number" || strings.HasPrefix(v, "number "):
		return "a number"
	case v == "array":
		return "a list"
	case v == "object":
		return "an object"
	case v == "bool":
		return "true or false"
	}
	return "a " + v
}

var timeType = reflect.TypeOf(time.Time{})

func goTypeWords(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if t == timeType {
		return "an RFC 3339 time like 2026-11-02T09:00:00Z"
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice, reflect.Array:
		if t.Elem().Kind() == reflect.String {
			return "a list of text values"
		}
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return "another kind of value"
}

// TimewarriorDataLine reports whether a line is one of Timewarrior's own data files
// ("inc 20220405T081500Z - 20220405T090000Z # tag"), which only `timew export` turns into JSON.
func TimewarriorDataLine(line string) bool {
	rest, ok := strings.CutPrefix(strings.TrimSpace(line), "inc ")
	if !ok || len(rest) < len(timewLayout) {
		return false
	}
	_, err := time.Parse(timewLayout, rest[:len(timewLayout)])
	return err == nil
}

// TimewarriorDataMessage is the advice for a Timewarrior data file given to an importer.
const TimewarriorDataMessage = "this is a Timewarrior data file; run `timew export > file.json` and import that"

// skipPreamble returns the input from the line that starts the JSON array. The lines before it
// are the extension header ("key: value" lines and a blank line) when timew runs an extension, or
// whatever a shell or timew printed before the export; the second kind is named in the note.
func skipPreamble(r io.Reader) (io.Reader, string, *Error) {
	br := stripBOM(r)
	var foreign []string
	firstForeign := 0
	for line := 1; ; line++ {
		s, err := br.ReadString('\n')
		if t := strings.TrimLeft(s, " \t\r\n\ufeff"); strings.HasPrefix(t, "[") {
			note := ""
			if len(foreign) > 0 {
				note = fmt.Sprintf("line %d is not JSON (%q); the %d lines before the JSON array were ignored",
					firstForeign, truncate(strings.TrimSpace(foreign[0]), 40), line-1)
			}
			return io.MultiReader(strings.NewReader(s), br), note, nil
		}
		if TimewarriorDataLine(s) {
			return nil, "", &Error{Ref: fmt.Sprintf("line %d", line), Reason: TimewarriorDataMessage}
		}
		if t := strings.TrimSpace(s); t != "" && !headerLine(t) {
			if len(foreign) == 0 {
				firstForeign = line
			}
			foreign = append(foreign, s)
		}
		if err != nil {
			if line == 1 && strings.TrimSpace(s) == "" {
				return nil, "", &Error{Reason: "the file is empty; expected a JSON array"}
			}
			ref, shown := "line 1", strings.TrimSpace(s)
			if len(foreign) > 0 {
				ref, shown = fmt.Sprintf("line %d", firstForeign), strings.TrimSpace(foreign[0])
			}
			return nil, "", &Error{Ref: ref, Reason: fmt.Sprintf("expected the JSON array of `timew export`; %q is not JSON "+
				"and no line starts the array", truncate(shown, 40))}
		}
	}
}

// headerLine reports whether a line is "key: value", as Timewarrior's extension header writes them.
func headerLine(s string) bool {
	k, _, ok := strings.Cut(s, ":")
	if !ok || k == "" {
		return false
	}
	for _, c := range k {
		if !(c == '.' || c == '_' || c == '-' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// Watson reads Watson's frames file: an array of [start, stop, project, id, [tags], updated_at].
func Watson(r io.Reader) (Result, error) { return collect("watson", r, Options{}) }

func streamWatson(r io.Reader, emit func(*Entry, *Error) error) (Result, error) {
	res := Result{Columns: jsonColumns["watson"]}
	err := jsonArray(stripBOM(r), func(i int, dec *json.Decoder) error {
		ref := fmt.Sprintf("index %d", i)
		var f []json.RawMessage
		if err := decodeElem(dec, &f, ref, "a frame"); err != nil {
			if isFatal(err) {
				return err
			}
			return emit(nil, &Error{Ref: ref, Reason: "must be an array [start, stop, project, id, tags, updated_at]"})
		}
		if len(f) < 4 {
			return emit(nil, &Error{Ref: ref, Reason: fmt.Sprintf("must have at least start, stop, project and id; got %d fields", len(f))})
		}
		var project, id string
		if err := json.Unmarshal(f[2], &project); err != nil {
			return emit(nil, &Error{Ref: ref, Column: "project", Reason: "must be text"})
		}
		fail := func(e *Error) error {
			e.Project = strings.TrimSpace(project)
			return emit(nil, e)
		}
		start, perr := epoch(f[0], ref, "start")
		if perr != nil {
			return fail(perr)
		}
		stop, perr := epoch(f[1], ref, "stop")
		if perr != nil {
			return fail(perr)
		}
		if err := json.Unmarshal(f[3], &id); err != nil || strings.TrimSpace(id) == "" {
			return fail(&Error{Ref: ref, Column: "id", Reason: "must be non-empty text"})
		}
		var tags []string
		if len(f) > 4 && string(f[4]) != "null" {
			if err := json.Unmarshal(f[4], &tags); err != nil {
				return fail(&Error{Ref: ref, Column: "tags", Reason: "must be a list of text values"})
			}
		}
		end, perr := endOf(start, stop, ref, "stop")
		if perr != nil {
			return fail(perr)
		}
		return emit(&Entry{Ref: ref, Project: strings.TrimSpace(project), Start: start, End: end, Tags: tags, Key: "watson:" + id,
			Columns: res.Columns}, nil)
	})
	return res, err
}

func epoch(raw json.RawMessage, ref, col string) (time.Time, *Error) {
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil || math.IsNaN(f) || f < 0 || f > 1e11 {
		return time.Time{}, &Error{Ref: ref, Column: col, Reason: fmt.Sprintf("must be a Unix time in seconds; got %s", truncate(string(raw), 40))}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}

// truncate shortens s to n characters for a message, never inside a UTF-8 sequence.
func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n]) + "…"
	}
	return s
}
