package tracker_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"shiplog/tracker"
)

func mustZone(t testing.TB, name string) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return loc
}

func TestWhenShowsTimesAsTheUserTypesThem(t *testing.T) {
	chicago, kathmandu := mustZone(t, "America/Chicago"), mustZone(t, "Asia/Kathmandu")
	cases := []struct {
		name     string
		at       string
		loc, sys *time.Location
		want     string
	}{
		{"in the system's zone the time stands alone", "2026-11-29T16:30:00Z", chicago, chicago, "2026-11-29 10:30"},
		{"in another zone than the system's the abbreviation follows", "2026-11-29T16:30:00Z", chicago, time.UTC, "2026-11-29 10:30 CST"},
		{"a zone three quarters off the hour shows its offset", "2026-11-29T04:45:00Z", kathmandu, time.UTC, "2026-11-29 10:30 +0545"},
		{"seconds show only when there are some", "2026-11-29T16:30:05Z", chicago, chicago, "2026-11-29 10:30:05"},
		{"summer time shows its own abbreviation", "2026-07-01T15:00:00Z", chicago, time.UTC, "2026-07-01 10:00 CDT"},
		// On 2026-11-01 Chicago's clocks go back from 02:00 CDT to 01:00 CST: 01:30 happens twice.
		{"the first of a repeated hour says which it is", "2026-11-01T06:30:00Z", chicago, chicago, "2026-11-01 01:30 CDT"},
		{"the second of a repeated hour says which it is", "2026-11-01T07:30:00Z", chicago, chicago, "2026-11-01 01:30 CST"},
		{"the rest of a day the clocks change needs no abbreviation", "2026-11-01T09:00:00Z", chicago, chicago, "2026-11-01 03:00"},
		{"a nil zone is the system's", "2026-11-29T16:30:00Z", nil, time.UTC, "2026-11-29 16:30"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := tracker.WhenSys(at(c.at), c.loc, c.sys); got != c.want {
				t.Errorf("got %q, want %q", got, c.want)
			}
		})
	}
}

// setZone configures the time zone of svc.
func setZone(t testing.TB, svc *tracker.Service, name string) *time.Location {
	t.Helper()
	if err := svc.SetSetting(tracker.SettingTimezone, name); err != nil {
		t.Fatal(err)
	}
	return mustZone(t, name)
}

// noUTC fails when a message shows a time as RFC 3339 (a T between date and time, or a Z zone).
func noUTC(t testing.TB, msg string) {
	t.Helper()
	if strings.Contains(msg, "T1") || strings.Contains(msg, "T0") || strings.Contains(msg, ":00Z") {
		t.Errorf("%q shows a time in RFC 3339", msg)
	}
}

