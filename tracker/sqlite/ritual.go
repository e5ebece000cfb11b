package sqlite

import (
	"fmt"
	"time"

	"shiplog/tracker"
)

// dayCloseRow is a row of the day_closes table.
type dayCloseRow struct {
	ID                uint `gorm:"primaryKey"`
	Day               string
	Zone              string
	ClosedAt          time.Time
	TomorrowGoal      string
	TomorrowProjectID *uint
	Handoff           string
	Energy            *int
	UID               string `gorm:"column:uid"`
	Rev               int64
	CreatedAt         time.Time
	UpdatedAt         time.Time
}

func (dayCloseRow) TableName() string { return "day_closes" }

func dayCloseRowOf(c tracker.DayClose) dayCloseRow {
	return dayCloseRow{ID: c.ID, Day: string(c.Day), Zone: c.Zone, ClosedAt: c.ClosedAt, TomorrowGoal: c.Tomorrow.Goal,
		TomorrowProjectID: c.Tomorrow.ProjectID, Handoff: c.Handoff, Energy: c.Energy, UID: c.UID, Rev: c.Rev,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func (r dayCloseRow) dayClose() tracker.DayClose {
	return tracker.DayClose{ID: r.ID, Day: tracker.Date(r.Day), Zone: r.Zone, ClosedAt: r.ClosedAt,
		Tomorrow: tracker.Plan{Goal: r.TomorrowGoal, ProjectID: r.TomorrowProjectID}, Handoff: r.Handoff, Energy: r.Energy,
		UID: r.UID, Rev: r.Rev, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

// checkInRow is a row of the check_ins table.
type checkInRow struct {
	ID           uint `gorm:"primaryKey"`
	Week         string
	Satisfaction int
	Balance      int
	Note         string
	At           time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (checkInRow) TableName() string { return "check_ins" }

func checkInRowOf(c tracker.CheckIn) checkInRow {
	return checkInRow{ID: c.ID, Week: c.Week, Satisfaction: c.Satisfaction, Balance: c.Balance, Note: c.Note, At: c.At,
		CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func (r checkInRow) checkIn() tracker.CheckIn {
	return tracker.CheckIn{ID: r.ID, Week: r.Week, Satisfaction: r.Satisfaction, Balance: r.Balance, Note: r.Note, At: r.At,
		CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func (t *tx) DayClose(day tracker.Date) (tracker.DayClose, error) {
	var r dayCloseRow
	if err := t.db.Where("day = ?", string(day)).Take(&r).Error; err != nil {
		return tracker.DayClose{}, notFound(err, fmt.Sprintf("the close of %s", day))
	}
	return r.dayClose(), nil
}

func (t *tx) ListDayCloses(from, to tracker.Date) ([]tracker.DayClose, error) {
	q := t.db.Model(&dayCloseRow{})
	if from != "" {
		q = q.Where("day >= ?", string(from))
	}
	if to != "" {
		q = q.Where("day <= ?", string(to))
	}
	var rows []dayCloseRow
	if err := q.Order("day").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]tracker.DayClose, len(rows))
	for i, r := range rows {
		out[i] = r.dayClose()
	}
	return out, nil
}

func (t *tx) CreateDayClose(c *tracker.DayClose) error {
	r := dayCloseRowOf(*c)
	if err := t.db.Create(&r).Error; err != nil {
		return err
	}
	c.ID, c.CreatedAt, c.UpdatedAt = r.ID, r.CreatedAt, r.UpdatedAt
	return nil
}

func (t *tx) SaveDayClose(c *tracker.DayClose) error {
	r := dayCloseRowOf(*c)
	if err := t.db.Save(&r).Error; err != nil {
		return err
	}
	c.UpdatedAt = r.UpdatedAt
	return nil
}

func (t *tx) CheckIn(week string) (tracker.CheckIn, error) {
	var r checkInRow
	if err := t.db.Where("week = ?", week).Take(&r).Error; err != nil {
		return tracker.CheckIn{}, notFound(err, fmt.Sprintf("the check-in of %s", week))
	}
	return r.checkIn(), nil
}

func (t *tx) ListCheckIns(from, to string) ([]tracker.CheckIn, error) {
	q := t.db.Model(&checkInRow{})
	// ISO weeks written "2026-W05" sort as text in time order.
	if from != "" {
		q = q.Where("week >= ?", from)
	}
	if to != "" {
		q = q.Where("week <= ?", to)
	}
	var rows []checkInRow
	if err := q.Order("week").Find(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]tracker.CheckIn, len(rows))
	for i, r := range rows {
		out[i] = r.checkIn()
	}
	return out, nil
}

func (t *tx) CreateCheckIn(c *tracker.CheckIn) error {
	r := checkInRowOf(*c)
	if err := t.db.Create(&r).Error; err != nil {
		return err
	}
	c.ID, c.CreatedAt, c.UpdatedAt = r.ID, r.CreatedAt, r.UpdatedAt
	return nil
}

func (t *tx) SaveCheckIn(c *tracker.CheckIn) error {
	r := checkInRowOf(*c)
	if err := t.db.Save(&r).Error; err != nil {
		return err
	}
	c.UpdatedAt = r.UpdatedAt
	return nil
}
