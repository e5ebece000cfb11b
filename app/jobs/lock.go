package jobs

import (
	"errors"
	"sync"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
)

// StartWhenFree starts a runner on svc as Start does. When another process runs the database's
// jobs (a daemon), it tries again every minute until it can, so that a window started beside a
// daemon takes the jobs over once the daemon stops, and the two never run them at once. status is
// told (false, the *desktop.LockedError) when the jobs wait, and (true, nil) when they start; it
// may be nil. stop stops the runner, or the waiting. An error other than the lock is returned.
func StartWhenFree(svc *tracker.Service, clock clockwork.Clock, opts Options, status func(running bool, err error)) (stop func(), err error) {
	if status == nil {
		status = func(bool, error) {}
	}
	try := func() (*Runner, error) {
		r, err := New(svc, clock, opts)
		if err != nil {
			return nil, err
		}
		if err := r.Start(); err != nil {
			return nil, err
		}
		return r, nil
	}
	r, err := try()
	if err == nil {
		status(true, nil)
		return func() { _ = r.Stop() }, nil
	}
	if !errors.Is(err, tracker.ErrLocked) {
		return nil, err
	}
	status(false, err)
	var (
		mu      sync.Mutex
		running *Runner
	)
	done := make(chan struct{})
	ticker := clock.NewTicker(time.Minute)
	go func() {
		defer ticker.Stop()
		for {
			select {
			case <-done:
				return
			case <-ticker.Chan():
			}
			mu.Lock()
			select {
			case <-done:
				mu.Unlock()
				return
			default:
			}
			r, err := try()
			if err == nil {
				running = r
			}
			mu.Unlock()
			switch {
			case err == nil:
				status(true, nil)
				return
			case !errors.Is(err, tracker.ErrLocked):
				status(false, err)
				return
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() {
			mu.Lock()
			close(done)
			r := running
			mu.Unlock()
			if r != nil {
				_ = r.Stop()
			}
		})
	}, nil
}
