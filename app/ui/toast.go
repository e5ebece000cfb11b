package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
	"github.com/jonboulle/clockwork"
)

// toastFor is how long a toast stays up.
const toastFor = 10 * time.Second

// toast is a bar at the bottom of the window with a message and an optional Undo.
type toast struct {
	clock   clockwork.Clock
	message *widget.Label
	undo    *widget.Button
	box     *fyne.Container
	onUndo  func()
	timer   clockwork.Timer
	// hidden, when set, is called after the toast goes away; tests wait on it.
	hidden func()
}

func newToast(clock clockwork.Clock) *toast {
	t := &toast{clock: clock, message: newLabel("")}
	t.undo = widget.NewButton("Undo", t.onUndoTapped)
	return t
}

func (t *toast) build() fyne.CanvasObject {
	t.box = container.NewBorder(nil, nil, nil, container.NewHBox(t.undo, widget.NewButton("✕", t.hide)), t.message)
	t.box.Hide()
	return t.box
}

// show puts up a message; with undo set, the bar offers Undo until it goes away.
func (t *toast) show(msg string, undo func()) {
	t.message.SetText(msg)
	t.onUndo = undo
	if undo == nil {
		t.undo.Hide()
	} else {
		t.undo.Show()
	}
	t.box.Show()
	if t.timer != nil {
		t.timer.Stop()
	}
	t.timer = t.clock.AfterFunc(toastFor, func() { fyne.Do(t.hide) })
}

func (t *toast) onUndoTapped() {
	undo := t.onUndo
	t.hide()
	if undo != nil {
		undo()
	}
}

func (t *toast) hide() {
	t.onUndo = nil
	t.box.Hide()
	if t.hidden != nil {
		t.hidden()
	}
}
