//go:build !unix

package interop

const noFollow = 0
