// Command bench compares Shiplog with Timewarrior on the same 100,000 intervals, timing both as
// whole processes, and writes the table into docs/benchmarks.md.
//
//	go run ./scripts/bench            # the full comparison plus the desktop-app measurement
//	go run ./scripts/bench -ui=false  # without the four-minute desktop measurement
//	go run ./scripts/bench -ui-only   # only the desktop measurement (make bench-ui)
//
// Every operation runs once to warm the page cache, then -runs times; the table holds the median
// wall time and the largest "Maximum resident set size" that /usr/bin/time -v reported.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"
)

func main() {
	n := flag.Int("n", 100_000, "intervals to generate")
	runs := flag.Int("runs", 5, "timed runs per operation, after one warm-up")
	out := flag.String("out", "docs/benchmarks.md", "Markdown file whose generated section is replaced")
	ui := flag.Bool("ui", true, "also measure the desktop app under Xvfb (about four minutes)")
	uiOnly := flag.Bool("ui-only", false, "measure only the desktop app, and rewrite only its table")
	keep := flag.Bool("keep", false, "keep the temporary directory")
	flag.Parse()
	log.SetFlags(0)
	log.SetPrefix("bench: ")
	var err error
	if *uiOnly {
		err = runUI(*out)
	} else {
		err = run(*n, *runs, *out, *ui, *keep)
	}
	if err != nil {
		log.Fatal(err)
	}
}

