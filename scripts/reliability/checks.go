package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

// goTest runs go test and returns its output; ok is false when a test failed. The timeout is
// explicit so that a hang ends as a failed check long before go test's default of ten minutes.
func goTest(args ...string) (string, bool) {
	out, err := exec.Command("go", append([]string{"test", "-count=1", "-timeout", "5m"}, args...)...).CombinedOutput()
	return string(out), err == nil
}

// timeCheck runs the property tests over tz database zones: tracker/reliability_time_test.go
// (stored durations and per-day splits) and reports/reliability_time_test.go (the report's
// per-day deep-work series against its totals).
func (s *suite) timeCheck() result {
	out, ok := goTest("-run", "TestReliabilityTimeSplits|TestReliabilityDeepWorkDays", "-v", "./tracker/", "./reports/")
	figures := regexp.MustCompile(`reliability: (.*)`).FindAllStringSubmatch(out, -1)
	var parts []string
	for _, f := range figures {
		parts = append(parts, f[1])
	}
	fails := strings.Count(out, "--- FAIL")
	detail := fmt.Sprintf("%s; durations and per-day splits exact to the second, report days sum to the totals; %d failures",
		strings.Join(parts, "; "), fails)
	if !ok {
		detail += ": " + firstLines(grepLines(out, "reliability_time_test.go"), 3)
	}
	return result{name: "time", ok: ok, detail: detail}
}

// sleep starts a block, lets the app see it for 10 minutes, then jumps the fake clock 8 hours as a
// suspend does: the honest-time check must find the gap, the stored block must not have grown a
// heartbeat over it, and stopping at the last sighting keeps 10 minutes. The tests of the
// question (keep, stop, split) in tracker and app/ui run too.
func (s *suite) sleep() result {
	const name = "sleep"
	t0 := time.Date(2026, 11, 24, 9, 0, 0, 0, time.UTC)
	clock := clockwork.NewFakeClockAt(t0)
	svc, err := sqlite.OpenService(filepath.Join(s.tmp, "sleep", "shiplog.db"), tracker.WithClock(clock))
	if err != nil {
		return fail(name, "%v", err)
	}
	defer svc.Close()
	if _, err := svc.AddProject(tracker.Project{Name: "P"}); err != nil {
		return fail(name, "%v", err)
	}
	if _, _, err := svc.StartBlock(tracker.Block{Project: "P", Kind: tracker.KindDeep}); err != nil {
		return fail(name, "%v", err)
	}
	clock.Advance(10 * time.Minute)
	if err := svc.Heartbeat(clock.Now()); err != nil {
		return fail(name, "%v", err)
	}
	seen := clock.Now()
	clock.Advance(8 * time.Hour)
	b, err := svc.Running()
	if err != nil {
		return fail(name, "%v", err)
	}
	cfg, err := svc.Config()
	if err != nil {
		return fail(name, "%v", err)
	}
	gap, asks := tracker.FindGap(b, clock.Now(), cfg.IdleGap)
	if !asks || gap.Length() != 8*time.Hour || !gap.LastSeen.Equal(seen) {
		return fail(name, "after an 8 h jump: asks %v, gap %v from %v", asks, gap.Length(), gap.LastSeen)
	}
	if b.LastSeen == nil || !b.LastSeen.Equal(seen) {
		return fail(name, "the stored block was last seen at %v, not %v", b.LastSeen, seen)
	}
	stopped, err := svc.StopBlock(tracker.StopInput{At: gap.LastSeen})
	if err != nil {
		return fail(name, "%v", err)
	}
	out, ok := goTest("-run", "TestFindGap|TestResolveGap|TestSleepGap|TestClockJumped|TestCrashRestore", "-v", "./tracker/", "./app/ui/")
	passed := strings.Count(out, "--- PASS")
	detail := fmt.Sprintf("8 h jump: asked about a %v gap since %s, nothing added while asking; stopped at last seen: %v block; gap tests (tracker, app/ui) %d passed",
		gap.Length(), gap.LastSeen.Format("15:04"), stopped.Duration(clock.Now()), passed)
	if !ok {
		detail += ", FAILED: " + firstLines(grepLines(out, "FAIL"), 3)
	}
	return result{name: name, ok: ok && stopped.Duration(clock.Now()) == 10*time.Minute, detail: detail}
}

