package cli

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

func TestHelpListsEveryCommandInItsGroup(t *testing.T) {
	c := newCLI(t)
	out := c.ok("--help")

	t.Run("every command sits in a group, none under Additional Commands", func(t *testing.T) {
		if strings.Contains(out, "Additional Commands") {
			t.Errorf("a command has no group:\n%s", out)
		}
		for _, cmd := range NewRoot(&Env{}).Commands() {
			if !cmd.Hidden && cmd.GroupID == "" {
				t.Errorf("%s has no group", cmd.Name())
			}
		}
	})

	t.Run("the help shows the groups and their commands in the listed order", func(t *testing.T) {
		want := []string{
			"Record work:", "block", "checkin", "day", "ship", "start", "status", "stop",
			"Plan work:", "deliverable", "milestone", "project",
			"Requests and decisions:", "decision", "request",
			"Reports:", "report", "team", "update",
			"Data and settings:", "backup", "config", "demo", "export", "import", "restore",
			"Background jobs and help:", "daemon", "help", "jobs", "version",
		}
		head := regexp.MustCompile(`^[A-Z][a-z].*:$`)
		cmd := regexp.MustCompile(`^  ([a-z]+) `)
		var got []string
		_, listing, _ := strings.Cut(out, "shiplog [command]\n")
		listing, _, _ = strings.Cut(listing, "\nFlags:")
		for _, line := range strings.Split(listing, "\n") {
			if head.MatchString(line) {
				got = append(got, line)
			} else if m := cmd.FindStringSubmatch(line); m != nil {
				got = append(got, m[1])
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("help lists\n%q\nwant\n%q", got, want)
		}
	})
}
