package jobs_test

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"shiplog/app/desktop"
	"shiplog/app/jobs"
	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

func TestOneJobRunnerPerDatabase(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 27, 15, 0))
	opts := h.options()
	opts.Who = desktop.WhoDaemon
	h.start(opts)

	second, err := jobs.New(h.svc, h.clock, h.options())
	if err != nil {
		t.Fatal(err)
	}
	err = second.Start()
	if !errors.Is(err, tracker.ErrLocked) || !strings.Contains(err.Error(), fmt.Sprintf("shiplog daemon (pid %d)", os.Getpid())) {
		t.Fatalf("a second runner started: %v", err)
	}
	if who, held := jobs.RunnerOf(h.svc.Path()); !held || who.Who != desktop.WhoDaemon {
		t.Errorf("RunnerOf = %v, %v", who, held)
	}
}

func TestAWindowBesideADaemonLeavesItTheJobsAndTakesThemOverWhenItStops(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 27, 15, 0))
	daemonOpts := h.options()
	daemonOpts.Who = desktop.WhoDaemon
	daemon := h.start(daemonOpts)

	type state struct {
		running bool
		err     error
	}
	states := make(chan state, 4)
	windowOpts := h.options()
	windowOpts.Who = desktop.WhoApp
	stop, err := jobs.StartWhenFree(h.svc, h.clock, windowOpts, func(running bool, err error) { states <- state{running, err} })
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	if s := <-states; s.running || !errors.Is(s.err, tracker.ErrLocked) {
		t.Fatalf("beside the daemon the window's jobs: %+v; want waiting", s)
	}
	if err := daemon.Stop(); err != nil {
		t.Fatal(err)
	}
	h.waitTimers(1) // the window's minute check, now that the daemon's timers are gone
	h.clock.Advance(time.Minute)
	select {
	case s := <-states:
		if !s.running {
			t.Fatalf("after the daemon stopped: %+v", s)
		}
	case <-time.After(guard):
		t.Fatal("the window never took the jobs over")
	}
	if who, held := jobs.RunnerOf(h.svc.Path()); !held || who.Who != desktop.WhoApp {
		t.Errorf("RunnerOf = %v, %v; want the desktop app", who, held)
	}
}

func TestAWeeklyMailRetryOutlivesARestartAndUsesTheSettingsInForce(t *testing.T) {
	refusing := startSMTP(t, true)
	h := newHarness(t, bln(2026, 11, 27, 15, 59), refusing.settings()...)
	r := h.start(h.options())
	h.waitTimers(3)
	h.clock.Advance(time.Minute)
	select {
	case <-refusing.attempts:
	case <-time.After(guard):
		t.Fatal("the first try never reached the server")
	}
	if n := h.note(); !strings.Contains(n.body, "retries in 1m") {
		t.Fatalf("first failure: %+v", n)
	}
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	rts, err := h.svc.JobRetries()
	if err != nil || len(rts) != 1 || rts[0].Attempt != 2 || !rts[0].DueAt.Equal(bln(2026, 11, 27, 16, 1)) {
		t.Fatalf("stored retries %+v (%v); want try 2 at 16:01", rts, err)
	}

	// The process ends; the person fixes the mail settings; Shiplog starts again.
	path := h.svc.Path()
	h.svc.Close()
	svc, err := sqlite.OpenService(path, tracker.WithClock(h.clock))
	if err != nil {
		t.Fatal(err)
	}
	defer svc.Close()
	h.svc = svc
	working := startSMTP(t, false)
	for k, v := range map[string]string{"smtp.port": fmt.Sprint(working.port), "report.to": "fixed@example.com"} {
		if err := svc.SetSetting(k, v); err != nil {
			t.Fatal(err)
		}
	}
	<-h.reports // the first try's report
	r2 := h.start(h.options())
	h.waitTimers(4) // the tick, the next report, the backup and the resumed retry
	h.clock.Advance(time.Minute)
	var msg received
	select {
	case msg = <-working.mail:
	case <-time.After(guard):
		t.Fatal("the retry was lost in the restart")
	}
	if len(msg.to) != 1 || msg.to[0] != "fixed@example.com" {
		t.Errorf("the retry mailed %v; want the recipient set after the first try", msg.to)
	}
	if err := r2.Stop(); err != nil {
		t.Fatal(err)
	}
	runs := h.runs(jobs.WeeklyReport)
	if len(runs) != 2 || runs[0].Outcome != tracker.JobOK || runs[1].Outcome != tracker.JobError {
		t.Fatalf("runs %+v; want a failed try, then the retry that mailed", runs)
	}
	if rts, _ := svc.JobRetries(); len(rts) != 0 {
		t.Errorf("a retry is still pending after success: %+v", rts)
	}
	<-h.reports
	h.drained()
}
