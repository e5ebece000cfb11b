package cli

import (
	"bytes"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

func (c *opsCLI) runIn(stdin string, args ...string) (code int, stdout, stderr string) {
	c.t.Helper()
	var out, errb bytes.Buffer
	code = Run(&Env{DBPath: c.db, Clock: c.clock, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb}, args)
	return code, out.String(), errb.String()
}

// storedPassword is what the settings table holds for smtp.password, and whether it holds a row.
func storedPassword(t *testing.T, db string) (string, bool) {
	t.Helper()
	conn, err := sql.Open("sqlite3", "file:"+db+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var v string
	err = conn.QueryRow("SELECT value FROM settings WHERE key = 'smtp.password'").Scan(&v)
	return v, err == nil
}

func TestTheSMTPPasswordStaysOutOfTheDatabase(t *testing.T) {
	t.Run("set from standard input, it is kept 0600 outside the database, its backups and exports", func(t *testing.T) {
		c := newOpsCLI(t)
		if code, _, se := c.runIn("s3cret-from-stdin\n", "config", "set", "smtp.password", "-"); code != 0 {
			t.Fatalf("exit %d: %s", code, se)
		}
		file := filepath.Join(os.Getenv("XDG_CONFIG_HOME"), "shiplog", "smtp-password")
		st, err := os.Stat(file)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("password file: %v %v", st, err)
		}
		if _, ok := storedPassword(t, c.db); ok {
			t.Error("the settings table holds the password")
		}
		if got := c.ok("config", "get", "smtp.password", "--reveal"); got != "s3cret-from-stdin\n" {
			t.Errorf("reveal = %q", got)
		}
		list := c.ok("config", "list")
		if strings.Contains(list, "s3cret") || !strings.Contains(list, "smtp.password\t********") && !strings.Contains(list, "********") {
			t.Errorf("config list:\n%s", list)
		}
		exp := filepath.Join(t.TempDir(), "e.json")
		c.ok("export", "json", "--out", exp)
		bak := filepath.Join(t.TempDir(), "b.db")
		c.ok("backup", "--out", bak)
		for _, f := range []string{exp, bak} {
			if b, _ := os.ReadFile(f); bytes.Contains(b, []byte("s3cret")) {
				t.Errorf("%s holds the password", filepath.Base(f))
			}
		}
	})
	t.Run("on the command line it works but warns", func(t *testing.T) {
		c := newOpsCLI(t)
		code, _, se := c.run("config", "set", "smtp.password", "hunter2")
		if code != 0 || !strings.Contains(se, "process list") {
			t.Errorf("exit %d, stderr %q", code, se)
		}
	})
	t.Run("SHIPLOG_SMTP_PASSWORD wins", func(t *testing.T) {
		c := newOpsCLI(t)
		c.runIn("stored\n", "config", "set", "smtp.password", "-")
		t.Setenv("SHIPLOG_SMTP_PASSWORD", "from-env")
		if got := c.ok("config", "get", "smtp.password", "--reveal"); got != "from-env\n" {
			t.Errorf("reveal = %q", got)
		}
	})
	t.Run("a password file is read only when no one else can read it", func(t *testing.T) {
		c := newOpsCLI(t)
		pw := filepath.Join(t.TempDir(), "pw")
		if err := os.WriteFile(pw, []byte("from-file\nignored\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		c.ok("config", "set", "smtp.password_file", pw)
		c.fails(2, "chmod 600", "config", "get", "smtp.password", "--reveal")
		os.Chmod(pw, 0o600)
		if got := c.ok("config", "get", "smtp.password", "--reveal"); got != "from-file\n" {
			t.Errorf("reveal = %q", got)
		}
	})
	t.Run("a password an older Shiplog stored in the table is moved out with a notice", func(t *testing.T) {
		c := newOpsCLI(t)
		conn, err := sql.Open("sqlite3", c.db)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := conn.Exec("INSERT INTO settings (key, value) VALUES ('smtp.password', 'old-plain')"); err != nil {
			t.Fatal(err)
		}
		conn.Close()
		code, _, se := c.run("project", "add", "P")
		if code != 0 || !strings.Contains(se, "moved the SMTP password out of the database") {
			t.Fatalf("exit %d, stderr %q", code, se)
		}
		if _, ok := storedPassword(t, c.db); ok {
			t.Error("the table still holds the password")
		}
		if got := c.ok("config", "get", "smtp.password", "--reveal"); got != "old-plain\n" {
			t.Errorf("reveal = %q", got)
		}
		if _, _, se := c.run("project", "add", "Q"); se != "" {
			t.Errorf("the notice came again: %q", se)
		}
	})
}

// openPTY opens a pseudo-terminal pair: what the test types goes into master, and the command
// reads it from the terminal end.
func openPTY(t *testing.T) (master, term *os.File) {
	t.Helper()
	m, err := os.OpenFile("/dev/ptmx", os.O_RDWR, 0)
	if err != nil {
		t.Skipf("no pseudo-terminals: %v", err)
	}
	if err := unix.IoctlSetPointerInt(int(m.Fd()), unix.TIOCSPTLCK, 0); err != nil {
		t.Skipf("unlock pty: %v", err)
	}
	n, err := unix.IoctlGetInt(int(m.Fd()), unix.TIOCGPTN)
	if err != nil {
		t.Skipf("pty number: %v", err)
	}
	s, err := os.OpenFile(fmt.Sprintf("/dev/pts/%d", n), os.O_RDWR|unix.O_NOCTTY, 0)
	if err != nil {
		t.Skipf("open pty: %v", err)
	}
	t.Cleanup(func() { m.Close(); s.Close() })
	return m, s
}

func TestAPasswordTypedOnATerminalIsNotEchoed(t *testing.T) {
	c := newOpsCLI(t)
	master, term := openPTY(t)
	prompts, stderr, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer prompts.Close()
	var out bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- Run(&Env{DBPath: c.db, Clock: c.clock, Stdin: term, Stdout: &out, Stderr: stderr}, []string{"config", "set", "smtp.password", "-"})
		stderr.Close()
	}()
	// Type only once asked, as a person does: the echo is off by then.
	_ = prompts.SetReadDeadline(time.Now().Add(guardCLI))
	var asked []byte
	buf := make([]byte, 128)
	for !strings.Contains(string(asked), "(not shown): ") {
		n, err := prompts.Read(buf)
		if err != nil {
			t.Fatalf("no prompt: %q, %v", asked, err)
		}
		asked = append(asked, buf[:n]...)
	}
	if _, err := master.Write([]byte("typed-secret\n")); err != nil {
		t.Fatal(err)
	}
	select {
	case code := <-done:
		if code != 0 {
			t.Fatalf("exit %d", code)
		}
	case <-time.After(guardCLI):
		t.Fatal("the command never read the password")
	}
	if got := c.ok("config", "get", "smtp.password", "--reveal"); got != "typed-secret\n" {
		t.Fatalf("stored %q", got)
	}
	_ = master.SetReadDeadline(time.Now().Add(time.Second))
	shown := make([]byte, 256)
	n, _ := master.Read(shown)
	if strings.Contains(string(shown[:n]), "typed-secret") {
		t.Errorf("the terminal echoed the password: %q", shown[:n])
	}
}

// guardCLI is how long a test waits for an effect before it fails; nothing sleeps.
const guardCLI = 10 * time.Second
