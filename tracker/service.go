package tracker

import (
	"sort"
	"strings"
	"sync/atomic"
	"time"
)

// Service is the tracker's API: every front end (window, tray, CLI, jobs) reads and writes through it.
// Each method that writes runs in one transaction, so a failure writes nothing.
type Service struct {
	store Store
	clock Clock
	// zone caches the configured time zone, read on first use; changing the time-zone setting
	// through this service, or reading the settings with Config, brings it up to date.
	zone    atomic.Pointer[time.Location]
	secrets SecretStore
}

// Option adjusts how NewService builds the service.
type Option func(*Service)

// WithClock injects the clock; the default is the system clock.
func WithClock(c Clock) Option { return func(s *Service) { s.clock = c } }

// NewService builds the service on a store, such as the one tracker/sqlite opens.
func NewService(store Store, opts ...Option) *Service {
	s := &Service{store: store, clock: SystemClock, secrets: FileSecrets{}}
	for _, o := range opts {
		o(s)
	}
	return s
}

// Now is the service clock's time.
func (s *Service) Now() time.Time { return s.clock.Now() }

// Location is the configured time zone (Config.Location). Messages that name a time show it there.
func (s *Service) Location() *time.Location {
	if loc := s.zone.Load(); loc != nil {
		return loc
	}
	c, err := s.Config()
	if err != nil {
		// The error shows where it matters, on the operation itself; a message in the system's
		// zone is the best there is meanwhile.
		return time.Local
	}
	return c.Location()
}

// now is the clock's time in the configured zone. Every operation starts from it, so that
// Validate and the service's own messages show the times they name as the user reads them.
// Stored times are made UTC (utc) whatever their zone.
func (s *Service) now() time.Time { return s.clock.Now().In(s.Location()) }

// Clock is the service's clock.
func (s *Service) Clock() Clock { return s.clock }

// Path says where the record lives, such as the database file.
func (s *Service) Path() string { return s.store.Path() }

// Version changes whenever a change to the record is committed, by this process or another; see
// Store.Version.
func (s *Service) Version() (uint64, error) { return s.store.Version() }

// Close closes the store.
func (s *Service) Close() error { return s.store.Close() }

// read runs fn with a consistent view of the record.
func (s *Service) read(fn func(tx Tx) error) error { return s.store.Read(fn) }

// write runs fn in one write transaction.
func (s *Service) write(fn func(tx Tx) error) error { return s.store.Write(fn) }

// closest returns up to n candidates that look like name: same letters ignoring case, a shared
// prefix or substring, or a small edit distance. Used to suggest names after a typo.
func closest(name string, candidates []string, n int) []string {
	type scored struct {
		s string
		d int
	}
	ln := strings.ToLower(name)
	var out []scored
	for _, c := range candidates {
		lc := strings.ToLower(c)
		d := levenshtein(ln, lc)
		if ln != "" && (strings.Contains(lc, ln) || strings.Contains(ln, lc)) {
			d = min(d, 1)
		}
		if d <= max(2, len([]rune(ln))/3) {
			out = append(out, scored{c, d})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].d < out[j].d })
	var names []string
	for i := 0; i < len(out) && i < n; i++ {
		names = append(names, out[i].s)
	}
	return names
}

func levenshtein(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
