package tracker

import (
	"fmt"
	"sort"
	"time"
)

// LiveAfterReplies is how many replies make a thread worth a call: GitLab's escalation rule.
const LiveAfterReplies = 3

// AddRequest logs an incoming request; a zero ReceivedAt means now, r.Project is optional.
//
// With r.To set it is a request the user sends to that teammate through the team server instead:
// it is due by the teammate's response targets and business hours, from their profile, fixed now
// as a received request's due time is fixed when it arrives.
func (s *Service) AddRequest(r Request) (Request, error) {
	now := s.now()
	r.ID, r.Author = 0, ""
	if r.ReceivedAt.IsZero() {
		r.ReceivedAt = now
	}
	r.ReceivedAt = UTC(r.ReceivedAt)
	if r.To != "" {
		// A sent request has no sender but the user, and is answered by the teammate's reply.
		r.From, r.RepliedAt, r.Replies = "", nil, 0
	}
	if err := r.Validate(now); err != nil {
		return Request{}, fmt.Errorf("add request: %w", err)
	}
	err := s.write(func(tx Tx) error {
		pid, err := optionalProject(tx, r.Project)
		if err != nil {
			return err
		}
		r.ProjectID = pid
		cfg, err := configFrom(tx)
		if err != nil {
			return err
		}
		if r.To != "" {
			m, err := teammate(tx, r.To)
			if err != nil {
				return err
			}
			cfg = m.Config()
		}
		r.DueAt = dueUnder(r, cfg)
		return tx.CreateRequest(&r)
	})
	if err != nil {
		return Request{}, fmt.Errorf("add request: %w", err)
	}
	return s.deriveRequest(r)
}

// ReplyInput records a reply. The first reply answers the request; later ones count the thread.
type ReplyInput struct {
	At      time.Time // zero means now
	Minutes int       // time spent on this reply
}

// ReplyRequest records a reply to a request.
func (s *Service) ReplyRequest(id uint, in ReplyInput) (Request, error) {
	now := s.now()
	if in.At.IsZero() {
		in.At = now
	}
	if in.Minutes < 0 {
		return Request{}, fmt.Errorf("reply to request %d: %w", id, invalid("minutes", "must not be negative; got %d", in.Minutes))
	}
	var r Request
	err := s.write(func(tx Tx) error {
		var err error
		if r, err = tx.Request(id); err != nil {
			return err
		}
		if r.To != "" {
			return &ConflictError{Msg: fmt.Sprintf("request %d is the one you sent to %s; %s's reply answers it", id, r.To, r.To)}
		}
		at := UTC(in.At)
		if r.RepliedAt == nil {
			r.RepliedAt = &at
		}
		r.Replies++
		r.MinutesSpent += in.Minutes
		if err := r.Validate(now); err != nil {
			return err
		}
		if err := tx.SaveRequest(&r); err != nil {
			return err
		}
		if r.Author == "" {
			return nil
		}
		// The request is the teammate's record; the answer reaches them as a record of the user's.
		return tx.CreateReply(&Reply{RequestID: r.ID, At: at, Minutes: in.Minutes})
	})
	if err != nil {
		return Request{}, fmt.Errorf("reply to request %d: %w", id, err)
	}
	return s.deriveRequest(r)
}

// MarkRequestNotified records that the SLA watcher told the user the request is due soon or overdue.
func (s *Service) MarkRequestNotified(id uint, state RequestState, at time.Time) error {
	return s.write(func(tx Tx) error { return tx.MarkRequestNotified(id, state, UTC(at)) })
}

// Request returns one request, with its derived fields.
func (s *Service) Request(id uint) (Request, error) {
	var r Request
	err := s.read(func(tx Tx) error {
		var err error
		if r, err = tx.Request(id); err != nil {
			return err
		}
		return deriveRequest(tx, &r, s.clock.Now())
	})
	if err != nil {
		return Request{}, err
	}
	return r, nil
}

// RequestFilter selects requests; zero fields select every request the user received, from
// outside or from a teammate.
type RequestFilter struct {
	// Sent selects the requests the user sent to teammates instead; their due time, state and
	// response time are measured in the addressee's business hours.
	Sent     bool
	OpenOnly bool
	// ReceivedFrom and ReceivedTo select requests received in [ReceivedFrom, ReceivedTo).
	ReceivedFrom, ReceivedTo time.Time
	Projects                 []string
}

