package pdf

import (
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/reports"
	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// benchDBVersion names the cached benchmark database; change it when the generator changes.
const benchDBVersion = "v2"

// benchEnd is the "now" of the benchmark database: three years of work end here.
var benchEnd = time.Date(2026, 11, 20, 18, 0, 0, 0, berlin)

// benchService opens a 100k-block, three-year database, building it once and caching it under
// os.TempDir, since generating it takes far longer than the benchmarks.
func benchService(b *testing.B) *tracker.Service {
	b.Helper()
	path := filepath.Join(os.TempDir(), "shiplog-bench-"+benchDBVersion+".db")
	clock := clockwork.NewFakeClockAt(benchEnd)
	if _, err := os.Stat(path); err == nil {
		svc, err := sqlite.OpenService(path, tracker.WithClock(clock))
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { svc.Close() })
		return svc
	}
	tmp := path + ".building"
	os.Remove(tmp)
	svc, err := sqlite.OpenService(tmp, tracker.WithClock(clock))
	if err != nil {
		b.Fatal(err)
	}
	if err := svc.SetSetting("timezone", "Europe/Berlin"); err != nil {
		b.Fatal(err)
	}
	var ids []uint
	for i := range 6 {
		p, err := svc.AddProject(tracker.Project{Name: fmt.Sprintf("Project %d", i+1)})
		if err != nil {
			b.Fatal(err)
		}
		ids = append(ids, p.ID)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const total, days = 100_000, 3 * 365
	perDay := total / days
	var batch []tracker.Block
	start := benchEnd.AddDate(0, 0, -days)
	made := 0
	for d := 0; made < total; d++ {
		t := time.Date(start.Year(), start.Month(), start.Day()+d, 6, 0, 0, 0, berlin)
		n := perDay
		if d%3 == 0 {
			n++ // 91.3 a day on average
		}
		for i := 0; i < n && made < total; i++ {
			// Short blocks with a few hour-long deep ones fit 91 a day between 06:00 and midnight.
			length := time.Duration(5+rng.IntN(5)) * time.Minute
			end := t.Add(length)
			kind := tracker.Kinds[rng.IntN(len(tracker.Kinds))]
			blk := tracker.Block{ProjectID: ids[rng.IntN(len(ids))], Kind: kind, Start: t, End: &end,
				Interruptions: rng.IntN(2)}
			if kind == tracker.KindDeep && rng.IntN(8) == 0 {
				blk.Goal = "Move the work forward"
				end2 := t.Add(60 * time.Minute)
				blk.End = &end2
				end = end2
			}
			batch = append(batch, blk)
			made++
			t = end.Add(time.Minute)
		}
		if len(batch) >= 10_000 {
			if err := svc.BulkInsertBlocks(batch); err != nil {
				b.Fatal(err)
			}
			batch = batch[:0]
		}
	}
	if err := svc.BulkInsertBlocks(batch); err != nil {
		b.Fatal(err)
	}
	svc.Close()
	if err := os.Rename(tmp, path); err != nil {
		b.Fatal(err)
	}
	os.Remove(tmp + "-wal")
	os.Remove(tmp + "-shm")
	return benchService(b)
}

func benchReport(b *testing.B, p reports.Period) {
	svc := benchService(b)
	b.ResetTimer()
	for b.Loop() {
		r, err := reports.Build(svc, reports.Options{Period: p})
		if err != nil {
			b.Fatal(err)
		}
		if err := Render(r, io.Discard, RenderOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWeekReport goes from the query to the written PDF for one week; the goal is under 50 ms.
func BenchmarkWeekReport(b *testing.B) {
	benchReport(b, reports.WeekOf(benchEnd, berlin))
}

// BenchmarkYearReport does the same for a year; the goal is under 500 ms.
func BenchmarkYearReport(b *testing.B) {
	p, err := reports.ParseRange("2025-11-21", "2026-11-20", berlin)
	if err != nil {
		b.Fatal(err)
	}
	benchReport(b, p)
}

// BenchmarkDayModel builds the model for one day, as the Today screen's deep-work bar and
// `shiplog status` do on every refresh; it draws nothing.
func BenchmarkDayModel(b *testing.B) {
	svc := benchService(b)
	p := reports.DayOf(benchEnd, berlin)
	b.ResetTimer()
	for b.Loop() {
		if _, err := reports.Build(svc, reports.Options{Period: p}); err != nil {
			b.Fatal(err)
		}
	}
}
