package cli

import (
	"path/filepath"

	"shiplog/app/desktop"
	"shiplog/tracker"
)

// ApplyAutostart writes or removes the login entry that starts this binary hidden in the tray
// for svc's database. The `autostart` setting says what the person wants; this makes the
// session do it. The window's Settings screen calls it too, through main.
func ApplyAutostart(svc *tracker.Service, on bool) error {
	if !on {
		return desktop.SetAutostart(false, nil)
	}
	exe, err := desktop.Executable()
	if err != nil {
		return err
	}
	db, err := filepath.Abs(svc.Path())
	if err != nil {
		return err
	}
	if def, err := tracker.DefaultPath(); err == nil && def == db {
		db = "" // the login start finds the default database by itself
	}
	return desktop.SetAutostart(true, desktop.LoginCommand(exe, db))
}
