package pdf

import (
	"testing"
	"time"

	"shiplog/reports"
	"shiplog/reports/internal/fixture"
	"shiplog/tracker"
)

// The fixture's zone, moment and record, under the short names the tests use.
var (
	berlin     = fixture.Berlin
	fixtureNow = fixture.Now
	at         = fixture.At
)

func mustOpen(t testing.TB, now time.Time) *tracker.Service { return fixture.Open(t, now) }

func must[T any](t testing.TB) func(T, error) T { return fixture.Must[T](t) }

func seedFixture(t testing.TB, svc *tracker.Service) { fixture.Seed(t, svc) }

func buildFixture(t *testing.T, opts reports.Options) *reports.Report { return fixture.Build(t, opts) }

func eq[T comparable](t *testing.T, what string, got, want T) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}
