// Package team is the client side of team mode: the sync engine that pushes the user's outbox to
// the team server and pulls teammates' rows (Engine), as `shiplog team sync`, the window and the
// daemon's sync job run it, and a manager's live team report built from the server (Live). The
// record's side lives in tracker/sqlite (the outbox and the pulled rows), the server's in
// tracker/postgres.
package team

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"

	"shiplog/tracker"
	"shiplog/tracker/postgres"
	"shiplog/tracker/sqlite"
)

// Options are what an Engine needs besides the service.
type Options struct {
	// ConfigDir holds the stored login; empty means tracker.ConfigDir().
	ConfigDir string
	// Zone names the system's time zone, which the profile sends while the timezone setting is
	// empty; nil sends UTC then.
	Zone func() string
}

// Engine syncs one record with the team server that the stored login names. It is safe for use by
// several goroutines: syncs run one at a time, and Status never waits for one, so that the
// window's Team tab stays responsive during a long first push.
type Engine struct {
	svc  *tracker.Service
	opts Options

	mu        sync.Mutex // held by a sync
	remote    *postgres.Remote
	remoteFor string // the login (server and member) the remote is connected as

	localMu sync.Mutex // guards local's opening and closing
	local   *sqlite.Local
}

// New builds an engine on svc's database. Close it when done.
func New(svc *tracker.Service, opts Options) *Engine {
	return &Engine{svc: svc, opts: opts}
}

// Close releases the engine's connections.
func (e *Engine) Close() error {
	e.mu.Lock()
	defer e.mu.Unlock()
	var err error
	if e.remote != nil {
		err = e.remote.Close()
		e.remote = nil
	}
	e.localMu.Lock()
	defer e.localMu.Unlock()
	if e.local != nil {
		if cerr := e.local.Close(); err == nil {
			err = cerr
		}
		e.local = nil
	}
	return err
}

func (e *Engine) configDir() (string, error) {
	if e.opts.ConfigDir != "" {
		return e.opts.ConfigDir, nil
	}
	return tracker.ConfigDir()
}

// open opens the record's sync side once. Its methods are safe for concurrent use: each runs in a
// transaction of its own.
func (e *Engine) open() (*sqlite.Local, error) {
	e.localMu.Lock()
	defer e.localMu.Unlock()
	if e.local != nil {
		return e.local, nil
	}
	l, err := sqlite.OpenLocal(e.svc.Path(), e.opts.Zone)
	if err != nil {
		return nil, err
	}
	l.SetClock(e.svc.Clock())
	e.local = l
	return l, nil
}

// Status is where the user's team mode stands.
type Status struct {
	// Joined says whether a login is stored; Login is it, without the password.
	Joined bool
	Login  postgres.Login
	// Pending counts the changes that wait in the outbox, Refused those of them that the server
	// refused, set aside until their rows change.
	Pending, Refused int
	// LastSync is when the last sync completed; zero if none did.
	LastSync time.Time
}

// Status reads the stored login and the outbox; it does not reach the server.
func (e *Engine) Status(ctx context.Context) (Status, error) {
	dir, err := e.configDir()
	if err != nil {
		return Status{}, err
	}
	var st Status
	st.Login, err = postgres.LoadLogin(dir)
	switch {
	case err == nil:
		st.Joined = true
	case !errors.Is(err, tracker.ErrNotFound):
		return Status{}, err
	}
	l, err := e.open()
	if err != nil {
		return Status{}, err
	}
	if st.Pending, err = l.PendingCount(ctx); err != nil {
		return Status{}, err
	}
	if st.LastSync, err = l.LastSync(ctx); err != nil {
		return Status{}, err
	}
	refused, err := l.Refused(ctx)
	st.Refused = len(refused)
	return st, err
}

// Result is what one sync did.
type Result struct {
	postgres.SyncResult
	// Reset is set when the outbox was queued again in full for a team it was never pushed to.
	Reset bool
	// Pending is what waits in the outbox afterwards: zero when in sync.
	Pending int
	At      time.Time
	Login   postgres.Login
}

