package jobs_test

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/emersion/go-smtp"
	"github.com/jonboulle/clockwork"

	"shiplog/app/jobs"
	"shiplog/reports"
	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// guard is how long a test waits for an effect before it fails; nothing sleeps.
const guard = 10 * time.Second

var berlin = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		panic(err)
	}
	return loc
}()

func bln(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, berlin)
}

type note struct{ title, body string }

// harness is a service on a fake clock, with a channel of notifications and report writes.
type harness struct {
	t       *testing.T
	svc     *tracker.Service
	clock   *clockwork.FakeClock
	notes   chan note
	reports chan [2]time.Time
}

func newHarness(t *testing.T, start time.Time, settings ...string) *harness {
	t.Helper()
	clock := clockwork.NewFakeClockAt(start)
	svc, err := sqlite.OpenService(filepath.Join(t.TempDir(), "shiplog.db"), tracker.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { svc.Close() })
	settings = append([]string{"timezone", "Europe/Berlin", "report.dir", filepath.Join(t.TempDir(), "reports")}, settings...)
	for i := 0; i < len(settings); i += 2 {
		if err := svc.SetSetting(settings[i], settings[i+1]); err != nil {
			t.Fatalf("set %s: %v", settings[i], err)
		}
	}
	return &harness{t: t, svc: svc, clock: clock, notes: make(chan note, 100), reports: make(chan [2]time.Time, 100)}
}

// fakePDF is what the fake report writer writes; the mail test compares the attachment to it.
func fakePDF(from, to time.Time) []byte {
	return []byte(fmt.Sprintf("%%PDF-1.4\nfake report %s to %s\n%%%%EOF\n", from.Format(time.RFC3339), to.Format(time.RFC3339)))
}

func (h *harness) options() jobs.Options {
	return jobs.Options{
		Notify: func(title, body string) { h.notes <- note{title, body} },
		WriteReport: func(p reports.Period, dir string) (string, error) {
			h.reports <- [2]time.Time{p.From, p.To}
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return "", err
			}
			path := filepath.Join(dir, reports.FileName(p, nil))
			return path, os.WriteFile(path, fakePDF(p.From, p.To), 0o600)
		},
	}
}

func (h *harness) start(opts jobs.Options) *jobs.Runner {
	h.t.Helper()
	r, err := jobs.New(h.svc, h.clock, opts)
	if err != nil {
		h.t.Fatal(err)
	}
	if err := r.Start(); err != nil {
		h.t.Fatal(err)
	}
	h.t.Cleanup(func() { r.Stop() })
	return r
}

// waitTimers waits until the scheduler has set at least n timers on the fake clock.
func (h *harness) waitTimers(n int) {
	h.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), guard)
	defer cancel()
	if err := h.clock.BlockUntilContext(ctx, n); err != nil {
		h.t.Fatalf("waiting for %d timers: %v", n, err)
	}
}

func (h *harness) advanceTo(t time.Time) { h.clock.Advance(t.Sub(h.clock.Now())) }

func (h *harness) note() note {
	h.t.Helper()
	select {
	case n := <-h.notes:
		return n
	case <-time.After(guard):
		h.t.Fatal("no notification")
	}
	return note{}
}

func (h *harness) report() [2]time.Time {
	h.t.Helper()
	select {
	case r := <-h.reports:
		return r
	case <-time.After(guard):
		h.t.Fatal("no report written")
	}
	return [2]time.Time{}
}

// drained fails if anything more was notified or written; call it after Stop, which waits for
// running jobs to finish.
func (h *harness) drained() {
	h.t.Helper()
	for {
		select {
		case n := <-h.notes:
			h.t.Errorf("unexpected notification %q: %s", n.title, n.body)
		case r := <-h.reports:
			h.t.Errorf("unexpected report for %v to %v", r[0], r[1])
		default:
			return
		}
	}
}

