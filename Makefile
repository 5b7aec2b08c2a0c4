# Sluice: the two set-up commands are `make run` and `make test`.
# Both install what is missing (Debian 12 packages) and build first.

APT_PACKAGES := mariadb-server mariadb-client libmariadb-dev libmicrohttpd-dev libavro-dev libzstd-dev libsnappy-dev libjs-chart.js pkg-config time bc curl \
	chromium chromium-driver
SWIFT ?= swift
SLUICE_DATA_DIR ?= .sluice
CHALLENGE_DATA ?= Tests/Fixtures/challenge
RELEASE_BIN := .build/release/sluice
PORT ?= 8080

.PHONY: run test chaos fuzz bench soak deps build release release-strict lint clean

## Measure against MariaDB's own tools in the same run; prints ratios.
bench: deps
	Tests/bench/run-bench.sh

## SOAK_SECONDS (600) of mixed traffic against a release-built server; samples its memory,
## descriptors and threads, then checks trends, p99 latency and every count. Not part of CI.
soak: deps
	Tests/soak/run-soak.sh

## The fault tests (kill -9, database outages and stalls, disk full, SIGTERM), each with real
## processes and real MariaDB servers; prints a table of what each showed. Not part of `make test`.
chaos: deps
	Tests/chaos/run-chaos.sh

## Each libFuzzer target (CSV reader, cron parser) for FUZZ_SECONDS (30) from its seed corpus.
fuzz: deps
	Tests/Fuzz/run-fuzz.sh

## Install the Debian packages Sluice needs, only those missing.
deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

## The release build CI checks: any warning in Sluice's own code fails it.
release-strict: deps
	SLUICE_WARNINGS_AS_ERRORS=1 $(SWIFT) build -c release

## Start the managed MariaDB, load the historic challenge data (once), then serve; prints the URL.
run: release
	$(RELEASE_BIN) db start --data-dir $(SLUICE_DATA_DIR)
	$(RELEASE_BIN) migrate --data-dir $(SLUICE_DATA_DIR) --dir $(CHALLENGE_DATA)
	$(RELEASE_BIN) serve --data-dir $(SLUICE_DATA_DIR) --port $(PORT)

## Run every test against a private MariaDB started for this run only.
test: deps
	Tests/run-tests.sh

## swift-format in strict mode, with the repository's .swift-format.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift

clean:
	rm -rf .build
