package ui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// settingGroups are the Settings screen's sections: every setting that `shiplog config list`
// shows, under a label that says its unit. The tracker's keys, help and checks stay in
// tracker/settings.go; this is only where each one shows.
var settingGroups = []struct {
	title    string
	settings []settingSpec
}{
	{"Working time", []settingSpec{
		{key: tracker.SettingTimezone, label: "Time zone (IANA name, e.g. Europe/Berlin)"},
		{key: tracker.SettingWorkdays, label: "Working days (e.g. mon-fri)"},
		{key: tracker.SettingWorkhours, label: "Working hours (HH:MM-HH:MM)"},
		{key: tracker.SettingCorehours, label: "Core hours (HH:MM-HH:MM, empty for none)"},
		{key: tracker.SettingSyncdays, label: "Sync days for meetings (e.g. tue,thu; empty for none)"},
		{key: tracker.SettingHolidays, label: "Holidays (dates YYYY-MM-DD, comma-separated)"},
	}},
	{"Deep work and timer", []settingSpec{
		{key: tracker.SettingGoalDeep, label: "Weekly deep-work goal (hours, e.g. 15)"},
		{key: tracker.SettingDeepMin, label: "Shortest deep-work block that counts (e.g. 60m)"},
		{key: tracker.SettingForgotten, label: "Flag a timer as forgotten after (e.g. 4h)"},
		{key: tracker.SettingIdleGap, label: "Ask about time away longer than (e.g. 5m)"},
	}},
	{"Requests and decisions", []settingSpec{
		{key: tracker.SettingSLAUrgent, label: "Urgent response target (business hours, e.g. 2h)"},
		{key: tracker.SettingSLAImportant, label: "Important response target (business hours, e.g. 24h)"},
		{key: tracker.SettingSLANormal, label: "Normal response target (business hours, e.g. 48h)"},
		{key: tracker.SettingDecisionWindow, label: "Decision window (business hours, e.g. 72h)"},
	}},
	{"Reports", []settingSpec{
		{key: tracker.SettingReportAuthor, label: "Author (your name on reports)"},
		{key: tracker.SettingReportTitle, label: "Title (e.g. Weekly results)"},
		{key: tracker.SettingReportSchedule, label: "Weekly report (day and time, e.g. fri 16:00, or off)"},
		{key: tracker.SettingReportDir, label: "Report folder (absolute path; empty for ~/Documents/Shiplog)"},
		{key: tracker.SettingReportTo, label: "Mail reports to (addresses, comma-separated)"},
	}},
	{"Mail", []settingSpec{
		{key: tracker.SettingSMTPHost, label: "SMTP server (host name)"},
		{key: tracker.SettingSMTPPort, label: "SMTP port (1-65535, e.g. 587)"},
		{key: tracker.SettingSMTPTLS, label: "Encryption", choices: tracker.SMTPTLSModes},
		{key: tracker.SettingSMTPUser, label: "SMTP user name"},
		{key: tracker.SettingSMTPPassword, label: "SMTP password (kept in a private file, never in the database)", secret: true},
		{key: tracker.SettingSMTPPasswordFile, label: "Or read the password from a file (absolute path, readable by you only)"},
		{key: tracker.SettingSMTPFrom, label: "Sender address (e.g. me@example.com)"},
	}},
	{"Desktop", []settingSpec{
		{key: tracker.SettingNotify, label: "Desktop notifications", check: true},
		{key: tracker.SettingAutostart, label: "Start Shiplog at login, in the tray", check: true},
	}},
}

// internalSettings are keys the CLI lists that are the app's own bookkeeping, not preferences.
var internalSettings = map[string]bool{tracker.SettingFirstRunDone: true, tracker.SettingDemo: true}

// settingSpec is how one setting shows: a text entry, a password entry, a choice or a check.
type settingSpec struct {
	key, label string
	choices    []string
	secret     bool
	check      bool
}

// settingField is one setting on the screen with the text it had when last loaded.
type settingField struct {
	settingSpec
	entry  *widget.Entry
	choice *widget.Select
	box    *widget.Check
	loaded string
	// wasLoaded is set once the stored value was put in the field.
	wasLoaded bool
}

// value is the field's text as it would be stored.
func (f *settingField) value() string {
	switch {
	case f.box != nil:
		return strconv.FormatBool(f.box.Checked)
	case f.choice != nil:
		return f.choice.Selected
	}
	return strings.TrimSpace(f.entry.Text)
}

// changed reports whether the field differs from the stored value. An empty password field
// keeps the stored password, which the screen never shows.
func (f *settingField) changed() bool {
	if f.secret {
		return f.entry.Text != ""
	}
	return f.value() != f.loaded
}

// settingsScreen edits every setting, grouped; each field checks its value as it is typed, with
// the tracker's own check, and Save stores the changed ones.
type settingsScreen struct {
	u *UI

	fields []*settingField
	form   *form
	status *widget.Label
	save   *widget.Button
	about  *widget.Button
}

