package team

import (
	"context"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/google/uuid"

	"shiplog/reports"
	"shiplog/tracker"
	"shiplog/tracker/postgres"
)

// Live builds a manager's team report for a period from the team server: one member row for every
// member with a profile there, each built by reports.Build over what the server shows a manager
// of that member (memberSource) in the member's own time zone and business hours, so that every
// figure has the personal report's definition. period gives the period in a zone. The blocks
// themselves are never read: the time figures come summed from shiplog.period_totals.
func Live(ctx context.Context, r *postgres.Remote, period func(*time.Location) (reports.Period, error), now time.Time) (*reports.TeamReport, error) {
	if !r.Manager() {
		return nil, tracker.Invalidf("the live team report needs a manager's login, and %s is a member; "+
			"the server's admin makes one with 'GRANT shiplog_manager TO %s' (or use member files: 'shiplog team report --help')",
			r.Member(), r.Member())
	}
	utcPeriod, err := period(time.UTC)
	if err != nil {
		return nil, err
	}
	// The period's local dates are the same in every zone; each member's bounds are read in theirs.
	from, to := tracker.DateOf(utcPeriod.From, time.UTC), tracker.DateOf(utcPeriod.To, time.UTC)
	d, err := readTeam(ctx, r, from, to, utcPeriod.To.AddDate(0, 0, 2))
	if err != nil {
		return nil, err
	}
	var members []reports.Member
	for _, p := range d.profiles {
		src := d.source(p, now)
		loc, err := time.LoadLocation(p.TimeZone)
		if err != nil {
			return nil, fmt.Errorf("member %s: time zone %q: %w", p.Member, p.TimeZone, err)
		}
		per, err := period(loc)
		if err != nil {
			return nil, err
		}
		rep, err := reports.Build(src, reports.Options{Period: per, Author: p.Member, Now: now})
		if err != nil {
			return nil, fmt.Errorf("member %s: %w", p.Member, err)
		}
		t := d.totals[p.Member]
		sec := func(n int64) time.Duration { return time.Duration(n) * time.Second }
		rep.SetTimes(reports.TimeTotals{Deep: sec(t.DeepSeconds), Shallow: sec(t.ShallowSeconds), Async: sec(t.AsyncSeconds),
			Meeting: sec(t.MeetingSeconds), Qualifying: sec(t.QualifyingDeepSeconds), ShortFocus: sec(t.ShortFocusSeconds), NoGoal: sec(t.NoGoalSeconds)})
		members = append(members, reports.Member{Name: p.Member, Report: rep})
	}
	if len(members) == 0 {
		return nil, &tracker.NotFoundError{What: "team member with a profile on the server (members send theirs when they first sync)"}
	}
	t := reports.BuildTeam(members)
	// The members' own check-ins are theirs alone (memberSource.CheckIns): the server sends only
	// the team's medians of the week the report shows, and only for a week that enough answered.
	if t.CheckIns, err = liveCheckIns(ctx, r, t.CheckIns.Week, t.CheckIns.Members); err != nil {
		return nil, err
	}
	return t, nil
}

// liveCheckIns is the team's check-in of week from the server's medians, by the rule of the
// file-based team report (reports.NewTeamCheckIns).
func liveCheckIns(ctx context.Context, r *postgres.Remote, week string, members int) (reports.TeamCheckIns, error) {
	rows, err := r.CheckInMedians(ctx, week, week)
	if err != nil {
		return reports.TeamCheckIns{}, err
	}
	var answered int
	var sat, bal float64
	for _, m := range rows {
		if m.Week != week {
			continue
		}
		answered = m.Answered
		if m.Satisfaction != nil && m.Balance != nil {
			sat, bal = *m.Satisfaction, *m.Balance
		} else if answered >= tracker.MinCheckInsForMedian {
			return reports.TeamCheckIns{}, fmt.Errorf("the team server sent no check-in medians for %s, which %d members answered", week, answered)
		}
	}
	return reports.NewTeamCheckIns(week, members, answered, sat, bal), nil
}

// teamData is what the live report reads from the server, once for the whole team.
type teamData struct {
	profiles     []postgres.Profile
	totals       map[string]postgres.PeriodTotal
	requests     map[string][]postgres.RequestTime // by receiver
	projects     map[string][]projectRow           // by member
	deliverables map[string][]postgres.Change
	decisions    map[string][]postgres.Change
	objections   map[uuid.UUID][]postgres.Change // by decision
}

type projectRow struct {
	uid uuid.UUID
	postgres.Project
}

