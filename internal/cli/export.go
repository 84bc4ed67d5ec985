package cli

import (
	"errors"
	"fmt"
	"io"
	"path"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/internal/dataset"
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/export"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/stage"
	"github.com/coopgraph/coopgraph/vocab"
	"github.com/urfave/cli/v2"
)

// DefaultOut is the exports folder written when --out is not given.
const DefaultOut = "exports"

func exportCommand(env *Env) *cli.Command {
	var defaults []string
	for _, f := range export.DefaultFormats {
		defaults = append(defaults, f.Name)
	}
	var all []string
	for _, f := range format.All() {
		all = append(all, f.Name)
	}
	return &cli.Command{
		Name:      "export",
		Usage:     "validate the records and write the dumps",
		ArgsUsage: "[PATH…]  (record files or folders, dataset folders; default " + DefaultData + " and " + dataset.Root + "/*)",
		Description: "Validates every record, then writes the dumps (coops.ttl, coops.nt, coops.nt.gz, coops.jsonld),\n" +
			"the vocabulary files, the dataset description void.ttl and SHA256SUMS to the output folder,\n" +
			"and for people and linked-data clients (unless --site=false) one document per co-op in id/\n" +
			"(<id>.ttl, .jsonld, .nt and the page .html), index.html, ontology.html and .htaccess.\n" +
			"It also writes murmurations/<id>.json (a Murmurations profile per co-op of the directory), and\n" +
			"each imported dataset (" + dataset.Root + "/<name>) to datasets/<name>.ttl, .nt, .jsonld and .nq,\n" +
			"the last in the dataset's own named graph.\n" +
			"The new exports are built beside the folder and swapped in only when complete: invalid records\n" +
			"or any failure leave the previous exports exactly as they were. One export at a time writes a\n" +
			"folder (a lock file beside it): another fails at once, or with --wait waits for the first.\n\n" +
			"With --check, nothing is written: the exports are built in a temporary folder and compared\n" +
			"with the output folder byte for byte; exit 1 and a list of the files that differ, are missing\n" +
			"or are extra when it is out of date.\n\n" +
			"SOURCE_DATE_EPOCH (seconds since 1970), when set, is the dataset's date of issue (dct:issued);\n" +
			"otherwise dates come from the records' updated fields, never from the clock.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Value: DefaultOut, Usage: "the exports `DIR`"},
			&cli.StringFlag{Name: "base", Value: vocab.DefaultBase, Usage: "base `IRI` of the co-ops (each is <base>id/<id>)"},
			&cli.StringFlag{Name: "format", Value: strings.Join(defaults, ","), Usage: "comma-separated formats to write: " + strings.Join(all, ", ")},
			&cli.StringFlag{Name: "report", Value: "text", Usage: "how to report problems: text, json or github"},
			&cli.Int64Flag{Name: "shard-triples", Usage: "also write the N-Triples dump as gzip shards of at most `N` triples (coops-00001.nt.gz, …) for bulk loaders"},
			&cli.BoolFlag{Name: "wait", Usage: "when another export is writing the output folder, wait for it to finish (without it: fail at once)"},
			&cli.BoolFlag{Name: "check", Usage: "write nothing: exit 1 and list the files when the exports folder is not what the records give now"},
			&cli.BoolFlag{Name: "site", Value: true, Usage: "also write the per-co-op documents (id/), index.html, ontology.html and .htaccess (they are for directories of human scale: --site=false for very large ones)"},
		},
		Action: func(c *cli.Context) error {
			opt, rf, err := exportOptions(env, c)
			if err != nil {
				return err
			}
			if c.Bool("check") {
				return checkExports(env, opt, rf, c.String("out"))
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
			case errors.Is(err, stage.ErrLocked):
				return failure(fmt.Errorf("another export is writing %s (it holds %s): let it finish, or run export --wait to wait for it", opt.Out, stage.LockName(opt.Out)))
			case err != nil:
				return failure(fmt.Errorf("export failed, %s left unchanged: %w", opt.Out, err))
			}
			if len(opt.Inputs) > 0 {
				env.printf(env.Stderr, "wrote %s, %s to %s\n", count(res.Stats.Records, "record"), count(res.Stats.Triples, "triple"), opt.Out)
			}
			for _, d := range res.Datasets {
				env.printf(env.Stderr, "wrote dataset %s: %s, %s to %s\n", d.Name, count(d.Records, "record"), count(d.Triples, "triple"), filepath.Join(opt.Out, export.DatasetsDir))
			}
			for _, n := range res.Notes {
				env.printf(env.Stderr, "%s\n", n)
			}
			return nil
		},
	}
}

