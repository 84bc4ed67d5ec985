// Command coopgraph-bench is what `make bench` runs: it measures coopgraph validate and export
// on synthetic records of each size, and Apache Jena riot and N3.js converting the same triples
// from N-Triples to Turtle, then prints a table (stdout) and writes the figures as JSON. Progress
// goes to stderr. See package internal/bench.
//
//	coopgraph-bench [-n 10000,100000,1000000] [-coopgraph bin/coopgraph] [-json FILE] [-work DIR]
//
// Run it from the repository's top folder (or pass -root). The 1,000,000 size takes about ten
// minutes on two cores and ~20 GB of disk in the work folder, which is emptied at the end of the run.
package main

import (
	"context"
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

func main() {
	os.Exit(run())
}

func run() int {
	cache := os.Getenv("COOPGRAPH_CACHE") // the Makefile sets it to $(CURDIR)/.cache
	if cache == "" {
		cache = ".cache"
	}
	sizes := flag.String("n", "10000,100000,1000000", "comma-separated numbers of records to measure")
	seed := flag.Uint64("seed", 1, "synth's seed")
	work := flag.String("work", filepath.Join(cache, "bench", "work"), "the work `folder` (emptied before and after each size)")
	bin := flag.String("coopgraph", "", "the coopgraph `binary` (default: build ./cmd/coopgraph into the bench folder)")
	root := flag.String("root", ".", "the repository's top `folder`")
	node := flag.String("node", "", "the node `program` (default: from PATH)")
	jsonOut := flag.String("json", "", "write the figures as JSON to `FILE` too")
	timeout := flag.Duration("step-timeout", bench.DefaultStepTimeout, "kill a step that takes longer than `D`")
	settle := flag.Duration("settle", bench.DefaultSettle, "before the imports, sync and leave the file system at rest for `D` (0: not at all)")
	flag.Parse()
	if flag.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "coopgraph-bench: unexpected argument %q\n", flag.Arg(0))
		return 2
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.ReplaceAll(strings.TrimSpace(s), "_", ""))
		if err != nil || n <= 0 {
			fmt.Fprintf(os.Stderr, "coopgraph-bench: -n: %q is not a positive number of records\n", s)
			return 2
		}
		ns = append(ns, n)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if *bin == "" {
		*bin = filepath.Join(filepath.Dir(*work), "coopgraph")
		fmt.Fprintf(os.Stderr, "bench: building %s\n", *bin)
		if err := bench.Build(ctx, *root, *bin); err != nil {
			fmt.Fprintf(os.Stderr, "coopgraph-bench: %v\n", err)
			return 1
		}
	}
	rep, err := bench.Run(ctx, bench.Config{
		Sizes: ns, Seed: *seed, Coopgraph: *bin, Root: *root, Node: *node, Work: *work, Progress: os.Stderr,
		StepTimeout: *timeout,
		Settle:      *settle,
	})
	// What was measured is shown even when a later step failed: the smaller sizes still count.
	if len(rep.Rows) > 0 {
		fmt.Println()
		if werr := rep.WriteText(os.Stdout); werr != nil && err == nil {
			err = werr
		}
	}
	if *jsonOut != "" && len(rep.Rows) > 0 {
		if werr := writeJSON(*jsonOut, rep); werr != nil {
			fmt.Fprintf(os.Stderr, "coopgraph-bench: %v\n", werr)
			return 1
		}
		fmt.Fprintf(os.Stderr, "bench: figures written to %s\n", *jsonOut)
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "coopgraph-bench: %v\n", err)
		return 1
	}
	return 0
}

func writeJSON(path string, rep *bench.Report) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := rep.WriteJSON(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
