package tracker_test

import (
	"testing"
	"time"

	"shiplog/tracker"
)

func TestFormatElapsedRoundsDownLikeAStopwatch(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0:00:00"},
		{-5 * time.Second, "0:00:00"},
		{59*time.Second + 900*time.Millisecond, "0:00:59"},
		{time.Minute, "0:01:00"},
		{42*time.Minute + 17*time.Second, "0:42:17"},
		{10*time.Hour + 5*time.Minute + 3*time.Second, "10:05:03"},
		{36 * time.Hour, "36:00:00"},
	} {
		if got := tracker.FormatElapsed(tc.d); got != tc.want {
			t.Errorf("FormatElapsed(%v) = %q, want %q", tc.d, got, tc.want)
		}
	}
}
