package tracker

import (
	"fmt"
	"math/rand/v2"
	"time"
)

// demoSeed fixes the demo's random choices, so that the same now gives the same data.
const demoSeed = 20261116

// SeedDemo fills an empty database with six realistic weeks of one person's work ending at now:
// three projects, every block kind, deliverables shipped, in progress and planned, requests of
// every priority (some answered late, some still open), decisions closed, accepted by silence
// and objected to, a milestone at risk, and the rituals: days closed and weekly check-ins. It goes through the Service API, so the data obeys
// every rule real data does. A database that already has projects is refused as a conflict.
func (s *Service) SeedDemo(now time.Time) error {
	ps, err := s.Projects(true)
	if err != nil {
		return fmt.Errorf("seed demo: %w", err)
	}
	if len(ps) > 0 {
		return fmt.Errorf("seed demo: %w", &ConflictError{Msg: fmt.Sprintf("the database already has %d projects; the demo needs an empty one", len(ps))})
	}
	// The mark goes first, so that even a seeding that fails half-way leaves a file that says
	// what it is, and the desktop app may reuse it as its demo without mistaking a person's own
	// database for one.
	if err := s.SetSetting(SettingDemo, "true"); err != nil {
		return fmt.Errorf("seed demo: %w", err)
	}
	if err := s.seedDemo(now); err != nil {
		return fmt.Errorf("seed demo: %w", err)
	}
	return nil
}

type demo struct {
	s     *Service
	now   time.Time
	loc   *time.Location
	rng   *rand.Rand
	today time.Time // local midnight of now
}

// at is a local time: days from today (negative is past) at hh:mm.
func (d *demo) at(days, hh, mm int) time.Time {
	return time.Date(d.today.Year(), d.today.Month(), d.today.Day()+days, hh, mm, 0, 0, d.loc)
}

func (d *demo) date(days int) Date { return DateOf(d.at(days, 12, 0), d.loc) }

