package tracker_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
)

// day is the day before t0: the imports' entries fall on it.
func hm(s string) time.Time {
	t, err := time.Parse("2006-01-02 15:04", "2026-11-24 "+s)
	if err != nil {
		panic(err)
	}
	return t
}

// entry is an imported block of project P from "09:00" to "10:00" ("" for an open one), referred
// to and keyed as ref.
func entry(ref, from, to string) tracker.ImportBlock {
	b := tracker.Block{Project: "P", Kind: tracker.KindDeep, Start: hm(from)}
	if to != "" {
		e := hm(to)
		b.End = &e
	}
	return tracker.ImportBlock{Ref: ref, SourceKey: "test:" + ref, Block: b}
}

// spansOf describes the stored blocks as "from-to" on their day, in order of start.
func spansOf(t *testing.T, svc *tracker.Service) string {
	t.Helper()
	bs, err := svc.Blocks(tracker.BlockFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range bs {
		end := "running"
		if b.End != nil {
			end = b.End.Format("15:04")
		}
		out = append(out, b.Start.Format("15:04")+"-"+end)
	}
	return strings.Join(out, " ")
}

// adjusted describes what the rules did: "line 3 overlap", "line 2 trimmed".
func adjusted(res tracker.ImportResult) string {
	var out []string
	for _, a := range res.Adjusted {
		out = append(out, a.Ref+" "+a.What)
	}
	return strings.Join(out, ", ")
}

func TestImportSettlesOverlapsWithinTheFileByPolicy(t *testing.T) {
	// A long entry with a meeting inside it, and a next entry a minute into the first's end.
	file := []tracker.ImportBlock{entry("line 2", "09:00", "12:00"), entry("line 3", "10:00", "10:30"),
		entry("line 4", "11:59", "13:00"), entry("line 5", "14:00", "15:00")}
	tests := []struct {
		policy   tracker.OverlapPolicy
		file     []tracker.ImportBlock
		spans    string
		adjusted string
		secs     int64
		overlaps tracker.Overlaps
	}{
		{tracker.OverlapKeep, file, "09:00-12:00 10:00-10:30 11:59-13:00 14:00-15:00", "", (180 + 30 + 61 + 60) * 60,
			tracker.Overlaps{Count: 2, Total: 31 * time.Minute}},
		{tracker.OverlapTrim, file, "09:00-10:00 10:00-10:30 11:59-13:00 14:00-15:00", "line 2 trimmed", (60 + 30 + 61 + 60) * 60,
			tracker.Overlaps{Count: 2, Total: 31 * time.Minute}},
		{tracker.OverlapSkip, file, "09:00-12:00 14:00-15:00", "line 3 overlap, line 4 overlap", (180 + 60) * 60,
			tracker.Overlaps{Count: 2, Total: 31 * time.Minute}},
		{tracker.OverlapTrim, []tracker.ImportBlock{entry("line 2", "09:00", "10:00"), entry("line 3", "09:00", "09:30")},
			"09:00-09:30", "line 2 overlap", 30 * 60, tracker.Overlaps{Count: 1, Total: 30 * time.Minute}},
		{tracker.OverlapSkip, []tracker.ImportBlock{entry("line 2", "09:00", "10:00"), entry("line 3", "10:00", "11:00")},
			"09:00-10:00 10:00-11:00", "", 120 * 60, tracker.Overlaps{}},
	}
	for _, tc := range tests {
		t.Run(fmt.Sprintf("with --overlaps %s, %d entries", tc.policy, len(tc.file)), func(t *testing.T) {
			svc, _ := mustOpen(t)
			dry, err := svc.ImportBlocks(tc.file, tracker.ImportOptions{Overlaps: tc.policy, DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			if got := spansOf(t, svc); got != "" {
				t.Fatalf("the dry run wrote %s", got)
			}
			res, err := svc.ImportBlocks(tc.file, tracker.ImportOptions{Overlaps: tc.policy})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []tracker.ImportResult{dry, res} {
				if adjusted(r) != tc.adjusted || r.Seconds != tc.secs || r.FileOverlaps != tc.overlaps || r.StoredOverlaps.Count != 0 {
					t.Errorf("adjusted %q, %d s, overlaps %+v\nwant     %q, %d s, %+v", adjusted(r), r.Seconds, r.FileOverlaps,
						tc.adjusted, tc.secs, tc.overlaps)
				}
			}
			if got := spansOf(t, svc); got != tc.spans {
				t.Errorf("stored %s\nwant   %s", got, tc.spans)
			}
			again, err := svc.ImportBlocks(tc.file, tracker.ImportOptions{Overlaps: tc.policy})
			if err != nil || again.Added != 0 || again.Existing != res.Added {
				t.Errorf("a second import: %v, added %d, existing %d", err, again.Added, again.Existing)
			}
			if got := spansOf(t, svc); got != tc.spans {
				t.Errorf("after a second import %s\nwant %s", got, tc.spans)
			}
		})
	}
}

func TestImportSettlesOverlapsWithStoredBlocksAndNeverChangesThem(t *testing.T) {
	// Stored: 10:00-11:00 and 13:00-13:30. The file: one entry into the first stored block, one
	// inside it, one out of it, and one around the second.
	file := []tracker.ImportBlock{entry("a", "09:30", "10:30"), entry("b", "10:15", "10:45"), entry("c", "12:00", "14:00"),
		entry("d", "10:45", "11:15")}
	tests := []struct {
		policy   tracker.OverlapPolicy
		spans    string
		adjusted string
		leftOut  string
	}{
		{tracker.OverlapKeep, "09:30-10:30 10:00-11:00 10:15-10:45 10:45-11:15 12:00-14:00 13:00-13:30", "", ""},
		// a ends where the stored block begins; b lies within it; c ends where the second stored
		// block begins (its tail after that block is not kept); d starts where the first ends.
		{tracker.OverlapTrim, "09:30-10:00 10:00-11:00 11:00-11:15 12:00-13:00 13:00-13:30",
			"a trimmed, b overlap, c trimmed, d trimmed", "P: 1 rows, 1800 s"},
		{tracker.OverlapSkip, "10:00-11:00 13:00-13:30", "a overlap, b overlap, c overlap, d overlap", "P: 4 rows, 14400 s"},
	}
	for _, tc := range tests {
		t.Run("with --overlaps "+string(tc.policy), func(t *testing.T) {
			svc, _ := mustOpen(t)
			mustProject(t, svc, "Mine")
			for _, s := range [][2]string{{"10:00", "11:00"}, {"13:00", "13:30"}} {
				end := hm(s[1])
				if _, err := svc.AddBlock(tracker.Block{Project: "Mine", Kind: tracker.KindMeeting, Start: hm(s[0]), End: &end}); err != nil {
					t.Fatal(err)
				}
			}
			res, err := svc.ImportBlocks(file, tracker.ImportOptions{Overlaps: tc.policy})
			if err != nil {
				t.Fatal(err)
			}
			if got := spansOf(t, svc); got != tc.spans {
				t.Errorf("stored %s\nwant   %s", got, tc.spans)
			}
			if adjusted(res) != tc.adjusted {
				t.Errorf("adjusted %q, want %q", adjusted(res), tc.adjusted)
			}
			var left []string
			for _, d := range res.LeftOut {
				left = append(left, fmt.Sprintf("%s: %d rows, %d s", d.Project, d.Rows, d.Seconds))
			}
			if strings.Join(left, "; ") != tc.leftOut {
				t.Errorf("left out %q, want %q", left, tc.leftOut)
			}
			// All four overlap stored time: a 30 min, b and d inside the first block's remaining
			// 30 min, c the second block's 30 min; 90 min in all, counted once.
			if o := res.StoredOverlaps; o.Count != 4 || o.Total != 90*time.Minute {
				t.Errorf("stored overlaps %+v", o)
			}
			again, err := svc.ImportBlocks(file, tracker.ImportOptions{Overlaps: tc.policy})
			if err != nil || again.Added != 0 {
				t.Errorf("a second import: %v, added %d", err, again.Added)
			}
			if got := spansOf(t, svc); got != tc.spans {
				t.Errorf("after a second import %s\nwant %s", got, tc.spans)
			}
		})
	}
}

func TestAnOpenEntryRunsOnlyWhenNothingRunsAndItIsRecent(t *testing.T) {
	// t0 is 25 November 15:00; the entries' day is the 24th.
	recent := tracker.ImportBlock{Ref: "r", SourceKey: "test:r", Block: tracker.Block{Project: "P", Kind: tracker.KindDeep,
		Start: t0.Add(-3 * time.Hour)}}
	earlier := recent
	earlier.Ref, earlier.SourceKey, earlier.Block.Start = "e", "test:e", t0.Add(-5*time.Hour)
	old := recent
	old.Ref, old.SourceKey, old.Block.Start = "o", "test:o", t0.Add(-25*time.Hour)
	tests := []struct {
		name     string
		running  bool
		file     []tracker.ImportBlock
		adjusted string
		spans    string
	}{
		{"a recent open entry becomes the running block", false, []tracker.ImportBlock{recent}, "r running", "12:00-running"},
		{"it is left out, and named, when a block runs in Shiplog", true, []tracker.ImportBlock{recent}, "r open interval", "14:00-running"},
		{"an open entry older than 24 hours never runs", false, []tracker.ImportBlock{old}, "o open interval", ""},
		{"of two recent open entries the later runs", false, []tracker.ImportBlock{earlier, recent}, "e open interval, r running", "12:00-running"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svc, _ := mustOpen(t)
			if tc.running {
				mustProject(t, svc, "Mine")
				if _, _, err := svc.StartBlock(tracker.Block{Project: "Mine", Kind: tracker.KindDeep, Start: t0.Add(-time.Hour)}); err != nil {
					t.Fatal(err)
				}
			}
			dry, err := svc.ImportBlocks(tc.file, tracker.ImportOptions{DryRun: true})
			if err != nil {
				t.Fatal(err)
			}
			res, err := svc.ImportBlocks(tc.file, tracker.ImportOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if adjusted(dry) != tc.adjusted || adjusted(res) != tc.adjusted {
				t.Errorf("the dry run says %q, the import %q; want %q", adjusted(dry), adjusted(res), tc.adjusted)
			}
			if got := spansOf(t, svc); got != tc.spans {
				t.Errorf("stored %s, want %s", got, tc.spans)
			}
		})
	}
}

func TestTypedBlocksStillMayNotOverlapImportedOnes(t *testing.T) {
	svc, _ := mustOpen(t)
	// Nested: the block that starts last before 10:30 ends at 10:00, but the long one runs on.
	if _, err := svc.ImportBlocks([]tracker.ImportBlock{entry("long", "08:00", "12:00"), entry("short", "09:00", "10:00")},
		tracker.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	at := func(s string) *time.Time { v := hm(s); return &v }
	tests := []struct {
		name string
		try  func() error
		ok   bool
	}{
		{"a block added inside the long one is refused", func() error {
			_, err := svc.AddBlock(tracker.Block{Project: "P", Kind: tracker.KindShallow, Start: hm("10:30"), End: at("11:00")})
			return err
		}, false},
		{"a block added after both is accepted", func() error {
			_, err := svc.AddBlock(tracker.Block{Project: "P", Kind: tracker.KindShallow, Start: hm("12:00"), End: at("12:30")})
			return err
		}, true},
		{"a block started inside the long one is refused", func() error {
			_, _, err := svc.StartBlock(tracker.Block{Project: "P", Kind: tracker.KindShallow, Start: hm("11:00")})
			return err
		}, false},
		{"an edit that moves a block into the long one is refused", func() error {
			bs, err := svc.Blocks(tracker.BlockFilter{From: hm("12:00")})
			if err != nil {
				return err
			}
			_, err = svc.EditBlock(bs[0].ID, tracker.BlockPatch{Start: at("11:30")})
			return err
		}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.try()
			if tc.ok && err != nil {
				t.Fatal(err)
			}
			if !tc.ok && (!errors.Is(err, tracker.ErrConflict) || !strings.Contains(err.Error(), "overlaps block 1")) {
				t.Fatalf("got %v, want a conflict naming block 1", err)
			}
		})
	}
}

func TestBlocksListsEveryBlockThatRunsIntoTheRange(t *testing.T) {
	svc, _ := mustOpen(t)
	if _, err := svc.ImportBlocks([]tracker.ImportBlock{entry("long", "08:00", "12:00"), entry("short", "09:00", "11:00"),
		entry("gone", "09:10", "09:20")}, tracker.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	bs, err := svc.Blocks(tracker.BlockFilter{From: hm("10:00"), To: hm("13:00")})
	if err != nil {
		t.Fatal(err)
	}
	if len(bs) != 2 || !bs[0].Start.Equal(hm("08:00")) || !bs[1].Start.Equal(hm("09:00")) {
		t.Errorf("got %+v", bs)
	}
}

func TestImportSummarisesWhatProblemsAndThePolicyLeftOut(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "Mine")
	end := hm("11:00")
	if _, err := svc.AddBlock(tracker.Block{Project: "Mine", Kind: tracker.KindMeeting, Start: hm("10:00"), End: &end}); err != nil {
		t.Fatal(err)
	}
	bad := entry("line 3", "12:00", "13:00")
	bad.Block.Kind = "lunch"
	bad.Block.Project = "Q"
	clash := entry("line 4", "10:30", "12:00")
	clash.Block.Project = "R"
	file := []tracker.ImportBlock{entry("line 2", "08:00", "09:00"), bad, clash}
	for _, opt := range []tracker.ImportOptions{{DryRun: true, Overlaps: tracker.OverlapSkip},
		{SkipInvalid: true, Overlaps: tracker.OverlapSkip}} {
		res, err := svc.ImportBlocks(file, opt)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Problems) != 1 || res.Problems[0].Ref != "line 3" || !errors.Is(res.Problems[0].Err, tracker.ErrInvalid) {
			t.Errorf("problems %+v", res.Problems)
		}
		want := []tracker.Dropped{{Project: "Q", Rows: 1, Seconds: 3600}}
		if fmt.Sprint(res.Dropped) != fmt.Sprint(want) {
			t.Errorf("dropped %+v, want %+v", res.Dropped, want)
		}
		want = []tracker.Dropped{{Project: "R", Rows: 1, Seconds: 5400}}
		if fmt.Sprint(res.LeftOut) != fmt.Sprint(want) {
			t.Errorf("left out %+v, want %+v", res.LeftOut, want)
		}
		if res.Added != 1 {
			t.Errorf("added %d", res.Added)
		}
	}
	// Without --skip-invalid the problem fails the import, which writes nothing; the result still
	// says what would import (under keep, the entry over the stored block too).
	svc2, _ := mustOpen(t)
	res, err := svc2.ImportBlocks(file, tracker.ImportOptions{})
	var ie *tracker.ImportError
	if !errors.As(err, &ie) || ie.Problem.Ref != "line 3" || res.Added != 2 || spansOf(t, svc2) != "" {
		t.Errorf("got %v, added %d, stored %q", err, res.Added, spansOf(t, svc2))
	}
}

func TestASnapshotImportSettlesOverlapsAsAFileImportDoes(t *testing.T) {
	blocks := func(spans ...[2]string) tracker.Snapshot {
		snap := tracker.Snapshot{Format: tracker.SnapshotFormat, Version: tracker.SnapshotVersion,
			Projects: []tracker.SnapProject{{ID: 1, Name: "P"}}}
		for i, s := range spans {
			end := hm(s[1])
			snap.Blocks = append(snap.Blocks, tracker.SnapBlock{ID: uint(i + 1), Project: "P", Kind: tracker.KindDeep,
				Start: hm(s[0]), End: &end})
		}
		return snap
	}
	snap := blocks([2]string{"09:00", "12:00"}, [2]string{"10:00", "10:30"})
	tests := []struct {
		policy   tracker.OverlapPolicy
		spans    string
		adjusted string
	}{
		{tracker.OverlapKeep, "09:00-12:00 10:00-10:30", ""},
		{tracker.OverlapTrim, "09:00-10:00 10:00-10:30", "blocks[0] trimmed"},
		{tracker.OverlapSkip, "09:00-12:00", "blocks[1] overlap"},
	}
	for _, tc := range tests {
		t.Run("with --overlaps "+string(tc.policy), func(t *testing.T) {
			svc, _ := mustOpen(t)
			res, err := svc.ImportSnapshot(snap, tracker.ImportOptions{Overlaps: tc.policy})
			if err != nil {
				t.Fatal(err)
			}
			if got := spansOf(t, svc); got != tc.spans {
				t.Errorf("stored %s, want %s", got, tc.spans)
			}
			if adjusted(res) != tc.adjusted || res.FileOverlaps != (tracker.Overlaps{Count: 1, Total: 30 * time.Minute}) {
				t.Errorf("adjusted %q, overlaps %+v", adjusted(res), res.FileOverlaps)
			}
			again, err := svc.ImportSnapshot(snap, tracker.ImportOptions{Overlaps: tc.policy})
			if err != nil || again.Records[string(tracker.RecordBlocks)] != 0 {
				t.Errorf("a second import: %v, %+v", err, again.Records)
			}
			if got := spansOf(t, svc); got != tc.spans {
				t.Errorf("after a second import %s, want %s", got, tc.spans)
			}
		})
	}
}

func TestImportedBlocksKeepTheirIDsWhereFree(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "Mine")
	end := hm("08:30")
	mine, err := svc.AddBlock(tracker.Block{Project: "Mine", Kind: tracker.KindMeeting, Start: hm("08:00"), End: &end})
	if err != nil {
		t.Fatal(err)
	}
	a, b := entry("a", "09:00", "10:00"), entry("b", "10:00", "11:00")
	a.KeepID, b.KeepID = 7, mine.ID // b's ID is taken
	run := tracker.ImportBlock{Ref: "r", SourceKey: "test:r", KeepID: 9,
		Block: tracker.Block{Project: "P", Kind: tracker.KindDeep, Start: t0.Add(-time.Hour)}}
	if _, err := svc.ImportBlocks([]tracker.ImportBlock{a, b, run}, tracker.ImportOptions{}); err != nil {
		t.Fatal(err)
	}
	bs, err := svc.Blocks(tracker.BlockFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, x := range bs {
		ids = append(ids, fmt.Sprintf("%s=%d", x.Start.Format("15:04"), x.ID))
	}
	// a keeps 7; b gets a new ID after it; the open entry keeps 9 and runs.
	if got := strings.Join(ids, " "); got != "08:00=1 09:00=7 10:00=8 14:00=9" {
		t.Errorf("got %s", got)
	}
}

func TestASnapshotFromANewerShiplogIsRefusedWholeAndAVersion1OneImports(t *testing.T) {
	end := hm("10:00")
	snap := tracker.Snapshot{Format: tracker.SnapshotFormat, Version: tracker.SnapshotVersion + 1,
		Projects: []tracker.SnapProject{{ID: 1, Name: "P"}},
		Blocks:   []tracker.SnapBlock{{ID: 1, Project: "P", Kind: tracker.KindDeep, Start: hm("09:00"), End: &end}}}
	svc, _ := mustOpen(t)
	_, err := svc.ImportSnapshot(snap, tracker.ImportOptions{})
	if !errors.Is(err, tracker.ErrInvalid) || !strings.Contains(err.Error(), "written by a newer Shiplog") {
		t.Fatalf("a newer export: %v, want it refused as written by a newer Shiplog", err)
	}
	if ps, _ := svc.Projects(true); len(ps) != 0 || spansOf(t, svc) != "" {
		t.Fatalf("a refused export wrote %d projects and blocks %q", len(ps), spansOf(t, svc))
	}
	// An export of the first format (no check-ins, no deliverable history) still imports.
	snap.Version = 1
	if _, err := svc.ImportSnapshot(snap, tracker.ImportOptions{}); err != nil || spansOf(t, svc) != "09:00-10:00" {
		t.Fatalf("a version 1 export: %v, stored %q", err, spansOf(t, svc))
	}
}
