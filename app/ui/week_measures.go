package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/reports"
)

// weekMeasures shows, under the Week screen's KPIs, the measures of async work beyond them and the
// rituals, each in the report model's words (the Text methods the PDF and the JSON use too):
// delivery on time, meetings against the baseline and where they were held, context switches,
// decisions written down, and energy, satisfaction and balance, which are the person's own.
type weekMeasures struct {
	u *UI

	delivery, late, overdue   *widget.Label
	meetings, trend, place    *widget.Label
	switches, documentation   *widget.Label
	energy, checkIn, checkIns *widget.Label
	checkInButton             *widget.Button
	draftButton               *widget.Button

	week reports.Period // the week shown, for the update composer
}

func newWeekMeasures(u *UI) *weekMeasures {
	m := &weekMeasures{u: u}
	for _, l := range []**widget.Label{&m.delivery, &m.late, &m.overdue, &m.meetings, &m.trend, &m.place, &m.switches,
		&m.documentation, &m.energy, &m.checkIn, &m.checkIns} {
		*l = newLabel("")
	}
	m.checkInButton = widget.NewButtonWithIcon("Weekly check-in…", theme.AccountIcon(), u.askCheckIn)
	m.draftButton = widget.NewButtonWithIcon("Draft the status update…", theme.DocumentCreateIcon(), func() { u.askUpdateDraft(m.week) })
	return m
}

func (m *weekMeasures) build() fyne.CanvasObject {
	row := func(name string, values ...fyne.CanvasObject) *widget.FormItem {
		return widget.NewFormItem(name, container.NewVBox(values...))
	}
	work := widget.NewForm(
		row("Delivery on time", m.delivery, m.late, m.overdue),
		row("Meetings per week", m.meetings, m.trend),
		row("Where meetings were held", m.place),
		row("Context switches", m.switches),
		row("Decisions written down", m.documentation),
	)
	own := widget.NewForm(
		row("Energy", m.energy),
		row("Check-in", m.checkIn, m.checkIns),
	)
	return container.NewVBox(
		widget.NewCard("Measures of async work", "as the report defines them", container.NewVBox(work, container.NewHBox(m.draftButton))),
		widget.NewCard("Energy, satisfaction and balance", "yours alone: the team report shows only the team's median check-in",
			container.NewVBox(own, container.NewHBox(m.checkInButton))),
	)
}

// show puts the report's figures on the screen.
func (m *weekMeasures) show(r *reports.Report) {
	m.week = r.Period
	m.delivery.SetText(r.Delivery.Text())
	m.late.SetText(r.Delivery.LateText())
	m.overdue.SetText(r.Delivery.OverdueText())
	m.overdue.Importance = widget.MediumImportance
	if len(r.Delivery.Overdue) > 0 {
		m.overdue.Importance = widget.DangerImportance
	}
	m.overdue.Refresh()
	m.meetings.SetText(r.Meetings.Text())
	m.trend.SetText(r.Meetings.TrendText())
	m.place.SetText(r.Meetings.Place.Text())
	m.switches.SetText(r.Switches.Text())
	m.documentation.SetText(r.Documentation.Text())
	m.energy.SetText(r.Rituals.EnergyText())
	m.checkIn.SetText(r.Rituals.CheckInText())
	m.checkIns.SetText(r.Rituals.TrendText())
}
