package interop_test

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	ical "github.com/emersion/go-ical"

	"shiplog/tracker"
	"shiplog/tracker/interop"
)

// TestICSEventsMatchTheBlocks reads the export back with go-ical and compares every event, field by
// field, to the block it came from.
func TestICSEventsMatchTheBlocks(t *testing.T) {
	loc := berlin(t)
	at := func(day, hour, min int) time.Time { return time.Date(2026, 11, day, hour, min, 0, 0, loc) }
	end := func(t time.Time) *time.Time { return &t }
	long := strings.Repeat("Grüße aus 日本 – ", 8)
	blocks := []tracker.SnapBlock{
		// Times in Berlin, not UTC: the export must still write the same instants in UTC.
		{ID: 1, Project: "Shiplog API", Kind: tracker.KindDeep, Start: at(23, 9, 0), End: end(at(23, 10, 30)),
			Goal: long, Outcome: "done; a, b \\ c\nnext line\r\x07 with a bell"},
		{ID: 2, Project: "Shiplog API", Kind: tracker.KindDeep, Start: at(24, 9, 0)}, // running: left out
		{ID: 3, Project: "Hiring, EU", Kind: tracker.KindMeeting, Start: at(24, 11, 0).Add(400 * time.Millisecond),
			End: end(at(24, 11, 45).Add(900 * time.Millisecond))},
		{ID: 4, Project: "Ops", Kind: tracker.KindShallow, Start: at(25, 8, 0), End: end(at(25, 8, 20)), Goal: "bad \xff byte\ttab"},
	}
	stamp := time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	var buf bytes.Buffer
	if err := interop.WriteICS(&buf, blocks, stamp); err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(buf.Bytes())).Decode()
	if err != nil {
		t.Fatalf("parse: %v\n%s", err, buf.String())
	}

	t.Run("the calendar names its version, producer and scale", func(t *testing.T) {
		for name, want := range map[string]string{ical.PropVersion: "2.0", ical.PropProductID: "-//Shiplog//Shiplog export//EN",
			ical.PropCalendarScale: "GREGORIAN"} {
			if got, _ := cal.Props.Text(name); got != want {
				t.Errorf("%s is %q, want %q", name, got, want)
			}
		}
	})

	events := map[string]ical.Event{}
	for _, ev := range cal.Events() {
		uid, _ := ev.Props.Text(ical.PropUID)
		events[uid] = ev
	}
	t.Run("there is one event per finished block, each under its own UID", func(t *testing.T) {
		if n := len(cal.Events()); n != 3 || len(events) != 3 {
			t.Fatalf("%d events under %d UIDs, want 3 finished blocks", n, len(events))
		}
	})

	for _, b := range blocks {
		if b.End == nil {
			continue
		}
		uid := fmt.Sprintf("block-%d-%d@shiplog", b.ID, b.Start.Unix())
		t.Run(fmt.Sprintf("block %d reads back with its times, texts and category", b.ID), func(t *testing.T) {
			ev, ok := events[uid]
			if !ok {
				t.Fatalf("no event with UID %s", uid)
			}
			for name, want := range map[string]time.Time{ical.PropDateTimeStart: b.Start, ical.PropDateTimeEnd: *b.End,
				ical.PropDateTimeStamp: stamp} {
				p := ev.Props.Get(name)
				if p == nil {
					t.Errorf("no %s", name)
					continue
				}
				if !strings.HasSuffix(p.Value, "Z") || len(p.Params) > 0 {
					t.Errorf("%s is %q with %v, want a UTC time and no TZID", name, p.Value, p.Params)
				}
				got, err := p.DateTime(time.UTC)
				if err != nil || !got.Equal(want.Truncate(time.Second)) {
					t.Errorf("%s is %v (%v), want %v", name, got, err, want.UTC().Truncate(time.Second))
				}
			}
			summary := b.Kind.Label() + ": " + b.Project
			if b.Goal != "" {
				summary += " – " + strings.ToValidUTF8(b.Goal, "\uFFFD")
			}
			if got, _ := ev.Props.Text(ical.PropSummary); got != summary {
				t.Errorf("summary %q, want %q", got, summary)
			}
			desc := ev.Props.Get(ical.PropDescription)
			switch {
			case b.Outcome == "" && desc != nil:
				t.Errorf("a block without an outcome has the description %q", desc.Value)
			case b.Outcome != "":
				want := "done; a, b \\ c\nnext line with a bell" // the CR and the bell are dropped
				if got, _ := ev.Props.Text(ical.PropDescription); got != want {
					t.Errorf("description %q, want %q", got, want)
				}
			}
			cats, err := ev.Props.Get(ical.PropCategories).TextList()
			if err != nil || !slices.Equal(cats, []string{b.Project}) {
				t.Errorf("categories %q (%v), want the one project %q", cats, err, b.Project)
			}
		})
	}

	t.Run("lines are folded at 75 octets, never inside a character", func(t *testing.T) {
		text := buf.String()
		if !strings.HasSuffix(text, "END:VCALENDAR\r\n") {
			t.Errorf("the file does not end with END:VCALENDAR and CRLF: %q", text[max(0, len(text)-40):])
		}
		folded := 0
		for _, l := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
			if len(l) > 75 || !utf8.ValidString(l) {
				t.Errorf("line of %d octets, valid UTF-8 %v: %q", len(l), utf8.ValidString(l), l)
			}
			if strings.HasPrefix(l, " ") {
				folded++
			}
		}
		if folded == 0 {
			t.Error("the long summary was not folded")
		}
	})
}

func TestICSExportWithoutAFinishedBlockWritesNothing(t *testing.T) {
	running := []tracker.SnapBlock{{ID: 1, Project: "P", Kind: tracker.KindDeep, Start: now}}
	for _, blocks := range [][]tracker.SnapBlock{nil, running} {
		var buf bytes.Buffer
		err := interop.WriteICS(&buf, blocks, now)
		if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), "no finished block") {
			t.Errorf("%d blocks: %v, want ErrInvalid saying there is no finished block", len(blocks), err)
		}
		if buf.Len() > 0 {
			t.Errorf("%d blocks: wrote %q", len(blocks), buf.String())
		}
	}
}
