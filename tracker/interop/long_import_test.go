package interop_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/interop"
	"shiplog/tracker/sqlite"
)

// timewExport writes n ten-minute intervals a minute apart that end before end, every 50th
// starting inside the one before it, as `timew export` writes them.
func timewExport(n int, end time.Time) []byte {
	var b bytes.Buffer
	start := end.Add(-time.Duration(n) * 11 * time.Minute).Truncate(time.Hour)
	b.WriteString("[\n")
	for i := range n {
		s := start.Add(time.Duration(i) * 11 * time.Minute)
		if i%50 == 49 {
			s = s.Add(-6 * time.Minute)
		}
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id":%d,"start":"%s","end":"%s","tags":["proj%d","deep"],"annotation":"work item %d"}`,
			n-i, s.Format("20060102T150405Z"), s.Add(10*time.Minute).Format("20060102T150405Z"), i%7, i)
	}
	b.WriteString("\n]\n")
	return b.Bytes()
}

// TestAQuickLogNeverWaitsLongForALargeImport imports 300,000 entries while a second service on the
// same database (to SQLite, another process: its own connections and locks) starts and stops a
// block over and over, as the tray or the CLI would. Every quick-log must return within a second,
// some of them while the import merges, and the import must add every entry.
func TestAQuickLogNeverWaitsLongForALargeImport(t *testing.T) {
	if testing.Short() {
		t.Skip("imports 300,000 entries")
	}
	const n = 300_000
	db := filepath.Join(t.TempDir(), "s.db")
	importer, err := sqlite.OpenService(db, tracker.WithClock(fixedClock{now}))
	if err != nil {
		t.Fatal(err)
	}
	defer importer.Close()
	// The quick-logs' clock is an hour after the file's last entry and moves a minute at each.
	clock := clockwork.NewFakeClockAt(now.Add(time.Hour))
	quick, err := sqlite.OpenService(db, tracker.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	defer quick.Close()
	if _, err := quick.AddProject(tracker.Project{Name: "Quick"}); err != nil {
		t.Fatal(err)
	}
	data := timewExport(n, now)

	type outcome struct {
		rep interop.Report
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		rep, err := interop.Import(importer, "timewarrior", bytes.NewReader(data), interop.Options{})
		done <- outcome{rep, err}
	}()
	var lat []time.Duration
	var out outcome
	// A person logs a few times a minute; the loop logs every 50 ms, hundreds of times over the
	// import. The ticker only paces it: the blocks' times come from the fake clock, and what is
	// measured is how long each quick-log takes. A loop without pause also passes, but takes the
	// lock in every gap the import leaves and fsyncs tens of thousands of times, which makes the
	// import take minutes.
	tick := time.NewTicker(50 * time.Millisecond)
	defer tick.Stop()
	timed := func(what string, fn func() error) {
		t.Helper()
		t0 := time.Now()
		err := fn()
		lat = append(lat, time.Since(t0))
		if err != nil {
			t.Fatalf("%s during the import: %v", what, err)
		}
		clock.Advance(time.Minute)
	}
loop:
	for {
		select {
		case out = <-done:
			break loop
		case <-tick.C:
		}
		timed("start", func() error {
			_, _, err := quick.StartBlock(tracker.Block{Project: "Quick", Kind: tracker.KindShallow})
			return err
		})
		timed("stop", func() error {
			_, err := quick.StopBlock(tracker.StopInput{})
			return err
		})
	}
	if out.err != nil {
		t.Fatal(out.err)
	}
	if out.rep.Result.Added != n {
		t.Errorf("imported %d, want %d", out.rep.Result.Added, n)
	}
	slices.Sort(lat)
	worst, p99 := lat[len(lat)-1], lat[len(lat)*99/100]
	t.Logf("%d quick-logs during the import of %d entries: p99 %v, max %v", len(lat), n, p99, worst)
	if worst > time.Second {
		t.Errorf("a quick-log took %v", worst)
	}
	// The import's first merge transaction takes the IDs up to n, so a quick-log block with a
	// higher ID was written while the import merged.
	bs, err := quick.Blocks(tracker.BlockFilter{Projects: []string{"Quick"}})
	if err != nil {
		t.Fatal(err)
	}
	during := 0
	for _, b := range bs {
		if b.ID > n {
			during++
		}
	}
	if during == 0 {
		t.Errorf("none of the %d quick-log blocks was written while the import merged", len(bs))
	}
	t.Logf("%d of the %d quick-log blocks were written while the import merged", during, len(bs))
}
