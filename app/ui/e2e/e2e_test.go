//go:build e2e

// Package e2e runs the real desktop app under Xvfb and a D-Bus session bus, drives its tray menu
// through a fake StatusNotifierWatcher, and checks the result in the database.
//
// Run it as:
//
//	dbus-run-session -- xvfb-run -a go test -tags e2e -count=1 ./app/ui/e2e/
package e2e

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
	"github.com/godbus/dbus/v5/introspect"
	"github.com/godbus/dbus/v5/prop"

	"shiplog/tracker"
	"shiplog/tracker/sqlite"
)

const (
	watcherName  = "org.kde.StatusNotifierWatcher"
	watcherPath  = "/StatusNotifierWatcher"
	menuPath     = "/StatusNotifierItem/menu"
	menuIface    = "com.canonical.dbusmenu"
	testProject  = "Shiplog API"
	startTimeout = 90 * time.Second
)

// watcher is a minimal StatusNotifierWatcher: it tells items that a host is there and reports
// who registered.
type watcher struct {
	registered chan string
}

// RegisterStatusNotifierItem is what systray calls once its item is on the bus.
func (w *watcher) RegisterStatusNotifierItem(service string, sender dbus.Sender) *dbus.Error {
	w.registered <- string(sender)
	return nil
}

// RegisterStatusNotifierHost is part of the interface; nothing to do.
func (w *watcher) RegisterStatusNotifierHost(service string) *dbus.Error { return nil }

func startWatcher(t *testing.T) *watcher {
	t.Helper()
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatalf("no session bus (run under dbus-run-session): %v", err)
	}
	t.Cleanup(func() { conn.Close() })
	w := &watcher{registered: make(chan string, 4)}
	if err := conn.Export(w, watcherPath, watcherName); err != nil {
		t.Fatal(err)
	}
	_, err = prop.Export(conn, watcherPath, prop.Map{watcherName: {
		"IsStatusNotifierHostRegistered": {Value: true, Emit: prop.EmitFalse},
		"RegisteredStatusNotifierItems":  {Value: []string{}, Emit: prop.EmitFalse},
		"ProtocolVersion":                {Value: int32(0), Emit: prop.EmitFalse},
	}})
	if err != nil {
		t.Fatal(err)
	}
	node := &introspect.Node{Name: watcherPath, Interfaces: []introspect.Interface{introspect.IntrospectData, prop.IntrospectData}}
	if err := conn.Export(introspect.NewIntrospectable(node), watcherPath, "org.freedesktop.DBus.Introspectable"); err != nil {
		t.Fatal(err)
	}
	reply, err := conn.RequestName(watcherName, dbus.NameFlagDoNotQueue)
	if err != nil || reply != dbus.RequestNameReplyPrimaryOwner {
		t.Fatalf("cannot own %s: %v (%v)", watcherName, reply, err)
	}
	return w
}

// menuItem is one node of the dbusmenu layout.
type menuItem struct {
	ID       int32
	Label    string
	Enabled  bool
	Children []menuItem
}

// parseLayout turns GetLayout's (ia{sv}av) into menuItems.
func parseLayout(v any) (menuItem, error) {
	fields, ok := v.([]any)
	if !ok || len(fields) != 3 {
		return menuItem{}, fmt.Errorf("unexpected layout node %T", v)
	}
	it := menuItem{ID: fields[0].(int32), Enabled: true}
	for k, p := range fields[1].(map[string]dbus.Variant) {
		switch k {
		case "label":
			it.Label, _ = p.Value().(string)
		case "enabled":
			it.Enabled, _ = p.Value().(bool)
		}
	}
	for _, c := range fields[2].([]dbus.Variant) {
		child, err := parseLayout(c.Value())
		if err != nil {
			return menuItem{}, err
		}
		it.Children = append(it.Children, child)
	}
	return it, nil
}

