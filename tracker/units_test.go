package tracker_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// durationKeys are the settings that hold a duration, with the example each gives for a bare 2.
var durationKeys = map[string]string{
	tracker.SettingSLAUrgent:      "2 has no unit; use 2h or 120m",
	tracker.SettingSLAImportant:   "2 has no unit; use 2h or 120m",
	tracker.SettingSLANormal:      "2 has no unit; use 2h or 120m",
	tracker.SettingDeepMin:        "2 has no unit; use 2m",
	tracker.SettingDecisionWindow: "2 has no unit; use 2h or 120m",
	tracker.SettingForgotten:      "2 has no unit; use 2h or 120m",
	tracker.SettingIdleGap:        "2 has no unit; use 2m",
}

func TestEveryDurationSettingRefusesABareNumber(t *testing.T) {
	svc, _ := mustOpen(t)
	for _, key := range tracker.SettingKeys() {
		def, _ := svc.Setting(key)
		_, isDuration := durationKeys[key]
		// A key whose default is a duration with a unit is a duration key, and must be listed.
		if d, err := time.ParseDuration(def); err == nil && d > 0 && !isDuration {
			t.Errorf("%s (default %q) is a duration setting missing from durationKeys", key, def)
		}
	}
	for key, reason := range durationKeys {
		t.Run(key, func(t *testing.T) {
			before, _ := svc.Setting(key)
			err := svc.SetSetting(key, "2")
			var fe *tracker.FieldError
			if !errors.As(err, &fe) || fe.Field != key || fe.Reason != reason {
				t.Fatalf("got %v, want %s: %s", err, key, reason)
			}
			if err := tracker.CheckSetting(key, " 2 "); err == nil || err.Error() != key+": "+reason {
				t.Errorf("CheckSetting: got %v", err)
			}
			if after, _ := svc.Setting(key); after != before {
				t.Errorf("the refused value was stored: %q, was %q", after, before)
			}
		})
	}
}

func TestDurationSettingsTakeUnitsAndQuoteWhatWasTyped(t *testing.T) {
	svc, _ := mustOpen(t)
	cases := []struct {
		key, value string
		want       string // the error; empty when the value is accepted
	}{
		{tracker.SettingSLAUrgent, "2h", ""},
		{tracker.SettingSLAUrgent, "90m", ""},
		{tracker.SettingSLAUrgent, "1:30", ""},
		{tracker.SettingSLAUrgent, "90", "sla.urgent: 90 has no unit; use 90h or 5400m"},
		{tracker.SettingDeepMin, "90", "deep.min: 90 has no unit; use 90m or 1h30m"},
		{tracker.SettingDeepMin, "9h", `deep.min: must be between 1m and 8h; got "9h"`},
		{tracker.SettingDeepMin, "0m", `deep.min: must be between 1m and 8h; got "0m"`},
		{tracker.SettingDeepMin, "30s", `deep.min: must be between 1m and 8h; got "30s"`},
		{tracker.SettingForgotten, "5m", `timer.forgotten: must be between 10m and 24h; got "5m"`},
		{tracker.SettingDecisionWindow, "30m", `decision.window: must be between 1h and 2000h; got "30m"`},
		{tracker.SettingIdleGap, "soon", `timer.idle_gap: must be a duration like 90m, 1h30m or 1:30; got "soon"`},
		{tracker.SettingGoalDeep, "15", ""},
		{tracker.SettingGoalDeep, "15h", ""},
		{tracker.SettingGoalDeep, "7h30m", ""},
		{tracker.SettingGoalDeep, "200", `goal.deep: must be between 0h and 168h; got "200"`},
		{tracker.SettingGoalDeep, "200h", `goal.deep: must be between 0h and 168h; got "200h"`},
		{tracker.SettingGoalDeep, "lots", `goal.deep: must be a number of hours like 15, or a duration like 15h or 7h30m; got "lots"`},
	}
	for _, c := range cases {
		t.Run(c.key+" "+c.value, func(t *testing.T) {
			err := svc.SetSetting(c.key, c.value)
			switch {
			case c.want == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case c.want != "" && (err == nil || err.Error() != c.want):
				t.Fatalf("got %v, want %q", err, c.want)
			case c.want != "" && !errors.Is(err, tracker.ErrInvalid):
				t.Fatalf("%v is not an ErrInvalid", err)
			}
		})
	}
	if err := svc.SetSetting(tracker.SettingGoalDeep, "7h30m"); err != nil {
		t.Fatal(err)
	}
	if cfg, _ := svc.Config(); cfg.WeeklyDeepGoal != 7.5 {
		t.Errorf("goal.deep 7h30m read as %g hours", cfg.WeeklyDeepGoal)
	}
}

// TestABareNumberStoredBeforeUnitsKeepsItsMeaning checks a database that stored a bare number in a
// duration setting, when that meant minutes: it still does, and shows its unit.
func TestABareNumberStoredBeforeUnitsKeepsItsMeaning(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "old.db"))
	if err != nil {
		t.Fatal(err)
	}
	svc := tracker.NewService(st)
	defer svc.Close()
	if err := st.Write(func(tx tracker.Tx) error { return tx.PutSetting(tracker.SettingSLAUrgent, "2") }); err != nil {
		t.Fatal(err)
	}
	cfg, err := svc.Config()
	if err != nil {
		t.Fatal(err)
	}
	if got := cfg.SLA[tracker.PriorityUrgent]; got != 2*time.Minute {
		t.Errorf("stored 2 reads as %s, want the 2 minutes it meant", got)
	}
	if v, _ := svc.Setting(tracker.SettingSLAUrgent); v != "2m" {
		t.Errorf("shown as %q, want 2m", v)
	}
	kvs, _ := svc.Settings()
	for _, kv := range kvs {
		if kv.Key == tracker.SettingSLAUrgent && kv.Value != "2m" {
			t.Errorf("listed as %q, want 2m", kv.Value)
		}
	}
}

func FuzzSettingDuration(f *testing.F) {
	for _, s := range []string{"2", "2h", "90m", "1:30", "9h", "-5m", "", "1.5", "1e3", "+7", "NaN", "inf", "99999999999999999999h", "0"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, key := range []string{tracker.SettingSLAUrgent, tracker.SettingDeepMin, tracker.SettingGoalDeep} {
			err := tracker.CheckSetting(key, s)
			if err != nil && !errors.Is(err, tracker.ErrInvalid) {
				t.Fatalf("%s %q: error %v does not wrap ErrInvalid", key, s, err)
			}
			if err == nil {
				// Accepted text is read back as it was accepted.
				cfg := tracker.ConfigFromSettings(map[string]string{key: s})
				if key == tracker.SettingDeepMin && (cfg.DeepMin < time.Minute || cfg.DeepMin > 8*time.Hour) {
					t.Fatalf("deep.min %q accepted as %s, out of range", s, cfg.DeepMin)
				}
			}
		}
	})
}
