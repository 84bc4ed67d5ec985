package cli

import (
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/encode"
	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/vocab"
	"github.com/urfave/cli/v2"
)

// DefaultOut is the exports folder written when --out is not given.
const DefaultOut = "exports"

func exportCommand(env *Env) *cli.Command {
	names := make([]string, len(encode.Formats))
	for i, f := range encode.Formats {
		names[i] = f.Name
	}
	return &cli.Command{
		Name:      "export",
		Usage:     "validate the records and write the dumps",
		ArgsUsage: "[PATH…]  (record files or folders; default " + DefaultData + ")",
		Description: "Validates every record, then writes coops.ttl, coops.nt and coops.jsonld to the output folder.\n" +
			"The new dumps are built beside the folder and swapped in only when complete: invalid records\n" +
			"or any failure leave the previous exports exactly as they were.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: DefaultOut, Usage: "the exports `DIR`"},
			&cli.StringFlag{Name: "base", Value: vocab.DefaultBase, Usage: "base `IRI` of the co-ops (each is <base>id/<id>)"},
			&cli.StringFlag{Name: "format", Value: strings.Join(names, ","), Usage: "comma-separated formats to write: " + strings.Join(names, ", ")},
			&cli.StringFlag{Name: "report", Value: "text", Usage: "how to report problems: text, json or github"},
		},
		Action: func(c *cli.Context) error {
			opt, rf, err := exportOptions(env, c)
			if err != nil {
				return err
			}
			res, err := export.Run(opt)
			if len(res.Diags) > 0 {
				if rerr := diag.Render(env.Stderr, rf, env.shown(res.Diags), env.source); rerr != nil {
					return failure(rerr)
				}
			}
			switch {
			case errors.Is(err, export.ErrInvalid):
				return invalid(fmt.Errorf("%s left unchanged: %w", opt.Out, errReported))
			case err != nil:
				return failure(fmt.Errorf("export failed, %s left unchanged: %w", opt.Out, err))
			}
			env.printf(env.Stderr, "wrote %d records, %d triples to %s\n", res.Stats.Records, res.Stats.Triples, opt.Out)
			return nil
		},
	}
}

func exportOptions(env *Env, c *cli.Context) (export.Options, diag.Format, error) {
	opt := export.Options{
		Inputs:  inputs(env, c.Args().Slice()),
		Out:     env.resolve(c.String("out")),
		Context: c.Context,
		Base:    c.String("base"),
		Record:  recordOptions(),
	}
	rf, err := diag.ParseFormat(c.String("report"))
	if err != nil {
		return opt, rf, usage("--report: %v", err)
	}
	if err := CheckBase(opt.Base); err != nil {
		return opt, rf, usage("--base: %v", err)
	}
	seen := map[string]bool{}
	for _, name := range strings.Split(c.String("format"), ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		f, err := encode.Lookup(name)
		if err != nil {
			return opt, rf, usage("--format: %v", err)
		}
		if !seen[f.Name] {
			seen[f.Name] = true
			opt.Formats = append(opt.Formats, f)
		}
	}
	if len(opt.Formats) == 0 {
		return opt, rf, usage("--format: no format given")
	}
	if opt.Out == "" {
		return opt, rf, usage("--out: empty")
	}
	return opt, rf, nil
}

// CheckBase accepts a base IRI: absolute, http(s), ending in "/" or "#".
func CheckBase(base string) error {
	if err := iri.CheckWeb(base); err != nil {
		return fmt.Errorf("%q: %w", base, err)
	}
	if !strings.HasSuffix(base, "/") && !strings.HasSuffix(base, "#") {
		return fmt.Errorf("%q must end with / or #", base)
	}
	if strings.Contains(base, "#") && !strings.HasSuffix(base, "#") {
		return fmt.Errorf("%q: a fragment may only end the base", base)
	}
	return nil
}

func (e *Env) printf(w io.Writer, format string, args ...any) {
	fmt.Fprintf(w, format, args...)
}
