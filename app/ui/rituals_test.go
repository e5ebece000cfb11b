package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"shiplog/reports"
	"shiplog/tracker"
)

// endOfDay seeds Wednesday 25 November 2026 in UTC, as testNow's day: a deliverable shipped, a
// deep block, two requests open and a decision that closes tomorrow; it leaves the clock at 17:30,
// after the working hours.
func endOfDay(t *testing.T) (*tracker.Service, func(time.Time)) {
	t.Helper()
	svc, clk := mustOpen(t)
	to := func(at time.Time) { clk.Advance(at.Sub(clk.Now())) }
	mustProject(t, svc, "Billing API", "Website")
	end := utc(25, 10, 30)
	if _, err := svc.AddBlock(tracker.Block{Project: "Billing API", Kind: tracker.KindDeep, Start: utc(25, 9, 0), End: &end, Goal: "Parser"}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Ship(tracker.ShipInput{Title: "Invoice numbering", Project: "Billing API", At: utc(25, 10, 30)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddRequest(tracker.Request{Subject: "Prod down", Priority: tracker.PriorityUrgent, ReceivedAt: utc(25, 13, 30)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.ProposeDecision(tracker.Decision{Title: "Freeze Fridays", ProposedAt: utc(25, 13, 45), Deadline: utc(26, 11, 0)}); err != nil {
		t.Fatal(err)
	}
	to(utc(25, 16, 0))
	if _, err := svc.AddRequest(tracker.Request{Subject: "Pricing copy", Priority: tracker.PriorityNormal, ReceivedAt: utc(25, 16, 0)}); err != nil {
		t.Fatal(err)
	}
	to(utc(25, 17, 30))
	return svc, to
}

func TestEndDayDialogAndTheTrayItemItAddsTheNextMorning(t *testing.T) {
	svc, to := endOfDay(t)
	u, fake := newTestUI(t, svc, nil, Options{})
	item(t, fake.menu, "End day…").Action()
	d := u.endDay
	if d == nil || u.win.Canvas().Overlays().Top() == nil {
		t.Fatal("End day… opened no dialog")
	}
	// Urgent: two business hours from 13:30; normal: 48, six working days from 16:00.
	want := "Shipped: Invoice numbering (Billing API)\n" +
		"Deep work: 1h 30m of 3h goal\n" +
		"Requests open: 2\n" +
		"  • Prod down (urgent): overdue since Wed 25 Nov 15:30\n" +
		"  • Pricing copy (normal): due Thu 3 Dec 16:00\n" +
		"Decisions closing by Thu 26 Nov:\n" +
		"  • Freeze Fridays: closes tomorrow 11:00"
	if d.summary.Text != want {
		t.Errorf("summary\n%s\nwant\n%s", d.summary.Text, want)
	}
	assertGolden(t, "endday.xml", u.win)

	t.Run("an unknown project is named as the tracker names it, and the button waits", func(t *testing.T) {
		test.Type(d.goal, "Write the tax tests")
		test.Type(&d.project.Entry, "Biling API")
		if !d.save.Disabled() || !strings.Contains(d.errText.Text, `did you mean "Billing API"?`) {
			t.Errorf("save disabled %v, error %q", d.save.Disabled(), d.errText.Text)
		}
		d.project.SetText("")
		if !d.save.Disabled() || d.errText.Text != "project: must be set with tomorrow's goal: the first block needs a project" {
			t.Errorf("a goal without a project: %q", d.errText.Text)
		}
		d.project.SetText("Billing API")
		if d.save.Disabled() || d.errText.Text != "" {
			t.Errorf("a good plan: disabled %v, %q", d.save.Disabled(), d.errText.Text)
		}
	})

	test.Type(d.handoff, "Numbering is live; the tax table is next")
	d.energy.SetSelected("4")
	test.Tap(d.save)
	c, err := svc.DayClose("2026-11-25")
	if err != nil {
		t.Fatal(err)
	}
	if c.Tomorrow.Goal != "Write the tax tests" || c.Tomorrow.Project != "Billing API" || c.Handoff != "Numbering is live; the tax table is next" ||
		c.Energy == nil || *c.Energy != 4 {
		t.Errorf("close %+v", c)
	}
	if u.win.Canvas().Overlays().Top() != nil {
		t.Error("the dialog stayed open")
	}
	if fake.menu.Items[0].Label != "Idle" {
		t.Errorf("the same evening the tray starts with %q", fake.menu.Items[0].Label)
	}

	t.Run("opened again, it shows the day's answers to change", func(t *testing.T) {
		u.askEndDay()
		d := u.endDay
		if d.goal.Text != "Write the tax tests" || d.project.Text != "Billing API" || d.energy.Selected != "4" {
			t.Errorf("reopened with %q %q %q", d.goal.Text, d.project.Text, d.energy.Selected)
		}
		d.energy.SetSelected("")
		test.Tap(d.save)
		if c, _ := svc.DayClose("2026-11-25"); c.Energy != nil || c.Handoff == "" {
			t.Errorf("after clearing the energy: %+v", c)
		}
	})

	t.Run("the next morning the tray's first item starts the planned block in one click", func(t *testing.T) {
		to(utc(26, 8, 30))
		u.tick()
		first := fake.menu.Items[0]
		if first.Label != "Start: Write the tax tests" {
			t.Fatalf("the first item is %q; menu %v", first.Label, labels(fake.menu))
		}
		if !u.today.rituals.plan.Visible() || u.today.rituals.plan.Text != "Start: Write the tax tests · Billing API" {
			t.Errorf("Today's button %q, visible %v", u.today.rituals.plan.Text, u.today.rituals.plan.Visible())
		}
		first.Action()
		b, err := svc.Running()
		if err != nil || b.Kind != tracker.KindDeep || b.Goal != "Write the tax tests" || b.Project != "Billing API" {
			t.Fatalf("running %+v, %v", b, err)
		}
		if got := fake.menu.Items[0].Label; got != "Deep work · Billing API · 0:00" {
			t.Errorf("after starting, the first item is %q", got)
		}
		if u.today.rituals.plan.Visible() {
			t.Error("Today still offers the plan once a block has started")
		}
	})
}

func TestWeeklyCheckInFromTheTray(t *testing.T) {
	svc, clk := mustOpen(t)
	u, fake := newTestUI(t, svc, clk, Options{})
	if item(t, fake.menu, "Weekly check-in…") == nil {
		t.Fatal("no check-in item")
	}
	clk.Advance(utc(27, 17, 5).Sub(clk.Now())) // Friday, after the last working day's hours
	u.tick()
	item(t, fake.menu, "Weekly check-in… (due)").Action()
	d := u.checkIn
	if d == nil || !d.save.Disabled() {
		t.Fatal("the dialog did not open with Check in disabled")
	}
	d.satisfaction.SetSelected("4")
	if !d.save.Disabled() {
		t.Error("Check in is enabled with no balance")
	}
	d.balance.SetSelected("2")
	test.Type(d.note, "late calls")
	test.Tap(d.save)
	cs, err := svc.CheckIns("", "")
	if err != nil || len(cs) != 1 || cs[0].Week != "2026-W48" || cs[0].Satisfaction != 4 || cs[0].Balance != 2 || cs[0].Note != "late calls" {
		t.Fatalf("check-ins %+v, %v", cs, err)
	}
	if item(t, fake.menu, "Weekly check-in…") == nil {
		t.Error("the item still says the check-in is due")
	}
	u.askCheckIn()
	if u.checkIn.satisfaction.Selected != "4" || u.checkIn.balance.Selected != "2" || u.checkIn.note.Text != "late calls" {
		t.Error("the check-in reopened empty")
	}
}

// measuresWeek seeds week 48 of 2026 in UTC with sync days, core hours and the rituals, and leaves
// the clock on Friday evening: meetings on Tuesday 13:00–14:00 and Wednesday 10:00–11:00, a
// switch on Monday, a deliverable due Wednesday and shipped Thursday, two closed days, a check-in.
func measuresWeek(t *testing.T) (*tracker.Service, func(time.Time)) {
	t.Helper()
	svc, clk := mustOpen(t)
	to := func(at time.Time) { clk.Advance(at.Sub(clk.Now())) }
	for k, v := range map[string]string{tracker.SettingSyncdays: "tue,thu", tracker.SettingCorehours: "13:00-16:00"} {
		if err := svc.SetSetting(k, v); err != nil {
			t.Fatal(err)
		}
	}
	mustProject(t, svc, "Billing API", "Website")
	d, err := svc.AddDeliverable(tracker.Deliverable{Title: "Tax table", Project: "Billing API", Due: "2026-11-25"})
	if err != nil {
		t.Fatal(err)
	}
	to(utc(27, 18, 0))
	for _, b := range []struct {
		project string
		kind    tracker.Kind
		from    time.Time
		to      time.Time
	}{
		{"Billing API", tracker.KindDeep, utc(23, 9, 0), utc(23, 10, 0)},
		{"Website", tracker.KindAsync, utc(23, 10, 0), utc(23, 10, 30)},
		{"Billing API", tracker.KindMeeting, utc(24, 13, 0), utc(24, 14, 0)},
		{"Billing API", tracker.KindMeeting, utc(25, 10, 0), utc(25, 11, 0)},
	} {
		end := b.to
		if _, err := svc.AddBlock(tracker.Block{Project: b.project, Kind: b.kind, Start: b.from, End: &end, Goal: "G"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := svc.Ship(tracker.ShipInput{ID: d.ID, At: utc(26, 12, 0)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CloseDay(tracker.CloseDayInput{Energy: ptrTo(2)}); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.CheckIn(tracker.CheckInInput{Satisfaction: 3, Balance: 4}); err != nil {
		t.Fatal(err)
	}
	return svc, to
}

func ptrTo[T any](v T) *T { return &v }

// wantMeasuresLike checks that the Week screen shows the measures of async work and the rituals
// as report --json words them for the same week.
func wantMeasuresLike(t *testing.T, u *UI, j reports.ReportJSON) {
	t.Helper()
	m := u.week.measures
	for _, c := range []struct{ name, got, want string }{
		{"delivery", m.delivery.Text, j.Delivery.Text},
		{"meetings", m.meetings.Text, j.Meetings.Text},
		{"place", m.place.Text, j.Meetings.Place.Text},
		{"switches", m.switches.Text, j.Switches.Text},
		{"documentation", m.documentation.Text, j.Documentation.Text},
		{"energy", m.energy.Text, j.Rituals.EnergyText},
		{"check-in", m.checkIn.Text, j.Rituals.CheckInText},
	} {
		if c.got != c.want {
			t.Errorf("%s reads %q on the screen, %q in the JSON", c.name, c.got, c.want)
		}
	}
}

func TestWeekScreenShowsTheMeasuresOfReportJSON(t *testing.T) {
	svc, _ := measuresWeek(t)
	u, _ := newTestUI(t, svc, nil, Options{})
	u.tabs.SelectIndex(tabWeek)
	j := weekJSON(t, svc, "2026-W48")
	wantMeasuresLike(t, u, j)
	m := u.week.measures
	for _, c := range []struct{ got, want string }{
		{m.delivery.Text, "0 of 1 due shipped on time (0%)"},
		{m.late.Text, "shipped late: 1, median 1 day late"},
		{m.place.Text, "50% on sync days (tue,thu), 50% in core hours (13:00–16:00), 50% both"},
		{m.switches.Text, "0.3 switches per day worked (1 on 3 days); no deep block had a plan"},
		{m.energy.Text, "2.0 on average, 1 closed day"},
		{m.checkIn.Text, "satisfaction 3, balance 4 (2026-W48)"},
	} {
		if c.got != c.want {
			t.Errorf("the screen reads %q, want %q", c.got, c.want)
		}
	}

	t.Run("the update composer drafts the week, with the check-in only when ticked", func(t *testing.T) {
		test.Tap(m.draftButton)
		c := u.composer
		if c == nil || !strings.Contains(c.text.Text, "### Delivery on time\n\n- 0 of 1 due shipped on time (0%)") ||
			!strings.Contains(c.text.Text, "- Energy: 2.0 on average, 1 closed day.") || strings.Contains(c.text.Text, "Check-in") {
			t.Fatalf("draft:\n%s", c.text.Text)
		}
		test.Tap(c.checkIn)
		if !strings.Contains(c.text.Text, "- Check-in: satisfaction 3, balance 4 (2026-W48).") {
			t.Errorf("the draft with the check-in:\n%s", c.text.Text)
		}
		tapButton(t, u, "Copy")
		if got := u.app.Clipboard().Content(); got != c.text.Text {
			t.Errorf("clipboard %q", got)
		}
	})
}
