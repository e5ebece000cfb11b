package sqlite

import (
	"fmt"

	"gorm.io/gorm/clause"
)

// settingRow is a row of the settings table.
type settingRow struct {
	Key   string `gorm:"primaryKey"`
	Value string
}

func (settingRow) TableName() string { return "settings" }

func (t *tx) StoredSettings() (map[string]string, error) {
	var rows []settingRow
	if err := t.db.Find(&rows).Error; err != nil {
		return nil, err
	}
	m := make(map[string]string, len(rows))
	for _, r := range rows {
		m[r.Key] = r.Value
	}
	return m, nil
}

func (t *tx) StoredSetting(key string) (string, error) {
	var r settingRow
	if err := t.db.Where("key = ?", key).Take(&r).Error; err != nil {
		return "", notFound(err, fmt.Sprintf("setting %q", key))
	}
	return r.Value, nil
}

func (t *tx) PutSetting(key, value string) error {
	return t.db.Clauses(clause.OnConflict{UpdateAll: true}).Create(&settingRow{Key: key, Value: value}).Error
}

func (t *tx) DeleteSetting(key string) error {
	return t.db.Exec("DELETE FROM settings WHERE key = ?", key).Error
}
