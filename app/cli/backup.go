package cli

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"shiplog/app/desktop"
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
		Long: `Replace the database with the backup in FILE. The backup is checked first: it must have
Shiplog's tables and columns, a schema this version can read, and pass SQLite's integrity_check.
It is read through SQLite, so a -wal file beside it is restored too. The current database is kept
beside it as shiplog-before-restore-<time>.db, so a restore can be undone, and it stays as it was
if the restore fails at any point.

Restore refuses while the desktop app or 'shiplog daemon' has the database open, and says which
process it is: quit the app (tray menu, Quit) or stop the daemon first.`,
		Example: `  shiplog restore ~/.local/share/shiplog/shiplog-backup-2026-11-20.db`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := e.Path()
			if err != nil {
				return err
			}
			// The service must not hold the file open while it is replaced.
			if err := e.Close(); err != nil {
				return err
			}
			// No window or daemon may write to the database while it is replaced, nor start meanwhile.
			release, err := desktop.LockForRestore(path)
			if err != nil {
				var le *desktop.LockedError
				if errors.As(err, &le) {
					return fmt.Errorf("restore: %s has %s open; quit it (the desktop app: Quit in the tray menu; the daemon: "+
						"Ctrl-C or kill %d) and run restore again; nothing was changed: %w", le.Holder, path, le.Holder.PID, tracker.ErrLocked)
				}
				return fmt.Errorf("restore: %w", err)
			}
			defer release()
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
