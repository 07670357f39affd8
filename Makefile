# Parley — the two commands a newcomer needs are `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug/parley
APT_PACKAGES := libncursesw5-dev libpng-dev libdeflate-dev tmux libxml2-utils sqlite3
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test bench screens check clean

# Installs the system packages Parley builds and tests with, only when one is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null \
	    || { echo "Could not install$$missing: install them by hand (apt-get install$$missing)"; exit 1; }; \
	fi

build: deps
	$(SWIFT) build

# Opens the capture screen on the bundled demo deck; the log goes to sessions/.
run: build
	$(BIN) run demo

# Every test: units, rendered-screen snapshots, and end-to-end tests that drive the binary in tmux.
test: build
	$(SWIFT) test

check: build
	$(BIN) check

# Every benchmark, release build, one line per measure with its same-run reference and ratio.
bench: deps
	$(SWIFT) build -c release
	.build/release/ParleyBench
	.build/release/StoreInsertBench
	python3 Benchmarks/StoreBench/bench.py --binary .build/release/parley

# Regenerates the mock-up screenshots in Decks/screens/ (needs Pillow: pip install pillow).
screens:
	python3 scripts/make_screens.py

clean:
	rm -rf .build