func (s *Service) seedDemo(now time.Time) error {
	cfg, err := s.Config()
	if err != nil {
		return err
	}
	loc := cfg.Location()
	n := now.In(loc)
	d := &demo{s: s, now: now, loc: loc, rng: rand.New(rand.NewPCG(demoSeed, 1)),
		today: time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)}
	// Monday six weeks back, so that whole weeks are covered.
	back := 35 + (int(n.Weekday())+6)%7

	for _, p := range []Project{
		{Name: "Shiplog app", Color: "#0f766e", WeeklyDeepHours: 8, WeeklyDeliverables: 2},
		{Name: "Billing API", Color: "#1d4ed8", WeeklyDeepHours: 5, WeeklyDeliverables: 1},
		{Name: "Docs site", Color: "#b45309", WeeklyDeepHours: 2},
	} {
		if _, err := s.AddProject(p); err != nil {
			return err
		}
	}
	for _, m := range []Milestone{
		{Name: "Public beta", Project: "Shiplog app", StartDate: d.date(-back), DueDate: d.date(12)},
		{Name: "Invoices v2", Project: "Billing API", StartDate: d.date(-back + 7), DueDate: d.date(3)},
		{Name: "Docs relaunch", Project: "Docs site", StartDate: d.date(-back), DueDate: d.date(20)},
	} {
		if _, err := s.AddMilestone(m, loc); err != nil {
			return err
		}
	}

	type dl struct {
		title, project, milestone, slug string
		status                          Status
		shipDay, dueDay                 int // days from today; shipDay for shipped ones
	}
	dls := []dl{
		{"Timer survives laptop sleep", "Shiplog app", "Public beta", "shiplog/pull/41", StatusShipped, -back + 3, 0},
		{"Tray menu with quick start", "Shiplog app", "Public beta", "shiplog/pull/44", StatusShipped, -back + 9, 0},
		{"CSV import of old timesheets", "Shiplog app", "", "shiplog/pull/52", StatusShipped, -back + 16, 0},
		{"Weekly PDF report", "Shiplog app", "Public beta", "shiplog/pull/58", StatusShipped, -back + 24, 0},
		{"Request SLA reminders", "Shiplog app", "Public beta", "shiplog/pull/63", StatusShipped, -back + 30, 0},
		{"Settings screen", "Shiplog app", "Public beta", "shiplog/pull/66", StatusShipped, -back + 35, 0},
		{"Stripe webhook retries", "Billing API", "Invoices v2", "billing/pull/212", StatusShipped, -back + 11, 0},
		{"Invoice PDF numbering", "Billing API", "", "billing/pull/219", StatusShipped, -back + 22, 0},
		{"Getting-started guide", "Docs site", "Docs relaunch", "docs/pull/17", StatusShipped, -back + 18, 0},
		{"API reference generator", "Docs site", "Docs relaunch", "docs/pull/21", StatusShipped, -back + 37, 0},
		{"Multi-currency invoices", "Billing API", "Invoices v2", "billing/issues/230", StatusInProgress, 0, -1},
		{"Tax rules per country", "Billing API", "Invoices v2", "billing/issues/231", StatusInProgress, 0, 3},
		{"Credit notes", "Billing API", "Invoices v2", "billing/issues/232", StatusPlanned, 0, 3},
		{"Dunning e-mails", "Billing API", "Invoices v2", "billing/issues/236", StatusPlanned, 0, 8},
		{"Dark mode", "Shiplog app", "Public beta", "shiplog/issues/70", StatusInProgress, 0, 9},
		{"Onboarding tour", "Shiplog app", "Public beta", "shiplog/issues/71", StatusPlanned, 0, 11},
		{"Search in the docs", "Docs site", "Docs relaunch", "docs/issues/25", StatusPlanned, 0, 10},
	}
	ids := map[string][]uint{}
	for _, x := range dls {
		due := Date("")
		if x.dueDay != 0 {
			due = d.date(x.dueDay)
		}
		if off, ok := demoShipDue[x.title]; ok {
			due = d.date(x.shipDay + off)
		}
		st := x.status
		if st == StatusShipped {
			st = StatusInProgress
		}
		got, err := s.AddDeliverable(Deliverable{Title: x.title, Project: x.project, Milestone: x.milestone, Status: st,
			Link: "https://git.example.com/" + x.slug, Due: due})
		if err != nil {
			return err
		}
		// The record of a real person would know when each deliverable was planned and started;
		// a report for one of the past weeks shows them as they stood then.
		started := d.at(max(-back, x.dueDay-14), 9, 0)
		if x.status == StatusShipped {
			at := d.at(x.shipDay, 15, 30+d.rng.IntN(20))
			if at.After(now) {
				at = now.Add(-time.Minute)
			}
			started = d.at(max(-back, x.shipDay-4), 9, 0)
			if _, err := s.Ship(ShipInput{ID: got.ID, At: at}); err != nil {
				return err
			}
		}
		if err := d.backdate(got.ID, d.at(-back, 8, 0), started, x.status != StatusPlanned); err != nil {
			return err
		}
		if x.status != StatusPlanned {
			ids[x.project] = append(ids[x.project], got.ID)
		}
	}

	if err := d.blocks(back, ids); err != nil {
		return err
	}
	if err := d.requests(back); err != nil {
		return err
	}
	if err := d.decisions(); err != nil {
		return err
	}
	return d.rituals(back)
}

