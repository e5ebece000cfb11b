package ui

import (
	"errors"
	"net/url"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/reports"
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

// onPeriod fills the dates of a preset week and locks them; Custom lets them be typed.
func (s *reportsScreen) onPeriod() {
	if s.u.svc == nil {
		return
	}
	if s.period.Selected == periodCustom {
		s.from.Enable()
		s.to.Enable()
		return
	}
	p := s.presetWeek()
	s.from.SetText(p.From.Format(time.DateOnly))
	s.to.SetText(p.To.AddDate(0, 0, -1).Format(time.DateOnly))
	s.from.Disable()
	s.to.Disable()
}

// presetWeek is the ISO week that the selected preset names: this week or the one before.
func (s *reportsScreen) presetWeek() reports.Period {
	p := reports.WeekOf(s.u.svc.Now(), s.u.config().Location())
	if s.period.Selected == periodLastWeek {
		p = p.Previous()
	}
	return p
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
	p := s.presetWeek()
	if s.period.Selected == periodCustom {
		var err error
		if p, err = reports.ParseRange(s.from.Text, s.to.Text, s.u.config().Location()); err != nil {
			s.status.SetText(err.Error())
			return
		}
	}
	var projects []string
	for _, name := range strings.Split(s.projects.Text, ",") {
		if name = strings.TrimSpace(name); name != "" {
			projects = append(projects, name)
		}
	}
	if err := s.write(p, projects); err != nil {
		s.status.SetText(err.Error())
	}
}

// writeThisWeek writes this week's report for every project, for the tray.
func (s *reportsScreen) writeThisWeek() error {
	return s.write(reports.WeekOf(s.u.svc.Now(), s.u.config().Location()), nil)
}

// write writes the report of p into the report folder, says so, and opens it.
func (s *reportsScreen) write(p reports.Period, projects []string) error {
	u := s.u
	if u.opts.WriteReport == nil {
		return errNoReports
	}
	path, err := u.opts.WriteReport(p, projects, u.config().ReportDir)
	if err != nil {
		return err
	}
	s.status.SetText("Written to " + path)
	u.notifier.notify("Report written", path)
	// Opening is a convenience: the file is written either way, so a missing viewer is no error.
	_ = u.app.OpenURL(&url.URL{Scheme: "file", Path: path})
	return nil
}
