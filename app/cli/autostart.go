package cli

import (
	"path/filepath"

	"shiplog/app/desktop"
	"shiplog/tracker"
)

// ApplyAutostart writes or removes the login entry that starts this binary hidden in the tray
// for svc's database. The `autostart` setting says what the person wants; this makes the
// session do it. The window's Settings screen calls it too, through main.
//
// The entry names the database with --db unless it is the XDG default: a login session does not
// have the SHIPLOG_DB of the shell that turned autostart on, so a database chosen that way is
// named too.
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
	if dir, err := tracker.DataDir(); err == nil && filepath.Join(dir, "shiplog.db") == db {
		db = "" // the login start finds the default database by itself
	}
	return desktop.SetAutostart(true, desktop.LoginCommand(exe, db))
}
