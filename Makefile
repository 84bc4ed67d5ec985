# coopgraph: `make export` writes the dumps, `make check` runs everything CI runs.
GO      ?= go
BIN     := bin/coopgraph
# Caches of the test tools (the Jena fix-up jar) stay inside the project.
export COOPGRAPH_CACHE := $(CURDIR)/.cache

.PHONY: all build export check deps lint test fuzz clean

all: build

build:
	@echo "build: $(BIN)"
	@$(GO) build -trimpath -o $(BIN) ./cmd/coopgraph

## export: validate data/ and write the dumps to exports/
export: build
	@echo "export: data/coops -> exports/"
	@$(BIN) export

## deps: install what the checks need and the machine lacks (Debian packages, npm packages)
deps:
	@.ci/deps.sh

## lint: formatting and vet
lint:
	@echo "lint: gofmt, go vet"
	@out=$$(gofmt -l cmd internal vocab); if [ -n "$$out" ]; then echo "gofmt would change:"; echo "$$out"; exit 1; fi
	@$(GO) vet ./...

## test: the Go test suite, with the independent tools required (not skipped)
test:
	@echo "test: go test ./... (independent parsers required)"
	@COOPGRAPH_REQUIRE_TOOLS=1 $(GO) test -count=1 -timeout 80m ./...

## check: everything CI runs
check: deps lint build test
	@echo "check: all passed"

clean:
	rm -rf bin .cache
