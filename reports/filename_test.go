package reports_test

import (
	"path/filepath"
	"strings"
	"testing"

	"shiplog/reports"
)

func TestFileNameNamesThePeriodAndTheProjects(t *testing.T) {
	week := must[reports.Period](t)(reports.ParseWeek("2026w47", berlin))
	month := must[reports.Period](t)(reports.ParseMonth("2026-11", berlin))
	span := must[reports.Period](t)(reports.ParseRange("2026-11-01", "2026-11-15", berlin))
	tests := []struct {
		name     string
		p        reports.Period
		projects []string
		want     string
	}{
		{"a week", week, nil, "shiplog-2026-W47.pdf"},
		{"a month", month, nil, "shiplog-2026-11.pdf"},
		{"a range", span, nil, "shiplog-2026-11-01_2026-11-15.pdf"},
		{"projects in order, as slugs", week, []string{"Docs site", "Billing API"}, "shiplog-2026-W47-billing-api+docs-site.pdf"},
		{"a name that would leave the folder", week, []string{"../../etc/passwd"}, "shiplog-2026-W47-etc-passwd.pdf"},
		{"a name without ASCII letters is left out", week, []string{"发布"}, "shiplog-2026-W47.pdf"},
		{"many projects are cut short", month, []string{strings.Repeat("a", 50), strings.Repeat("b", 50)},
			"shiplog-2026-11-" + strings.Repeat("a", 50) + "+" + strings.Repeat("b", 9) + ".pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := reports.FileName(tt.p, tt.projects)
			eq(t, "name", got, tt.want)
			if filepath.Base(got) != got {
				t.Errorf("%q is not a plain file name", got)
			}
		})
	}
}
