// Shiplog records output, not hours: a desktop app, a tray icon and a CLI in one binary.
package main

import (
	"os"

	_ "shiplog/app/locale" // before Fyne reads the locale

	"time"

	"github.com/jonboulle/clockwork"

	"shiplog/app/cli"
	"shiplog/app/jobs"
	"shiplog/app/ui"
	"shiplog/tracker"
)

// version is set at build time with -ldflags "-X main.version=…"; the Makefile reads FyneApp.toml.
var version = "dev"

func main() {
	cli.Version = version
	env := &cli.Env{OpenGUI: func(svc *tracker.Service) error {
		writeReport := func(from, to time.Time, projects []string, path string) error {
			return cli.WriteReportFile(svc, from, to, projects, path)
		}
		return ui.Run(svc, ui.Options{
			Version:     version,
			WriteReport: writeReport,
			StartJobs: func(notify func(title, body string)) (stop func()) {
				r, err := jobs.New(svc, clockwork.NewRealClock(), jobs.Options{
					Notify:      notify,
					WriteReport: func(from, to time.Time, path string) error { return writeReport(from, to, nil, path) },
				})
				if err != nil || r.Start() != nil {
					return func() {}
				}
				return func() { _ = r.Stop() }
			},
		})
	}}
	os.Exit(cli.Run(env, os.Args[1:]))
}
