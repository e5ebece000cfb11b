package cli

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/sys/unix"
)

// readSecret reads one line from the command's standard input, for `config set smtp.password -`.
// On a terminal it asks on stderr and turns the echo off while the password is typed, so that it
// shows neither on the screen nor in the process list or the shell history.
func readSecret(e *Env, what string) (string, error) {
	if f, ok := e.Stdin.(*os.File); ok && isTerminal(f) {
		fd := int(f.Fd())
		old, err := unix.IoctlGetTermios(fd, unix.TCGETS)
		if err != nil {
			return "", fmt.Errorf("read the %s: %w", what, err)
		}
		quiet := *old
		quiet.Lflag &^= unix.ECHO
		quiet.Lflag |= unix.ICANON | unix.ECHONL
		if err := unix.IoctlSetTermios(fd, unix.TCSETS, &quiet); err != nil {
			return "", fmt.Errorf("read the %s: %w", what, err)
		}
		defer unix.IoctlSetTermios(fd, unix.TCSETS, old)
		fmt.Fprintf(e.Stderr, "%s (not shown): ", what)
	}
	line, err := bufio.NewReader(io.LimitReader(e.Stdin, 4096)).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", fmt.Errorf("read the %s: %w", what, err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
