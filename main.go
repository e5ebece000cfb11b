// Shiplog records output, not hours: a desktop app, a tray icon and a CLI in one binary.
package main

import (
	"context"
	"errors"
	"log"
	"os"

	_ "shiplog/app/locale" // before Fyne reads the locale

	"github.com/jonboulle/clockwork"

	"shiplog/app/cli"
	"shiplog/app/desktop"
	"shiplog/app/jobs"
	"shiplog/app/team"
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
		sync := team.New(svc, team.Options{Zone: desktop.DetectTimezone})
		defer sync.Close()
		return ui.Run(svc, ui.Options{
			Version:     version,
			Hidden:      env.Hidden,
			Shows:       inst.Shows(),
			WriteReport: reportWriter(svc),
			StartJobs:   jobStarter(svc, sync),
			TeamStatus:  teamStatus(sync),
			TeamSync: func() error {
				_, err := sync.Sync(context.Background())
				return err
			},
			Autostart: func(on bool) error { return cli.ApplyAutostart(svc, on) },
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
// runs them already, the window leaves them to it and takes them over once it stops. The team
// sync is one of them.
func jobStarter(svc *tracker.Service, sync *team.Engine) func(notify func(title, body string)) (stop func()) {
	writeReport := reportWriter(svc)
	return func(notify func(title, body string)) (stop func()) {
		opts := jobs.Options{
			Who:         desktop.WhoApp,
			Notify:      notify,
			WriteReport: func(p reports.Period, dir string) (string, error) { return writeReport(p, nil, dir) },
			Sync: func(ctx context.Context) error {
				_, err := sync.Sync(ctx)
				return err
			},
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

// teamStatus reads where team mode stands, for the window's Team tab.
func teamStatus(sync *team.Engine) func() (ui.TeamStatus, error) {
	return func() (ui.TeamStatus, error) {
		st, err := sync.Status(context.Background())
		return ui.TeamStatus{Joined: st.Joined, Server: st.Login.Server, Member: st.Login.Member, Manager: st.Login.Manager,
			Pending: st.Pending, LastSync: st.LastSync}, err
	}
}
