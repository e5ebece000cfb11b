package parse

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// DateOrder is the order of day, month and year in a file's dates. Toggl and Clockify write dates
// in the order their user chose, and nothing in the file says which it was.
type DateOrder string

// The orders a file's dates can have. OrderAuto settles the order from the file itself.
const (
	OrderAuto DateOrder = ""
	DMY       DateOrder = "DMY"
	MDY       DateOrder = "MDY"
	YMD       DateOrder = "YMD"
)

// ParseDateOrder reads a --date-format value, ignoring case.
func ParseDateOrder(s string) (DateOrder, error) {
	switch o := DateOrder(strings.ToUpper(strings.TrimSpace(s))); o {
	case DMY, MDY, YMD:
		return o, nil
	}
	return "", fmt.Errorf("the date format must be DMY, MDY or YMD; got %q", s)
}

// words says the order as a person reads it.
func (o DateOrder) words() string {
	switch o {
	case DMY:
		return "day first (DMY)"
	case MDY:
		return "month first (MDY)"
	case YMD:
		return "year first (YMD)"
	}
	return "not settled"
}

// dateParts is a date as written: year first (ISO, "2026-02-01"), or two leading parts whose order
// the file must settle ("01/02/2026", "01.02.2026", "01-02-2026").
type dateParts struct {
	yearFirst bool
	a, b, y   int
	text      string
}

// splitDate reads the shape of a date without deciding the order of its parts.
func splitDate(s string) (dateParts, bool) {
	s = strings.TrimSpace(s)
	p := dateParts{text: s}
	var sep byte
	for _, c := range []byte{'-', '/', '.'} {
		if strings.Count(s, string(c)) == 2 {
			sep = c
			break
		}
	}
	if sep == 0 {
		return p, false
	}
	parts := strings.Split(s, string(sep))
	nums := make([]int, 3)
	for i, f := range parts {
		if len(f) == 0 || len(f) > 4 {
			return p, false
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 || f[0] == '+' || f[0] == '-' {
			return p, false
		}
		nums[i] = n
	}
	switch {
	case len(parts[0]) == 4 && len(parts[1]) <= 2 && len(parts[2]) <= 2:
		p.yearFirst, p.y, p.a, p.b = true, nums[0], nums[1], nums[2]
	case len(parts[2]) == 4 && len(parts[0]) <= 2 && len(parts[1]) <= 2:
		p.a, p.b, p.y = nums[0], nums[1], nums[2]
	default:
		return p, false
	}
	return p, true
}

// settles is the order this date alone allows when one of its leading parts cannot be a month.
func (p dateParts) settles() DateOrder {
	switch {
	case p.yearFirst:
		return OrderAuto
	case p.a > 12 && p.b <= 12:
		return DMY
	case p.b > 12 && p.a <= 12:
		return MDY
	}
	return OrderAuto
}

// ambiguous reports whether the date reads as two different days depending on the order.
func (p dateParts) ambiguous() bool {
	return !p.yearFirst && p.a != p.b && p.a >= 1 && p.a <= 12 && p.b >= 1 && p.b <= 12
}

// both says the date read both ways, for the message that asks the user to choose.
func (p dateParts) both() string {
	return fmt.Sprintf("%s could be %d %s or %d %s", p.text, p.a, time.Month(p.b), p.b, time.Month(p.a))
}

// resolve turns the date into year, month and day under the order. A year-first date is always
// read year, month, day, whatever the order of the file's other dates.
func (p dateParts) resolve(o DateOrder) (y int, m time.Month, d int, err error) {
	switch {
	case p.yearFirst:
		y, m, d = p.y, time.Month(p.a), p.b
	case o == DMY:
		y, m, d = p.y, time.Month(p.b), p.a
	case o == MDY:
		y, m, d = p.y, time.Month(p.a), p.b
	default:
		return 0, 0, 0, fmt.Errorf("%s is not year first (YYYY-MM-DD)", p.text)
	}
	if y < 1 || m < 1 || m > 12 || d < 1 || d > 31 {
		return 0, 0, 0, fmt.Errorf("%s is not a date when read %s", p.text, orderOfDate(p, o).words())
	}
	if t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC); t.Day() != d {
		return 0, 0, 0, fmt.Errorf("%s is not a date: %s has no day %d", p.text, m, d)
	}
	return y, m, d, nil
}

