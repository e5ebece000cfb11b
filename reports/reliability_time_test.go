package reports_test

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/reports"
	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// reliabilityZones cover DST in both hemispheres (including Lord Howe's 30-minute shift and
// Santiago's DST that starts at midnight), 30- and 45-minute offsets, and Apia, which skipped
// 2011-12-30.
var reliabilityZones = []string{
	"UTC", "Europe/Berlin", "America/New_York", "America/Santiago", "America/St_Johns", "Australia/Sydney",
	"Australia/Lord_Howe", "Pacific/Chatham", "Asia/Kolkata", "Asia/Kathmandu", "Pacific/Apia", "Africa/Casablanca",
}

// reliabilityPeriods are the weeks and months around the zone's offset changes of 2022 and 2023,
// the ISO week around New Year 2026, and for Apia the week and month of the skipped day.
func reliabilityPeriods(t *testing.T, loc *time.Location) []reports.Period {
	t.Helper()
	var out []reports.Period
	tt := time.Date(2022, 1, 1, 0, 0, 0, 0, loc)
	for range 4 {
		_, end := tt.ZoneBounds()
		if end.IsZero() {
			break
		}
		m, err := reports.ParseMonth(end.Format("2006-01"), loc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, reports.WeekOf(end, loc), m)
		tt = end
	}
	out = append(out, reports.WeekOf(time.Date(2026, 1, 1, 12, 0, 0, 0, loc), loc))
	if loc.String() == "Pacific/Apia" {
		m, err := reports.ParseMonth("2011-12", loc)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, reports.WeekOf(time.Date(2011, 12, 29, 12, 0, 0, 0, loc), loc), m)
	}
	return out
}

// TestReliabilityDeepWorkDays fills periods around DST changes and skipped days with deep blocks
// that cross midnight, and checks that the report's per-day deep-work series adds up, to the
// second, to its totals and to the blocks' time inside the period.
func TestReliabilityDeepWorkDays(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	count := 0
	for _, name := range reliabilityZones {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range reliabilityPeriods(t, loc) {
			t.Run(fmt.Sprintf("the days of %s in %s add up to the total", p.Label, name), func(t *testing.T) {
				now := p.To.AddDate(0, 1, 0)
				svc, err := sqlite.OpenService(filepath.Join(t.TempDir(), "s.db"), tracker.WithClock(clockwork.NewFakeClockAt(now)))
				if err != nil {
					t.Fatal(err)
				}
				defer svc.Close()
				if err := svc.SetSetting("timezone", name); err != nil {
					t.Fatal(err)
				}
				proj, err := svc.AddProject(tracker.Project{Name: "P"})
				if err != nil {
					t.Fatal(err)
				}
				var blocks []tracker.Block
				var want time.Duration
				for s := p.From.Add(-5 * time.Hour); s.Before(p.To.Add(5 * time.Hour)); {
					e := s.Add(time.Duration(600+rng.IntN(5*3600)) * time.Second)
					blocks = append(blocks, tracker.Block{ProjectID: proj.ID, Kind: tracker.KindDeep, Start: s, End: &e, Goal: "g"})
					if lo, hi := maxTime(s, p.From), minTime(e, p.To); hi.After(lo) {
						want += hi.Sub(lo)
					}
					s = e.Add(time.Duration(600+rng.IntN(6*3600)) * time.Second)
				}
				if err := svc.BulkInsertBlocks(blocks); err != nil {
					t.Fatal(err)
				}
				r, err := reports.Build(svc, reports.Options{Period: p, Now: now})
				if err != nil {
					t.Fatal(err)
				}
				d := r.Deep
				if len(d.Days) != len(p.Dates()) {
					t.Errorf("%d days in the series, the period has %d", len(d.Days), len(p.Dates()))
				}
				y, m, dd := p.From.Date()
				for i, day := range d.Days {
					want := time.Date(y, m, dd+i, 0, 0, 0, 0, time.UTC)
					gy, gm, gd := day.Date.Date()
					skipped := i+1 < len(d.Days) && d.Days[i+1].Date.Equal(day.Date)
					if (gy != want.Year() || gm != want.Month() || gd != want.Day()) && !skipped {
						t.Errorf("day %d starts at %v, which is not on %s", i, day.Date, want.Format(time.DateOnly))
					}
				}
				var deep, short time.Duration
				for i, day := range d.Days {
					deep += day.Deep
					short += day.ShortFocus
					if i > 0 && day.Date.Before(d.Days[i-1].Date) {
						t.Errorf("day %d (%v) comes before %v", i, day.Date, d.Days[i-1].Date)
					}
				}
				if deep != d.Hours || short != d.ShortHours {
					t.Errorf("days add up to %v deep and %v short focus; totals say %v and %v", deep, short, d.Hours, d.ShortHours)
				}
				if d.Hours+d.ShortHours != want {
					t.Errorf("deep work %v + short focus %v = %v; the blocks hold %v inside the period",
						d.Hours, d.ShortHours, d.Hours+d.ShortHours, want)
				}
			})
			count++
		}
	}
	t.Logf("reliability: %d reports across %d zones", count, len(reliabilityZones))
}
