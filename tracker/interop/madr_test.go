package interop_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/interop"
	"shiplog/tracker/sqlite"
)

func TestMADRFileNameIsSafe(t *testing.T) {
	tests := []struct {
		id    uint
		title string
		want  string
	}{
		{7, "Use SQLite for storage", "0007-use-sqlite-for-storage.md"},
		{12, "../../etc/passwd", "0012-etc-passwd.md"},
		{3, `C:\Windows\system32`, "0003-c-windows-system32.md"},
		{4, "Ünïcödé ✓ only", "0004-n-c-d-only.md"},
		{5, "???", "0005-decision.md"},
		{10000, strings.Repeat("long ", 40), "10000-" + strings.TrimSuffix(strings.Repeat("long-", 12), "-") + ".md"},
	}
	for _, tt := range tests {
		t.Run(tt.title, func(t *testing.T) {
			got := interop.MADRFileName(tracker.Decision{ID: tt.id, Title: tt.title})
			if got != tt.want {
				t.Fatalf("got %q, want %q", got, tt.want)
			}
			if filepath.Base(got) != got || strings.ContainsAny(got, `/\`) {
				t.Fatalf("%q is not a plain file name", got)
			}
		})
	}
}

func TestExportMADRWritesRecordsAndRefusesOverwrite(t *testing.T) {
	svc, clock, d, deadline := madrProposeAt(t)
	if _, err := svc.Object(d.ID, tracker.Objection{By: "Ana", Reason: "Backups need care"}); err != nil {
		t.Fatal(err)
	}
	other, err := svc.ProposeDecision(tracker.Decision{Title: "../escape"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CloseDecision(other.ID, false, "Not now", clock.Now()); err != nil {
		t.Fatal(err)
	}
	clock.Advance(deadline.Sub(clock.Now()))
	ds, err := svc.Decisions()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "decisions")
	names, err := interop.ExportMADR(ds, dir, false, berlin(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 2 || names[0] != "0001-store-data-in-sqlite.md" || names[1] != "0002-escape.md" {
		t.Fatalf("names = %v", names)
	}
	first, err := os.ReadFile(filepath.Join(dir, names[0]))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"---\nstatus: proposed\ndate: 2026-11-27\nconsulted: [\"Ana\"]\n---\n", "# Store data in SQLite",
		"## Context and Problem Statement\n\nWe need one file.", "## Decision Outcome\n\nNeeds discussion: 1 objection was before the deadline",
		"- Ana (2026-11-16 10:00): Backups need care", "- Deadline: 2026-11-27 10:00 CET"} {
		if !strings.Contains(string(first), want) {
			t.Errorf("record lacks %q:\n%s", want, first)
		}
	}
	second, _ := os.ReadFile(filepath.Join(dir, names[1]))
	if !strings.Contains(string(second), "status: rejected") || !strings.Contains(string(second), "Not now") {
		t.Errorf("rejected record:\n%s", second)
	}
	entries, _ := os.ReadDir(filepath.Dir(dir))
	if len(entries) != 1 {
		t.Errorf("files were written beside the output folder: %v", entries)
	}

	if err := os.WriteFile(filepath.Join(dir, names[1]), []byte("mine"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := interop.ExportMADR(ds, dir, false, berlin(t)); !errors.Is(err, tracker.ErrConflict) {
		t.Fatalf("export over existing files: err = %v, want ErrConflict", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, names[1])); string(b) != "mine" {
		t.Fatal("a refused export overwrote a file")
	}
	if _, err := interop.ExportMADR(ds, dir, true, berlin(t)); err != nil {
		t.Fatalf("export with force: %v", err)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, names[1])); string(b) == "mine" {
		t.Fatal("force did not replace the file")
	}
}

func TestMADRStatusOfEveryState(t *testing.T) {
	want := map[tracker.DecisionState]string{
		tracker.DecisionOpen: "proposed", tracker.DecisionNeedsDiscussion: "proposed",
		tracker.DecisionAcceptedBySilence: "accepted", tracker.DecisionAccepted: "accepted", tracker.DecisionRejected: "rejected",
	}
	for st, w := range want {
		if got := interop.MADRStatus(st); got != w {
			t.Errorf("MADRStatus(%s) = %s, want %s", st, got, w)
		}
	}
}

// madrProposeAt proposes a decision on Monday 16 November 2026 10:00 in Berlin, with the default
// window of 72 business hours: its deadline is Friday 27 November 10:00.
func madrProposeAt(t *testing.T) (*tracker.Service, *clockwork.FakeClock, tracker.Decision, time.Time) {
	t.Helper()
	loc := berlin(t)
	clock := clockwork.NewFakeClockAt(time.Date(2026, 11, 16, 10, 0, 0, 0, loc))
	svc, err := sqlite.OpenService(filepath.Join(t.TempDir(), "s.db"), tracker.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := svc.SetSetting("timezone", "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
	d, err := svc.ProposeDecision(tracker.Decision{Title: "Store data in SQLite", Context: "We need one file."})
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Date(2026, 11, 27, 10, 0, 0, 0, loc)
	if !d.Deadline.Equal(deadline) {
		t.Fatalf("deadline = %v, want %v", d.Deadline, deadline)
	}
	return svc, clock, d, deadline
}
