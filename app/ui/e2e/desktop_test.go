//go:build e2e

package e2e

import (
	"bufio"
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/godbus/dbus/v5"
)

// desktop is a private X display with a session bus and an xfce4-panel holding one tray plugin,
// under a HOME of its own: xfconfd, which the bus starts for the panel, writes the panel's
// settings under $XDG_CONFIG_HOME, and must not touch the real home.
type desktop struct {
	plugin string
	home   string
	env    []string // the environment of everything started on this desktop
	bus    *dbus.Conn
	mon    *busMonitor
	stops  []func() // undo what started the desktop, in reverse
	once   sync.Once
}

// panelXML is xfce4-panel's xfconf channel with one panel along the top holding one plugin.
const panelXML = `<?xml version="1.0" encoding="UTF-8"?>
<channel name="xfce4-panel" version="1.0">
  <property name="configver" type="int" value="2"/>
  <property name="panels" type="array">
    <value type="int" value="1"/>
    <property name="panel-1" type="empty">
      <property name="position" type="string" value="p=6;x=0;y=0"/>
      <property name="length" type="uint" value="100"/>
      <property name="position-locked" type="bool" value="true"/>
      <property name="size" type="uint" value="32"/>
      <property name="icon-size" type="uint" value="24"/>
      <property name="plugin-ids" type="array">
        <value type="int" value="1"/>
      </property>
    </property>
  </property>
  <property name="plugins" type="empty">
    <property name="plugin-1" type="string" value="%s"/>
  </property>
</channel>
`

// startDesktop starts Xvfb, a session bus and the panel with plugin ("systray" is the built-in
// Status Tray, "sntray" the xfce4-sntray-plugin), and waits until the plugin owns the
// StatusNotifierWatcher name. Everything stops when the test ends.
func startDesktop(t *testing.T, plugin string) *desktop {
	t.Helper()
	for _, bin := range []string{"Xvfb", "dbus-daemon", "xfce4-panel", "xdotool", "import"} {
		if _, err := exec.LookPath(bin); err != nil {
			t.Fatalf("%s is missing (scripts/deps.sh e2e installs it): %v", bin, err)
		}
	}
	d := &desktop{plugin: plugin, home: t.TempDir()}
	t.Cleanup(d.stop)
	xdg := map[string]string{
		"HOME":            d.home,
		"XDG_CONFIG_HOME": filepath.Join(d.home, ".config"),
		"XDG_DATA_HOME":   filepath.Join(d.home, ".local", "share"),
		"XDG_CACHE_HOME":  filepath.Join(d.home, ".cache"),
		"XDG_RUNTIME_DIR": filepath.Join(d.home, "run"),
	}
	for _, dir := range xdg {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	channel := filepath.Join(xdg["XDG_CONFIG_HOME"], "xfce4", "xfconf", "xfce-perchannel-xml")
	if err := os.MkdirAll(channel, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(channel, "xfce4-panel.xml"), fmt.Appendf(nil, panelXML, plugin), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if _, private := xdg[name]; private || strings.HasPrefix(name, "DBUS_") ||
			name == "DISPLAY" || name == "XAUTHORITY" || name == "SESSION_MANAGER" || name == tickVar {
			continue
		}
		d.env = append(d.env, kv)
	}
	for k, v := range xdg {
		d.env = append(d.env, k+"="+v)
	}
	d.env = append(d.env, "LANG=C.UTF-8", "NO_AT_BRIDGE=1")

	display := d.startWithFD(t, "Xvfb", "-displayfd", "3", "-screen", "0", "1024x768x24", "-nolisten", "tcp")
	d.env = append(d.env, "DISPLAY=:"+display)
	address := d.startWithFD(t, "dbus-daemon", "--session", "--nofork", "--print-address=3")
	d.env = append(d.env, "DBUS_SESSION_BUS_ADDRESS="+address)

	var err error
	if d.bus, err = dbus.Connect(address); err != nil {
		t.Fatalf("connect to the private bus: %v", err)
	}
	d.stops = append(d.stops, func() { d.bus.Close() })
	d.mon = startMonitor(t, address)
	d.stops = append(d.stops, d.mon.close)

	d.start(t, "xfce4-panel", "--disable-wm-check")
	waitFor(t, 60*time.Second, "the panel's tray plugin to own "+watcherName, func() (bool, string) {
		var owned bool
		err := d.bus.BusObject().Call("org.freedesktop.DBus.NameHasOwner", 0, watcherName).Store(&owned)
		return err == nil && owned, fmt.Sprint(err)
	})
	return d
}

// stop ends everything on the desktop. The test's cleanup calls it too; the second call does
// nothing.
func (d *desktop) stop() {
	d.once.Do(func() {
		for i := len(d.stops) - 1; i >= 0; i-- {
			d.stops[i]()
		}
	})
}

// start runs a command on the desktop in a process group of its own, which stop ends: the panel
// starts its plugins as child processes.
func (d *desktop) start(t *testing.T, name string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = d.env
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	log, err := os.Create(filepath.Join(d.home, filepath.Base(name)+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); log.Close(); close(exited) }()
	d.stops = append(d.stops, func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-exited
		}
	})
	return cmd
}

