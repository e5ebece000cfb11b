package sqlite

import (
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"

	"shiplog/tracker"
)

// blockRow is a row of the blocks table.
type blockRow struct {
	ID             uint `gorm:"primaryKey"`
	ProjectID      uint
	DeliverableID  *uint
	Kind           string
	StartAt        time.Time
	EndAt          *time.Time
	PlannedSeconds int64
	Goal           string
	Outcome        string
	Interruptions  int
	LastSeen       *time.Time
	SourceKey      *string
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (blockRow) TableName() string { return "blocks" }

func blockRowOf(b tracker.Block) blockRow {
	return blockRow{ID: b.ID, ProjectID: b.ProjectID, DeliverableID: b.DeliverableID, Kind: string(b.Kind),
		StartAt: b.Start, EndAt: b.End, PlannedSeconds: b.PlannedSeconds, Goal: b.Goal, Outcome: b.Outcome,
		Interruptions: b.Interruptions, LastSeen: b.LastSeen, SourceKey: b.SourceKey, CreatedAt: b.CreatedAt,
		UpdatedAt: b.UpdatedAt}
}

func (r blockRow) block() tracker.Block {
	return tracker.Block{ID: r.ID, ProjectID: r.ProjectID, DeliverableID: r.DeliverableID, Kind: tracker.Kind(r.Kind),
		Start: r.StartAt, End: r.EndAt, PlannedSeconds: r.PlannedSeconds, Goal: r.Goal, Outcome: r.Outcome,
		Interruptions: r.Interruptions, LastSeen: r.LastSeen, SourceKey: r.SourceKey, CreatedAt: r.CreatedAt,
		UpdatedAt: r.UpdatedAt}
}

// takeBlock reads the one block q selects.
func takeBlock(q *gorm.DB, what string) (tracker.Block, error) {
	var r blockRow
	if err := q.Take(&r).Error; err != nil {
		return tracker.Block{}, notFound(err, what)
	}
	return r.block(), nil
}

func (t *tx) Block(id uint) (tracker.Block, error) {
	return takeBlock(t.db.Where("id = ?", id), fmt.Sprintf("block %d", id))
}

func (t *tx) RunningBlock() (tracker.Block, error) {
	return takeBlock(t.db.Where("end_at IS NULL"), "running block")
}

func (t *tx) LastBlockBefore(at time.Time, except uint) (tracker.Block, error) {
	q := t.db.Where("start_at < ? AND id <> ?", tracker.UTC(at), except).Order("start_at DESC").Limit(1)
	return takeBlock(q, "block before "+at.Format(time.RFC3339))
}

// lengthExpr is a finished block's length in seconds. The index blocks_length (migration 2) is on
// this very expression, so that the longest block is found without a scan.
const lengthExpr = "unixepoch(end_at) - unixepoch(start_at)"

// longest is the length of the longest finished block, 0 for none.
func (t *tx) longest() (time.Duration, error) {
	var secs sql.NullInt64
	if err := t.db.Raw("SELECT max(" + lengthExpr + ") FROM blocks").Row().Scan(&secs); err != nil {
		return 0, err
	}
	return time.Duration(secs.Int64) * time.Second, nil
}

// BlocksAcross finds the finished blocks among those that start at most the longest block's
// length before at, through the start index, and the running block on its own.
func (t *tx) BlocksAcross(at time.Time, except uint) ([]tracker.Block, error) {
	at = tracker.UTC(at)
	longest, err := t.longest()
	if err != nil {
		return nil, err
	}
	var rows []blockRow
	err = t.db.Where("start_at >= ? AND start_at < ? AND end_at > ? AND id <> ?", at.Add(-longest), at, at, except).
		Order("start_at, id").Find(&rows).Error
	if err != nil {
		return nil, err
	}
	out := make([]tracker.Block, 0, len(rows)+1)
	for _, r := range rows {
		out = append(out, r.block())
	}
	run, err := t.RunningBlock()
	switch {
	case err == nil && run.Start.Before(at) && run.ID != except:
		out = append(out, run)
		sort.SliceStable(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	case err != nil && !errors.Is(err, tracker.ErrNotFound):
		return nil, err
	}
	return out, nil
}

func (t *tx) FirstBlockIn(from time.Time, to *time.Time, except uint) (tracker.Block, error) {
	q := t.db.Where("start_at >= ? AND id <> ?", tracker.UTC(from), except)
	if to != nil {
		q = q.Where("start_at < ?", tracker.UTC(*to))
	}
	return takeBlock(q.Order("start_at").Limit(1), "block from "+from.Format(time.RFC3339))
}

// blockQuery selects the blocks of a range. Its conditions stay an index range scan on start_at.
func (t *tx) blockQuery(r tracker.BlockRange) *gorm.DB {
	q := t.db.Model(&blockRow{})
	switch {
	case !r.From.IsZero() && len(r.Also) > 0:
		q = q.Where("(start_at >= ? OR id IN ?)", tracker.UTC(r.From), r.Also)
	case !r.From.IsZero():
		q = q.Where("start_at >= ?", tracker.UTC(r.From))
	}
	if !r.To.IsZero() {
		q = q.Where("start_at < ?", tracker.UTC(r.To))
	}
	if len(r.ProjectIDs) > 0 {
		q = q.Where("project_id IN ?", r.ProjectIDs)
	}
	if len(r.Kinds) > 0 {
		q = q.Where("kind IN ?", r.Kinds)
	}
	return q
}

func (t *tx) ListBlocks(r tracker.BlockRange) ([]tracker.Block, error) {
	// Scanned by hand rather than with Find: GORM's per-row reflection made a 100k-block listing
	// take over a second.
	rows, err := t.blockQuery(r).
		Select("id, project_id, kind, start_at, end_at, planned_seconds, goal, outcome, interruptions, deliverable_id, last_seen").
		Order("start_at, id").Rows()
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var bs []tracker.Block
	for rows.Next() {
		var b tracker.Block
		var kind string
		var did sql.NullInt64
		if err := rows.Scan(&b.ID, &b.ProjectID, &kind, &b.Start, &b.End, &b.PlannedSeconds, &b.Goal, &b.Outcome,
			&b.Interruptions, &did, &b.LastSeen); err != nil {
			return nil, err
		}
		b.Kind = tracker.Kind(kind)
		if did.Valid {
			id := uint(did.Int64)
			b.DeliverableID = &id
		}
		bs = append(bs, b)
	}
	return bs, rows.Err()
}

func (t *tx) CreateBlock(b *tracker.Block) error {
	r := blockRowOf(*b)
	if err := t.db.Create(&r).Error; err != nil {
		return err
	}
	b.ID, b.CreatedAt, b.UpdatedAt = r.ID, r.CreatedAt, r.UpdatedAt
	return nil
}

func (t *tx) SaveBlock(b *tracker.Block) error {
	r := blockRowOf(*b)
	if err := t.db.Save(&r).Error; err != nil {
		return err
	}
	b.UpdatedAt = r.UpdatedAt
	return nil
}

func (t *tx) DeleteBlock(id uint) error {
	return t.db.Delete(&blockRow{}, id).Error
}

func (t *tx) MarkRunningSeen(at time.Time) error {
	return t.db.Model(&blockRow{}).Where("end_at IS NULL").Update("last_seen", tracker.UTC(at)).Error
}