func (h *harness) runs(job string) []tracker.JobRun {
	h.t.Helper()
	rs, err := h.svc.JobRuns(job, 0)
	if err != nil {
		h.t.Fatal(err)
	}
	return rs
}

// received is one message the test SMTP server accepted.
type received struct {
	from string
	to   []string
	data []byte
}

// smtpServer is a real go-smtp server on 127.0.0.1; refuse makes it reject every message.
type smtpServer struct {
	port     int
	refuse   bool
	mail     chan received
	attempts chan struct{}
}

func startSMTP(t *testing.T, refuse bool) *smtpServer {
	t.Helper()
	s := &smtpServer{refuse: refuse, mail: make(chan received, 10), attempts: make(chan struct{}, 10)}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &session{srv: s}, nil }))
	srv.Domain = "localhost"
	srv.AllowInsecureAuth = true
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.port = l.Addr().(*net.TCPAddr).Port
	go srv.Serve(l)
	t.Cleanup(func() { srv.Close() })
	return s
}

type session struct {
	srv *smtpServer
	msg received
}

func (s *session) Reset()        { s.msg = received{} }
func (s *session) Logout() error { return nil }
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	s.msg.from = from
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.msg.to = append(s.msg.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.srv.attempts <- struct{}{}
	if s.srv.refuse {
		return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 7, 1}, Message: "relay refused by test"}
	}
	s.msg.data = data
	s.srv.mail <- s.msg
	return nil
}

func (s *smtpServer) settings() []string {
	return []string{"report.to", "boss@example.com", "smtp.host", "127.0.0.1", "smtp.port", fmt.Sprint(s.port),
		"smtp.from", "me@example.com", "smtp.tls", "none", "report.author", "Dana"}
}

// attachment finds the named attachment in a MIME message and decodes it.
func attachment(t *testing.T, raw []byte, name string) (subject string, data []byte) {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	subject = msg.Header.Get("Subject")
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		t.Fatalf("content type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if p.FileName() != name {
			continue
		}
		body, err := io.ReadAll(p)
		if err != nil {
			t.Fatal(err)
		}
		if strings.EqualFold(p.Header.Get("Content-Transfer-Encoding"), "base64") {
			body, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(body)), ""))
			if err != nil {
				t.Fatal(err)
			}
		}
		return subject, body
	}
	t.Fatalf("no attachment %q in:\n%s", name, raw)
	return "", nil
}

func TestWeeklyReportIsWrittenAndMailedOnSchedule(t *testing.T) {
	srv := startSMTP(t, false)
	h := newHarness(t, bln(2026, 11, 27, 15, 59), srv.settings()...)
	r := h.start(h.options())
	h.waitTimers(3) // the minute tick, the report at 16:00 and the backup at 03:00
	h.clock.Advance(time.Minute)

	var msg received
	select {
	case msg = <-srv.mail:
	case <-time.After(guard):
		t.Fatal("no mail arrived")
	}
	week := h.report()
	wantFrom, wantTo := bln(2026, 11, 23, 0, 0), bln(2026, 11, 30, 0, 0)
	if !week[0].Equal(wantFrom) || !week[1].Equal(wantTo) {
		t.Errorf("report period %v to %v, want %v to %v", week[0], week[1], wantFrom, wantTo)
	}
	if len(msg.to) != 1 || msg.to[0] != "boss@example.com" || msg.from != "me@example.com" {
		t.Errorf("envelope from %q to %v", msg.from, msg.to)
	}
	subject, pdf := attachment(t, msg.data, "shiplog-2026-W48.pdf")
	if subject != "Weekly results 2026-W48 (Dana)" {
		t.Errorf("subject = %q", subject)
	}
	if string(pdf) != string(fakePDF(wantFrom, wantTo)) {
		t.Errorf("attachment bytes differ:\n%q\nwant\n%q", pdf, fakePDF(wantFrom, wantTo))
	}
	cfg, _ := h.svc.Config()
	if b, err := os.ReadFile(filepath.Join(cfg.ReportDir, "shiplog-2026-W48.pdf")); err != nil || string(b) != string(pdf) {
		t.Errorf("report file in report.dir: %v", err)
	}

	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	runs := h.runs(jobs.WeeklyReport)
	if len(runs) != 1 || runs[0].Outcome != tracker.JobOK || !runs[0].StartedAt.Equal(bln(2026, 11, 27, 16, 0)) ||
		!strings.Contains(runs[0].Detail, "mailed it to boss@example.com") {
		t.Fatalf("job runs = %+v", runs)
	}
	info := jobInfo(t, r.Jobs(), jobs.WeeklyReport)
	if info.LastOutcome != tracker.JobOK || !info.NextRun.Equal(bln(2026, 12, 4, 16, 0)) {
		t.Errorf("jobs list: %+v", info)
	}
	h.drained()
}

