// Package ui is Shiplog's desktop app: a main window with one screen per tab, and a tray menu that
// logs work in one click. It reaches data only through *tracker.Service.
package ui

import (
	"errors"
	"fmt"
	"log"
	"os"
	"time"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"
	"github.com/godbus/dbus/v5"
	"github.com/jonboulle/clockwork"

	shipdesktop "shiplog/app/desktop"
	"shiplog/assets"
	"shiplog/reports"
	"shiplog/tracker"
)

// AppID is the app's unique ID, as FyneApp.toml declares it.
const AppID = "dev.shiplog.Shiplog"

// Options are what main hands the desktop app besides the service.
type Options struct {
	// Version is shown in the window title and the About dialog.
	Version string
	// StartJobs starts the scheduled jobs (SLA watcher, decision closer, weekly report) with a
	// notify func that honours the notification setting; it returns the func that stops them.
	// It may be nil.
	StartJobs func(notify func(title, body string)) (stop func())
	// WriteReport writes the PDF report of a period and projects (all when empty) into a folder
	// and returns the file's path. While it is nil the Reports screen says reports are not
	// available yet.
	WriteReport ReportWriter
	// Ticker drives the minute tick (heartbeat, tray line, notifications). Nil means the real
	// clock; tests pass a clockwork fake. The time itself always comes from the service's clock.
	Ticker clockwork.Clock
	// Hidden starts the app in the tray without showing the window, as the autostart entry
	// asks at login. Without a tray the window shows anyway, or there would be no way to it.
	Hidden bool
	// Shows delivers a value whenever a later launch asks this one to come forward (see
	// desktop.Instance). It may be nil.
	Shows <-chan struct{}
	// Autostart writes or removes the login entry after the Settings screen changed the
	// autostart setting. It may be nil.
	Autostart func(on bool) error
	// OpenDemo opens the seeded demo database and returns it with its report writer, for the
	// first-run setup's "Load demo data". Nil hides that choice.
	OpenDemo func() (*tracker.Service, ReportWriter, error)
	// TeamStatus reads where team mode stands without reaching the server, and TeamSync syncs
	// with it now (team.Engine). With TeamStatus nil the window has no Team tab.
	TeamStatus func() (TeamStatus, error)
	TeamSync   func() error

	demo bool          // the app runs on the demo database: the title says so, and no jobs run
	tick time.Duration // how often tick runs; a minute unless a test asks otherwise
}

// tickEnv names a duration ("2s") that replaces the minute between ticks. The end-to-end tests
// set it to watch the tray across a tick without waiting a minute; nothing else should.
const tickEnv = "SHIPLOG_TEST_TICK"

// ReportWriter writes the PDF report of period p for the given projects into the folder dir,
// under the one report file name (reports.FileName), and returns the file's path.
type ReportWriter = func(p reports.Period, projects []string, dir string) (path string, err error)

// Run opens the desktop app and blocks until it quits. It returns nil on a normal quit, with or
// without a tray. A new database opens the first-run setup first.
func Run(svc *tracker.Service, opts Options) error {
	if svc == nil {
		return errors.New("run desktop app: no service")
	}
	if d, err := time.ParseDuration(os.Getenv(tickEnv)); err == nil && d > 0 {
		opts.tick = d
	}
	a := fyneapp.NewWithID(AppID)
	a.SetIcon(iconResource)
	l := &launcher{app: a, opts: opts}
	if hasTray() {
		// The systray package holds one tray per process, so the launcher owns it. It goes on
		// the bus once the app has started and is idle, to answer the host's first looks quickly.
		tray, stop := newSystrayDriver("Shiplog")
		l.tray, l.stopTray = tray, stop
		a.Lifecycle().SetOnStarted(tray.Start)
	}
	if needsFirstRun(svc) {
		l.firstRun(svc, shipdesktop.DetectTimezone)
	} else {
		l.open(svc, opts)
	}
	stopShows := make(chan struct{})
	go l.forwardShows(opts.Shows, stopShows)
	a.Run()
	close(stopShows)
	l.stop()
	return nil
}

