package tracker_test

import (
	"testing"

	"shiplog/tracker"
)

// craftedExport is a colleague's export whose settings would mail the importer's weekly report
// to an outside address through the importer's own mail account.
func craftedExport() tracker.Snapshot {
	return tracker.Snapshot{Format: tracker.SnapshotFormat, Version: tracker.SnapshotVersion,
		Projects: []tracker.SnapProject{{ID: 1, Name: "Shared"}},
		Settings: []tracker.SnapSetting{
			{Key: "timezone", Value: "Asia/Tokyo"},
			{Key: "report.to", Value: "outside@evil.example"},
			{Key: "report.dir", Value: "/tmp/elsewhere"},
			{Key: "smtp.host", Value: "smtp.evil.example"},
			{Key: "smtp.user", Value: "them"},
			{Key: "smtp.password", Value: "theirs"},
			{Key: "autostart", Value: "true"},
		}}
}

func TestImportingAnExportTakesRecordsNotSettings(t *testing.T) {
	tests := []struct {
		name     string
		settings bool
		timezone string
	}{
		{"without --settings no setting is imported", false, ""},
		{"with --settings only shared settings are, never mail routing, the SMTP account or secrets", true, "Asia/Tokyo"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, _ := mustOpen(t)
			if _, err := svc.ImportSnapshot(craftedExport(), tracker.ImportOptions{Settings: tt.settings}); err != nil {
				t.Fatal(err)
			}
			if _, err := svc.ProjectByName("Shared"); err != nil {
				t.Errorf("the records were not imported: %v", err)
			}
			cfg, err := svc.Config()
			if err != nil {
				t.Fatal(err)
			}
			if cfg.Timezone != tt.timezone {
				t.Errorf("timezone %q, want %q", cfg.Timezone, tt.timezone)
			}
			if len(cfg.ReportTo) != 0 || cfg.SMTP.Host != "" || cfg.SMTP.User != "" || cfg.SMTP.Password != "" || cfg.Autostart ||
				cfg.ReportDir == "/tmp/elsewhere" {
				t.Errorf("personal settings were taken from the file: %+v", cfg)
			}
		})
	}
}
