// Command hello is a bare Fyne window, the baseline for Shiplog's start-up and idle figures.
package main

import (
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/widget"
)

func main() {
	a := app.NewWithID("dev.shiplog.Hello")
	w := a.NewWindow("Hello")
	w.SetContent(widget.NewLabel("Hello, Fyne"))
	w.Resize(fyne.NewSize(960, 680))
	w.Show()
	log.Print("hello: window shown")
	a.Run()
}