func jobInfo(t *testing.T, infos []jobs.JobInfo, name string) jobs.JobInfo {
	t.Helper()
	for _, in := range infos {
		if in.Name == name {
			return in
		}
	}
	t.Fatalf("no job %s in %+v", name, infos)
	return jobs.JobInfo{}
}

func TestRefusedMailIsRetriedWithBackoffAndReported(t *testing.T) {
	srv := startSMTP(t, true)
	h := newHarness(t, bln(2026, 11, 27, 15, 59), srv.settings()...)
	r := h.start(h.options())
	h.waitTimers(3)
	h.clock.Advance(time.Minute)
	attempt := func(n int) {
		t.Helper()
		select {
		case <-srv.attempts:
		case <-time.After(guard):
			t.Fatalf("attempt %d never reached the server", n)
		}
	}
	attempt(1)
	first := h.note()
	if first.title != "Weekly report failed" || !strings.Contains(first.body, "554") || !strings.Contains(first.body, "retries in 1m") {
		t.Fatalf("first failure notification = %+v", first)
	}
	// Each failed try leaves four timers: the tick, the next report, the backup and the retry.
	for n, delay := range []time.Duration{time.Minute, 5 * time.Minute, 15 * time.Minute} {
		h.waitTimers(4)
		h.clock.Advance(delay)
		attempt(n + 2)
		h.report()
	}
	last := h.note()
	if last.title != "Weekly report failed" || !strings.Contains(last.body, "recorded") {
		t.Fatalf("final failure notification = %+v", last)
	}
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	runs := h.runs(jobs.WeeklyReport)
	if len(runs) != 4 {
		t.Fatalf("%d runs recorded, want 4: %+v", len(runs), runs)
	}
	wantStarts := []time.Time{bln(2026, 11, 27, 16, 21), bln(2026, 11, 27, 16, 6), bln(2026, 11, 27, 16, 1), bln(2026, 11, 27, 16, 0)}
	for i, run := range runs {
		if run.Outcome != tracker.JobError || !run.StartedAt.Equal(wantStarts[i]) ||
			!strings.HasPrefix(run.Detail, fmt.Sprintf("attempt %d of 4: ", 4-i)) || !strings.Contains(run.Detail, "not mailed") {
			t.Errorf("run %d = %+v", i, run)
		}
	}
	if info := jobInfo(t, r.Jobs(), jobs.WeeklyReport); info.LastOutcome != tracker.JobError {
		t.Errorf("jobs list shows %+v", info)
	}
	<-h.reports // the first attempt's report
	h.drained()
}

