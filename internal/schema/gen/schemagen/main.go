// Command schemagen writes internal/schema/compiled.go, the compiled form of the record schemas
// (see package gen). Run it with go generate ./internal/schema.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/coopgraph/coopgraph/internal/schema/gen"
)

func main() {
	// schemagen [OUT [SCHEMA FUNC]]: the record schemas into OUT (compiled.go), or one other
	// schema into a function FUNC (the tests' schema of every supported keyword).
	out := "compiled.go"
	if len(os.Args) > 1 {
		out = os.Args[1]
	}
	profiles := gen.Profiles()
	if len(os.Args) > 3 {
		schema, err := os.ReadFile(os.Args[2])
		if err != nil {
			fmt.Fprintln(os.Stderr, "schemagen:", err)
			os.Exit(1)
		}
		profiles = []gen.Profile{{Func: os.Args[3], Name: filepath.Base(os.Args[2]), Schema: schema}}
	}
	src, err := gen.Generate("schema", profiles)
	if err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
	if err := os.WriteFile(out, src, 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "schemagen:", err)
		os.Exit(1)
	}
}
