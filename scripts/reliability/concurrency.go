package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"

	"shiplog/app/cli"
	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// workerReport is what a worker process prints when it is done.
type workerReport struct {
	OK, Errors, Locked int
	First              string
	// MaxWait is the longest single command, in milliseconds: how long a quick log waited.
	MaxWait int64
}

// concurrency runs three processes at once, each doing txs write transactions: two run the CLI's
// `block add` in a loop (through cli.Run, the code path of one shiplog invocation each, without
// paying for exec 10,000 times), and one writes job runs through one long-lived service, as
// `shiplog daemon` does. No write may fail with "database is locked", and the totals must be exact.
func (s *suite) concurrency() result {
	const name = "concurrency"
	db, err := s.fresh("concurrency")
	if err != nil {
		return fail(name, "%v", err)
	}
	self, err := os.Executable()
	if err != nil {
		return fail(name, "%v", err)
	}
	base := time.Now().UTC().Truncate(time.Minute).Add(-time.Duration(2*2*s.txs+60) * time.Minute)
	n := strconv.Itoa(s.txs)
	// Beside them, a fourth process holds the write lock for 2 s at a time, as a long import does,
	// so that the writers must wait on it rather than only on each other's short transactions.
	holds := 10
	if s.short {
		holds = 3
	}
	workers := [][]string{
		{"-worker", "cli", db, base.Format(time.RFC3339), "0", n},
		{"-worker", "cli", db, base.Format(time.RFC3339), n, n},
		{"-worker", "jobs", db, n},
		{"-worker", "hold", db, strconv.Itoa(holds), "2000"},
	}
	reports := make([]workerReport, len(workers))
	errs := make([]error, len(workers))
	var wg sync.WaitGroup
	t0 := time.Now()
	for i, args := range workers {
		wg.Go(func() {
			out, err := exec.Command(self, args...).Output()
			if err != nil {
				errs[i] = fmt.Errorf("worker %s: %v", args[1], err)
				return
			}
			errs[i] = json.Unmarshal(out, &reports[i])
		})
	}
	wg.Wait()
	took := time.Since(t0)
	var total workerReport
	for i, r := range reports {
		if errs[i] != nil {
			return fail(name, "%v", errs[i])
		}
		total.OK += r.OK
		total.MaxWait = max(total.MaxWait, r.MaxWait)
		total.Errors += r.Errors
		total.Locked += r.Locked
		if total.First == "" {
			total.First = r.First
		}
	}
	svc, err := sqlite.OpenService(db)
	if err != nil {
		return fail(name, "open: %v", err)
	}
	defer svc.Close()
	bs, err := svc.Blocks(tracker.BlockFilter{})
	if err != nil {
		return fail(name, "%v", err)
	}
	runs, err := svc.JobRuns("", 0)
	if err != nil {
		return fail(name, "%v", err)
	}
	integrity, err := integrityCheck(db)
	if err != nil {
		return fail(name, "%v", err)
	}
	want := 3*s.txs + holds
	got := len(bs) + len(runs)
	detail := fmt.Sprintf("3 processes × %d transactions beside a 4th that held the write lock %d × 2 s, in %.1f s: %d committed, %d errors, %d \"database is locked\", longest quick log %d ms, totals %d blocks + %d job runs = %d of %d, integrity %s",
		s.txs, holds, took.Seconds(), total.OK, total.Errors, total.Locked, total.MaxWait, len(bs), len(runs), got, want, integrity)
	if total.First != "" {
		detail += "; first error: " + total.First
	}
	return result{name: name, ok: total.Errors == 0 && total.Locked == 0 && got == want && integrity == "ok", detail: detail}
}

// runWorker is the body of a worker process; it prints a workerReport as JSON.
func runWorker(kind string, args []string) int {
	var r workerReport
	note := func(err string) {
		r.Errors++
		if strings.Contains(err, "locked") || strings.Contains(err, "busy") {
			r.Locked++
		}
		if r.First == "" {
			r.First = strings.TrimSpace(err)
		}
	}
	switch kind {
	case "cli":
		db := args[0]
		base, _ := time.Parse(time.RFC3339, args[1])
		first, _ := strconv.Atoi(args[2])
		n, _ := strconv.Atoi(args[3])
		for i := first; i < first+n; i++ {
			from := base.Add(time.Duration(2*i) * time.Minute)
			var stderr strings.Builder
			e := &cli.Env{DBPath: db, Stdout: io.Discard, Stderr: &stderr, Stdin: strings.NewReader("")}
			t0 := time.Now()
			code := cli.Run(e, []string{"block", "add", "shallow", "--project", "P", "--from", from.Format(time.RFC3339),
				"--to", from.Add(time.Minute).Format(time.RFC3339)})
			r.MaxWait = max(r.MaxWait, time.Since(t0).Milliseconds())
			if code != 0 {
				note(stderr.String())
				continue
			}
			r.OK++
		}
	case "jobs":
		svc, err := sqlite.OpenService(args[0])
		if err != nil {
			note(err.Error())
			break
		}
		n, _ := strconv.Atoi(args[1])
		for i := range n {
			// A name per run: RecordJobRun keeps only the last 200 runs of each job.
			if _, err := svc.RecordJobRun(tracker.JobRun{Job: fmt.Sprintf("reliability-%d", i), Outcome: tracker.JobOK}); err != nil {
				note(err.Error())
				continue
			}
			r.OK++
		}
		svc.Close()
	case "hold":
		// A long transaction: BEGIN IMMEDIATE, one job run, then the write lock held for the given time.
		n, _ := strconv.Atoi(args[1])
		hold, _ := strconv.Atoi(args[2])
		db, err := sql.Open("sqlite3", "file:"+args[0]+"?_busy_timeout=15000&_txlock=immediate")
		if err != nil {
			note(err.Error())
			break
		}
		for i := range n {
			time.Sleep(300 * time.Millisecond) // let the writers in between
			tx, err := db.Begin()
			if err != nil {
				note(err.Error())
				continue
			}
			if _, err := tx.Exec("INSERT INTO job_runs (job, started_at, outcome) VALUES (?, ?, 'ok')",
				fmt.Sprintf("reliability-hold-%d", i), time.Now().UTC().Format("2006-01-02 15:04:05+00:00")); err != nil {
				tx.Rollback()
				note(err.Error())
				continue
			}
			time.Sleep(time.Duration(hold) * time.Millisecond)
			if err := tx.Commit(); err != nil {
				note(err.Error())
				continue
			}
			r.OK++
		}
		db.Close()
	default:
		fmt.Fprintf(os.Stderr, "unknown worker %q\n", kind)
		return 2
	}
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		return 1
	}
	return 0
}
