// Shiplog records output, not hours: a desktop app, a tray icon and a CLI in one binary.
package main

import (
	"os"

	"shiplog/app/cli"
)

func main() {
	os.Exit(cli.Run(&cli.Env{}, os.Args[1:]))
}
