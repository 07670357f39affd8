# Parley — the two commands a newcomer needs are `make run` and `make test`.
SWIFT ?= swift
BIN := .build/debug/parley
# postgresql: the tests start throwaway servers of their own with its initdb and pg_ctl.
APT_PACKAGES := libncursesw5-dev libpng-dev libdeflate-dev libsqlite3-dev zlib1g-dev tmux libxml2-utils sqlite3 postgresql
# Programs some tests check outputs with (network namespaces, printing to PDF, reading subtitles): installed when
# possible; where one cannot be, its tests are skipped with a message rather than the build failing.
APT_TEST_TOOLS := iproute2 chromium poppler-utils ffmpeg mpv
PREFIX ?= $(HOME)/.local
# The static release build has its own scratch path so it and the debug build in .build never rebuild each other.
RELEASE_STATIC := .build-release-static
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: deps build run test bench screens check install uninstall check-install clean

# Installs the system packages Parley builds and tests with, only when one is missing.
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null \
	    || { echo "Could not install$$missing: install them by hand (apt-get install$$missing)"; exit 1; }; \
	fi
	@missing=""; for p in $(APT_TEST_TOOLS); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing test tools:$$missing"; \
	  { $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing >/dev/null; } \
	    || echo "Could not install$$missing: the tests that need them are skipped (apt-get install$$missing to run them)"; \
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
	.build/release/RoomBench
	python3 Benchmarks/StoreBench/bench.py --binary .build/release/parley

# Regenerates the mock-up screenshots in Decks/screens/ (needs Pillow: pip install pillow).
screens:
	python3 scripts/make_screens.py

# The one file a note-taker's laptop needs: a release parley with the Swift runtime and Foundation linked in
# (--static-swift-stdlib), and SQLite and zlib too (the linker script swaps them for their static archives),
# so it loads only glibc, libstdc++, ncursesw and libdeflate. Stripped (install -s): a third smaller.
install: deps
	$(SWIFT) build -c release --static-swift-stdlib --scratch-path $(RELEASE_STATIC) --product parley \
	  -Xswiftc -ld-path=$(CURDIR)/scripts/link-c-libraries-statically.sh
	install -D -s -m 0755 $(RELEASE_STATIC)/release/parley $(PREFIX)/bin/parley

uninstall:
	rm -f $(PREFIX)/bin/parley

# Installs into a temporary prefix and checks the binary's libraries and that it runs from another folder with an
# empty environment. Not part of `make test`: the static release build takes minutes.
check-install:
	scripts/check-install.sh

clean:
	rm -rf .build $(RELEASE_STATIC)
