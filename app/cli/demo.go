package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"shiplog/reports"
	"shiplog/reports/pdf"
)

func newDemoCmd(e *Env) *cobra.Command {
	var out string
	var force bool
	cmd := &cobra.Command{
		Use:   "demo [--out FILE.pdf]",
		Short: "Fill an empty database with six weeks of sample data and write a sample report",
		Long: `Seed an empty database with six realistic weeks of one person's work (projects, blocks
of every kind, deliverables, milestones, requests and decisions) and write this week's report.
A database that already has projects is refused, so your own data is never mixed with the demo.`,
		Example: `  shiplog --db /tmp/demo.db demo
  shiplog --db /tmp/demo.db demo --out sample.pdf`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if strings.TrimSpace(out) == "" {
				return usagef("--out must not be empty (see 'shiplog demo --help')")
			}
			if err := checkWritableDir(out); err != nil {
				return err
			}
			if err := checkReplace(out, force); err != nil {
				return err
			}
			svc, err := e.Service()
			if err != nil {
				return err
			}
			now := e.Now()
			if err := svc.SeedDemo(now); err != nil {
				return err
			}
			cfg, err := svc.Config()
			if err != nil {
				return err
			}
			err = pdf.WriteFile(svc, reports.Options{Period: reports.WeekOf(now, cfg.Location()), Now: now, Author: "Sam Demo"},
				out, pdf.RenderOptions{Version: Version})
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "seeded six weeks of demo data into %s\n%s\n", svc.Path(), out)
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "shiplog-demo.pdf", "PDF file to write")
	cmd.Flags().BoolVar(&force, "force", false, "replace an existing --out file")
	return cmd
}
