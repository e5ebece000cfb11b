package ui

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/reports"
	"shiplog/tracker"
)

// endDayDialog is the end-of-day ritual in the window: what the day held, from the report model of
// the day (reports.EndOfDay), then three optional answers. It is offered, never forced: the tray's
// "End day…", the Today screen's button and, at the end of working hours, a notification lead to it.
type endDayDialog struct {
	u       *UI
	dialog  *dialog.CustomDialog
	summary *widget.Label
	goal    *widget.Entry
	project *widget.SelectEntry
	handoff *widget.Entry
	energy  *widget.RadioGroup
	errText *widget.Label
	save    *widget.Button
}

// energyChoices are the energy radio's options, 1 (drained) to 5 (full of it).
var energyChoices = []string{"1", "2", "3", "4", "5"}

// askEndDay opens the End day dialog for today, filled with today's close if there is one.
func (u *UI) askEndDay() {
	u.showWindow()
	now := u.svc.Now()
	loc := u.config().Location()
	sum, err := reports.EndOfDay(u.svc, reports.DayOf(now, loc), now)
	if err != nil {
		u.showError(err)
		return
	}
	d := &endDayDialog{u: u, summary: newLabel(daySummaryText(sum, loc)), errText: errorLabel()}
	d.goal = widget.NewEntry()
	d.goal.SetPlaceHolder("tomorrow's first block: what it should produce")
	d.project = widget.NewSelectEntry(u.projectNames())
	d.project.SetPlaceHolder("project")
	d.handoff = widget.NewMultiLineEntry()
	d.handoff.SetPlaceHolder("a note for teammates in other time zones (optional)")
	d.handoff.Wrapping = fyne.TextWrapWord
	d.handoff.SetMinRowsVisible(3)
	d.energy = widget.NewRadioGroup(energyChoices, nil)
	d.energy.Horizontal = true
	if c, err := u.svc.DayClose(sum.Day); err == nil {
		d.goal.SetText(c.Tomorrow.Goal)
		d.project.SetText(c.Tomorrow.Project)
		d.handoff.SetText(c.Handoff)
		if c.Energy != nil {
			d.energy.SetSelected(strconv.Itoa(*c.Energy))
		}
	}
	d.save = widget.NewButtonWithIcon("Close the day", theme.ConfirmIcon(), d.onSave)
	d.save.Importance = widget.HighImportance
	for _, e := range []*widget.Entry{d.goal, &d.project.Entry, d.handoff} {
		e.OnChanged = func(string) { d.validate() }
	}
	form := widget.NewForm(
		widget.NewFormItem("Tomorrow", d.goal),
		widget.NewFormItem("Project", d.project),
		widget.NewFormItem("Handoff", d.handoff),
		widget.NewFormItem("Energy", d.energy),
	)
	content := container.NewVBox(
		widget.NewLabelWithStyle("What today held", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		d.summary,
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Three optional answers", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		form,
		d.errText,
	)
	cancel := widget.NewButton("Not now", func() { d.dialog.Hide() })
	d.dialog = dialog.NewCustomWithoutButtons("End day · "+sum.Day.In(loc).Format("Mon 2 Jan"), content, u.win)
	d.dialog.SetButtons([]fyne.CanvasObject{cancel, d.save})
	d.dialog.Resize(fyne.NewSize(560, 0))
	d.validate()
	d.dialog.Show()
	u.endDay = d
}

// daySummaryText writes the day's summary as the dialog shows it; `shiplog day close` prints the
// same figures in the same words.
func daySummaryText(sum *reports.DayEnd, loc *time.Location) string {
	var b strings.Builder
	shipped := "nothing"
	if len(sum.Shipped) > 0 {
		var titles []string
		for _, d := range sum.Shipped {
			titles = append(titles, d.Title+" ("+d.Project+")")
		}
		shipped = strings.Join(titles, ", ")
	}
	fmt.Fprintf(&b, "Shipped: %s\nDeep work: %s", shipped, sum.Deep.GoalText())
	if t := sum.Deep.NotCountedText(); t != "" {
		b.WriteString(" · " + t)
	}
	if len(sum.Open) == 0 {
		b.WriteString("\nRequests open: none")
	} else {
		fmt.Fprintf(&b, "\nRequests open: %d", len(sum.Open))
		for _, q := range sum.Open {
			fmt.Fprintf(&b, "\n  • %s (%s): %s", q.Subject, q.Priority, reports.DueWords(q.Due, sum.WordsAt, loc))
		}
	}
	next := sum.NextWorkday.In(loc).Format("Mon 2 Jan")
	if len(sum.DecisionsClosing) == 0 {
		fmt.Fprintf(&b, "\nDecisions closing by %s: none", next)
	} else {
		fmt.Fprintf(&b, "\nDecisions closing by %s:", next)
		for _, x := range sum.DecisionsClosing {
			fmt.Fprintf(&b, "\n  • %s: %s", x.Title, reports.ClosesWords(x.At, sum.WordsAt, loc))
		}
	}
	return b.String()
}

// input is the close the dialog's fields describe: every answer as shown, so that an emptied field
// clears what an earlier close said.
func (d *endDayDialog) input() tracker.CloseDayInput {
	energy := 0
	if d.energy.Selected != "" {
		energy, _ = strconv.Atoi(d.energy.Selected)
	}
	handoff := d.handoff.Text
	return tracker.CloseDayInput{Tomorrow: &tracker.Plan{Goal: strings.TrimSpace(d.goal.Text), Project: strings.TrimSpace(d.project.Text)},
		Handoff: &handoff, Energy: &energy}
}

// validate checks the answers as the tracker will, and names the field of the first problem.
func (d *endDayDialog) validate() {
	in := d.input()
	c := tracker.DayClose{Day: d.u.svc.Today(), ClosedAt: d.u.svc.Now(), Tomorrow: *in.Tomorrow, Handoff: *in.Handoff}
	err := c.Validate(d.u.svc.Now())
	if err == nil && c.Tomorrow.Project != "" {
		err = d.u.projectValidator(true)(c.Tomorrow.Project)
	}
	if err != nil {
		d.errText.SetText(err.Error())
		d.save.Disable()
		return
	}
	d.errText.SetText("")
	d.save.Enable()
}

func (d *endDayDialog) onSave() {
	u := d.u
	c, err := u.svc.CloseDay(d.input())
	if err != nil {
		d.errText.SetText(err.Error())
		return
	}
	d.dialog.Hide()
	msg := "Day closed."
	if !c.Tomorrow.IsZero() {
		msg += " Tomorrow the tray offers \"Start: " + c.Tomorrow.Goal + "\"."
	}
	u.refresh()
	u.toast.show(msg, nil)
}

// startPlan starts the block that yesterday's close planned, from the tray or the Today screen.
func (u *UI) startPlan() {
	c, ok, err := u.svc.PlanOffered()
	if err != nil || !ok {
		u.showError(err)
		u.refresh()
		return
	}
	b := c.Tomorrow.Block()
	if err := u.startBlock(b.Kind, b.Project, b.Goal, 0); err != nil {
		u.showWindow()
		u.showError(err)
	}
}

// planLabel is the item and button that start the planned block: "Start: Write the tax tests".
func planLabel(goal string) string { return "Start: " + goal }

// ritualBar is the Today screen's row for the rituals: the planned first block, while it is on
// offer, and the End day button.
type ritualBar struct {
	u      *UI
	plan   *widget.Button
	endDay *widget.Button
	box    *fyne.Container
}

func newRitualBar(u *UI) *ritualBar {
	r := &ritualBar{u: u}
	r.plan = widget.NewButtonWithIcon("", theme.MediaPlayIcon(), u.startPlan)
	r.plan.Importance = widget.HighImportance
	r.endDay = widget.NewButtonWithIcon("End day…", theme.LogoutIcon(), u.askEndDay)
	r.box = container.NewHBox(r.plan, r.endDay)
	return r
}

func (r *ritualBar) build() fyne.CanvasObject { return r.box }

// refresh shows the planned block's button while the plan is on offer.
func (r *ritualBar) refresh() {
	c, ok, err := r.u.svc.PlanOffered()
	if err != nil || !ok {
		r.plan.Hide()
		return
	}
	r.plan.SetText(planLabel(c.Tomorrow.Goal) + " · " + c.Tomorrow.Project)
	r.plan.Show()
}