// TestMessagesShowTimesInTheConfiguredZone checks each service message that names a time, in
// zones west and east of UTC: the time shows as the user would type it there.
func TestMessagesShowTimesInTheConfiguredZone(t *testing.T) {
	for _, zone := range []string{"America/Chicago", "Asia/Kathmandu"} {
		t.Run(zone, func(t *testing.T) {
			svc, clock := mustOpen(t)
			loc := setZone(t, svc, zone)
			mustProject(t, svc, "API")
			// local is a wall-clock time yesterday in the zone, safely in the past in both zones.
			today := t0.In(loc)
			local := func(hh, mm int) time.Time {
				return time.Date(today.Year(), today.Month(), today.Day()-1, hh, mm, 0, 0, loc)
			}
			when := func(tm time.Time) string { return tracker.When(tm, loc) }
			check := func(name string, err error, want string) {
				t.Helper()
				if err == nil {
					t.Errorf("%s: no error, want %q", name, want)
					return
				}
				if !strings.HasSuffix(err.Error(), want) {
					t.Errorf("%s:\n got %q\nwant it to end %q", name, err, want)
				}
				noUTC(t, err.Error())
			}

			from, to := local(10, 30), local(10, 0)
			_, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API", Start: from, End: &to})
			check("an end before the start", err, "end: must be after the start ("+when(from)+"); got "+when(to))
			if !strings.Contains(err.Error(), from.In(loc).Format("2006-01-02")+" 10:30") {
				t.Errorf("%q does not show the start as typed, 10:30", err)
			}

			first, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API", Start: local(9, 0), End: ptr(local(10, 0))})
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.AddBlock(tracker.Block{Kind: tracker.KindMeeting, Project: "API", Start: local(9, 30), End: ptr(local(11, 0))})
			check("an overlap", err, "overlaps block 1 (API, deep, "+when(first.Start)+" to "+when(*first.End)+")")

			ahead := clock.Now().Add(30 * time.Minute)
			_, err = svc.AddBlock(tracker.Block{Kind: tracker.KindMeeting, Project: "API", Start: clock.Now(), End: &ahead})
			check("a block in the future", err, "end: "+when(ahead)+" is in the future; planned time belongs in the block's plan (--plan)")

			run, _, err := svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API", Goal: "g", Start: local(11, 0)})
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API", Goal: "g", Start: local(10, 30)})
			check("a start before the running block", err, "block "+itoa(run.ID)+" is running since "+when(run.Start)+"; a new block must start after it")

			r, err := svc.AddRequest(tracker.Request{Subject: "x", Priority: tracker.PriorityNormal, ReceivedAt: local(11, 0)})
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.ReplyRequest(r.ID, tracker.ReplyInput{At: local(10, 0)})
			check("a reply before the request", err, "replied_at: must not be before the request was received ("+when(r.ReceivedAt)+"); got "+when(local(10, 0)))

			far := clock.Now().Add(48 * time.Hour)
			_, err = svc.AddRequest(tracker.Request{Subject: "x", Priority: tracker.PriorityNormal, ReceivedAt: far})
			check("a request two days ahead", err, "received_at: must not be more than 24h in the future; got "+when(far))

			d, err := svc.ProposeDecision(tracker.Decision{Title: "Adopt MADR", ProposedAt: local(11, 0), Deadline: local(11, 30)})
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.ProposeDecision(tracker.Decision{Title: "x", ProposedAt: local(11, 0), Deadline: local(10, 0)})
			check("a deadline before the proposal", err, "deadline: must be after the proposal time ("+when(local(11, 0))+"); got "+when(local(10, 0)))
			_, err = svc.Object(d.ID, tracker.Objection{By: "Sam", Reason: "no", At: local(10, 45)})
			check("an objection before the proposal", err, "at: must not be before the proposal ("+when(d.ProposedAt)+")")
			_, err = svc.CloseDecision(d.ID, true, "", local(10, 45))
			check("a close before the proposal", err, "at: must not be before the proposal ("+when(d.ProposedAt)+")")
			_, err = svc.Object(d.ID, tracker.Objection{By: "Sam", Reason: "no", At: local(11, 40)})
			check("an objection after the deadline", err, "decision "+itoa(d.ID)+" closed at its deadline "+when(d.Deadline)+"; objections are no longer accepted")

			dl, err := svc.Ship(tracker.ShipInput{Title: "Export", Project: "API", At: local(8, 0)})
			if err != nil {
				t.Fatal(err)
			}
			_, err = svc.Ship(tracker.ShipInput{ID: dl.ID})
			check("shipping twice", err, "deliverable "+itoa(dl.ID)+" was already shipped on "+local(8, 0).In(loc).Format(time.DateOnly))
		})
	}
}

func itoa(id uint) string { return strconv.FormatUint(uint64(id), 10) }

