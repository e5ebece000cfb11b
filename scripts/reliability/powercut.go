package main

import (
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// syncShim is an LD_PRELOAD library that stands for the disk in the power-cut check. fsync and
// fdatasync reach no disk: each copies the file, as it is at that moment, to FILE.synced (through
// a temporary file and a rename, so that a kill leaves the previous copy whole). After the writers
// are done or killed, the .synced copies are exactly what a power cut would have left if the
// kernel had lost every write that was not synced, which a kill -9 can never show: after a kill
// the kernel still writes back everything the process wrote. Only files under $SYNCSHIM_ROOT
// are copied.
const syncShim = `#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void keep(int fd) {
	const char *root = getenv("SYNCSHIM_ROOT");
	char link[64], path[PATH_MAX], tmp[PATH_MAX + 16], dst[PATH_MAX + 16], buf[65536];
	struct stat st;
	ssize_t n, r;
	int in, out;
	if (!root) return;
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	n = readlink(link, path, sizeof path - 1);
	if (n <= 0) return;
	path[n] = 0;
	if (strncmp(path, root, strlen(root)) != 0) return;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return;
	snprintf(tmp, sizeof tmp, "%s.synced.tmp", path);
	snprintf(dst, sizeof dst, "%s.synced", path);
	in = open(path, O_RDONLY | O_CLOEXEC);
	if (in < 0) return;
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out < 0) { close(in); return; }
	while ((r = read(in, buf, sizeof buf)) > 0) {
		if (write(out, buf, r) != r) { close(in); close(out); unlink(tmp); return; }
	}
	close(in);
	close(out);
	rename(tmp, dst);
}

int fsync(int fd) { keep(fd); return 0; }
int fdatasync(int fd) { keep(fd); return 0; }
`

// buildShim compiles the shim with gcc into the scratch directory.
func (s *suite) buildShim() (string, error) {
	src := filepath.Join(s.tmp, "syncshim.c")
	lib := filepath.Join(s.tmp, "syncshim.so")
	if err := os.WriteFile(src, []byte(syncShim), 0o600); err != nil {
		return "", err
	}
	if out, err := exec.Command("gcc", "-O2", "-shared", "-fPIC", "-o", lib, src).CombinedOutput(); err != nil {
		return "", fmt.Errorf("gcc: %v: %s", err, strings.TrimSpace(string(out)))
	}
	return lib, nil
}

// crashImage builds, in dir/image, what a power cut would have left of the database db: the last
// synced copy of the file and of its WAL, and nothing of what was never synced.
func crashImage(db string) (string, error) {
	img := filepath.Join(filepath.Dir(db), "image", filepath.Base(db))
	if err := os.MkdirAll(filepath.Dir(img), 0o700); err != nil {
		return "", err
	}
	for _, suffix := range []string{"", "-wal"} {
		os.Remove(img + suffix)
		b, err := os.ReadFile(db + suffix + ".synced")
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return "", err
		}
		if err := os.WriteFile(img+suffix, b, 0o600); err != nil {
			return "", err
		}
	}
	return img, nil
}

// markSynced records the files of db as they are now as synced: the baseline from which a run
// under the shim starts. They were written by a process that synced them.
func markSynced(db string) error {
	for _, suffix := range []string{"", "-wal"} {
		b, err := os.ReadFile(db + suffix)
		if os.IsNotExist(err) {
			continue
		}
		if err != nil {
			return err
		}
		if err := os.WriteFile(db+suffix+".synced", b, 0o600); err != nil {
			return err
		}
	}
	return nil
}