// Sync pushes the outbox and pulls teammates' rows now. Without a stored login it returns an error
// wrapping tracker.ErrNotFound; when the server cannot be reached, one wrapping
// postgres.ErrUnreachable, and nothing is lost: the outbox waits for the next sync. A change the
// server refuses is set aside and the rest goes on; while any is set aside, Sync completes and
// returns an error wrapping tracker.ErrInvalid that names the first, since the team is not in
// sync.
func (e *Engine) Sync(ctx context.Context) (Result, error) {
	return e.sync(ctx, false)
}

// Resync makes the server match the record: it queues the whole record again at new revisions,
// and tombstones for the rows of the user's that the server holds and the record no longer has,
// then syncs. It is for after a restore of an older backup, when the server holds what the
// restored record lost.
func (e *Engine) Resync(ctx context.Context) (Result, error) {
	return e.sync(ctx, true)
}

func (e *Engine) sync(ctx context.Context, full bool) (Result, error) {
	dir, err := e.configDir()
	if err != nil {
		return Result{}, err
	}
	login, err := postgres.LoadLogin(dir)
	if err != nil {
		return Result{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	res := Result{Login: login}
	l, err := e.open()
	if err != nil {
		return res, err
	}
	r, err := e.connect(ctx, dir, login)
	if err != nil {
		return e.failed(ctx, l, res, err)
	}
	// A new team holds none of the record: it all goes again, and the pull starts over. This
	// waits for a server that answered, so that a mistyped URL does not start anything over.
	if res.Reset, err = l.Joined(ctx, login.Server+" "+login.Member); err != nil {
		return res, err
	}
	if err := l.RefreshProfile(ctx); err != nil {
		return res, err
	}
	if full {
		held := map[string][]uuid.UUID{}
		for _, t := range postgres.Tables() {
			if t == postgres.Members {
				continue
			}
			if held[string(t)], err = r.OwnUIDs(ctx, t); err != nil {
				return e.failed(ctx, l, res, err)
			}
		}
		if err := l.Requeue(ctx, held); err != nil {
			return res, err
		}
	}
	if res.SyncResult, err = postgres.Sync(ctx, r, l); err != nil {
		return e.failed(ctx, l, res, err)
	}
	if res.Pulled > 0 {
		// A teammate's Shiplog that sent no due time leaves it to the receiver, as on arrival.
		if _, err := e.svc.FixRequestDueTimes(); err != nil {
			return res, err
		}
	}
	res.At = e.svc.Now().UTC()
	if err := l.MarkSynced(ctx, res.At); err != nil {
		return res, err
	}
	if res.Pending, err = l.PendingCount(ctx); err != nil {
		return res, err
	}
	refused, err := l.Refused(ctx)
	if err != nil || len(refused) == 0 {
		return res, err
	}
	return res, tracker.Invalidf("the server refused %d change%s, set aside until it changes here (the rest is in sync): %s",
		len(refused), plural(len(refused)), refused[0])
}

// connect opens the remote for login, or reuses the one opened before for the same login.
func (e *Engine) connect(ctx context.Context, dir string, login postgres.Login) (*postgres.Remote, error) {
	key := login.Server + " " + login.Member
	if e.remote != nil && e.remoteFor == key {
		return e.remote, nil
	}
	if e.remote != nil {
		e.remote.Close()
		e.remote = nil
	}
	r, err := postgres.OpenLogin(ctx, dir)
	if err != nil {
		return nil, err
	}
	e.remote, e.remoteFor = r, key
	return r, nil
}

// failed drops a connection that failed, so that the next sync connects afresh, and says what
// waits in the outbox.
func (e *Engine) failed(ctx context.Context, l *sqlite.Local, res Result, err error) (Result, error) {
	if e.remote != nil {
		e.remote.Close()
		e.remote = nil
	}
	if n, cerr := l.PendingCount(ctx); cerr == nil {
		res.Pending = n
		if errors.Is(err, postgres.ErrUnreachable) {
			err = fmt.Errorf("%w; %d change%s wait in the outbox for the next sync", err, n, plural(n))
		}
	}
	return res, err
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
