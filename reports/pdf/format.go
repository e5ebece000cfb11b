package pdf

import (
	"fmt"
	"strings"
	"time"

	"shiplog/reports"
	"shiplog/tracker"
)

func slaText(sla map[tracker.Priority]time.Duration) string {
	var parts []string
	for _, p := range tracker.Priorities {
		if t, ok := sla[p]; ok && p != tracker.PriorityFYI {
			parts = append(parts, fmt.Sprintf("%s %s", p, fmtHM(t)))
		}
	}
	return strings.Join(parts, ", ")
}

// fmtHM writes a duration as every figure of time is written: "1h 30m", "45m" or "12h".
func fmtHM(t time.Duration) string { return reports.FormatDuration(t) }

func fmtMinutes(t time.Duration) string { return fmt.Sprintf("%.0f min", t.Minutes()) }

// fmtBH writes business time in hours to a tenth.
func fmtBH(t time.Duration) string { return fmt.Sprintf("%.1f bh", t.Hours()) }

func dateText(d tracker.Date) string {
	if d.IsZero() {
		return "—"
	}
	return d.In(time.UTC).Format("Mon 2 Jan")
}

func dash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}

func titleCase(s string) string {
	if s == "fyi" {
		return "FYI"
	}
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
