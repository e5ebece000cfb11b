package tracker

import "time"

// Clock tells the time. The tracker never calls time.Now directly, so that tests and the
// scheduler can move time. clockwork.Clock satisfies it.
type Clock interface {
	Now() time.Time
}

type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

// SystemClock is the real wall clock.
var SystemClock Clock = systemClock{}

// utc normalises an instant for storage: UTC, whole seconds. Shiplog's durations are exact to
// the second, and a single representation keeps range queries on the text column ordered.
func utc(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}

func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := utc(*t)
	return &u
}