// blocks lays out each working day: deep work in the morning, async and meetings around noon,
// shallow work and a second focus block in the afternoon.
func (d *demo) blocks(back int, ids map[string][]uint) error {
	projects := []string{"Shiplog app", "Shiplog app", "Billing API", "Billing API", "Docs site"}
	goals := map[string][]string{
		"Shiplog app": {"Finish the sleep-detection state machine", "Make the report tables flow across pages", "Wire the tray menu to the service", "Cut p90 startup time under 300 ms"},
		"Billing API": {"Model currencies as minor units", "Write the tax-rule table tests", "Retry webhooks with backoff"},
		"Docs site":   {"Draft the getting-started guide", "Generate the API reference from OpenAPI"},
	}
	outcomes := []string{"Done, merged behind a flag", "Most of it; tests still red", "Done", "Half done, found a design issue"}
	add := func(b Block) error {
		if b.End.After(d.now) {
			return nil
		}
		_, err := d.s.AddBlock(b)
		return err
	}
	for day := -back; day <= 0; day++ {
		wd := d.at(day, 12, 0).Weekday()
		if wd == time.Saturday || wd == time.Sunday {
			continue
		}
		p := projects[d.rng.IntN(len(projects))]
		g := goals[p][d.rng.IntN(len(goals[p]))]
		var deliv *uint
		if list := ids[p]; len(list) > 0 {
			id := list[d.rng.IntN(len(list))]
			deliv = &id
		}
		deepLen := 90 + 15*d.rng.IntN(7) // 1h30 to 3h
		start := d.at(day, 9, 0)
		end := start.Add(time.Duration(deepLen) * time.Minute)
		if err := add(Block{Project: p, Kind: KindDeep, Start: start, End: &end, Goal: g, Outcome: outcomes[d.rng.IntN(len(outcomes))],
			PlannedSeconds: int64(120 * 60), Interruptions: d.rng.IntN(3), DeliverableID: deliv}); err != nil {
			return err
		}
		a0 := end.Add(10 * time.Minute)
		a1 := a0.Add(time.Duration(30+15*d.rng.IntN(3)) * time.Minute)
		if err := add(Block{Project: p, Kind: KindAsync, Start: a0, End: &a1, Goal: "Inbox and review queue"}); err != nil {
			return err
		}
		// Meetings: a stand-up most days and a longer one some days; more of them in recent weeks.
		m0 := d.at(day, 13, 0)
		if m0.Before(a1.Add(10 * time.Minute)) {
			m0 = a1.Add(10 * time.Minute)
		}
		mlen := 30
		if d.rng.IntN(3) == 0 || (day > -10 && d.rng.IntN(2) == 0) {
			mlen = 60 + 30*d.rng.IntN(2)
		}
		m1 := m0.Add(time.Duration(mlen) * time.Minute)
		if err := add(Block{Project: p, Kind: KindMeeting, Start: m0, End: &m1, Goal: "Team sync"}); err != nil {
			return err
		}
		s0 := m1.Add(15 * time.Minute)
		s1 := s0.Add(time.Duration(30+15*d.rng.IntN(4)) * time.Minute)
		if err := add(Block{Project: p, Kind: KindShallow, Start: s0, End: &s1, Goal: "Triage issues"}); err != nil {
			return err
		}
		// An afternoon focus block: sometimes long enough to count, sometimes short focus, sometimes without a goal.
		f0 := s1.Add(15 * time.Minute)
		flen := []int{40, 75, 90, 45, 120}[d.rng.IntN(5)]
		f1 := f0.Add(time.Duration(flen) * time.Minute)
		goal := goals[p][d.rng.IntN(len(goals[p]))]
		if d.rng.IntN(6) == 0 {
			goal = ""
		}
		if err := add(Block{Project: p, Kind: KindDeep, Start: f0, End: &f1, Goal: goal, Interruptions: d.rng.IntN(2)}); err != nil {
			return err
		}
		a2 := f1.Add(10 * time.Minute)
		a3 := a2.Add(30 * time.Minute)
		if err := add(Block{Project: p, Kind: KindAsync, Start: a2, End: &a3, Goal: "Answer requests"}); err != nil {
			return err
		}
		// Once a week a late session runs past midnight.
		if wd == time.Wednesday {
			l0 := d.at(day, 22, 30)
			l1 := l0.Add(2 * time.Hour)
			if err := add(Block{Project: "Shiplog app", Kind: KindDeep, Start: l0, End: &l1,
				Goal: "Profile the year report", Outcome: "Found the slow query", PlannedSeconds: 90 * 60}); err != nil {
				return err
			}
		}
	}
	return nil
}

