package postgres

import (
	"context"
	"errors"
	"fmt"
)

// Local is the member's own side of a sync, as the sync job needs it: the outbox of changes still
// to push, and the place where teammates' rows and the pull cursor are kept. The SQLite store
// implements it; the outbox is written in the same transaction as the change it records.
type Local interface {
	// Pending returns up to limit changes not yet pushed, oldest first.
	Pending(ctx context.Context, limit int) ([]Change, error)
	// Pushed removes the sent changes from the outbox, each only if the outbox still holds it at
	// the same revision: a row edited again during the push stays pending at its new revision.
	Pushed(ctx context.Context, sent []Change) error
	// Cursor is where the last pull stopped; zero before the first.
	Cursor(ctx context.Context) (Cursor, error)
	// Apply stores teammates' rows from a pull and the new cursor, in one transaction, so that a
	// crash between the two neither loses rows nor applies them twice. A row replaces the stored
	// one only at a higher revision.
	Apply(ctx context.Context, pulled []Change, next Cursor) error
}

// Refuser is a Local that can set a change aside when the server refuses it (data it does not
// accept, or a row of another member), so that one bad row does not hold back every change after
// it. The change waits, marked, until its row changes again; Pending no longer returns it, and
// Pushed leaves it where it is.
type Refuser interface {
	Refuse(ctx context.Context, c Change, reason error) error
}

// BatchSize is how many changes one push sends: large enough that a first push of 100k blocks
// takes a few dozen round trips, small enough that one statement stays a few megabytes.
const BatchSize = 5000

// SyncResult counts what one sync did.
type SyncResult struct {
	Pushed  int // changes the server took
	Stale   int // changes it already had (resent after a lost reply)
	Pulled  int // teammates' rows received
	Refused int // changes the server refused, set aside (see Refuser)
	Cursor  Cursor
}

// Sync pushes the outbox in batches, then pulls teammates' changes. Each batch is removed from
// the outbox only after the server committed it; if the reply is lost, the batch is sent again
// next time and the server ignores what it already has. It stops at the first error; what was
// pushed before it stays pushed.
func Sync(ctx context.Context, r *Remote, l Local) (SyncResult, error) {
	var res SyncResult
	for {
		batch, err := l.Pending(ctx, BatchSize)
		if err != nil {
			return res, fmt.Errorf("read the outbox: %w", err)
		}
		if len(batch) == 0 {
			break
		}
		pr, refused, err := push(ctx, r, l, batch)
		if err != nil {
			return res, err
		}
		if err := l.Pushed(ctx, batch); err != nil {
			return res, fmt.Errorf("clear the outbox: %w", err)
		}
		res.Pushed += pr.Applied
		res.Stale += pr.Stale
		res.Refused += refused
	}
	since, err := l.Cursor(ctx)
	if err != nil {
		return res, fmt.Errorf("read the pull cursor: %w", err)
	}
	pulled, next, err := r.Pull(ctx, since)
	if err != nil {
		return res, err
	}
	res.Cursor = next
	if next == since {
		return res, nil
	}
	if err := l.Apply(ctx, pulled, next); err != nil {
		return res, fmt.Errorf("store pulled changes: %w", err)
	}
	res.Pulled = len(pulled)
	return res, nil
}

// push sends a batch. When the server refuses it for what some change holds and l can set changes
// aside, the batch is halved until the refused changes stand alone, which are set aside: a dozen
// more round trips for one bad row in five thousand, instead of an outbox that never empties.
func push(ctx context.Context, r *Remote, l Local, batch []Change) (PushResult, int, error) {
	pr, err := r.Push(ctx, batch)
	refuser, ok := l.(Refuser)
	// Only a refusal of what a change holds is set aside; a refused login or a permission the
	// admin took away would otherwise set the whole outbox aside.
	var rowErr *RowError
	if err == nil || !ok || !errors.As(err, &rowErr) {
		return pr, 0, err
	}
	if len(batch) == 1 {
		if err := refuser.Refuse(ctx, batch[0], err); err != nil {
			return PushResult{}, 0, fmt.Errorf("set aside a refused change: %w", err)
		}
		return PushResult{}, 1, nil
	}
	half := len(batch) / 2
	a, ra, err := push(ctx, r, l, batch[:half])
	if err != nil {
		return PushResult{}, 0, err
	}
	b, rb, err := push(ctx, r, l, batch[half:])
	if err != nil {
		return PushResult{}, 0, err
	}
	return PushResult{Applied: a.Applied + b.Applied, Stale: a.Stale + b.Stale}, ra + rb, nil
}
