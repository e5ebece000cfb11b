package ui

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// testNow is a Wednesday afternoon, inside the default working hours.
var testNow = time.Date(2026, 11, 25, 14, 0, 0, 0, time.UTC)

// mustOpen opens a fresh database with a fake clock at testNow and the UTC time zone.
func mustOpen(t *testing.T) (*tracker.Service, *clockwork.FakeClock) {
	t.Helper()
	clk := clockwork.NewFakeClockAt(testNow)
	return mustOpenAt(t, filepath.Join(t.TempDir(), "shiplog.db"), clk), clk
}

func mustOpenAt(t *testing.T, path string, clk clockwork.Clock) *tracker.Service {
	t.Helper()
	// Secrets go to a folder of the test's own, never the real $XDG_CONFIG_HOME.
	svc, err := sqlite.OpenService(path, tracker.WithClock(clk), tracker.WithSecrets(tracker.FileSecrets{Dir: t.TempDir()}))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	t.Cleanup(func() { svc.Close() })
	if err := svc.SetSetting("timezone", "UTC"); err != nil {
		t.Fatal(err)
	}
	return svc
}

func mustProject(t *testing.T, svc *tracker.Service, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := svc.AddProject(tracker.Project{Name: n}); err != nil {
			t.Fatal(err)
		}
	}
}

// fakeDesktop is the Fyne test app with a tray: it records the tray menu and icon and the
// notifications sent.
type fakeDesktop struct {
	fyne.App
	menu          *fyne.Menu
	icon          fyne.Resource
	menuSets      int
	notifications []*fyne.Notification
}

func (f *fakeDesktop) SetSystemTrayMenu(m *fyne.Menu)    { f.menu = m; f.menuSets++ }
func (f *fakeDesktop) SetSystemTrayIcon(r fyne.Resource) { f.icon = r }
func (f *fakeDesktop) SetSystemTrayWindow(fyne.Window)   {}
func (f *fakeDesktop) SendNotification(n *fyne.Notification) {
	f.notifications = append(f.notifications, n)
}

// newTestUI builds the app on the test driver with a fake tray, without the minute loop: tests
// call tick themselves after moving the clock.
func newTestUI(t *testing.T, svc *tracker.Service, clk clockwork.Clock, opts Options) (*UI, *fakeDesktop) {
	t.Helper()
	fake := &fakeDesktop{App: test.NewTempApp(t)}
	opts.Ticker = clk
	u := newUI(fake, svc, opts)
	u.trayEnabled = true
	u.setupTray()
	u.checkGap(true)
	u.win.Resize(fyne.NewSize(960, 720))
	return u, fake
}

// item finds a menu item by its path of labels, e.g. "Start", "Deep work", "Shiplog API".
func item(t *testing.T, m *fyne.Menu, path ...string) *fyne.MenuItem {
	t.Helper()
	for i, label := range path {
		var found *fyne.MenuItem
		for _, it := range m.Items {
			if it.Label == label {
				found = it
			}
		}
		if found == nil {
			t.Fatalf("menu item %q not found in %v", label, labels(m))
		}
		if i == len(path)-1 {
			return found
		}
		m = found.ChildMenu
		if m == nil {
			t.Fatalf("menu item %q has no submenu", label)
		}
	}
	return nil
}

func labels(m *fyne.Menu) []string {
	var out []string
	for _, it := range m.Items {
		out = append(out, it.Label)
	}
	return out
}

// all returns every laid-out object in the window's overlays (dialogs, topmost first) and
// then under its content.
func all(w fyne.Window) []fyne.CanvasObject {
	var objs []fyne.CanvasObject
	overlays := w.Canvas().Overlays().List()
	for i := len(overlays) - 1; i >= 0; i-- {
		objs = append(objs, test.LaidOutObjects(overlays[i])...)
	}
	return append(objs, test.LaidOutObjects(w.Canvas().Content())...)
}

// button finds a visible button whose text is label.
func button(t *testing.T, w fyne.Window, label string) *widget.Button {
	t.Helper()
	for _, o := range all(w) {
		if b, ok := o.(*widget.Button); ok && b.Text == label && b.Visible() {
			return b
		}
	}
	t.Fatalf("no button %q", label)
	return nil
}

// hasText reports whether any visible label, rich text or hyperlink in the window contains s.
func hasText(w fyne.Window, s string) bool {
	for _, o := range all(w) {
		if !o.Visible() {
			continue
		}
		switch v := o.(type) {
		case *widget.Label:
			if strings.Contains(v.Text, s) {
				return true
			}
		case *widget.Hyperlink:
			if strings.Contains(v.Text, s) {
				return true
			}
		}
	}
	return false
}

func wantText(t *testing.T, w fyne.Window, s string) {
	t.Helper()
	if !hasText(w, s) {
		t.Errorf("window shows no text containing %q", s)
	}
}

// dialogEntries lists the entries of the topmost dialog, in order.
func dialogEntries(t *testing.T, w fyne.Window) []*widget.Entry {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	var out []*widget.Entry
	for _, o := range test.LaidOutObjects(top) {
		if e, ok := o.(*widget.Entry); ok {
			out = append(out, e)
		}
		if e, ok := o.(*widget.SelectEntry); ok {
			out = append(out, &e.Entry)
		}
	}
	return out
}

// assertGolden compares the window's markup with testdata/name; -update rewrites it.
func assertGolden(t *testing.T, name string, w fyne.Window) {
	t.Helper()
	got := test.RenderToMarkup(w.Canvas())
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("read golden file (run with -update to create it): %v", err)
	}
	if got != string(want) {
		failed := filepath.Join("testdata", "failed", name)
		_ = os.MkdirAll(filepath.Dir(failed), 0o755)
		_ = os.WriteFile(failed, []byte(got), 0o644)
		t.Errorf("%s differs from its golden file; got written to %s (run with -update if the change is right)", name, failed)
	}
}

// tapButton taps the button labelled label in the window or its dialogs.
func tapButton(t *testing.T, u *UI, label string) {
	t.Helper()
	test.Tap(button(t, u.win, label))
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// formEntry finds the entry of the topmost dialog's form item labelled label.
func formEntry(t *testing.T, w fyne.Window, label string) *widget.Entry {
	t.Helper()
	top := w.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog is open")
	}
	for _, o := range test.LaidOutObjects(top) {
		f, ok := o.(*widget.Form)
		if !ok {
			continue
		}
		for _, it := range f.Items {
			if it.Text == label {
				if e := entryIn(it.Widget); e != nil {
					return e
				}
				t.Fatalf("form item %q holds no entry", label)
			}
		}
	}
	t.Fatalf("no form item %q in the dialog", label)
	return nil
}

// entryIn is the first entry in o, looking into containers.
func entryIn(o fyne.CanvasObject) *widget.Entry {
	switch v := o.(type) {
	case *widget.Entry:
		return v
	case *widget.SelectEntry:
		return &v.Entry
	case *fyne.Container:
		for _, c := range v.Objects {
			if e := entryIn(c); e != nil {
				return e
			}
		}
	}
	return nil
}

// shownErrors maps each field name of f (its first name) to the error it shows; fields that
// show none are left out. The form's own line is under "".
func shownErrors(f *form) map[string]string {
	out := map[string]string{}
	for _, ff := range f.fields {
		if ff.err.Visible() && ff.err.Text != "" {
			out[ff.names[0]] = ff.err.Text
		}
	}
	if f.general.Visible() && f.general.Text != "" {
		out[""] = f.general.Text
	}
	return out
}
