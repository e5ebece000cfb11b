package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// seedBlocks fills a database with n finished, non-overlapping blocks ending before now.
func seedBlocks(tb testing.TB, path string, n int) {
	tb.Helper()
	svc, err := sqlite.OpenService(path)
	if err != nil {
		tb.Fatal(err)
	}
	defer svc.Close()
	if _, err := svc.AddProject(tracker.Project{Name: "Bench"}); err != nil {
		tb.Fatal(err)
	}
	kinds := tracker.Kinds
	start := time.Now().UTC().Truncate(time.Hour).Add(-time.Duration(n+2) * time.Hour)
	batch := make([]tracker.Block, 0, 5000)
	for i := range n {
		s := start.Add(time.Duration(i) * time.Hour)
		e := s.Add(45 * time.Minute)
		batch = append(batch, tracker.Block{ProjectID: 1, Kind: kinds[i%4], Start: s, End: &e, Goal: fmt.Sprintf("goal %d", i)})
		if len(batch) == cap(batch) || i == n-1 {
			if err := svc.BulkInsertBlocks(batch); err != nil {
				tb.Fatal(err)
			}
			batch = batch[:0]
		}
	}
}

// BenchmarkQuickLogProcess times `shiplog start` then `shiplog stop` as whole processes on a
// database that holds 100k blocks: what a tray click or a shell alias costs.
func BenchmarkQuickLogProcess(b *testing.B) {
	dir := b.TempDir()
	bin := filepath.Join(dir, "shiplog")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		b.Fatalf("build: %v\n%s", err, out)
	}
	db := filepath.Join(dir, "s.db")
	seedBlocks(b, db, 100_000)
	run := func(args ...string) {
		cmd := exec.Command(bin, append([]string{"--db", db}, args...)...)
		cmd.Env = append(os.Environ(), "SHIPLOG_DB=")
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v: %v\n%s", args, err, out)
		}
	}
	b.ResetTimer()
	for b.Loop() {
		run("start", "deep", "--project", "Bench", "--goal", "bench")
		run("stop")
	}
}

// BenchmarkInsertBlock measures the insert rate of single-block transactions (each with its overlap
// check and fsync) on a database that already holds 100k blocks.
func BenchmarkInsertBlock(b *testing.B) {
	db := filepath.Join(b.TempDir(), "s.db")
	seedBlocks(b, db, 100_000)
	svc, err := sqlite.OpenService(db)
	if err != nil {
		b.Fatal(err)
	}
	defer svc.Close()
	// Insert going back in time, before the seeded range, so every insert runs the overlap check.
	t := time.Now().UTC().Add(-time.Duration(200_000) * time.Hour)
	b.ResetTimer()
	for b.Loop() {
		e := t.Add(30 * time.Minute)
		if _, err := svc.AddBlock(tracker.Block{Project: "Bench", Kind: tracker.KindDeep, Start: t, End: &e}); err != nil {
			b.Fatal(err)
		}
		t = t.Add(-time.Hour)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "inserts/s")
}
