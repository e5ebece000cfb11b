package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// iconSizes are the hicolor sizes that the package and install.sh carry.
var iconSizes = []string{"16x16", "22x22", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512"}

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

func run(t *testing.T, env []string, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out.String())
	}
	return out.String()
}

// TestReleasePackage builds the whole package as `make package` does (scripts/package.sh, which
// has fyne package build the release binary), unpacks the archive and checks what a
// distribution would: the desktop entry passes desktop-file-validate, the binary reports
// FyneApp.toml's version, and install.sh installs and uninstalls it. With a warm build cache it
// takes under a minute; the first build of the release flags takes several.
func TestReleasePackage(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a release binary; skipped with -short")
	}
	validate, err := exec.LookPath("desktop-file-validate")
	if err != nil {
		t.Skip("desktop-file-validate is missing (scripts/deps.sh tools installs desktop-file-utils)")
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

// TestInstallScript runs install.sh on a small stand-in package, so that the install and
// uninstall rules are checked without a release build.
func TestInstallScript(t *testing.T) {
	for _, tool := range []string{"tar", "xz", "install"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("%s is missing", tool)
		}
	}
	pkg := filepath.Join(t.TempDir(), "shiplog")
	usr := filepath.Join(pkg, "usr", "local")
	files := map[string]string{
		"bin/shiplog": "#!/bin/sh\necho shiplog\n",
		"share/applications/dev.shiplog.Shiplog.desktop": "[Desktop Entry]\nType=Application\nName=Shiplog\nExec=shiplog\nIcon=dev.shiplog.Shiplog\n",
	}
	for _, s := range iconSizes {
		files["share/icons/hicolor/"+s+"/apps/dev.shiplog.Shiplog.png"] = "png"
	}
	for f, body := range files {
		p := filepath.Join(usr, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	checkInstallUninstall(t, pkg)
}

// checkInstallUninstall installs from src (an archive or an unpacked directory) into a fresh
// home as a user would, both into ~/.local and into a PREFIX, and uninstalls again.
func checkInstallUninstall(t *testing.T, src string) {
	t.Helper()
	home := t.TempDir()
	data := filepath.Join(home, ".local/share/shiplog/shiplog.db")
	if err := os.MkdirAll(filepath.Dir(data), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(data, []byte("the user's data"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, prefix := range []string{filepath.Join(home, ".local"), filepath.Join(home, "opt")} {
		env := []string{"HOME=" + home, "PREFIX=" + prefix}
		if prefix == filepath.Join(home, ".local") && os.Getuid() != 0 {
			env[1] = "PREFIX=" // a user's default; root's would be /usr/local
		}
		before := tree(t, home)
		run(t, env, "scripts/install.sh", "install", src)
		added := diff(tree(t, home), before)
		want := []string{filepath.Join(prefix, "bin/shiplog"), filepath.Join(prefix, "share/applications/dev.shiplog.Shiplog.desktop")}
		for _, s := range iconSizes {
			want = append(want, filepath.Join(prefix, "share/icons/hicolor", s, "apps/dev.shiplog.Shiplog.png"))
		}
		slices.Sort(want)
		if !slices.Equal(added, want) {
			t.Errorf("install under %s added\n%s\nwant\n%s", prefix, strings.Join(added, "\n"), strings.Join(want, "\n"))
		}
		entry, _ := os.ReadFile(filepath.Join(prefix, "share/applications/dev.shiplog.Shiplog.desktop"))
		if !strings.Contains(string(entry), "\nExec="+filepath.Join(prefix, "bin/shiplog")) {
			t.Errorf("installed entry does not start the installed binary by its path:\n%s", entry)
		}
		if fi, err := os.Stat(filepath.Join(prefix, "bin/shiplog")); err != nil || fi.Mode().Perm()&0o111 == 0 {
			t.Errorf("installed binary is not executable (%v)", err)
		}

		run(t, env, "scripts/install.sh", "uninstall")
		if left := diff(tree(t, home), before); len(left) > 0 {
			t.Errorf("uninstall left %v", left)
		}
		if b, err := os.ReadFile(data); err != nil || string(b) != "the user's data" {
			t.Errorf("the user's database changed: %q, %v", b, err)
		}
	}
}

// tree lists the regular files under dir.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			out = append(out, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// diff lists the files in a that are not in b.
func diff(a, b []string) []string {
	var out []string
	for _, f := range a {
		if !slices.Contains(b, f) {
			out = append(out, f)
		}
	}
	return out
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