func readTeam(ctx context.Context, r *postgres.Remote, from, to tracker.Date, before time.Time) (*teamData, error) {
	d := &teamData{totals: map[string]postgres.PeriodTotal{}, requests: map[string][]postgres.RequestTime{},
		projects: map[string][]projectRow{}, deliverables: map[string][]postgres.Change{},
		decisions: map[string][]postgres.Change{}, objections: map[uuid.UUID][]postgres.Change{}}
	var err error
	if d.profiles, err = r.Profiles(ctx); err != nil {
		return nil, err
	}
	sort.Slice(d.profiles, func(i, j int) bool { return d.profiles[i].Member < d.profiles[j].Member })
	totals, err := r.PeriodTotals(ctx, from, to)
	if err != nil {
		return nil, err
	}
	for _, t := range totals {
		d.totals[t.Member] = t
	}
	times, err := r.RequestTimes(ctx, before)
	if err != nil {
		return nil, err
	}
	for _, t := range times {
		d.requests[t.Receiver] = append(d.requests[t.Receiver], t)
	}
	projects, err := r.TeamRows(ctx, postgres.Projects, "")
	if err != nil {
		return nil, err
	}
	for _, c := range projects {
		var p postgres.Project
		if err := json.Unmarshal(c.Data, &p); err != nil {
			return nil, fmt.Errorf("project %s of %s: %w", c.UID, c.Member, err)
		}
		d.projects[c.Member] = append(d.projects[c.Member], projectRow{uid: c.UID, Project: p})
	}
	// Only shipped deliverables make the team report's rows; two days either side hold every zone.
	delivs, err := r.TeamRows(ctx, postgres.Deliverables, "status = 'shipped' AND shipped_at >= ?::date - 2 AND shipped_at < ?::date + 2",
		string(from), string(to))
	if err != nil {
		return nil, err
	}
	for _, c := range delivs {
		d.deliverables[c.Member] = append(d.deliverables[c.Member], c)
	}
	decisions, err := r.TeamRows(ctx, postgres.Decisions, "")
	if err != nil {
		return nil, err
	}
	for _, c := range decisions {
		d.decisions[c.Member] = append(d.decisions[c.Member], c)
	}
	objections, err := r.TeamRows(ctx, postgres.Objections, "")
	if err != nil {
		return nil, err
	}
	for _, c := range objections {
		var o postgres.Objection
		if err := json.Unmarshal(c.Data, &o); err != nil {
			return nil, fmt.Errorf("objection %s of %s: %w", c.UID, c.Member, err)
		}
		d.objections[o.DecisionUID] = append(d.objections[o.DecisionUID], c)
	}
	return d, nil
}

// source is the reports.Source of one member as the server shows them to a manager.
func (d *teamData) source(p postgres.Profile, now time.Time) *memberSource {
	s := &memberSource{cfg: p.Teammate().Config(), now: now, data: d, member: p.Member, projectIDs: map[uuid.UUID]uint{}}
	for i, pr := range d.projects[p.Member] {
		id := uint(i + 1)
		s.projects = append(s.projects, tracker.Project{ID: id, Name: pr.Name, Color: pr.Color, Archived: pr.Archived})
		s.projectIDs[pr.uid] = id
	}
	sort.SliceStable(s.projects, func(i, j int) bool {
		return strings.ToLower(s.projects[i].Name) < strings.ToLower(s.projects[j].Name)
	})
	return s
}

// memberSource is a reports.Source over one member's rows on the team server. It has no blocks:
// the report's time figures are set from the server's sums afterwards (Report.SetTimes). Request
// and decision states come from tracker's own rules, with the member's profile as the settings.
type memberSource struct {
	cfg        tracker.Config
	now        time.Time
	data       *teamData
	member     string
	projects   []tracker.Project
	projectIDs map[uuid.UUID]uint
}

var _ reports.Source = (*memberSource)(nil)

func (s *memberSource) Config() (tracker.Config, error) { return s.cfg, nil }

func (s *memberSource) Now() time.Time { return s.now }

func (s *memberSource) ProjectByName(name string) (tracker.Project, error) {
	for _, p := range s.projects {
		if strings.EqualFold(p.Name, strings.TrimSpace(name)) {
			return p, nil
		}
	}
	return tracker.Project{}, &tracker.NotFoundError{What: fmt.Sprintf("project %q of %s", name, s.member)}
}

func (s *memberSource) Projects(includeArchived bool) ([]tracker.Project, error) {
	var out []tracker.Project
	for _, p := range s.projects {
		if includeArchived || !p.Archived {
			out = append(out, p)
		}
	}
	return out, nil
}

func (s *memberSource) BlockSpans(tracker.BlockFilter) ([]tracker.BlockSpan, error) { return nil, nil }

func (s *memberSource) TimeIn(_ tracker.BlockFilter, _ tracker.Kind, ranges [][2]time.Time, _ time.Time) ([]time.Duration, error) {
	return make([]time.Duration, len(ranges)), nil
}

func (s *memberSource) projectName(uid *uuid.UUID) (uint, string) {
	if uid == nil {
		return 0, ""
	}
	id := s.projectIDs[*uid]
	for _, p := range s.projects {
		if p.ID == id {
			return id, p.Name
		}
	}
	return 0, ""
}