func TestMissedReportsRunOnceOnStart(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 6, 16, 0))
	for _, job := range []string{jobs.WeeklyReport, jobs.DailyBackup} {
		if _, err := h.svc.RecordJobRun(tracker.JobRun{Job: job, Outcome: tracker.JobOK}); err != nil {
			t.Fatal(err)
		}
	}
	// Shiplog was closed for almost three weeks: the reports of 13 and 20 November were missed.
	h.advanceTo(bln(2026, 11, 25, 10, 0))
	before, err := jobs.Status(h.svc, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if info := jobInfo(t, before, jobs.WeeklyReport); !info.NextRun.Equal(h.clock.Now()) {
		t.Errorf("status before start: next run %v, want now (a catch-up)", info.NextRun)
	}
	r := h.start(h.options())
	week := h.report()
	if want := bln(2026, 11, 16, 0, 0); !week[0].Equal(want) {
		t.Errorf("caught-up report covers the week from %v, want the last missed week, from %v", week[0], want)
	}
	h.waitTimers(3)
	h.clock.Advance(time.Minute)
	h.waitTimers(3)
	h.clock.Advance(time.Minute)
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	if runs := h.runs(jobs.WeeklyReport); len(runs) != 2 {
		t.Errorf("%d weekly runs, want the old one and one catch-up: %+v", len(runs), runs)
	}
	backups, err := tracker.Backups(h.svc.Path())
	if err != nil {
		t.Fatal(err)
	}
	if len(backups) != 1 || backups[0].Day != "2026-11-25" {
		t.Errorf("backups after the catch-up: %+v", backups)
	}
	if runs := h.runs(jobs.DailyBackup); len(runs) != 2 || runs[0].Outcome != tracker.JobOK {
		t.Errorf("backup runs: %+v", runs)
	}
	h.drained()
}

func TestSleepingThroughSeveralSlotsRunsTheReportOnce(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 27, 15, 0))
	r := h.start(h.options())
	h.waitTimers(3)
	h.clock.Advance(3 * 7 * 24 * time.Hour) // the laptop slept three weeks
	week := h.report()
	// The last slot passed in the sleep was Friday 11 December; 18 December 16:00 is still to come.
	if want := bln(2026, 12, 7, 0, 0); !week[0].Equal(want) {
		t.Errorf("report after waking covers the week from %v, want %v", week[0], want)
	}
	h.waitTimers(3)
	h.clock.Advance(time.Minute)
	h.waitTimers(3)
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	if runs := h.runs(jobs.WeeklyReport); len(runs) != 1 {
		t.Errorf("%d weekly runs after sleeping through three slots, want 1", len(runs))
	}
	h.drained()
}

func TestSLAWatcherNotifiesOncePerState(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 16, 9, 0))
	q, err := h.svc.AddRequest(tracker.Request{Subject: "Prod down", From: "Ops", Priority: tracker.PriorityUrgent})
	if err != nil {
		t.Fatal(err)
	}
	opts := h.options()
	opts.WriteReport = nil
	r := h.start(opts)
	h.waitTimers(2) // the tick and the backup
	h.advanceTo(bln(2026, 11, 16, 10, 0))
	if n := h.note(); n.title != "Request due soon" || !strings.Contains(n.body, `"Prod down" from Ops (urgent) is due today 11:00 (in 1:00 business hours).`) {
		t.Fatalf("first notification = %+v", n)
	}
	h.waitTimers(2)
	h.advanceTo(bln(2026, 11, 16, 10, 30))
	h.waitTimers(2)
	h.advanceTo(bln(2026, 11, 16, 11, 0))
	if n := h.note(); n.title != "Request overdue" || !strings.Contains(n.body, "was due today 11:00 (overdue by 0:00 business hours)") {
		t.Fatalf("second notification = %+v", n)
	}
	h.waitTimers(2)
	h.advanceTo(bln(2026, 11, 16, 12, 0))
	h.waitTimers(2)
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	got, err := h.svc.Request(q.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.NotifiedSoonAt == nil || !got.NotifiedSoonAt.Equal(bln(2026, 11, 16, 10, 0)) ||
		got.NotifiedOverdueAt == nil || !got.NotifiedOverdueAt.Equal(bln(2026, 11, 16, 11, 0)) {
		t.Errorf("notified at %v and %v", got.NotifiedSoonAt, got.NotifiedOverdueAt)
	}
	h.drained()

	// A restart does not notify again: the marks are in the database.
	r2 := h.start(opts)
	h.waitTimers(2)
	h.clock.Advance(time.Minute)
	h.waitTimers(2)
	r2.Stop()
	h.drained()
}

