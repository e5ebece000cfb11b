package cli

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"
)

func newVersionCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print Shiplog's version",
		Long: `Print the version this binary was built as. It comes from FyneApp.toml through the build
(make build, make package); a plain go build says "dev".`,
		Example: `  shiplog version`,
		Args:    cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintln(e.Stdout, versionLine())
			return nil
		},
	}
}

// versionLine is what `shiplog version` and `shiplog --version` print.
func versionLine() string {
	return fmt.Sprintf("shiplog %s (%s %s/%s)", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