func run(n, runs int, out string, ui, keep bool) error {
	for _, tool := range []string{"timew", "/usr/bin/time"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s is missing; run scripts/deps.sh tools", tool)
		}
	}
	tmp, err := os.MkdirTemp("", "shiplog-bench-")
	if err != nil {
		return err
	}
	if keep {
		log.Printf("keeping %s", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	load0 := loadAvg()

	bin := filepath.Join(tmp, "shiplog")
	log.Printf("building %s", bin)
	if out, err := exec.Command("go", "build", "-ldflags", "-s -w", "-o", bin, ".").CombinedOutput(); err != nil {
		return fmt.Errorf("build: %v\n%s", err, out)
	}

	// The data ends an hour before now, so that logging an interval and starting a block now
	// land after it, as they would for a real user.
	end := time.Now().UTC().Truncate(time.Hour).Add(-time.Hour)
	log.Printf("generating %d intervals ending %s", n, end.Format(time.RFC3339))
	ivs := generate(n, end, 20261125)
	export := filepath.Join(tmp, "timew-export.json")
	timewDB := filepath.Join(tmp, "timew")
	template := filepath.Join(tmp, "template.db")
	pristine := filepath.Join(tmp, "shiplog.db")
	for _, step := range []func() error{
		func() error { return writeTimewExport(export, ivs) },
		func() error { return writeTimewDB(timewDB, ivs) },
		func() error { return writeShiplogTemplate(template) },
		func() error { return copyFile(template, pristine) },
	} {
		if err := step(); err != nil {
			return fmt.Errorf("prepare data: %w", err)
		}
	}
	env := append(os.Environ(), "TZ=UTC", "HOME="+tmp, "TIMEWARRIORDB="+timewDB)
	sl := func(args ...string) []string { return append([]string{bin, "--db", pristine}, args...) }
	if _, err := measure(env, append(sl("import", "timewarrior"), export)); err != nil {
		return fmt.Errorf("import into the pristine database: %w", err)
	}
	if err := checkSameData(env, bin, pristine, n); err != nil {
		return err
	}

	first, last := ivs[0].Start, ivs[len(ivs)-1].End
	curWeek := isoWeek(time.Now().UTC())
	oldMonday := monday(first.AddDate(0, 0, 7))
	oldWeek := isoWeek(oldMonday)
	yearFrom := last.AddDate(-1, 0, 1)
	pdf := filepath.Join(tmp, "out.pdf")
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	tw := func(args ...string) []string { return append([]string{"timew"}, args...) }

	// Writes run against fresh copies, so that every run sees the same 100k intervals.
	workTimew, workDB := filepath.Join(tmp, "timew-work"), filepath.Join(tmp, "work.db")
	freshCopies := func() error {
		os.RemoveAll(workTimew)
		if err := copyDir(timewDB, workTimew); err != nil {
			return err
		}
		return copyDB(pristine, workDB)
	}
	workEnv := append(os.Environ(), "TZ=UTC", "HOME="+tmp, "TIMEWARRIORDB="+workTimew)
	slw := func(args ...string) []string { return append([]string{bin, "--db", workDB}, args...) }
	importDB := filepath.Join(tmp, "import.db")
	trackFrom, trackTo := end.Add(10*time.Minute), end.Add(25*time.Minute)

	ops := []op{
		{name: "latest week, text summary", timew: tw("summary", ":week"),
			shiplog: sl("block", "list", "--from", day(monday(time.Now().UTC())), "--to", day(monday(time.Now().UTC()).AddDate(0, 0, 6)))},
		{name: "latest week, report", timew: tw("summary", ":week"), shiplog: sl("report", "--week", curWeek, "--force", "--out", pdf)},
		{name: "week 3 years back, text summary", timew: tw("summary", day(oldMonday), "-", day(oldMonday.AddDate(0, 0, 7))),
			shiplog: sl("block", "list", "--from", day(oldMonday), "--to", day(oldMonday.AddDate(0, 0, 6)))},
		{name: "week 3 years back, report", timew: tw("summary", day(oldMonday), "-", day(oldMonday.AddDate(0, 0, 7))),
			shiplog: sl("report", "--week", oldWeek, "--force", "--out", pdf), goal: ratioGoal(0.25)},
		{name: "full range, text summary", timew: tw("summary", ":all"), shiplog: sl("block", "list")},
		{name: "full range, report", timew: tw("summary", ":all"),
			shiplog: sl("report", "--from", day(first), "--to", day(last), "--force", "--out", pdf), goal: ratioGoal(0.1)},
		{name: "last 365 days, report", timew: tw("summary", day(yearFrom), "-", day(last.AddDate(0, 0, 1))),
			shiplog: sl("report", "--from", day(yearFrom), "--to", day(last), "--force", "--out", pdf), goal: absGoal(500 * time.Millisecond)},
		{name: "full export", timew: tw("export", ":all"), shiplog: sl("export", "json", "--force", "--out", filepath.Join(tmp, "export.json")),
			goal: ratioGoal(1)},
		{name: "log one interval", prepare: freshCopies, env: workEnv,
			timew: tw("track", trackFrom.Format(timewLayout), "-", trackTo.Format(timewLayout), "project:atlas", "shallow"),
			shiplog: slw("block", "add", "shallow", "--project", "atlas", "--from", trackFrom.Format(time.RFC3339),
				"--to", trackTo.Format(time.RFC3339))},
		{name: "start a block", prepare: freshCopies, env: workEnv,
			timew: tw("start", "project:atlas", "deep"), shiplog: slw("start", "deep", "--project", "atlas"), goal: ratioGoal(0.5)},
		{name: "import 100k (timew export JSON)", prepare: func() error { return copyDB(template, importDB) },
			shiplog: []string{bin, "--db", importDB, "import", "timewarrior", export}, goal: absGoal(2 * time.Second)},
	}
	for i := range ops {
		o := &ops[i]
		if o.env == nil {
			o.env = env
		}
		log.Printf("%s", o.name)
		if o.timew != nil {
			if o.tw, err = timeRuns(o.env, o.timew, runs, o.prepare); err != nil {
				return fmt.Errorf("%s: timewarrior: %w", o.name, err)
			}
		}
		if o.sl, err = timeRuns(o.env, o.shiplog, runs, o.prepare); err != nil {
			return fmt.Errorf("%s: shiplog: %w", o.name, err)
		}
	}
	md := render(ops, runs, n, first, last, machine(load0, loadAvg()), bin, tmp)
	fmt.Print(md)
	if err := writeSection(out, beginMark, endMark, md); err != nil {
		return err
	}
	if !ui {
		return nil
	}
	return runUI(out)
}

// runUI measures the desktop app against a bare Fyne window and rewrites that table.
func runUI(out string) error {
	log.Printf("desktop app under Xvfb (about four minutes)")
	load0 := loadAvg()
	rows, err := measureUI()
	if err != nil {
		// A window that never maps is usually a loaded machine or a stuck Xvfb; try once more.
		log.Printf("desktop measurement failed (%v); trying once more", err)
		rows, err = measureUI()
	}
	if err != nil {
		log.Printf("desktop measurement failed: %v", err)
		rows = []string{"desktop measurement failed: " + err.Error()}
	}
	md := renderUI(rows, load0, loadAvg())
	fmt.Print(md)
	return writeSection(out, uiBeginMark, uiEndMark, md)
}

// op is one row of the table: the same operation in both tools.
type op struct {
	name           string
	timew, shiplog []string
	env            []string
	prepare        func() error
	goal           goal
	tw, sl         stats
}

// goal is a target from the issue: a ratio to Timewarrior or an absolute time.
type goal struct {
	ratio float64
	abs   time.Duration
}

func ratioGoal(r float64) goal     { return goal{ratio: r} }
func absGoal(d time.Duration) goal { return goal{abs: d} }

func (o op) ratio() (float64, bool) {
	if o.timew == nil || o.tw.median == 0 {
		return 0, false
	}
	return float64(o.sl.median) / float64(o.tw.median), true
}

func (o op) goalText() string {
	switch {
	case o.goal.ratio > 0:
		r, _ := o.ratio()
		return fmt.Sprintf("≤ %.2g× · %s", o.goal.ratio, metText(r <= o.goal.ratio))
	case o.goal.abs > 0:
		return fmt.Sprintf("≤ %s · %s", fmtDur(o.goal.abs), metText(o.sl.median <= o.goal.abs))
	}
	return ""
}

func metText(ok bool) string {
	if ok {
		return "**met**"
	}
	return "**missed**"
}

type stats struct {
	median time.Duration
	all    []time.Duration
	rssKB  int
}

// timeRuns runs cmd once to warm up and then runs times, preparing before each.
func timeRuns(env, cmd []string, runs int, prepare func() error) (stats, error) {
	var s stats
	for i := 0; i <= runs; i++ {
		if prepare != nil {
			if err := prepare(); err != nil {
				return s, fmt.Errorf("prepare: %w", err)
			}
		}
		m, err := measure(env, cmd)
		if err != nil {
			return s, err
		}
		if i == 0 {
			continue // the warm-up
		}
		s.all = append(s.all, m.wall)
		s.rssKB = max(s.rssKB, m.rssKB)
	}
	sorted := slices.Clone(s.all)
	slices.Sort(sorted)
	s.median = sorted[len(sorted)/2]
	return s, nil
}

type measurement struct {
	wall  time.Duration
	rssKB int
}

// measure runs cmd under /usr/bin/time -v, which adds about a millisecond to both tools alike.
func measure(env, cmd []string) (measurement, error) {
	f, err := os.CreateTemp("", "shiplog-bench-time-*")
	if err != nil {
		return measurement{}, err
	}
	f.Close()
	defer os.Remove(f.Name())
	c := exec.Command("/usr/bin/time", append([]string{"-v", "-o", f.Name()}, cmd...)...)
	c.Env = env
	var stderr bytes.Buffer
	c.Stdout, c.Stderr = io.Discard, &stderr
	t0 := time.Now()
	err = c.Run()
	wall := time.Since(t0)
	if err != nil {
		return measurement{}, fmt.Errorf("%s: %v: %s", strings.Join(cmd, " "), err, strings.TrimSpace(stderr.String()))
	}
	report, err := os.ReadFile(f.Name())
	if err != nil {
		return measurement{}, err
	}
	m := measurement{wall: wall}
	for _, l := range strings.Split(string(report), "\n") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(l), "Maximum resident set size (kbytes): "); ok {
			m.rssKB, _ = strconv.Atoi(v)
		}
	}
	return m, nil
}

