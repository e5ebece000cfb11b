package sqlite_test

import (
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// TestHelperWriter is not a test: it is the body of a child process started by
// TestTwoProcessesWritingAtOnceNeverSeeALockedDatabase.
func TestHelperWriter(t *testing.T) {
	path, year := os.Getenv("SHIPLOG_WRITER_DB"), os.Getenv("SHIPLOG_WRITER_YEAR")
	if path == "" {
		t.Skip("only runs as a child process")
	}
	y, _ := strconv.Atoi(year)
	n, _ := strconv.Atoi(os.Getenv("SHIPLOG_WRITER_N"))
	svc, err := sqlite.OpenService(path)
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	base := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		s := base.Add(time.Duration(i) * time.Hour)
		e := s.Add(30 * time.Minute)
		if _, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "A", Start: s, End: &e}); err != nil {
			fmt.Fprintln(os.Stderr, "WRITE FAILED:", err)
			os.Exit(3)
		}
		if _, err := svc.AddRequest(tracker.Request{Subject: "r", Priority: tracker.PriorityNormal, ReceivedAt: s}); err != nil {
			fmt.Fprintln(os.Stderr, "WRITE FAILED:", err)
			os.Exit(3)
		}
	}
}

func TestTwoProcessesWritingAtOnceNeverSeeALockedDatabase(t *testing.T) {
	if testing.Short() {
		t.Skip("starts processes")
	}
	svc, _ := mustOpen(t)
	mustProject(t, svc, "A")
	const perProcess = 150
	var wg sync.WaitGroup
	errs := make([]error, 3)
	outs := make([][]byte, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperWriter$", "-test.count=1")
			cmd.Env = append(os.Environ(), "SHIPLOG_WRITER_DB="+svc.Path(),
				fmt.Sprintf("SHIPLOG_WRITER_YEAR=%d", 2020+i), fmt.Sprintf("SHIPLOG_WRITER_N=%d", perProcess))
			outs[i], errs[i] = cmd.CombinedOutput()
		}()
	}
	// This process writes too, as the GUI would beside the CLI.
	for i := range perProcess {
		if _, err := svc.AddRequest(tracker.Request{Subject: "gui", Priority: tracker.PriorityFYI, ReceivedAt: t0.Add(-time.Duration(i) * time.Minute)}); err != nil {
			t.Errorf("in-process write %d: %v", i, err)
		}
	}
	wg.Wait()
	for i := range 3 {
		if errs[i] != nil {
			t.Fatalf("writer %d failed: %v\n%s", i, errs[i], outs[i])
		}
	}
	bs, _ := svc.Blocks(tracker.BlockFilter{})
	rs, _ := svc.Requests(tracker.RequestFilter{})
	if len(bs) != 3*perProcess || len(rs) != 4*perProcess {
		t.Errorf("%d blocks and %d requests, want %d and %d", len(bs), len(rs), 3*perProcess, 4*perProcess)
	}
}
