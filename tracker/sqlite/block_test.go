package sqlite_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// blockFixture stores a project with three finished blocks an hour apart, each 30 minutes long from
// t0-3h, and a running block from t0-10m. It returns the blocks' IDs in start order.
func blockFixture(t *testing.T) (*sqlite.Store, []uint) {
	t.Helper()
	st, _ := mustStore(t)
	var ids []uint
	write(t, st, func(tx tracker.Tx) error {
		p := tracker.Project{Name: "P"}
		if err := tx.CreateProject(&p); err != nil {
			return err
		}
		for i := range 3 {
			s := t0.Add(time.Duration(i-3) * time.Hour)
			e := s.Add(30 * time.Minute)
			b := tracker.Block{ProjectID: p.ID, Kind: tracker.KindDeep, Start: s, End: &e}
			if err := tx.CreateBlock(&b); err != nil {
				return err
			}
			ids = append(ids, b.ID)
		}
		run := tracker.Block{ProjectID: p.ID, Kind: tracker.KindAsync, Start: t0.Add(-10 * time.Minute)}
		if err := tx.CreateBlock(&run); err != nil {
			return err
		}
		ids = append(ids, run.ID)
		return nil
	})
	return st, ids
}

func TestBlockNeighboursForTheOverlapRule(t *testing.T) {
	st, ids := blockFixture(t)
	at := func(h, m int) time.Time { return t0.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	end := func(h, m int) *time.Time { e := at(h, m); return &e }
	tests := []struct {
		name string
		get  func(tx tracker.Tx) (tracker.Block, error)
		want uint // 0: not found
	}{
		{"the last block before a time starts strictly before it",
			func(tx tracker.Tx) (tracker.Block, error) { return tx.LastBlockBefore(at(-2, 0), 0) }, ids[0]},
		{"the last block before a time may be excepted",
			func(tx tracker.Tx) (tracker.Block, error) { return tx.LastBlockBefore(at(-1, 0), ids[1]) }, ids[0]},
		{"before the first block there is none",
			func(tx tracker.Tx) (tracker.Block, error) { return tx.LastBlockBefore(at(-3, 0), 0) }, 0},
		{"the first block in a range may start at its beginning",
			func(tx tracker.Tx) (tracker.Block, error) { return tx.FirstBlockIn(at(-2, 0), end(-1, 0), 0) }, ids[1]},
		{"a range ends before its end",
			func(tx tracker.Tx) (tracker.Block, error) { return tx.FirstBlockIn(at(-2, 10), end(-1, 0), 0) }, 0},
		{"an open range reaches the running block",
			func(tx tracker.Tx) (tracker.Block, error) { return tx.FirstBlockIn(at(-0, -20), nil, 0) }, ids[3]},
		{"the first block in a range may be excepted",
			func(tx tracker.Tx) (tracker.Block, error) { return tx.FirstBlockIn(at(-2, 0), nil, ids[1]) }, ids[2]},
		{"the running block has no end",
			func(tx tracker.Tx) (tracker.Block, error) { return tx.RunningBlock() }, ids[3]},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := st.Read(func(tx tracker.Tx) error {
				b, err := tt.get(tx)
				switch {
				case tt.want == 0 && !errors.Is(err, tracker.ErrNotFound):
					t.Errorf("got %+v, %v; want ErrNotFound", b, err)
				case tt.want != 0 && (err != nil || b.ID != tt.want):
					t.Errorf("got block %d, %v; want %d", b.ID, err, tt.want)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestListBlocksSelectsTheRange(t *testing.T) {
	st, ids := blockFixture(t)
	from := t0.Add(-2*time.Hour + 15*time.Minute) // inside the second block
	tests := []struct {
		name string
		r    tracker.BlockRange
		want []uint
	}{
		{"no bounds list every block by start", tracker.BlockRange{}, ids},
		{"a range lists the blocks that start in it", tracker.BlockRange{From: from, To: t0.Add(-30 * time.Minute)}, ids[2:3]},
		{"Also adds the blocks that run into the range", tracker.BlockRange{From: from, To: t0.Add(-30 * time.Minute), Also: ids[1:2]}, ids[1:3]},
		{"kinds select", tracker.BlockRange{Kinds: []tracker.Kind{tracker.KindAsync}}, ids[3:]},
		{"projects select", tracker.BlockRange{ProjectIDs: []uint{999}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := st.Read(func(tx tracker.Tx) error {
				bs, err := tx.ListBlocks(tt.r)
				var got []uint
				for _, b := range bs {
					got = append(got, b.ID)
				}
				if fmt.Sprint(got) != fmt.Sprint(tt.want) {
					t.Errorf("got %v, want %v", got, tt.want)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestBlocksGoInAnyZoneAndComeBackInUTC(t *testing.T) {
	st, ids := blockFixture(t)
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	var b tracker.Block
	write(t, st, func(tx tracker.Tx) error {
		var err error
		if b, err = tx.Block(ids[0]); err != nil {
			return err
		}
		// A local time with a fraction of a second is stored as its UTC instant, whole seconds.
		b.Start = b.Start.In(berlin).Add(-time.Hour - 400*time.Millisecond)
		b.Goal = "moved"
		return tx.SaveBlock(&b)
	})
	err = st.Read(func(tx tracker.Tx) error {
		got, err := tx.Block(ids[0])
		want := t0.Add(-4*time.Hour - time.Second)
		if got.Start.Location() != time.UTC || !got.Start.Equal(want) || got.Goal != "moved" {
			t.Errorf("start %v (%v), goal %q; want %v in UTC", got.Start, got.Start.Location(), got.Goal, want)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestMarkRunningSeenTouchesOnlyTheRunningBlock(t *testing.T) {
	st, ids := blockFixture(t)
	write(t, st, func(tx tracker.Tx) error { return tx.MarkRunningSeen(t0) })
	err := st.Read(func(tx tracker.Tx) error {
		bs, err := tx.ListBlocks(tracker.BlockRange{})
		for _, b := range bs {
			seen := b.LastSeen != nil && b.LastSeen.Equal(t0)
			if seen != (b.ID == ids[3]) {
				t.Errorf("block %d last seen %v", b.ID, b.LastSeen)
			}
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestDeleteBlock(t *testing.T) {
	st, ids := blockFixture(t)
	write(t, st, func(tx tracker.Tx) error { return tx.DeleteBlock(ids[3]) })
	err := st.Read(func(tx tracker.Tx) error {
		if _, err := tx.RunningBlock(); !errors.Is(err, tracker.ErrNotFound) {
			t.Errorf("running block after deleting it: %v", err)
		}
		if _, err := tx.Block(ids[3]); !errors.Is(err, tracker.ErrNotFound) {
			t.Errorf("block %d after deleting it: %v", ids[3], err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
