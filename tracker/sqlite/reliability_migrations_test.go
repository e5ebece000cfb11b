package sqlite_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

var updateMigrationFixtures = flag.Bool("update-migration-fixtures", false,
	"write tracker/testdata/migrations/vN.db for the current schema version N")

// migrationsDir holds one database per released schema version, vN.db, with vN.json recording its
// sums. Before a migration N+1 is added, run the test with -update-migration-fixtures while the
// code is still at version N, so that every earlier version keeps a fixture.
const migrationsDir = "testdata/migrations"

// fixtureNow is when the fixtures' demo data was seeded.
var fixtureNow = time.Date(2026, 11, 20, 17, 0, 0, 0, time.UTC)

// dbSums are the figures a migration must not change.
type dbSums struct {
	Projects     int   `json:"projects"`
	Deliverables int   `json:"deliverables"`
	Blocks       int   `json:"blocks"`
	BlockSeconds int64 `json:"block_seconds"`
	Invested     int64 `json:"invested_seconds"`
	Requests     int   `json:"requests"`
	Decisions    int   `json:"decisions"`
}

func sumsOf(t *testing.T, svc *tracker.Service) dbSums {
	t.Helper()
	var s dbSums
	ps, err := svc.Projects(true)
	if err != nil {
		t.Fatal(err)
	}
	s.Projects = len(ps)
	ds, err := svc.Deliverables(tracker.DeliverableFilter{})
	if err != nil {
		t.Fatal(err)
	}
	s.Deliverables = len(ds)
	for _, d := range ds {
		s.Invested += d.InvestedSeconds
	}
	bs, err := svc.Blocks(tracker.BlockFilter{})
	if err != nil {
		t.Fatal(err)
	}
	s.Blocks = len(bs)
	for _, b := range bs {
		s.BlockSeconds += int64(b.Duration(fixtureNow) / time.Second)
	}
	rs, err := svc.Requests(tracker.RequestFilter{})
	if err != nil {
		t.Fatal(err)
	}
	s.Requests = len(rs)
	decs, err := svc.Decisions()
	if err != nil {
		t.Fatal(err)
	}
	s.Decisions = len(decs)
	return s
}

// TestReliabilityMigrations opens a copy of every earlier schema's fixture, lets Open migrate it,
// and checks that the sums are those recorded when the fixture was made, and that a backup of
// the old file was taken whenever a migration ran.
func TestReliabilityMigrations(t *testing.T) {
	clock := clockwork.NewFakeClockAt(fixtureNow)
	if *updateMigrationFixtures {
		writeMigrationFixture(t, clock)
	}
	paths, err := filepath.Glob(filepath.Join(migrationsDir, "v*.db"))
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no fixtures in " + migrationsDir)
	}
	sort.Strings(paths)
	for _, src := range paths {
		var version int
		if _, err := fmt.Sscanf(filepath.Base(src), "v%d.db", &version); err != nil {
			t.Fatalf("%s: name must be vN.db", src)
		}
		t.Run(fmt.Sprintf("a schema %d database migrates to %d with the same sums", version, sqlite.SchemaVersion()), func(t *testing.T) {
			var want dbSums
			b, err := os.ReadFile(strings.TrimSuffix(src, ".db") + ".json")
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(b, &want); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "shiplog.db")
			copyFileT(t, src, path)
			svc, err := sqlite.OpenService(path, tracker.WithClock(clock))
			if err != nil {
				t.Fatalf("open: %v", err)
			}
			defer svc.Close()
			if got := sumsOf(t, svc); got != want {
				t.Errorf("sums after migrating %+v, want %+v", got, want)
			}
			bak := fmt.Sprintf("%s.v%d.bak", path, version)
			_, err = os.Stat(bak)
			switch {
			case version < sqlite.SchemaVersion() && err != nil:
				t.Errorf("no backup %s before migrating: %v", filepath.Base(bak), err)
			case version == sqlite.SchemaVersion() && err == nil:
				t.Errorf("backup %s taken though nothing migrated", filepath.Base(bak))
			}
		})
	}
}

func writeMigrationFixture(t *testing.T, clock *clockwork.FakeClock) {
	v := sqlite.SchemaVersion()
	dst := filepath.Join(migrationsDir, fmt.Sprintf("v%d.db", v))
	tmp := filepath.Join(t.TempDir(), "fixture.db")
	svc, err := sqlite.OpenService(tmp, tracker.WithClock(clock))
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.SeedDemo(fixtureNow); err != nil {
		t.Fatal(err)
	}
	// A running block, an RTL and emoji goal: data a migration must carry over as it is.
	if _, _, err := svc.StartBlock(tracker.Block{Project: "Shiplog app", Kind: tracker.KindDeep,
		Goal: "مراجعة 🚀 review", Start: fixtureNow.Add(-5 * time.Minute)}); err != nil {
		t.Fatal(err)
	}
	sums := sumsOf(t, svc)
	if err := svc.Backup(dst); err != nil {
		t.Fatal(err)
	}
	svc.Close()
	b, err := json.MarshalIndent(sums, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(strings.TrimSuffix(dst, ".db")+".json", append(b, '\n'), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s: %+v", dst, sums)
}

func copyFileT(t *testing.T, src, dst string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}
