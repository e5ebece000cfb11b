package reports_test

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	"shiplog/reports"
	"shiplog/tracker"
)

// The service is the report's source in the app; the compiler holds it to the interface.
var _ reports.Source = (*tracker.Service)(nil)

// sameValue compares two values field by field, times by instant and zone name, and reports the
// path of the first difference.
func sameValue(path string, a, b reflect.Value) error {
	if a.Type() == reflect.TypeOf(time.Time{}) {
		ta, tb := a.Interface().(time.Time), b.Interface().(time.Time)
		if !ta.Equal(tb) || ta.Location().String() != tb.Location().String() {
			return fmt.Errorf("%s: %v, want %v", path, ta, tb)
		}
		return nil
	}
	switch a.Kind() {
	case reflect.Pointer, reflect.Interface:
		if a.IsNil() || b.IsNil() {
			if a.IsNil() != b.IsNil() {
				return fmt.Errorf("%s: nil on one side only", path)
			}
			return nil
		}
		return sameValue(path, a.Elem(), b.Elem())
	case reflect.Struct:
		for i := range a.NumField() {
			if err := sameValue(path+"."+a.Type().Field(i).Name, a.Field(i), b.Field(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Slice, reflect.Array:
		if a.Len() != b.Len() {
			return fmt.Errorf("%s: %d elements, want %d", path, a.Len(), b.Len())
		}
		for i := range a.Len() {
			if err := sameValue(fmt.Sprintf("%s[%d]", path, i), a.Index(i), b.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		if a.Len() != b.Len() {
			return fmt.Errorf("%s: %d keys, want %d", path, a.Len(), b.Len())
		}
		for _, k := range a.MapKeys() {
			if !b.MapIndex(k).IsValid() {
				return fmt.Errorf("%s[%v]: missing", path, k)
			}
			if err := sameValue(fmt.Sprintf("%s[%v]", path, k), a.MapIndex(k), b.MapIndex(k)); err != nil {
				return err
			}
		}
		return nil
	}
	if !reflect.DeepEqual(a.Interface(), b.Interface()) {
		return fmt.Errorf("%s: %v, want %v", path, a.Interface(), b.Interface())
	}
	return nil
}

// TestSnapshotSourceGivesTheDatabasesReport builds the same reports from the demo database and
// from its export read in memory: every figure, row and label must be equal.
func TestSnapshotSourceGivesTheDatabasesReport(t *testing.T) {
	now := time.Date(2026, 11, 27, 17, 30, 0, 0, berlin)
	svc := mustOpen(t, now)
	if err := svc.SeedDemo(now); err != nil {
		t.Fatal(err)
	}
	addEdgeCases(t, svc, now)
	snap := must[tracker.Snapshot](t)(svc.Snapshot(tracker.SnapshotFilter{}))
	src := must[reports.Source](t)(reports.NewSnapshotSource(snap, now))
	cfg := must[tracker.Config](t)(svc.Config())
	loc := cfg.Location()
	projects := must[[]tracker.Project](t)(svc.Projects(true))
	week := reports.WeekOf(now, loc)
	tests := []struct {
		name string
		opts reports.Options
	}{
		{"this week, so far", reports.Options{Period: week}},
		{"last week with the hours table", reports.Options{Period: week.Previous(), Hours: true}},
		{"three weeks ago", reports.Options{Period: week.Previous().Previous().Previous()}},
		{"the month", reports.Options{Period: must[reports.Period](t)(reports.ParseMonth(now.Format("2006-01"), loc)), Hours: true}},
		{"a range of six weeks", reports.Options{Period: must[reports.Period](t)(reports.ParseRange(
			now.AddDate(0, 0, -42).Format(time.DateOnly), now.Format(time.DateOnly), loc))}},
		{"one project, named in another case", reports.Options{Period: week.Previous(), Projects: []string{strings.ToUpper(projects[0].Name)}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			want := must[*reports.Report](t)(reports.Build(svc, tt.opts))
			got := must[*reports.Report](t)(reports.Build(src, tt.opts))
			// An export carries no day closes (tracker.SnapCheckIn says why): the closed days and
			// their energy are the database's alone. Everything else must match.
			if len(want.Rituals.Days) == 0 || !want.Rituals.EnergyOK || len(got.Rituals.Days) != 0 || got.Rituals.EnergyOK {
				t.Errorf("closed days: %d from the database, %d from the export; want some, and none", len(want.Rituals.Days), len(got.Rituals.Days))
			}
			want.Rituals.Days, want.Rituals.EnergyAvg, want.Rituals.EnergyDays, want.Rituals.EnergyOK = nil, 0, 0, false
			if err := sameValue("Report", reflect.ValueOf(got), reflect.ValueOf(want)); err != nil {
				t.Fatal(err)
			}
			if len(want.Shipped)+len(want.Deep.Days)+len(want.Decisions.Closed) == 0 {
				t.Error("the report is empty; the comparison proves nothing")
			}
		})
	}
	t.Run("next week, which has not begun, is refused alike", func(t *testing.T) {
		for _, src := range []reports.Source{svc, src} {
			_, err := reports.Build(src, reports.Options{Period: week.Next()})
			var ns *reports.NotStartedError
			if !errors.As(err, &ns) || !errors.Is(err, tracker.ErrInvalid) || err.Error() != week.Next().Name()+" has not started yet" {
				t.Errorf("err %v, want %q", err, week.Next().Name()+" has not started yet")
			}
		}
	})
	t.Run("the status update drafts the same, but for what only the database's closed days say", func(t *testing.T) {
		fromDB := must[string](t)(reports.DraftUpdate(svc, week))
		var kept []string
		skip := false
		for _, line := range strings.Split(fromDB, "\n") {
			switch {
			case line == "### Handoff notes":
				skip = true
				continue
			case skip && strings.HasPrefix(line, "#"):
				skip = false
			case skip, strings.HasPrefix(line, "- First block planned"), strings.HasPrefix(line, "- Energy: "):
				continue
			}
			kept = append(kept, line)
		}
		if len(kept) == len(strings.Split(fromDB, "\n")) {
			t.Error("the database's draft says nothing of its closed days; the comparison proves nothing")
		}
		eq(t, "draft", must[string](t)(reports.DraftUpdate(src, week)), strings.Join(kept, "\n"))
	})
	t.Run("an unknown project is not found", func(t *testing.T) {
		if _, err := reports.Build(src, reports.Options{Period: week, Projects: []string{"Nope"}}); !errors.Is(err, tracker.ErrNotFound) {
			t.Errorf("err %v, want ErrNotFound", err)
		}
	})
}

// addEdgeCases adds what the demo lacks and a report treats specially: a dropped deliverable in a
// milestone, a long deep block without a goal, and a block still running.
func addEdgeCases(t *testing.T, svc *tracker.Service, now time.Time) {
	t.Helper()
	ms := must[[]tracker.Milestone](t)(svc.Milestones())
	m := ms[len(ms)-1]
	d := must[tracker.Deliverable](t)(svc.AddDeliverable(tracker.Deliverable{Title: "Dropped idea", Project: m.Project,
		Milestone: m.Name, Status: tracker.StatusInProgress}))
	d = must[tracker.Deliverable](t)(svc.SetDeliverableStatus(d.ID, tracker.StatusDropped))
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	from, to := day.AddDate(0, 0, -8).Add(3*time.Hour), day.AddDate(0, 0, -8).Add(5*time.Hour)
	must[tracker.Block](t)(svc.AddBlock(tracker.Block{Project: m.Project, Kind: tracker.KindDeep, Start: from, End: &to,
		DeliverableID: &d.ID}))
	// The running block starts after the day's last block.
	start := now.Add(-20 * time.Minute)
	for _, b := range must[[]tracker.Block](t)(svc.Blocks(tracker.BlockFilter{From: day})) {
		if b.End != nil && b.End.After(start) {
			start = b.End.Add(time.Minute)
		}
	}
	must[tracker.Block](t)(func() (tracker.Block, error) {
		b, _, err := svc.StartBlock(tracker.Block{Project: m.Project, Kind: tracker.KindDeep, Start: start, Goal: "Still going",
			DeliverableID: &d.ID})
		return b, err
	}())
}

func TestSnapshotSourceNamesTheFirstBadRecord(t *testing.T) {
	now := fixtureNow
	ok := func() tracker.Snapshot {
		end := at(16, 10, 0)
		return tracker.Snapshot{Format: tracker.SnapshotFormat, Version: tracker.SnapshotVersion,
			Projects:     []tracker.SnapProject{{ID: 1, Name: "Alpha"}},
			Milestones:   []tracker.SnapMilestone{{ID: 1, Project: "Alpha", Name: "Launch", Due: "2026-11-30"}},
			Deliverables: []tracker.SnapDeliverable{{ID: 1, Project: "Alpha", Title: "Login", Status: tracker.StatusPlanned}},
			Blocks:       []tracker.SnapBlock{{ID: 1, Project: "Alpha", Kind: tracker.KindDeep, Start: at(16, 9, 0), End: &end}},
		}
	}
	if _, err := reports.NewSnapshotSource(ok(), now); err != nil {
		t.Fatalf("a good snapshot: %v", err)
	}
	ptr := func(v uint) *uint { return &v }
	tests := []struct {
		name, want string
		sentinel   error
		edit       func(*tracker.Snapshot)
	}{
		{"another format", `format: must be "shiplog" (a Shiplog JSON export); got "toggl"`, tracker.ErrInvalid, func(s *tracker.Snapshot) { s.Format = "toggl" }},
		{"a newer version", `version: 3 was written by a newer Shiplog`, tracker.ErrInvalid, func(s *tracker.Snapshot) { s.Version = 3 }},
		{"a project without a name", "projects[0]: name: must not be empty", tracker.ErrInvalid, func(s *tracker.Snapshot) { s.Projects[0].Name = " " }},
		{"a project given twice", "projects[1]: a project named", tracker.ErrConflict, func(s *tracker.Snapshot) {
			s.Projects = append(s.Projects, tracker.SnapProject{ID: 2, Name: "alpha"})
		}},
		{"a milestone of an unknown project", `milestones[0]: project "Beta" not found`, tracker.ErrNotFound, func(s *tracker.Snapshot) { s.Milestones[0].Project = "Beta" }},
		{"a deliverable with an unknown milestone", "deliverables[0]: milestone_id: names no milestone", tracker.ErrInvalid, func(s *tracker.Snapshot) {
			s.Deliverables[0].MilestoneID = ptr(9)
		}},
		{"two deliverables with one ID", "deliverables[1]: id: must be set and unique", tracker.ErrInvalid, func(s *tracker.Snapshot) {
			s.Deliverables = append(s.Deliverables, tracker.SnapDeliverable{ID: 1, Project: "Alpha", Title: "Other", Status: tracker.StatusPlanned})
		}},
		{"a block that ends before it starts", "blocks[0]: end: must be after the start", tracker.ErrInvalid, func(s *tracker.Snapshot) {
			e := at(16, 8, 0)
			s.Blocks[0].End = &e
		}},
		{"two running blocks", "blocks[2]: runs, and so does blocks[1] of the same file", tracker.ErrConflict, func(s *tracker.Snapshot) {
			s.Blocks = append(s.Blocks, tracker.SnapBlock{ID: 2, Project: "Alpha", Kind: tracker.KindAsync, Start: at(16, 9, 30)},
				tracker.SnapBlock{ID: 3, Project: "Alpha", Kind: tracker.KindAsync, Start: at(16, 12, 30)})
		}},
		{"an unknown setting", `settings[0]: setting "colour" not found`, tracker.ErrNotFound, func(s *tracker.Snapshot) {
			s.Settings = []tracker.SnapSetting{{Key: "colour", Value: "blue"}}
		}},
		{"a bad setting", "settings[0]: timezone: unknown time zone", tracker.ErrInvalid, func(s *tracker.Snapshot) {
			s.Settings = []tracker.SnapSetting{{Key: "timezone", Value: "Mars/Olympus"}}
		}},
		{"an objection without a reason", "decisions[0].objections[0]: reason: must not be empty", tracker.ErrInvalid, func(s *tracker.Snapshot) {
			s.Decisions = []tracker.SnapDecision{{ID: 1, Title: "D", ProposedAt: at(16, 9, 0), Deadline: at(19, 9, 0),
				Objections: []tracker.SnapObjection{{By: "Kim", At: at(17, 9, 0)}}}}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			snap := ok()
			tt.edit(&snap)
			_, err := reports.NewSnapshotSource(snap, now)
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || !errors.Is(err, tt.sentinel) {
				t.Fatalf("err %v, want %q wrapping %v", err, tt.want, tt.sentinel)
			}
		})
	}
}

func TestAMembersFileGivesRecordsAndTheSettingsOfTheirFiguresOnly(t *testing.T) {
	snap := tracker.Snapshot{Format: tracker.SnapshotFormat, Version: tracker.SnapshotVersion,
		Projects: []tracker.SnapProject{{ID: 1, Name: "Alpha"}},
		Settings: []tracker.SnapSetting{
			{Key: "timezone", Value: "Asia/Tokyo"},
			{Key: "workhours", Value: "10:00-18:00"},
			{Key: "report.to", Value: "outside@evil.example"},
			{Key: "report.dir", Value: "/tmp/elsewhere"},
			{Key: "smtp.host", Value: "smtp.evil.example"},
			{Key: "smtp.port", Value: "not a port"}, // ignored, so it cannot fail the team report either
			{Key: "autostart", Value: "true"},
		}}
	src, err := reports.NewSnapshotSource(snap, fixtureNow)
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := src.Config()
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Timezone != "Asia/Tokyo" || cfg.WorkStart != 10*time.Hour {
		t.Errorf("the member's own calendar was not used: %q %v", cfg.Timezone, cfg.WorkStart)
	}
	if len(cfg.ReportTo) != 0 || cfg.SMTP.Host != "" || cfg.SMTP.Port != 587 || cfg.Autostart || cfg.ReportDir == "/tmp/elsewhere" {
		t.Errorf("personal settings were taken from the member's file: %+v", cfg)
	}
}