// migrations runs the fixture test: every earlier schema's database opens, migrates and keeps its sums.
func (s *suite) migrations() result {
	out, ok := goTest("-run", "TestReliabilityMigrations", "-v", "./tracker/sqlite/")
	fixtures, _ := filepath.Glob("tracker/sqlite/testdata/migrations/v*.db")
	var names []string
	for _, f := range fixtures {
		names = append(names, filepath.Base(f))
	}
	older := 0
	for _, f := range fixtures {
		var v int
		if _, err := fmt.Sscanf(filepath.Base(f), "v%d.db", &v); err == nil && v < sqlite.SchemaVersion() {
			older++
		}
	}
	detail := fmt.Sprintf("fixtures %s migrate to schema %d with identical sums (%d passed); %d of them older than the schema, so migrated for real, each with its .vN.bak backup taken first",
		strings.Join(names, ", "), sqlite.SchemaVersion(), strings.Count(out, "    --- PASS"), older)
	if older == 0 {
		detail += "; NO FIXTURE IS OLDER THAN THE SCHEMA: no migration ran"
		ok = false
	}
	if !ok {
		detail += ", FAILED: " + firstLines(grepLines(out, "reliability_migrations_test.go"), 3)
	}
	return result{name: "migrations", ok: ok, detail: detail}
}

// diskFull mounts a 4 MB tmpfs, fills it while the CLI writes, and checks the error is clear, the
// earlier writes are intact, and writing works again once space is freed.
func (s *suite) diskFull() result {
	const name = "disk"
	if os.Geteuid() != 0 {
		return result{name: name, skipped: true, detail: "skipped: not root, cannot mount a tmpfs"}
	}
	dir := filepath.Join(s.tmp, "disk")
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fail(name, "%v", err)
	}
	if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", dir).CombinedOutput(); err != nil {
		return result{name: name, skipped: true, detail: fmt.Sprintf("skipped: mount unavailable: %s", strings.TrimSpace(string(out)))}
	}
	defer exec.Command("umount", dir).Run()
	db := filepath.Join(dir, "shiplog.db")
	if code, _, stderr := s.shiplog(db, "project", "add", "P"); code != 0 {
		return fail(name, "project add: %s", stderr)
	}
	base := time.Now().UTC().Truncate(time.Hour).Add(-1000 * time.Hour)
	add := func(i int) (int, string) {
		from := base.Add(time.Duration(i) * time.Hour)
		code, _, stderr := s.shiplog(db, "block", "add", "deep", "--project", "P", "--from", from.Format(time.RFC3339),
			"--to", from.Add(30*time.Minute).Format(time.RFC3339), "--goal", strings.Repeat("g", 190))
		return code, stderr
	}
	acked := 0
	for i := range 20 {
		if code, stderr := add(i); code != 0 {
			return fail(name, "write before filling: %s", stderr)
		}
		acked++
	}
	filler := filepath.Join(dir, "filler")
	f, err := os.Create(filler)
	if err != nil {
		return fail(name, "%v", err)
	}
	chunk := make([]byte, 64<<10)
	for {
		if _, err := f.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				f.Close()
				return fail(name, "fill: %v", err)
			}
			break
		}
	}
	f.Close()
	var msg string
	failedAt, failCode := -1, 0
	for i := 20; i < 60; i++ {
		code, stderr := add(i)
		if code == 0 {
			acked++
			continue
		}
		msg, failedAt, failCode = strings.TrimSpace(stderr), i, code
		if panicked(stderr) {
			return fail(name, "panic on a full disk: %s", firstLines(stderr, 2))
		}
		break
	}
	if failedAt < 0 {
		return fail(name, "40 writes on a full disk all succeeded")
	}
	clear := strings.Contains(msg, "full") || strings.Contains(msg, "space")
	count := func() (int, string) {
		code, stdout, stderr := s.shiplog(db, "block", "list", "--json")
		if code != 0 {
			return -1, strings.TrimSpace(stderr)
		}
		var bs []json.RawMessage
		if err := json.Unmarshal([]byte(stdout), &bs); err != nil {
			return -1, err.Error()
		}
		return len(bs), ""
	}
	during, readErr := count()
	reading := fmt.Sprintf("%d blocks readable while full", during)
	if during < 0 {
		reading = fmt.Sprintf("reading while full fails too (%q)", readErr)
	}
	os.Remove(filler)
	code, stderr := add(100)
	after, _ := count()
	integrity, err := integrityCheck(db)
	if err != nil {
		integrity = err.Error()
	}
	detail := fmt.Sprintf("4 MB tmpfs: %d acked writes, write %d failed with %q (exit %d); %s; after freeing space a write %s, %d blocks, integrity %s",
		acked, failedAt+1, msg, failCode, reading, map[bool]string{true: "succeeded", false: "FAILED: " + strings.TrimSpace(stderr)}[code == 0], after, integrity)
	ok := clear && (during == acked || during == -1) && code == 0 && after == acked+1 && integrity == "ok"
	return result{name: name, ok: ok, detail: detail}
}

