// Command importcheck measures a large import with the real binary, as docs/benchmarks.md reports
// it: the peak memory and time of importing a file (from scripts/bigexport), the latency of
// quick-logs (`shiplog start` and `shiplog stop`, one process each) while another process imports
// it, and SIGKILL of the importing process at random moments of its merge, after each of which the
// next command must find all of the file's blocks or none.
//
//	go build -o /tmp/shiplog . && go run ./scripts/bigexport -mb 199 -out /tmp/big.csv
//	go run ./scripts/importcheck -bin /tmp/shiplog -file /tmp/big.csv -kills 3
package main

import (
	"bytes"
	"database/sql"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"syscall"
	"time"

	_ "github.com/mattn/go-sqlite3"
)

func main() {
	bin := flag.String("bin", "/tmp/shiplog", "the shiplog binary")
	file := flag.String("file", "", "the Toggl CSV to import (scripts/bigexport)")
	kills := flag.Int("kills", 3, "how many imports to kill during their merge")
	flag.Parse()
	if *file == "" {
		log.Fatal("-file is required")
	}
	dir, err := os.MkdirTemp("", "importcheck")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	c := check{bin: *bin, file: *file, dir: dir}
	c.memory()
	c.quickLogs()
	c.kill(*kills)
}

type check struct {
	bin, file, dir string
	n              int
}

func (c *check) cmd(db string, args ...string) *exec.Cmd {
	cmd := exec.Command(c.bin, append([]string{"--db", db}, args...)...)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	return cmd
}

// memory imports the file into a fresh database under /usr/bin/time -v.
func (c *check) memory() {
	db := filepath.Join(c.dir, "memory.db")
	st, err := os.Stat(c.file)
	if err != nil {
		log.Fatal(err)
	}
	cmd := exec.Command("/usr/bin/time", "-v", c.bin, "--db", db, "import", "toggl", c.file)
	cmd.Env = append(os.Environ(), "TZ=UTC")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	t0 := time.Now()
	if err := cmd.Run(); err != nil {
		log.Fatalf("import: %v\n%s", err, errb.String())
	}
	took := time.Since(t0)
	rss := regexp.MustCompile(`Maximum resident set size \(kbytes\): (\d+)`).FindStringSubmatch(errb.String())
	kb, _ := strconv.Atoi(rss[1])
	c.n = count(db)
	fmt.Printf("import of %.1f MB (%d entries): %d blocks in %.1f s, peak RSS %d MiB\n", float64(st.Size())/1e6,
		c.n, c.n, took.Seconds(), kb>>10)
	fmt.Print(firstLine(out.String()))
}

// quickLogs starts and stops blocks, one process each, while another process imports the file.
func (c *check) quickLogs() {
	db := filepath.Join(c.dir, "quick.db")
	if out, err := c.cmd(db, "project", "add", "Quick").CombinedOutput(); err != nil {
		log.Fatalf("project add: %v: %s", err, out)
	}
	imp := c.cmd(db, "import", "toggl", c.file)
	var ierr bytes.Buffer
	imp.Stderr = &ierr
	t0 := time.Now()
	if err := imp.Start(); err != nil {
		log.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- imp.Wait() }()
	var lat []time.Duration
	failed := 0
	var ierrv error
loop:
	for i := 0; ; i++ {
		select {
		case ierrv = <-done:
			break loop
		default:
		}
		args := []string{"start", "shallow", "--project", "Quick"}
		if i%2 == 1 {
			args = []string{"stop"}
		}
		q0 := time.Now()
		if out, err := c.cmd(db, args...).CombinedOutput(); err != nil {
			failed++
			fmt.Printf("quick-log %v failed after %v: %s", args, time.Since(q0), out)
		}
		lat = append(lat, time.Since(q0))
	}
	if ierrv != nil {
		log.Fatalf("import beside the quick-logs: %v\n%s", ierrv, ierr.String())
	}
	slices.Sort(lat)
	fmt.Printf("quick-logs beside the import (%.0f s): %d, %d failed; latency median %v, p99 %v, max %v\n",
		time.Since(t0).Seconds(), len(lat), failed, lat[len(lat)/2].Round(time.Millisecond),
		lat[len(lat)*99/100].Round(time.Millisecond), lat[len(lat)-1].Round(time.Millisecond))
	// A block stopped within the second it started is discarded, so the quick-logs' blocks are
	// told apart by their project.
	if n := countImported(db); n != c.n {
		fmt.Printf("the import beside the quick-logs stored %d blocks, want %d\n", n, c.n)
	} else {
		fmt.Printf("the import beside the quick-logs stored all %d blocks\n", n)
	}
}

// kill kills imports with SIGKILL at random moments of their merge and counts what the next
// command finds.
func (c *check) kill(times int) {
	rng := rand.New(rand.NewPCG(7, uint64(time.Now().UnixNano())))
	for i := range times {
		db := filepath.Join(c.dir, fmt.Sprintf("kill%d.db", i))
		imp := c.cmd(db, "import", "toggl", c.file)
		if err := imp.Start(); err != nil {
			log.Fatal(err)
		}
		// Wait for the journal, which the merge's first transaction writes, then a random moment.
		for !journalled(db) {
			time.Sleep(20 * time.Millisecond)
		}
		delay := time.Duration(rng.Int64N(int64(20 * time.Second)))
		time.Sleep(delay)
		_ = imp.Process.Signal(syscall.SIGKILL)
		err := imp.Wait()
		at := count(db)
		s0 := time.Now()
		if out, err := c.cmd(db, "status").CombinedOutput(); err != nil {
			log.Fatalf("status after the kill: %v: %s", err, out)
		}
		took := time.Since(s0)
		after := count(db)
		verdict := "none"
		switch after {
		case c.n:
			verdict = "all"
		case 0:
		default:
			verdict = "PARTIAL"
		}
		fmt.Printf("kill %d, %v into the merge (%v): %d blocks at the kill, %d after the next command (%v): %s\n",
			i, delay.Round(time.Millisecond), err, at, after, took.Round(time.Millisecond), verdict)
	}
}

func count(db string) int {
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro&_busy_timeout=15000")
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT count(*) FROM blocks`).Scan(&n); err != nil {
		log.Fatal(err)
	}
	return n
}

// countImported counts the blocks of other projects than the quick-logs'.
func countImported(db string) int {
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro&_busy_timeout=15000")
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT count(*) FROM blocks b JOIN projects p ON p.id = b.project_id WHERE p.name <> 'Quick'`).
		Scan(&n); err != nil {
		log.Fatal(err)
	}
	return n
}

func journalled(db string) bool {
	if _, err := os.Stat(db); err != nil {
		return false
	}
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro&_busy_timeout=15000")
	if err != nil {
		return false
	}
	defer conn.Close()
	var n int
	if err := conn.QueryRow(`SELECT count(*) FROM import_journal`).Scan(&n); err != nil {
		return false
	}
	return n > 0
}

func firstLine(s string) string {
	if i := bytes.IndexByte([]byte(s), '\n'); i >= 0 {
		return s[:i+1]
	}
	return s
}
