package ui

import (
	"fmt"
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// checkInDialog is the weekly check-in in the window: satisfaction and balance, each 1 to 5, and a
// private note. The tray's "Weekly check-in…" and the Week screen open it; at the end of the week a
// notification points at it.
type checkInDialog struct {
	u            *UI
	dialog       *dialog.CustomDialog
	satisfaction *widget.RadioGroup
	balance      *widget.RadioGroup
	note         *widget.Entry
	errText      *widget.Label
	save         *widget.Button
	week         string
}

// askCheckIn opens the check-in of this ISO week, filled with it if it was given already.
func (u *UI) askCheckIn() {
	u.showWindow()
	week := tracker.WeekOf(u.svc.Now(), u.config().Location())
	d := &checkInDialog{u: u, week: week, errText: errorLabel()}
	d.save = widget.NewButtonWithIcon("Check in", theme.ConfirmIcon(), d.onSave)
	d.save.Importance = widget.HighImportance
	d.satisfaction = widget.NewRadioGroup(energyChoices, func(string) { d.validate() })
	d.balance = widget.NewRadioGroup(energyChoices, func(string) { d.validate() })
	d.satisfaction.Horizontal, d.balance.Horizontal = true, true
	d.note = widget.NewMultiLineEntry()
	d.note.SetPlaceHolder("a note for yourself (never exported)")
	d.note.Wrapping = fyne.TextWrapWord
	if cs, err := u.svc.CheckIns(week, week); err == nil && len(cs) == 1 {
		d.satisfaction.SetSelected(strconv.Itoa(cs[0].Satisfaction))
		d.balance.SetSelected(strconv.Itoa(cs[0].Balance))
		d.note.SetText(cs[0].Note)
	}
	form := widget.NewForm(
		widget.NewFormItem("Satisfaction", d.satisfaction),
		widget.NewFormItem("Balance", d.balance),
		widget.NewFormItem("Note", d.note),
	)
	form.Items[0].HintText = "with your work this week: 1 low, 5 high"
	form.Items[1].HintText = "of work and the rest of your life: 1 poor, 5 good"
	private := newLabel("Private: your own report shows it; the team report shows only the team's median, " +
		"when at least 3 members answered, and the status update only if you ask.")
	private.Importance = widget.LowImportance
	content := container.NewVBox(form, private, d.errText)
	cancel := widget.NewButton("Not now", func() { d.dialog.Hide() })
	d.dialog = dialog.NewCustomWithoutButtons("Weekly check-in · "+week, content, u.win)
	d.dialog.SetButtons([]fyne.CanvasObject{cancel, d.save})
	d.dialog.Resize(fyne.NewSize(520, 0))
	d.validate()
	d.dialog.Show()
	u.checkIn = d
}

// input reads the two scores; a score not chosen is 0, which the tracker refuses by name.
func (d *checkInDialog) input() tracker.CheckInInput {
	s, _ := strconv.Atoi(d.satisfaction.Selected)
	b, _ := strconv.Atoi(d.balance.Selected)
	note := d.note.Text
	return tracker.CheckInInput{Satisfaction: s, Balance: b, Note: &note}
}

func (d *checkInDialog) validate() {
	in := d.input()
	c := tracker.CheckIn{Satisfaction: in.Satisfaction, Balance: in.Balance, Note: *in.Note, At: d.u.svc.Now()}
	if err := c.Validate(d.u.svc.Now()); err != nil {
		if d.satisfaction.Selected != "" && d.balance.Selected != "" {
			d.errText.SetText(err.Error())
		}
		d.save.Disable()
		return
	}
	d.errText.SetText("")
	d.save.Enable()
}

func (d *checkInDialog) onSave() {
	c, err := d.u.svc.CheckIn(d.input())
	if err != nil {
		d.errText.SetText(err.Error())
		return
	}
	d.dialog.Hide()
	d.u.refresh()
	d.u.toast.show(fmt.Sprintf("Checked in for %s: satisfaction %d, balance %d.", c.Week, c.Satisfaction, c.Balance), nil)
}