func (s *memberSource) Deliverables(tracker.DeliverableFilter) ([]tracker.Deliverable, error) {
	var out []tracker.Deliverable
	for i, c := range s.data.deliverables[s.member] {
		var d postgres.Deliverable
		if err := json.Unmarshal(c.Data, &d); err != nil {
			return nil, fmt.Errorf("deliverable %s of %s: %w", c.UID, s.member, err)
		}
		pid, name := s.projectName(d.ProjectUID)
		row := tracker.Deliverable{ID: uint(i + 1), Title: d.Title, ProjectID: pid, Project: name, Status: tracker.Status(d.Status),
			Link: d.Link, ShippedAt: d.ShippedAt, Notes: d.Notes}
		if d.DueDate != nil {
			row.Due = tracker.Date(*d.DueDate)
		}
		out = append(out, row)
	}
	return out, nil
}

func (s *memberSource) InvestedSeconds([]uint, time.Time) (map[uint]int64, error) {
	return map[uint]int64{}, nil
}

// DayCloses and CheckIns are private to the member: no login reads a member's closes or
// check-ins on the server, managers included. The live team report shows the team's median
// check-in from the server's medians instead (liveCheckIns).
func (s *memberSource) DayCloses(from, to tracker.Date) ([]tracker.DayClose, error) { return nil, nil }

func (s *memberSource) CheckIns(from, to string) ([]tracker.CheckIn, error) { return nil, nil }

// FirstBlockStart is unknown: a manager never reads a member's blocks, only their sums.
func (s *memberSource) FirstBlockStart() (time.Time, bool, error) { return time.Time{}, false, nil }

func (s *memberSource) Milestones(...string) ([]tracker.Milestone, error) { return nil, nil }

// Requests lists the requests the member received, with the state and response time their own
// Shiplog gives them: the same due time, answer and calendar.
func (s *memberSource) Requests(f tracker.RequestFilter) ([]tracker.Request, error) {
	var out []tracker.Request
	cal := s.cfg.Calendar()
	for i, t := range s.data.requests[s.member] {
		r := tracker.Request{ID: uint(i + 1), Priority: tracker.Priority(t.Priority), ReceivedAt: t.ReceivedAt, DueAt: t.DueAt,
			RepliedAt: t.AnsweredAt}
		switch {
		case f.OpenOnly && r.RepliedAt != nil,
			!f.ReceivedFrom.IsZero() && r.ReceivedAt.Before(f.ReceivedFrom),
			!f.ReceivedTo.IsZero() && !r.ReceivedAt.Before(f.ReceivedTo):
			continue
		}
		r.DueAt = tracker.RequestDue(r, s.cfg)
		r.State = tracker.RequestStateAt(r, s.cfg, s.now)
		if r.RepliedAt != nil {
			secs := int64(cal.Between(r.ReceivedAt, *r.RepliedAt) / time.Second)
			r.ResponseBusinessSeconds = &secs
		}
		out = append(out, r)
	}
	return out, nil
}

// Decisions lists the member's decisions with every objection raised on the server, oldest
// proposal first, as the member's own Shiplog lists them.
func (s *memberSource) Decisions() ([]tracker.Decision, error) {
	var out []tracker.Decision
	for i, c := range s.data.decisions[s.member] {
		var d postgres.Decision
		if err := json.Unmarshal(c.Data, &d); err != nil {
			return nil, fmt.Errorf("decision %s of %s: %w", c.UID, s.member, err)
		}
		pid, name := s.projectName(d.ProjectUID)
		dec := tracker.Decision{ID: uint(i + 1), Title: d.Title, Context: d.Context, Project: name, ProposedAt: d.ProposedAt.UTC(),
			Deadline: d.Deadline.UTC(), Outcome: d.Outcome, ClosedAt: d.ClosedAt, Team: d.Team, Objections: []tracker.Objection{}}
		if pid != 0 {
			dec.ProjectID = &pid
		}
		if d.ClosedState != nil {
			dec.Closed = *d.ClosedState
		}
		for _, oc := range s.data.objections[c.UID] {
			var o postgres.Objection
			if err := json.Unmarshal(oc.Data, &o); err != nil {
				return nil, err
			}
			by := oc.Member
			if o.By != nil && *o.By != "" {
				by = *o.By
			}
			dec.Objections = append(dec.Objections, tracker.Objection{DecisionID: dec.ID, By: by, Reason: o.Reason, At: o.At.UTC()})
		}
		sort.SliceStable(dec.Objections, func(i, j int) bool { return dec.Objections[i].At.Before(dec.Objections[j].At) })
		dec.State = tracker.DecisionStateAt(dec, s.now)
		out = append(out, dec)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].ProposedAt.Before(out[j].ProposedAt) })
	return out, nil
}
