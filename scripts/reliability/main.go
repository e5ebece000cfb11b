// Command reliability runs Shiplog's reliability suite and prints one line per check with its
// figures. It exits 1 if any check fails.
//
//	go run ./scripts/reliability          # the full suite: 1,000 kills, 3 × 10,000 transactions
//	go run ./scripts/reliability -short   # the CI run: 50 kills, 3 × 500 transactions
//
// It builds the shiplog binary once and drives it as a user would; the time and migration checks
// are Go tests (tracker/ and reports/ reliability_*_test.go) that it runs and summarises.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// suite is what every check needs.
type suite struct {
	bin   string // the built shiplog binary
	tmp   string // a scratch directory, removed at the end
	short bool
	kills int
	txs   int
}

// result is one printed line.
type result struct {
	name    string
	ok      bool
	skipped bool
	detail  string
}

func main() {
	short := flag.Bool("short", false, "the CI run: 50 kills, 3 × 500 transactions")
	kills := flag.Int("kills", 0, "kill -9 count (default 1000, or 50 with -short)")
	txs := flag.Int("txs", 0, "write transactions per process (default 10000, or 500 with -short)")
	only := flag.String("only", "", "run only these checks, comma-separated (crash,powercut,kills,concurrency,time,sleep,disk,migrations,hostile)")
	worker := flag.String("worker", "", "internal: run as a concurrency worker")
	flag.Parse()
	switch *worker {
	case "":
	case "syncwrite":
		os.Exit(runSyncWriter(flag.Args()))
	default:
		os.Exit(runWorker(*worker, flag.Args()))
	}
	s := &suite{short: *short, kills: 1000, txs: 10_000}
	if *short {
		s.kills, s.txs = 50, 500
	}
	if *kills > 0 {
		s.kills = *kills
	}
	if *txs > 0 {
		s.txs = *txs
	}
	os.Exit(s.run(*only))
}

// run builds shiplog, runs the checks and returns the exit code; it returns rather than exits so
// that the scratch directory is always removed.
func (s *suite) run(only string) int {
	var err error
	if s.tmp, err = os.MkdirTemp("", "shiplog-reliability-"); err != nil {
		return fatal(err)
	}
	defer os.RemoveAll(s.tmp)
	s.bin = filepath.Join(s.tmp, "shiplog")
	if out, err := exec.Command("go", "build", "-o", s.bin, ".").CombinedOutput(); err != nil {
		return fatal(fmt.Errorf("build shiplog: %v\n%s", err, out))
	}
	checks := []struct {
		name string
		run  func(*suite) result
	}{
		{"crash", (*suite).crash},
		{"powercut", (*suite).powercut},
		{"kills", (*suite).killChecks},
		{"concurrency", (*suite).concurrency},
		{"time", (*suite).timeCheck},
		{"sleep", (*suite).sleep},
		{"disk", (*suite).diskFull},
		{"migrations", (*suite).migrations},
		{"hostile", (*suite).hostile},
	}
	mode := "full"
	if s.short {
		mode = "short"
	}
	fmt.Printf("reliability (%s): %d kills, 3 × %d transactions\n", mode, s.kills, s.txs)
	passed, failed, skipped := 0, 0, 0
	t0 := time.Now()
	for _, c := range checks {
		if only != "" && !contains(strings.Split(only, ","), c.name) {
			continue
		}
		start := time.Now()
		r := c.run(s)
		status := "ok"
		switch {
		case r.skipped:
			status = "skipped"
			skipped++
		case !r.ok:
			status = "FAIL"
			failed++
		default:
			passed++
		}
		fmt.Printf("%-12s %-7s %s (%.1f s)\n", r.name+":", status, r.detail, time.Since(start).Seconds())
	}
	fmt.Printf("%.0f s in all\n", time.Since(t0).Seconds())
	// The closing line in the plain "N passed, N failed" form that CI summaries read.
	fmt.Printf("reliability: %d passed, %d failed, %d skipped\n", passed, failed, skipped)
	if failed > 0 {
		return 1
	}
	return 0
}

func fatal(err error) int {
	fmt.Fprintln(os.Stderr, "reliability:", err)
	return 1
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if strings.TrimSpace(x) == s {
			return true
		}
	}
	return false
}

// shiplog runs the binary on db and returns its exit code, stdout and stderr.
func (s *suite) shiplog(db string, args ...string) (int, string, string) {
	return s.shiplogIn("", db, args...)
}

func (s *suite) shiplogIn(dir, db string, args ...string) (int, string, string) {
	cmd := exec.Command(s.bin, append([]string{"--db", db}, args...)...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "TZ=UTC")
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		code = -1
		errb.WriteString(err.Error())
	}
	return code, out.String(), errb.String()
}

// fresh makes a new database with one project P and returns its path.
func (s *suite) fresh(name string) (string, error) {
	db := filepath.Join(s.tmp, name, "shiplog.db")
	if code, _, stderr := s.shiplog(db, "project", "add", "P"); code != 0 {
		return "", fmt.Errorf("project add: %s", stderr)
	}
	return db, nil
}

func fail(name, format string, args ...any) result {
	return result{name: name, detail: fmt.Sprintf(format, args...)}
}

func panicked(stderr string) bool {
	return strings.Contains(stderr, "panic:") || strings.Contains(stderr, "goroutine ")
}
