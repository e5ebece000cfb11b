package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// iconSizes are the hicolor sizes that the package and install.sh carry.
var iconSizes = []string{"16x16", "22x22", "24x24", "32x32", "48x48", "64x64", "128x128", "256x256", "512x512"}

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
