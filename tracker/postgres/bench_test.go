package postgres

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkFirstPush100k pushes 100k blocks from an outbox in BatchSize batches and pulls once, as
// the first sync after joining does (goal: under 10 s), then measures a sync with nothing to do
// (goal: under 50 ms).
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
		// An idle sync: nothing to push and nothing new for ada, but other transactions on the
		// server have moved the horizon, so the pull runs its query.
		const idle = 20
		var spent time.Duration
		for range idle {
			if err := tm.admin.Exec("SELECT pg_current_xact_id()").Error; err != nil {
				b.Fatal(err)
			}
			began = time.Now()
			res, err := Sync(b.Context(), ada, local)
			spent += time.Since(began)
			if err != nil || res.Pushed+res.Pulled != 0 {
				b.Fatalf("idle sync: %+v, %v", res, err)
			}
		}
		b.ReportMetric(float64(spent.Microseconds())/1000/idle, "ms/idle-sync")
	}
}
