package cli

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"shiplog/tracker"
)

// location is the user's configured time zone, used to read local times and dates.
// It is read once per command: a command may parse several times and dates.
func location(e *Env) (*time.Location, error) {
	if e.loc != nil {
		return e.loc, nil
	}
	svc, err := e.Service()
	if err != nil {
		return nil, err
	}
	cfg, err := svc.Config()
	if err != nil {
		return nil, err
	}
	e.loc = cfg.Location()
	return e.loc, nil
}

// timeFlag reads a TIME flag value; an unset flag gives the zero time.
func timeFlag(e *Env, cmd *cobra.Command, name string) (time.Time, error) {
	if !cmd.Flags().Changed(name) {
		return time.Time{}, nil
	}
	s, _ := cmd.Flags().GetString(name)
	loc, err := location(e)
	if err != nil {
		return time.Time{}, err
	}
	return tracker.ParseTime(name, s, e.Now(), loc)
}

// dateFlag reads a DATE flag as the start of that day in the user's zone; unset gives the zero time.
func dateFlag(e *Env, cmd *cobra.Command, name string) (time.Time, error) {
	if !cmd.Flags().Changed(name) {
		return time.Time{}, nil
	}
	s, _ := cmd.Flags().GetString(name)
	d, err := tracker.ParseDate(name, s)
	if err != nil {
		return time.Time{}, err
	}
	loc, err := location(e)
	if err != nil {
		return time.Time{}, err
	}
	return d.In(loc), nil
}

// dateRangeFlags reads --from and --to as local days, --to inclusive, as the half-open range
// [from, to+1 day); unset flags give zero times.
func dateRangeFlags(e *Env, cmd *cobra.Command) (from, to time.Time, err error) {
	if from, err = dateFlag(e, cmd, "from"); err != nil {
		return
	}
	if to, err = dateFlag(e, cmd, "to"); err != nil {
		return
	}
	if !to.IsZero() {
		to = to.AddDate(0, 0, 1)
	}
	if !from.IsZero() && !to.IsZero() && !from.Before(to) {
		return time.Time{}, time.Time{}, usagef("--from must not be after --to")
	}
	return from, to, nil
}

// writeJSON prints v as indented JSON. A slice is written one element at a time through a buffer:
// the same bytes as json.Encoder with SetIndent, without indenting a 100k-element document in one
// piece, which took seconds.
func writeJSON(e *Env, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice || rv.Len() == 0 {
		enc := json.NewEncoder(e.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	w := bufio.NewWriterSize(e.Stdout, 64<<10)
	w.WriteString("[\n")
	for i := 0; i < rv.Len(); i++ {
		b, err := json.MarshalIndent(rv.Index(i).Interface(), "  ", "  ")
		if err != nil {
			return err
		}
		w.WriteString("  ")
		w.Write(b)
		if i < rv.Len()-1 {
			w.WriteByte(',')
		}
		w.WriteByte('\n')
	}
	w.WriteString("]\n")
	return w.Flush()
}

// fmtDuration prints a duration as H:MM.
func fmtDuration(d time.Duration) string {
	d = d.Round(time.Minute)
	return fmt.Sprintf("%d:%02d", int(d.Hours()), int(d.Minutes())%60)
}

// rfc writes a time for JSON output: RFC 3339 in UTC. Text meant for a person uses when instead.
func rfc(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// when writes a time for a person: in the configured zone, as it is typed (tracker.When).
func when(e *Env, t time.Time) string {
	loc, err := location(e)
	if err != nil {
		loc = time.Local
	}
	return tracker.When(t, loc)
}

// day writes the local date of an instant, in the configured zone.
func day(e *Env, t time.Time) string {
	loc, err := location(e)
	if err != nil {
		loc = time.Local
	}
	return string(tracker.DateOf(t, loc))
}

// count writes n things with the noun in the right number: "1 reply", "3 replies", "0 blocks".
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

func rfcPtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := rfc(*t)
	return &s
}

func isNotFound(err error) bool { return errors.Is(err, tracker.ErrNotFound) }

// withService wraps a command body that needs the database, opening it first.
func withService(e *Env, run func(cmd *cobra.Command, args []string, svc *tracker.Service) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		svc, err := e.Service()
		if err != nil {
			return err
		}
		return run(cmd, args, svc)
	}
}

// withID wraps a command body that acts on the record named by its ID argument. The ID is checked
// before the database is opened, so that a typo is a usage error even with no database.
func withID(e *Env, run func(cmd *cobra.Command, svc *tracker.Service, id uint) error) func(*cobra.Command, []string) error {
	return func(cmd *cobra.Command, args []string) error {
		id, err := idArg(args[0])
		if err != nil {
			return err
		}
		svc, err := e.Service()
		if err != nil {
			return err
		}
		return run(cmd, svc, id)
	}
}

// table lays out columns for a terminal. Output goes through a buffer, since tabwriter writes
// cell by cell and a 100k-row listing would otherwise make a million small writes.
type table struct {
	*tabwriter.Writer
	buf *bufio.Writer
}

func newTable(e *Env) *table {
	buf := bufio.NewWriterSize(e.Stdout, 64<<10)
	return &table{Writer: tabwriter.NewWriter(buf, 0, 4, 2, ' ', 0), buf: buf}
}

// Flush writes the laid-out table.
func (t *table) Flush() error {
	if err := t.Writer.Flush(); err != nil {
		return err
	}
	return t.buf.Flush()
}
