package sqlite

import (
	"fmt"
	"time"

	"shiplog/tracker"
)

// requestRow is a row of the requests table.
type requestRow struct {
	ID                uint `gorm:"primaryKey"`
	ProjectID         *uint
	Subject           string
	FromWho           string
	Channel           string
	Priority          string
	ReceivedAt        time.Time
	DueAt             *time.Time
	RepliedAt         *time.Time
	Replies           int
	MinutesSpent      int
	Notes             string
	NotifiedSoonAt    *time.Time
	NotifiedOverdueAt *time.Time
	SourceKey         *string
	CreatedAt         time.Time
	UpdatedAt         time.Time
	Author            string
	ToMember          string
}

func (requestRow) TableName() string { return "requests" }

func requestRowOf(r tracker.Request) requestRow {
	return requestRow{ID: r.ID, ProjectID: r.ProjectID, Subject: r.Subject, FromWho: r.From, Channel: r.Channel,
		Priority: string(r.Priority), ReceivedAt: r.ReceivedAt, DueAt: r.DueAt, RepliedAt: r.RepliedAt, Replies: r.Replies,
		MinutesSpent: r.MinutesSpent, Notes: r.Notes, NotifiedSoonAt: r.NotifiedSoonAt, NotifiedOverdueAt: r.NotifiedOverdueAt,
		SourceKey: r.SourceKey, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Author: r.Author, ToMember: r.To}
}

func (r requestRow) request() tracker.Request {
	return tracker.Request{ID: r.ID, ProjectID: r.ProjectID, Subject: r.Subject, From: r.FromWho, Channel: r.Channel,
		Priority: tracker.Priority(r.Priority), ReceivedAt: r.ReceivedAt, DueAt: r.DueAt, RepliedAt: r.RepliedAt, Replies: r.Replies,
		MinutesSpent: r.MinutesSpent, Notes: r.Notes, NotifiedSoonAt: r.NotifiedSoonAt, NotifiedOverdueAt: r.NotifiedOverdueAt,
		SourceKey: r.SourceKey, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Author: r.Author, To: r.ToMember}
}

func (t *tx) Request(id uint) (tracker.Request, error) {
	var r requestRow
	if err := t.db.Take(&r, id).Error; err != nil {
		return tracker.Request{}, notFound(err, fmt.Sprintf("request %d", id))
	}
	rs := []tracker.Request{r.request()}
	if err := t.answerSent(rs); err != nil {
		return tracker.Request{}, err
	}
	return rs[0], nil
}

// answerSent fills in, for the requests the user sent to teammates, the answer that the
// teammate's replies give: the first reply's time and the number of replies. The request row
// itself is the user's, and stays as it was sent.
func (t *tx) answerSent(rs []tracker.Request) error {
	var ids []uint
	for _, r := range rs {
		if r.To != "" {
			ids = append(ids, r.ID)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	var replies []replyRow
	if err := t.db.Where("request_id IN ? AND author <> ''", ids).Order("at, id").Find(&replies).Error; err != nil {
		return err
	}
	type answer struct {
		first *time.Time
		n     int
	}
	byRequest := map[uint]*answer{}
	for _, p := range replies {
		a := byRequest[p.RequestID]
		if a == nil {
			at := p.At
			a = &answer{first: &at}
			byRequest[p.RequestID] = a
		}
		a.n++
	}
	for i := range rs {
		if a := byRequest[rs[i].ID]; a != nil && rs[i].To != "" {
			rs[i].RepliedAt, rs[i].Replies = a.first, a.n
		}
	}
	return nil
}

func (t *tx) ListRequests(f tracker.RequestQuery) ([]tracker.Request, error) {
	q := t.db.Model(&requestRow{})
	switch {
	case f.Sent && !f.Received:
		q = q.Where("to_member <> ''")
	case f.Received && !f.Sent:
		q = q.Where("to_member = ''")
	}
	if f.OpenOnly {
		// A sent request is open until the teammate's first reply arrives.
		q = q.Where(`(to_member = '' AND replied_at IS NULL) OR (to_member <> '' AND NOT EXISTS
			(SELECT 1 FROM replies p WHERE p.request_id = requests.id AND p.author <> ''))`)
	}
	if !f.ReceivedFrom.IsZero() {
		q = q.Where("received_at >= ?", tracker.UTC(f.ReceivedFrom))
	}
	if !f.ReceivedTo.IsZero() {
		q = q.Where("received_at < ?", tracker.UTC(f.ReceivedTo))
	}
	if len(f.ProjectIDs) > 0 {
		q = q.Where("project_id IN ?", f.ProjectIDs)
	}
	var rows []requestRow
	if err := q.Order("received_at, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	rs := make([]tracker.Request, len(rows))
	for i, r := range rows {
		rs[i] = r.request()
	}
	if err := t.answerSent(rs); err != nil {
		return nil, err
	}
	return rs, nil
}

func (t *tx) CreateRequest(r *tracker.Request) error {
	row := requestRowOf(*r)
	if err := t.db.Create(&row).Error; err != nil {
		return err
	}
	r.ID, r.CreatedAt, r.UpdatedAt = row.ID, row.CreatedAt, row.UpdatedAt
	return nil
}

func (t *tx) SaveRequest(r *tracker.Request) error {
	row := requestRowOf(*r)
	if r.To != "" {
		// The answer of a sent request lives in the teammate's replies, not in the row.
		row.RepliedAt, row.Replies = nil, 0
	}
	if err := t.db.Save(&row).Error; err != nil {
		return err
	}
	r.UpdatedAt = row.UpdatedAt
	return nil
}

func (t *tx) MarkRequestNotified(id uint, state tracker.RequestState, at time.Time) error {
	col := "notified_soon_at"
	if state == tracker.RequestOverdue {
		col = "notified_overdue_at"
	}
	return t.db.Model(&requestRow{}).Where("id = ?", id).Update(col, tracker.UTC(at)).Error
}

// replyRow is a row of the replies table: the user's answers to teammates' requests (Author
// empty) and teammates' answers to the user's (Author set, pulled).
type replyRow struct {
	ID           uint `gorm:"primaryKey"`
	Author       string
	RequestID    uint
	At           time.Time
	Body         string
	MinutesSpent int
}

func (replyRow) TableName() string { return "replies" }

func (t *tx) CreateReply(r *tracker.Reply) error {
	row := replyRow{ID: r.ID, RequestID: r.RequestID, At: r.At, Body: r.Body, MinutesSpent: r.Minutes}
	if err := t.db.Create(&row).Error; err != nil {
		return err
	}
	r.ID = row.ID
	return nil
}
