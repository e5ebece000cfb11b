package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"slices"
	"strings"
	"syscall"
	"time"

	"shiplog/tracker/sqlite"
)

// crash kills CLI writes with SIGKILL at random moments while a block is open. A write is
// acknowledged when the CLI exited 0 and printed its confirmation; every acknowledged write must
// be in the database afterwards, the database must pass integrity_check, and the open block must
// still be running from its start.
func (s *suite) crash() result {
	const name = "crash"
	db, err := s.fresh("crash")
	if err != nil {
		return fail(name, "%v", err)
	}
	open := time.Now().UTC().Truncate(time.Second).Add(-time.Minute)
	if code, _, stderr := s.shiplog(db, "start", "deep", "--project", "P", "--at", open.Format(time.RFC3339)); code != 0 {
		return fail(name, "start: %s", stderr)
	}
	// Each write gets its own minute before the open block, so that none can conflict with another.
	slot := func(i int) (string, string) {
		from := open.Add(-time.Duration(2*(s.kills+10-i)) * time.Minute)
		return from.Format(time.RFC3339), from.Add(time.Minute).Format(time.RFC3339)
	}
	write := func(i int) *exec.Cmd {
		from, to := slot(i)
		c := exec.Command(s.bin, "--db", db, "block", "add", "shallow", "--project", "P", "--from", from, "--to", to,
			"--goal", fmt.Sprintf("write %d", i))
		c.Env = append(os.Environ(), "TZ=UTC")
		return c
	}
	// Measure a write to spread the kills over its whole life, from exec to exit.
	var took []time.Duration
	for i := range 5 {
		c := write(s.kills + i)
		t0 := time.Now()
		if out, err := c.CombinedOutput(); err != nil {
			return fail(name, "warm-up write: %v: %s", err, out)
		}
		took = append(took, time.Since(t0))
	}
	slices.Sort(took)
	span := took[2] * 3 / 2
	rng := rand.New(rand.NewPCG(42, uint64(s.kills)))
	acked := map[string]bool{}
	killed, failed := 0, 0
	var firstFailure string
	for i := range s.kills {
		c := write(i)
		var out, errb bytes.Buffer
		c.Stdout, c.Stderr = &out, &errb
		if err := c.Start(); err != nil {
			return fail(name, "exec: %v", err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(span))))
		_ = c.Process.Signal(syscall.SIGKILL)
		err := c.Wait()
		from, _ := slot(i)
		switch {
		case err == nil && strings.HasPrefix(out.String(), "added block"):
			acked[from] = true
		case err != nil && strings.Contains(err.Error(), "killed"):
			killed++
		default:
			failed++
			if firstFailure == "" {
				firstFailure = strings.TrimSpace(errb.String())
			}
		}
	}
	// What survived: every block's start, and the open block.
	code, stdout, stderr := s.shiplog(db, "block", "list", "--json")
	if code != 0 {
		return fail(name, "block list after the kills: %s", stderr)
	}
	var blocks []struct {
		Start string  `json:"start"`
		End   *string `json:"end"`
	}
	if err := json.Unmarshal([]byte(stdout), &blocks); err != nil {
		return fail(name, "block list: %v", err)
	}
	stored := map[string]bool{}
	running := ""
	for _, b := range blocks {
		stored[b.Start] = true
		if b.End == nil {
			running = b.Start
		}
	}
	lost := 0
	for from := range acked {
		if !stored[from] {
			lost++
		}
	}
	unacked := len(blocks) - 1 - 5 - len(acked) // stored although the CLI was killed before it said so
	integrity, err := integrityCheck(db)
	if err != nil {
		return fail(name, "integrity_check: %v", err)
	}
	detail := fmt.Sprintf("%d kills (%d mid-write), %d acked, %d lost, %d committed but unacked, %d failed writes, integrity %s, open block %s",
		s.kills, killed, len(acked), lost, unacked, failed, integrity, openState(running, open))
	if firstFailure != "" {
		detail += "; first failure: " + firstFailure
	}
	ok := lost == 0 && failed == 0 && integrity == "ok" && running == open.Format(time.RFC3339)
	return result{name: name, ok: ok, detail: detail}
}

func openState(got string, want time.Time) string {
	if got == want.Format(time.RFC3339) {
		return "kept its start " + got
	}
	if got == "" {
		return "LOST"
	}
	return "MOVED to " + got
}

// integrityCheck checks the database file as a restore would (sqlite.CheckBackup: SQLite's
// integrity_check through a read-only connection, and a schema this build knows). It returns "ok",
// or what is wrong.
func integrityCheck(path string) (string, error) {
	if err := sqlite.CheckBackup(path); err != nil {
		return err.Error(), nil
	}
	return "ok", nil
}
