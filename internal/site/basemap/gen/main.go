// Command gen writes the site's basemap: go run ./internal/site/basemap/gen
// .ci/node/node_modules/world-atlas/countries-110m.json > internal/site/basemap/world.path
// (make basemap runs it).
package main

import (
	"fmt"
	"os"

	"github.com/coopgraph/coopgraph/internal/site/basemap"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: gen countries-110m.json > world.path")
		os.Exit(2)
	}
	b, err := os.ReadFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	p, err := basemap.Convert(b)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Print(p)
}
