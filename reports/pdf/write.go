package pdf

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"shiplog/reports"
	"shiplog/tracker/atomicfile"
)

// WriteFile builds the report that opts describes from src and writes it as a PDF to path: the
// one report path of the command line, the window, the tray and the weekly job. The file appears
// whole or not at all, 0600, and survives a crash once WriteFile returns (see atomicfile). Its
// errors speak of files, such as "cannot write report to /x/r.pdf: folder /x does not exist";
// a front end with flags checks its flags first.
func WriteFile(src reports.Source, opts reports.Options, path string, ro RenderOptions) error {
	r, err := reports.Build(src, opts)
	if err != nil {
		return err
	}
	return WriteReportFile(r, path, ro)
}

// WriteReportFile writes a report already built as a PDF to path, as WriteFile does, for a front
// end that shows the same model in another form too (`report --json --out`).
func WriteReportFile(r *reports.Report, path string, ro RenderOptions) error {
	return writeReport(path, func(w io.Writer) error { return Render(r, w, ro) })
}

// WriteInFolder writes the report into dir under its reports.FileName and returns the file's
// path. dir is the report folder of the settings, so it is created (0700) when missing.
func WriteInFolder(src reports.Source, opts reports.Options, dir string, ro RenderOptions) (string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("cannot create the report folder: %w", err)
	}
	r, err := reports.Build(src, opts)
	if err != nil {
		return "", err
	}
	// The stored project names, not the ones typed, so that one filter always gives one name.
	path := filepath.Join(dir, reports.FileName(r.Period, r.Projects))
	return path, writeReport(path, func(w io.Writer) error { return Render(r, w, ro) })
}

// WriteTeamFile writes a team report as a PDF to path, as WriteFile writes a personal one.
func WriteTeamFile(t *reports.TeamReport, path string, ro RenderOptions) error {
	return writeReport(path, func(w io.Writer) error { return RenderTeam(t, w, ro) })
}

// writeReport renders into path atomically and names the file a report in errors.
func writeReport(path string, render func(io.Writer) error) error {
	err := atomicfile.Write(path, render)
	var ae *atomicfile.Error
	if errors.As(err, &ae) {
		ae.What = "report"
	}
	return err
}
