package tracker

import (
	"sort"
	"time"
)

// ConfigFromSettings is the configuration that stored settings give, each key applied over its
// default through the one key table; a value that does not apply (edited by hand) falls back to
// the default rather than breaking the app. Service.Config reads the database's settings with it,
// and the team report a member's exported settings, so that both mean the same.
func ConfigFromSettings(stored map[string]string) Config {
	var c Config
	for _, k := range settingKeys {
		v, ok := stored[k.name]
		if !ok {
			v = k.def
		}
		if err := k.apply(&c, legacyValue(k, v)); err != nil {
			_ = k.apply(&c, k.def)
		}
	}
	return c
}

// DeriveRequest fills a request's derived fields (due time, state, business response time,
// SuggestLive) from the settings and the clock, as Service.Requests lists it.
func DeriveRequest(r *Request, cfg Config, now time.Time) { derive(r, cfg, now) }

// SortRequests orders requests as Service.Requests lists them: open ones first by time left,
// then answered ones by reply time, newest first.
func SortRequests(rs []Request) {
	sort.SliceStable(rs, func(i, j int) bool { return requestLess(rs[i], rs[j]) })
}
