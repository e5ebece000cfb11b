package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"shiplog/app/desktop"
	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

func TestJobsListsNextRunsAndLastOutcomes(t *testing.T) {
	c := newOpsCLI(t)
	c.ok("config", "set", "timezone", "UTC")
	svc, err := sqlite.OpenService(c.db, tracker.WithClock(c.clock))
	if err != nil {
		t.Fatal(err)
	}
	fin := opsNow.Add(-time.Hour)
	if _, err := svc.RecordJobRun(tracker.JobRun{Job: "daily-backup", StartedAt: opsNow.Add(-2 * time.Hour), FinishedAt: &fin,
		Outcome: tracker.JobError, Detail: "disk full"}); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	out := c.ok("jobs")
	for _, want := range []string{"JOB", "weekly-report", "weekly, Fri 16:00", "Fri 27 Nov 16:00", "sla-watcher", "every minute",
		"daily-backup", "Sat 28 Nov 03:00", "Fri 27 Nov 08:00", "error: disk full", "decision-closer"} {
		if !strings.Contains(out, want) {
			t.Errorf("jobs lacks %q:\n%s", want, out)
		}
	}
	var rows []struct {
		Name        string  `json:"name"`
		NextRun     *string `json:"next_run"`
		LastOutcome string  `json:"last_outcome"`
	}
	if err := json.Unmarshal([]byte(c.ok("jobs", "--json")), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 || rows[0].Name != "weekly-report" || rows[0].NextRun == nil || *rows[0].NextRun != "2026-11-27T16:00:00Z" {
		t.Fatalf("jobs --json = %+v", rows)
	}
	if rows[2].Name != "decision-closer" || rows[2].NextRun != nil {
		t.Errorf("a closer with no decisions has a next run: %+v", rows[2])
	}
	// Friday 10:00: the day's close is offered at 17:00, and so is the week's check-in.
	if rows[5].Name != "end-of-day" || rows[5].NextRun == nil || *rows[5].NextRun != "2026-11-27T17:00:00Z" ||
		rows[6].Name != "weekly-check-in" || rows[6].NextRun == nil || *rows[6].NextRun != "2026-11-27T17:00:00Z" {
		t.Errorf("ritual prompts: %+v, %+v", rows[5], rows[6])
	}
}

func TestDaemonRunsUntilStopped(t *testing.T) {
	c := newOpsCLI(t)
	ctx, cancel := context.WithCancel(context.Background())
	old := daemonContext
	daemonContext = func() (context.Context, context.CancelFunc) { return ctx, cancel }
	defer func() { daemonContext = old }()

	var out, errb bytes.Buffer
	done := make(chan int)
	go func() {
		done <- Run(&Env{DBPath: c.db, Clock: c.clock, Stdout: &out, Stderr: &errb}, []string{"daemon"})
	}()
	// The daemon's scheduler sets its timers on the fake clock once it runs.
	waitCtx, stop := context.WithTimeout(context.Background(), 10*time.Second)
	defer stop()
	if err := c.clock.BlockUntilContext(waitCtx, 2); err != nil {
		t.Fatalf("the daemon never scheduled its jobs: %v", err)
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the daemon did not stop")
	}
	if !strings.Contains(out.String(), "shiplog daemon: running on") || !strings.Contains(out.String(), "shiplog daemon: stopped") {
		t.Errorf("daemon output:\n%s", out.String())
	}
}

func TestTheDaemonRefusesToRunJobsThatAnotherProcessRuns(t *testing.T) {
	c := newOpsCLI(t)
	lock, err := desktop.TryLock(desktop.JobsLockPath(c.db), desktop.WhoApp)
	if err != nil {
		t.Fatal(err)
	}
	defer lock.Close()
	want := fmt.Sprintf("the desktop app (pid %d)", os.Getpid())
	c.fails(1, "already run in "+want, "daemon")
	if out := c.ok("jobs"); !strings.Contains(out, "the jobs run in "+want) {
		t.Errorf("jobs does not say who runs them:\n%s", out)
	}
	lock.Close()
	if out := c.ok("jobs"); !strings.Contains(out, "no process runs the jobs now") {
		t.Errorf("jobs after the app quit:\n%s", out)
	}
}
