# Shiplog. `make run` opens the app, `make test` runs vet and every test; both install what is missing.
GO ?= go
BIN := bin/shiplog
VERSION := $(shell sed -n 's/^Version *= *"\(.*\)"/\1/p' FyneApp.toml 2>/dev/null)
LDFLAGS := -s -w -X main.version=$(VERSION)
PKGS := ./...

.PHONY: run build test test-e2e bench fuzz deps clean

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

bench: deps
	$(GO) test -run '^$$' -bench . -benchtime 20x ./tracker/ ./reports/ .

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
