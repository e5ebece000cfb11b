package tracker

import (
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
)

// LiveAfterReplies is how many replies make a thread worth a call: GitLab's escalation rule.
const LiveAfterReplies = 3

// AddRequest logs an incoming request; a zero ReceivedAt means now, r.Project is optional.
func (s *Service) AddRequest(r Request) (Request, error) {
	now := s.clock.Now()
	r.ID = 0
	if r.ReceivedAt.IsZero() {
		r.ReceivedAt = now
	}
	r.ReceivedAt = utc(r.ReceivedAt)
	if err := r.Validate(now); err != nil {
		return Request{}, fmt.Errorf("add request: %w", err)
	}
	err := s.tx(func(tx *gorm.DB) error {
		pid, err := optionalProject(tx, r.Project)
		if err != nil {
			return err
		}
		r.ProjectID = pid
		return tx.Create(&r).Error
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
	now := s.clock.Now()
	if in.At.IsZero() {
		in.At = now
	}
	if in.Minutes < 0 {
		return Request{}, fmt.Errorf("reply to request %d: %w", id, invalid("minutes", "must not be negative; got %d", in.Minutes))
	}
	var r Request
	err := s.tx(func(tx *gorm.DB) error {
		if err := tx.Take(&r, id).Error; err != nil {
			return notFound(err, fmt.Sprintf("request %d", id))
		}
		at := utc(in.At)
		if r.RepliedAt == nil {
			r.RepliedAt = &at
		}
		r.Replies++
		r.MinutesSpent += in.Minutes
		if err := r.Validate(now); err != nil {
			return err
		}
		return tx.Save(&r).Error
	})
	if err != nil {
		return Request{}, fmt.Errorf("reply to request %d: %w", id, err)
	}
	return s.deriveRequest(r)
}

// MarkRequestNotified records that the SLA watcher told the user the request is due soon or overdue.
func (s *Service) MarkRequestNotified(id uint, state RequestState, at time.Time) error {
	col := "notified_soon_at"
	if state == RequestOverdue {
		col = "notified_overdue_at"
	}
	return s.tx(func(tx *gorm.DB) error {
		return tx.Model(&Request{}).Where("id = ?", id).Update(col, utc(at)).Error
	})
}

// Request returns one request, with its derived fields.
func (s *Service) Request(id uint) (Request, error) {
	var r Request
	if err := s.db.Take(&r, id).Error; err != nil {
		return Request{}, notFound(err, fmt.Sprintf("request %d", id))
	}
	return s.deriveRequest(r)
}

// RequestFilter selects requests; zero fields select everything.
type RequestFilter struct {
	OpenOnly bool
	// ReceivedFrom and ReceivedTo select requests received in [ReceivedFrom, ReceivedTo).
	ReceivedFrom, ReceivedTo time.Time
	Projects                 []string
}

// Requests lists requests with their due time and state; open ones first by time left, then answered by
// reply time, newest first.
func (s *Service) Requests(f RequestFilter) ([]Request, error) {
	q := s.db.Model(&Request{})
	if f.OpenOnly {
		q = q.Where("replied_at IS NULL")
	}
	if !f.ReceivedFrom.IsZero() {
		q = q.Where("received_at >= ?", utc(f.ReceivedFrom))
	}
	if !f.ReceivedTo.IsZero() {
		q = q.Where("received_at < ?", utc(f.ReceivedTo))
	}
	if len(f.Projects) > 0 {
		var ids []uint
		for _, name := range f.Projects {
			p, err := projectByName(s.db, name)
			if err != nil {
				return nil, fmt.Errorf("list requests: %w", err)
			}
			ids = append(ids, p.ID)
		}
		q = q.Where("project_id IN ?", ids)
	}
	var rs []Request
	if err := q.Order("received_at, id").Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	cfg, err := s.Config()
	if err != nil {
		return nil, err
	}
	names, err := projectNames(s.db)
	if err != nil {
		return nil, fmt.Errorf("list requests: %w", err)
	}
	now := s.clock.Now()
	for i := range rs {
		derive(&rs[i], cfg, now)
		if rs[i].ProjectID != nil {
			rs[i].Project = names[*rs[i].ProjectID]
		}
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

func (s *Service) deriveRequest(r Request) (Request, error) {
	cfg, err := s.Config()
	if err != nil {
		return Request{}, err
	}
	if r.ProjectID != nil {
		r.Project, _ = projectName(s.db, *r.ProjectID)
	}
	derive(&r, cfg, s.clock.Now())
	return r, nil
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

// RequestDue is when a request should be answered: received plus its SLA in business time.
// FYI requests have no due time.
func RequestDue(r Request, cfg Config) *time.Time {
	sla, ok := cfg.SLA[r.Priority]
	if !ok || r.Priority == PriorityFYI {
		return nil
	}
	due := utc(cfg.Calendar().Due(r.ReceivedAt, sla))
	return &due
}

// RequestStateAt is a request's state at now.
func RequestStateAt(r Request, cfg Config, now time.Time) RequestState {
	due := RequestDue(r, cfg)
	if r.RepliedAt != nil {
		if due != nil && r.RepliedAt.After(*due) {
			return RequestAnsweredLate
		}
		return RequestAnsweredInTime
	}
	if due == nil {
		return RequestOpen
	}
	if !now.Before(*due) {
		return RequestOverdue
	}
	if cfg.Calendar().Between(now, *due) <= time.Hour {
		return RequestDueSoon
	}
	return RequestOpen
}
