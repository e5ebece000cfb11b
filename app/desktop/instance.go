package desktop

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golang.org/x/sys/unix"
)

// ErrRunning is what Acquire returns when another desktop app holds the database: that one was
// asked to show its window, and this one should exit with success.
var ErrRunning = errors.New("shiplog is already open for this database; its window was brought forward")

// showRequest is the one message the socket understands; the reply is "ok".
const showRequest = "show"

// dialTimeout bounds how long a second launch waits for the first one's socket. The first
// takes the lock a moment before it listens, so the second retries within this time.
const dialTimeout = 3 * time.Second

// maxMessage is the most the socket reads from one connection: a request is one short line, so
// anything longer is junk and is cut off unread, however much more is sent.
const maxMessage = 4 << 10

// maxConns bounds the connections served at once; more wait to be accepted.
const maxConns = 8

// idleDeadline is when a connection accepted now is closed if it has not sent its request; tests
// replace it to close idle connections at once.
var idleDeadline = func() time.Time { return time.Now().Add(dialTimeout) }

// Instance is the one desktop app that runs on a database. It holds an exclusive flock on
// DB.lock beside the database for as long as it lives, so the kernel releases it when the
// process dies, however it dies; and it listens on a unix socket for later launches.
//
// The CLI never takes the lock: it keeps working beside the running app.
type Instance struct {
	lock   *Lock
	ln     net.Listener
	path   string // the socket's path
	shows  chan struct{}
	closed chan struct{}
	once   sync.Once
	wg     sync.WaitGroup
}

// Acquire makes this process the database's desktop app. When another process already is,
// Acquire asks it to show its window and returns ErrRunning.
func Acquire(dbPath string) (*Instance, error) {
	abs, err := filepath.Abs(dbPath)
	if err != nil {
		return nil, fmt.Errorf("single instance: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o700); err != nil {
		return nil, fmt.Errorf("single instance: %w", err)
	}
	sock := SocketPath(abs)
	lock, err := TryLock(InstanceLockPath(abs), WhoApp)
	if err != nil {
		var le *LockedError
		if !errors.As(err, &le) {
			return nil, fmt.Errorf("single instance: %w", err)
		}
		if le.Holder.Who != "" && le.Holder.Who != WhoApp {
			return nil, fmt.Errorf("single instance: %s has %s; try again when it is done: %w", le.Holder, abs, err)
		}
		if err := askShow(sock); err != nil {
			return nil, fmt.Errorf("single instance: %s holds %s but did not answer: %w", le.Holder, abs, err)
		}
		return nil, ErrRunning
	}
	// The lock is ours, so a socket file left there is from a process that died.
	_ = os.Remove(sock)
	// Create the socket with no access for others from the first moment, then listen.
	old := unix.Umask(0o177)
	ln, err := net.Listen("unix", sock)
	unix.Umask(old)
	if err != nil {
		lock.Close()
		return nil, fmt.Errorf("single instance: listen on %s: %w", sock, err)
	}
	in := &Instance{lock: lock, ln: ln, path: sock, shows: make(chan struct{}, 1), closed: make(chan struct{})}
	in.wg.Add(1)
	go in.serve()
	return in, nil
}

// SocketPath is where the instance for the database at abs listens: in $XDG_RUNTIME_DIR,
// which is private to the user and cleared at logout, named by a hash of the database path;
// or beside the database when there is no runtime directory. A unix socket's path must fit in
// 108 bytes, so a path that would not falls back to the temporary directory, named by user.
func SocketPath(abs string) string {
	sum := sha256.Sum256([]byte(abs))
	name := "shiplog-" + hex.EncodeToString(sum[:8]) + ".sock"
	if dir := os.Getenv("XDG_RUNTIME_DIR"); dir != "" && filepath.IsAbs(dir) {
		if p := filepath.Join(dir, name); len(p) < maxSocketPath {
			return p
		}
	}
	if p := abs + ".sock"; len(p) < maxSocketPath {
		return p
	}
	return filepath.Join(os.TempDir(), fmt.Sprintf("shiplog-%d-%s", os.Getuid(), name[len("shiplog-"):]))
}

// maxSocketPath is the room for a path in struct sockaddr_un on Linux, less the final NUL.
const maxSocketPath = 107

// Shows delivers one value for each "show" that a later launch sent. Requests that arrive
// while one is waiting are merged into it.
func (in *Instance) Shows() <-chan struct{} { return in.shows }

// Close stops listening and releases the lock.
func (in *Instance) Close() error {
	var err error
	in.once.Do(func() {
		close(in.closed)
		err = in.ln.Close()
		in.wg.Wait()
		_ = os.Remove(in.path)
		if cerr := in.lock.Close(); err == nil {
			err = cerr
		}
	})
	return err
}

func (in *Instance) serve() {
	defer in.wg.Done()
	slots := make(chan struct{}, maxConns)
	for {
		slots <- struct{}{}
		c, err := in.ln.Accept()
		if err != nil {
			select {
			case <-in.closed:
				return
			default:
			}
			<-slots
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				continue
			}
			return
		}
		in.wg.Add(1)
		go func() {
			defer in.wg.Done()
			defer func() { <-slots }()
			in.handle(c)
		}()
	}
}

// handle answers one connection. It reads at most maxMessage bytes and waits at most until
// idleDeadline for them, so that neither a flood nor a silent client costs more than that.
func (in *Instance) handle(c net.Conn) {
	defer c.Close()
	_ = c.SetDeadline(idleDeadline())
	done := make(chan struct{})
	defer close(done)
	go func() {
		// Closing the instance unblocks the read at once.
		select {
		case <-in.closed:
			c.Close()
		case <-done:
		}
	}()
	line, err := bufio.NewReaderSize(io.LimitReader(c, maxMessage), 64).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != showRequest {
		return
	}
	select {
	case in.shows <- struct{}{}:
	default:
	}
	_, _ = c.Write([]byte("ok\n"))
}

// askShow tells the running instance to show its window, retrying while it starts to listen.
func askShow(sock string) error {
	deadline := time.Now().Add(dialTimeout)
	var err error
	for time.Now().Before(deadline) {
		if err = sendShow(sock); err == nil {
			return nil
		}
		time.Sleep(50 * time.Millisecond)
	}
	return err
}

func sendShow(sock string) error {
	c, err := net.DialTimeout("unix", sock, time.Second)
	if err != nil {
		return err
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(time.Second))
	if _, err := c.Write([]byte(showRequest + "\n")); err != nil {
		return err
	}
	reply, err := bufio.NewReader(c).ReadString('\n')
	if err != nil {
		return err
	}
	if strings.TrimSpace(reply) != "ok" {
		return fmt.Errorf("unexpected reply %q", reply)
	}
	return nil
}
