package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"shiplog/tracker"
)

// settingField is one text setting: its key, its label and its entry.
type settingField struct {
	key   string
	label string
	entry *widget.Entry
}

// settingsScreen edits the typed settings; each entry checks its value as the user types.
type settingsScreen struct {
	u *UI

	fields    []settingField
	notify    *widget.Check
	autostart *widget.Check
	status    *widget.Label
	save      *widget.Button
	about     *widget.Button
}

func newSettingsScreen(u *UI) *settingsScreen {
	s := &settingsScreen{u: u}
	for _, f := range []struct{ key, label string }{
		{tracker.SettingWorkhours, "Working hours"},
		{tracker.SettingWorkdays, "Working days"},
		{tracker.SettingTimezone, "Time zone"},
		{tracker.SettingCorehours, "Core hours"},
		{tracker.SettingSyncdays, "Sync days"},
		{tracker.SettingSLAUrgent, "SLA urgent"},
		{tracker.SettingSLAImportant, "SLA important"},
		{tracker.SettingSLANormal, "SLA normal"},
		{tracker.SettingDeepMin, "Minimum deep block"},
		{tracker.SettingGoalDeep, "Weekly deep-work goal (h)"},
		{tracker.SettingReportDir, "Report folder"},
		{tracker.SettingForgotten, "Forgotten timer after"},
		{tracker.SettingIdleGap, "Ask after a gap of"},
	} {
		e := widget.NewEntry()
		e.SetPlaceHolder(tracker.SettingHelp(f.key))
		key := f.key
		e.Validator = func(v string) error { return tracker.CheckSetting(key, v) }
		s.fields = append(s.fields, settingField{key: f.key, label: f.label, entry: e})
	}
	s.notify = widget.NewCheck("Desktop notifications", nil)
	s.autostart = widget.NewCheck("Start Shiplog at login, in the tray", nil)
	s.status = newLabel("")
	s.save = widget.NewButtonWithIcon("Save settings", theme.DocumentSaveIcon(), s.onSave)
	s.save.Importance = widget.HighImportance
	s.about = widget.NewButtonWithIcon("About Shiplog", theme.InfoIcon(), u.showAbout)
	return s
}

func (s *settingsScreen) build() fyne.CanvasObject {
	form := widget.NewForm()
	for _, f := range s.fields {
		item := widget.NewFormItem(f.label, f.entry)
		item.HintText = tracker.SettingHelp(f.key)
		form.AppendItem(item)
	}
	form.Append("Notifications", s.notify)
	form.Append("Login", s.autostart)
	return container.NewVScroll(container.NewVBox(form, container.NewHBox(s.save, s.about), s.status))
}

// refresh loads the stored values.
func (s *settingsScreen) refresh() {
	for _, f := range s.fields {
		v, err := s.u.svc.Setting(f.key)
		if err != nil {
			s.u.showError(err)
			continue
		}
		if f.entry.Text != v {
			f.entry.SetText(v)
		}
	}
	c := s.u.config()
	s.notify.SetChecked(c.Notify)
	s.autostart.SetChecked(c.Autostart)
}

// onSave stores every changed value; an invalid one is named and nothing else is lost.
func (s *settingsScreen) onSave() {
	changed := 0
	for _, f := range s.fields {
		old, err := s.u.svc.Setting(f.key)
		if err == nil && old == f.entry.Text {
			continue
		}
		if err := s.u.svc.SetSetting(f.key, f.entry.Text); err != nil {
			s.status.SetText(err.Error())
			return
		}
		changed++
	}
	if s.u.config().Notify != s.notify.Checked {
		if err := s.u.svc.SetSetting(tracker.SettingNotify, strconv.FormatBool(s.notify.Checked)); err != nil {
			s.status.SetText(err.Error())
			return
		}
		changed++
	}
	if s.u.config().Autostart != s.autostart.Checked {
		if err := s.onAutostart(s.autostart.Checked); err != nil {
			s.status.SetText(err.Error())
			return
		}
		changed++
	}
	s.status.SetText("Saved " + strconv.Itoa(changed) + " setting(s).")
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
