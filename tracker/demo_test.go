package tracker_test

import (
	"errors"
	"testing"

	"shiplog/tracker"
)

func TestSeedDemoFillsSixRealisticWeeks(t *testing.T) {
	svc, _ := mustOpen(t)
	if err := svc.SeedDemo(t0); err != nil {
		t.Fatal(err)
	}
	blocks, err := svc.Blocks(tracker.BlockFilter{})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[tracker.Kind]int{}
	goals, outcomes, midnight := 0, 0, 0
	for _, b := range blocks {
		kinds[b.Kind]++
		if b.Goal != "" {
			goals++
		}
		if b.Outcome != "" {
			outcomes++
		}
		if b.End.Day() != b.Start.Day() {
			midnight++
		}
		if b.End.After(t0) {
			t.Errorf("block %d ends after now", b.ID)
		}
	}
	for _, k := range tracker.Kinds {
		if kinds[k] == 0 {
			t.Errorf("no %s blocks", k)
		}
	}
	if goals == 0 || outcomes == 0 || midnight == 0 {
		t.Errorf("goals %d, outcomes %d, blocks across midnight %d; want some of each", goals, outcomes, midnight)
	}

	ds, err := svc.Deliverables(tracker.DeliverableFilter{})
	if err != nil {
		t.Fatal(err)
	}
	statuses := map[tracker.Status]int{}
	for _, d := range ds {
		statuses[d.Status]++
		if d.Link == "" {
			t.Errorf("deliverable %q has no link", d.Title)
		}
	}
	for _, s := range []tracker.Status{tracker.StatusShipped, tracker.StatusInProgress, tracker.StatusPlanned} {
		if statuses[s] == 0 {
			t.Errorf("no %s deliverables", s)
		}
	}

	rs, err := svc.Requests(tracker.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	prios, late, overdue := map[tracker.Priority]int{}, 0, 0
	for _, r := range rs {
		prios[r.Priority]++
		switch r.State {
		case tracker.RequestAnsweredLate:
			late++
		case tracker.RequestOverdue:
			overdue++
		}
	}
	if len(prios) != 4 || late == 0 || overdue == 0 {
		t.Errorf("priorities %v, late %d, overdue %d; want all four, some late and some overdue", prios, late, overdue)
	}

	decs, err := svc.Decisions()
	if err != nil {
		t.Fatal(err)
	}
	states, objections := map[tracker.DecisionState]int{}, 0
	for _, d := range decs {
		states[d.State]++
		objections += len(d.Objections)
	}
	if states[tracker.DecisionAcceptedBySilence] == 0 || states[tracker.DecisionAccepted] == 0 || objections == 0 {
		t.Errorf("decision states %v, objections %d", states, objections)
	}

	ms, err := svc.Milestones()
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 3 {
		t.Errorf("%d milestones, want 3", len(ms))
	}

	// The rituals: most working days closed, some skipped; plans, handoffs and energy; check-ins.
	closes, err := svc.DayCloses("", "")
	if err != nil {
		t.Fatal(err)
	}
	cfg, _ := svc.Config()
	plans, handoffs, workdays := 0, 0, 0
	for _, c := range closes {
		if !cfg.IsWorkday(c.Day) || c.Energy == nil || *c.Energy < 1 || *c.Energy > 5 {
			t.Errorf("close %+v: want a working day with energy", c)
		}
		if !c.Tomorrow.IsZero() {
			plans++
		}
		if c.Handoff != "" {
			handoffs++
		}
	}
	for d := tracker.DateOf(t0, cfg.Location()).AddDays(-38); d < tracker.DateOf(t0, cfg.Location()); d = d.AddDays(1) {
		if cfg.IsWorkday(d) {
			workdays++
		}
	}
	if len(closes) < workdays/2 || len(closes) >= workdays || plans == 0 || handoffs == 0 {
		t.Errorf("%d closes of %d working days, %d plans, %d handoffs; want most days closed, some skipped", len(closes), workdays, plans, handoffs)
	}
	checkIns, _ := svc.CheckIns("", "")
	if len(checkIns) < 3 {
		t.Errorf("%d check-ins, want most weeks", len(checkIns))
	}
	if cfg.SyncDays == [7]bool{} || cfg.CoreEnd == 0 {
		t.Error("the demo sets no sync days or core hours")
	}
}

func TestSeedDemoIsDeterministic(t *testing.T) {
	count := func() (int, int) {
		svc, _ := mustOpen(t)
		if err := svc.SeedDemo(t0); err != nil {
			t.Fatal(err)
		}
		bs, _ := svc.Blocks(tracker.BlockFilter{})
		rs, _ := svc.Requests(tracker.RequestFilter{})
		var secs int64
		for _, b := range bs {
			secs += int64(b.Duration(t0).Seconds())
		}
		return len(bs) + len(rs), int(secs)
	}
	n1, s1 := count()
	n2, s2 := count()
	if n1 != n2 || s1 != s2 {
		t.Errorf("two seeds differ: %d/%d records, %d/%d seconds", n1, n2, s1, s2)
	}
}

func TestSeedDemoRefusesADatabaseWithProjects(t *testing.T) {
	svc, _ := mustOpen(t)
	mustProject(t, svc, "Mine")
	if err := svc.SeedDemo(t0); !errors.Is(err, tracker.ErrConflict) {
		t.Fatalf("err %v, want ErrConflict", err)
	}
}
