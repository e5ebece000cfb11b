package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
)

// newTestFirstRun opens the setup on the test driver as Run does for a new database, with the
// time zone detected as Europe/Berlin.
func newTestFirstRun(t *testing.T, svc *tracker.Service, clk clockwork.Clock, opts Options) (*launcher, *firstRunScreen) {
	t.Helper()
	if !needsFirstRun(svc) {
		t.Fatal("a new database does not ask for the first-run setup")
	}
	opts.Ticker = clk
	l := &launcher{app: test.NewTempApp(t), opts: opts}
	t.Cleanup(l.stop)
	l.firstRun(svc, func() string { return "Europe/Berlin" })
	return l, l.setup
}

func setting(t *testing.T, svc *tracker.Service, key string) string {
	t.Helper()
	v, err := svc.Setting(key)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// retype replaces an entry's text the way a person does: clear it, then type.
func retype(e interface {
	SetText(string)
	fyne.Focusable
}, text string) {
	e.SetText("")
	test.Type(e, text)
}

func TestFirstRun(t *testing.T) {
	t.Run("answering every step stores the answers, marks the setup done and opens the main window", func(t *testing.T) {
		svc, clk := mustOpen(t)
		l, s := newTestFirstRun(t, svc, clk, Options{})
		w := l.front
		wantText(t, w, "Welcome to Shiplog")
		test.Tap(button(t, w, "Set up Shiplog"))

		if s.timezone.Text != "Europe/Berlin" {
			t.Errorf("time zone pre-filled with %q; want the detected Europe/Berlin", s.timezone.Text)
		}
		test.Tap(button(t, w, "Next"))

		s.workdays.SetSelected([]string{"Mon", "Tue", "Wed", "Thu"})
		retype(s.workStart, "08:30")
		retype(s.workEnd, "16:00")
		test.Tap(button(t, w, "Next"))

		test.Type(s.projects, "Client website")
		s.projects.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
		test.Type(s.projects, "Internal tools")
		test.Tap(button(t, w, "Next"))

		retype(s.goal, "20")
		test.Tap(button(t, w, "Next"))

		dir := filepath.Join(t.TempDir(), "Reports")
		retype(s.reportDir, dir)
		test.Tap(button(t, w, "Finish"))

		for key, want := range map[string]string{
			"timezone": "Europe/Berlin", "workdays": "mon,tue,wed,thu", "workhours": "08:30-16:00",
			"goal.deep": "20", "report.dir": dir, "firstrun.done": "true",
		} {
			if got := setting(t, svc, key); got != want {
				t.Errorf("%s = %q; want %q", key, got, want)
			}
		}
		ps, _ := svc.Projects(false)
		if len(ps) != 2 || ps[0].Name != "Client website" && ps[1].Name != "Client website" {
			t.Errorf("projects %v; want Client website and Internal tools", ps)
		}
		if l.ui == nil || l.front != l.ui.win {
			t.Fatal("the main window did not replace the setup")
		}
		if needsFirstRun(svc) {
			t.Error("the setup would show again at the next start")
		}
	})
	t.Run("skipping every step keeps the defaults", func(t *testing.T) {
		svc, clk := mustOpen(t)
		l, _ := newTestFirstRun(t, svc, clk, Options{})
		w := l.front
		test.Tap(button(t, w, "Set up Shiplog"))
		for i := 0; i < 5; i++ {
			test.Tap(button(t, w, "Skip"))
		}
		if got := setting(t, svc, "timezone"); got != "UTC" {
			t.Errorf("timezone = %q after skipping; want it unchanged", got)
		}
		if got := setting(t, svc, "goal.deep"); got != "15" {
			t.Errorf("goal.deep = %q after skipping; want the default 15", got)
		}
		if ps, _ := svc.Projects(true); len(ps) != 0 {
			t.Errorf("skipping added projects %v", ps)
		}
		if got := setting(t, svc, "firstrun.done"); got != "true" {
			t.Errorf("firstrun.done = %q; want true", got)
		}
		if l.ui == nil {
			t.Error("no main window after the last skip")
		}
	})
	t.Run("an unknown time zone keeps the page open and says why", func(t *testing.T) {
		svc, clk := mustOpen(t)
		l, s := newTestFirstRun(t, svc, clk, Options{})
		test.Tap(button(t, l.front, "Set up Shiplog"))
		retype(s.timezone, "Mars/Olympus")
		test.Tap(button(t, l.front, "Next"))
		if s.step != 1 || !strings.Contains(s.status.Text, "unknown time zone") {
			t.Errorf("step %d, status %q; want step 1 and the reason", s.step, s.status.Text)
		}
	})
	t.Run("demo data runs the app on the demo database, says so in the title and leaves the real one new", func(t *testing.T) {
		svc, clk := mustOpen(t)
		demo := mustOpenAt(t, filepath.Join(t.TempDir(), "demo.db"), clk)
		mustProject(t, demo, "Sample project")
		opened := 0
		l, _ := newTestFirstRun(t, svc, clk, Options{Version: "1.2.3", OpenDemo: func() (*tracker.Service, ReportWriter, error) {
			opened++
			return demo, nil, nil
		}})
		test.Tap(button(t, l.front, "Load demo data"))
		if opened != 1 || l.ui == nil || l.ui.svc != demo {
			t.Fatalf("opened %d times; the main window runs on the demo database: %v", opened, l.ui != nil && l.ui.svc == demo)
		}
		if title := l.ui.win.Title(); !strings.Contains(title, "Shiplog 1.2.3") || !strings.Contains(title, "demo data") {
			t.Errorf("title %q does not say it shows demo data", title)
		}
		if l.ui.opts.StartJobs != nil {
			t.Error("scheduled jobs would run on the demo data")
		}
		if !needsFirstRun(svc) {
			t.Error("the real database no longer asks for the setup")
		}
		l.demo = nil // mustOpenAt closes it
	})
	t.Run("a database with projects opens the main window directly", func(t *testing.T) {
		svc, _ := mustOpen(t)
		mustProject(t, svc, "Existing")
		if needsFirstRun(svc) {
			t.Error("a database with a project asks for the first-run setup")
		}
	})
}

func TestSettingsAutostartAndAbout(t *testing.T) {
	svc, clk := mustOpen(t)
	var calls []bool
	u, _ := newTestUI(t, svc, clk, Options{Version: "1.2.3", Autostart: func(on bool) error {
		calls = append(calls, on)
		return nil
	}})
	u.tabs.SelectIndex(tabSettings)

	t.Run("ticking start at login stores the setting and writes the login entry", func(t *testing.T) {
		test.Tap(u.settings.field(tracker.SettingAutostart).box)
		tapButton(t, u, "Save settings")
		if len(calls) != 1 || !calls[0] {
			t.Errorf("autostart calls %v; want [true]", calls)
		}
		if got := setting(t, svc, "autostart"); got != "true" {
			t.Errorf("autostart = %q", got)
		}
	})
	t.Run("the About dialog shows the build's version", func(t *testing.T) {
		tapButton(t, u, "About Shiplog")
		wantText(t, u.win, "Shiplog 1.2.3")
	})
}
