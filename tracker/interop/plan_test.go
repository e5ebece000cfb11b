package interop_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/interop"
	"shiplog/tracker/interop/parse"
)

// at is a time on 2 November 2026 (UTC), "09:30".
func at(hm string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", "2026-11-02 "+hm)
	if err != nil {
		panic(err)
	}
	return t
}

// cand is an entry from 'from' to 'to' ("" for an open one), referred to as "line N".
func cand(n int, from, to string) interop.Candidate {
	b := tracker.Block{Project: "P", Kind: tracker.KindDeep, Start: at(from)}
	if to != "" {
		e := at(to)
		b.End = &e
	}
	return interop.Candidate{Item: tracker.ImportBlock{Ref: fmt.Sprintf("line %d", n), Block: b}}
}

// spans describes the planned items as "line N from-to" in file order.
func spans(p interop.Plan) string {
	var out []string
	for _, it := range p.Items {
		end := "running"
		if it.Block.End != nil {
			end = it.Block.End.Format("15:04")
		}
		out = append(out, fmt.Sprintf("%s %s-%s", it.Ref, it.Block.Start.Format("15:04"), end))
	}
	return strings.Join(out, ", ")
}

func skips(p interop.Plan) string {
	var out []string
	for _, s := range p.Skipped {
		out = append(out, fmt.Sprintf("%s %s", s.Ref, s.Reason))
	}
	return strings.Join(out, ", ")
}

func TestPlanHandlesOverlapsWithinAFileByPolicy(t *testing.T) {
	// A long entry with a meeting inside it, and a next entry a few seconds into the first's end.
	file := []interop.Candidate{cand(2, "09:00", "12:00"), cand(3, "10:00", "10:30"), cand(4, "11:59", "13:00"), cand(5, "14:00", "15:00")}
	tests := []struct {
		policy interop.OverlapPolicy
		items  string
		skips  string
		secs   int64
	}{
		{interop.OverlapKeep, "line 2 09:00-12:00, line 3 10:00-10:30, line 4 11:59-13:00, line 5 14:00-15:00", "", (180 + 30 + 61 + 60) * 60},
		{interop.OverlapTrim, "line 2 09:00-10:00, line 3 10:00-10:30, line 4 11:59-13:00, line 5 14:00-15:00", "", (60 + 30 + 61 + 60) * 60},
		{interop.OverlapSkip, "line 2 09:00-12:00, line 5 14:00-15:00", "line 3 overlap, line 4 overlap", (180 + 60) * 60},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("with --overlaps %s", tc.policy), func(t *testing.T) {
			p := interop.BuildPlan(file, nil, interop.PlanOptions{Overlaps: tc.policy, Now: at("18:00")})
			if got := spans(p); got != tc.items {
				t.Errorf("items %s\nwant  %s", got, tc.items)
			}
			if got := skips(p); got != tc.skips {
				t.Errorf("skipped %q, want %q", got, tc.skips)
			}
			if p.Seconds != tc.secs {
				t.Errorf("seconds %d, want %d", p.Seconds, tc.secs)
			}
			// The file's overlaps are measured before the policy: two entries start inside line 2,
			// and 30 min + 1 min are counted twice.
			if p.Overlaps.Count != 2 || p.Overlaps.Total != 31*time.Minute {
				t.Errorf("overlaps %+v", p.Overlaps)
			}
		})
	}
	t.Run("trim leaves nothing of an entry when the next starts at the same time", func(t *testing.T) {
		p := interop.BuildPlan([]interop.Candidate{cand(2, "09:00", "10:00"), cand(3, "09:00", "09:30")}, nil,
			interop.PlanOptions{Overlaps: interop.OverlapTrim, Now: at("18:00")})
		if spans(p) != "line 3 09:00-09:30" || skips(p) != "line 2 overlap" {
			t.Errorf("items %s, skipped %s", spans(p), skips(p))
		}
	})
	t.Run("entries that only touch do not overlap", func(t *testing.T) {
		p := interop.BuildPlan([]interop.Candidate{cand(2, "09:00", "10:00"), cand(3, "10:00", "11:00")}, nil,
			interop.PlanOptions{Overlaps: interop.OverlapSkip, Now: at("18:00")})
		if p.Overlaps.Count != 0 || len(p.Items) != 2 {
			t.Errorf("overlaps %+v, items %s", p.Overlaps, spans(p))
		}
	})
}