// Requests lists requests with their due time and state; open ones first by time left, then answered by
// reply time, newest first.
func (s *Service) Requests(f RequestFilter) ([]Request, error) {
	var rs []Request
	err := s.read(func(tx Tx) error {
		ids, err := projectIDs(tx, f.Projects)
		if err != nil {
			return fmt.Errorf("list requests: %w", err)
		}
		rs, err = tx.ListRequests(RequestQuery{Sent: f.Sent, Received: !f.Sent, OpenOnly: f.OpenOnly,
			ReceivedFrom: UTC(f.ReceivedFrom), ReceivedTo: UTC(f.ReceivedTo), ProjectIDs: ids})
		if err != nil {
			return fmt.Errorf("list requests: %w", err)
		}
		cfg, err := configFrom(tx)
		if err != nil {
			return err
		}
		var mates map[string]Teammate
		if f.Sent {
			if mates, err = teammatesByName(tx); err != nil {
				return fmt.Errorf("list requests: %w", err)
			}
		}
		names, err := projectNames(tx)
		if err != nil {
			return fmt.Errorf("list requests: %w", err)
		}
		now := s.clock.Now()
		for i := range rs {
			derive(&rs[i], requestConfig(rs[i], cfg, mates), now)
			if rs[i].ProjectID != nil {
				rs[i].Project = names[*rs[i].ProjectID]
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.SliceStable(rs, func(i, j int) bool { return requestLess(rs[i], rs[j]) })
	return rs, nil
}

func requestLess(a, b Request) bool {
	ao, bo := a.RepliedAt == nil, b.RepliedAt == nil
	if ao != bo {
		return ao
	}
	if ao {
		// Open: the soonest due first; FYI (no due) last.
		switch {
		case a.DueAt == nil && b.DueAt == nil:
			return a.ReceivedAt.Before(b.ReceivedAt)
		case a.DueAt == nil:
			return false
		case b.DueAt == nil:
			return true
		}
		return a.DueAt.Before(*b.DueAt)
	}
	return a.RepliedAt.After(*b.RepliedAt)
}

// deriveRequest fills in one request's project name and derived fields.
func (s *Service) deriveRequest(r Request) (Request, error) {
	err := s.read(func(tx Tx) error { return deriveRequest(tx, &r, s.clock.Now()) })
	if err != nil {
		return Request{}, err
	}
	return r, nil
}

func deriveRequest(tx Tx, r *Request, now time.Time) error {
	cfg, err := configFrom(tx)
	if err != nil {
		return err
	}
	var mates map[string]Teammate
	if r.To != "" {
		if mates, err = teammatesByName(tx); err != nil {
			return err
		}
	}
	if r.ProjectID != nil {
		r.Project = projectName(tx, *r.ProjectID)
	}
	derive(r, requestConfig(*r, cfg, mates), now)
	return nil
}

// derive fills a request's due time, state and response time from the settings and the clock.
func derive(r *Request, cfg Config, now time.Time) {
	cal := cfg.Calendar()
	r.DueAt = RequestDue(*r, cfg)
	r.State = RequestStateAt(*r, cfg, now)
	r.ResponseBusinessSeconds = nil
	if r.RepliedAt != nil {
		secs := int64(cal.Between(r.ReceivedAt, *r.RepliedAt) / time.Second)
		r.ResponseBusinessSeconds = &secs
	}
	r.SuggestLive = r.Replies >= LiveAfterReplies && r.Priority != PriorityFYI
}

// RequestDue is when a request should be answered: the due time it was given when it arrived, or,
// for a request recorded before due times were kept, its receipt plus its response target in
// business time under cfg. FYI requests have no due time.
func RequestDue(r Request, cfg Config) *time.Time {
	if r.Priority == PriorityFYI {
		return nil
	}
	if r.DueAt != nil {
		return r.DueAt
	}
	return dueUnder(r, cfg)
}

// dueUnder is the due time a request gets under cfg's response targets and working calendar:
// received plus its target in business time. FYI requests have none.
func dueUnder(r Request, cfg Config) *time.Time {
	sla, ok := cfg.SLA[r.Priority]
	if !ok || r.Priority == PriorityFYI {
		return nil
	}
	due := UTC(cfg.Calendar().Due(r.ReceivedAt, sla))
	return &due
}

// FixRequestDueTimes gives every request recorded without a due time (before due times were kept,
// or received from a teammate whose Shiplog gave it none) the one the current targets give it, in
// one transaction, so that a later change of the targets no longer moves it. It returns how many
// it fixed.
func (s *Service) FixRequestDueTimes() (int, error) {
	n := 0
	err := s.write(func(tx Tx) error {
		cfg, err := configFrom(tx)
		if err != nil {
			return err
		}
		rs, err := tx.ListRequests(RequestQuery{})
		if err != nil {
			return err
		}
		for i := range rs {
			r := &rs[i]
			// A request sent to a teammate was given its due time by their targets when it was sent.
			if r.DueAt != nil || r.Priority == PriorityFYI || r.To != "" {
				continue
			}
			if r.DueAt = dueUnder(*r, cfg); r.DueAt == nil {
				continue
			}
			if err := tx.SaveRequest(r); err != nil {
				return err
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("fix request due times: %w", err)
	}
	return n, nil
}

// RequestLateness is how far past its due time a request is, in business time under cfg: for a
// request answered by now, how late its first reply came; for one still open at now, how long it
// has been overdue. It is zero for a request in time and for one without a due time (FYI).
func RequestLateness(r Request, cfg Config, now time.Time) time.Duration {
	due := RequestDue(r, cfg)
	if due == nil {
		return 0
	}
	end := now
	if r.AnsweredBy(now) {
		end = *r.RepliedAt
	}
	if !end.After(*due) {
		return 0
	}
	return cfg.Calendar().Between(*due, end)
}

// RequestStateAt is a request's state at now; see Request.StateAt.
func RequestStateAt(r Request, cfg Config, now time.Time) RequestState { return r.StateAt(now, cfg) }

// AnsweredBy reports whether the request had its first reply at or before t.
func (r Request) AnsweredBy(t time.Time) bool { return r.RepliedAt != nil && !r.RepliedAt.After(t) }

// StateAt is where the request stood at the instant t under cfg: answered in time or late once its
// first reply is at or before t, and otherwise open, due soon (within a business hour of its due
// time) or overdue (its due time reached). A reply after t does not count at t, so a report for a
// past period judges the request as it stood at the period's end. It is the one rule for a
// request's state, now or at any past instant.
func (r Request) StateAt(t time.Time, cfg Config) RequestState {
	due := RequestDue(r, cfg)
	if r.AnsweredBy(t) {
		if due != nil && r.RepliedAt.After(*due) {
			return RequestAnsweredLate
		}
		return RequestAnsweredInTime
	}
	if due == nil {
		return RequestOpen
	}
	if !t.Before(*due) {
		return RequestOverdue
	}
	if cfg.Calendar().Between(t, *due) <= time.Hour {
		return RequestDueSoon
	}
	return RequestOpen
}
