package ui

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// errNoReports is returned while the build has no report writer.
var errNoReports = errors.New("reports are not available yet in this build")

// Report periods offered on the Reports screen.
const (
	periodThisWeek = "This week"
	periodLastWeek = "Last week"
	periodCustom   = "Custom"
)

// reportsScreen picks a period and projects, then writes and opens the PDF.
type reportsScreen struct {
	u *UI

	period   *widget.RadioGroup
	from     *widget.Entry
	to       *widget.Entry
	projects *widget.Entry
	status   *widget.Label
	generate *widget.Button
}

func newReportsScreen(u *UI) *reportsScreen {
	s := &reportsScreen{u: u}
	s.period = widget.NewRadioGroup([]string{periodThisWeek, periodLastWeek, periodCustom}, func(string) { s.onPeriod() })
	s.period.Horizontal = true
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder("from YYYY-MM-DD")
	s.to = widget.NewEntry()
	s.to.SetPlaceHolder("to YYYY-MM-DD (inclusive)")
	s.from.Validator = func(v string) error { _, err := tracker.ParseDate("from", v); return err }
	s.to.Validator = func(v string) error { _, err := tracker.ParseDate("to", v); return err }
	s.projects = widget.NewEntry()
	s.projects.SetPlaceHolder("projects, comma-separated (empty: all)")
	s.status = newLabel("")
	s.generate = widget.NewButtonWithIcon("Generate and open PDF", theme.DocumentIcon(), s.onGenerate)
	s.generate.Importance = widget.HighImportance
	s.period.SetSelected(periodThisWeek)
	return s
}

func (s *reportsScreen) build() fyne.CanvasObject {
	form := widget.NewForm(
		widget.NewFormItem("Period", s.period),
		widget.NewFormItem("From", s.from),
		widget.NewFormItem("To", s.to),
		widget.NewFormItem("Projects", s.projects),
	)
	return container.NewVScroll(container.NewVBox(
		widget.NewCard("Report", "A two-minute PDF of what shipped", container.NewVBox(form, s.generate, s.status)),
	))
}

// onPeriod fills the dates for a preset period.
func (s *reportsScreen) onPeriod() {
	if s.u.svc == nil || s.period.Selected == periodCustom {
		return
	}
	from, to := weekBounds(s.u.svc.Now(), s.u.config().Location())
	if s.period.Selected == periodLastWeek {
		from, to = from.AddDate(0, 0, -7), from
	}
	s.from.SetText(from.Format(time.DateOnly))
	s.to.SetText(to.AddDate(0, 0, -1).Format(time.DateOnly))
}

func (s *reportsScreen) refresh() {
	if s.u.opts.WriteReport == nil {
		s.status.SetText("Reports are not available yet: this build of Shiplog has no PDF writer.")
		s.status.Importance = widget.WarningImportance
		s.status.Refresh()
		s.generate.Disable()
		return
	}
	s.generate.Enable()
}

func (s *reportsScreen) onGenerate() {
	loc := s.u.config().Location()
	fromD, err := tracker.ParseDate("from", s.from.Text)
	if err != nil {
		s.status.SetText(err.Error())
		return
	}
	toD, err := tracker.ParseDate("to", s.to.Text)
	if err != nil {
		s.status.SetText(err.Error())
		return
	}
	var projects []string
	for _, p := range strings.Split(s.projects.Text, ",") {
		if p = strings.TrimSpace(p); p != "" {
			projects = append(projects, p)
		}
	}
	if err := s.write(fromD.In(loc), toD.In(loc).AddDate(0, 0, 1), projects); err != nil {
		s.status.SetText(err.Error())
	}
}

// write writes the report for [from, to) into the report folder, says so, and opens it.
func (s *reportsScreen) write(from, to time.Time, projects []string) error {
	u := s.u
	if u.opts.WriteReport == nil {
		return errNoReports
	}
	cfg := u.config()
	if err := os.MkdirAll(cfg.ReportDir, 0o700); err != nil {
		return fmt.Errorf("create report folder: %w", err)
	}
	name := fmt.Sprintf("shiplog-%s-to-%s.pdf", from.Format(time.DateOnly), to.AddDate(0, 0, -1).Format(time.DateOnly))
	path := filepath.Join(cfg.ReportDir, name)
	if err := u.opts.WriteReport(from, to, projects, path); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	s.status.SetText("Written to " + path)
	u.notifier.notify("Report written", path)
	// Opening is a convenience: the file is written either way, so a missing viewer is no error.
	_ = u.app.OpenURL(&url.URL{Scheme: "file", Path: path})
	return nil
}
