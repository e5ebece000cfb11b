package sqlite

import (
	"fmt"
	"time"

	"shiplog/tracker"
)

// decisionRow is a row of the decisions table.
type decisionRow struct {
	ID          uint `gorm:"primaryKey"`
	ProjectID   *uint
	Title       string
	Context     string
	ProposedAt  time.Time
	Deadline    time.Time
	ClosedState string
	Outcome     string
	ClosedAt    *time.Time
	NotifiedAt  *time.Time
	SourceKey   *string
	CreatedAt   time.Time
	UpdatedAt   time.Time
	Team        bool
	Author      string
}

func (decisionRow) TableName() string { return "decisions" }

func decisionRowOf(d tracker.Decision) decisionRow {
	return decisionRow{ID: d.ID, ProjectID: d.ProjectID, Title: d.Title, Context: d.Context, ProposedAt: d.ProposedAt,
		Deadline: d.Deadline, ClosedState: d.Closed, Outcome: d.Outcome, ClosedAt: d.ClosedAt, NotifiedAt: d.NotifiedAt,
		SourceKey: d.SourceKey, CreatedAt: d.CreatedAt, UpdatedAt: d.UpdatedAt, Team: d.Team, Author: d.Author}
}

func (r decisionRow) decision() tracker.Decision {
	return tracker.Decision{ID: r.ID, ProjectID: r.ProjectID, Title: r.Title, Context: r.Context, ProposedAt: r.ProposedAt,
		Deadline: r.Deadline, Closed: r.ClosedState, Outcome: r.Outcome, ClosedAt: r.ClosedAt, NotifiedAt: r.NotifiedAt,
		SourceKey: r.SourceKey, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt, Team: r.Team, Author: r.Author}
}

// objectionRow is a row of the objections table.
type objectionRow struct {
	ID         uint `gorm:"primaryKey"`
	DecisionID uint
	ByWho      string
	Reason     string
	At         time.Time
	Author     string
}

func (objectionRow) TableName() string { return "objections" }

func (t *tx) Decision(id uint) (tracker.Decision, error) {
	var r decisionRow
	if err := t.db.Take(&r, id).Error; err != nil {
		return tracker.Decision{}, notFound(err, fmt.Sprintf("decision %d", id))
	}
	return r.decision(), nil
}

func (t *tx) ListDecisions() ([]tracker.Decision, error) {
	var rows []decisionRow
	if err := t.db.Order("proposed_at, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	ds := make([]tracker.Decision, len(rows))
	for i, r := range rows {
		ds[i] = r.decision()
	}
	return ds, nil
}

func (t *tx) ListObjections(decisionIDs []uint) ([]tracker.Objection, error) {
	q := t.db.Model(&objectionRow{})
	if decisionIDs != nil {
		q = q.Where("decision_id IN ?", decisionIDs)
	}
	var rows []objectionRow
	if err := q.Order("at, id").Find(&rows).Error; err != nil {
		return nil, err
	}
	os := make([]tracker.Objection, len(rows))
	for i, r := range rows {
		os[i] = tracker.Objection{ID: r.ID, DecisionID: r.DecisionID, By: r.ByWho, Reason: r.Reason, At: r.At, Author: r.Author}
	}
	return os, nil
}

func (t *tx) CreateDecision(d *tracker.Decision) error {
	r := decisionRowOf(*d)
	if err := t.db.Create(&r).Error; err != nil {
		return err
	}
	d.ID, d.CreatedAt, d.UpdatedAt = r.ID, r.CreatedAt, r.UpdatedAt
	return nil
}

func (t *tx) SaveDecision(d *tracker.Decision) error {
	r := decisionRowOf(*d)
	if err := t.db.Save(&r).Error; err != nil {
		return err
	}
	d.UpdatedAt = r.UpdatedAt
	return nil
}

func (t *tx) CreateObjection(o *tracker.Objection) error {
	r := objectionRow{ID: o.ID, DecisionID: o.DecisionID, ByWho: o.By, Reason: o.Reason, At: o.At, Author: o.Author}
	if err := t.db.Create(&r).Error; err != nil {
		return err
	}
	o.ID = r.ID
	return nil
}

func (t *tx) MarkDecisionNotified(id uint, at time.Time) error {
	return t.db.Model(&decisionRow{}).Where("id = ?", id).Update("notified_at", tracker.UTC(at)).Error
}
