package tracker

import (
	"fmt"
	"time"
)

// When shows an instant the way a user types one, in loc: "2026-11-29 10:30", with the seconds
// only when there are any. The zone's abbreviation follows ("2026-11-29 10:30 CST") where it
// helps: when loc's clock reads differently from the system's at that instant, so that a reader
// looking at the machine's clock is not misled, and when the local time occurs twice because
// summer time ends, so that the reader can tell which one is meant.
func When(t time.Time, loc *time.Location) string { return whenSys(t, loc, time.Local) }

// whenSys is When with the system's zone given, so that tests do not depend on the machine's.
func whenSys(t time.Time, loc, sys *time.Location) string {
	if loc == nil {
		loc = sys
	}
	l := t.In(loc)
	s := wallClock(l)
	_, off := l.Zone()
	_, sysOff := t.In(sys).Zone()
	if off != sysOff || repeated(t, loc) {
		s += " " + l.Format("MST")
	}
	return s
}

// wallClock is a local time without its zone, to the minute unless it has seconds.
func wallClock(l time.Time) string {
	if l.Second() != 0 {
		return l.Format("2006-01-02 15:04:05")
	}
	return l.Format("2006-01-02 15:04")
}

// repeated reports whether t's local time in loc also names another instant: the hour that is
// lived twice when the clocks go back.
func repeated(t time.Time, loc *time.Location) bool {
	_, before := t.Add(-24 * time.Hour).In(loc).Zone()
	_, after := t.Add(24 * time.Hour).In(loc).Zone()
	if before == after {
		return false
	}
	shift := time.Duration(before-after) * time.Second
	if shift < 0 {
		shift = -shift
	}
	wall := t.In(loc).Format(time.DateTime)
	return t.Add(shift).In(loc).Format(time.DateTime) == wall || t.Add(-shift).In(loc).Format(time.DateTime) == wall
}

// sprintfIn is fmt.Sprintf with every time among args shown by When in loc, and a nil *time.Time
// (a block still running) shown as "running". Messages that name instants are built with it, so
// that no message shows a time in UTC or in a layout the user does not type.
func sprintfIn(loc *time.Location, format string, args ...any) string {
	shown := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case time.Time:
			shown[i] = When(v, loc)
		case *time.Time:
			if v == nil {
				shown[i] = "running"
			} else {
				shown[i] = When(*v, loc)
			}
		default:
			shown[i] = a
		}
	}
	return fmt.Sprintf(format, shown...)
}

// invalidAt is invalid for a reason that names instants: they are shown in the zone of now, the
// zone the service reads the clock in (Service.Location).
func invalidAt(now time.Time, field, format string, args ...any) error {
	return &FieldError{Field: field, Reason: sprintfIn(now.Location(), format, args...)}
}

// conflictAt is a ConflictError whose message names instants, shown in the zone of now.
func conflictAt(now time.Time, format string, args ...any) error {
	return &ConflictError{Msg: sprintfIn(now.Location(), format, args...)}
}
