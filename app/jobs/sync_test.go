package jobs_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"shiplog/app/jobs"
	"shiplog/tracker"
	"shiplog/tracker/postgres"
	"shiplog/tracker/sqlite"
)

// fakeSync stands in for the team engine: each call takes its result from results (nil when
// empty) and is reported on calls.
type fakeSync struct {
	results chan error
	calls   chan time.Time
	clock   interface{ Now() time.Time }
}

func newFakeSync(h *harness) *fakeSync {
	return &fakeSync{results: make(chan error, 10), calls: make(chan time.Time, 10), clock: h.clock}
}

func (f *fakeSync) sync(ctx context.Context) error {
	var err error
	select {
	case err = <-f.results:
	default:
	}
	f.calls <- f.clock.Now()
	return err
}

func (f *fakeSync) call(t *testing.T) time.Time {
	t.Helper()
	select {
	case at := <-f.calls:
		return at
	case <-time.After(guard):
		t.Fatal("the team sync did not run")
	}
	return time.Time{}
}

func TestTheTeamSyncRunsAtStartAndEveryMinute(t *testing.T) {
	start := bln(2026, 11, 23, 10, 0)
	h := newHarness(t, start)
	f := newFakeSync(h)
	opts := h.options()
	opts.Sync = f.sync
	r := h.start(opts)
	if at := f.call(t); !at.Equal(start) {
		t.Errorf("the first sync ran at %v, want at start", at)
	}
	for i := 1; i <= 3; i++ {
		h.waitTimers(4) // the minute tick, the report, the backup and the sync
		h.clock.Advance(time.Minute)
		if at := f.call(t); at.Sub(start) != time.Duration(i)*time.Minute {
			t.Errorf("sync %d ran at %v, want a minute after the one before", i, at)
		}
	}
	r.Stop()
	h.drained()
	if runs := h.runs(jobs.TeamSync); len(runs) != 0 {
		t.Errorf("successful syncs were recorded: %v", runs)
	}
}

func TestTheTeamSyncTellsOfAFailureOnceAndNeverOfBeingOffline(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 23, 10, 0))
	f := newFakeSync(h)
	offline := fmt.Errorf("connect to postgres://ada@db/shiplog: connection refused: %w", postgres.ErrUnreachable)
	refused := fmt.Errorf("push blocks: the server refused the data: %w", tracker.ErrInvalid)
	for _, err := range []error{&tracker.NotFoundError{What: "team login"}, offline, offline, nil, refused, refused, nil} {
		f.results <- err
	}
	opts := h.options()
	opts.Sync = f.sync
	r := h.start(opts)
	f.call(t)
	for range 6 {
		h.waitTimers(4)
		h.clock.Advance(time.Minute)
		f.call(t)
	}
	r.Stop()
	if n := h.note(); n.title != "Team sync failed" || n.body != refused.Error() {
		t.Errorf("notified %q: %s", n.title, n.body)
	}
	h.drained()
	runs := h.runs(jobs.TeamSync)
	if len(runs) != 2 || runs[0].Detail != refused.Error() || runs[1].Detail != offline.Error() {
		t.Errorf("recorded runs: %+v, want the start of each failing streak", runs)
	}
}

func TestTheRequestWatcherTellsOfATeammatesRequest(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 16, 10, 30))
	// A request that ada sent, due at 11:00 by the user's hours, as a sync stores it.
	l, err := sqlite.OpenLocal(h.svc.Path(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	me, due := "bo", bln(2026, 11, 16, 11, 0)
	c, err := postgres.NewChange(postgres.Requests, uuid.New(), 1, postgres.Request{ToMember: &me, Subject: "Review the API draft",
		Priority: "urgent", ReceivedAt: bln(2026, 11, 16, 9, 0), DueAt: &due})
	if err != nil {
		t.Fatal(err)
	}
	c.Member = "ada"
	if err := l.Apply(context.Background(), []postgres.Change{c}, 1); err != nil {
		t.Fatal(err)
	}
	opts := h.options()
	opts.WriteReport = nil
	r := h.start(opts)
	if n := h.note(); n.title != "Request due soon" || !strings.Contains(n.body, `"Review the API draft" from ada (urgent) is due today 11:00`) {
		t.Errorf("notification = %+v", n)
	}
	r.Stop()
	h.drained()
}