// requests logs a few requests each working day and answers most of them, some late.
func (d *demo) requests(back int) error {
	who := []string{"Priya (PM)", "Jonas (Support)", "Mei (Design)", "Carlos (CTO)", "Anna (Finance)"}
	subjects := map[Priority][]string{
		PriorityUrgent:    {"Checkout fails for EUR cards", "Beta build crashes on start", "Invoice run stuck"},
		PriorityImportant: {"Review the pricing page copy", "Estimate for dark mode", "Sign off the API change"},
		PriorityNormal:    {"Feedback on the onboarding flow", "Question about export formats", "Can we rename the project?"},
		PriorityFYI:       {"Release notes draft", "New holiday calendar", "Quarterly goals posted"},
	}
	cfg, err := d.s.Config()
	if err != nil {
		return err
	}
	cal := cfg.Calendar()
	for day := -back; day <= 0; day++ {
		wd := d.at(day, 12, 0).Weekday()
		if wd == time.Saturday || wd == time.Sunday {
			continue
		}
		for k := 0; k < 2+d.rng.IntN(2); k++ {
			p := Priorities[d.rng.IntN(len(Priorities))]
			rec := d.at(day, 9+d.rng.IntN(7), d.rng.IntN(60))
			if rec.After(d.now) {
				continue
			}
			r, err := d.s.AddRequest(Request{Subject: subjects[p][d.rng.IntN(3)], From: who[d.rng.IntN(len(who))],
				Channel: "Slack", Project: []string{"Shiplog app", "Billing API", ""}[d.rng.IntN(3)], Priority: p, ReceivedAt: rec})
			if err != nil {
				return err
			}
			if p == PriorityFYI {
				continue
			}
			// Most answers land well inside the target; about one in six runs late.
			target := cfg.SLA[p]
			frac := 0.2 + 0.6*d.rng.Float64()
			if d.rng.IntN(6) == 0 {
				frac = 1.2 + d.rng.Float64()
			}
			at := cal.Due(rec, time.Duration(frac*float64(target))).Truncate(time.Minute)
			if at.After(d.now) || day == 0 && k == 0 {
				continue // still open
			}
			if _, err := d.s.ReplyRequest(r.ID, ReplyInput{At: at, Minutes: 5 + d.rng.IntN(20)}); err != nil {
				return err
			}
		}
	}
	// One urgent request has been waiting too long, so the report has something to flag.
	_, err = d.s.AddRequest(Request{Subject: "Customer cannot download invoices", From: "Jonas (Support)", Channel: "E-mail",
		Project: "Billing API", Priority: PriorityUrgent, ReceivedAt: cal.Due(d.at(-3, 10, 0), 0)})
	return err
}

// decisions proposes a handful with explicit deadlines relative to now.
func (d *demo) decisions() error {
	type dec struct {
		title, project, context string
		proposed, deadline      time.Time
	}
	list := []dec{
		{"Store all times in UTC", "Shiplog app", "Local times broke range queries across DST.", d.at(-20, 10, 0), d.at(-15, 17, 0)},
		{"Drop the legacy XML export", "Billing API", "Two customers used it last year; both moved to JSON.", d.at(-12, 11, 0), d.at(-4, 17, 0)},
		{"Weekly report goes out Friday 16:00", "Shiplog app", "Managers asked for it before the weekend.", d.at(-9, 9, 30), d.at(-2, 12, 0)},
		{"Move the stand-up to async updates", "", "Three time zones; the stand-up costs 2.5 h a week.", d.at(-6, 14, 0), d.at(-1, 14, 0)},
		{"Use Stripe Tax instead of our rules", "Billing API", "Our tax table is the riskiest part of Invoices v2.", d.at(-2, 16, 0), d.at(3, 16, 0)},
		{"Rename Docs site to Handbook", "Docs site", "The site now holds process, not only API docs.", d.at(-9, 10, 0), d.at(-8, 10, 0)},
	}
	var got []Decision
	for _, x := range list {
		if x.proposed.After(d.now) {
			continue
		}
		dd, err := d.s.ProposeDecision(Decision{Title: x.title, Project: x.project, Context: x.context, ProposedAt: x.proposed, Deadline: x.deadline})
		if err != nil {
			return err
		}
		got = append(got, dd)
	}
	if len(got) < 6 {
		return nil
	}
	if _, err := d.s.CloseDecision(got[0].ID, true, "Done in schema v1", d.at(-16, 11, 0)); err != nil {
		return err
	}
	if _, err := d.s.Object(got[3].ID, Objection{By: "Mei (Design)", Reason: "Design reviews need a live slot; keep one call a week", At: d.at(-3, 10, 0)}); err != nil {
		return err
	}
	if _, err := d.s.Object(got[4].ID, Objection{By: "Anna (Finance)", Reason: "Stripe Tax fees are 0.5% per transaction; compare first", At: d.at(-1, 9, 0)}); err != nil {
		return err
	}
	if _, err := d.s.CloseDecision(got[5].ID, false, "Keep the name until the relaunch", d.at(-8, 9, 0)); err != nil {
		return err
	}
	return nil
}

// backdate gives a demo deliverable the history a person's record would have: created when the
// six weeks began and, unless it is still planned, started on the given day.
func (d *demo) backdate(id uint, created, started time.Time, wasStarted bool) error {
	return d.s.write(func(tx Tx) error {
		x, err := tx.Deliverable(id)
		if err != nil {
			return err
		}
		x.CreatedAt = UTC(created)
		x.StartedAt = nil
		if wasStarted {
			at := UTC(started)
			x.StartedAt = &at
		}
		return tx.SaveDeliverable(&x)
	})
}
