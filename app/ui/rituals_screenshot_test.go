//go:build screenshots

package ui

import (
	"image/png"
	"os"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
)

// TestScreenshotRituals draws the End day dialog, the check-in dialog, the Today screen the next
// morning with the planned block's button, and the Week screen's measures, from the demo data:
//
//	SHIPLOG_SHOTS=/tmp/shots go test -tags screenshots -run TestScreenshotRituals ./app/ui/
func TestScreenshotRituals(t *testing.T) {
	dir := os.Getenv("SHIPLOG_SHOTS")
	if dir == "" {
		t.Skip("set SHIPLOG_SHOTS=DIR")
	}
	svc, clk, berlin := demoInBerlin(t, dir+"/rituals.db", 17, 30)
	a := test.NewTempApp(t)
	a.Settings().SetTheme(theme.DefaultTheme())
	u := newUI(&fakeDesktop{App: a}, svc, Options{Ticker: clk})
	u.win.Resize(fyne.NewSize(1040, 760))
	shot := func(name string) {
		t.Helper()
		f, err := os.Create(dir + "/" + name + ".png")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := png.Encode(f, u.win.Canvas().Capture()); err != nil {
			t.Fatal(err)
		}
	}
	u.askEndDay()
	u.endDay.goal.SetText("Write the tax-rule tests")
	u.endDay.project.SetText("Billing API")
	u.endDay.energy.SetSelected("4")
	shot("endday")
	test.Tap(u.endDay.save)
	u.askCheckIn()
	shot("checkin")
	u.checkIn.dialog.Hide()
	clk.Advance(time.Date(2026, 11, 30, 8, 30, 0, 0, berlin).Sub(clk.Now()))
	u.refresh()
	shot("today-plan")
	u.tabs.SelectIndex(tabWeek)
	u.week.onPrevious()
	u.contents[4].(*container.Scroll).ScrollToBottom()
	shot("week-measures")
}
