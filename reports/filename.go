package reports

import (
	"sort"
	"strings"

	"shiplog/tracker"
)

// maxProjectsInName bounds the projects part of a report's file name, so that a long filter
// still gives a name every file system takes.
const maxProjectsInName = 60

// FileName is the one name of a report file, for the window, the tray and the weekly job:
// "shiplog-" and the period as Period.String prints it, then the projects it is limited to, if
// any, as lower-case ASCII slugs joined by "+":
//
//	shiplog-2026-W47.pdf
//	shiplog-2026-11.pdf
//	shiplog-2026-11-01_2026-11-15.pdf
//	shiplog-2026-W47-billing-api+docs-site.pdf
//
// It holds only [a-z0-9_+-] and the period, so it never names a path outside its folder.
func FileName(p Period, projects []string) string {
	var slugs []string
	for _, name := range projects {
		if s := tracker.Slug(name, 0); s != "" {
			slugs = append(slugs, s)
		}
	}
	sort.Strings(slugs)
	name := "shiplog-" + p.String()
	if len(slugs) > 0 {
		part := strings.Join(slugs, "+")
		if len(part) > maxProjectsInName {
			part = strings.TrimRight(part[:maxProjectsInName], "+-")
		}
		name += "-" + part
	}
	return name + ".pdf"
}
