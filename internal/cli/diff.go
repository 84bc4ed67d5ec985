package cli

import (
	"errors"
	"fmt"

	"github.com/coopgraph/coopgraph/internal/diff"
	"github.com/coopgraph/coopgraph/internal/ntread"
	"github.com/urfave/cli/v2"
)

func diffCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "diff",
		Usage:     "tell what changed between two exports: co-ops added, removed and changed, triple counts",
		ArgsUsage: "OLD NEW  (exports folders, or their coops.nt / coops.nt.gz)",
		Description: "Reads the sorted N-Triples dump of each export (coops.nt, else coops.nt.gz, in a folder) in one\n" +
			"streaming pass and reports the co-ops added and removed, the co-ops whose triples changed with\n" +
			"the properties that changed (as compact names, \"#address schema:addressLocality\" for a\n" +
			"property of a co-op's own node), and the triple and co-op counts before and after.\n\n" +
			"Exit codes: 0 (also when the exports differ, unless --exit-code), 1 with --exit-code when they\n" +
			"differ or when a dump is not valid sorted N-Triples, 2 usage error, 3 a file cannot be read.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "text or json"},
			&cli.BoolFlag{Name: "exit-code", Usage: "exit 1 when the exports differ"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() != 2 {
				return usage("diff takes two exports, OLD and NEW (got %s)", count(c.Args().Len(), "argument"))
			}
			format := c.String("format")
			if format != "text" && format != "json" {
				return usage("--format: %q is not text or json", format)
			}
			r, err := diff.Paths(env.resolve(c.Args().Get(0)), env.resolve(c.Args().Get(1)))
			switch {
			case errors.Is(err, ntread.ErrSyntax), errors.Is(err, diff.ErrUnsorted):
				return invalid(err)
			case err != nil:
				return failure(err)
			}
			// Paths name the files as given on the command line, not as resolved.
			r.Old, r.New = c.Args().Get(0), c.Args().Get(1)
			if format == "json" {
				err = r.WriteJSON(env.Stdout)
			} else {
				err = r.WriteText(env.Stdout)
			}
			if err != nil {
				return failure(err)
			}
			if c.Bool("exit-code") && !r.Empty() {
				return invalid(fmt.Errorf("the exports differ: %w", errReported))
			}
			return nil
		},
	}
}
