package team_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"shiplog/app/team"
	"shiplog/reports"
	"shiplog/reports/pdf"
	"shiplog/tracker"
	"shiplog/tracker/postgres"
)

// BenchmarkFirstPush100k is the first sync of a record of 100,000 blocks to a new team server,
// end to end: the outbox read from SQLite in batches, pushed, cleared, and the pull (goal: under
// 10 s). Then it measures a sync with nothing to do, as the job runs one every minute, after
// other sessions moved the server's transaction horizon so that the pull runs its query (goal:
// under 50 ms).
func BenchmarkFirstPush100k(b *testing.B) {
	for range b.N {
		b.StopTimer()
		s := newServer(b, monday)
		ada := s.join("ada", "Europe/Berlin", false)
		p, err := ada.svc.AddProject(tracker.Project{Name: "Atlas"})
		if err != nil {
			b.Fatal(err)
		}
		bs := make([]tracker.Block, 100_000)
		for i := range bs {
			start := monday.AddDate(-4, 0, 0).Add(time.Duration(i) * 20 * time.Minute)
			bs[i] = tracker.Block{ProjectID: p.ID, Kind: tracker.KindDeep, Goal: "goal", Start: start, End: ptr(start.Add(15 * time.Minute)),
				Interruptions: i % 3}
		}
		if err := ada.svc.BulkInsertBlocks(bs); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		began := time.Now()
		res, err := ada.engine.Sync(context.Background())
		if err != nil || res.Pushed < 100_000 || res.Pending != 0 {
			b.Fatalf("first sync: %+v, %v", res, err)
		}
		b.ReportMetric(time.Since(began).Seconds(), "s/first-push")
		const idle = 50
		var spent time.Duration
		for range idle {
			if _, err := s.admin.Exec("SELECT pg_current_xact_id()"); err != nil {
				b.Fatal(err)
			}
			began = time.Now()
			res, err := ada.engine.Sync(context.Background())
			spent += time.Since(began)
			if err != nil || res.Pushed+res.Pulled != 0 {
				b.Fatalf("idle sync: %+v, %v", res, err)
			}
		}
		b.ReportMetric(float64(spent.Microseconds())/1000/idle, "ms/idle-sync")
	}
}

// seedQuarter writes, as the server's admin, a team of 50 members in five zones with a year of
// history and the third quarter of 2026: six blocks a working day, two deliverables shipped and
// five outside requests a week, and decisions with objections.
func seedQuarter(b *testing.B, s *server) {
	b.Helper()
	for _, q := range []string{
		`INSERT INTO shiplog.members (member, rev, time_zone, work_days, work_start, work_end, deep_min_seconds,
			target_urgent_seconds, target_important_seconds, target_normal_seconds, decision_window_seconds)
		SELECT 'm' || i, 1, (ARRAY['Europe/Berlin', 'America/Los_Angeles', 'Asia/Tokyo', 'UTC', 'America/New_York'])[1 + i % 5],
			'{1,2,3,4,5}', '09:00', '17:00', 3600, 7200, 86400, 172800, 259200 FROM generate_series(1, 50) i`,
		`INSERT INTO shiplog.blocks (uid, member, rev, kind, start_at, end_at, goal)
		SELECT gen_random_uuid(), 'm' || i, 1, (ARRAY['deep', 'shallow', 'async', 'meeting', 'deep', 'async'])[1 + k],
			d + make_interval(hours => 8 + k), d + make_interval(hours => 8 + k, mins => 50), CASE WHEN k % 2 = 0 THEN 'goal' ELSE '' END
		FROM generate_series(1, 50) i, generate_series('2025-07-01'::timestamptz, '2026-09-30', '1 day') d, generate_series(0, 5) k
		WHERE extract(isodow FROM d) < 6`,
		`INSERT INTO shiplog.deliverables (uid, member, rev, title, status, shipped_at)
		SELECT gen_random_uuid(), 'm' || i, 1, 'Deliverable ' || i || '-' || w || '-' || k, 'shipped',
			'2026-07-01'::timestamptz + make_interval(days => 7 * w + 2 * k, hours => 14)
		FROM generate_series(1, 50) i, generate_series(0, 12) w, generate_series(0, 1) k`,
		`INSERT INTO shiplog.requests (uid, member, rev, subject, priority, received_at, due_at, replied_at)
		SELECT gen_random_uuid(), 'm' || i, 1, 'Request', (ARRAY['urgent', 'important', 'normal'])[1 + k % 3],
			'2026-07-01'::timestamptz + make_interval(days => 7 * w + k, hours => 10),
			'2026-07-01'::timestamptz + make_interval(days => 7 * w + k, hours => 12 + 10 * (k % 3)),
			'2026-07-01'::timestamptz + make_interval(days => 7 * w + k, hours => 11 + 5 * k)
		FROM generate_series(1, 50) i, generate_series(0, 12) w, generate_series(0, 4) k`,
		`INSERT INTO shiplog.decisions (uid, member, rev, title, team, proposed_at, deadline)
		SELECT gen_random_uuid(), 'm' || i, 1, 'Decision ' || i || '-' || k, k % 2 = 0,
			'2026-07-01'::timestamptz + make_interval(days => 15 * k), '2026-07-04'::timestamptz + make_interval(days => 15 * k)
		FROM generate_series(1, 50) i, generate_series(0, 5) k`,
		`INSERT INTO shiplog.objections (uid, member, rev, decision_uid, reason, at)
		SELECT gen_random_uuid(), 'm' || (1 + (i + 7) % 50), 1, uid, 'no', proposed_at + interval '1 hour'
		FROM (SELECT uid, proposed_at, row_number() OVER () AS i FROM shiplog.decisions) d WHERE i % 3 = 0`,
		`ANALYZE`,
	} {
		if _, err := s.admin.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLiveTeamReport50MembersQuarter builds a manager's live team report of 50 members over
// the third quarter of 2026 from the server, and draws its PDF (goal: under 1 s).
func BenchmarkLiveTeamReport50MembersQuarter(b *testing.B) {
	s := newServer(b, time.Date(2026, 10, 2, 12, 0, 0, 0, time.UTC))
	mia := s.join("mia", "UTC", true)
	seedQuarter(b, s)
	r, err := postgres.Open(context.Background(), mia.url)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	quarter := func(loc *time.Location) (reports.Period, error) {
		return reports.ParseRange("2026-07-01", "2026-09-30", loc)
	}
	out := filepath.Join(b.TempDir(), "team.pdf")
	// One report first, so that the server's caches and plans are those of a manager's second look.
	if _, err := team.Live(context.Background(), r, quarter, s.clock.Now()); err != nil {
		b.Fatal(err)
	}
	var model, whole time.Duration
	b.ResetTimer()
	for range b.N {
		began := time.Now()
		t, err := team.Live(context.Background(), r, quarter, s.clock.Now())
		if err != nil {
			b.Fatal(err)
		}
		model += time.Since(began)
		if len(t.Members) != 50 || t.Totals.Shipped != 50*26 {
			b.Fatalf("the report has %d members and %d shipped", len(t.Members), t.Totals.Shipped)
		}
		if err := pdf.WriteTeamFile(t, out, pdf.RenderOptions{}); err != nil {
			b.Fatal(err)
		}
		whole += time.Since(began)
	}
	b.ReportMetric(float64(model.Milliseconds())/float64(b.N), "ms/model")
	b.ReportMetric(float64(whole.Milliseconds())/float64(b.N), "ms/report")
}
