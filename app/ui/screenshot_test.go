//go:build screenshots

package ui

import (
	"fmt"
	"image/color"
	"image/png"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	"github.com/jonboulle/clockwork"

	"shiplog/reports"
	"shiplog/reports/pdf"
	"shiplog/tracker"
)

// TestScreenshotTrayMenu draws the tray menu that the app hands to the tray, with its
// Start deep work submenu opened beside it, using Fyne's own menu widget and software painter.
// A real tray host draws the same items in its own style.
//
//	SHIPLOG_SHOT=/tmp/tray.png go test -tags screenshots -run TestScreenshotTrayMenu ./app/ui/
func TestScreenshotTrayMenu(t *testing.T) {
	out := os.Getenv("SHIPLOG_SHOT")
	if out == "" {
		t.Skip("set SHIPLOG_SHOT=FILE.png")
	}
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Shiplog API", "Website", "Hiring")
	for i, p := range []string{"Hiring", "Website", "Shiplog API"} {
		s := testNow.Add(time.Duration(-6+i) * time.Hour)
		e := s.Add(30 * time.Minute)
		svc.AddBlock(tracker.Block{Kind: tracker.KindShallow, Project: p, Start: s, End: &e})
	}
	svc.AddRequest(tracker.Request{Subject: "Contract", Priority: tracker.PriorityUrgent, ReceivedAt: testNow.Add(-90 * time.Minute)})
	svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API", Start: testNow.Add(-42 * time.Minute), PlannedSeconds: 5400})
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	fake := &fakeDesktop{App: a}
	u := newUI(fake, svc, Options{Ticker: clk})
	u.trayEnabled = true
	u.setupTray()

	deep := fake.menu.Items[2].ChildMenu
	// Each submenu opens level with the item that holds it, as a tray host draws it.
	at := func(y float32, m *fyne.Menu) fyne.CanvasObject {
		gap := canvas.NewRectangle(color.Transparent)
		gap.SetMinSize(fyne.NewSize(1, y))
		return container.NewVBox(gap, widget.NewMenu(m))
	}
	content := container.NewPadded(container.NewHBox(at(0, fake.menu), at(44, deep)))
	w := test.NewTempWindow(t, content)
	w.Resize(content.MinSize().Add(fyne.NewSize(8, 8)))
	f, err := os.Create(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// TestScreenshotScreens draws every tab with the default theme, to look at the layout:
//
//	SHIPLOG_SHOTS=/tmp/shots go test -tags screenshots -run TestScreenshotScreens ./app/ui/
func TestScreenshotScreens(t *testing.T) {
	dir := os.Getenv("SHIPLOG_SHOTS")
	if dir == "" {
		t.Skip("set SHIPLOG_SHOTS=DIR")
	}
	svc, clk := mustOpen(t)
	mustProject(t, svc, "Shiplog API", "Website")
	m, _ := svc.AddMilestone(tracker.Milestone{Name: "Beta", Project: "Shiplog API", StartDate: "2026-11-16", DueDate: "2026-12-04"}, time.UTC)
	svc.AddDeliverable(tracker.Deliverable{Title: "Auth middleware", Project: "Shiplog API", Milestone: m.Name, Status: tracker.StatusInProgress, Due: "2026-11-27"})
	svc.AddDeliverable(tracker.Deliverable{Title: "Pricing page", Project: "Website", Due: "2026-12-02"})
	svc.Ship(tracker.ShipInput{Title: "Schema v2", Project: "Shiplog API", Milestone: m.Name, Link: "https://example.com/pr/1"})
	svc.AddRequest(tracker.Request{Subject: "Contract review", From: "Ana", Priority: tracker.PriorityUrgent, ReceivedAt: testNow.Add(-90 * time.Minute)})
	svc.AddRequest(tracker.Request{Subject: "Logo feedback", From: "Ben", Priority: tracker.PriorityNormal, Project: "Website"})
	svc.ProposeDecision(tracker.Decision{Title: "Move the standup to async", Context: "Saves 1.5 h a week"})
	for d := 0; d < 3; d++ {
		s := time.Date(2026, 11, 23+d, 9, 0, 0, 0, time.UTC)
		e := s.Add(time.Duration(90+40*d) * time.Minute)
		svc.AddBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API", Start: s, End: &e, Goal: "Auth middleware"})
		s2, e2 := e.Add(10*time.Minute), e.Add(50*time.Minute)
		svc.AddBlock(tracker.Block{Kind: tracker.KindAsync, Project: "Website", Start: s2, End: &e2})
	}
	svc.AddMilestone(tracker.Milestone{Name: "Launch", Project: "Website", StartDate: "2026-11-02", DueDate: "2026-11-27"}, time.UTC)
	rs, _ := svc.Requests(tracker.RequestFilter{})
	svc.ReplyRequest(rs[len(rs)-1].ID, tracker.ReplyInput{Minutes: 10})
	svc.AddRequest(tracker.Request{Subject: "Invoice question", From: "Cleo", Priority: tracker.PriorityImportant, ReceivedAt: testNow.Add(-3 * time.Hour)})
	svc.AddProject(tracker.Project{Name: "Hiring", Color: "#9c4dcc", WeeklyDeliverables: 1})
	svc.EditProject(1, tracker.ProjectPatch{Color: ptrTo("#0f766e"), WeeklyDeepHours: ptrTo(8.0), WeeklyDeliverables: ptrTo(2)})
	svc.StartBlock(tracker.Block{Kind: tracker.KindDeep, Project: "Shiplog API", Start: testNow.Add(-42*time.Minute - 17*time.Second), PlannedSeconds: 5400})
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	u := newUI(&fakeDesktop{App: a}, svc, Options{Ticker: clk})
	u.win.Resize(fyne.NewSize(960, 680))
	shot := func(name string) {
		f, err := os.Create(dir + "/screenshot-" + name + ".png")
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, u.win.Canvas().Capture())
		f.Close()
	}
	for i, name := range []string{"today", "deliverables", "requests", "decisions", "projects", "week", "reports", "settings"} {
		u.tabs.SelectIndex(i)
		shot(name)
	}
	u.tabs.SelectIndex(tabRequests)
	u.requests.show.SetSelected(showAnswered)
	shot("requests-answered")
	u.requests.show.SetSelected(showOpen)
	// The dialogs, each over the screen it opens from.
	u.tabs.SelectIndex(tabToday)
	u.askStop()
	shot("stop")
	u.dialog.Hide()
	u.askShip()
	shot("ship")
	u.dialog.Hide()
	u.askNewProject("Client website", nil)
	shot("new-project")
	u.dialog.Hide()
	u.tabs.SelectIndex(tabDecisions)
	ds, _ := svc.Decisions()
	u.decisions.onObject(ds[0])
	test.Type(formEntry(t, u.win, "By"), "Dana")
	shot("object")
	u.dialog.Hide()
	u.tabs.SelectIndex(tabToday)
	bs, _ := svc.Blocks(tracker.BlockFilter{})
	u.today.onEdit(bs[0])
	shot("block-edit")
	u.dialog.Hide()
	u.showShortcuts()
	shot("shortcuts")
}

// TestScreenshotFirstRun draws the first-run setup's welcome page and each step:
//
//	SHIPLOG_SHOTS=/tmp/shots go test -tags screenshots -run TestScreenshotFirstRun ./app/ui/
func TestScreenshotFirstRun(t *testing.T) {
	dir := os.Getenv("SHIPLOG_SHOTS")
	if dir == "" {
		t.Skip("set SHIPLOG_SHOTS=DIR")
	}
	svc, clk := mustOpen(t)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	l := &launcher{app: a, opts: Options{Ticker: clk, OpenDemo: func() (*tracker.Service, ReportWriter, error) { return nil, nil, nil }}}
	l.firstRun(svc, func() string { return "Europe/Berlin" })
	l.front.Resize(fyne.NewSize(720, 500))
	for i := 0; i <= len(l.setup.steps); i++ {
		l.setup.show(i)
		f, err := os.Create(fmt.Sprintf("%s/firstrun-%d.png", dir, i))
		if err != nil {
			t.Fatal(err)
		}
		png.Encode(f, l.front.Canvas().Capture())
		f.Close()
	}
}

// TestScreenshotWeekAndReport draws the Week screen for the demo week and writes the PDF report
// of the same week from the same database, so that docs/screenshot-week.png and
// docs/report-sample.png show the same numbers:
//
//	SHIPLOG_SHOTS=/tmp/shots go test -tags screenshots -run TestScreenshotWeekAndReport ./app/ui/
//	pdftoppm -r 100 -png -f 1 -l 1 -singlefile /tmp/shots/report.pdf docs/report-sample
//	for p in 2 3 4; do pdftoppm -r 100 -png -f $p -l $p -singlefile /tmp/shots/report.pdf docs/report-sample-$p; done
//	cp /tmp/shots/week.png docs/screenshot-week.png
func TestScreenshotWeekAndReport(t *testing.T) {
	dir := os.Getenv("SHIPLOG_SHOTS")
	if dir == "" {
		t.Skip("set SHIPLOG_SHOTS=DIR")
	}
	// Friday afternoon of the demo's last week, in Berlin.
	svc, clk, berlin := demoInBerlin(t, dir+"/demo.db", 16, 30)
	week := reports.WeekOf(clk.Now(), berlin)
	if err := pdf.WriteFile(svc, reports.Options{Period: week, Author: "Sam Demo"}, dir+"/report.pdf", pdf.RenderOptions{Version: "demo"}); err != nil {
		t.Fatal(err)
	}
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	u := newUI(&fakeDesktop{App: a}, svc, Options{Ticker: clk})
	u.win.Resize(fyne.NewSize(1040, 640))
	u.tabs.SelectIndex(tabWeek)
	f, err := os.Create(dir + "/week.png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, u.win.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}

// demoInBerlin opens a database at path with the demo seeded and the clock at hh:mm on Friday
// 27 November 2026, the demo's last week, in Berlin.
func demoInBerlin(t *testing.T, path string, hh, mm int) (*tracker.Service, *clockwork.FakeClock, *time.Location) {
	t.Helper()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	clk := clockwork.NewFakeClockAt(time.Date(2026, 11, 27, hh, mm, 0, 0, berlin))
	svc := mustOpenAt(t, path, clk)
	if err := svc.SetSetting(tracker.SettingTimezone, "Europe/Berlin"); err != nil {
		t.Fatal(err)
	}
	if err := svc.SeedDemo(clk.Now()); err != nil {
		t.Fatal(err)
	}
	return svc, clk, berlin
}
