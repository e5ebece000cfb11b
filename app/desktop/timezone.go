package desktop

import (
	"os"
	"path/filepath"
	"strings"
	"time"
)

// DetectTimezone guesses the system's IANA time zone, to pre-fill the first-run setup: $TZ,
// then the zoneinfo file that /etc/localtime links to, then /etc/timezone (Debian). It
// returns "" when none names a zone that Go can load.
func DetectTimezone() string {
	return detectTimezone(os.Getenv("TZ"), "/etc/localtime", "/etc/timezone")
}

func detectTimezone(tz, localtime, timezoneFile string) string {
	var candidates []string
	if tz != "" {
		candidates = append(candidates, strings.TrimPrefix(tz, ":"))
	}
	if target, err := filepath.EvalSymlinks(localtime); err == nil {
		if _, zone, ok := strings.Cut(target, "zoneinfo/"); ok {
			candidates = append(candidates, zone)
		}
	}
	if b, err := os.ReadFile(timezoneFile); err == nil {
		candidates = append(candidates, strings.TrimSpace(string(b)))
	}
	for _, c := range candidates {
		if c == "" || strings.EqualFold(c, "local") || filepath.IsAbs(c) {
			continue
		}
		if _, err := time.LoadLocation(c); err == nil {
			return c
		}
	}
	return ""
}