func TestSLAWatcherSaysHowLateAfterDaysAway(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 16, 9, 0))
	if _, err := h.svc.AddRequest(tracker.Request{Subject: "Prod down", From: "Ops", Priority: tracker.PriorityUrgent}); err != nil {
		t.Fatal(err)
	}
	// The app starts again on Thursday afternoon: Monday 11:00 to 17:00, Tuesday and Wednesday
	// 9:00 to 17:00 and Thursday 9:00 to 14:00 are 27 business hours.
	h.clock.Advance(bln(2026, 11, 19, 14, 0).Sub(h.clock.Now()))
	opts := h.options()
	opts.WriteReport = nil
	r := h.start(opts)
	n := h.note()
	want := `"Prod down" from Ops (urgent) was due Mon 16 Nov 11:00 (overdue by 27:00 business hours).`
	if n.title != "Request overdue" || n.body != want {
		t.Errorf("notification %+v; want the body %s", n, want)
	}
	h.waitTimers(2)
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	h.drained()
}

func TestDecisionCloserNotifiesAtTheDeadline(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 16, 10, 0), "decision.window", "8h")
	silent, err := h.svc.ProposeDecision(tracker.Decision{Title: "Friday reports"})
	if err != nil {
		t.Fatal(err)
	}
	h.clock.Advance(time.Hour)
	objected, err := h.svc.ProposeDecision(tracker.Decision{Title: "Drop the tray"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := h.svc.Object(objected.ID, tracker.Objection{By: "Ana", Reason: "I use it"}); err != nil {
		t.Fatal(err)
	}
	opts := h.options()
	opts.WriteReport = nil
	r := h.start(opts)
	h.waitTimers(3) // tick, backup, and the closer at the first deadline, Tuesday 10:00
	h.advanceTo(silent.Deadline)
	if n := h.note(); n.title != "Decision accepted by silence" || !strings.Contains(n.body, "Friday reports") {
		t.Fatalf("notification = %+v", n)
	}
	h.waitTimers(3)
	h.advanceTo(objected.Deadline)
	if n := h.note(); n.title != "Decision needs discussion" || !strings.Contains(n.body, "Drop the tray") {
		t.Fatalf("notification = %+v", n)
	}
	h.waitTimers(2)
	h.clock.Advance(time.Hour)
	h.waitTimers(2)
	if err := r.Stop(); err != nil {
		t.Fatal(err)
	}
	for _, d := range []tracker.Decision{silent, objected} {
		got, err := h.svc.Decision(d.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.NotifiedAt == nil || !got.NotifiedAt.Equal(d.Deadline) {
			t.Errorf("decision %d notified at %v, want its deadline %v", d.ID, got.NotifiedAt, d.Deadline)
		}
	}
	h.drained()
}

func TestForgottenTimerNotifiesOncePerBlock(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 16, 9, 0))
	mustProject(t, h.svc, "Shiplog")
	if _, _, err := h.svc.StartBlock(tracker.Block{Project: "Shiplog", Kind: tracker.KindDeep}); err != nil {
		t.Fatal(err)
	}
	opts := h.options()
	opts.WriteReport = nil
	r := h.start(opts)
	h.waitTimers(2)
	h.advanceTo(bln(2026, 11, 16, 13, 0)) // exactly four hours: not yet
	h.waitTimers(2)
	h.clock.Advance(time.Minute)
	if n := h.note(); n.title != "Timer still running" || !strings.Contains(n.body, "Deep work on Shiplog has run for 4:01") {
		t.Fatalf("notification = %+v", n)
	}
	h.waitTimers(2)
	h.clock.Advance(10 * time.Minute)
	h.waitTimers(2)
	r.Stop()
	h.drained()

	r2 := h.start(opts)
	h.waitTimers(2)
	h.clock.Advance(time.Minute)
	h.waitTimers(2)
	r2.Stop()
	h.drained()
	if runs := h.runs(jobs.ForgottenTimer); len(runs) != 1 || !strings.HasPrefix(runs[0].Detail, "block 1 ") {
		t.Errorf("forgotten-timer runs = %+v", runs)
	}
}

