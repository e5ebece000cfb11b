package tracker_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// sentinelLast matches the end of an fmt.Errorf call whose last argument is a sentinel.
var sentinelLast = regexp.MustCompile(`(^|[^.\w])(tracker\.)?Err(Invalid|Conflict|NotFound)\)$`)

// TestNoMessageEndsInASentinelsWord scans the module's code for fmt.Errorf calls that wrap a
// sentinel as their last %w: their message ends in ": invalid", ": conflict" or ": not found",
// which tells the reader nothing. Such errors are built with Invalidf, Conflictf, NotFoundf or a
// typed error instead, which wrap the sentinel silently.
func TestNoMessageEndsInASentinelsWord(t *testing.T) {
	root := filepath.Join("..")
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == "vendor" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, call := range errorfCalls(string(src)) {
			if strings.Contains(call, `%w"`) && sentinelLast.MatchString(call) {
				t.Errorf("%s: %s", path, call)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// errorfCalls returns the text of every fmt.Errorf call in src, from the name to the closing
// parenthesis, skipping parentheses inside string literals.
func errorfCalls(src string) []string {
	var calls []string
	for i := 0; ; {
		j := strings.Index(src[i:], "fmt.Errorf(")
		if j < 0 {
			return calls
		}
		start := i + j
		depth, k := 0, start+len("fmt.Errorf")
		for ; k < len(src); k++ {
			switch c := src[k]; c {
			case '"', '`':
				for k++; k < len(src) && src[k] != c; k++ {
					if c == '"' && src[k] == '\\' {
						k++
					}
				}
			case '(':
				depth++
			case ')':
				depth--
			}
			if depth == 0 {
				break
			}
		}
		end := min(k+1, len(src))
		calls = append(calls, src[start:end])
		i = end
	}
}
