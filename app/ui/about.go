package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"
)

// showAbout shows the version (the one FyneApp.toml sets for the build), the app ID and which
// database the window runs on.
func (u *UI) showAbout() {
	icon := canvas.NewImageFromResource(iconResource)
	icon.FillMode = canvas.ImageFillContain
	icon.SetMinSize(fyne.NewSize(64, 64))
	version := u.opts.Version
	if version == "" {
		version = "dev"
	}
	name := widget.NewLabelWithStyle("Shiplog "+version, fyne.TextAlignCenter, fyne.TextStyle{Bold: true})
	db := newLabel("Database: " + u.svc.Path())
	if u.opts.demo {
		db.SetText("Demo database: " + u.svc.Path())
	}
	content := container.NewVBox(
		container.NewCenter(icon),
		name,
		widget.NewLabelWithStyle("Records output, not hours.", fyne.TextAlignCenter, fyne.TextStyle{}),
		db,
		newLabel("App ID: "+AppID),
		widget.NewSeparator(),
		widget.NewLabelWithStyle("Keyboard shortcuts", fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		shortcutList(),
	)
	d := dialog.NewCustom("About Shiplog", "Close", content, u.win)
	d.Resize(fyne.NewSize(560, 0))
	d.Show()
}
