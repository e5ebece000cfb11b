package parse

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strings"
)

// Names of the formats, as the CLI spells them, and what a person calls their files.
var formatNames = map[string]string{
	"toggl":       "a Toggl detailed CSV export",
	"clockify":    "a Clockify detailed CSV export",
	"timewarrior": "a Timewarrior export (timew export)",
	"watson":      "a Watson frames file",
	"shiplog":     "a Shiplog JSON export",
	"shiplog-csv": "a Shiplog blocks CSV",
}

// FormatName says what a person calls a format's files: "a Watson frames file".
func FormatName(format string) string {
	if n, ok := formatNames[format]; ok {
		return n
	}
	return format
}

// TimewarriorData is what Detect says of a Timewarrior data file, which no importer reads.
const TimewarriorData = "timewarrior-data"

var (
	timewStart    = regexp.MustCompile(`"start"\s*:\s*"\d{8}T\d{6}Z"`)
	shiplogFormat = regexp.MustCompile(`"format"\s*:\s*"shiplog"`)
)

// Detect names the format of a file from its first bytes (up to 64 KB is plenty), or "" when it
// cannot tell. It only says what it is sure of, so that an importer refuses a file given under
// the wrong format with advice, and reads every other file itself.
func Detect(head []byte) string {
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	text := strings.TrimLeft(string(head), " \t\r\n")
	firstLine, _, _ := strings.Cut(text, "\n")
	switch {
	case text == "":
		return ""
	case TimewarriorDataLine(firstLine):
		return TimewarriorData
	case text[0] == '{':
		if shiplogFormat.MatchString(text) {
			return "shiplog"
		}
		return ""
	case text[0] == '[':
		rest := strings.TrimLeft(text[1:], " \t\r\n")
		switch {
		case strings.HasPrefix(rest, "["):
			return "watson"
		case strings.HasPrefix(rest, "{") && timewStart.MatchString(rest):
			return "timewarrior"
		}
		return ""
	case headerLine(strings.TrimSpace(firstLine)) && strings.Contains(text, "\n[") && timewStart.MatchString(text):
		return "timewarrior"
	}
	return detectCSV(firstLine)
}

// detectCSV tells the CSV exports apart by their headers. Toggl writes "Start date" and
// "Duration"; Clockify writes "Start Date", "Duration (h)" and "Duration (decimal)", and the German
// exports "Dauer" and "Dauer (h)" alike.
func detectCSV(line string) string {
	rec, err := csv.NewReader(strings.NewReader(line)).Read()
	if err != nil {
		return ""
	}
	has := map[string]bool{}
	exact := map[string]bool{}
	for _, h := range rec {
		h = strings.TrimSpace(h)
		has[strings.ToLower(h)], exact[h] = true, true
	}
	switch {
	case has["id"] && has["project"] && has["kind"] && has["start"] && has["end"]:
		return "shiplog-csv"
	case has["duration (h)"] || has["duration (decimal)"] || has["dauer (h)"] || has["dauer (dezimal)"]:
		return "clockify"
	case exact["Start date"] || (has["startdatum"] && has["dauer"]):
		return "toggl"
	}
	for h := range has {
		if strings.HasPrefix(h, "amount (") && has["start date"] {
			return "toggl"
		}
	}
	return ""
}

// UTF16 reports whether a file is UTF-16, with or without a byte order mark: Windows tools save
// "Unicode" text that way, and a reader of UTF-8 sees only noise in it.
func UTF16(head []byte) bool {
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return true
	}
	// Without a mark, ASCII text in UTF-16 has a zero byte in every other place.
	n := min(len(head), 512)
	if n < 4 {
		return false
	}
	zeros := bytes.Count(head[:n], []byte{0})
	return zeros*3 >= n
}
