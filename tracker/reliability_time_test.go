package tracker_test

import (
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// reliabilityZones cover DST in both hemispheres (including a 30-minute DST shift and DST that
// starts at midnight), 30- and 45-minute offsets, both ends of the date line, and Apia, which
// skipped 2011-12-30 when it crossed the date line.
var reliabilityZones = []string{
	"UTC", "Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "America/Sao_Paulo",
	"America/Santiago", "America/St_Johns", "Australia/Sydney", "Australia/Adelaide", "Australia/Lord_Howe",
	"Pacific/Auckland", "Pacific/Chatham", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Tehran", "Pacific/Apia",
	"Pacific/Kiritimati", "Pacific/Pago_Pago", "Africa/Casablanca",
}

// reliabilityBoundaries are the instants where time arithmetic breaks: every offset change of the
// zone between 2011 and 2026, and local midnight, month start, ISO week start and New Year around
// them and in a few other years.
func reliabilityBoundaries(loc *time.Location) []time.Time {
	var out []time.Time
	t := time.Date(2011, 1, 1, 0, 0, 0, 0, loc)
	stop := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
	for t.Before(stop) {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(stop) {
			break
		}
		out = append(out, end)
		y, m, d := end.Date()
		out = append(out, time.Date(y, m, d, 0, 0, 0, 0, loc), time.Date(y, m, d+1, 0, 0, 0, 0, loc))
		t = end
	}
	for _, y := range []int{2011, 2015, 2020, 2024, 2026} {
		out = append(out, time.Date(y, 1, 1, 0, 0, 0, 0, loc), time.Date(y, 3, 1, 0, 0, 0, 0, loc),
			time.Date(y, 10, 1, 0, 0, 0, 0, loc))
		// The Monday of ISO week 1, which may fall in the previous calendar year.
		jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, loc)
		out = append(out, time.Date(y, 1, 4-(int(jan4.Weekday())+6)%7, 0, 0, 0, 0, loc))
	}
	if loc.String() == "Pacific/Apia" {
		out = append(out, time.Date(2011, 12, 29, 23, 0, 0, 0, loc), time.Date(2011, 12, 31, 0, 0, 0, 0, loc))
	}
	return out
}

// localDays cuts [from, to) at the local midnights of loc. A skipped day yields no piece.
func localDays(from, to time.Time, loc *time.Location) [][2]time.Time {
	var out [][2]time.Time
	y, m, d := from.In(loc).Date()
	day := time.Date(y, m, d, 0, 0, 0, 0, loc)
	for i := 1; day.Before(to); i++ {
		next := time.Date(y, m, d+i, 0, 0, 0, 0, loc)
		if next.After(day) {
			out = append(out, [2]time.Time{day, next})
			day = next
		}
	}
	return out
}

// TestReliabilityTimeSplits stores blocks that straddle every boundary of every zone and checks that
// the stored duration is exact to the second and that querying each local day of the block, cut at
// the days' edges, adds up to the whole block.
func TestReliabilityTimeSplits(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	checked := 0
	for _, name := range reliabilityZones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatalf("load %s: %v", name, err)
		}
		t.Run("blocks across the boundaries of "+name+" keep their length and split exactly by day", func(t *testing.T) {
			now := time.Date(2027, 6, 1, 0, 0, 0, 0, time.UTC)
			svc, err := sqlite.OpenService(filepath.Join(t.TempDir(), "s.db"), tracker.WithClock(clockwork.NewFakeClockAt(now)))
			if err != nil {
				t.Fatal(err)
			}
			defer svc.Close()
			if err := svc.SetSetting("timezone", name); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.AddProject(tracker.Project{Name: "P"}); err != nil {
				t.Fatal(err)
			}
			var last time.Time
			for _, b := range reliabilityBoundaries(loc) {
				start := b.Add(-time.Duration(1+rng.IntN(3*3600)) * time.Second)
				end := b.Add(time.Duration(1+rng.IntN(26*3600)) * time.Second)
				if !start.After(last) {
					continue // the boundaries are close together; keep the blocks apart
				}
				last = end
				got, err := svc.AddBlock(tracker.Block{Project: "P", Kind: tracker.KindDeep, Start: start, End: &end, Goal: "g"})
				if err != nil {
					t.Fatalf("add %v–%v: %v", start, end, err)
				}
				want := end.Truncate(time.Second).Sub(start.Truncate(time.Second))
				if d := got.Duration(now); d != want {
					t.Errorf("block %v–%v lasts %v, want %v", start, end, d, want)
				}
				var sum time.Duration
				for _, day := range localDays(start, end, loc) {
					spans, err := svc.BlockSpans(tracker.BlockFilter{From: day[0], To: day[1]})
					if err != nil {
						t.Fatal(err)
					}
					for _, s := range spans {
						if s.Start.Equal(got.Start) {
							sum += minT(*s.End, day[1]).Sub(maxT(s.Start, day[0]))
						}
					}
				}
				if sum != want {
					t.Errorf("block %v–%v in %s: per-day parts add up to %v, want %v", start.In(loc), end.In(loc), name, sum, want)
				}
				checked++
			}
		})
	}
	t.Logf("reliability: %d blocks across %d zones", checked, len(reliabilityZones))
}

func maxT(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minT(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
