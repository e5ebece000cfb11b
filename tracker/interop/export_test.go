package interop

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
)

// TestWriteBlocksMatchesEncodingJSON checks the hand-written block encoder against
// json.MarshalIndent, which WriteJSON used for blocks before, on texts that need every escape.
func TestWriteBlocksMatchesEncodingJSON(t *testing.T) {
	texts := []string{"", "plain", "two  spaces", "quote \" back\\slash", "line\nbreak\ttab\r\b\f", "<b>&amp;</b>",
		"Grüße – 日本 🚀", "\u2028sep\u2029", "\x00\x01\x1f\x7f", "bad \xff utf-8", "'=cmd|' /C calc'!A0"}
	rng := rand.New(rand.NewPCG(7, 11))
	var blocks []tracker.SnapBlock
	for i := range 500 {
		start := time.Unix(1700000000+int64(i)*3600, 0).UTC()
		b := tracker.SnapBlock{ID: uint(i + 1), Project: texts[rng.IntN(len(texts))], Kind: tracker.Kinds[i%4],
			Start: start, PlannedSeconds: rng.Int64N(86400), Goal: texts[rng.IntN(len(texts))],
			Outcome: texts[rng.IntN(len(texts))], Interruptions: rng.IntN(10)}
		switch i % 5 {
		case 0: // running
		case 1:
			e := start.Add(time.Duration(rng.IntN(1e6)) * time.Millisecond) // fractional seconds
			b.End = &e
		case 2:
			e := start.Add(time.Hour).In(time.FixedZone("X", 3600)) // not UTC: encoding/json's path
			b.End = &e
		default:
			e := start.Add(25 * time.Minute)
			b.End = &e
		}
		if i%2 == 0 {
			d := uint(rng.IntN(100))
			b.DeliverableID = &d
		}
		blocks = append(blocks, b)
	}
	for _, bs := range [][]tracker.SnapBlock{blocks, blocks[:1], {}, nil} {
		var got, want bytes.Buffer
		snap := tracker.Snapshot{Format: "shiplog", Version: 1, Blocks: bs}
		if err := WriteJSON(&got, snap); err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(snap); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			g, w := got.String(), want.String()
			i := 0
			for i < min(len(g), len(w)) && g[i] == w[i] {
				i++
			}
			t.Fatalf("%d blocks: differ at byte %d:\ngot  %q\nwant %q", len(bs), i, g[max(0, i-80):min(len(g), i+80)],
				w[max(0, i-80):min(len(w), i+80)])
		}
	}
	// A year encoding/json refuses is still refused.
	far := tracker.SnapBlock{ID: 1, Start: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
	var buf bytes.Buffer
	if err := WriteJSON(&buf, tracker.Snapshot{Blocks: []tracker.SnapBlock{far}}); err == nil ||
		!strings.Contains(err.Error(), "year") {
		t.Errorf("year 10000: got %v, want encoding/json's error", err)
	}
}

// TestWriteJSONWritesCheckInsAsEncodingJSONDoes checks the check-ins' key: written as
// encoding/json writes it, and left out when there are none.
func TestWriteJSONWritesCheckInsAsEncodingJSONDoes(t *testing.T) {
	for _, cs := range [][]tracker.SnapCheckIn{nil, {}, {{Week: "2026-W47", Satisfaction: 4, Balance: 3}, {Week: "2026-W48", Satisfaction: 2, Balance: 5}}} {
		snap := tracker.Snapshot{Format: "shiplog", Version: 1, Settings: []tracker.SnapSetting{{Key: "timezone", Value: "UTC"}}, CheckIns: cs}
		var got, want bytes.Buffer
		if err := WriteJSON(&got, snap); err != nil {
			t.Fatal(err)
		}
		enc := json.NewEncoder(&want)
		enc.SetIndent("", "  ")
		if err := enc.Encode(snap); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("%d check-ins:\n%s\nwant\n%s", len(cs), got.String(), want.String())
		}
		back, err := DecodeSnapshot(&got)
		if err != nil || len(back.CheckIns) != len(cs) {
			t.Errorf("read back %d check-ins, %v", len(back.CheckIns), err)
		}
	}
}
