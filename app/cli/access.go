package cli

import "github.com/spf13/cobra"

// readers are the commands that only read the record. On a missing database they say that there
// is none and exit 1 rather than create one where a mistyped --db points, and a database that
// cannot be written opens read-only for them. Every other command records something, creates the
// database when it is missing and says where.
var readers = map[string]bool{
	"shiplog backup":           true,
	"shiplog block list":       true,
	"shiplog config get":       true,
	"shiplog config list":      true,
	"shiplog decision export":  true,
	"shiplog decision list":    true,
	"shiplog deliverable list": true,
	"shiplog export":           true,
	"shiplog jobs":             true,
	"shiplog milestone list":   true,
	"shiplog project list":     true,
	"shiplog report":           true,
	"shiplog request list":     true,
	"shiplog status":           true,
	"shiplog update draft":     true,
}

// noteAccess records, before a command runs, whether it only reads, for Env.Service.
func noteAccess(e *Env) func(cmd *cobra.Command, args []string) error {
	return func(cmd *cobra.Command, args []string) error {
		e.reading = readers[cmd.CommandPath()]
		return nil
	}
}