// startWithFD starts a server that writes one line to file descriptor 3 once it is ready (its
// display number or bus address) and returns that line.
func (d *desktop) startWithFD(t *testing.T, name string, args ...string) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(name, args...)
	cmd.Env = d.env
	cmd.ExtraFiles = []*os.File{w}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	w.Close()
	d.stops = append(d.stops, func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		cmd.Wait()
	})
	line := make(chan string, 1)
	go func() {
		s, _ := bufio.NewReader(r).ReadString('\n')
		line <- strings.TrimSpace(s)
		r.Close()
	}()
	select {
	case s := <-line:
		if s == "" {
			t.Fatalf("%s exited without saying where it listens", name)
		}
		return s
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not start within 30 s", name)
	}
	return ""
}

// run runs a short command on the desktop and returns its output.
func (d *desktop) run(t *testing.T, name string, args ...string) []byte {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Env = d.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, stderr.Bytes())
	}
	return out
}

// xwindow is a top-level X window as xdotool reports it.
type xwindow struct {
	id         string
	x, y, w, h int
}

func (w xwindow) String() string { return fmt.Sprintf("%s %dx%d+%d+%d", w.id, w.w, w.h, w.x, w.y) }

// windows lists the visible top-level windows. A tray host's menus are such windows.
func (d *desktop) windows(t *testing.T) []xwindow {
	t.Helper()
	out := d.run(t, "xdotool", "search", "--onlyvisible", "--maxdepth", "1", "--name", "--class", "--classname", "",
		"getwindowgeometry", "--shell", "%@")
	var ws []xwindow
	var cur xwindow
	for _, line := range strings.Split(string(out), "\n") {
		k, v, ok := strings.Cut(line, "=")
		if !ok {
			continue
		}
		n, _ := strconv.Atoi(v)
		switch k {
		case "WINDOW":
			cur = xwindow{id: v}
		case "X":
			cur.x = n
		case "Y":
			cur.y = n
		case "WIDTH":
			cur.w = n
		case "HEIGHT":
			cur.h = n
		case "SCREEN":
			ws = append(ws, cur)
		}
	}
	return ws
}

// newWindows lists the visible windows that are not in before and lie on the screen.
func (d *desktop) newWindows(t *testing.T, before []xwindow) []xwindow {
	t.Helper()
	old := map[string]bool{}
	for _, w := range before {
		old[w.id] = true
	}
	var ws []xwindow
	for _, w := range d.windows(t) {
		if !old[w.id] && w.x >= 0 && w.y >= 0 && w.w > 1 && w.h > 1 {
			ws = append(ws, w)
		}
	}
	return ws
}

// screenshot captures the screen, or the part of it at r.
func (d *desktop) screenshot(t *testing.T, r image.Rectangle) image.Image {
	t.Helper()
	args := []string{"-window", "root"}
	if !r.Empty() {
		args = append(args, "-crop", fmt.Sprintf("%dx%d+%d+%d", r.Dx(), r.Dy(), r.Min.X, r.Min.Y), "+repage")
	}
	img, err := png.Decode(bytes.NewReader(d.run(t, "import", append(args, "png:-")...)))
	if err != nil {
		t.Fatalf("decode screenshot: %v", err)
	}
	return img
}

