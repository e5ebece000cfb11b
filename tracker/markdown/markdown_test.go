package markdown_test

import (
	"testing"

	"shiplog/tracker/markdown"
)

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, got, want string
	}{
		{"markup characters are escaped", markdown.Escape("a_b *c* [d] <e> `f` \\"), "a\\_b \\*c\\* \\[d\\] \\<e\\> \\`f\\` \\\\"},
		{"a link keeps its URL inside the parentheses", markdown.Link("Backups_v2", "https://example.com/pr/(1) x"),
			"[Backups\\_v2](https://example.com/pr/%281%29%20x)"},
		{"no link is the escaped title", markdown.Link("a_b", ""), "a\\_b"},
		{"lines are folded into one", markdown.OneLine("  one\n two\tthree "), "one two three"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.got != tt.want {
				t.Errorf("got %q, want %q", tt.got, tt.want)
			}
		})
	}
}
