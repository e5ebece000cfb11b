package pdf

import (
	"fmt"
	"strings"
	"time"

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

// fmtHM writes a duration as "1h 30m", "45m" or "12h".
func fmtHM(t time.Duration) string {
	t = t.Round(time.Minute)
	h, m := int(t/time.Hour), int(t%time.Hour/time.Minute)
	switch {
	case h == 0:
		return fmt.Sprintf("%dm", m)
	case m == 0:
		return fmt.Sprintf("%dh", h)
	}
	return fmt.Sprintf("%dh %02dm", h, m)
}

func fmtMinutes(t time.Duration) string { return fmt.Sprintf("%.0f min", t.Minutes()) }

// fmtBH writes business hours to a tenth.
func fmtBH(h float64) string { return fmt.Sprintf("%.1f bh", h) }

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