func orderOfDate(p dateParts, o DateOrder) DateOrder {
	if p.yearFirst {
		return YMD
	}
	return o
}

// clockLayouts says, for messages, how the time columns may be written.
const clockLayouts = "24-hour HH:MM:SS or 12-hour h:mm:ss AM (seconds optional)"

// dottedHalves spells "a.m." and "p.m." (upper-cased) as AM and PM; built once, since a file may
// have a million times to read.
var dottedHalves = strings.NewReplacer("A.M.", "AM", "P.M.", "PM")

// parseClock reads a time of day as these tools write it: 24-hour "14:05:09" or "9:05", or
// 12-hour "2:05 PM", "10:30:34 AM", "02:05PM", "2:05 p.m.".
func parseClock(s string) (h, m, sec int, ok bool) {
	s = strings.ToUpper(strings.TrimSpace(s))
	s = dottedHalves.Replace(s)
	half := ""
	if t, found := strings.CutSuffix(s, "AM"); found {
		s, half = strings.TrimSpace(t), "AM"
	} else if t, found := strings.CutSuffix(s, "PM"); found {
		s, half = strings.TrimSpace(t), "PM"
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, 0, 0, false
	}
	var nums [3]int
	for i, f := range parts {
		if len(f) == 0 || len(f) > 2 || (i > 0 && len(f) != 2) {
			return 0, 0, 0, false
		}
		n, err := strconv.Atoi(f)
		if err != nil || f[0] == '+' || f[0] == '-' {
			return 0, 0, 0, false
		}
		nums[i] = n
	}
	h, m, sec = nums[0], nums[1], nums[2]
	if m > 59 || sec > 59 {
		return 0, 0, 0, false
	}
	switch half {
	case "":
		if h > 23 {
			return 0, 0, 0, false
		}
	default:
		if h < 1 || h > 12 {
			return 0, 0, 0, false
		}
		h %= 12 // 12 AM is midnight, 12 PM is noon
		if half == "PM" {
			h += 12
		}
	}
	return h, m, sec, true
}

// parseStatedDuration reads a duration column: "02:00:00", "1:30", "125:00:00" (hours may pass
// 24), "18:25 min" (minutes and seconds), and Toggl's "02:00:00 AM", a duration printed through a
// 12-hour clock by an export whose user chose one ("12:30:00 AM" is half an hour, "01:00:00 PM"
// thirteen hours). It reports false for anything else; the column is only a cross-check.
func parseStatedDuration(s string) (time.Duration, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, false
	}
	if t, ok := strings.CutSuffix(s, " min"); ok {
		parts := strings.Split(strings.TrimSpace(t), ":")
		if len(parts) != 2 {
			return 0, false
		}
		m, err1 := strconv.Atoi(parts[0])
		sec, err2 := strconv.Atoi(parts[1])
		if err1 != nil || err2 != nil || m < 0 || sec < 0 || sec > 59 {
			return 0, false
		}
		return time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, true
	}
	upper := strings.ToUpper(s)
	if strings.HasSuffix(upper, "AM") || strings.HasSuffix(upper, "PM") {
		h, m, sec, ok := parseClock(s)
		if !ok {
			return 0, false
		}
		return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute + time.Duration(sec)*time.Second, true
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, false
	}
	var nums [3]int64
	for i, f := range parts {
		if f == "" || len(f) > 6 || (i > 0 && len(f) != 2) || f[0] == '+' || f[0] == '-' {
			return 0, false
		}
		n, err := strconv.ParseInt(f, 10, 64)
		if err != nil || (i > 0 && n > 59) {
			return 0, false
		}
		nums[i] = n
	}
	return time.Duration(nums[0])*time.Hour + time.Duration(nums[1])*time.Minute + time.Duration(nums[2])*time.Second, true
}
