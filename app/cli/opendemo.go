package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// demoNames is how many demo files OpenDemo tries beside the database before it gives up.
const demoNames = 20

// DemoPath is the demo database that the desktop app's first-run setup offers for the database
// at dbPath: the first of demo.db, demo-2.db, … beside it that either is missing, so Shiplog
// creates it, or is a demo database Shiplog made before (marked by its demo setting). A file of
// that name that holds anything else, such as a person's own database that happens to be called
// demo.db, is passed over and never opened for writing.
func DemoPath(dbPath string) (string, error) {
	dir := filepath.Dir(dbPath)
	self, _ := filepath.Abs(dbPath)
	for i := 1; i <= demoNames; i++ {
		name := "demo.db"
		if i > 1 {
			name = "demo-" + strconv.Itoa(i) + ".db"
		}
		path := filepath.Join(dir, name)
		if abs, _ := filepath.Abs(path); abs == self {
			continue
		}
		_, err := os.Lstat(path)
		if os.IsNotExist(err) {
			return path, nil
		}
		if err != nil {
			return "", fmt.Errorf("find a demo database: %w", err)
		}
		demo, err := sqlite.IsDemo(path)
		if err != nil {
			return "", err
		}
		if demo {
			return path, nil
		}
	}
	return "", fmt.Errorf("find a demo database: demo.db to demo-%d.db beside %s are all taken by other files", demoNames, dbPath)
}

// OpenDemo opens the demo database for dbPath (see DemoPath) and seeds it when Shiplog has just
// created it. A demo database seeded before is opened as it is, so a second look finds the same
// sample weeks.
func OpenDemo(dbPath string, clock tracker.Clock) (*tracker.Service, error) {
	path, err := DemoPath(dbPath)
	if err != nil {
		return nil, err
	}
	svc, err := sqlite.OpenService(path, tracker.WithClock(clock))
	if err != nil {
		return nil, err
	}
	cfg, err := svc.Config()
	if err == nil && !cfg.Demo {
		err = svc.SeedDemo(clock.Now())
	}
	if err != nil {
		svc.Close()
		return nil, fmt.Errorf("open demo database: %w", err)
	}
	return svc, nil
}
