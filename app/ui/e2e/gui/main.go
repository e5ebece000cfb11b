// Command gui is the desktop app alone, for the end-to-end test while main.go does not yet wire
// the GUI: it opens the database named by --db and runs ui.Run.
package main

import (
	"flag"
	"fmt"
	"os"

	"shiplog/app/ui"
	"shiplog/tracker/sqlite"
)

func main() {
	db := flag.String("db", "", "database file")
	flag.Parse()
	svc, err := sqlite.OpenService(*db)
	if err != nil {
		fmt.Fprintln(os.Stderr, "shiplog-gui:", err)
		os.Exit(1)
	}
	defer svc.Close()
	if err := ui.Run(svc, ui.Options{Version: "e2e"}); err != nil {
		fmt.Fprintln(os.Stderr, "shiplog-gui:", err)
		os.Exit(1)
	}
}
