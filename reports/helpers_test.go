package reports_test

import (
	"math"
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

// mustOpen opens a fresh database in Berlin time with the clock at now.
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

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-6 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
