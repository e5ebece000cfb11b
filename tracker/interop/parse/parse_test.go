package parse

import (
	"strings"
	"testing"
	"time"
)

func TestParsersNameTheRowColumnAndReason(t *testing.T) {
	tests := []struct {
		name, in string
		read     func(string) ([]Entry, []*Error, error)
		good     int
		want     string // the first problem, or the file error
	}{
		{"a timewarrior interval with a bad end", `[{"start":"20261105T080000Z","end":"tomorrow"},{"start":"20261105T090000Z"}]`,
			timew, 1, `index 0, column "end": must be a UTC time like 20160405T162205Z; got "tomorrow"`},
		{"a timewarrior interval with tags of the wrong type", `[{"start":"20261105T080000Z","tags":"deep"}]`,
			timew, 0, `index 0, column "tags": bad value`},
		{"a timewarrior header without a blank line", "temp.version: 1\n[]", timew, 0, "line 2: the extension header must end with a blank line"},
		{"broken JSON ends the file", `[{"start":`, timew, 0, "index 0: bad JSON"},
		{"a watson frame that stops before it starts", `[[200, 100, "p", "x", []]]`, watson, 0, `index 0, column "stop": the end`},
		{"a watson frame without an id", `[[100, 200, "p"]]`, watson, 0, "index 0: must have at least start, stop, project and id"},
		{"a toggl file without the time columns", "Project,Description\nA,B\n", toggl, 0,
			"line 1: the header lacks the column(s) Start date, Start time, End date, End time"},
		{"a toggl row with a stray quote", "Project,Description,Start date,Start time,End date,End time\nA,\"B\"x,2026-11-02,09:00:00,2026-11-02,10:00:00\n",
			toggl, 0, "line 2: column"},
		{"a clockify row with a 24-hour month", "Project,Description,Start Date,Start Time,End Date,End Time\nA,B,13/03/2026,9:00 AM,13/03/2026,10:00 AM\n",
			clockify, 0, `line 2, column "Start Date": must be a date like MM/DD/YYYY; got "13/03/2026"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			entries, bad, err := tc.read(tc.in)
			got := ""
			switch {
			case err != nil:
				got = err.Error()
			case len(bad) > 0:
				got = bad[0].Error()
			}
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("got %q, want it to start with %q", got, tc.want)
			}
			if len(entries) != tc.good {
				t.Errorf("%d entries, want %d", len(entries), tc.good)
			}
		})
	}
}

func timew(s string) ([]Entry, []*Error, error)  { return Timewarrior(strings.NewReader(s)) }
func watson(s string) ([]Entry, []*Error, error) { return Watson(strings.NewReader(s)) }
func toggl(s string) ([]Entry, []*Error, error)  { return Toggl(strings.NewReader(s), time.UTC) }
func clockify(s string) ([]Entry, []*Error, error) {
	return Clockify(strings.NewReader(s), time.UTC)
}
