package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"shiplog/tracker"
)

// The timeline draws each minute once, for the block that counts it: an imported meeting inside a
// deep block splits the deep bar around it instead of lying on top of it, as the report counts it.
func TestTheTimelineDrawsOverlappedTimeOnceForTheLaterBlock(t *testing.T) {
	test.NewTempApp(t)
	cfg := tracker.DefaultConfig()
	loc := cfg.Location()
	at := func(h, m int) time.Time { return time.Date(2026, 11, 17, h, m, 0, 0, loc) }
	ptr := func(t time.Time) *time.Time { return &t }
	blocks := []tracker.Block{
		// Listed newest first, as Today lists them: the order drawn must not depend on it.
		{ID: 3, Kind: tracker.KindAsync, Start: at(13, 0), End: nil},
		{ID: 2, Kind: tracker.KindMeeting, Start: at(10, 0), End: ptr(at(10, 30))},
		{ID: 1, Kind: tracker.KindDeep, Start: at(9, 0), End: ptr(at(12, 0))},
	}
	tl := newTimeline()
	tl.set(blocks, at(13, 45), cfg)
	var got []string
	for _, s := range tl.Spans {
		got = append(got, s.Start.In(loc).Format("15:04")+"-"+s.End.In(loc).Format("15:04")+" "+string(s.Kind))
	}
	want := "09:00-10:00 deep, 10:30-12:00 deep, 10:00-10:30 meeting, 13:00-13:45 async"
	if strings.Join(got, ", ") != want {
		t.Errorf("spans %s,\nwant %s", strings.Join(got, ", "), want)
	}
}
