package parse

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
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

// Timewarrior reads `timew export` JSON, optionally preceded by the extension header (config lines,
// then a blank line). Project is the value of a "project:" tag; the importer decides the rest from tags.
func Timewarrior(r io.Reader) ([]Entry, []*Error, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	if err := skipTimewHeader(br); err != nil {
		return nil, nil, err
	}
	var out []Entry
	var bad []*Error
	err := jsonArray(br, func(i int, dec *json.Decoder) error {
		ref := fmt.Sprintf("index %d", i)
		var iv timewInterval
		if err := decodeElem(dec, &iv, ref); err != nil {
			if isFatal(err) {
				return err
			}
			bad = append(bad, err)
			return nil
		}
		if iv.Start == nil {
			bad = append(bad, &Error{Ref: ref, Column: "start", Reason: "must be set"})
			return nil
		}
		start, err := time.Parse(timewLayout, *iv.Start)
		if err != nil {
			bad = append(bad, &Error{Ref: ref, Column: "start", Reason: fmt.Sprintf("must be a UTC time like 20160405T162205Z; got %q", *iv.Start)})
			return nil
		}
		e := Entry{Ref: ref, Start: start, Description: iv.Annotation, Key: "timewarrior:" + *iv.Start}
		if iv.End != nil {
			endT, err := time.Parse(timewLayout, *iv.End)
			if err != nil {
				bad = append(bad, &Error{Ref: ref, Column: "end", Reason: fmt.Sprintf("must be a UTC time like 20160405T162205Z; got %q", *iv.End)})
				return nil
			}
			end, perr := endOf(start, endT, ref, "end")
			if perr != nil {
				bad = append(bad, perr)
				return nil
			}
			e.End = end
		}
		for _, t := range iv.Tags {
			if p, ok := strings.CutPrefix(t, "project:"); ok && e.Project == "" {
				e.Project = strings.TrimSpace(p)
				continue
			}
			e.Tags = append(e.Tags, t)
		}
		out = append(out, e)
		return nil
	})
	return out, bad, err
}

// decodeElem decodes one array element. A value of the wrong type is a row problem: the decoder has
// consumed it and can go on. Broken JSON is fatal, marked by the "bad JSON" reason.
func decodeElem(dec *json.Decoder, v any, ref string) *Error {
	err := dec.Decode(v)
	if err == nil {
		return nil
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		return &Error{Ref: ref, Column: te.Field, Reason: "bad value: " + err.Error()}
	}
	return &Error{Ref: ref, Reason: badJSON + jsonReason(err)}
}

const badJSON = "bad JSON: "

func isFatal(e *Error) bool { return strings.HasPrefix(e.Reason, badJSON) }

// skipTimewHeader skips the extension header: if the input does not start with '[', lines are
// consumed up to and including the first blank one.
func skipTimewHeader(br *bufio.Reader) error {
	for {
		b, err := br.Peek(1)
		if err != nil {
			return &Error{Reason: "the file is empty; expected a JSON array"}
		}
		switch b[0] {
		case ' ', '\t', '\r', '\n':
			_, _ = br.ReadByte()
			continue
		case '[', 0xEF:
			if b[0] == 0xEF {
				if p, err := br.Peek(3); err == nil && bytes.Equal(p, []byte{0xEF, 0xBB, 0xBF}) {
					_, _ = br.Discard(3)
					continue
				}
			}
			return nil
		}
		break
	}
	for line := 1; ; line++ {
		s, err := br.ReadString('\n')
		if strings.TrimSpace(s) == "" && err == nil {
			return nil
		}
		if err != nil {
			return &Error{Ref: fmt.Sprintf("line %d", line), Reason: "the extension header must end with a blank line before the JSON array"}
		}
		if !strings.Contains(s, ":") {
			return &Error{Ref: fmt.Sprintf("line %d", line), Reason: "expected a JSON array or a header line like \"key: value\""}
		}
	}
}

// Watson reads Watson's frames file: an array of [start, stop, project, id, [tags], updated_at].
func Watson(r io.Reader) ([]Entry, []*Error, error) {
	var out []Entry
	var bad []*Error
	err := jsonArray(stripBOM(r), func(i int, dec *json.Decoder) error {
		ref := fmt.Sprintf("index %d", i)
		var f []json.RawMessage
		if err := decodeElem(dec, &f, ref); err != nil {
			if isFatal(err) {
				return err
			}
			bad = append(bad, &Error{Ref: ref, Reason: "must be an array [start, stop, project, id, tags, updated_at]"})
			return nil
		}
		if len(f) < 4 {
			bad = append(bad, &Error{Ref: ref, Reason: fmt.Sprintf("must have at least start, stop, project and id; got %d fields", len(f))})
			return nil
		}
		start, perr := epoch(f[0], ref, "start")
		if perr != nil {
			bad = append(bad, perr)
			return nil
		}
		stop, perr := epoch(f[1], ref, "stop")
		if perr != nil {
			bad = append(bad, perr)
			return nil
		}
		var project, id string
		if err := json.Unmarshal(f[2], &project); err != nil {
			bad = append(bad, &Error{Ref: ref, Column: "project", Reason: "must be a string"})
			return nil
		}
		if err := json.Unmarshal(f[3], &id); err != nil || strings.TrimSpace(id) == "" {
			bad = append(bad, &Error{Ref: ref, Column: "id", Reason: "must be a non-empty string"})
			return nil
		}
		var tags []string
		if len(f) > 4 && string(f[4]) != "null" {
			if err := json.Unmarshal(f[4], &tags); err != nil {
				bad = append(bad, &Error{Ref: ref, Column: "tags", Reason: "must be an array of strings"})
				return nil
			}
		}
		end, perr := endOf(start, stop, ref, "stop")
		if perr != nil {
			bad = append(bad, perr)
			return nil
		}
		out = append(out, Entry{Ref: ref, Project: strings.TrimSpace(project), Start: start, End: end, Tags: tags, Key: "watson:" + id})
		return nil
	})
	return out, bad, err
}

func epoch(raw json.RawMessage, ref, col string) (time.Time, *Error) {
	var f float64
	if err := json.Unmarshal(raw, &f); err != nil || math.IsNaN(f) || f < 0 || f > 1e11 {
		return time.Time{}, &Error{Ref: ref, Column: col, Reason: fmt.Sprintf("must be a Unix time in seconds; got %s", truncate(string(raw), 40))}
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(frac*1e9)).UTC(), nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
