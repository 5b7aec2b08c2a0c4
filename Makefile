# Sluice: the two set-up commands are `make run` and `make test`.
# Both install what is missing (Debian 12 packages) and build first.

APT_PACKAGES := mariadb-server mariadb-client libmariadb-dev libmicrohttpd-dev libavro-dev libisal-dev libzstd-dev libsnappy-dev libjs-chart.js pkg-config time bc curl \
	chromium chromium-driver graphviz dpkg-dev libcurl4-openssl-dev \
	galera-4 rsync rclone iproute2
SWIFT ?= swift
SLUICE_DATA_DIR ?= .sluice
CHALLENGE_DATA ?= Tests/Fixtures/challenge
RELEASE_BIN := .build/release/sluice
# The Swift runtime is linked in, so the binary needs only Debian's libraries on a host.
RELEASE_FLAGS := -c release --static-swift-stdlib
PREFIX ?= /usr/local
DESTDIR ?=
# Where `make install` puts the example job definitions (`make deb`: /etc/sluice/jobs).
JOBSDIR ?= $(PREFIX)/share/sluice/jobs
DEB_VERSION ?= 0.$(shell git rev-list --count HEAD 2>/dev/null || echo 0)
PORT ?= 8080

.PHONY: run test chaos cluster fuzz sanitize bench soak deps build release release-strict install deb lint clean diagrams

## Measure every path against MariaDB's own tools in the same run (3 interleaved runs, medians); ends with one table, fails when a floor is missed. BENCH_QUICK=1: a quick check of the script.
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

## The tests that need several database servers or hosts (a replica, a Galera cluster, hosts in
## network namespaces), each starting what it needs. Not part of `make test`; CI runs it.
cluster: deps
	Tests/cluster/run-cluster.sh

## Each libFuzzer target (CSV reader, cron parser, JSON/CSV batch decoder, request path/query and
## upload names, Avro reader) for FUZZ_SECONDS (30) from its seed corpus.
fuzz: deps
	Tests/Fuzz/run-fuzz.sh

## The sanitizer subset's unit suites (C wrappers, building blocks, the threaded pipelines and the
## scheduler) and PipelineTests (their threads, against a private MariaDB) under AddressSanitizer
## (with LeakSanitizer) and ThreadSanitizer; any report fails it.
sanitize: deps
	Tests/Sanitize/run-sanitize.sh

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
	$(SWIFT) build $(RELEASE_FLAGS)

## The release build CI checks: any warning in Sluice's own code fails it.
release-strict: deps
	SLUICE_WARNINGS_AS_ERRORS=1 $(SWIFT) build $(RELEASE_FLAGS)

# `install` and `deb` use the release binary there is (CI's `release-strict`), building it only if missing.
$(RELEASE_BIN):
	$(SWIFT) build $(RELEASE_FLAGS)

## The release binary to $(PREFIX)/bin/sluice, sql/ and public/ to $(PREFIX)/share/sluice, the
## example jobs to $(JOBSDIR) (existing definitions there are kept); DESTDIR stages it elsewhere.
install: $(RELEASE_BIN)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/sluice $(DESTDIR)$(JOBSDIR)
	install -m 0755 $(RELEASE_BIN) $(DESTDIR)$(PREFIX)/bin/sluice
	rm -rf $(DESTDIR)$(PREFIX)/share/sluice/sql $(DESTDIR)$(PREFIX)/share/sluice/public
	cp -R sql public $(DESTDIR)$(PREFIX)/share/sluice/
	for job in jobs/*.json; do [ -e $(DESTDIR)$(JOBSDIR)/$${job#jobs/} ] || install -m 0644 $$job $(DESTDIR)$(JOBSDIR)/; done

## The Debian package in .build/deb/: binary, share/sluice, /etc/sluice (config, jobs), systemd units.
deb: $(RELEASE_BIN)
	rm -rf .build/deb
	$(MAKE) --no-print-directory install DESTDIR=$(CURDIR)/.build/deb/root PREFIX=/usr JOBSDIR=/etc/sluice/jobs
	Sources/sluice/packaging/build-deb.sh .build/deb/root $(DEB_VERSION) .build/deb

## Start the managed MariaDB, load the historic challenge data (once), then serve; prints the URL.
run: release
	$(RELEASE_BIN) db start --data-dir $(SLUICE_DATA_DIR)
	$(RELEASE_BIN) migrate --data-dir $(SLUICE_DATA_DIR) --dir $(CHALLENGE_DATA)
	$(RELEASE_BIN) serve --data-dir $(SLUICE_DATA_DIR) --port $(PORT)

## Run every test against a private MariaDB started for this run only.
test: deps
	Tests/run-tests.sh

## Render the architecture diagrams (Graphviz sources in public/admin/architecture) to the SVGs
## the admin site and the README show; commit both (a test checks the SVGs match their sources).
DIAGRAMS := $(patsubst %.dot,%.svg,$(wildcard public/admin/architecture/*.dot))
diagrams: deps $(DIAGRAMS)
public/admin/architecture/%.svg: public/admin/architecture/%.dot
	dot -Tsvg $< -o $@

## swift-format in strict mode, with the repository's .swift-format.
lint:
	$(SWIFT) format lint --strict --recursive --parallel Sources Tests Package.swift

clean:
	rm -rf .build
