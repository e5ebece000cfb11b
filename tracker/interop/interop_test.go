package interop_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	ical "github.com/emersion/go-ical"

	"shiplog/tracker"
	"shiplog/tracker/interop"
	"shiplog/tracker/interop/parse"
	"shiplog/tracker/sqlite"
)

type fixedClock struct{ t time.Time }

func (c fixedClock) Now() time.Time { return c.t }

var now = time.Date(2026, 11, 20, 16, 30, 0, 0, time.UTC)

// mustOpen opens a fresh database whose user lives in Berlin.
func mustOpen(t testing.TB) *tracker.Service {
	t.Helper()
	return mustOpenAt(t, now)
}

// mustOpenAt opens a fresh database whose user lives in Berlin, with the clock at at.
func mustOpenAt(t testing.TB, at time.Time) *tracker.Service {
	t.Helper()
	svc, err := sqlite.OpenService(filepath.Join(t.TempDir(), "s.db"), tracker.WithClock(fixedClock{at}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := svc.SetSetting("timezone", "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
	return svc
}

func berlin(t testing.TB) *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func importFile(t *testing.T, svc *tracker.Service, format, file string, opt interop.Options) (tracker.ImportResult, error) {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if opt.Location == nil {
		opt.Location = berlin(t)
	}
	rep, err := interop.Import(svc, format, f, opt)
	return rep.Result, err
}

// describe lists the stored blocks as "project|kind|start|end|goal|deliverable" lines.
func describe(t *testing.T, svc *tracker.Service) []string {
	t.Helper()
	bs, err := svc.Blocks(tracker.BlockFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range bs {
		end, del := "running", ""
		if b.End != nil {
			end = b.End.Format(time.RFC3339)
		}
		if b.DeliverableID != nil {
			d, err := svc.Deliverable(*b.DeliverableID)
			if err != nil {
				t.Fatal(err)
			}
			del = d.Title
		}
		out = append(out, fmt.Sprintf("%s|%s|%s|%s|%s|%s", b.Project, b.Kind, b.Start.Format(time.RFC3339), end, b.Goal, del))
	}
	return out
}

func TestImportReadsEachFormatIntoExactBlocks(t *testing.T) {
	tests := []struct {
		name, format, file string
		opt                interop.Options
		want               []string
	}{
		{"toggl with a BOM, CRLF, quoted commas and newlines and blank trailing lines", "toggl", "toggl.csv", interop.Options{}, []string{
			"Website|deep|2026-11-02T08:00:00Z|2026-11-02T09:30:00Z|Hero section, copy|Landing page",
			`Website|async|2026-11-02T10:00:00Z|2026-11-02T10:20:00Z|Review "PR 12" and reply|`,
			"No project|meeting|2026-11-02T11:00:00Z|2026-11-02T11:15:00Z|Standup|",
		}},
		{"clockify without the invoice columns, with a kind map, 12-hour times and month-first dates", "clockify", "clockify_short.csv",
			interop.Options{KindMap: map[string]tracker.Kind{"FOCUS": tracker.KindDeep}, DateOrder: parse.MDY}, []string{
				"Website|deep|2026-11-03T08:00:00Z|2026-11-03T09:00:00Z|Fix nav|Landing page",
				"Hiring|meeting|2026-11-03T13:00:00Z|2026-11-03T13:45:00Z|Interview, round 2|",
			}},
		{"clockify with the invoice columns, LF line ends, hh:mm times and month-first dates", "clockify", "clockify_long.csv",
			interop.Options{DateOrder: parse.MDY}, []string{
				"Website|async|2026-11-04T07:30:00Z|2026-11-04T08:15:00Z|Deploy, then verify|",
			}},
		{"timewarrior with the extension header and an open interval from long ago, which is skipped", "timewarrior", "timew.json", interop.Options{}, []string{
			"Website|deep|2026-11-05T08:00:00Z|2026-11-05T09:30:00Z|Build hero|",
			"Hiring|meeting|2026-11-05T10:00:00Z|2026-11-05T10:15:00Z||",
		}},
		{"watson frames with a project map", "watson", "watson.json",
			interop.Options{ProjectMap: map[string]string{"website": "Website", "HIRING": "Hiring"}}, []string{
				"Website|deep|2026-11-06T08:00:00Z|2026-11-06T09:00:00Z||",
				"Hiring|shallow|2026-11-06T10:00:00Z|2026-11-06T10:30:00Z||",
			}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svc := mustOpen(t)
			res, err := importFile(t, svc, tc.format, tc.file, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			got := describe(t, svc)
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if res.Added != len(tc.want) || len(res.Problems) != 0 {
				t.Errorf("result %+v", res)
			}

			again, err := importFile(t, svc, tc.format, tc.file, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if again.Added != 0 || again.Existing != len(tc.want) {
				t.Errorf("second import added %d, existing %d; want 0 and %d", again.Added, again.Existing, len(tc.want))
			}
			if n := len(describe(t, svc)); n != len(tc.want) {
				t.Errorf("after a second import there are %d blocks, want %d", n, len(tc.want))
			}
		})
	}
}

func TestImportRunsAnOpenIntervalOfThisMorning(t *testing.T) {
	tests := []struct {
		name    string
		started bool // a block runs in Shiplog before the import
		want    []string
		adjust  string
	}{
		{"it becomes the running block when nothing runs", false, []string{
			"Website|deep|2026-11-05T08:00:00Z|2026-11-05T09:30:00Z|Build hero|",
			"Hiring|meeting|2026-11-05T10:00:00Z|2026-11-05T10:15:00Z||",
			"Website|shallow|2026-11-05T12:00:00Z|running||",
		}, "running: open since 2026-11-05 13:00:00; it becomes the running block"},
		{"it is left out, and named, when a block runs in Shiplog", true, []string{
			"Website|deep|2026-11-05T08:00:00Z|2026-11-05T09:30:00Z|Build hero|",
			"Hiring|meeting|2026-11-05T10:00:00Z|2026-11-05T10:15:00Z||",
			"Mine|deep|2026-11-05T15:00:00Z|running|Mine|",
		}, "open interval: open since 2026-11-05 13:00:00, but a block is running in Shiplog"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			svc := mustOpenAt(t, time.Date(2026, 11, 5, 16, 0, 0, 0, time.UTC))
			if tc.started {
				if _, err := svc.AddProject(tracker.Project{Name: "Mine"}); err != nil {
					t.Fatal(err)
				}
				if _, _, err := svc.StartBlock(tracker.Block{Project: "Mine", Kind: tracker.KindDeep, Goal: "Mine",
					Start: time.Date(2026, 11, 5, 15, 0, 0, 0, time.UTC)}); err != nil {
					t.Fatal(err)
				}
			}
			for _, dry := range []bool{true, false} {
				res, err := importFile(t, svc, "timewarrior", "timew.json", interop.Options{DryRun: dry})
				if err != nil {
					t.Fatal(err)
				}
				var said []string
				for _, a := range res.Adjusted {
					said = append(said, a.What+": "+a.Detail)
				}
				if !strings.Contains(strings.Join(said, "\n"), tc.adjust) {
					t.Errorf("dry run %v says %q, want %q", dry, said, tc.adjust)
				}
			}
			if got := describe(t, svc); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestImportLinksAWatsonTagToAnExistingDeliverable(t *testing.T) {
	svc := mustOpen(t)
	if _, err := svc.AddProject(tracker.Project{Name: "Website"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddDeliverable(tracker.Deliverable{Title: "landing page", Project: "Website"}); err != nil {
		t.Fatal(err)
	}
	if _, err := importFile(t, svc, "watson", "watson.json", interop.Options{ProjectMap: map[string]string{"website": "Website"}}); err != nil {
		t.Fatal(err)
	}
	got := describe(t, svc)
	if got[0] != "Website|deep|2026-11-06T08:00:00Z|2026-11-06T09:00:00Z||landing page" {
		t.Errorf("got %s", got[0])
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	t.Run("a bad row aborts, names line, column and reason, and writes nothing", func(t *testing.T) {
		svc := mustOpen(t)
		_, err := importFile(t, svc, "toggl", "toggl_bad.csv", interop.Options{})
		if !errors.Is(err, tracker.ErrInvalid) {
			t.Fatalf("err %v, want ErrInvalid", err)
		}
		for _, want := range []string{"line 3", `column "End time"`, `"25:00:00"`} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q lacks %s", err, want)
			}
		}
		if got := describe(t, svc); len(got) != 0 {
			t.Errorf("blocks written: %v", got)
		}
		if ps, _ := svc.Projects(true); len(ps) != 0 {
			t.Errorf("projects written: %v", ps)
		}
	})
	t.Run("skip-invalid imports the good rows and reports the bad one", func(t *testing.T) {
		svc := mustOpen(t)
		res, err := importFile(t, svc, "toggl", "toggl_bad.csv", interop.Options{SkipInvalid: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Added != 2 || len(res.Problems) != 1 || res.Problems[0].Ref != "line 3" || res.Problems[0].Column != "End time" {
			t.Errorf("result %+v", res)
		}
	})
	t.Run("blocks overlapping a stored one are kept, trimmed or left out by policy, and the stored one stays", func(t *testing.T) {
		tests := []struct {
			policy tracker.OverlapPolicy
			want   []string
			what   string
		}{
			{tracker.OverlapKeep, []string{
				"Website|deep|2026-11-02T08:00:00Z|2026-11-02T09:30:00Z|Hero section, copy|Landing page",
				"Other|deep|2026-11-02T09:10:00Z|2026-11-02T10:10:00Z||",
				`Website|async|2026-11-02T10:00:00Z|2026-11-02T10:20:00Z|Review "PR 12" and reply|`,
				"No project|meeting|2026-11-02T11:00:00Z|2026-11-02T11:15:00Z|Standup|"}, ""},
			{tracker.OverlapTrim, []string{
				"Website|deep|2026-11-02T08:00:00Z|2026-11-02T09:10:00Z|Hero section, copy|Landing page",
				"Other|deep|2026-11-02T09:10:00Z|2026-11-02T10:10:00Z||",
				`Website|async|2026-11-02T10:10:00Z|2026-11-02T10:20:00Z|Review "PR 12" and reply|`,
				"No project|meeting|2026-11-02T11:00:00Z|2026-11-02T11:15:00Z|Standup|"},
				"line 2 trimmed: ends at 2026-11-02 10:10:00, where block 1 already in Shiplog begins, instead of 2026-11-02 10:30:00\n" +
					"line 3 trimmed: starts at 2026-11-02 11:10:00, where block 1 already in Shiplog ends, instead of 2026-11-02 11:00:00"},
			{tracker.OverlapSkip, []string{
				"Other|deep|2026-11-02T09:10:00Z|2026-11-02T10:10:00Z||",
				"No project|meeting|2026-11-02T11:00:00Z|2026-11-02T11:15:00Z|Standup|"},
				"line 2 overlap: overlaps block 1 already in Shiplog; --overlaps skip leaves it out\n" +
					"line 3 overlap: overlaps block 1 already in Shiplog; --overlaps skip leaves it out"},
		}
		for _, tc := range tests {
			t.Run("with --overlaps "+string(tc.policy), func(t *testing.T) {
				svc := mustOpen(t)
				if _, err := svc.AddProject(tracker.Project{Name: "Other"}); err != nil {
					t.Fatal(err)
				}
				end := time.Date(2026, 11, 2, 10, 10, 0, 0, time.UTC)
				if _, err := svc.AddBlock(tracker.Block{Project: "Other", Kind: tracker.KindDeep, Start: end.Add(-time.Hour), End: &end}); err != nil {
					t.Fatal(err)
				}
				res, err := importFile(t, svc, "toggl", "toggl.csv", interop.Options{Overlaps: tc.policy})
				if err != nil {
					t.Fatal(err)
				}
				if got := describe(t, svc); strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
					t.Errorf("blocks:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
				}
				if o := res.StoredOverlaps; o.Count != 2 || o.Total != 30*time.Minute {
					t.Errorf("stored overlaps %+v, want 2 entries and 30 min", o)
				}
				var said []string
				for _, a := range res.Adjusted {
					said = append(said, a.Ref+" "+a.What+": "+a.Detail)
				}
				if got := strings.Join(said, "\n"); got != tc.what {
					t.Errorf("adjusted:\n%s\nwant:\n%s", got, tc.what)
				}
				again, err := importFile(t, svc, "toggl", "toggl.csv", interop.Options{Overlaps: tc.policy})
				if err != nil || again.Added != 0 {
					t.Errorf("a second import: %v, added %d", err, again.Added)
				}
			})
		}
	})
	t.Run("a dry run counts by project and kind and writes nothing", func(t *testing.T) {
		svc := mustOpen(t)
		res, err := importFile(t, svc, "toggl", "toggl.csv", interop.Options{DryRun: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Counts["Website"][tracker.KindDeep] != 1 || res.Counts["Website"][tracker.KindAsync] != 1 ||
			res.Counts["No project"][tracker.KindMeeting] != 1 || res.Added != 3 {
			t.Errorf("result %+v", res)
		}
		if got := describe(t, svc); len(got) != 0 {
			t.Errorf("blocks written: %v", got)
		}
		if ps, _ := svc.Projects(true); len(ps) != 0 {
			t.Errorf("projects written: %v", ps)
		}
	})
}

func seeded(t *testing.T) *tracker.Service {
	t.Helper()
	svc := mustOpen(t)
	if err := svc.SeedDemo(now); err != nil {
		t.Fatal(err)
	}
	// Awkward text: a formula, separators of CSV and iCalendar, a newline in an outcome.
	if _, err := svc.AddProject(tracker.Project{Name: "Hiring"}); err != nil {
		t.Fatal(err)
	}
	end := time.Date(2026, 10, 1, 7, 10, 0, 0, time.UTC)
	if _, err := svc.AddBlock(tracker.Block{Project: "Hiring", Kind: tracker.KindShallow, Start: end.Add(-10 * time.Minute), End: &end,
		Goal: "=HYPERLINK(\"x\"); a, b", Outcome: "line one\nline two; with \\ backslash"}); err != nil {
		t.Fatal(err)
	}
	return svc
}

func export(t *testing.T, svc *tracker.Service) []byte {
	t.Helper()
	snap, err := svc.Snapshot(tracker.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := interop.WriteJSON(&buf, snap); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestJSONExportRoundTripsThroughAnEmptyDatabase(t *testing.T) {
	first := export(t, seeded(t))
	if !bytes.Contains(first, []byte(`"check_ins": [`)) {
		t.Fatal("the demo's export carries no check-ins; the round trip proves nothing for them")
	}
	svc := mustOpen(t)
	// With --settings the shared settings come along too (an export holds no personal ones), so
	// that the second export can equal the first.
	rep, err := interop.Import(svc, "shiplog", bytes.NewReader(first), interop.Options{Settings: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Result.Problems) != 0 {
		t.Fatalf("problems: %v", rep.Result.Problems)
	}
	second := export(t, svc)
	if !bytes.Equal(first, second) {
		t.Fatalf("round trip changed the export:\n%s", diff(first, second))
	}
	againRep, err := interop.Import(svc, "shiplog", bytes.NewReader(first), interop.Options{})
	if err != nil {
		t.Fatal(err)
	}
	again := againRep.Result
	if again.Added != 0 || len(again.Records) != 0 && sum(again.Records) != 0 {
		t.Errorf("a second import added records: %+v", again.Records)
	}
	if third := export(t, svc); !bytes.Equal(first, third) {
		t.Errorf("a second import changed the record:\n%s", diff(first, third))
	}
}

func sum(m map[string]int) int {
	n := 0
	for _, v := range m {
		n += v
	}
	return n
}

func diff(a, b []byte) string {
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range min(len(al), len(bl)) {
		if al[i] != bl[i] {
			return fmt.Sprintf("line %d:\n- %s\n+ %s", i+1, al[i], bl[i])
		}
	}
	return fmt.Sprintf("lengths %d and %d lines", len(al), len(bl))
}

func TestCSVBlocksRoundTrip(t *testing.T) {
	src := seeded(t)
	snap, err := src.Snapshot(tracker.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	// Blocks alone: deliverables are not part of the blocks file.
	for i := range snap.Blocks {
		snap.Blocks[i].DeliverableID = nil
	}
	var first bytes.Buffer
	if err := interop.WriteCSV(&first, "blocks", snap); err != nil {
		t.Fatal(err)
	}
	svc := mustOpen(t)
	if _, err := interop.Import(svc, "shiplog-csv", bytes.NewReader(first.Bytes()), interop.Options{}); err != nil {
		t.Fatal(err)
	}
	snap2, err := svc.Snapshot(tracker.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var second bytes.Buffer
	if err := interop.WriteCSV(&second, "blocks", snap2); err != nil {
		t.Fatal(err)
	}
	if first.String() != second.String() {
		t.Fatalf("round trip changed the CSV:\n%s", diff(first.Bytes(), second.Bytes()))
	}
}

func TestCSVExportEscapesFormulasButNotNumbers(t *testing.T) {
	snap := tracker.Snapshot{Blocks: []tracker.SnapBlock{{ID: 7, Project: "@home", Kind: tracker.KindDeep,
		Start: now.Add(-time.Hour), End: &now, Goal: "=1+2", Outcome: "-x, \"quoted\"\nnext", PlannedSeconds: 3600}}}
	var buf bytes.Buffer
	if err := interop.WriteCSV(&buf, "blocks", snap); err != nil {
		t.Fatal(err)
	}
	want := "id,project,kind,start,end,seconds,planned_seconds,goal,outcome,interruptions,deliverable_id\r\n" +
		"7,'@home,deep,2026-11-20T15:30:00Z,2026-11-20T16:30:00Z,3600,3600,'=1+2,\"'-x, \"\"quoted\"\"\r\nnext\",0,\r\n"
	if buf.String() != want {
		t.Errorf("got\n%q\nwant\n%q", buf.String(), want)
	}
	for _, s := range []string{"=x", "'=x", "''+x", "plain", "'plain", "", "\tx"} {
		if got := interop.UnescapeCell(interop.EscapeCell(s)); got != s {
			t.Errorf("escape round trip of %q gave %q", s, got)
		}
	}
}

func TestICSExportIsReadByARealParser(t *testing.T) {
	svc := seeded(t)
	snap, err := svc.Snapshot(tracker.SnapshotFilter{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := interop.WriteICS(&buf, snap.Blocks, now); err != nil {
		t.Fatal(err)
	}
	cal, err := ical.NewDecoder(bytes.NewReader(buf.Bytes())).Decode()
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	finished := 0
	for _, b := range snap.Blocks {
		if b.End != nil {
			finished++
		}
	}
	events := cal.Events()
	if len(events) != finished || finished == 0 {
		t.Fatalf("%d events for %d finished blocks", len(events), finished)
	}
	found := false
	for _, ev := range events {
		uid, err := ev.Props.Text(ical.PropUID)
		if err != nil || !strings.HasSuffix(uid, "@shiplog") {
			t.Errorf("uid %q: %v", uid, err)
		}
		start, err := ev.DateTimeStart(time.UTC)
		if err != nil || start.IsZero() {
			t.Errorf("start: %v", err)
		}
		summary, _ := ev.Props.Text(ical.PropSummary)
		if strings.Contains(summary, "=HYPERLINK") {
			found = true
			desc, _ := ev.Props.Text(ical.PropDescription)
			if summary != "Shallow: Hiring – =HYPERLINK(\"x\"); a, b" || desc != "line one\nline two; with \\ backslash" {
				t.Errorf("summary %q, description %q", summary, desc)
			}
		}
	}
	if !found {
		t.Error("the block with awkward text is missing")
	}
	for _, l := range strings.Split(buf.String(), "\r\n") {
		if len(l) > 75 {
			t.Errorf("line longer than 75 octets: %q", l)
		}
	}
}

func TestExportFilesAreWrittenOnlyWhereAskedAndNeverOverwrittenWithoutForce(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "out.json")
	write := func(force bool) error {
		return interop.WriteFile(path, force, func(w io.Writer) error { _, err := w.Write([]byte("x")); return err })
	}
	if err := write(false); err != nil {
		t.Fatal(err)
	}
	if err := write(false); !errors.Is(err, tracker.ErrConflict) {
		t.Errorf("second write: %v, want ErrConflict", err)
	}
	if err := write(true); err != nil {
		t.Errorf("forced write: %v", err)
	}
	target := filepath.Join(dir, "target")
	if err := os.WriteFile(target, []byte("keep"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	if err := interop.WriteFile(link, true, func(w io.Writer) error { _, err := w.Write([]byte("x")); return err }); err == nil {
		t.Error("wrote through a symbolic link")
	}
	if b, _ := os.ReadFile(target); string(b) != "keep" {
		t.Errorf("the link's target was changed to %q", b)
	}
}