func TestPlanSkipsZeroLengthAndOldOpenEntriesAndFlagsLongOnes(t *testing.T) {
	long := cand(5, "08:00", "09:00")
	end := at("09:00").Add(24 * time.Hour)
	long.Item.Block.End = &end
	stated := 2 * time.Hour
	disagrees := cand(6, "10:00", "11:00")
	disagrees.Stated = &stated
	rounded := 60*time.Minute + 900*time.Millisecond
	agrees := cand(7, "12:00", "13:00")
	agrees.Stated = &rounded

	tests := []struct {
		name  string
		cands []interop.Candidate
		now   time.Time
		items string
		skips string
		flags string
	}{
		{"a zero-length entry is skipped and counted", []interop.Candidate{cand(2, "09:00", "09:00"), cand(3, "10:00", "11:00")}, at("18:00"),
			"line 3 10:00-11:00", "line 2 zero-length", ""},
		{"an open interval of this morning runs", []interop.Candidate{cand(2, "08:00", "09:00"), cand(3, "09:30", "")}, at("18:00"),
			"line 2 08:00-09:00, line 3 09:30-running", "", "line 3 running"},
		{"an open interval older than 24 hours is skipped and named", []interop.Candidate{cand(2, "08:00", "")}, at("08:00").Add(25 * time.Hour),
			"", "line 2 open interval", ""},
		{"an open interval in the future is skipped", []interop.Candidate{cand(2, "20:00", "")}, at("18:00"), "", "line 2 open interval", ""},
		{"of two recent open intervals only the later runs", []interop.Candidate{cand(2, "12:00", ""), cand(3, "09:00", "")}, at("18:00"),
			"line 2 12:00-running", "line 3 open interval", "line 2 running"},
		{"an entry longer than 24 hours is kept and flagged", []interop.Candidate{long}, at("18:00").Add(48 * time.Hour),
			"line 5 08:00-09:00", "", "line 5 longer than 24 hours"},
		{"a duration column off by more than a second is flagged, within a second is not", []interop.Candidate{disagrees, agrees}, at("18:00"),
			"line 6 10:00-11:00, line 7 12:00-13:00", "", "line 6 duration column disagrees"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := interop.BuildPlan(tc.cands, nil, interop.PlanOptions{Now: tc.now})
			var flags []string
			for _, f := range p.Flags {
				flags = append(flags, fmt.Sprintf("%s %s", f.Ref, f.Kind))
			}
			if spans(p) != tc.items || skips(p) != tc.skips || strings.Join(flags, ", ") != tc.flags {
				t.Errorf("items %q skipped %q flags %q\nwant  %q skipped %q flags %q", spans(p), skips(p), strings.Join(flags, ", "),
					tc.items, tc.skips, tc.flags)
			}
		})
	}
}

func TestPlanCountsDaysProjectsAndUnreadableRows(t *testing.T) {
	a := cand(2, "23:30", "23:50")
	b := cand(3, "09:00", "10:00")
	b.Item.Block.Start = b.Item.Block.Start.Add(48 * time.Hour)
	e := b.Item.Block.Start.Add(time.Hour)
	b.Item.Block.End = &e
	b.Item.Block.Project, b.Item.Block.Kind = "", tracker.KindMeeting
	bad := []*parse.Error{{Ref: "line 4", Column: "End time", Reason: "must be a time", Project: "Q"}}
	p := interop.BuildPlan([]interop.Candidate{a, b}, bad, interop.PlanOptions{Now: at("18:00").Add(72 * time.Hour), Location: berlin(t)})
	// 23:30 UTC is already 3 November in Berlin.
	if p.FirstDay != "2026-11-03" || p.LastDay != "2026-11-04" {
		t.Errorf("days %s to %s", p.FirstDay, p.LastDay)
	}
	if p.Counts["P"][tracker.KindDeep] != 1 || p.Counts[tracker.DefaultImportProject][tracker.KindMeeting] != 1 {
		t.Errorf("counts %v", p.Counts)
	}
	if len(p.Skipped) != 1 || p.Skipped[0].Reason != interop.SkipInvalid || p.Skipped[0].Project != "Q" || p.Skipped[0].Seconds != -1 {
		t.Errorf("skipped %+v", p.Skipped)
	}
}

func TestParseOverlapPolicy(t *testing.T) {
	for in, want := range map[string]interop.OverlapPolicy{"": interop.OverlapKeep, "keep": interop.OverlapKeep, "TRIM": interop.OverlapTrim, "skip": interop.OverlapSkip} {
		if got, err := interop.ParseOverlapPolicy(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if _, err := interop.ParseOverlapPolicy("merge"); err == nil {
		t.Error("merge accepted")
	}
}
