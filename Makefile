# coopgraph: `make export` writes the dumps, `make check` runs everything CI runs.
GO      ?= go
BIN     := bin/coopgraph
# Caches of the test tools (the Jena fix-up jar) stay inside the project.
export COOPGRAPH_CACHE := $(CURDIR)/.cache

.PHONY: all build export check deps lint test exports-check actionlint fuzz clean

all: build

build:
	@echo "build: $(BIN)"
	@$(GO) build -trimpath -o $(BIN) ./cmd/coopgraph

## export: validate data/ and write the dumps to exports/ (dated by the records alone:
## SOURCE_DATE_EPOCH is for published builds, not for the committed exports)
export: build
	@echo "export: data/coops -> exports/"
	@env -u SOURCE_DATE_EPOCH $(BIN) export

## deps: install what the checks need and the machine lacks (Debian packages, npm packages)
deps:
	@.ci/deps.sh

## lint: formatting, vet and the GitHub workflows (actionlint, a Go tool dependency; it runs
## shellcheck on the workflows' scripts)
lint: actionlint
	@echo "lint: gofmt, go vet"
	@out=$$(gofmt -l cmd internal vocab); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@$(GO) vet ./...

actionlint:
	@echo "actionlint: .github/workflows"
	@$(GO) tool actionlint -no-color -oneline .github/workflows/ci.yml .github/workflows/nightly.yml

## test: the Go test suite, with the independent tools required (not skipped)
test:
	@echo "test: go test ./... (independent parsers required)"
	@COOPGRAPH_REQUIRE_TOOLS=1 $(GO) test -count=1 -timeout 80m ./...

## exports-check: the committed exports/ are byte for byte what data/ gives now
exports-check: build
	@echo "exports-check: coopgraph export --check"
	@env -u SOURCE_DATE_EPOCH $(BIN) export --check

## check: everything CI runs
check: deps lint build test exports-check
	@echo "check: all passed"

clean:
	rm -rf bin .cache
