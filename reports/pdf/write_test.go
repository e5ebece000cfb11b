package pdf

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"shiplog/reports"
	"shiplog/tracker"
	"shiplog/tracker/atomicfile"
)

// files lists a folder's entries.
func files(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

func TestWriteInFolderNamesTheFileAfterThePeriod(t *testing.T) {
	svc := mustOpen(t, fixtureNow)
	seedFixture(t, svc)
	dir := filepath.Join(t.TempDir(), "Documents", "Shiplog")
	tests := []struct {
		name string
		opts reports.Options
		want string
	}{
		{"a week", reports.Options{Period: reports.WeekOf(fixtureNow, berlin)}, "shiplog-2026-W47.pdf"},
		{"a month", reports.Options{Period: must[reports.Period](t)(reports.ParseMonth("2026-11", berlin))}, "shiplog-2026-11.pdf"},
		{"a range", reports.Options{Period: must[reports.Period](t)(reports.ParseRange("2026-11-01", "2026-11-15", berlin))},
			"shiplog-2026-11-01_2026-11-15.pdf"},
		{"a week for a project typed in another case", reports.Options{Period: reports.WeekOf(fixtureNow, berlin), Projects: []string{"alpha"}},
			"shiplog-2026-W47-alpha.pdf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, err := WriteInFolder(svc, tt.opts, dir, RenderOptions{Version: "test"})
			if err != nil {
				t.Fatal(err)
			}
			eq(t, "path", path, filepath.Join(dir, tt.want))
			b, err := os.ReadFile(path)
			if err != nil || !bytes.HasPrefix(b, []byte("%PDF-")) {
				t.Fatalf("no PDF at %s: %v", path, err)
			}
			st, _ := os.Stat(path)
			eq(t, "mode", st.Mode().Perm(), fs.FileMode(0o600))
		})
	}
	st, err := os.Stat(dir)
	if err != nil || st.Mode().Perm() != 0o700 {
		t.Errorf("the report folder was not created 0700: %v %v", st, err)
	}
}

func TestWriteFileWritesTheSameBytesAsRender(t *testing.T) {
	svc := mustOpen(t, fixtureNow)
	seedFixture(t, svc)
	opts := reports.Options{Period: reports.WeekOf(fixtureNow, berlin)}
	path := filepath.Join(t.TempDir(), "week.pdf")
	if err := WriteFile(svc, opts, path, RenderOptions{Version: "test"}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	if want := render(t, must[*reports.Report](t)(reports.Build(svc, opts))); !bytes.Equal(got, want) {
		t.Error("the file differs from the rendered report")
	}
}

func TestAFailedRenderLeavesNoFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "r.pdf")
	boom := errors.New("render failed")
	err := writeReport(path, func(w io.Writer) error {
		w.Write([]byte("%PDF-1.3 half a document"))
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err %v, want the render's error", err)
	}
	if names := files(t, dir); len(names) != 0 {
		t.Errorf("a failed render left %v", names)
	}
	// A report that exists stays as it was.
	if err := os.WriteFile(path, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := writeReport(path, func(io.Writer) error { return boom }); !errors.Is(err, boom) {
		t.Fatal(err)
	}
	if b, _ := os.ReadFile(path); string(b) != "old" {
		t.Errorf("a failed render changed the old report to %q", b)
	}
	if names := files(t, dir); len(names) != 1 {
		t.Errorf("folder holds %v", names)
	}
}

func TestWriteFileErrorsSpeakOfFilesNotFlags(t *testing.T) {
	svc := mustOpen(t, fixtureNow)
	opts := reports.Options{Period: reports.WeekOf(fixtureNow, berlin)}
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope")
	var errs []error
	err := WriteFile(svc, opts, filepath.Join(missing, "r.pdf"), RenderOptions{})
	errs = append(errs, err)
	want := "cannot write report to " + filepath.Join(missing, "r.pdf") + ": folder " + missing + " does not exist"
	if err == nil || err.Error() != want {
		t.Errorf("err %v, want %q", err, want)
	}
	var ae *atomicfile.Error
	if !errors.As(err, &ae) || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("%v does not unwrap to the file error", err)
	}
	err = WriteFile(svc, opts, dir, RenderOptions{})
	errs = append(errs, err)
	if err == nil || err.Error() != "cannot write report to "+dir+": it is a folder" {
		t.Errorf("writing over a folder: %v", err)
	}
	_, err = WriteInFolder(svc, reports.Options{Period: opts.Period, Projects: []string{"Nope"}}, dir, RenderOptions{})
	errs = append(errs, err)
	if !errors.Is(err, tracker.ErrNotFound) {
		t.Errorf("unknown project: %v", err)
	}
	for _, e := range errs {
		if e != nil && strings.Contains(e.Error(), "--") {
			t.Errorf("%q speaks of a flag", e)
		}
	}
	if names := files(t, dir); len(names) != 0 {
		t.Errorf("failed writes left %v", names)
	}
}