func getLayout(t *testing.T, conn *dbus.Conn, dest string) menuItem {
	t.Helper()
	var rev uint32
	var layout struct {
		V0 int32
		V1 map[string]dbus.Variant
		V2 []dbus.Variant
	}
	call := conn.Object(dest, menuPath).Call(menuIface+".GetLayout", 0, int32(0), int32(-1), []string{})
	if err := call.Store(&rev, &layout); err != nil {
		t.Fatalf("GetLayout: %v", err)
	}
	root, err := parseLayout([]any{layout.V0, layout.V1, layout.V2})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func (m menuItem) find(path ...string) (menuItem, bool) {
	if len(path) == 0 {
		return m, true
	}
	for _, c := range m.Children {
		if c.Label == path[0] {
			return c.find(path[1:]...)
		}
	}
	return menuItem{}, false
}

func click(t *testing.T, conn *dbus.Conn, dest string, id int32) {
	t.Helper()
	call := conn.Object(dest, menuPath).Call(menuIface+".Event", 0, id, "clicked", dbus.MakeVariant(""), uint32(0))
	if call.Err != nil {
		t.Fatalf("Event clicked %d: %v", id, call.Err)
	}
}

// repoRoot is the module's root, where the binaries are built into tmp/.
func repoRoot(t *testing.T) string {
	t.Helper()
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Dir(strings.TrimSpace(string(out)))
}

func build(t *testing.T, root, out, pkg string) string {
	t.Helper()
	bin := filepath.Join(root, "tmp", out)
	cmd := exec.Command("go", "build", "-o", bin, pkg)
	cmd.Dir = root
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	return bin
}

// guiCommand is the command that opens the desktop app on db. SHIPLOG_E2E_BIN=real runs the real
// binary with no command (once main.go wires the GUI); otherwise the app/ui/e2e/gui stand-in runs.
func guiCommand(t *testing.T, root, cli, db string) *exec.Cmd {
	if os.Getenv("SHIPLOG_E2E_BIN") == "real" {
		return exec.Command(cli, "--db", db)
	}
	return exec.Command(build(t, root, "shiplog-gui", "./app/ui/e2e/gui"), "--db", db)
}

type status struct {
	Running bool `json:"running"`
	Block   *struct {
		ID      int    `json:"id"`
		Kind    string `json:"kind"`
		Project string `json:"project"`
	} `json:"block"`
}

func readStatus(t *testing.T, cli, db string) status {
	t.Helper()
	out, err := exec.Command(cli, "--db", db, "status", "--json").Output()
	if err != nil {
		t.Fatalf("shiplog status --json: %v", err)
	}
	var st status
	if err := json.Unmarshal(out, &st); err != nil {
		t.Fatalf("status JSON %q: %v", out, err)
	}
	return st
}

func TestTrayStartsABlock(t *testing.T) {
	if os.Getenv("DISPLAY") == "" {
		t.Fatal("no DISPLAY: run under xvfb-run -a")
	}
	root := repoRoot(t)
	cli := build(t, root, "shiplog", ".")
	db := filepath.Join(t.TempDir(), "shiplog.db")
	svc, err := sqlite.OpenService(db)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.AddProject(tracker.Project{Name: testProject}); err != nil {
		t.Fatal(err)
	}
	svc.Close()

	w := startWatcher(t)
	conn, err := dbus.ConnectSessionBus()
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 3*startTimeout)
	defer cancel()
	cmd := guiCommand(t, root, cli, db)
	cmd.Env = append(os.Environ(), "LANG=C.UTF-8")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	logs := make(chan string, 100)
	go func() {
		s := bufio.NewScanner(stderr)
		for s.Scan() {
			select {
			case logs <- s.Text():
			default:
			}
		}
		close(logs)
	}()
	exited := make(chan error, 1)
	go func() {
		// Drain stderr first so that Wait does not race the reader.
		exited <- cmd.Wait()
	}()
	defer func() {
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
		}
	}()

	var item string
	select {
	case item = <-w.registered:
	case err := <-exited:
		t.Fatalf("the app exited before registering its tray item: %v\n%s", err, drain(logs))
	case <-time.After(startTimeout):
		t.Fatalf("no tray item registered within %s\n%s", startTimeout, drain(logs))
	}

	// The menu is filled just after registration; wait for it.
	var root0 menuItem
	var start menuItem
	deadline := time.Now().Add(30 * time.Second)
	for {
		root0 = getLayout(t, conn, item)
		var ok bool
		if start, ok = root0.find("Start deep work", testProject); ok {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no Start deep work ▸ %s in the menu: %+v", testProject, root0)
		}
		time.Sleep(100 * time.Millisecond) // polling another process; no clock to move
	}
	if first := root0.Children[0]; first.Label != "Idle" || first.Enabled {
		t.Errorf("first line %+v, want a disabled Idle", first)
	}
	for _, want := range []string{"Stop…", "Ship it…", "Log request…", "Show Shiplog", "Weekly report now", "Quit"} {
		if _, ok := root0.find(want); !ok {
			t.Errorf("menu has no %q", want)
		}
	}

	click(t, conn, item, start.ID)
	var st status
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if st = readStatus(t, cli, db); st.Running {
			break
		}
	}
	if !st.Running || st.Block == nil || st.Block.Kind != "deep" || st.Block.Project != testProject {
		t.Fatalf("status after the click: %+v", st)
	}
	// The app writes the block and then redraws the menu; on a busy machine the redraw can lag the
	// write, so the menu is polled as the database is above.
	want, first := "Deep work · "+testProject+" · 0:0", ""
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		if first = getLayout(t, conn, item).Children[0].Label; strings.HasPrefix(first, want) {
			break
		}
	}
	if !strings.HasPrefix(first, want) {
		t.Errorf("first line after start %q", first)
	}

	quit, _ := getLayout(t, conn, item).find("Quit")
	click(t, conn, item, quit.ID)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("the app did not exit cleanly after Quit: %v\n%s", err, drain(logs))
		}
	case <-ctx.Done():
		t.Fatal("the app did not quit")
	}
}

func drain(logs chan string) string {
	var b strings.Builder
	for {
		select {
		case l, ok := <-logs:
			if !ok {
				return b.String()
			}
			b.WriteString(l + "\n")
		default:
			return b.String()
		}
	}
}
