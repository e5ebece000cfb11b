//go:build package

package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// fyneAppVersion reads [Details] Version from FyneApp.toml, the one place the version lives.
func fyneAppVersion(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("FyneApp.toml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^Version *= *"(.+)"`).FindSubmatch(b)
	if m == nil {
		t.Fatal("FyneApp.toml has no Version")
	}
	return string(m[1])
}

// TestReleasePackage builds the whole package as `make package` does (scripts/package.sh, which
// has fyne package build the release binary), unpacks the archive and checks what a
// distribution would: the desktop entry passes desktop-file-validate, the binary reports
// FyneApp.toml's version, and install.sh installs and uninstalls it. With a warm build cache it
// takes about a minute; the first build with the release flags takes five or more, which is why it
// sits behind the package build tag and runs as `make test-package`, with its own timeout, rather
// than inside `go test ./...`.
func TestReleasePackage(t *testing.T) {
	validate, err := exec.LookPath("desktop-file-validate")
	if err != nil {
		t.Skip("desktop-file-validate is missing (scripts/deps.sh package installs desktop-file-utils)")
	}
	for _, tool := range []string{"tar", "xz"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is missing", tool)
		}
	}
	version := fyneAppVersion(t)
	tmp := t.TempDir()
	dist := filepath.Join(tmp, "dist")
	run(t, []string{"SHIPLOG_DIST=" + dist}, "scripts/package.sh")
	archive := filepath.Join(dist, "shiplog-"+version+"-linux-"+goarch(t)+".tar.xz")
	unpacked := filepath.Join(tmp, "unpacked")
	if err := os.Mkdir(unpacked, 0o755); err != nil {
		t.Fatal(err)
	}
	run(t, nil, "tar", "-xJf", archive, "-C", unpacked)
	root := filepath.Join(unpacked, "shiplog")
	usr := filepath.Dir(filepath.Dir(findFile(t, root, "bin/shiplog")))

	t.Run("the archive holds the binary, the desktop entry, the icons, fyne's Makefile and install.sh", func(t *testing.T) {
		want := []string{"Makefile", "install.sh", "bin/shiplog", "share/applications/dev.shiplog.Shiplog.desktop",
			"share/pixmaps/dev.shiplog.Shiplog.png"}
		for _, s := range iconSizes {
			want = append(want, "share/icons/hicolor/"+s+"/apps/dev.shiplog.Shiplog.png")
		}
		for _, f := range want {
			dir := usr
			if !strings.Contains(f, "/") {
				dir = root
			}
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				t.Errorf("missing %s", f)
			}
		}
	})
	desktop := filepath.Join(usr, "share/applications/dev.shiplog.Shiplog.desktop")
	t.Run("the desktop entry passes desktop-file-validate and carries FyneApp.toml's fields", func(t *testing.T) {
		out, err := exec.Command(validate, desktop).CombinedOutput()
		if err != nil || len(bytes.TrimSpace(out)) > 0 {
			t.Errorf("desktop-file-validate: %v\n%s", err, out)
		}
		b, _ := os.ReadFile(desktop)
		for _, line := range []string{"Name=Shiplog", "GenericName=Results tracker", "Categories=Office;ProjectManagement;",
			"Exec=shiplog", "Icon=dev.shiplog.Shiplog", "Keywords=time;tracker;deep work;"} {
			if !strings.Contains(string(b), line) {
				t.Errorf("entry lacks %q:\n%s", line, b)
			}
		}
		if !strings.Contains(string(b), "\nComment=") {
			t.Errorf("entry has no Comment:\n%s", b)
		}
	})
	t.Run("the packaged binary reports FyneApp.toml's version", func(t *testing.T) {
		out := run(t, nil, filepath.Join(usr, "bin/shiplog"), "version")
		if !strings.HasPrefix(out, "shiplog "+version+" ") {
			t.Errorf("version printed %q; want shiplog %s", out, version)
		}
	})
	t.Run("install.sh installs from the archive and uninstall leaves the user's data", func(t *testing.T) {
		checkInstallUninstall(t, archive)
	})
}

func findFile(t *testing.T, root, suffix string) string {
	t.Helper()
	var found string
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(p, "/"+suffix) {
			found = p
		}
		return nil
	})
	if found == "" {
		t.Fatalf("no %s under %s", suffix, root)
	}
	return found
}

func goarch(t *testing.T) string {
	t.Helper()
	return strings.TrimSpace(run(t, nil, "go", "env", "GOARCH"))
}
