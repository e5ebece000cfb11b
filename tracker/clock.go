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

// UTC normalises an instant for storage, in every store: UTC, whole seconds. Shiplog's durations
// are exact to the second, and a single representation keeps range queries on text columns ordered.
func UTC(t time.Time) time.Time {
	if t.IsZero() {
		return t
	}
	return t.UTC().Truncate(time.Second)
}

// UTCPtr is UTC for an optional instant.
func UTCPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := UTC(*t)
	return &u
}
