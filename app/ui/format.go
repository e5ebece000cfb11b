package ui

import (
	"fmt"
	"image/color"
	"time"

	"shiplog/tracker"
)

// fmtHM writes a duration as h:mm, the way the tray and the timer show it.
func fmtHM(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	m := int(d / time.Minute)
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

// fmtLeft writes the time to a target: "in 2:10" or "overdue 0:30".
func fmtLeft(d time.Duration) string {
	if d < 0 {
		return "overdue " + fmtHM(-d)
	}
	return "in " + fmtHM(d)
}

// fmtUntil writes wall time to a deadline, in days once it is more than a day away.
func fmtUntil(d time.Duration) string {
	if d < 24*time.Hour && d > -24*time.Hour {
		return fmtLeft(d)
	}
	prefix := "in "
	if d < 0 {
		prefix, d = "overdue ", -d
	}
	return fmt.Sprintf("%s%dd %dh", prefix, int(d/(24*time.Hour)), int(d%(24*time.Hour)/time.Hour))
}

// kindColor is the colour of a kind on the timeline and the week chart.
func kindColor(k tracker.Kind) color.NRGBA {
	switch k {
	case tracker.KindDeep:
		return color.NRGBA{R: 0x3d, G: 0x84, B: 0xf5, A: 0xff}
	case tracker.KindShallow:
		return color.NRGBA{R: 0x9a, G: 0xa0, B: 0xa6, A: 0xff}
	case tracker.KindAsync:
		return color.NRGBA{R: 0xf2, G: 0xa9, B: 0x00, A: 0xff}
	case tracker.KindMeeting:
		return color.NRGBA{R: 0x9c, G: 0x4d, B: 0xcc, A: 0xff}
	}
	return color.NRGBA{R: 0x80, G: 0x80, B: 0x80, A: 0xff}
}

// blockLine is one block as a line of text: "09:00–10:30 Deep work · Shiplog API — goal".
func blockLine(b tracker.Block, now time.Time, loc *time.Location) string {
	end := "now"
	if b.End != nil {
		end = b.End.In(loc).Format("15:04")
	}
	s := fmt.Sprintf("%s–%s  %s · %s  (%s)", b.Start.In(loc).Format("15:04"), end, b.Kind.Label(), b.Project,
		fmtHM(b.Duration(now)))
	if b.Goal != "" {
		s += " — " + b.Goal
	}
	if b.Outcome != "" {
		s += " → " + b.Outcome
	}
	return s
}

// runningLine is the tray's and the timer's state line: "Deep work · Shiplog API · 0:42 of 1:30".
func runningLine(b tracker.Block, now time.Time) string {
	s := fmt.Sprintf("%s · %s · %s", b.Kind.Label(), b.Project, fmtHM(b.Duration(now)))
	if b.PlannedSeconds > 0 {
		s += " of " + fmtHM(b.Planned())
	}
	return s
}

// dayBounds is local midnight to midnight around now.
func dayBounds(now time.Time, loc *time.Location) (time.Time, time.Time) {
	n := now.In(loc)
	from := time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)
	return from, from.AddDate(0, 0, 1)
}