// launcher takes the app from start to the main window: through the first-run setup when the
// database is new, and on to the demo database when the person asks for it.
type launcher struct {
	app      fyne.App
	opts     Options
	tray     trayDriver // nil without a tray host
	stopTray func()
	front    fyne.Window // the window a later launch brings forward
	setup    *firstRunScreen
	ui       *UI
	demo     *tracker.Service // closed when the app quits
}

// firstRun shows the setup; when it is done, the main window replaces it.
func (l *launcher) firstRun(svc *tracker.Service, detectTZ func() string) {
	w := l.app.NewWindow("Welcome to Shiplog")
	w.SetIcon(iconResource)
	s := newFirstRunScreen(w, svc, l.opts, detectTZ, func(run *tracker.Service, demoReports ReportWriter) {
		opts := l.opts
		if run != svc {
			l.demo = run
			opts = demoOptions(opts, demoReports)
		}
		l.open(run, opts)
		w.Close()
	})
	l.setup = s
	w.SetContent(s.build())
	w.Resize(fyne.NewSize(720, 500))
	w.CenterOnScreen()
	l.front = w
	w.Show()
	log.Printf("shiplog: first-run setup shown")
}

// demoOptions runs the app on the demo database: the title says so, reports are written from
// the demo data, and the scheduled jobs stay off, so that no sample report is mailed.
func demoOptions(opts Options, writeReport ReportWriter) Options {
	opts.demo = true
	opts.StartJobs = nil
	opts.TeamStatus, opts.TeamSync = nil, nil
	opts.WriteReport = writeReport
	return opts
}

// open builds and shows the main window on svc, or keeps it in the tray for a hidden start.
func (l *launcher) open(svc *tracker.Service, opts Options) {
	u := newUI(l.app, svc, opts)
	u.trayEnabled = l.tray != nil
	u.trayDriver = l.tray
	u.start()
	l.ui, l.front = u, u.win
	if opts.Hidden && u.tray != nil {
		u.live.shown = false
		log.Printf("shiplog: started hidden in the tray")
		return
	}
	u.win.Show()
	log.Printf("shiplog: window shown")
}

// forwardShows brings the front window forward for each request from a later launch.
func (l *launcher) forwardShows(shows <-chan struct{}, stop <-chan struct{}) {
	if shows == nil {
		return
	}
	for {
		select {
		case <-stop:
			return
		case <-shows:
			fyne.Do(func() {
				l.front.Show()
				l.front.RequestFocus()
			})
		}
	}
}

// stop ends the main window's tick and jobs, takes the tray off the bus and closes the demo
// database.
func (l *launcher) stop() {
	if l.ui != nil {
		l.ui.stop()
	}
	if l.stopTray != nil {
		l.stopTray()
	}
	if l.demo != nil {
		l.demo.Close()
	}
}

var (
	iconResource        = fyne.NewStaticResource("icon.png", assets.Icon)
	iconRunningResource = fyne.NewStaticResource("icon_running.png", assets.IconRunning)
)

// hasTray reports whether a tray can show: a D-Bus session bus answers and a
// StatusNotifierWatcher (the tray host's registry) owns its name. Without either, setting a tray
// menu would only log errors, and hiding the window on close would leave no way back to it.
func hasTray() bool {
	conn, err := dbus.SessionBus()
	if err != nil {
		log.Printf("shiplog: no session bus (%v); running without a tray", err)
		return false
	}
	var owned bool
	err = conn.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, "org.kde.StatusNotifierWatcher").Store(&owned)
	if err != nil || !owned {
		log.Printf("shiplog: no tray host on the session bus; running without a tray")
		return false
	}
	return true
}

// screen is what every tab holds.
type screen interface {
	build() fyne.CanvasObject
	refresh()
}

