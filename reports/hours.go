package reports

import (
	"sort"
	"time"

	"shiplog/tracker"
)

// HoursTable is the optional context: time by kind and by project.
type HoursTable struct {
	ByKind    []NamedHours
	ByProject []NamedHours
	Total     time.Duration
}

// NamedHours is time under a name.
type NamedHours struct {
	Name  string
	Hours time.Duration
}

func (b *builder) hours() {
	r := b.r
	h := &HoursTable{}
	k := b.kindTotals(r.Period)
	for _, kind := range tracker.Kinds {
		h.ByKind = append(h.ByKind, NamedHours{Name: kind.Label(), Hours: k[kind]})
		h.Total += k[kind]
	}
	byProject := map[string]time.Duration{}
	for _, x := range b.blocks {
		if d := b.inside(x, r.Period.From, r.Period.To); d > 0 {
			byProject[b.projectIDs[x.ProjectID]] += d
		}
	}
	for name, d := range byProject {
		h.ByProject = append(h.ByProject, NamedHours{Name: name, Hours: d})
	}
	sort.Slice(h.ByProject, func(i, j int) bool {
		if h.ByProject[i].Hours != h.ByProject[j].Hours {
			return h.ByProject[i].Hours > h.ByProject[j].Hours
		}
		return h.ByProject[i].Name < h.ByProject[j].Name
	})
	r.Hours = h
}