// panel is the panel's window: the widest visible window of class xfce4-panel.
func (d *desktop) panel(t *testing.T) image.Rectangle {
	t.Helper()
	out := d.run(t, "xdotool", "search", "--onlyvisible", "--class", "xfce4-panel", "getwindowgeometry", "--shell", "%@")
	var best image.Rectangle
	var x, y, w int
	for _, line := range strings.Split(string(out), "\n") {
		k, v, _ := strings.Cut(line, "=")
		n, _ := strconv.Atoi(v)
		switch k {
		case "X":
			x = n
		case "Y":
			y = n
		case "WIDTH":
			w = n
		case "HEIGHT":
			if r := image.Rect(x, y, x+w, y+n); r.Dx() > best.Dx() {
				best = r
			}
		}
	}
	return best
}

// trayIcon finds the tray item drawn in the panel: the box around the pixels that differ from
// the panel's background, which the panel's far right end shows. The panel holds nothing else.
func (d *desktop) trayIcon(t *testing.T) (image.Rectangle, bool) {
	t.Helper()
	p := d.panel(t)
	if p.Dx() < 100 {
		return image.Rectangle{}, false
	}
	img := d.screenshot(t, p)
	b := img.Bounds()
	bg := img.At(b.Max.X-2, b.Min.Y+b.Dy()/2)
	br, bgc, bb, _ := bg.RGBA()
	var box image.Rectangle
	for y := b.Min.Y + 2; y < b.Max.Y-2; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if diff(r, br)+diff(g, bgc)+diff(bl, bb) > 3*0x2000 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if box.Dx() < 8 || box.Dy() < 8 {
		return image.Rectangle{}, false
	}
	return box.Add(p.Min), true
}

func diff(a, b uint32) uint32 {
	if a > b {
		return a - b
	}
	return b - a
}

// waitFor polls cond until it holds or the timeout passes; what names the condition and cond's
// string says what it saw last. It polls another process, so there is no clock to move.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s; last saw: %s", timeout, what, last)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// busMonitor records the dbusmenu traffic on a bus: the app's signals, the host's calls and the
// replies to them.
type busMonitor struct {
	mu    sync.Mutex
	msgs  []busMsg
	close func()
}

// busMsg is one recorded message.
type busMsg struct {
	typ          dbus.Type
	sender, dest string
	member       string
	serial       uint32
	replySerial  uint32
	labels       []string // the labels an ItemsPropertiesUpdated signal carries
	at           time.Time
}

func startMonitor(t *testing.T, address string) *busMonitor {
	t.Helper()
	conn, err := dbus.Connect(address)
	if err != nil {
		t.Fatal(err)
	}
	rules := []string{"type='signal',interface='" + menuIface + "'", "type='method_call',interface='" + menuIface + "'", "type='method_return'"}
	if err := conn.BusObject().Call("org.freedesktop.DBus.Monitoring.BecomeMonitor", 0, rules, uint32(0)).Err; err != nil {
		t.Fatalf("become a bus monitor: %v", err)
	}
	ch := make(chan *dbus.Message, 4096)
	conn.Eavesdrop(ch)
	// Close closes the eavesdropping channel without stopping the reader that sends to it
	// (godbus v5.2.4), so the channel is taken back first.
	m := &busMonitor{close: func() {
		conn.Eavesdrop(nil)
		close(ch)
		conn.Close()
	}}
	go func() {
		for msg := range ch {
			m.record(msg)
		}
	}()
	return m
}

func (m *busMonitor) record(msg *dbus.Message) {
	b := busMsg{typ: msg.Type, serial: msg.Serial(), at: time.Now()}
	b.sender, _ = msg.Headers[dbus.FieldSender].Value().(string)
	b.dest, _ = msg.Headers[dbus.FieldDestination].Value().(string)
	b.member, _ = msg.Headers[dbus.FieldMember].Value().(string)
	b.replySerial, _ = msg.Headers[dbus.FieldReplySerial].Value().(uint32)
	if b.member == "ItemsPropertiesUpdated" && len(msg.Body) > 0 {
		if items, ok := msg.Body[0].([][]any); ok {
			for _, it := range items {
				if props, ok := it[1].(map[string]dbus.Variant); ok {
					if l, ok := props["label"].Value().(string); ok {
						b.labels = append(b.labels, l)
					}
				}
			}
		}
	}
	m.mu.Lock()
	m.msgs = append(m.msgs, b)
	m.mu.Unlock()
}

