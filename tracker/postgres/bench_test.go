package postgres

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkFirstPush100k pushes 100k blocks from an outbox in BatchSize batches, as the first sync
// after joining does (goal: under 10 s), then measures a sync with nothing to do (goal: 50 ms).
func BenchmarkFirstPush100k(b *testing.B) {
	for range b.N {
		b.StopTimer()
		tm := newTeam(b)
		ada := tm.remote("ada")
		local := newMemLocal()
		start := at("2025-01-06T08:00:00Z")
		for i := range 100_000 {
			s := start.Add(time.Duration(i) * 90 * time.Minute)
			local.record(mustChange(b, Blocks, newUID(b), 1, Block{Kind: "deep", Goal: fmt.Sprint("goal ", i), Start: s, End: ptr(s.Add(time.Hour)), Interruptions: i % 3}))
		}
		b.StartTimer()
		began := time.Now()
		res, err := Sync(b.Context(), ada, local)
		if err != nil || res.Pushed != 100_000 {
			b.Fatalf("sync: %+v, %v", res, err)
		}
		b.ReportMetric(time.Since(began).Seconds(), "s/first-push")
		began = time.Now()
		const idle = 20
		for range idle {
			if _, err := Sync(b.Context(), ada, local); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(time.Since(began).Milliseconds())/idle, "ms/idle-sync")
	}
}