// UI is the running desktop app: the window, its screens and the tray.
type UI struct {
	app   fyne.App
	win   fyne.Window
	svc   *tracker.Service
	opts  Options
	clock clockwork.Clock

	tabs  *container.AppTabs
	toast *toast

	today        *todayScreen
	deliverables *deliverablesScreen
	requests     *requestsScreen
	decisions    *decisionsScreen
	projects     *projectsScreen
	week         *weekScreen
	reports      *reportsScreen
	settings     *settingsScreen
	team         *teamScreen // nil without team mode
	screens      []screen
	contents     []fyne.CanvasObject // each screen's built content, by tab

	trayEnabled bool
	trayDriver  trayDriver // shows the tray; nil uses the app's desktop.App, as tests do
	tray        *tray
	honest      *honestTime
	gapDialog   *dialog.CustomDialog
	notifier    *notifier
	dialog      dialog.Dialog // the form dialog opened last and its form, for tests
	dialogForm  *form

	live live // the per-second timer and the check for others' changes
	// endDay and checkIn are the rituals' dialogs last opened, for tests.
	endDay   *endDayDialog
	checkIn  *checkInDialog
	composer *updateComposer

	tickEvery  time.Duration
	stopTicker chan struct{}
	stopJobs   func()
}

// newUI builds the window and its screens; start begins the tray, the tick and the jobs.
func newUI(a fyne.App, svc *tracker.Service, opts Options) *UI {
	u := &UI{app: a, svc: svc, opts: opts, clock: opts.Ticker, tickEvery: opts.tick, live: live{shown: true}}
	if u.clock == nil {
		u.clock = clockwork.NewRealClock()
	}
	if u.tickEvery <= 0 {
		u.tickEvery = time.Minute
	}
	title := "Shiplog"
	if opts.Version != "" {
		title = fmt.Sprintf("Shiplog %s", opts.Version)
	}
	if opts.demo {
		title += " — demo data (your own database is untouched)"
	}
	u.win = a.NewWindow(title)
	u.win.SetIcon(iconResource)
	u.notifier = newNotifier(svc, a.SendNotification)
	u.honest = newHonestTime(svc)
	u.toast = newToast(u.clock)

	u.today = newTodayScreen(u)
	u.deliverables = newDeliverablesScreen(u)
	u.requests = newRequestsScreen(u)
	u.decisions = newDecisionsScreen(u)
	u.projects = newProjectsScreen(u)
	u.week = newWeekScreen(u)
	u.reports = newReportsScreen(u)
	u.settings = newSettingsScreen(u)
	// The order is the tabs' order: see the tab constants.
	u.screens = []screen{u.today, u.deliverables, u.requests, u.decisions, u.projects, u.week, u.reports, u.settings}

	names := tabNames
	if opts.TeamStatus != nil {
		u.team = newTeamScreen(u)
		u.screens, names = append(u.screens, u.team), append(names, "Team")
	}
	u.tabs = container.NewAppTabs()
	for i, sc := range u.screens {
		content := sc.build()
		u.contents = append(u.contents, content)
		u.tabs.Append(container.NewTabItem(names[i], content))
	}
	u.tabs.OnSelected = func(*container.TabItem) { u.refresh() }
	u.refreshScreen(0)
	u.win.SetContent(container.NewBorder(nil, u.toast.build(), nil, nil, u.tabs))
	u.win.Resize(fyne.NewSize(960, 680))
	u.addShortcuts()
	return u
}

// start sets up the tray, checks the running block for a gap, and starts the tick and the jobs.
func (u *UI) start() {
	u.setupTray()
	u.win.SetMaster()
	u.checkGap(true)
	u.stopTicker = make(chan struct{})
	go u.tickLoop(u.clock.NewTicker(u.tickEvery), u.stopTicker)
	go u.liveLoop(u.clock.NewTicker(liveEvery), u.stopTicker)
	if u.opts.StartJobs != nil {
		u.stopJobs = u.opts.StartJobs(u.notifier.notify)
	}
}

