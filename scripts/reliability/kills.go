package main

import (
	"database/sql"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"shiplog/tracker/sqlite"
)

// killCase is one command killed at random moments, and the check of what it left.
type killCase struct {
	name string
	// prepare makes the database (and anything else) for one run, returning the command's arguments.
	prepare func(i int) (db string, args []string, err error)
	// check says what is wrong after a run, killed or not; "" if nothing.
	check func(db string, finished bool) string
}

// kills runs start/stop, import, restore and backup, killing each with SIGKILL at random moments
// of its life, and checks after every kill that the database is whole and holds either all or
// nothing of what the command was doing.
func (s *suite) killChecks() result {
	const name = "kills"
	runs := 30
	if s.short {
		runs = 6
	}
	dir := filepath.Join(s.tmp, "kills")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fail(name, "%v", err)
	}
	// The import file: 2,000 Timewarrior intervals, imported in one transaction or not at all.
	const intervals = 2000
	importFile := filepath.Join(dir, "timew.json")
	if err := writeTimew(importFile, intervals); err != nil {
		return fail(name, "%v", err)
	}
	// The backup to restore: 40,000 projects, against a database of one.
	const bigProjects = 40000
	big, err := s.fresh(filepath.Join("kills", "big"))
	if err != nil {
		return fail(name, "%v", err)
	}
	if err := fillProjects(big, bigProjects-1); err != nil {
		return fail(name, "%v", err)
	}
	template, err := s.fresh(filepath.Join("kills", "template"))
	if err != nil {
		return fail(name, "%v", err)
	}
	fresh := func(kind string, i int) (string, error) {
		db := filepath.Join(dir, kind, fmt.Sprintf("%d", i), "shiplog.db")
		if err := os.MkdirAll(filepath.Dir(db), 0o700); err != nil {
			return "", err
		}
		return db, copyFile(template, db)
	}
	blocks := func(db string) int { return countRows(db, "SELECT count(*) FROM blocks") }
	projects := func(db string) int { return countRows(db, "SELECT count(*) FROM projects") }
	whole := func(db string) string {
		if r, _ := integrityCheck(db); r != "ok" {
			return "integrity: " + r
		}
		return ""
	}
	cases := []killCase{
		{name: "start/stop",
			prepare: func(i int) (string, []string, error) {
				db := filepath.Join(dir, "startstop", "shiplog.db")
				if i == 0 {
					if err := os.MkdirAll(filepath.Dir(db), 0o700); err != nil {
						return "", nil, err
					}
					if err := copyFile(template, db); err != nil {
						return "", nil, err
					}
				}
				if countRows(db, "SELECT count(*) FROM blocks WHERE end_at IS NULL") > 0 {
					return db, []string{"stop"}, nil
				}
				return db, []string{"start", "deep", "--project", "P"}, nil
			},
			check: func(db string, _ bool) string {
				if w := whole(db); w != "" {
					return w
				}
				if n := countRows(db, "SELECT count(*) FROM blocks WHERE end_at IS NULL"); n > 1 {
					return fmt.Sprintf("%d running blocks", n)
				}
				return ""
			}},
		{name: "import",
			prepare: func(i int) (string, []string, error) {
				db, err := fresh("import", i)
				return db, []string{"import", "timewarrior", importFile}, err
			},
			check: func(db string, finished bool) string {
				if w := whole(db); w != "" {
					return w
				}
				if n := blocks(db); n != 0 && n != intervals {
					return fmt.Sprintf("%d of %d blocks: a partial import", n, intervals)
				}
				return ""
			}},
		{name: "restore",
			prepare: func(i int) (string, []string, error) {
				db, err := fresh("restore", i)
				return db, []string{"restore", big}, err
			},
			check: func(db string, _ bool) string {
				if w := whole(db); w != "" {
					return w
				}
				if n := projects(db); n != 1 && n != bigProjects {
					return fmt.Sprintf("%d projects, neither the old 1 nor the backup's %d", n, bigProjects)
				}
				return ""
			}},
		{name: "backup",
			prepare: func(i int) (string, []string, error) {
				out := filepath.Join(dir, "backups", fmt.Sprintf("b%d.db", i))
				if err := os.MkdirAll(filepath.Dir(out), 0o700); err != nil {
					return "", nil, err
				}
				return big, []string{"backup", "--out", out}, nil
			},
			check: func(db string, _ bool) string {
				if w := whole(db); w != "" {
					return "the database: " + w
				}
				es, _ := os.ReadDir(filepath.Join(dir, "backups"))
				for _, e := range es {
					p := filepath.Join(dir, "backups", e.Name())
					if strings.HasPrefix(e.Name(), ".shiplog-") {
						continue // a temporary file a kill left; never the backup's name
					}
					if err := sqlite.CheckBackup(p); err != nil {
						return "a backup file that is not whole: " + err.Error()
					}
				}
				return ""
			}},
	}
	rng := rand.New(rand.NewPCG(3, uint64(runs)))
	var parts, bad []string
	for _, c := range cases {
		// Time one run to spread the kills over a run's whole life.
		db, args, err := c.prepare(0)
		if err != nil {
			return fail(name, "%s: %v", c.name, err)
		}
		t0 := time.Now()
		if code, _, stderr := s.shiplog(db, args...); code != 0 {
			return fail(name, "%s: a run without a kill failed: %s", c.name, strings.TrimSpace(stderr))
		}
		span := time.Since(t0)
		killed := 0
		for i := 1; i <= runs; i++ {
			db, args, err := c.prepare(i)
			if err != nil {
				return fail(name, "%s: %v", c.name, err)
			}
			cmd := exec.Command(s.bin, append([]string{"--db", db}, args...)...)
			cmd.Env = append(os.Environ(), "TZ=UTC")
			cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
			if err := cmd.Start(); err != nil {
				return fail(name, "%v", err)
			}
			time.Sleep(time.Duration(rng.Int64N(int64(span) * 5 / 4)))
			_ = cmd.Process.Signal(syscall.SIGKILL)
			err = cmd.Wait()
			if err != nil {
				killed++
			}
			if problem := c.check(db, err == nil); problem != "" {
				bad = append(bad, fmt.Sprintf("%s kill %d: %s", c.name, i, problem))
				break
			}
		}
		parts = append(parts, fmt.Sprintf("%s %d runs, %d killed (one run %v)", c.name, runs, killed, span.Round(time.Millisecond)))
	}
	detail := strings.Join(parts, "; ") + "; after every kill integrity ok and all or nothing (one running block at most, 0 or 2000 imported blocks, 1 or 40000 projects restored, every backup file whole)"
	if len(bad) > 0 {
		detail = strings.Join(parts, "; ") + "; FAILED: " + strings.Join(bad, " | ")
	}
	return result{name: name, ok: len(bad) == 0, detail: detail}
}

// writeTimew writes a Timewarrior export of n half-hour intervals, one an hour, in the past.
func writeTimew(path string, n int) error {
	var b strings.Builder
	b.WriteString("[\n")
	start := time.Now().UTC().Truncate(time.Hour).Add(-time.Duration(n+48) * time.Hour)
	for i := range n {
		from := start.Add(time.Duration(i) * time.Hour)
		if i > 0 {
			b.WriteString(",\n")
		}
		fmt.Fprintf(&b, `{"id":%d,"start":%q,"end":%q,"tags":["P","deep"],"annotation":"interval %d"}`, n-i,
			from.Format("20060102T150405Z"), from.Add(30*time.Minute).Format("20060102T150405Z"), i)
	}
	b.WriteString("\n]\n")
	return os.WriteFile(path, []byte(b.String()), 0o600)
}

// fillProjects adds n projects to the database at path in one statement.
func fillProjects(path string, n int) error {
	db, err := sql.Open("sqlite3", "file:"+path+"?_journal_mode=WAL")
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
		INSERT INTO projects (name, created_at) SELECT 'filler ' || i, '2026-11-25 08:00:00+00:00' FROM n`, n)
	return err
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o600)
}
