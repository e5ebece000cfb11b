package interop_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/interop"
)

// timewRows writes a Timewarrior export of intervals given as "start-end" in UTC on 2 November
// 2026 ("09:00-10:00"), tagged with a project.
func timewRows(spans ...string) string {
	var b strings.Builder
	b.WriteString("[\n")
	for i, s := range spans {
		from, to, _ := strings.Cut(s, "-")
		day := func(hm string) string { return "20261102T" + strings.ReplaceAll(hm, ":", "") + "00Z" }
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id":%d,"start":"%s","end":"%s","tags":["P"]}`, i+1, day(from), day(to))
	}
	b.WriteString("\n]\n")
	return b.String()
}

func TestTheReaderSkipsZeroLengthEntriesAndFlagsLongOnes(t *testing.T) {
	tests := []struct {
		name  string
		file  string
		skips string
		flags string
		added int
	}{
		{"a zero-length entry is skipped and counted", timewRows("09:00-09:00", "10:00-11:00"), "index 0 zero-length", "", 1},
		{"entries that only touch are both imported", timewRows("09:00-10:00", "10:00-11:00"), "", "", 2},
		{"an entry longer than 24 hours is kept and flagged",
			strings.Replace(timewRows("09:00-10:00"), `"end":"20261102T100000Z"`, `"end":"20261103T100000Z"`, 1),
			"", "index 0 longer than 24 hours", 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			for _, dry := range []bool{true, false} {
				svc := mustOpen(t)
				rep, err := interop.Import(svc, "timewarrior", strings.NewReader(tc.file), interop.Options{DryRun: dry})
				if err != nil {
					t.Fatal(err)
				}
				var skips, flags []string
				for _, s := range rep.Plan.Skipped {
					skips = append(skips, fmt.Sprintf("%s %s", s.Ref, s.Reason))
				}
				for _, f := range rep.Plan.Flags {
					flags = append(flags, fmt.Sprintf("%s %s", f.Ref, f.Kind))
				}
				if strings.Join(skips, ", ") != tc.skips || strings.Join(flags, ", ") != tc.flags || rep.Result.Added != tc.added {
					t.Errorf("dry run %v: skipped %q flags %q added %d\nwant %q, %q, %d", dry, skips, flags, rep.Result.Added,
						tc.skips, tc.flags, tc.added)
				}
			}
		})
	}
}

func TestTheReaderFlagsADurationColumnThatDisagrees(t *testing.T) {
	file := "Project,Description,Start date,Start time,End date,End time,Duration\n" +
		"P,a,2026-11-02,10:00:00,2026-11-02,11:00:00,02:00:00\n" +
		"P,b,2026-11-02,12:00:00,2026-11-02,13:00:00,01:00:00\n"
	rep, err := interop.Import(mustOpen(t), "toggl", strings.NewReader(file), interop.Options{DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Plan.Flags) != 1 || rep.Plan.Flags[0].Ref != "line 2" || rep.Plan.Flags[0].Kind != interop.FlagDuration {
		t.Errorf("flags %+v", rep.Plan.Flags)
	}
}

func TestTheReportNamesTheLocalDaysAndCountsUnreadableRows(t *testing.T) {
	file := "Project,Description,Start date,Start time,End date,End time\n" +
		"P,a,2026-11-02,23:30:00,2026-11-02,23:50:00\n" +
		",b,2026-11-04,09:00:00,2026-11-04,10:00:00\n" +
		"Q,c,2026-11-04,09:00:00,2026-11-04,99:00:00\n"
	rep, err := interop.Import(mustOpen(t), "toggl", strings.NewReader(file), interop.Options{DryRun: true, Location: time.UTC,
		SkipInvalid: true})
	if err != nil {
		t.Fatal(err)
	}
	if rep.FirstDay != "2026-11-02" || rep.LastDay != "2026-11-04" {
		t.Errorf("days %s to %s", rep.FirstDay, rep.LastDay)
	}
	if rep.Result.Counts["P"][tracker.KindShallow] != 1 || rep.Result.Counts[tracker.DefaultImportProject][tracker.KindShallow] != 1 {
		t.Errorf("counts %v", rep.Result.Counts)
	}
	s := rep.Plan.Skipped
	if len(s) != 1 || s[0].Reason != interop.SkipInvalid || s[0].Project != "Q" || s[0].Seconds != -1 {
		t.Errorf("skipped %+v", s)
	}
	if d := rep.Result.Dropped; len(d) != 1 || d[0].Project != "Q" || d[0].Rows != 1 || d[0].Unread != 1 {
		t.Errorf("dropped %+v", d)
	}
}
