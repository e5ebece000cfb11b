package main

import (
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
	workers := [][]string{
		{"-worker", "cli", db, base.Format(time.RFC3339), "0", n},
		{"-worker", "cli", db, base.Format(time.RFC3339), n, n},
		{"-worker", "jobs", db, n},
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
	want := 3 * s.txs
	got := len(bs) + len(runs)
	detail := fmt.Sprintf("3 processes × %d transactions in %.1f s (%.0f/s): %d committed, %d errors, %d \"database is locked\", totals %d blocks + %d job runs = %d of %d, integrity %s",
		s.txs, took.Seconds(), float64(want)/took.Seconds(), total.OK, total.Errors, total.Locked, len(bs), len(runs), got, want, integrity)
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
			code := cli.Run(e, []string{"block", "add", "shallow", "--project", "P", "--from", from.Format(time.RFC3339),
				"--to", from.Add(time.Minute).Format(time.RFC3339)})
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
	default:
		fmt.Fprintf(os.Stderr, "unknown worker %q\n", kind)
		return 2
	}
	if err := json.NewEncoder(os.Stdout).Encode(r); err != nil {
		return 1
	}
	return 0
}
