package sqlite_test

import (
	"errors"
	"testing"

	"shiplog/tracker"
)

func TestSettingStore(t *testing.T) {
	st, _ := mustStore(t)
	write(t, st, func(tx tracker.Tx) error {
		if err := tx.PutSetting(tracker.SettingTimezone, "Europe/Berlin"); err != nil {
			return err
		}
		return tx.PutSetting(tracker.SettingTimezone, "Asia/Tokyo")
	})
	err := st.Read(func(tx tracker.Tx) error {
		if v, err := tx.StoredSetting(tracker.SettingTimezone); err != nil || v != "Asia/Tokyo" {
			t.Errorf("timezone %q, %v; want the second value", v, err)
		}
		if _, err := tx.StoredSetting(tracker.SettingWorkdays); !errors.Is(err, tracker.ErrNotFound) {
			t.Errorf("a key never stored: %v, want ErrNotFound", err)
		}
		m, err := tx.StoredSettings()
		if len(m) != 1 || m[tracker.SettingTimezone] != "Asia/Tokyo" {
			t.Errorf("stored %v", m)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
