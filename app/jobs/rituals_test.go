package jobs_test

import (
	"strings"
	"testing"
	"time"

	"shiplog/app/jobs"
	"shiplog/tracker"
)

func TestRitualsAreOfferedOnceAtTheEndOfTheWorkingDayAndWeek(t *testing.T) {
	// Thursday 26 November 2026 in Berlin; Friday 27 is a holiday, so Thursday ends the working week.
	h := newHarness(t, bln(2026, 11, 26, 16, 58), "holidays", "2026-11-27")
	opts := h.options()
	opts.WriteReport = nil
	r := h.start(opts)
	h.waitTimers(2)
	h.advanceTo(bln(2026, 11, 26, 16, 59))
	h.waitTimers(2)
	h.drained() // not before the working hours end

	h.clock.Advance(time.Minute)
	if n := h.note(); n.title != "End of the working day" || !strings.Contains(n.body, "shiplog day close") {
		t.Fatalf("first notification %+v", n)
	}
	if n := h.note(); n.title != "Weekly check-in" || !strings.Contains(n.body, "shiplog checkin") {
		t.Fatalf("second notification %+v", n)
	}
	for range 3 {
		h.waitTimers(2)
		h.clock.Advance(time.Minute)
	}
	h.waitTimers(2)
	r.Stop()
	h.drained() // once, however often the minute comes

	// A restart the same evening offers nothing again.
	r = h.start(opts)
	h.waitTimers(2)
	h.clock.Advance(time.Minute)
	h.waitTimers(2)
	r.Stop()
	h.drained()
	if runs := h.runs(jobs.EndOfDay); len(runs) != 1 || runs[0].Detail != "notified 1" {
		t.Errorf("end-of-day runs %+v", runs)
	}

	// The holiday offers nothing; on Monday the day is offered again, but the week's check-in waits
	// for Friday. The runner is stopped while the clock jumps, as a machine that sleeps overnight.
	h.advanceTo(bln(2026, 11, 27, 17, 59))
	r = h.start(opts)
	h.waitTimers(2)
	h.clock.Advance(time.Minute)
	h.waitTimers(2)
	r.Stop()
	h.drained()
	h.advanceTo(bln(2026, 11, 30, 17, 4))
	r = h.start(opts)
	if n := h.note(); n.title != "End of the working day" {
		t.Fatalf("Monday's notification %+v", n)
	}
	h.waitTimers(2)
	r.Stop()
	h.drained()

	// A day closed before its working hours end is not offered.
	h.advanceTo(bln(2026, 12, 1, 16, 30))
	if _, err := h.svc.CloseDay(tracker.CloseDayInput{}); err != nil {
		t.Fatal(err)
	}
	r = h.start(opts)
	h.waitTimers(2)
	h.advanceTo(bln(2026, 12, 1, 17, 30))
	h.waitTimers(2)
	r.Stop()
	h.drained()
}

func TestStatusListsTheRitualPrompts(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 25, 12, 0))
	infos, err := jobs.Status(h.svc, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	// Wednesday noon: the day is offered at 17:00, the check-in on Friday at 17:00.
	if e := jobInfo(t, infos, jobs.EndOfDay); !strings.Contains(e.Schedule, "end of working hours") || !e.NextRun.Equal(bln(2026, 11, 25, 17, 0)) {
		t.Errorf("end of day: %+v", e)
	}
	if c := jobInfo(t, infos, jobs.WeeklyCheckIn); !strings.Contains(c.Schedule, "last working day") || !c.NextRun.Equal(bln(2026, 11, 27, 17, 0)) {
		t.Errorf("check-in: %+v", c)
	}
}
