package sqlite_test

import (
	"errors"
	"testing"
	"time"

	"shiplog/tracker"
)

func TestImportStore(t *testing.T) {
	st, clock := mustStore(t)
	key := "toggl:1"
	write(t, st, func(tx tracker.Tx) error {
		p := tracker.Project{Name: "A"}
		if err := tx.CreateProject(&p); err != nil {
			return err
		}
		var bs []tracker.Block
		for i := range 3 {
			s := t0.Add(time.Duration(-i) * time.Hour)
			e := s.Add(30 * time.Minute)
			bs = append(bs, tracker.Block{ProjectID: p.ID, Kind: tracker.KindShallow, Start: s, End: &e})
		}
		bs[0].ID, bs[0].SourceKey = 70, &key
		return tx.InsertBlocks(bs)
	})
	err := st.Read(func(tx tracker.Tx) error {
		t.Run("inserted blocks keep a given ID and are stamped by the store's clock", func(t *testing.T) {
			b, err := tx.Block(70)
			if err != nil || *b.SourceKey != key || !b.CreatedAt.Equal(clock.Now()) || !b.UpdatedAt.Equal(clock.Now()) {
				t.Errorf("got %+v, %v", b, err)
			}
		})
		t.Run("block times list by start with only the times and IDs", func(t *testing.T) {
			bs, _ := tx.BlockTimes()
			if len(bs) != 3 || bs[2].ID != 70 || !bs[0].Start.Equal(t0.Add(-2*time.Hour)) || bs[0].End == nil || bs[0].Kind != "" {
				t.Errorf("got %+v", bs)
			}
		})
		t.Run("only keyed blocks have source keys", func(t *testing.T) {
			if keys, _ := tx.BlockSourceKeys(); len(keys) != 1 || keys[key] != 70 {
				t.Errorf("keys %v", keys)
			}
		})
		t.Run("a key finds its record, and an unknown key is not found", func(t *testing.T) {
			if id, err := tx.KeyedID(tracker.RecordBlocks, key); err != nil || id != 70 {
				t.Errorf("got %d, %v", id, err)
			}
			if _, err := tx.KeyedID(tracker.RecordBlocks, "toggl:2"); !errors.Is(err, tracker.ErrNotFound) {
				t.Errorf("err = %v, want ErrNotFound", err)
			}
		})
		t.Run("an ID is free until a record of that kind has it", func(t *testing.T) {
			for _, tc := range []struct {
				kind tracker.Record
				id   uint
				free bool
			}{{tracker.RecordBlocks, 70, false}, {tracker.RecordBlocks, 69, true}, {tracker.RecordDeliverables, 70, true},
				{tracker.RecordProjects, 1, false}} {
				if free, err := tx.IDFree(tc.kind, tc.id); err != nil || free != tc.free {
					t.Errorf("%s %d: free %v, %v; want %v", tc.kind, tc.id, free, err, tc.free)
				}
			}
			if _, err := tx.IDFree(tracker.RecordSettings, 1); err == nil {
				t.Error("settings have no IDs, but IDFree answered")
			}
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