// setupTray makes the tray when there is a tray host. Without one, the window's close button
// quits the app as usual.
func (u *UI) setupTray() {
	if !u.trayEnabled {
		return
	}
	driver := u.trayDriver
	if driver == nil {
		d, ok := u.app.(desktop.App)
		if !ok {
			return
		}
		driver = d
	}
	u.tray = makeTray(driver, u)
	// Closing the window hides it to the tray; Quit is in the tray menu.
	u.win.SetCloseIntercept(u.hideWindow)
}

// stop ends the tick and the jobs.
func (u *UI) stop() {
	if u.stopTicker != nil {
		close(u.stopTicker)
		u.stopTicker = nil
	}
	if u.stopJobs != nil {
		u.stopJobs()
		u.stopJobs = nil
	}
}

// tickLoop runs tick once a minute. It sleeps on the ticker between ticks, so an idle app does
// no work at all.
func (u *UI) tickLoop(t clockwork.Ticker, stop chan struct{}) { onTicks(t, stop, u.tick) }

// onTicks runs fn on Fyne's goroutine at each tick of t until stop is closed, then stops t.
func onTicks(t clockwork.Ticker, stop chan struct{}, fn func()) {
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.Chan():
			fyne.Do(fn)
		}
	}
}

// tick is the minute's work: the honest-time check and heartbeat, notifications, and the
// time shown in the window and tray.
func (u *UI) tick() {
	u.checkGap(false)
	if b, err := u.svc.Running(); err == nil {
		u.notifier.checkRunning(b, u.svc.Now())
	}
	if u.live.shown {
		u.refreshScreen(u.tabs.SelectedIndex())
	}
	if u.tray != nil {
		u.tray.refresh()
	}
}

// refresh redraws the visible screen and the tray from the service. Hidden screens are redrawn
// when their tab is selected, and the window's screen when it shows, so that start-up and every
// change cost one screen's queries at most.
func (u *UI) refresh() {
	u.live.seen(u.svc)
	if u.live.shown {
		u.refreshScreen(u.tabs.SelectedIndex())
	}
	if u.tray != nil {
		u.tray.refresh()
	}
}

// refreshScreen redraws screen i and lays it out again, since rows come and go.
func (u *UI) refreshScreen(i int) {
	u.screens[i].refresh()
	u.contents[i].Refresh()
}

// config reads the settings, falling back to the defaults so that a read error never blanks a screen.
func (u *UI) config() tracker.Config {
	c, err := u.svc.Config()
	if err != nil {
		u.showError(err)
		return tracker.DefaultConfig()
	}
	return c
}

// showWindow brings the main window up, e.g. from the tray, with its screen as it is now.
func (u *UI) showWindow() {
	if !u.live.shown {
		u.live.shown = true
		u.refreshScreen(u.tabs.SelectedIndex())
	}
	u.win.Show()
	u.win.RequestFocus()
}

// hideWindow hides the window to the tray. The timer and the screens stop redrawing until it
// shows again; the tray keeps following changes.
func (u *UI) hideWindow() {
	u.live.shown = false
	u.win.Hide()
}

// showError shows a failed action's error as the tracker worded it.
func (u *UI) showError(err error) {
	if err == nil {
		return
	}
	u.toast.show("⚠ "+err.Error(), nil)
}

// quit leaves the app.
func (u *UI) quit() { u.app.Quit() }

// startBlock starts a block from the tray or the Today form.
func (u *UI) startBlock(kind tracker.Kind, project, goal string, planned time.Duration) error {
	_, _, err := u.svc.StartBlock(tracker.Block{Kind: kind, Project: project, Goal: goal,
		PlannedSeconds: int64(planned / time.Second)})
	u.refresh()
	return err
}

// newLabel is a wrapping label, for text whose length depends on the data.
func newLabel(text string) *widget.Label {
	l := widget.NewLabel(text)
	l.Wrapping = fyne.TextWrapWord
	return l
}