// TestATypedBlockOverAnImportedOneShowsLocalTimes checks that an import keeps an entry that
// overlaps a stored block (the default policy), and that a block typed over the imported one is
// refused naming it in the user's zone.
func TestATypedBlockOverAnImportedOneShowsLocalTimes(t *testing.T) {
	svc, _ := mustOpen(t)
	loc := setZone(t, svc, "Asia/Kathmandu")
	mustProject(t, svc, "API")
	if _, err := svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "API", Start: at("2026-11-24T09:00:00Z"), End: ptr(at("2026-11-24T10:00:00Z"))}); err != nil {
		t.Fatal(err)
	}
	res, err := svc.ImportBlocks([]tracker.ImportBlock{{Ref: "line 2", Block: tracker.Block{Kind: tracker.KindDeep, Project: "API",
		Start: at("2026-11-24T09:30:00Z"), End: ptr(at("2026-11-24T10:45:00Z"))}}}, tracker.ImportOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Problems) != 0 || res.Added != 1 {
		t.Fatalf("added %d with problems %v; the overlap is kept by default", res.Added, res.Problems)
	}
	bs, err := svc.Blocks(tracker.BlockFilter{})
	if err != nil || len(bs) != 2 {
		t.Fatalf("blocks %v, %v", bs, err)
	}
	imported := bs[1]
	_, err = svc.AddBlock(tracker.Block{Kind: tracker.KindShallow, Project: "API", Start: at("2026-11-24T10:20:00Z"), End: ptr(at("2026-11-24T10:30:00Z"))})
	want := "overlaps block " + itoa(imported.ID) + " (API, deep, " + tracker.When(imported.Start, loc) + " to " + tracker.When(*imported.End, loc) + ")"
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("got %v, want it to contain %q", err, want)
	}
	if !strings.Contains(want, "2026-11-24 15:15") {
		t.Errorf("%q does not show 09:30 UTC as 15:15 in Kathmandu", want)
	}
}

func TestLocationFollowsTheTimeZoneSetting(t *testing.T) {
	svc, _ := mustOpen(t)
	if svc.Location() != time.Local {
		t.Fatalf("a new database's zone is %v, want the system's", svc.Location())
	}
	setZone(t, svc, "Asia/Kathmandu")
	if got := svc.Location().String(); got != "Asia/Kathmandu" {
		t.Fatalf("after setting the zone, Location is %s", got)
	}
	if err := svc.SetSetting(tracker.SettingTimezone, ""); err != nil {
		t.Fatal(err)
	}
	if svc.Location() != time.Local {
		t.Fatalf("after clearing the zone, Location is %v, want the system's", svc.Location())
	}
}

func TestMessagesNeverEndInTheSentinelsWord(t *testing.T) {
	cases := []struct {
		err  error
		kind error
		want string
	}{
		{tracker.Invalidf("the file is UTF-16; save it as UTF-8"), tracker.ErrInvalid, "the file is UTF-16; save it as UTF-8"},
		{tracker.Conflictf("%s already exists; use --force", "a.csv"), tracker.ErrConflict, "a.csv already exists; use --force"},
		{tracker.NotFoundf("the server has no Shiplog schema"), tracker.ErrNotFound, "the server has no Shiplog schema"},
		{&tracker.FieldError{Field: "end", Reason: "must be set"}, tracker.ErrInvalid, "end: must be set"},
		{&tracker.ConflictError{Msg: "overlaps block 3"}, tracker.ErrConflict, "overlaps block 3"},
		{&tracker.NotFoundError{What: "block 9"}, tracker.ErrNotFound, "block 9 not found"},
	}
	for _, c := range cases {
		if !errors.Is(c.err, c.kind) || c.err.Error() != c.want {
			t.Errorf("got %q (is %v: %v), want %q", c.err, c.kind, errors.Is(c.err, c.kind), c.want)
		}
	}
	// A %w keeps the cause in the chain, and its text in the message.
	cause := &tracker.NotFoundError{What: "file x.csv"}
	err := tracker.Invalidf("import: %w", cause)
	if !errors.Is(err, tracker.ErrInvalid) || !errors.Is(err, tracker.ErrNotFound) || err.Error() != "import: file x.csv not found" {
		t.Errorf("got %q", err)
	}
}
