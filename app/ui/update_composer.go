package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/reports"
)

// updateComposer drafts the written status update of a week, as `shiplog update draft` does
// (reports.DraftUpdateWith), for the person to edit and copy. The check-in is left out unless the
// person ticks it in, since it is private.
type updateComposer struct {
	u       *UI
	week    reports.Period
	text    *widget.Entry
	checkIn *widget.Check
	dialog  *dialog.CustomDialog
}

// askUpdateDraft opens the composer on the week p; a zero p means this week.
func (u *UI) askUpdateDraft(p reports.Period) {
	if p.From.IsZero() {
		p = reports.WeekOf(u.svc.Now(), u.config().Location())
	}
	c := &updateComposer{u: u, week: p}
	c.text = widget.NewMultiLineEntry()
	c.text.Wrapping = fyne.TextWrapWord
	c.text.SetMinRowsVisible(18)
	c.checkIn = widget.NewCheck("Include my check-in (private: satisfaction and balance)", func(bool) { c.draft() })
	if !c.draft() {
		return
	}
	copyButton := widget.NewButtonWithIcon("Copy", theme.ContentCopyIcon(), func() {
		u.app.Clipboard().SetContent(c.text.Text)
		u.toast.show("The update is on the clipboard.", nil)
	})
	copyButton.Importance = widget.HighImportance
	closeButton := widget.NewButton("Close", func() { c.dialog.Hide() })
	c.dialog = dialog.NewCustomWithoutButtons("Status update · "+p.Label, container.NewBorder(c.checkIn, nil, nil, nil, c.text), u.win)
	c.dialog.SetButtons([]fyne.CanvasObject{closeButton, copyButton})
	c.dialog.Resize(fyne.NewSize(760, 560))
	c.dialog.Show()
	u.composer = c
}

// draft writes the update into the editor; it reports whether it could.
func (c *updateComposer) draft() bool {
	md, err := reports.DraftUpdateWith(c.u.svc, c.week, reports.UpdateOptions{CheckIn: c.checkIn.Checked})
	if err != nil {
		c.u.showError(err)
		return false
	}
	c.text.SetText(md)
	return true
}