// checkExports compares opt.Out with a fresh export and reports the files that differ.
// shown is the folder as the user named it.
func checkExports(env *Env, opt export.Options, rf diag.Format, shown string) error {
	res, diffs, err := export.Check(opt)
	if len(res.Diags) > 0 {
		if rerr := diag.Render(env.Stderr, rf, env.shown(res.Diags), env.source); rerr != nil {
			return failure(rerr)
		}
	}
	switch {
	case errors.Is(err, export.ErrInvalid):
		return invalid(errReported)
	case err != nil:
		return failure(fmt.Errorf("export --check: %w", err))
	}
	if len(diffs) == 0 {
		env.printf(env.Stderr, "%s is up to date with the records\n", shown)
		return nil
	}
	for _, d := range diffs {
		what := map[string]string{
			export.Differs: "differs from what the records give",
			export.Missing: "missing",
			export.Extra:   "extra: the records do not give it",
		}[d.How]
		env.printf(env.Stdout, "%s: %s\n", path.Join(shown, d.Name), what)
	}
	return invalid(fmt.Errorf("%s is out of date (%s): run make export (or coopgraph export) and commit it", shown, count(len(diffs), "file")))
}

func exportOptions(env *Env, c *cli.Context) (export.Options, diag.Format, error) {
	records, datasets := splitInputs(env, c.Args().Slice())
	opt := export.Options{
		Inputs:   records,
		Datasets: datasets,
		Out:      env.resolve(c.String("out")),
		Context:  c.Context,
		Base:     c.String("base"),
		Record:   recordOptions(env),
		NoSite:   !c.Bool("site"),
		Wait:     c.Bool("wait"),
		Waiting: func(lock string) {
			env.printf(env.Stderr, "waiting for the export already writing %s to finish (it holds %s)\n", c.String("out"), lock)
		},
	}
	rf, err := diag.ParseFormat(c.String("report"))
	if err != nil {
		return opt, rf, usage("--report: %v", err)
	}
	if opt.ShardTriples = c.Int64("shard-triples"); opt.ShardTriples < 0 {
		return opt, rf, usage("--shard-triples must be positive")
	}
	issued, err := SourceDate(env.getenv("SOURCE_DATE_EPOCH"))
	if err != nil {
		return opt, rf, usage("%v", err)
	}
	opt.Issued = issued
	if err := CheckBase(opt.Base); err != nil {
		return opt, rf, usage("--base: %v", err)
	}
	seen := map[string]bool{}
	for _, name := range strings.Split(c.String("format"), ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		f, err := format.LookupName(name)
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

// SourceDate turns SOURCE_DATE_EPOCH (seconds since 1970, the reproducible-builds convention)
// into the date of issue written to void.ttl, in UTC; "" gives "".
func SourceDate(epoch string) (string, error) {
	if epoch == "" {
		return "", nil
	}
	n, err := strconv.ParseInt(epoch, 10, 64)
	if err != nil || n < 0 || n > 253402300799 {
		return "", fmt.Errorf("SOURCE_DATE_EPOCH=%q is not a number of seconds since 1970-01-01", epoch)
	}
	return time.Unix(n, 0).UTC().Format(time.DateOnly), nil
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
