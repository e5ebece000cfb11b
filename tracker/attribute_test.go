package tracker_test

import (
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
)

// spansAt makes block spans from "09:00-12:00" on the entries' day; "09:00-" runs.
func spansAt(ss ...string) []tracker.BlockSpan {
	out := make([]tracker.BlockSpan, len(ss))
	for i, s := range ss {
		from, to, _ := strings.Cut(s, "-")
		out[i] = tracker.BlockSpan{Kind: tracker.KindDeep, Start: hm(from)}
		if to != "" {
			e := hm(to)
			out[i].End = &e
		}
	}
	return out
}

// partsText describes each block's counted parts: "09:00-10:00 10:30-12:00 | 10:00-10:30".
func partsText(parts [][]tracker.Part) string {
	var blocks []string
	for _, ps := range parts {
		var s []string
		for _, p := range ps {
			s = append(s, p.From.Format("15:04")+"-"+p.To.Format("15:04"))
		}
		blocks = append(blocks, strings.Join(s, " "))
	}
	return strings.Join(blocks, " | ")
}

func TestAttributeCountsAnOverlappedSpanOnceForTheLaterBlock(t *testing.T) {
	now := hm("18:00")
	tests := []struct {
		name  string
		spans []tracker.BlockSpan
		want  string
	}{
		{"blocks that do not overlap keep their spans", spansAt("09:00-10:00", "10:00-11:00"), "09:00-10:00 | 10:00-11:00"},
		{"a nested block takes its span out of the middle of the outer one", spansAt("09:00-12:00", "10:00-10:30"),
			"09:00-10:00 10:30-12:00 | 10:00-10:30"},
		{"a block that starts before another ends takes the overlap", spansAt("09:00-10:30", "10:00-11:00"),
			"09:00-10:00 | 10:00-11:00"},
		{"of two identical blocks the later in the list counts", spansAt("09:00-10:00", "09:00-10:00"), " | 09:00-10:00"},
		{"a running block counts up to now, less what later blocks take", spansAt("16:00-", "17:00-17:30"),
			"16:00-17:00 17:30-18:00 | 17:00-17:30"},
		{"blocks nested three deep hand the time back as each ends", spansAt("08:00-13:00", "09:00-12:00", "10:00-11:00"),
			"08:00-09:00 12:00-13:00 | 09:00-10:00 11:00-12:00 | 10:00-11:00"},
		{"an earlier block that outlasts a later one gets the time after it", spansAt("09:00-11:00", "09:30-10:00", "10:30-12:00"),
			"09:00-09:30 10:00-10:30 | 09:30-10:00 | 10:30-12:00"},
		{"a block that starts after now counts nothing", spansAt("19:00-"), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			parts := tracker.Attribute(tc.spans, now)
			if got := partsText(parts); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
			// The parts never overlap and cover exactly the union of the spans.
			var sum, union time.Duration
			var curEnd time.Time
			for i, s := range tc.spans {
				sum += tracker.PartsLength(parts[i])
				end := now
				if s.End != nil {
					end = *s.End
				}
				if end.Before(s.Start) {
					end = s.Start
				}
				from := s.Start
				if curEnd.After(from) {
					from = curEnd
				}
				if end.After(from) {
					union += end.Sub(from)
					curEnd = end
				}
			}
			if sum != union {
				t.Errorf("parts add up to %v, the union of the blocks is %v", sum, union)
			}
		})
	}
}

func TestPartsInClipsToTheRange(t *testing.T) {
	parts := tracker.Attribute(spansAt("09:00-12:00", "10:00-10:30"), hm("18:00"))
	if got := tracker.PartsIn(parts[0], hm("09:30"), hm("11:00")); got != time.Hour {
		t.Errorf("got %v, want 1h (09:30-10:00 and 10:30-11:00)", got)
	}
}
