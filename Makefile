# Shiplog. `make run` builds and opens the app; `make test` runs vet, staticcheck, every unit test
# and the desktop end-to-end test. Each installs the Debian packages it needs that are missing
# (scripts/deps.sh), and no more: make run does not install the test tools.
GO ?= go
BIN := bin/shiplog
VERSION := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml 2>/dev/null)
LDFLAGS := -s -w -X main.version=$(VERSION)
PKGS := ./...
# The developer tools (fyne's packager and staticcheck) are pinned in their own module, so that
# the app's go.mod lists only what the app links. go tool builds them once and caches them.
TOOL := $(GO) tool -modfile=tools/go.mod
# vet and staticcheck also read the test files behind build tags.
TAGS := e2e,package,screenshots
# Every go test run names its timeout rather than rely on go test's default of ten minutes. The
# slowest unit test binary (app/ui) ran 12 s on a quiet machine and 81 s at a load average of 17;
# eight minutes leaves room for a busier machine and still ends a hang.
TEST_TIMEOUT ?= 8m

.PHONY: run build test test-e2e test-package bench bench-ui reliability reliability-short fuzz clean
.PHONY: deps-build deps-run deps-test deps-package deps-tools

deps-build:
	@scripts/deps.sh build
deps-run:
	@scripts/deps.sh run
deps-test:
	@scripts/deps.sh test
deps-package:
	@scripts/deps.sh package
deps-tools:
	@scripts/deps.sh tools

build: deps-build
	$(GO) build -ldflags '$(LDFLAGS)' -o $(BIN) .

run: deps-run build
	./$(BIN)

# vet, staticcheck and all unit tests, then the desktop end-to-end test under a virtual display and
# a session bus. The release package test is apart, in test-package: it needs minutes of cold build.
test: deps-test
	$(GO) vet -tags $(TAGS) $(PKGS)
	$(TOOL) staticcheck -tags $(TAGS) $(PKGS)
	$(GO) test -count=1 -timeout $(TEST_TIMEOUT) $(PKGS)
	@$(MAKE) --no-print-directory test-e2e

test-e2e: deps-test
	@if [ -d app/ui/e2e ]; then \
		SHIPLOG_E2E_BIN=real dbus-run-session -- xvfb-run -a $(GO) test -count=1 -timeout $(TEST_TIMEOUT) -tags e2e ./app/ui/e2e/; \
	fi

# The release package test (package_test.go, build tag package) runs scripts/package.sh, whose
# fyne package builds the release binary with -trimpath: five minutes or more on a cold cache,
# so it has a target and a timeout of its own.
test-package: deps-package
	$(GO) test -count=1 -timeout 20m -tags package -run '^TestReleasePackage$$' .

# The Go benchmarks (team mode's against a private PostgreSQL: the first push of 100k blocks end
# to end and on the server alone, an idle sync, the live team report of 50 members over a
# quarter), then the side-by-side comparison with Timewarrior (100k intervals, whole processes),
# which rewrites the generated part of docs/benchmarks.md, and the desktop app's idle cost against
# a bare Fyne window. BENCHFLAGS=-ui=false skips the four-minute desktop measurement.
bench: deps-tools
	$(GO) test -run '^$$' -bench . -benchtime 20x -timeout 20m ./tracker/ ./reports/ .
	$(GO) test -run '^$$' -bench FirstPush -benchtime 1x -timeout 20m ./app/team/ ./tracker/postgres/
	$(GO) test -run '^$$' -bench LiveTeamReport -benchtime 5x -timeout 20m ./app/team/
	$(GO) run ./scripts/bench $(BENCHFLAGS)

# Only the desktop app's idle cost against a bare Fyne window (about four minutes under Xvfb):
# rewrites that table of docs/benchmarks.md and leaves the comparison with Timewarrior as it is.
bench-ui: deps-test
	$(GO) run ./scripts/bench -ui-only

# The reliability suite (crash, concurrency, time zones, sleep, disk full, migrations, hostile
# input): one line per check, non-zero exit on a failure. The short run is CI's (about 30 s).
reliability: deps-build
	$(GO) run ./scripts/reliability

reliability-short: deps-build
	$(GO) run ./scripts/reliability -short

# Runs every fuzz target for FUZZTIME each (default 30s); the corpus stays under testdata/fuzz.
# FUZZTIMEOUT bounds each target's whole run, so raise it with a FUZZTIME near ten minutes.
FUZZTIME ?= 30s
FUZZTIMEOUT ?= 10m
fuzz: deps-build
	@for pkg in $$($(GO) list ./...); do \
		for f in $$($(GO) test -list '^Fuzz' -timeout $(TEST_TIMEOUT) $$pkg | grep '^Fuzz'); do \
			echo "fuzz $$pkg $$f"; \
			$(GO) test -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -timeout $(FUZZTIMEOUT) $$pkg || exit 1; \
		done; \
	done

clean:
	rm -rf bin dist tmp

# Release package and install (issue 8). FyneApp.toml holds the version and the desktop entry's
# fields; scripts/package.sh runs fyne package (the tool pinned in tools/go.mod) and adds the
# hicolor icons.
# install puts Shiplog under ~/.local, or /usr/local as root (PREFIX=… overrides); uninstall
# removes the same files and never the data under ~/.local/share/shiplog.
RELEASE_TAR = dist/shiplog-$(VERSION)-linux-$(shell $(GO) env GOARCH).tar.xz

.PHONY: package install uninstall

package: deps-package
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