func mustProject(t *testing.T, svc *tracker.Service, name string) {
	t.Helper()
	if _, err := svc.AddProject(tracker.Project{Name: name}); err != nil {
		t.Fatal(err)
	}
}

func TestStatusWithoutAScheduler(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 25, 12, 0), "report.schedule", "off")
	infos, err := jobs.Status(h.svc, h.clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	if len(infos) != len(jobs.Names) {
		t.Fatalf("%d jobs, want %d", len(infos), len(jobs.Names))
	}
	if w := jobInfo(t, infos, jobs.WeeklyReport); !w.NextRun.IsZero() || w.Schedule != "off" {
		t.Errorf("weekly report when off: %+v", w)
	}
	if b := jobInfo(t, infos, jobs.DailyBackup); !b.NextRun.Equal(bln(2026, 11, 26, 3, 0)) || b.LastOutcome != "" {
		t.Errorf("backup: %+v", b)
	}
	if d := jobInfo(t, infos, jobs.DecisionCloser); !d.NextRun.IsZero() {
		t.Errorf("decision closer with no decisions: %+v", d)
	}
}

func TestNewNeedsServiceAndClock(t *testing.T) {
	if _, err := jobs.New(nil, clockwork.NewFakeClock(), jobs.Options{}); err == nil {
		t.Fatal("New accepted a nil service")
	}
}

func TestSMTPMailerRefusesWithoutServer(t *testing.T) {
	err := jobs.SMTPMailer{}.Send(context.Background(), tracker.SMTPConfig{}, jobs.Mail{To: []string{"a@example.com"}})
	if err == nil || errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want a configuration error", err)
	}
}

func TestTheTeamSyncLineShowsTheLastSyncOrTheFailureAfterIt(t *testing.T) {
	h := newHarness(t, bln(2026, 11, 25, 12, 0).Add(30*time.Second))
	now := h.clock.Now()
	in, err := jobs.SyncInfo(h.svc, now, time.Time{})
	if err != nil || in.Name != jobs.TeamSync || !in.LastRun.IsZero() || !in.NextRun.Equal(bln(2026, 11, 25, 12, 1)) {
		t.Fatalf("never synced: %+v, %v", in, err)
	}
	synced := bln(2026, 11, 25, 11, 59)
	if in, _ = jobs.SyncInfo(h.svc, now, synced); !in.LastRun.Equal(synced) || in.LastOutcome != tracker.JobOK {
		t.Errorf("after a sync: %+v", in)
	}
	failed := bln(2026, 11, 25, 12, 0)
	if _, err := h.svc.RecordJobRun(tracker.JobRun{Job: jobs.TeamSync, StartedAt: failed, FinishedAt: &failed,
		Outcome: tracker.JobError, Detail: "the server refused a change"}); err != nil {
		t.Fatal(err)
	}
	if in, _ = jobs.SyncInfo(h.svc, now, synced); !in.LastRun.Equal(failed) || in.LastOutcome != tracker.JobError || in.LastDetail == "" {
		t.Errorf("a failure after the last sync: %+v", in)
	}
	// A sync that succeeds after the failure is the last outcome again.
	later := bln(2026, 11, 25, 12, 0).Add(20 * time.Second)
	if in, _ = jobs.SyncInfo(h.svc, now, later); !in.LastRun.Equal(later) || in.LastOutcome != tracker.JobOK {
		t.Errorf("a sync after the failure: %+v", in)
	}
}
