package parse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParsersNameTheRowColumnAndReason(t *testing.T) {
	tests := []struct {
		name, in string
		read     func(string) (Result, error)
		good     int
		want     string // the first problem, or the file error
	}{
		{"a timewarrior interval with a bad end", `[{"start":"20261105T080000Z","end":"tomorrow"},{"start":"20261105T090000Z"}]`,
			timew, 1, `index 0, column "end": must be a UTC time like 20160405T162205Z; got "tomorrow"`},
		{"a timewarrior interval with tags of the wrong type says so in words", `[{"start":"20261105T080000Z","tags":"deep"}]`,
			timew, 0, `index 0, column "tags": must be a list of text values; got text`},
		{"a watson frame given to the timewarrior reader names no Go type", `[[1, 2, "p", "id", []]]`,
			timew, 0, `index 0: must be an object like {"start": "20160405T162205Z", "end": …}; got a list`},
		{"broken JSON ends the file", `[{"start":`, timew, 0, "index 0: bad JSON"},
		{"a timewarrior data file is told to go through timew export", "inc 20220405T081500Z - 20220405T090000Z # work\n",
			timew, 0, "line 1: this is a Timewarrior data file; run `timew export > file.json` and import that"},
		{"text without a JSON array names its first line", "Configuration override rc.verbose:off\n", timew, 0,
			`line 1: expected the JSON array of ` + "`timew export`" + `; "Configuration override rc.verbose:off" is not JSON`},
		{"a watson frame that stops before it starts", `[[200, 100, "p", "x", []]]`, watson, 0, `index 0, column "stop": the end`},
		{"a watson frame without an id", `[[100, 200, "p"]]`, watson, 0, "index 0: must have at least start, stop, project and id"},
		{"a toggl file without the time columns lists what it needs and what it has", "Project,Description\nA,B\n", toggl, 0,
			"line 1: the header lacks Start date, Start time, End date, End time, which a Toggl detailed CSV export has " +
				"(in English or German); the columns found are: Project, Description"},
		{"a toggl row with a stray quote", "Project,Description,Start date,Start time,End date,End time\nA,\"B\"x,2026-11-02,09:00:00,2026-11-02,10:00:00\n",
			toggl, 0, "line 2: column"},
		{"a clockify row with two parts over 12 is no date", "Project,Description,Start Date,Start Time,End Date,End Time\nA,B,13/13/2026,9:00 AM,13/13/2026,10:00 AM\n",
			clockify, 0, `line 2, column "Start Date": 13/13/2026 is not a date when read day first (DMY)`},
		{"a time past 23 hours says how times are written", "Start date,Start time,End date,End time\n2026-11-02,09:00:00,2026-11-02,25:00:00\n",
			toggl, 0, `line 2, column "End time": must be a time in 24-hour HH:MM:SS or 12-hour h:mm:ss AM (seconds optional); got "25:00:00"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := tc.read(tc.in)
			got := ""
			switch {
			case err != nil:
				got = err.Error()
			case len(res.Bad) > 0:
				got = res.Bad[0].Error()
			}
			if !strings.HasPrefix(got, tc.want) {
				t.Errorf("got %q, want it to start with %q", got, tc.want)
			}
			if len(res.Entries) != tc.good {
				t.Errorf("%d entries, want %d", len(res.Entries), tc.good)
			}
		})
	}
}

func TestDetailedCSVReadsTheDatesAndTimesTheToolsWrite(t *testing.T) {
	const header = "Project,Description,Start date,Start time,End date,End time,Duration\n"
	tests := []struct {
		name  string
		rows  string
		order DateOrder
		want  []string // start and end of each entry, in UTC
	}{
		{"ISO dates with 24-hour times", "A,x,2026-02-01,09:00:00,2026-02-01,17:30:00,08:30:00\n", OrderAuto,
			[]string{"2026-02-01T09:00:00Z 2026-02-01T17:30:00Z"}},
		{"day-first slashes settled by a day over 12 in a later row",
			"A,x,01/02/2026,09:00,01/02/2026,10:00,\nA,y,13/02/2026,09:00,13/02/2026,10:00,\n", OrderAuto,
			[]string{"2026-02-01T09:00:00Z 2026-02-01T10:00:00Z", "2026-02-13T09:00:00Z 2026-02-13T10:00:00Z"}},
		{"month-first slashes settled by a day over 12", "A,x,02/01/2026,9:00 AM,02/13/2026,9:00 AM,\n", OrderAuto,
			[]string{"2026-02-01T09:00:00Z 2026-02-13T09:00:00Z"}},
		{"dotted day-first dates settled by an end date", "A,x,12.02.2026,22:00,13.02.2026,01:00,\n", OrderAuto,
			[]string{"2026-02-12T22:00:00Z 2026-02-13T01:00:00Z"}},
		{"dashed day-first dates", "A,x,25-12-2025,08:15,25-12-2025,08:45,\n", OrderAuto,
			[]string{"2025-12-25T08:15:00Z 2025-12-25T08:45:00Z"}},
		{"ambiguous dates read as the given order", "A,x,01/02/2026,10:30:34 AM,01/02/2026,12:05 PM,\n", DMY,
			[]string{"2026-02-01T10:30:34Z 2026-02-01T12:05:00Z"}},
		{"the same ambiguous dates read month first when told", "A,x,01/02/2026,10:30:34 AM,01/02/2026,12:05 PM,\n", MDY,
			[]string{"2026-01-02T10:30:34Z 2026-01-02T12:05:00Z"}},
		{"a date that reads the same both ways needs no order", "A,x,05/05/2026,12:00 AM,05/05/2026,12:30 AM,\n", OrderAuto,
			[]string{"2026-05-05T00:00:00Z 2026-05-05T00:30:00Z"}},
		{"12-hour times without seconds and lower case", "A,x,2026-03-01,2:05 pm,2026-03-01,11:59 pm,\n", OrderAuto,
			[]string{"2026-03-01T14:05:00Z 2026-03-01T23:59:00Z"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Toggl(strings.NewReader(header+tc.rows), Options{DateOrder: tc.order})
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Bad) > 0 {
				t.Fatalf("problems: %v", res.Bad[0])
			}
			var got []string
			for _, e := range res.Entries {
				got = append(got, e.Start.Format(time.RFC3339)+" "+e.End.Format(time.RFC3339))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

func TestDetailedCSVRefusesToGuessTheOrderOfDayAndMonth(t *testing.T) {
	const header = "Project,Description,Start Date,Start Time,End Date,End Time\n"
	tests := []struct {
		name, rows string
		want       string
	}{
		{"dates that read either way are refused, the first shown both ways",
			"A,x,01/02/2026,09:00,01/02/2026,10:00\nA,y,03/04/2026,09:00,03/04/2026,10:00\n",
			`line 2, column "Start Date": no date in the file says whether the day or the month comes first: ` +
				"01/02/2026 could be 1 February or 2 January; rerun with --date-format DMY or MDY"},
		{"a file that mixes orders is refused at the first row that contradicts",
			"A,x,13/02/2026,09:00,13/02/2026,10:00\nA,y,01/01/2026,09:00,01/01/2026,10:00\nA,z,02/14/2026,09:00,02/14/2026,10:00\n",
			`line 4, column "Start Date": 02/14/2026 can only be read month first (MDY), but line 2 has 13/02/2026, ` +
				"which can only be read day first (DMY); a file must write all its dates in one order"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Clockify(strings.NewReader(header+tc.rows), Options{})
			if err == nil || err.Error() != tc.want {
				t.Fatalf("got %v\nwant %s", err, tc.want)
			}
			if len(res.Entries) != 0 {
				t.Errorf("%d entries read from a refused file", len(res.Entries))
			}
		})
	}
	t.Run("a given order makes the rows that contradict it row problems", func(t *testing.T) {
		res, err := Clockify(strings.NewReader(header+"A,x,13/02/2026,09:00,13/02/2026,10:00\nA,y,02/01/2026,09:00,02/01/2026,10:00\n"),
			Options{DateOrder: MDY})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Entries) != 1 || len(res.Bad) != 1 || !strings.Contains(res.Bad[0].Error(), "13/02/2026 is not a date when read month first") {
			t.Fatalf("entries %d, problems %v", len(res.Entries), res.Bad)
		}
	})
}

func TestDurationColumnsAreReadOnlyAsACrossCheck(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"02:00:00", 2 * time.Hour, true},
		{"02:00:00 AM", 2 * time.Hour, true}, // Toggl with a 12-hour clock
		{"12:30:00 AM", 30 * time.Minute, true},
		{"01:15:00 PM", 13*time.Hour + 15*time.Minute, true},
		{"125:00:00", 125 * time.Hour, true},
		{"1:30", 90 * time.Minute, true},
		{"18:25 min", 18*time.Minute + 25*time.Second, true},
		{"0.50", 0, false},
		{"", 0, false},
		{"-01:00:00", 0, false},
	}
	for _, tc := range tests {
		t.Run("the column "+tc.in, func(t *testing.T) {
			got, ok := parseStatedDuration(tc.in)
			if ok != tc.ok || got != tc.want {
				t.Errorf("got %s %v, want %s %v", got, ok, tc.want, tc.ok)
			}
		})
	}
	t.Run("a row keeps its stated duration beside its start and end", func(t *testing.T) {
		res, err := Toggl(strings.NewReader("Start date,Start time,End date,End time,Duration\n2026-02-01,10:00:00 AM,2026-02-01,11:00:00 AM,02:00:00 AM\n"), Options{})
		if err != nil || len(res.Entries) != 1 {
			t.Fatalf("%v %+v", err, res)
		}
		e := res.Entries[0]
		if e.End.Sub(e.Start) != time.Hour || e.Stated == nil || *e.Stated != 2*time.Hour {
			t.Errorf("entry %+v, stated %v", e, e.Stated)
		}
	})
}

func TestLocalisedHeadersAreRead(t *testing.T) {
	tests := []struct {
		name, read, in string
		project, goal  string
	}{
		{"a German Toggl export", "toggl", "Benutzer,E-Mail,Kunde,Projekt,Aufgabe,Beschreibung,Abrechenbar,Startdatum,Startzeit,Enddatum,Endzeit,Dauer,Tags\n" +
			"Ada,a@b.c,,Webseite,,Grüße schreiben,Nein,13.02.2026,09:00:00,13.02.2026,10:00:00,01:00:00,\n", "Webseite", "Grüße schreiben"},
		{"a German Clockify export", "clockify", "Projekt,Kunde,Beschreibung,Aufgabe,Benutzer,Gruppe,Email,Tags,Abrechenbar,Startdatum,Startzeit,Enddatum,Endzeit,Dauer (h),Dauer (dezimal)\n" +
			"Webseite,,Übersetzung,,Ada,,a@b.c,,Nein,13.02.2026,09:00:00,13.02.2026,10:00:00,01:00:00,1.00\n", "Webseite", "Übersetzung"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			read := Toggl
			if tc.read == "clockify" {
				read = Clockify
			}
			res, err := read(strings.NewReader(tc.in), Options{})
			if err != nil || len(res.Entries) != 1 {
				t.Fatalf("%v %+v", err, res)
			}
			e := res.Entries[0]
			if e.Project != tc.project || e.Description != tc.goal || e.Start.Format(time.RFC3339) != "2026-02-13T09:00:00Z" {
				t.Errorf("entry %+v", e)
			}
			if res.Columns["start"] != "Startdatum" {
				t.Errorf("columns %v", res.Columns)
			}
		})
	}
}

func TestTimewarriorSkipsWhatComesBeforeTheArray(t *testing.T) {
	const array = "[\n{\"id\":1,\"start\":\"20260827T200429Z\",\"end\":\"20260827T202950Z\",\"tags\":[\"math\"]}\n]\n"
	tests := []struct {
		name, pre, note string
	}{
		{"the extension header is skipped without a note", "temp.report.start: 20260101T000000Z\ntemp.version: 1.4.3\n\n", ""},
		// A banner a user's shell printed before `timew export`, as in a real export kept in git.
		{"a banner printed before the export is skipped and named",
			"\n  ████████╗██╗███╗   ███╗███████╗\n  ·  Timewarrior  ·  time tracking for humans  ·\n\n  16:44:22  Sun 30 Aug 2026    ○ idle\n\n",
			`line 2 is not JSON ("████████╗██╗███╗   ███╗███████╗"); the 6 lines before the JSON array were ignored`},
		{"a configuration line from timew is skipped and named", "Configuration override rc.verbose:off\n",
			`line 1 is not JSON ("Configuration override rc.verbose:off"); the 1 lines before the JSON array were ignored`},
		{"a UTF-8 byte order mark is accepted", "\xef\xbb\xbf", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res, err := Timewarrior(strings.NewReader(tc.pre + array))
			if err != nil || len(res.Entries) != 1 {
				t.Fatalf("%v %+v", err, res)
			}
			note := strings.Join(res.Notes, "; ")
			if note != tc.note {
				t.Errorf("note %q, want %q", note, tc.note)
			}
		})
	}
}

func TestDetectNamesEveryFormatAndOnlyWhenSure(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("..", "testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"a Toggl export", read("toggl.csv"), "toggl"},
		{"a real Toggl export", read("real/toggl/toggl-dashboard_2017-08.csv"), "toggl"},
		{"a Clockify export", read("clockify_short.csv"), "clockify"},
		{"a real day-first Clockify export", read("real/clockify/metaplm_Clockify_Time_Report_Detailed_01_01_2026-31_12_2026.csv"), "clockify"},
		{"a Timewarrior export with the extension header", read("timew.json"), "timewarrior"},
		{"a real Timewarrior export", read("real/timewarrior/my-time_all-time_f207054.json"), "timewarrior"},
		{"a real Timewarrior export ending in an open interval", read("real/timewarrior/timew-mcp_read-summary_50c5147.json"), "timewarrior"},
		{"a Watson frames file", read("real/watson/cbrasser_frames.json"), "watson"},
		{"a Timewarrior data file", []byte("inc 20220405T081500Z - 20220405T090000Z # work\n"), TimewarriorData},
		{"a Shiplog export", []byte(`{"format": "shiplog", "version": 1}`), "shiplog"},
		{"a Shiplog blocks CSV", []byte("id,project,kind,start,end,seconds\n"), "shiplog-csv"},
		{"an empty array could be anything", []byte("[]"), ""},
		{"a CSV of something else", []byte("a,b,c\n1,2,3\n"), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Detect(tc.in); got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
	t.Run("UTF-16 is recognised with and without a byte order mark", func(t *testing.T) {
		for _, b := range [][]byte{{0xFF, 0xFE, 'a', 0, 'b', 0}, {'U', 0, 's', 0, 'e', 0, 'r', 0, ',', 0}, {0, 'U', 0, 's', 0, 'e', 0, 'r'}} {
			if !UTF16(b) {
				t.Errorf("%q not seen as UTF-16", b)
			}
		}
		if UTF16([]byte("User,Email\n")) || UTF16(read("real/clockify/metaplm_Clockify_Time_Report_Detailed_01_01_2026-31_12_2026.csv")) {
			t.Error("UTF-8 seen as UTF-16")
		}
	})
}

func TestRepeatedRowsAreBothEntriesWithStableKeys(t *testing.T) {
	in := "Start date,Start time,End date,End time\n2026-02-01,09:00,2026-02-01,10:00\n2026-02-01,09:00,2026-02-01,10:00\n"
	a, _ := Toggl(strings.NewReader(in), Options{})
	b, _ := Toggl(strings.NewReader(in), Options{})
	if len(a.Entries) != 2 || a.Entries[0].Key == a.Entries[1].Key {
		t.Fatalf("entries %+v", a.Entries)
	}
	for i := range a.Entries {
		if a.Entries[i].Key != b.Entries[i].Key {
			t.Errorf("key %d changed between reads", i)
		}
	}
}

func TestParseDateOrderAcceptsTheThreeOrders(t *testing.T) {
	for in, want := range map[string]DateOrder{"DMY": DMY, "mdy": MDY, " YMD ": YMD} {
		if got, err := ParseDateOrder(in); err != nil || got != want {
			t.Errorf("%q: %v %v", in, got, err)
		}
	}
	if _, err := ParseDateOrder("DDMM"); err == nil {
		t.Error("DDMM accepted")
	}
}

func timew(s string) (Result, error)    { return Timewarrior(strings.NewReader(s)) }
func watson(s string) (Result, error)   { return Watson(strings.NewReader(s)) }
func toggl(s string) (Result, error)    { return Toggl(strings.NewReader(s), Options{}) }
func clockify(s string) (Result, error) { return Clockify(strings.NewReader(s), Options{}) }
