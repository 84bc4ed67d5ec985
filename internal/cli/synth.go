package cli

import (
	"errors"
	"fmt"

	"github.com/coopgraph/coopgraph/internal/synth"
	"github.com/urfave/cli/v2"
)

// DefaultSynthOut is the folder synth writes to when --out is not given.
const DefaultSynthOut = "synth"

func synthCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:  "synth",
		Usage: "write synthetic records for tests and benchmarks",
		Description: "Writes N synthetic, valid records of the directory's profile to DIR/<id>.yaml: every field\n" +
			"of the schema, descriptions in several languages, addresses and coordinates, sources with\n" +
			"quotes, related links between records, and now and then strings that are valid but hostile\n" +
			"(quotes, escapes, text that looks like Turtle or JSON-LD, right-to-left marks, a 100 kB\n" +
			"description). The same -n and --seed give the same bytes on every machine. The records\n" +
			"describe no real organisation (their web addresses are under .example).\n\n" +
			"DIR is created when missing; a folder synth wrote before is emptied of its records and\n" +
			"rewritten; any other folder that is not empty is refused.",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "n", Value: 1000, Usage: "the number of records `N`"},
			&cli.Uint64Flag{Name: "seed", Value: 1, Usage: "the seed `S`: the same seed gives the same records"},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: DefaultSynthOut, Usage: "the `DIR` to write the records to"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() > 0 {
				return usage("synth takes no arguments (got %q)", c.Args().First())
			}
			opt := synth.Options{N: c.Int("n"), Seed: c.Uint64("seed")}
			if opt.N < 0 {
				return usage("-n %d: want a count of records, 0 or more", opt.N)
			}
			dir := c.String("out")
			if dir == "" {
				return usage("--out: empty")
			}
			size, err := synth.Write(c.Context, env.resolve(dir), opt, 0)
			switch {
			case errors.Is(err, synth.ErrNotSynthetic):
				return usage("%v", err)
			case err != nil:
				return failure(fmt.Errorf("synth: %w", err))
			}
			env.printf(env.Stderr, "wrote %s to %s (%.1f MB)\n", synth.Describe(opt), dir, float64(size)/1e6)
			return nil
		},
	}
}
