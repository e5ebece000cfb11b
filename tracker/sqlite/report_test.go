package sqlite

import (
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
)

// fastPathDB holds blocks with every kind of field the text-based readers must carry exactly:
// texts with spaces, quotes, newlines, HTML and non-ASCII; deliverables; plans; a running block.
func fastPathDB(t *testing.T) (*tracker.Service, *Store, time.Time) {
	t.Helper()
	start := time.Date(2026, 11, 2, 7, 0, 0, 0, time.UTC)
	now := start.Add(200 * time.Hour)
	st, err := Open(filepath.Join(t.TempDir(), "s.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	svc := tracker.NewService(st, tracker.WithClock(clockwork.NewFakeClockAt(now)))
	st.SetClock(svc.Clock())
	var pids []uint
	var dids []uint
	for i := range 3 {
		p, err := svc.AddProject(tracker.Project{Name: fmt.Sprintf("Proj %d", i)})
		if err != nil {
			t.Fatal(err)
		}
		pids = append(pids, p.ID)
		for j := range 2 {
			d, err := svc.AddDeliverable(tracker.Deliverable{Title: fmt.Sprintf("D%d-%d", i, j), ProjectID: p.ID, Status: tracker.StatusInProgress})
			if err != nil {
				t.Fatal(err)
			}
			dids = append(dids, d.ID)
		}
	}
	texts := []string{"", "plain", "two  spaces ", "quote \" back\\slash", "<b>&amp;</b>",
		"Grüße – 日本 🚀", "\u2028sep\u2029", "'=cmd|' /C calc'!A0"}
	var bs []tracker.Block
	for i := range 60 {
		s := start.Add(time.Duration(i) * 3 * time.Hour)
		e := s.Add(time.Duration(20+i) * time.Minute)
		b := tracker.Block{ProjectID: pids[i%len(pids)], Kind: tracker.Kinds[i%len(tracker.Kinds)], Start: s, End: &e,
			Goal: texts[i%len(texts)], Outcome: texts[(i*3)%len(texts)], Interruptions: i % 4}
		if i%3 == 0 {
			b.PlannedSeconds = int64(i * 60)
		}
		if i%2 == 0 {
			d := dids[i%len(dids)]
			b.DeliverableID = &d
		}
		bs = append(bs, b)
	}
	if err := svc.BulkInsertBlocks(bs); err != nil {
		t.Fatal(err)
	}
	// Texts no form accepts, written directly: blank, and a control character.
	if err := st.db.Exec(`UPDATE blocks SET goal = '  ', outcome = 'a' || char(10, 9, 1, 0x7f) || 'b' WHERE id = 5`).Error; err != nil {
		t.Fatal(err)
	}
	d := dids[0]
	if _, _, err := svc.StartBlock(tracker.Block{ProjectID: pids[0], Kind: tracker.KindDeep, Goal: "running", DeliverableID: &d,
		Start: start.Add(190 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	return svc, st, start
}

// rangeOf reads a filter's blocks the way the service does: those starting in the range, and
// those that start before it and run into it.
func rangeOf(t *testing.T, st *Store, f tracker.BlockFilter) tracker.BlockRange {
	t.Helper()
	r := tracker.BlockRange{From: f.From, To: f.To, Kinds: f.Kinds}
	err := st.Read(func(tx tracker.Tx) error {
		if !f.From.IsZero() {
			across, err := tx.BlocksAcross(f.From, 0)
			if err != nil {
				return err
			}
			for _, b := range across {
				r.Also = append(r.Also, b.ID)
			}
		}
		for _, name := range f.Projects {
			p, err := tx.FindProject(name)
			if err != nil {
				return err
			}
			r.ProjectIDs = append(r.ProjectIDs, p.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// inRead runs fn on the store's own transaction type.
func inRead(t *testing.T, st *Store, fn func(tx *tx) error) {
	t.Helper()
	if err := st.Read(func(x tracker.Tx) error { return fn(x.(*tx)) }); err != nil {
		t.Fatal(err)
	}
}

func TestBlockSpansTextPathMatchesTheRows(t *testing.T) {
	svc, st, start := fastPathDB(t)
	fast := true
	check := func(f tracker.BlockFilter) {
		t.Helper()
		r := rangeOf(t, st, f)
		var want []tracker.BlockSpan
		inRead(t, st, func(tx *tx) error {
			text, err := tx.blockSpansText(r)
			if err != nil {
				return err
			}
			if _, ok := parseBlockSpans(text); !ok && fast {
				t.Errorf("filter %+v: the text path failed on %q", f, text)
			}
			want, err = blockSpanRows(tx.blockQuery(r))
			return err
		})
		got, err := svc.BlockSpans(f)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) == 0 && len(want) == 0 {
			return
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("filter %+v:\ngot  %+v\nwant %+v", f, got, want)
		}
	}
	check(tracker.BlockFilter{})
	check(tracker.BlockFilter{From: start.Add(10 * time.Hour), To: start.Add(100 * time.Hour)})
	check(tracker.BlockFilter{From: start.Add(10*time.Hour + 10*time.Minute), Projects: []string{"Proj 1"}})
	check(tracker.BlockFilter{From: start.Add(-time.Hour), To: start})
	// Imported blocks may start together; the text path reads them.
	if err := st.db.Exec(`UPDATE blocks SET start_at = (SELECT start_at FROM blocks WHERE id = 1) WHERE id = 2`).Error; err != nil {
		t.Fatal(err)
	}
	check(tracker.BlockFilter{})
	// Blocks out of the text path's order (possible only through direct SQL: a time written with
	// an offset sorts as text after one it precedes) fall back to the rows.
	if err := st.db.Exec(`UPDATE blocks SET start_at = replace((SELECT start_at FROM blocks WHERE id = 1), '+00:00', '+01:00')
		WHERE id = 2`).Error; err != nil {
		t.Fatal(err)
	}
	fast = false
	check(tracker.BlockFilter{})
	inRead(t, st, func(tx *tx) error {
		if text, _ := tx.blockSpansText(tracker.BlockRange{}); func() bool { _, ok := parseBlockSpans(text); return ok }() {
			t.Error("blocks out of order were accepted")
		}
		return nil
	})
}

func TestSnapshotBlocksTextPathMatchesTheRows(t *testing.T) {
	_, st, _ := fastPathDB(t)
	var got, want []tracker.SnapBlock
	var gotP, wantP []uint
	inRead(t, st, func(tx *tx) error {
		text, err := snapshotBlocksText(tx.db)
		if err != nil {
			return err
		}
		if _, _, ok := parseSnapBlocks(text); !ok {
			t.Errorf("the text path failed on %q", text)
		}
		if got, gotP, err = tx.SnapshotBlocks(); err != nil {
			return err
		}
		want, wantP, err = snapshotBlockRows(tx.db)
		return err
	})
	if len(got) != 61 || !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gotP, wantP) {
		t.Errorf("got  %+v %v\nwant %+v %v", got, gotP, want, wantP)
	}
	if _, _, ok := parseSnapBlocks("1 2 0 5 6 0 0  4G "); ok {
		t.Error("a record with an invalid hex field was accepted")
	}
	if _, _, ok := parseSnapBlocks("1 2 0 5 6 0 0 3"); ok {
		t.Error("a short record was accepted")
	}
}

func TestInvestedSecondsMatchesDeliverablesOnEveryPath(t *testing.T) {
	svc, _, _ := fastPathDB(t)
	ds, err := svc.Deliverables(tracker.DeliverableFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[uint]int64{}
	var all []uint
	for _, d := range ds {
		all = append(all, d.ID)
		if d.InvestedSeconds > 0 {
			want[d.ID] = d.InvestedSeconds
		}
	}
	if len(want) != 3 {
		t.Fatalf("fixture: %d deliverables with time, want 3", len(want))
	}
	sub := func(ids ...uint) map[uint]int64 {
		m := map[uint]int64{}
		for _, id := range ids {
			if v, ok := want[id]; ok {
				m[id] = v
			}
		}
		return m
	}
	for _, ids := range [][]uint{all, all[:1], all[1:3], {all[0], 9999}} {
		got, err := svc.InvestedSeconds(ids, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, sub(ids...)) {
			t.Errorf("ids %v: got %v, want %v", ids, got, sub(ids...))
		}
	}
	t.Run("until counts only the time before it", func(t *testing.T) {
		// Clip every linked block at until by hand, as a report for a past period needs it.
		until := time.Date(2026, 11, 4, 10, 30, 0, 0, time.UTC)
		blocks, err := svc.Blocks(tracker.BlockFilter{})
		if err != nil {
			t.Fatal(err)
		}
		clipped := map[uint]int64{}
		for _, b := range blocks {
			if b.DeliverableID == nil {
				continue
			}
			end := svc.Now()
			if b.End != nil {
				end = *b.End
			}
			if end.After(until) {
				end = until
			}
			if end.After(b.Start) {
				clipped[*b.DeliverableID] += int64(end.Sub(b.Start) / time.Second)
			} else if _, ok := clipped[*b.DeliverableID]; !ok {
				clipped[*b.DeliverableID] = 0
			}
		}
		for _, ids := range [][]uint{all, all[:1], nil} {
			got, err := svc.InvestedSeconds(ids, until)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				if got[id] != clipped[id] {
					t.Errorf("deliverable %d: %d s before %s, want %d", id, got[id], until.Format(time.RFC3339), clipped[id])
				}
			}
		}
		if clipped[all[0]] == 0 || clipped[all[0]] >= want[all[0]] {
			t.Fatalf("fixture: the cut should fall inside the first deliverable's work (%d of %d s)", clipped[all[0]], want[all[0]])
		}
	})
	// With many more blocks than the wanted ones hold, the index path is taken.
	var more []tracker.Block
	p, err := svc.AddProject(tracker.Project{Name: "Bulk"})
	if err != nil {
		t.Fatal(err)
	}
	base := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 2000 {
		s := base.Add(time.Duration(i) * time.Hour)
		e := s.Add(30 * time.Minute)
		more = append(more, tracker.Block{ProjectID: p.ID, Kind: tracker.KindAsync, Start: s, End: &e})
	}
	if err := svc.BulkInsertBlocks(more); err != nil {
		t.Fatal(err)
	}
	got, err := svc.InvestedSeconds(all[:1], time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sub(all[0])) {
		t.Errorf("index path: got %v, want %v", got, sub(all[0]))
	}
	if got, err := svc.InvestedSeconds(nil, time.Time{}); err != nil || len(got) != 0 {
		t.Errorf("no ids: %v, %v", got, err)
	}
}

func TestTimeInMatchesClippedBlockSpans(t *testing.T) {
	svc, _, start := fastPathDB(t)
	now := start.Add(195*time.Hour + 1234567*time.Nanosecond) // the running block began at 190 h
	ranges := [][2]time.Time{
		{start, start.Add(24 * time.Hour)},
		{start.Add(10*time.Hour + 7*time.Minute), start.Add(50*time.Hour + 500*time.Millisecond)},
		{start.Add(150 * time.Hour), start.Add(400 * time.Hour)},
		{start.Add(-48 * time.Hour), start.Add(-24 * time.Hour)},
	}
	for _, kind := range tracker.Kinds {
		for _, projects := range [][]string{nil, {"Proj 0"}} {
			f := tracker.BlockFilter{From: start.Add(-48 * time.Hour), To: start.Add(400 * time.Hour), Projects: projects}
			got, err := svc.TimeIn(f, kind, ranges, now)
			if err != nil {
				t.Fatal(err)
			}
			spans, err := svc.BlockSpans(f)
			if err != nil {
				t.Fatal(err)
			}
			for i, r := range ranges {
				var want time.Duration
				for _, x := range spans {
					if x.Kind != kind {
						continue
					}
					end := now
					if x.End != nil {
						end = *x.End
					} else if x.Start.After(now) {
						end = x.Start
					}
					s, e := x.Start, end
					if s.Before(r[0]) {
						s = r[0]
					}
					if e.After(r[1]) {
						e = r[1]
					}
					want += max(0, e.Sub(s))
				}
				if got[i] != want {
					t.Errorf("%s %v range %d: got %v, want %v", kind, projects, i, got[i], want)
				}
			}
		}
	}
}

func TestTimeInReportsOverlapOnlyWhereAnImportNotedIt(t *testing.T) {
	_, st, start := fastPathDB(t)
	if err := st.Write(func(tx tracker.Tx) error {
		return tx.NoteOverlaps(start.Add(100*time.Hour), start.Add(110*time.Hour))
	}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		from time.Time
		to   time.Time
		want bool
	}{
		{"a range before the noted stretch", start, start.Add(100 * time.Hour), false},
		{"a range that meets it", start.Add(90 * time.Hour), start.Add(101 * time.Hour), true},
		{"a range inside it", start.Add(105 * time.Hour), start.Add(106 * time.Hour), true},
		{"a range after it", start.Add(110 * time.Hour), start.Add(200 * time.Hour), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			inRead(t, st, func(tx *tx) error {
				_, overlap, err := tx.TimeIn(tracker.BlockRange{From: tc.from, To: tc.to}, [][2]time.Time{{tc.from, tc.to}}, tc.to)
				if err != nil {
					return err
				}
				if overlap != tc.want {
					t.Errorf("overlap %v, want %v", overlap, tc.want)
				}
				return nil
			})
		})
	}
}
