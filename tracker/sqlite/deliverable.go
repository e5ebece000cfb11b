package sqlite

import (
	"fmt"
	"time"

	"shiplog/tracker"
)

// deliverableRow is a row of the deliverables table.
type deliverableRow struct {
	ID          uint `gorm:"primaryKey"`
	ProjectID   uint
	MilestoneID *uint
	Title       string
	Status      string
	Link        string
	DueDate     string
	StartedAt   *time.Time
	ShippedAt   *time.Time
	DroppedAt   *time.Time
	Notes       string
	SourceKey   *string
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (deliverableRow) TableName() string { return "deliverables" }

func deliverableRowOf(d tracker.Deliverable) deliverableRow {
	return deliverableRow{ID: d.ID, ProjectID: d.ProjectID, MilestoneID: d.MilestoneID, Title: d.Title,
		Status: string(d.Status), Link: d.Link, DueDate: string(d.Due), StartedAt: d.StartedAt, ShippedAt: d.ShippedAt,
		DroppedAt: d.DroppedAt, Notes: d.Notes,
		SourceKey: d.SourceKey, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt}
}

func (r deliverableRow) deliverable() tracker.Deliverable {
	return tracker.Deliverable{ID: r.ID, ProjectID: r.ProjectID, MilestoneID: r.MilestoneID, Title: r.Title,
		Status: tracker.Status(r.Status), Link: r.Link, Due: tracker.Date(r.DueDate), StartedAt: r.StartedAt,
		ShippedAt: r.ShippedAt, DroppedAt: r.DroppedAt, Notes: r.Notes,
		SourceKey: r.SourceKey, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func (t *tx) Deliverable(id uint) (tracker.Deliverable, error) {
	var r deliverableRow
	if err := t.db.Take(&r, id).Error; err != nil {
		return tracker.Deliverable{}, notFound(err, fmt.Sprintf("deliverable %d", id))
	}
	return r.deliverable(), nil
}

func (t *tx) ListDeliverables(f tracker.DeliverableQuery) ([]tracker.Deliverable, error) {
	q := t.db.Model(&deliverableRow{})
	if len(f.ProjectIDs) > 0 {
		q = q.Where("project_id IN ?", f.ProjectIDs)
	}
	if len(f.Statuses) > 0 {
		q = q.Where("status IN ?", f.Statuses)
	}
	if !f.ShippedFrom.IsZero() {
		q = q.Where("shipped_at >= ?", tracker.UTC(f.ShippedFrom))
	}
	if !f.ShippedTo.IsZero() {
		q = q.Where("shipped_at < ?", tracker.UTC(f.ShippedTo))
	}
	var rows []deliverableRow
	if err := q.Order("id").Find(&rows).Error; err != nil {
		return nil, err
	}
	ds := make([]tracker.Deliverable, len(rows))
	for i, r := range rows {
		ds[i] = r.deliverable()
	}
	return ds, nil
}

func (t *tx) CreateDeliverable(d *tracker.Deliverable) error {
	r := deliverableRowOf(*d)
	if err := t.db.Create(&r).Error; err != nil {
		return err
	}
	d.ID, d.CreatedAt, d.UpdatedAt = r.ID, r.CreatedAt, r.UpdatedAt
	return nil
}

func (t *tx) SaveDeliverable(d *tracker.Deliverable) error {
	r := deliverableRowOf(*d)
	if err := t.db.Save(&r).Error; err != nil {
		return err
	}
	d.UpdatedAt = r.UpdatedAt
	return nil
}
