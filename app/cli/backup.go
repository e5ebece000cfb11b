package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

func newBackupCmd(e *Env) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "backup",
		Short: "Copy the database to a backup file",
		Long: `Write a consistent copy of the database with SQLite's VACUUM INTO. Without --out the copy is the
dated daily one beside the database (shiplog-backup-YYYY-MM-DD.db), and old dated copies are
rotated: the newest 7 daily ones and 4 weekly ones are kept. With --out the copy goes to FILE,
which must not exist, and nothing is rotated.`,
		Example: `  shiplog backup
  shiplog backup --out ~/shiplog-before-import.db`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			svc, err := e.Service()
			if err != nil {
				return err
			}
			if cmd.Flags().Changed("out") {
				if err := svc.Backup(out); err != nil {
					return err
				}
				fmt.Fprintf(e.Stdout, "backed up to %s\n", out)
				return nil
			}
			path, removed, err := svc.DailyBackup()
			if err != nil {
				return err
			}
			fmt.Fprintf(e.Stdout, "backed up to %s\n", path)
			for _, r := range removed {
				fmt.Fprintf(e.Stdout, "removed old backup %s\n", r)
			}
			return nil
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the copy to `FILE` instead of the dated daily file")
	return cmd
}

func newRestoreCmd(e *Env) *cobra.Command {
	return &cobra.Command{
		Use:   "restore FILE",
		Short: "Replace the database with a backup",
		Long: `Replace the database with the backup in FILE. The backup is checked first (SQLite's
integrity_check, and a schema this version can read). The current database is kept beside it as
shiplog-before-restore-<time>.db, so a restore can be undone. Close the desktop app and stop the
daemon first.`,
		Example: `  shiplog restore ~/.local/share/shiplog/shiplog-backup-2026-11-20.db`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path := e.DBPath
			if path == "" {
				p, err := tracker.DefaultPath()
				if err != nil {
					return err
				}
				path = p
			}
			// The service must not hold the file open while it is replaced.
			if err := e.Close(); err != nil {
				return err
			}
			kept, err := sqlite.Restore(path, args[0], e.Now())
			if err != nil {
				return err
			}
			// Opening migrates an older backup and proves the result is usable.
			if _, err := e.Service(); err != nil {
				return fmt.Errorf("restored %s, but it does not open: %w", args[0], err)
			}
			fmt.Fprintf(e.Stdout, "restored %s into %s\n", args[0], path)
			if kept != "" {
				fmt.Fprintf(e.Stdout, "the previous database is kept at %s\n", kept)
			}
			return nil
		},
	}
}
