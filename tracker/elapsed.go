package tracker

import (
	"fmt"
	"time"
)

// FormatElapsed writes the time a block has run as h:mm:ss, counting whole seconds and rounding
// down, as a stopwatch does: 59.9 s is 0:00:59, never 0:01:00. The window's timer and `shiplog
// status` write the running block's time with it, so the two agree to the second, and the tray's
// h:mm is its first part.
func FormatElapsed(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	s := int64(d / time.Second)
	return fmt.Sprintf("%d:%02d:%02d", s/3600, s/60%60, s%60)
}
