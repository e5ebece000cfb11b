package tracker_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
)

func equalJSON(t *testing.T, a, b any) bool {
	t.Helper()
	ja, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	jb, err := json.Marshal(b)
	if err != nil {
		t.Fatal(err)
	}
	return string(ja) == string(jb)
}

func TestJobRunsAreRecordedAndListedNewestFirst(t *testing.T) {
	svc, clock := mustOpen(t)
	if _, err := svc.LastRun("weekly-report"); !errors.Is(err, tracker.ErrNotFound) {
		t.Fatalf("last run of a job that never ran: err = %v, want ErrNotFound", err)
	}
	first, err := svc.RecordJobRun(tracker.JobRun{Job: "weekly-report", Outcome: tracker.JobError, Detail: "smtp refused"})
	if err != nil {
		t.Fatal(err)
	}
	if !first.StartedAt.Equal(t0) {
		t.Errorf("a zero start time was not taken from the clock: %v", first.StartedAt)
	}
	clock.Advance(time.Minute)
	fin := clock.Now().Add(3 * time.Second)
	if _, err := svc.RecordJobRun(tracker.JobRun{Job: "weekly-report", StartedAt: clock.Now(), FinishedAt: &fin, Outcome: tracker.JobOK}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.RecordJobRun(tracker.JobRun{Job: "daily-backup", Outcome: tracker.JobOK}); err != nil {
		t.Fatal(err)
	}
	last, err := svc.LastRun("weekly-report")
	if err != nil {
		t.Fatal(err)
	}
	if last.Outcome != tracker.JobOK || !last.StartedAt.Equal(t0.Add(time.Minute)) || last.FinishedAt == nil || !last.FinishedAt.Equal(fin) {
		t.Fatalf("last run = %+v", last)
	}
	runs, err := svc.JobRuns("weekly-report", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 2 || runs[0].Outcome != tracker.JobOK || runs[1].Detail != "smtp refused" {
		t.Fatalf("runs = %+v", runs)
	}
	all, err := svc.JobRuns("", 2)
	if err != nil || len(all) != 2 {
		t.Fatalf("all runs with a limit: %v, %d rows", err, len(all))
	}
}

func TestJobRunsRefuseBadInput(t *testing.T) {
	svc, _ := mustOpen(t)
	for name, run := range map[string]tracker.JobRun{
		"an empty job name":  {Job: " ", Outcome: tracker.JobOK},
		"an unknown outcome": {Job: "x", Outcome: "maybe"},
	} {
		if _, err := svc.RecordJobRun(run); !errors.Is(err, tracker.ErrInvalid) {
			t.Errorf("%s: err = %v, want ErrInvalid", name, err)
		}
	}
}

func TestJobRunsKeepOnlyTheRecentHistory(t *testing.T) {
	svc, clock := mustOpen(t)
	for i := 0; i < 230; i++ {
		clock.Advance(time.Minute)
		if _, err := svc.RecordJobRun(tracker.JobRun{Job: "sla-watcher", StartedAt: clock.Now(), Outcome: tracker.JobOK}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.RecordJobRun(tracker.JobRun{Job: "daily-backup", Outcome: tracker.JobOK}); err != nil {
		t.Fatal(err)
	}
	runs, err := svc.JobRuns("sla-watcher", 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(runs) != 200 || !runs[0].StartedAt.Equal(clock.Now()) {
		t.Fatalf("kept %d runs, newest %v; want 200, newest now", len(runs), runs[0].StartedAt)
	}
	if other, _ := svc.JobRuns("daily-backup", 0); len(other) != 1 {
		t.Fatalf("trimming one job touched another: %d runs", len(other))
	}
}

func TestParseScheduleTable(t *testing.T) {
	tests := []struct {
		in      string
		wantDay time.Weekday
		wantAt  time.Duration
		off     bool
		wantErr bool
	}{
		{"fri 16:00", time.Friday, 16 * time.Hour, false, false},
		{"Friday 16:00", time.Friday, 16 * time.Hour, false, false},
		{"  mon   9:30 ", time.Monday, 9*time.Hour + 30*time.Minute, false, false},
		{"off", 0, 0, true, false},
		{"", 0, 0, true, false},
		{"fri", 0, 0, false, true},
		{"fri 24:00", 0, 0, false, true},
		{"fri 16:60", 0, 0, false, true},
		{"funday 16:00", 0, 0, false, true},
		{"fri 16:00 extra", 0, 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			s, err := tracker.ParseSchedule(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v, want error %v", err, tt.wantErr)
			}
			if err != nil {
				return
			}
			if s.Off != tt.off || (!s.Off && (s.Day != tt.wantDay || s.At != tt.wantAt)) {
				t.Fatalf("got %+v", s)
			}
		})
	}
}

func TestScheduleNextIsLocalAndStrictlyAfter(t *testing.T) {
	ny := mustLoadZone(t, "America/New_York")
	s, err := tracker.ParseSchedule("fri 16:00")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		after time.Time
		want  time.Time
	}{
		{"on Wednesday the next is this Friday", time.Date(2026, 11, 25, 12, 0, 0, 0, ny), time.Date(2026, 11, 27, 16, 0, 0, 0, ny)},
		{"at the slot the next is a week later", time.Date(2026, 11, 27, 16, 0, 0, 0, ny), time.Date(2026, 12, 4, 16, 0, 0, 0, ny)},
		{"across the DST change it stays 16:00 local", time.Date(2026, 10, 30, 17, 0, 0, 0, ny), time.Date(2026, 11, 6, 16, 0, 0, 0, ny)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := s.Next(tt.after, ny); !got.Equal(tt.want) {
				t.Fatalf("Next = %v, want %v", got, tt.want)
			}
		})
	}
}

func mustLoadZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// FuzzScheduleRoundTrip checks that the schedule parser never panics, that what it accepts reads back
// the same from its Text, and that Next always lands on the scheduled day and time.
func FuzzScheduleRoundTrip(f *testing.F) {
	for _, s := range []string{"fri 16:00", "friday 16:00", "off", "", "MON 9:05", "sun 23:59", "sat 00:00", "fri 24:00", "thu 7:7"} {
		f.Add(s)
	}
	berlin := mustLoadZone(f, "Europe/Berlin")
	f.Fuzz(func(t *testing.T, in string) {
		s, err := tracker.ParseSchedule(in)
		if err != nil {
			if err.Error() == "" || strings.ContainsAny(err.Error()[:1], "ABCDEFGHIJKLMNOPQRSTUVWXYZ") {
				t.Fatalf("error %q for %q: want a lower-case message", err, in)
			}
			return
		}
		again, err := tracker.ParseSchedule(s.Text)
		if err != nil {
			t.Fatalf("Text %q of accepted %q does not parse: %v", s.Text, in, err)
		}
		if again.Off != s.Off || again.Day != s.Day || again.At != s.At {
			t.Fatalf("%q -> %+v -> %q -> %+v", in, s, s.Text, again)
		}
		if s.Off {
			return
		}
		if s.At < 0 || s.At >= 24*time.Hour {
			t.Fatalf("accepted %q with time of day %v", in, s.At)
		}
		from := time.Date(2026, 3, 25, 12, 0, 0, 0, berlin)
		n := s.Next(from, berlin)
		if !n.After(from) || n.Sub(from) > 8*24*time.Hour || n.Weekday() != s.Day {
			t.Fatalf("Next(%v) of %q = %v", from, in, n)
		}
	})
}
