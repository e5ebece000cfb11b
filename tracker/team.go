package tracker

import (
	"fmt"
	"sort"
	"time"
)

// Teammate is another member of the user's team as their profile on the team server describes
// them: the working calendar and targets that their own Shiplog uses, so that a request sent to
// them is due by their business hours in their time zone.
type Teammate struct {
	Name           string // their login on the team server
	DisplayName    string
	Timezone       string // IANA name
	Workdays       [7]bool
	WorkStart      time.Duration
	WorkEnd        time.Duration
	Holidays       []Date
	DeepMin        time.Duration
	SLA            map[Priority]time.Duration // business time; a priority without one has no target
	DecisionWindow time.Duration
}

// Config is the teammate's configuration as far as their profile gives it: what a due time, a
// state or a response time computed for them needs. The rest is the defaults.
func (m Teammate) Config() Config {
	c := DefaultConfig()
	c.Timezone, c.Workdays, c.WorkStart, c.WorkEnd = m.Timezone, m.Workdays, m.WorkStart, m.WorkEnd
	c.Holidays = append([]Date(nil), m.Holidays...)
	c.SLA = map[Priority]time.Duration{}
	for p, d := range m.SLA {
		if d > 0 {
			c.SLA[p] = d
		}
	}
	if m.DeepMin > 0 {
		c.DeepMin = m.DeepMin
	}
	if m.DecisionWindow > 0 {
		c.DecisionWindow = m.DecisionWindow
	}
	return c
}

// TeammateOf is the profile that the user's own settings give, as teammates see it once pushed:
// the zone (zone stands in for an empty timezone setting, which means the system's), the working
// calendar, the deep-work minimum and the response targets.
func TeammateOf(name string, c Config, zone string) Teammate {
	if c.Timezone != "" {
		zone = c.Timezone
	}
	m := Teammate{Name: name, DisplayName: c.Author, Timezone: zone, Workdays: c.Workdays, WorkStart: c.WorkStart,
		WorkEnd: c.WorkEnd, Holidays: append([]Date(nil), c.Holidays...), DeepMin: c.DeepMin,
		SLA: map[Priority]time.Duration{}, DecisionWindow: c.DecisionWindow}
	for p, d := range c.SLA {
		m.SLA[p] = d
	}
	return m
}

// Teammates lists the teammates whose profiles the last sync brought, by name.
func (s *Service) Teammates() ([]Teammate, error) {
	var ms []Teammate
	err := s.read(func(tx Tx) error {
		var err error
		ms, err = tx.Teammates()
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("list teammates: %w", err)
	}
	sort.Slice(ms, func(i, j int) bool { return ms[i].Name < ms[j].Name })
	return ms, nil
}

// teammate finds a teammate by login name, suggesting close names when there is none.
func teammate(tx Tx, name string) (Teammate, error) {
	ms, err := tx.Teammates()
	if err != nil {
		return Teammate{}, err
	}
	var names []string
	for _, m := range ms {
		if m.Name == name {
			return m, nil
		}
		names = append(names, m.Name)
	}
	return Teammate{}, &NotFoundError{What: fmt.Sprintf("teammate %q (the team's members arrive with 'shiplog team sync')", name),
		Suggestions: closest(name, names, 3)}
}

// requestConfig is the configuration a request's due time, state and response time are computed
// under: the addressee's, for a request the user sent to a teammate (whose business hours it is
// measured in), else the user's own.
func requestConfig(r Request, own Config, mates map[string]Teammate) Config {
	if r.To != "" {
		if m, ok := mates[r.To]; ok {
			return m.Config()
		}
	}
	return own
}

// teammatesByName maps the record's teammates by name; it reads them only when sent requests
// need them.
func teammatesByName(tx Tx) (map[string]Teammate, error) {
	ms, err := tx.Teammates()
	if err != nil {
		return nil, err
	}
	out := make(map[string]Teammate, len(ms))
	for _, m := range ms {
		out[m.Name] = m
	}
	return out, nil
}
