package tracker

import (
	"strings"
	"unicode"
)

// Slug keeps the ASCII letters and digits of s, lower-cased, with one dash for each run of
// anything else and none at either end; it stops once it is max bytes long (no limit when max is
// 0). Report and decision file names are made of it, so a name can never leave its folder.
func Slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if max > 0 && b.Len() >= max {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
