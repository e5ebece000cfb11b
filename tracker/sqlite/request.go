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
}

func (requestRow) TableName() string { return "requests" }

func requestRowOf(r tracker.Request) requestRow {
	return requestRow{ID: r.ID, ProjectID: r.ProjectID, Subject: r.Subject, FromWho: r.From, Channel: r.Channel,
		Priority: string(r.Priority), ReceivedAt: r.ReceivedAt, DueAt: r.DueAt, RepliedAt: r.RepliedAt, Replies: r.Replies,
		MinutesSpent: r.MinutesSpent, Notes: r.Notes, NotifiedSoonAt: r.NotifiedSoonAt, NotifiedOverdueAt: r.NotifiedOverdueAt,
		SourceKey: r.SourceKey, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func (r requestRow) request() tracker.Request {
	return tracker.Request{ID: r.ID, ProjectID: r.ProjectID, Subject: r.Subject, From: r.FromWho, Channel: r.Channel,
		Priority: tracker.Priority(r.Priority), ReceivedAt: r.ReceivedAt, DueAt: r.DueAt, RepliedAt: r.RepliedAt, Replies: r.Replies,
		MinutesSpent: r.MinutesSpent, Notes: r.Notes, NotifiedSoonAt: r.NotifiedSoonAt, NotifiedOverdueAt: r.NotifiedOverdueAt,
		SourceKey: r.SourceKey, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func (t *tx) Request(id uint) (tracker.Request, error) {
	var r requestRow
	if err := t.db.Take(&r, id).Error; err != nil {
		return tracker.Request{}, notFound(err, fmt.Sprintf("request %d", id))
	}
	return r.request(), nil
}

func (t *tx) ListRequests(f tracker.RequestQuery) ([]tracker.Request, error) {
	q := t.db.Model(&requestRow{})
	if f.OpenOnly {
		q = q.Where("replied_at IS NULL")
	}
	if !f.ReceivedFrom.IsZero() {
		q = q.Where("received_at >= ?", utc(f.ReceivedFrom))
	}
	if !f.ReceivedTo.IsZero() {
		q = q.Where("received_at < ?", utc(f.ReceivedTo))
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
	return t.db.Model(&requestRow{}).Where("id = ?", id).Update(col, utc(at)).Error
}
