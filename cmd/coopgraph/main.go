// Command coopgraph publishes the directory of platform co-operatives as linked data.
package main

import (
	"os"

	"github.com/coopgraph/coopgraph/internal/cli"
)

func main() { os.Exit(cli.Main(os.Args)) }