// checkSameData makes sure both tools hold the 100k intervals before anything is timed.
func checkSameData(env []string, bin, db string, n int) error {
	c := exec.Command("timew", "export", ":all")
	c.Env = env
	outTW, err := c.Output()
	if err != nil {
		return fmt.Errorf("timew export: %w", err)
	}
	if got := bytes.Count(outTW, []byte(`"start"`)); got != n {
		return fmt.Errorf("timewarrior holds %d intervals, want %d", got, n)
	}
	c = exec.Command(bin, "--db", db, "block", "list", "--json")
	c.Env = env
	outSL, err := c.Output()
	if err != nil {
		return fmt.Errorf("shiplog block list: %w", err)
	}
	if got := bytes.Count(outSL, []byte(`"start"`)); got != n {
		return fmt.Errorf("shiplog holds %d blocks, want %d", got, n)
	}
	return nil
}

// measureUI runs the desktop measurement test and makes a table row of each app it measured.
func measureUI() ([]string, error) {
	c := exec.Command("dbus-run-session", "--", "xvfb-run", "-a", "go", "test", "-tags", "e2e", "-count=1",
		"-run", "TestMeasure", "-v", "./app/ui/e2e/")
	c.Env = append(os.Environ(), "SHIPLOG_MEASURE=1")
	out, err := c.CombinedOutput()
	var rows []string
	for _, l := range strings.Split(string(out), "\n") {
		_, rest, ok := strings.Cut(l, "MEASURE\t")
		if !ok {
			continue
		}
		f := strings.Split(strings.TrimSpace(rest), "\t")
		if len(f) != 5 {
			continue
		}
		ms, _ := strconv.Atoi(f[1])
		rss, _ := strconv.Atoi(f[2])
		ticks, _ := strconv.Atoi(f[3])
		// Ticks are 1/100 s of CPU over 60 s: ticks/60 is the percentage of one core.
		rows = append(rows, fmt.Sprintf("| %s | %d ms | %d MiB | %.2f%% (%d ticks) | %s |", f[0], ms, rss/1024,
			float64(ticks)/60, ticks, f[4]))
	}
	if err != nil {
		return rows, fmt.Errorf("%v: %s", err, lastLines(string(out), 5))
	}
	if len(rows) == 0 {
		return nil, errors.New("the test printed no measurement")
	}
	return rows, nil
}

