// Shiplog records output, not hours: a desktop app, a tray icon and a CLI in one binary.
package main

import (
	"errors"
	"log"
	"os"

	_ "shiplog/app/locale" // before Fyne reads the locale

	"github.com/jonboulle/clockwork"

	"shiplog/app/cli"
	"shiplog/app/desktop"
	"shiplog/app/jobs"
	"shiplog/app/ui"
	"shiplog/reports"
	"shiplog/reports/pdf"
	"shiplog/tracker"
)

// version is set at build time with -ldflags "-X main.version=…"; the Makefile and
// scripts/package.sh read it from FyneApp.toml.
var version = "dev"

func main() {
	cli.Version = version
	env := &cli.Env{}
	env.OpenGUI = func(svc *tracker.Service) error {
		// One window per database: a second launch asks the first to come forward and exits.
		inst, err := desktop.Acquire(svc.Path())
		if errors.Is(err, desktop.ErrRunning) {
			log.Printf("shiplog: already open for %s; asked it to come forward", svc.Path())
			return nil
		}
		if err != nil {
			return err
		}
		defer inst.Close()
		return ui.Run(svc, ui.Options{
			Version:     version,
			Hidden:      env.Hidden,
			Shows:       inst.Shows(),
			WriteReport: reportWriter(svc),
			StartJobs:   jobStarter(svc),
			Autostart:   func(on bool) error { return cli.ApplyAutostart(svc, on) },
			OpenDemo: func() (*tracker.Service, ui.ReportWriter, error) {
				demo, err := cli.OpenDemo(svc.Path(), svc.Clock())
				if err != nil {
					return nil, nil, err
				}
				return demo, reportWriter(demo), nil
			},
		})
	}
	os.Exit(cli.Run(env, os.Args[1:]))
}

// reportWriter writes svc's PDF reports into a folder, for the Reports screen, the tray and the
// weekly job.
func reportWriter(svc *tracker.Service) ui.ReportWriter {
	return func(p reports.Period, projects []string, dir string) (string, error) {
		return pdf.WriteInFolder(svc, reports.Options{Period: p, Projects: projects}, dir, pdf.RenderOptions{Version: version})
	}
}

// jobStarter starts the scheduled jobs on svc with the window's notify func. When `shiplog daemon`
// runs them already, the window leaves them to it and takes them over once it stops.
func jobStarter(svc *tracker.Service) func(notify func(title, body string)) (stop func()) {
	writeReport := reportWriter(svc)
	return func(notify func(title, body string)) (stop func()) {
		opts := jobs.Options{
			Who:         desktop.WhoApp,
			Notify:      notify,
			WriteReport: func(p reports.Period, dir string) (string, error) { return writeReport(p, nil, dir) },
		}
		stop, err := jobs.StartWhenFree(svc, clockwork.NewRealClock(), opts, func(running bool, err error) {
			if !running {
				log.Printf("shiplog: the scheduled jobs wait: %v", err)
			}
		})
		if err != nil {
			notify("Scheduled jobs did not start", err.Error())
			return func() {}
		}
		return stop
	}
}
