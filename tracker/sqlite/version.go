package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// watch holds the one connection that Version reads SQLite's change counter on. PRAGMA
// data_version is per connection: it changes when another connection, in this process or
// another, commits a change to the file, and never for the connection's own writes. This
// connection never writes, so every commit moves it. It is held apart from the pool for the
// store's life, since a new connection starts counting afresh and could repeat an old number.
type watch struct {
	mu   sync.Mutex
	conn *sql.Conn
}

// Version is SQLite's data_version on the store's watch connection: one PRAGMA, which reads a
// counter in shared memory and no page of the database, a few microseconds.
func (s *Store) Version() (uint64, error) {
	s.watch.mu.Lock()
	defer s.watch.mu.Unlock()
	ctx := context.Background()
	if s.watch.conn == nil {
		sqlDB, err := s.db.DB()
		if err != nil {
			return 0, err
		}
		conn, err := sqlDB.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("watch %s: %w", s.path, err)
		}
		s.watch.conn = conn
	}
	var v uint64
	if err := s.watch.conn.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("watch %s: %w", s.path, err)
	}
	return v, nil
}

// close gives the watch connection back, so that closing the pool closes it too.
func (w *watch) close() {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.conn != nil {
		w.conn.Close()
		w.conn = nil
	}
}
