// Package locale repairs the locale environment before Fyne reads it. Fyne's lang package parses
// LANG in its init and logs an error for the POSIX locales "C" and "POSIX" (as in LANG=C.UTF-8, the
// default of many Debian machines and CI runners), which would print three lines of noise on
// stderr before every CLI command. main imports this package first so that its init runs earlier.
package locale

import "os"

func init() {
	for _, key := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(key)
		if v == "" {
			continue
		}
		if v == "C" || v == "POSIX" || len(v) > 2 && (v[:2] == "C." || v[:2] == "C@") {
			os.Setenv(key, "en_US.UTF-8")
		}
		return
	}
}
