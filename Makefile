# Shiplog. `make run` opens the app, `make test` runs vet and every test; both install what is missing.
GO ?= go
BIN := bin/shiplog
VERSION := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml 2>/dev/null)
LDFLAGS := -s -w -X main.version=$(VERSION)
PKGS := ./...

.PHONY: run build test test-e2e bench reliability reliability-short fuzz deps clean

deps:
	@scripts/deps.sh tools

build: deps
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) .

run: build
	./$(BIN)

# vet and all unit tests, then the desktop end-to-end test under a virtual display and session bus.
test: deps
	$(GO) vet $(PKGS)
	$(GO) test -count=1 $(PKGS)
	@$(MAKE) --no-print-directory test-e2e

test-e2e:
	@if [ -d app/ui/e2e ]; then \
		SHIPLOG_E2E_BIN=real dbus-run-session -- xvfb-run -a $(GO) test -count=1 -tags e2e ./app/ui/e2e/; \
	fi

# The Go benchmarks, then the side-by-side comparison with Timewarrior (100k intervals, whole
# processes), which rewrites the generated part of docs/benchmarks.md. BENCHFLAGS=-ui=false skips
# the three-minute desktop measurement.
bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 20x ./tracker/ ./reports/ .
	$(GO) run ./scripts/bench $(BENCHFLAGS)

# The reliability suite (crash, concurrency, time zones, sleep, disk full, migrations, hostile
# input): one line per check, non-zero exit on a failure. The short run is CI's (about 30 s).
reliability: deps
	$(GO) run ./scripts/reliability

reliability-short: deps
	$(GO) run ./scripts/reliability -short

# Runs every fuzz target for FUZZTIME each (default 30s); the corpus stays under testdata/fuzz.
FUZZTIME ?= 30s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz'); do \
			echo "fuzz $$pkg $$f"; $(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf bin dist tmp

# Release package and install (issue 8). FyneApp.toml holds the version and the desktop entry's
# fields; scripts/package.sh runs fyne package (the go.mod tool) and adds the hicolor icons.
# install puts Shiplog under ~/.local, or /usr/local as root (PREFIX=… overrides); uninstall
# removes the same files and never the data under ~/.local/share/shiplog.
RELEASE_TAR = dist/shiplog-$(VERSION)-linux-$(shell $(GO) env GOARCH).tar.xz

.PHONY: package install uninstall

package: deps
	GO=$(GO) scripts/package.sh

install: package
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" scripts/install.sh install $(RELEASE_TAR)

uninstall:
	PREFIX="$(PREFIX)" DESTDIR="$(DESTDIR)" scripts/install.sh uninstall

# The tray under real tray hosts (issue 15): xfce4-panel's built-in Status Tray and
# xfce4-sntray-plugin, each on an Xvfb and a session bus of its own under a private HOME, which
# the test starts itself. TRAY_STARTS fresh starts of the app per host, then one with a submenu
# held open across a tick; test-tray-long makes 30 starts per host. tray-screenshots rewrites
# docs/screenshot-tray-xfce.png and docs/screenshot-tray-sntray.png.
TRAY_STARTS ?= 5
TRAY_TIMEOUT ?= 10m
TRAY_TEST = SHIPLOG_TRAY_HOSTS=1 $(GO) test -count=1 -tags e2e -run TestRealTrayHosts -v ./app/ui/e2e/

.PHONY: test-tray test-tray-long tray-screenshots

test-tray:
	@scripts/deps.sh e2e
	SHIPLOG_TRAY_STARTS=$(TRAY_STARTS) $(TRAY_TEST) -timeout $(TRAY_TIMEOUT)

test-tray-long:
	@$(MAKE) --no-print-directory test-tray TRAY_STARTS=30 TRAY_TIMEOUT=40m

tray-screenshots:
	@scripts/deps.sh e2e
	SHIPLOG_TRAY_STARTS=1 SHIPLOG_TRAY_SHOTS=$(CURDIR)/docs $(TRAY_TEST) -timeout $(TRAY_TIMEOUT)