func lastLines(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(l[max(0, len(l)-n):], " | ")
}

func isoWeek(t time.Time) string {
	y, w := t.ISOWeek()
	return fmt.Sprintf("%d-W%02d", y, w)
}

func monday(t time.Time) time.Time {
	d := time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
}

func fmtDur(d time.Duration) string {
	switch {
	case d >= time.Second:
		return fmt.Sprintf("%.2f s", d.Seconds())
	default:
		return fmt.Sprintf("%.0f ms", float64(d)/float64(time.Millisecond))
	}
}

func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	f := strings.Fields(string(b))
	return strings.Join(f[:3], " ")
}

func machine(load0, load1 string) []string {
	cpu := "unknown"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "model name"); ok {
				cpu = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), ":"))
				break
			}
		}
	}
	mem := "unknown"
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		f := strings.Fields(string(b))
		if len(f) > 1 {
			kb, _ := strconv.Atoi(f[1])
			mem = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
		}
	}
	osName := "unknown"
	if b, err := os.ReadFile("/etc/os-release"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(l, "PRETTY_NAME="); ok {
				osName = strings.Trim(v, `"`)
			}
		}
	}
	kernel, _ := exec.Command("uname", "-r").Output()
	gov, _ := exec.Command("go", "version").Output()
	twv, _ := exec.Command("timew", "--version").Output()
	return []string{
		fmt.Sprintf("CPU: %d × %s (nproc %d)", runtime.NumCPU(), cpu, runtime.NumCPU()),
		"memory: " + mem,
		fmt.Sprintf("OS: %s, Linux %s", osName, strings.TrimSpace(string(kernel))),
		strings.TrimSpace(string(gov)),
		"timew " + strings.TrimSpace(string(twv)),
		fmt.Sprintf("load average (1, 5, 15 min): %s before, %s after; the machine is shared, so runs are sequential", load0, load1),
	}
}