func newSettingsScreen(u *UI) *settingsScreen {
	s := &settingsScreen{u: u, status: newLabel("")}
	for _, g := range settingGroups {
		for _, spec := range g.settings {
			f := &settingField{settingSpec: spec}
			switch {
			case spec.check:
				f.box = widget.NewCheck(spec.label, nil)
			case spec.choices != nil:
				f.choice = widget.NewSelect(spec.choices, nil)
			case spec.secret:
				f.entry = widget.NewPasswordEntry()
			default:
				f.entry = widget.NewEntry()
			}
			s.fields = append(s.fields, f)
		}
	}
	s.form = newForm(s.check)
	s.save = widget.NewButtonWithIcon("Save settings", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.about = widget.NewButtonWithIcon("About Shiplog", theme.InfoIcon(), u.showAbout)
	return s
}

// check runs the tracker's check on every field; each problem names its key.
func (s *settingsScreen) check() error {
	var errs []error
	for _, f := range s.fields {
		if f.secret && f.entry.Text == "" {
			continue
		}
		errs = append(errs, tracker.CheckSetting(f.key, f.value()))
	}
	return errors.Join(errs...)
}

func (s *settingsScreen) build() fyne.CanvasObject {
	box := container.NewVBox()
	i := 0
	for _, g := range settingGroups {
		form := widget.NewForm()
		for range g.settings {
			f := s.fields[i]
			i++
			var obj fyne.CanvasObject
			switch {
			case f.box != nil:
				var changed func()
				obj, changed = s.form.other(f.box, nil, f.key)
				f.box.OnChanged = func(bool) { changed() }
				form.Append("", obj)
				continue
			case f.choice != nil:
				obj = s.form.choice(f.choice, f.key)
			default:
				obj = s.form.entry(f.entry, f.key)
			}
			item := widget.NewFormItem(f.label, obj)
			item.HintText = tracker.SettingHelp(f.key)
			if f.secret {
				item.HintText = "stored in the database; leave empty to keep the password stored"
			}
			form.AppendItem(item)
		}
		box.Add(widget.NewCard(g.title, "", form))
	}
	s.form.setSubmit(s.save)
	box.Add(container.NewHBox(s.save, s.about))
	box.Add(s.status)
	return container.NewVScroll(box)
}

// refresh loads the stored values into the fields that were not changed since the last load,
// so that a change made elsewhere shows and nothing typed here is lost.
func (s *settingsScreen) refresh() {
	s.form.load(func() {
		for _, f := range s.fields {
			v, err := s.u.svc.Setting(f.key)
			if err != nil {
				s.u.showError(err)
				continue
			}
			if f.wasLoaded && f.changed() && !f.secret {
				continue
			}
			f.loaded, f.wasLoaded = v, true
			switch {
			case f.secret:
				f.entry.SetPlaceHolder("")
				if v != "" {
					f.entry.SetPlaceHolder("•••••••• (stored)")
				}
			case f.box != nil:
				b, _ := strconv.ParseBool(v)
				f.box.SetChecked(b)
			case f.choice != nil:
				f.choice.SetSelected(v)
			default:
				f.entry.SetText(v)
			}
		}
	})
}

// onSave stores every changed value; an invalid one is named and nothing else is lost.
func (s *settingsScreen) onSave() {
	changed := 0
	for _, f := range s.fields {
		if !f.changed() {
			continue
		}
		var err error
		if f.key == tracker.SettingAutostart {
			err = s.onAutostart(f.box.Checked)
		} else {
			err = s.u.svc.SetSetting(f.key, f.value())
		}
		if err != nil {
			s.form.fail(err)
			s.status.SetText(err.Error())
			return
		}
		if f.secret {
			f.entry.SetText("")
		}
		f.loaded = f.value()
		changed++
	}
	s.status.SetText(fmt.Sprintf("Saved %s.", plural(changed, "setting", "settings")))
	s.u.refresh()
}

// onAutostart stores the setting and then writes or removes the login entry; when that fails,
// the setting goes back, so that the two agree and the next Save tries again.
func (s *settingsScreen) onAutostart(on bool) error {
	if err := s.u.svc.SetSetting(tracker.SettingAutostart, strconv.FormatBool(on)); err != nil {
		return err
	}
	if s.u.opts.Autostart == nil {
		return nil
	}
	if err := s.u.opts.Autostart(on); err != nil {
		_ = s.u.svc.SetSetting(tracker.SettingAutostart, strconv.FormatBool(!on))
		return err
	}
	return nil
}

// field is the setting with the key on the screen, or nil.
func (s *settingsScreen) field(key string) *settingField {
	for _, f := range s.fields {
		if f.key == key {
			return f
		}
	}
	return nil
}
