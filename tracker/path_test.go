package tracker_test

import (
	"testing"

	"shiplog/tracker"
)

func TestDefaultPathFollowsXDGAndTheEnvironment(t *testing.T) {
	t.Setenv("SHIPLOG_DB", "")
	t.Setenv("XDG_DATA_HOME", "/tmp/xdgdata")
	if p, _ := tracker.DefaultPath(); p != "/tmp/xdgdata/shiplog/shiplog.db" {
		t.Errorf("got %s", p)
	}
	t.Setenv("SHIPLOG_DB", "/tmp/other.db")
	if p, _ := tracker.DefaultPath(); p != "/tmp/other.db" {
		t.Errorf("SHIPLOG_DB ignored: got %s", p)
	}
}
