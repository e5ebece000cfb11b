package tracker

import "strings"

// CheckSetting reports whether value is valid for key, with the error SetSetting would return,
// without storing anything. The settings screen calls it as the user types.
func CheckSetting(key, value string) error {
	k, ok := findKey(key)
	if !ok {
		return unknownKey(key)
	}
	var c Config
	if err := k.apply(&c, strings.TrimSpace(value)); err != nil {
		return &FieldError{Field: key, Reason: strings.TrimPrefix(err.Error(), key+": ")}
	}
	return nil
}