// powercut shows what kill -9 cannot: that an acknowledged write survives the loss of everything
// the kernel had not written to the disk. It first checks that the harness can tell: a plain
// SQLite writer with synchronous=OFF and NORMAL must lose acknowledged commits in the crash image,
// and one with FULL must keep them all. Then it runs shiplog's writes under the shim, kills some
// of them, and checks the crash image: every acknowledged block is there, and integrity is ok.
func (s *suite) powercut() result {
	const name = "powercut"
	if _, err := exec.LookPath("gcc"); err != nil {
		return result{name: name, skipped: true, detail: "skipped: no gcc to build the fsync shim"}
	}
	lib, err := s.buildShim()
	if err != nil {
		return fail(name, "build the shim: %v", err)
	}
	self, err := os.Executable()
	if err != nil {
		return fail(name, "%v", err)
	}
	shimEnv := func(root string) []string {
		return append(os.Environ(), "LD_PRELOAD="+lib, "SYNCSHIM_ROOT="+root, "TZ=UTC")
	}
	const commits = 40
	var control []string
	controlOK := true
	for _, mode := range []string{"OFF", "NORMAL", "FULL"} {
		dir := filepath.Join(s.tmp, "powercut", "control-"+strings.ToLower(mode))
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return fail(name, "%v", err)
		}
		db := filepath.Join(dir, "plain.db")
		cmd := exec.Command(self, "-worker", "syncwrite", db, mode, strconv.Itoa(commits))
		cmd.Env = shimEnv(dir)
		out, err := cmd.Output()
		if err != nil {
			return fail(name, "control writer %s: %v", mode, err)
		}
		acked, _ := strconv.Atoi(strings.TrimSpace(string(out)))
		img, err := crashImage(db)
		if err != nil {
			return fail(name, "%v", err)
		}
		kept := countRows(img, "SELECT count(*) FROM t")
		control = append(control, fmt.Sprintf("synchronous=%s kept %d of %d acked", mode, max(kept, 0), acked))
		switch mode {
		case "FULL":
			controlOK = controlOK && kept == acked
		default:
			controlOK = controlOK && kept < acked
		}
	}

	db, err := s.fresh(filepath.Join("powercut", "shiplog"))
	if err != nil {
		return fail(name, "%v", err)
	}
	if err := markSynced(db); err != nil {
		return fail(name, "%v", err)
	}
	writes := 200
	if s.short {
		writes = 40
	}
	base := time.Now().UTC().Truncate(time.Minute).Add(-time.Duration(2*writes+10) * time.Minute)
	rng := rand.New(rand.NewPCG(11, uint64(writes)))
	acked := map[string]bool{}
	killed := 0
	for i := range writes {
		from := base.Add(time.Duration(2*i) * time.Minute)
		cmd := exec.Command(s.bin, "--db", db, "block", "add", "shallow", "--project", "P", "--from", from.Format(time.RFC3339),
			"--to", from.Add(time.Minute).Format(time.RFC3339))
		cmd.Env = shimEnv(filepath.Dir(db))
		var outb strings.Builder
		cmd.Stdout = &outb
		if err := cmd.Start(); err != nil {
			return fail(name, "%v", err)
		}
		if i%4 == 3 { // every fourth write is killed at a random moment
			time.Sleep(time.Duration(rng.Int64N(int64(40 * time.Millisecond))))
			_ = cmd.Process.Signal(syscall.SIGKILL)
		}
		if err := cmd.Wait(); err == nil && strings.HasPrefix(outb.String(), "added block") {
			acked[from.Format(time.RFC3339)] = true
		} else if err != nil {
			killed++
		}
	}
	img, err := crashImage(db)
	if err != nil {
		return fail(name, "%v", err)
	}
	integrity, _ := integrityCheck(img)
	code, stdout, stderr := s.shiplog(img, "block", "list", "--json")
	if code != 0 {
		return fail(name, "reading the crash image: %s", strings.TrimSpace(stderr))
	}
	var blocks []struct {
		Start string `json:"start"`
	}
	if err := json.Unmarshal([]byte(stdout), &blocks); err != nil {
		return fail(name, "%v", err)
	}
	stored := map[string]bool{}
	for _, b := range blocks {
		stored[b.Start] = true
	}
	lost := 0
	for k := range acked {
		if !stored[k] {
			lost++
		}
	}
	detail := fmt.Sprintf("fsync-dropping LD_PRELOAD shim (gcc): control %s; shiplog: %d writes (%d killed), %d acked, %d lost in the power-cut image, integrity %s",
		strings.Join(control, ", "), writes, killed, len(acked), lost, integrity)
	if !controlOK {
		detail += "; CONTROL FAILED: the harness cannot tell FULL from OFF"
	}
	return result{name: name, ok: controlOK && lost == 0 && integrity == "ok" && len(acked) > 0, detail: detail}
}

// countRows runs a count query on a copy of the database at path; -1 if it cannot be read.
func countRows(path, query string) int {
	db, err := sql.Open("sqlite3", "file:"+path+"?mode=ro")
	if err != nil {
		return -1
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(query).Scan(&n); err != nil {
		return -1
	}
	return n
}

// runSyncWriter is the control writer: n commits of one row each to a plain SQLite database in
// WAL mode with the given synchronous setting; it prints how many were acknowledged.
func runSyncWriter(args []string) int {
	db, mode := args[0], args[1]
	n, _ := strconv.Atoi(args[2])
	conn, err := sql.Open("sqlite3", "file:"+db+"?_journal_mode=WAL&_synchronous="+mode)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer conn.Close()
	conn.SetMaxOpenConns(1)
	if _, err := conn.Exec("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	acked := 0
	for i := range n {
		if _, err := conn.Exec("INSERT INTO t (v) VALUES (?)", strings.Repeat("x", 100)+strconv.Itoa(i)); err != nil {
			break
		}
		acked++
	}
	fmt.Fprintln(os.Stdout, acked)
	// Exit without closing: closing would checkpoint, and a power cut gives no such chance.
	os.Stdout.Sync()
	os.Exit(0)
	return 0
}
