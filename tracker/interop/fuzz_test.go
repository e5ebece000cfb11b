package interop_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/interop"
)

// FuzzReadBlocksCSV checks Shiplog's own blocks CSV reader: no panic, every block it returns has a
// place and a key, and no message names a Go type or layout.
func FuzzReadBlocksCSV(f *testing.F) {
	f.Add([]byte("id,project,kind,start,end,seconds,planned_seconds,goal,outcome,interruptions,deliverable_id\r\n" +
		"7,'@home,deep,2026-11-20T15:30:00Z,2026-11-20T16:30:00Z,3600,3600,'=1+2,\"'-x, \"\"quoted\"\"\r\nnext\",0,\r\n"))
	f.Add([]byte("id,project,kind,start,end\n1,A,deep,2026-11-20T15:30:00Z,\n2,B,shallow,yesterday,\n3,C,meeting,2026-11-20T15:30:00Z,x\n"))
	f.Add([]byte("\xef\xbb\xbfid,project,kind,start,end,planned_seconds\n1,A,deep,2026-11-20T15:30:00+01:00,2026-11-20T16:30:00Z,-5\n"))
	f.Add([]byte("id,project\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, b []byte) {
		items, bad, err := interop.ReadBlocksCSV(bytes.NewReader(b))
		for _, it := range items {
			if it.Ref == "" || it.SourceKey == "" {
				t.Fatalf("block without ref or key: %+v", it)
			}
		}
		for _, e := range bad {
			noGoInMessage(t, e.Error())
		}
		if err != nil {
			noGoInMessage(t, err.Error())
		}
	})
}

// FuzzDecodeSnapshot checks Shiplog's JSON snapshot reader: no panic, and errors in words.
func FuzzDecodeSnapshot(f *testing.F) {
	var buf bytes.Buffer
	end := now
	snap := tracker.Snapshot{Format: "shiplog", Version: 1, Projects: []tracker.SnapProject{{ID: 1, Name: "Website"}},
		Blocks: []tracker.SnapBlock{{ID: 1, Project: "Website", Kind: tracker.KindDeep, Start: now.Add(-time.Hour), End: &end}}}
	if err := interop.WriteJSON(&buf, snap); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"format": "shiplog", "version": "one"}`))
	f.Add([]byte(`{"format": "shiplog", "version": 1, "blocks": [{"start": "yesterday"}]}`))
	f.Add([]byte(`{"format": "shiplog", "extra": 1}`))
	f.Add([]byte(`[1, 2]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err := interop.DecodeSnapshot(bytes.NewReader(b))
		if err != nil {
			noGoInMessage(t, err.Error())
		}
	})
}

func noGoInMessage(t *testing.T, msg string) {
	t.Helper()
	for _, bad := range []string{"Go value", "Go struct", "tracker.", "time.Time", "2006-01-02T15:04:05", "json: "} {
		if strings.Contains(msg, bad) {
			t.Fatalf("message %q contains %q", msg, bad)
		}
	}
}
