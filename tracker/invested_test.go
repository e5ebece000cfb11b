package tracker_test

import (
	"testing"
	"time"

	"shiplog/tracker"
)

// A deliverable's invested time counts an overlapped span once, for the block that started later,
// as the deep-work hours and every other figure do: a meeting imported inside a deep block linked to
// a deliverable takes its half hour out of the deliverable's time.
func TestInvestedTimeCountsOverlappedTimeOnce(t *testing.T) {
	svc, _ := mustOpen(t)
	d1, d2 := uint(1), uint(2)
	block := func(id uint, kind tracker.Kind, from, to string, d *uint) tracker.SnapBlock {
		end := hm(to)
		return tracker.SnapBlock{ID: id, Project: "P", Kind: kind, Start: hm(from), End: &end, Goal: "g", DeliverableID: d}
	}
	snap := tracker.Snapshot{Format: tracker.SnapshotFormat, Version: tracker.SnapshotVersion,
		Projects: []tracker.SnapProject{{ID: 1, Name: "P"}},
		Deliverables: []tracker.SnapDeliverable{{ID: 1, Project: "P", Title: "Writer", Status: tracker.StatusInProgress},
			{ID: 2, Project: "P", Title: "Review", Status: tracker.StatusInProgress}},
		Blocks: []tracker.SnapBlock{
			block(1, tracker.KindDeep, "09:00", "12:00", &d1),
			block(2, tracker.KindMeeting, "10:00", "10:30", &d2),
			block(3, tracker.KindShallow, "11:30", "13:00", nil), // takes 11:30-12:00 from Writer
			block(4, tracker.KindDeep, "14:00", "15:00", &d1),    // no overlap: counts whole
		}}
	if _, err := svc.ImportSnapshot(snap, tracker.ImportOptions{Overlaps: tracker.OverlapKeep}); err != nil {
		t.Fatal(err)
	}
	ds, err := svc.Deliverables(tracker.DeliverableFilter{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, d := range ds {
		got[d.Title] = d.InvestedSeconds
	}
	// Writer: 09:00-10:00, 10:30-11:30 and 14:00-15:00 = 3 h; Review: its half hour whole.
	if got["Writer"] != 3*3600 || got["Review"] != 1800 {
		t.Errorf("invested %v, want Writer 10800 and Review 1800", got)
	}
	// Up to 11:00 (a report of a period that ended then): Writer 09:00-10:00 and 10:30-11:00.
	m, err := svc.InvestedSeconds([]uint{1, 2}, hm("11:00"))
	if err != nil || m[1] != 5400 || m[2] != 1800 {
		t.Errorf("invested until 11:00: %v, %v; want 1: 5400, 2: 1800", m, err)
	}
}

func TestInvestedWithinClipsToTheWindowAndUntil(t *testing.T) {
	d := uint(7)
	end := func(s string) *time.Time { e := hm(s); return &e }
	blocks := []tracker.Block{
		{ID: 1, Kind: tracker.KindDeep, Start: hm("09:00"), End: end("11:00"), DeliverableID: &d},
		{ID: 2, Kind: tracker.KindAsync, Start: hm("10:00"), End: nil}, // runs: until now, 12:00
	}
	raw, counted := tracker.InvestedWithin(blocks, hm("09:30"), hm("12:00"), hm("12:00"), time.Time{})
	if raw[d] != 5400 || counted[d] != 1800 {
		t.Errorf("raw %d counted %d, want 5400 (09:30-11:00) and 1800 (09:30-10:00)", raw[d], counted[d])
	}
	raw, counted = tracker.InvestedWithin(blocks, time.Time{}, time.Time{}, hm("12:00"), hm("09:45"))
	if raw[d] != 2700 || counted[d] != 2700 {
		t.Errorf("until 09:45: raw %d counted %d, want 2700 both", raw[d], counted[d])
	}
}
