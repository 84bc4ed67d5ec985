// Command coopgraph-load-bench is the load part of `make bench`: at each size it starts a
// Virtuoso on 127.0.0.1, loads an export of synthetic records, loads with --since the export of
// the same records with 1% of them renamed, loads that second export whole, and PUTs it in one
// Graph Store Protocol request; it prints the times side by side with their ratios and checks
// that the graph after load --since equals the full load. See internal/bench.RunLoad.
//
//	coopgraph-load-bench [-n 100000] [-coopgraph bin/coopgraph] [-json FILE] [-work DIR]
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/coopgraph/coopgraph/internal/bench"
)

func main() { os.Exit(run()) }

func run() int {
	cache := os.Getenv("COOPGRAPH_CACHE")
	if cache == "" {
		cache = ".cache"
	}
	sizes := flag.String("n", "100000", "comma-separated numbers of records")
	seed := flag.Uint64("seed", 1, "synth's seed")
	work := flag.String("work", filepath.Join(cache, "bench", "load-work"), "the work `folder` (emptied before and after each size)")
	bin := flag.String("coopgraph", "bin/coopgraph", "the coopgraph `binary`")
	buffers := flag.Int("buffers", 0, "Virtuoso's NumberOfBuffers (8 kB pages; 0: 170000)")
	jsonOut := flag.String("json", "", "write the figures as JSON to `FILE` too")
	flag.Parse()
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
		if err != nil || n < 100 {
			fmt.Fprintf(os.Stderr, "coopgraph-load-bench: -n: %q is not a number of records ≥ 100\n", s)
			return 2
		}
		ns = append(ns, n)
	}
	abs, err := filepath.Abs(*bin)
	if err != nil {
		fmt.Fprintf(os.Stderr, "coopgraph-load-bench: %v\n", err)
		return 2
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rows, err := bench.RunLoad(ctx, bench.LoadConfig{Sizes: ns, Seed: *seed, Coopgraph: abs, Work: *work, Buffers: *buffers, Progress: os.Stderr,
		Logs: filepath.Join(filepath.Dir(*work), "load-logs")})
	if len(rows) > 0 {
		fmt.Println()
		if werr := bench.WriteLoadText(os.Stdout, rows); werr != nil && err == nil {
			err = werr
		}
		if *jsonOut != "" {
			b, _ := json.MarshalIndent(rows, "", "  ")
			if werr := os.WriteFile(*jsonOut, append(b, '\n'), 0o644); werr != nil && err == nil {
				err = werr
			}
		}
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "coopgraph-load-bench: %v\n", err)
		return 1
	}
	return 0
}
