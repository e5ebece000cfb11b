//go:build unix

package interop

import "syscall"

// noFollow makes opening a path fail if it became a symbolic link after it was checked.
const noFollow = syscall.O_NOFOLLOW