// hostile feeds the CLI input meant to break it. Each case must give a clear error or safe output,
// never a panic.
func (s *suite) hostile() result {
	const name = "hostile"
	db, err := s.fresh("hostile")
	if err != nil {
		return fail(name, "%v", err)
	}
	var notes, bad []string
	check := func(label string, ok bool, format string, args ...any) {
		msg := label + ": " + fmt.Sprintf(format, args...)
		if ok {
			notes = append(notes, msg)
		} else {
			bad = append(bad, msg)
		}
	}
	base := time.Now().UTC().Truncate(time.Hour).Add(-100 * time.Hour)
	slot := 0
	addBlock := func(goal string) (int, string) {
		from := base.Add(time.Duration(slot) * time.Hour)
		slot++
		code, _, stderr := s.shiplog(db, "block", "add", "deep", "--project", "P", "--from", from.Format(time.RFC3339),
			"--to", from.Add(30*time.Minute).Format(time.RFC3339), "--goal", goal)
		return code, strings.TrimSpace(stderr)
	}

	code, stderr := addBlock(strings.Repeat("x", 10_000))
	check("10,000-char goal", code == 2 && strings.Contains(stderr, "at most") && !panicked(stderr), "exit %d, %q", code, stderr)
	code, _, stderr = s.shiplog(db, "project", "add", strings.Repeat("y", 10_000))
	check("10,000-char project", code == 2 && !panicked(stderr), "exit %d, %q", code, strings.TrimSpace(stderr))
	code, stderr = addBlock("bell\a and escape \x1b[31m red")
	check("control characters", code == 2 && strings.Contains(stderr, "control") && !panicked(stderr), "exit %d, %q", code, stderr)

	rtl := "مرحبا بالعالم — שלום עולם 🚀👩🏽‍💻 ok"
	formula := "=cmd|' /C calc'!A0"
	for _, g := range []string{rtl, formula} {
		if code, stderr := addBlock(g); code != 0 {
			bad = append(bad, fmt.Sprintf("storing %q: %s", g, stderr))
		}
	}
	exp := filepath.Join(s.tmp, "hostile", "export.json")
	if code, _, stderr := s.shiplog(db, "export", "json", "--out", exp); code != 0 {
		bad = append(bad, "export json: "+stderr)
	} else {
		var snap tracker.Snapshot
		b, _ := os.ReadFile(exp)
		_ = json.Unmarshal(b, &snap)
		found := false
		for _, bl := range snap.Blocks {
			found = found || bl.Goal == rtl
		}
		check("RTL and emoji", found, "stored and exported byte for byte: %v", found)
	}
	csvPath := filepath.Join(s.tmp, "hostile", "blocks.csv")
	if code, _, stderr := s.shiplog(db, "export", "csv", "--entity", "blocks", "--out", csvPath); code != 0 {
		bad = append(bad, "export csv: "+stderr)
	} else {
		f, _ := os.Open(csvPath)
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		cell := ""
		for _, row := range rows {
			for _, c := range row {
				if strings.Contains(c, "cmd|") {
					cell = c
				}
			}
		}
		check("formula title", err == nil && strings.HasPrefix(cell, "'="), "CSV cell %q", cell)
	}

	// ../../etc/passwd from a folder two levels below the root is the real /etc/passwd, with no
	// decoy in the way: every command that writes a file must refuse to replace it.
	parts := strings.Split(strings.Trim(s.tmp, "/"), "/")
	work := "/" + filepath.Join(parts[:min(2, len(parts))]...)
	if filepath.Join(work, "../../etc/passwd") != "/etc/passwd" {
		bad = append(bad, "no folder two levels down to run the traversal from: "+work)
	}
	real0, _ := os.ReadFile("/etc/passwd")
	st0, _ := os.Stat("/etc/passwd")
	for _, args := range [][]string{{"export", "json", "--out", "../../etc/passwd"}, {"report", "--out", "../../etc/passwd"},
		{"backup", "--out", "../../etc/passwd"}, {"export", "ics", "--out", "../../etc/passwd"}} {
		code, _, stderr = s.shiplogIn(work, db, args...)
		real1, _ := os.ReadFile("/etc/passwd")
		st1, _ := os.Stat("/etc/passwd")
		check(strings.Join(args[:len(args)-2], " ")+" --out ../../etc/passwd (the real one)",
			code != 0 && bytes.Equal(real0, real1) && st0.Mode() == st1.Mode() && !panicked(stderr),
			"refused (exit %d: %q), /etc/passwd untouched", code, strings.TrimSpace(stderr))
	}
	code, _, stderr = s.shiplog(db, "decision", "propose", "../../etc/passwd", "--project", "P")
	if code == 0 {
		out := filepath.Join(s.tmp, "hostile", "decisions")
		code, stdout, stderr := s.shiplog(db, "decision", "export", "--all", "--format", "madr", "--out", out)
		contained := code == 0 && strings.TrimSpace(stdout) != ""
		for _, l := range strings.Split(strings.TrimSpace(stdout), "\n") {
			if !filepath.IsAbs(l) {
				l = filepath.Join(out, l)
			}
			_, err := os.Stat(l)
			contained = contained && err == nil && strings.HasPrefix(filepath.Clean(l), out+string(filepath.Separator))
		}
		check("decision titled ../../etc/passwd", contained, "MADR file kept inside --out: %s%s", strings.TrimSpace(stdout), strings.TrimSpace(stderr))
	} else {
		check("decision titled ../../etc/passwd", !panicked(stderr), "refused: %s", strings.TrimSpace(stderr))
	}

	// --out naming a device or a pipe, with --force: a rename would replace it with a file (as root,
	// "demo --out /dev/null" once turned the machine's /dev/null into a 0600 file). The target is a
	// private copy of the null device when root can make one, else a FIFO; never the real one.
	dev, devKind := filepath.Join(s.tmp, "hostile", "null"), "a private null device"
	if err := syscall.Mknod(dev, syscall.S_IFCHR|0o666, int(unix1x3)); err != nil {
		devKind = "a FIFO"
		syscall.Mkfifo(dev, 0o666)
	}
	devBefore, _ := os.Lstat(dev)
	for _, args := range [][]string{{"report", "--force", "--out", dev}, {"export", "json", "--force", "--out", dev},
		{"demo", "--force", "--out", dev}} {
		code, _, stderr := s.shiplog(db, args...)
		devAfter, err := os.Lstat(dev)
		check(args[0]+" --force --out "+devKind, code != 0 && err == nil && devAfter.Mode() == devBefore.Mode() && !panicked(stderr),
			"refused (exit %d: %q), still %v", code, strings.TrimSpace(stderr), devAfter.Mode())
	}

	// 200 MB: a sparse file, refused by its size before it is read; and the same through a pipe,
	// refused once the limit is read.
	big := filepath.Join(s.tmp, "hostile", "big.json")
	f, err := os.Create(big)
	if err == nil {
		err = f.Truncate(201 << 20)
		f.Close()
	}
	if err != nil {
		bad = append(bad, "make a 201 MB file: "+err.Error())
	} else {
		t0 := time.Now()
		code, _, stderr := s.shiplog(db, "import", "timewarrior", big)
		took := time.Since(t0)
		check("201 MB import file", code != 0 && strings.Contains(stderr, "larger than") && took < 2*time.Second && !panicked(stderr),
			"exit %d in %v: %q", code, took.Round(time.Millisecond), strings.TrimSpace(stderr))
		t0 = time.Now()
		cmd := exec.Command(s.bin, "--db", db, "import", "timewarrior", "-")
		// One interval whose annotation never ends: valid JSON up to the limit, read as a stream.
		cmd.Stdin = io.MultiReader(strings.NewReader(`[{"start":"20260101T090000Z","annotation":"`),
			io.LimitReader(spaces{}, 201<<20))
		var eb bytes.Buffer
		cmd.Stderr = &eb
		err := cmd.Run()
		took = time.Since(t0)
		check("201 MB import on stdin", err != nil && strings.Contains(eb.String(), "larger than") && took < 10*time.Second && !panicked(eb.String()),
			"refused in %v: %q", took.Round(time.Millisecond), strings.TrimSpace(eb.String()))
		os.Remove(big)
	}

	// Database paths that are not a database file: the null device, a FIFO, an empty file, and a
	// name that a URI reading would send to another file.
	nullBefore, _ := os.Stat("/dev/null")
	code, _, stderr = s.shiplog("/dev/null", "project", "add", "X")
	nullAfter, _ := os.Stat("/dev/null")
	check("--db /dev/null", code == 2 && nullBefore.Mode() == nullAfter.Mode() && !panicked(stderr),
		"exit %d %q, mode %v before and %v after", code, strings.TrimSpace(stderr), nullBefore.Mode(), nullAfter.Mode())
	fifo := filepath.Join(s.tmp, "hostile", "fifo.db")
	syscall.Mkfifo(fifo, 0o644)
	code, _, stderr = s.shiplog(fifo, "status")
	check("--db FIFO", code == 2 && strings.Contains(stderr, "FIFO"), "exit %d %q", code, strings.TrimSpace(stderr))
	empty := filepath.Join(s.tmp, "hostile", "empty.db")
	os.WriteFile(empty, nil, 0o600)
	code, _, stderr = s.shiplog(empty, "status")
	st, _ := os.Stat(empty)
	check("--db an empty file", code == 2 && strings.Contains(stderr, "truncated") && st.Size() == 0, "exit %d %q", code, strings.TrimSpace(stderr))
	other := filepath.Join(s.tmp, "hostile", "other")
	os.WriteFile(other, []byte("another application's data"), 0o644)
	code, _, stderr = s.shiplog(other+"#shiplog.db", "project", "add", "X")
	ob, _ := os.ReadFile(other)
	_, nerr := os.Stat(other + "#shiplog.db")
	check("--db other#shiplog.db", code == 0 && string(ob) == "another application's data" && nerr == nil,
		"exit %d %q, the file named was created and 'other' left alone: %v", code, strings.TrimSpace(stderr), nerr == nil && string(ob) == "another application's data")
	missing := filepath.Join(s.tmp, "hostile", "typo", "shiplog.db")
	code, _, stderr = s.shiplog(missing, "status")
	_, merr := os.Stat(filepath.Dir(missing))
	check("status on a mistyped --db", code == 1 && os.IsNotExist(merr), "exit %d %q, nothing created", code, strings.TrimSpace(stderr))

	// A truncated database: cut after the header page, and cut in half.
	src, _ := os.ReadFile(db)
	for _, cut := range []int{100, len(src) / 2} {
		p := filepath.Join(s.tmp, "hostile", fmt.Sprintf("trunc-%d.db", cut))
		os.WriteFile(p, src[:cut], 0o600)
		var outs []string
		clean := true
		for _, args := range [][]string{{"status"}, {"block", "list"}, {"export", "json", "--out", p + ".json"}} {
			code, _, stderr := s.shiplog(p, args...)
			if panicked(stderr) || (code != 0 && strings.Count(strings.TrimSpace(stderr), "\n") > 0) {
				clean = false
			}
			if code != 0 {
				outs = append(outs, fmt.Sprintf("%s: exit %d %q", args[0], code, strings.TrimSpace(stderr)))
			}
		}
		check(fmt.Sprintf("database truncated to %d bytes", cut), clean && len(outs) > 0, "%s", strings.Join(outs, "; "))
	}
	detail := fmt.Sprintf("%d cases ok, %d bad", len(notes), len(bad))
	if len(bad) > 0 {
		detail += ": " + strings.Join(bad, " | ")
	}
	detail += "\n    " + strings.Join(notes, "\n    ")
	return result{name: name, ok: len(bad) == 0, detail: detail}
}

// spaces reads as an endless run of letters.
type spaces struct{}

func (spaces) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'a'
	}
	return len(p), nil
}

func grepLines(s, sub string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if strings.Contains(l, sub) {
			out = append(out, strings.TrimSpace(l))
		}
	}
	return strings.Join(out, "\n")
}

func firstLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(l[:min(n, len(l))], " | ")
}

// unix1x3 is the device number of the null device (major 1, minor 3), as Linux encodes it.
const unix1x3 = 1<<8 | 3