// mark is a point in the record; the queries below look at what came after it.
func (m *busMonitor) mark() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.msgs)
}

func (m *busMonitor) since(mark int) []busMsg {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]busMsg(nil), m.msgs[mark:]...)
}

// signals counts the dbusmenu signals named member sent since mark.
func (m *busMonitor) signals(mark int, member string) int {
	n := 0
	for _, b := range m.since(mark) {
		if b.typ == dbus.TypeSignal && b.member == member {
			n++
		}
	}
	return n
}

// menuLoaded reports whether, since mark, a host has asked for the menu's layout after the app
// said it changed, and got it: systray answers a host's first look one level deep and sends
// LayoutUpdated for the rest, so the submenus are in the host from then on.
func (m *busMonitor) menuLoaded(mark int) (bool, string) {
	updated := map[string]bool{}
	asked := map[uint32]string{}
	var seen []string
	for _, b := range m.since(mark) {
		switch {
		case b.typ == dbus.TypeSignal && b.member == "LayoutUpdated":
			updated[b.sender] = true
		case b.typ == dbus.TypeMethodCall && b.member == "GetLayout" && updated[b.dest]:
			asked[b.serial] = b.dest
		case b.typ == dbus.TypeMethodReply && asked[b.replySerial] == b.sender && b.sender != "":
			return true, ""
		}
		if b.typ != dbus.TypeMethodReply {
			seen = append(seen, b.member)
		}
	}
	return false, strings.Join(seen, " ")
}

// slowestAnswer is the longest the app took to answer a host's GetLayout or GetGroupProperties
// call since mark, and how many there were. xfce4-sntray-plugin waits 200 ms for GetLayout and,
// when that passes, never asks for the layout again.
func (m *busMonitor) slowestAnswer(mark int) (slowest time.Duration, n int, what string) {
	msgs := m.since(mark)
	if len(msgs) == 0 {
		return 0, 0, ""
	}
	calls := map[uint32]busMsg{}
	for _, b := range msgs {
		switch {
		case b.typ == dbus.TypeMethodCall && (b.member == "GetLayout" || b.member == "GetGroupProperties"):
			calls[b.serial] = b
		case b.typ == dbus.TypeMethodReply:
			if c, ok := calls[b.replySerial]; ok && c.sender == b.dest {
				n++
				if d := b.at.Sub(c.at); d > slowest {
					slowest = d
					what = fmt.Sprintf("%s asked %s after the first message", c.member, c.at.Sub(msgs[0].at).Round(time.Millisecond))
				}
			}
		}
	}
	return slowest, n, what
}

// settled reports whether the host has read the layout since the app last said it changed.
// xfce4-sntray-plugin loops for good when an app goes away while a layout read is pending (it
// asks the gone app's Version property over and over), so the test lets it catch up before it
// stops the app.
func (m *busMonitor) settled(mark int) (bool, string) {
	msgs := m.since(mark)
	last := -1
	for i, b := range msgs {
		if b.typ == dbus.TypeSignal && b.member == "LayoutUpdated" {
			last = i
		}
	}
	asked := map[uint32]bool{}
	for _, b := range msgs[last+1:] {
		switch {
		case b.typ == dbus.TypeMethodCall && b.member == "GetLayout":
			asked[b.serial] = true
		case b.typ == dbus.TypeMethodReply && asked[b.replySerial]:
			return true, ""
		}
	}
	return last < 0, "no GetLayout answered since the last LayoutUpdated"
}

// labels lists the labels that ItemsPropertiesUpdated signals carried since mark.
func (m *busMonitor) labels(mark int) []string {
	var out []string
	for _, b := range m.since(mark) {
		out = append(out, b.labels...)
	}
	return out
}

// labelSent reports whether an ItemsPropertiesUpdated signal since mark carried label.
func (m *busMonitor) labelSent(mark int, label string) bool {
	for _, b := range m.since(mark) {
		for _, l := range b.labels {
			if l == label {
				return true
			}
		}
	}
	return false
}
