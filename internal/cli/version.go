package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"
)

// Version is set at build time with -ldflags "-X github.com/coopgraph/coopgraph/internal/cli.Version=v1.2.3";
// otherwise it comes from the module's build information.
var Version = ""

// Commit is the commit the program was built from, set at build time by make build with
// -ldflags "-X github.com/coopgraph/coopgraph/internal/cli.Commit=…" (a "-modified" suffix when
// the work tree had changes). The revision Go stamps into the build (vcs.revision) wins; this is
// for builds made without it (-buildvcs=false, a work tree Go does not recognise).
var Commit = ""

// versionString is the version and the commit, from bi (nil: no build information).
func versionString(bi *debug.BuildInfo) string {
	v := Version
	rev, modified := "", false
	if bi != nil {
		if v == "" && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	if rev == "" {
		rev = Commit
		modified = false
		if r, ok := strings.CutSuffix(rev, "-modified"); ok {
			rev, modified = r, true
		}
	}
	if v == "" {
		v = "devel"
	}
	switch {
	case rev == "":
		v += " (commit unknown: built without version control information)"
	case modified:
		v += " (commit " + rev + ", with changes not committed)"
	default:
		v += " (commit " + rev + ")"
	}
	return v
}

func printVersion(env *Env, c *cli.Context) error {
	if c.Args().Len() > 0 {
		return usage("version takes no arguments")
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprintf(env.Stdout, "coopgraph %s %s/%s %s\n", versionString(bi), runtime.GOOS, runtime.GOARCH, runtime.Version())
	return nil
}

func versionCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:   "version",
		Usage:  "print the version and the commit it was built from",
		Action: func(c *cli.Context) error { return printVersion(env, c) },
	}
}
