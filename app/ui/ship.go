package ui

import (
	"errors"
	"strconv"
	"strings"

	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// newDeliverableChoice is the Ship it… choice that ships something not planned before.
const newDeliverableChoice = "Something new:"

// askShip stops the running block and records what it shipped. It offers the project's open
// deliverables first, since what ships is most often what was planned, and ships the one picked
// by its ID; a new title ships a new deliverable (or the open one of that title, as the
// service's Ship decides). The block is linked to the deliverable shipped.
func (u *UI) askShip() {
	b, err := u.svc.Running()
	if err != nil {
		u.showError(err)
		return
	}
	open, err := u.svc.Deliverables(tracker.DeliverableFilter{Projects: []string{b.Project},
		Statuses: []tracker.Status{tracker.StatusInProgress, tracker.StatusPlanned}, SkipInvested: true})
	if err != nil {
		u.showError(err)
		return
	}
	var options []string
	byOption := map[string]tracker.Deliverable{}
	for _, d := range open {
		label := d.Title
		if _, dup := byOption[label]; dup || label == newDeliverableChoice {
			label += " (#" + strconv.FormatUint(uint64(d.ID), 10) + ")"
		}
		options = append(options, label)
		byOption[label] = d
	}
	options = append(options, newDeliverableChoice)
	pick := widget.NewRadioGroup(options, nil)
	pick.Required = true
	title := widget.NewEntry()
	title.SetPlaceHolder("what shipped, e.g. Export to CSV")
	link := widget.NewEntry()
	link.SetPlaceHolder("https://… (optional)")
	needGoal := needsGoal(b)
	goal := widget.NewEntry()
	goal.SetPlaceHolder("what this block was for")
	why := newLabel("")
	why.Importance = widget.WarningImportance

	picked := func() (tracker.Deliverable, bool) {
		d, ok := byOption[pick.Selected]
		return d, ok
	}
	f := newForm(func() error {
		now := u.svc.Now()
		d := tracker.Deliverable{Title: title.Text, Status: tracker.StatusShipped, ShippedAt: &now, Link: strings.TrimSpace(link.Text)}
		if p, ok := picked(); ok {
			d.Title = p.Title
		} else if pick.Selected == "" {
			return &tracker.FieldError{Field: "deliverable", Reason: "pick what shipped"}
		}
		blk := b
		blk.End = &now
		if needGoal {
			blk.Goal = strings.TrimSpace(goal.Text)
		}
		return errors.Join(d.Validate(now), blk.Validate(now))
	})
	f.after = func(err error) {
		// The button alone cannot say why it is off; this line does, naming the first problem.
		if err == nil {
			why.SetText("")
			return
		}
		why.SetText("Ship is off until this is fixed: " + flatten(err)[0].Error())
	}
	pickRow, pickChanged := f.other(pick, nil, "deliverable")
	pick.OnChanged = func(string) {
		if _, ok := picked(); ok {
			title.Disable()
		} else {
			title.Enable()
		}
		pickChanged()
	}
	// Typing a title picks "Something new"; the form's check runs after, as f.entry chains it.
	title.OnChanged = func(string) {
		if pick.Selected != newDeliverableChoice && title.Text != "" {
			pick.SetSelected(newDeliverableChoice)
		}
	}
	titleRow := f.entry(title, "title")
	items := []*widget.FormItem{
		widget.NewFormItem("Shipped", pickRow),
		widget.NewFormItem("", titleRow),
		widget.NewFormItem("Link", f.entry(link, "link")),
	}
	if needGoal {
		items = append(items, widget.NewFormItem("Goal", f.entry(goal, "goal")))
	}
	items = append(items, widget.NewFormItem("", why))
	f.load(func() {
		switch {
		case b.DeliverableID != nil && containsID(open, *b.DeliverableID):
			for label, d := range byOption {
				if d.ID == *b.DeliverableID {
					pick.SetSelected(label)
				}
			}
		case len(open) > 0:
			pick.SetSelected(options[0])
		default:
			pick.SetSelected(newDeliverableChoice)
		}
	})
	intro := ""
	if needGoal {
		intro = "Deep work without a goal is not counted: say what this block was for."
	}
	u.formDialog("Ship it · "+b.Project, intro, "Ship", f, items, func() error {
		in := tracker.ShipInput{Link: strings.TrimSpace(link.Text)}
		if d, ok := picked(); ok {
			in.ID = d.ID
		} else {
			in.Title, in.Project = strings.TrimSpace(title.Text), b.Project
		}
		d, err := u.svc.Ship(in)
		if err != nil {
			return err
		}
		stop := tracker.StopInput{Outcome: d.Title, DeliverableID: &d.ID}
		if g := strings.TrimSpace(goal.Text); needGoal && g != "" {
			stop.Goal = g
		}
		_, err = u.svc.StopBlock(stop)
		return err
	})
	if pick.Selected == newDeliverableChoice {
		u.win.Canvas().Focus(title)
	} else {
		u.win.Canvas().Focus(link)
	}
}

func containsID(ds []tracker.Deliverable, id uint) bool {
	for _, d := range ds {
		if d.ID == id {
			return true
		}
	}
	return false
}
