package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/coopgraph/coopgraph/internal/dataset"
	"github.com/coopgraph/coopgraph/internal/dcc"
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/diff"
	"github.com/coopgraph/coopgraph/internal/encode/ntriples"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/vocab"
	"github.com/urfave/cli/v2"
)

func importCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:  "import",
		Usage: "turn a dataset published elsewhere into records under " + dataset.Root,
		Description: "Each format has its own subcommand. An imported dataset is a folder, " + dataset.Root + "/NAME,\n" +
			"holding dataset.yaml (source, licence, attribution) and records/ID.yaml; export writes it\n" +
			"to exports/datasets/NAME.*, next to the directory's own dumps.",
		Subcommands: []*cli.Command{importDCCCommand(env)},
		Action: func(c *cli.Context) error {
			cli.ShowSubcommandHelp(c)
			if c.Args().Len() > 0 {
				return usage("import: unknown format %q (want dcc-csv)", c.Args().First())
			}
			return usage("import: name the format of the file (dcc-csv)")
		},
	}
}

var datasetName = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

func importDCCCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "dcc-csv",
		Usage:     "import a Data Commons Co-op standard CSV",
		ArgsUsage: "FILE",
		Description: "Turns every row of a DCC standard CSV that can become a valid record into one file,\n" +
			"records/<id>.yaml, where the id is the row's Identifier in lower case (R000001 → r000001).\n" +
			"Rows that cannot (no Identifier or Name, a duplicate identifier, malformed CSV) are reported\n" +
			"with the line they start on and left out; values that cannot be kept are left out with a\n" +
			"warning. The folder is rebuilt beside the old one and swapped in: importing the same file\n" +
			"again changes nothing, and a newer file reports which records were added, changed or removed.\n\n" +
			"--source and --license are needed the first time; later imports keep those of dataset.yaml.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "into", Usage: "the dataset `DIR` (default " + dataset.Root + "/<file name>)"},
			&cli.StringFlag{Name: "source", Usage: "the `URL` of the page the dataset was published at"},
			&cli.StringFlag{Name: "license", Usage: "the `IRI` of the data's licence"},
			&cli.StringFlag{Name: "attribution", Usage: "the attribution `TEXT` the licence asks for"},
			&cli.StringFlag{Name: "title", Usage: "what the dataset is, as one line of `TEXT`"},
			&cli.StringFlag{Name: "lang", Value: "en", Usage: "the language `TAG` of the descriptions"},
			&cli.StringFlag{Name: "same-as-prefix", Usage: "give each record same_as `IRI`+Identifier (only where the publisher mints IRIs so)"},
			&cli.BoolFlag{Name: "dry-run", Usage: "report what would change, write nothing"},
			&cli.BoolFlag{Name: "strict", Usage: "fail (exit 1, write nothing) when any row is rejected"},
			&cli.StringFlag{Name: "report", Value: "text", Usage: "how to report rows: text, json or github"},
		},
		Action: func(c *cli.Context) error { return runImportDCC(env, c) },
	}
}

func runImportDCC(env *Env, c *cli.Context) error {
	if c.Args().Len() != 1 {
		return usage("import dcc-csv takes one FILE, got %s", count(c.Args().Len(), "argument"))
	}
	rf, err := diag.ParseFormat(c.String("report"))
	if err != nil {
		return usage("--report: %v", err)
	}
	file := env.resolve(c.Args().First())
	into := c.String("into")
	if into == "" {
		base := filepath.Base(file)
		into = filepath.Join(dataset.Root, strings.ToLower(strings.TrimSuffix(base, filepath.Ext(base))))
	}
	into = filepath.Clean(env.resolve(into))
	name := filepath.Base(into)
	if !datasetName.MatchString(name) || len(name) > 80 {
		return usage("--into: the folder name %q must be lower-case letters and digits in words joined by hyphens (it names the exported files)", name)
	}

	src, err := readLimited(file, dcc.MaxFileSize)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, errTooLarge) {
			return invalid(err)
		}
		return failure(err)
	}
	sum := sha256.Sum256(src)

	m := &dataset.Manifest{Name: name, Format: "dcc-csv", File: filepath.Base(file), SHA256: hex.EncodeToString(sum[:])}
	if dataset.IsDataset(into) {
		old, l := dataset.LoadManifest(into)
		if old == nil {
			if rerr := diag.Render(env.Stderr, rf, l, nil); rerr != nil {
				return failure(rerr)
			}
			return invalid(fmt.Errorf("%s: fix or remove it first: %w", filepath.Join(into, dataset.ManifestName), errReported))
		}
		m.Title, m.Source, m.License, m.Attribution = old.Title, old.Source, old.License, old.Attribution
	}
	for _, f := range []struct {
		flag string
		dst  *string
	}{{"title", &m.Title}, {"source", &m.Source}, {"license", &m.License}, {"attribution", &m.Attribution}} {
		if c.IsSet(f.flag) {
			*f.dst = c.String(f.flag)
		}
	}
	if m.Source == "" {
		return usage("--source: give the URL of the page %s was published at (a new dataset needs it)", filepath.Base(file))
	}
	if m.License == "" {
		return usage("--license: give the IRI of the data's licence (a new dataset needs it)")
	}
	if m.Title == "" {
		m.Title = "Imported from " + filepath.Base(file)
	}
	manifest, err := m.Marshal()
	if err != nil {
		return failure(err)
	}
	if _, l := dataset.ParseManifest(filepath.Join(into, dataset.ManifestName), name, manifest); l.HasErrors() {
		var msgs []string
		for _, d := range l {
			msgs = append(msgs, d.Field+": "+d.Message)
		}
		return usage("the dataset description would be invalid: %s", strings.Join(msgs, "; "))
	}

	res, err := dcc.Read(src, dcc.Options{File: c.Args().First(), Source: m.Source, Lang: c.String("lang"), SameAsPrefix: c.String("same-as-prefix")})
	if err != nil {
		var d diag.Diagnostic
		if errors.As(err, &d) {
			if rerr := diag.Render(env.Stderr, rf, diag.List{d}, nil); rerr != nil {
				return failure(rerr)
			}
			return invalid(errReported)
		}
		return usage("%v", err)
	}
	if len(res.Diags) > 0 {
		if rerr := diag.Render(env.Stderr, rf, res.Diags, nil); rerr != nil {
			return failure(rerr)
		}
	}
	out := env.Stdout
	fmt.Fprintf(out, "read %s: %s (%s, %s line ends)\n", c.Args().First(), count(res.Rows, "row"), res.Encoding, res.LineEnds)
	fmt.Fprintf(out, "%s, %s rejected\n", count(len(res.Records), "valid record"), count(res.Rejected(), "row"))
	if len(res.NotImported) > 0 {
		parts := make([]string, len(res.NotImported))
		for i, col := range res.NotImported {
			parts[i] = fmt.Sprintf("%s (%s)", col.Name, count(col.Values, "value"))
		}
		fmt.Fprintf(out, "not imported, no place in the ontology: %s\n", strings.Join(parts, ", "))
	}
	if c.Bool("strict") && res.Rejected() > 0 {
		return invalid(fmt.Errorf("--strict: %s rejected, %s left unchanged", count(res.Rejected(), "row"), into))
	}

	records := make(map[string][]byte, len(res.Records))
	for _, r := range res.Records {
		records[r.ID] = r.YAML
	}
	ch, err := dataset.Compare(into, manifest, records)
	var oldRecords map[string][]byte
	if err == nil {
		oldRecords, err = dataset.ReadRecords(into)
	}
	if err != nil {
		if errors.Is(err, dataset.ErrForeignFolder) {
			return usage("--into %s: %v; import only replaces folders it wrote", into, err)
		}
		return failure(err)
	}
	verb := "changes"
	switch {
	case ch.None():
		fmt.Fprintf(out, "%s: unchanged (%s)\n", into, count(ch.Unchanged, "record"))
		return nil
	case c.Bool("dry-run"):
		verb = "would change"
	default:
		if err := dataset.Write(into, manifest, records); err != nil {
			return failure(fmt.Errorf("writing %s (left as it was): %w", into, err))
		}
		verb = "changed"
	}
	fmt.Fprintf(out, "%s %s: %s\n", into, verb, describeChanges(ch))
	if len(oldRecords) > 0 && len(ch.Added)+len(ch.Changed)+len(ch.Removed) > 0 {
		// What changed in the graph, as coopgraph diff tells it of two exports (a first import
		// adds everything: the line above says it).
		if rep, err := tripleDiff(vocab.DefaultBase, name, oldRecords, records); err != nil {
			fmt.Fprintf(out, "(no comparison of the triples: %v)\n", err)
		} else if err := rep.WriteText(out); err != nil {
			return failure(err)
		}
	}
	return nil
}

// tripleDiff maps a dataset's old and new records (id → file) to sorted N-Triples and compares
// them with package diff, as coopgraph diff compares two exports.
func tripleDiff(base, name string, old, new map[string][]byte) (*diff.Report, error) {
	v, err := schema.NewProfile(schema.Dataset)
	if err != nil {
		return nil, err
	}
	path := &pipeline.Path{Validator: v, Mapper: mapping.ForDataset(base, name)}
	nt := func(recs map[string][]byte) ([]byte, error) {
		ids := make([]string, 0, len(recs))
		for id := range recs {
			ids = append(ids, id)
		}
		slices.Sort(ids)
		var b []byte
		var ts []rdf.Triple
		for _, id := range ids {
			c := path.Check(id+".yaml", recs[id], ts[:0])
			if c.Record == nil {
				return nil, fmt.Errorf("record %s is not valid", id)
			}
			ts = c.Triples
			for _, t := range ts {
				if b, err = ntriples.AppendTriple(b, t); err != nil {
					return nil, err
				}
			}
		}
		return b, nil
	}
	a, err := nt(old)
	if err != nil {
		return nil, fmt.Errorf("before: %w", err)
	}
	z, err := nt(new)
	if err != nil {
		return nil, fmt.Errorf("after: %w", err)
	}
	return diff.Compare(bytes.NewReader(a), bytes.NewReader(z))
}

// describeChanges says what an import changes, naming up to ten ids of each kind.
func describeChanges(ch dataset.Changes) string {
	ids := func(s []string) string {
		if len(s) == 0 {
			return ""
		}
		if len(s) > 10 {
			return fmt.Sprintf(" (%s, … and %d more)", strings.Join(s[:10], ", "), len(s)-10)
		}
		return " (" + strings.Join(s, ", ") + ")"
	}
	s := fmt.Sprintf("%d added%s, %d changed%s, %d removed%s, %d unchanged",
		len(ch.Added), ids(ch.Added), len(ch.Changed), ids(ch.Changed), len(ch.Removed), ids(ch.Removed), ch.Unchanged)
	if ch.Manifest {
		s += "; " + dataset.ManifestName + " updated"
	}
	return s
}

var errTooLarge = errors.New("larger than the limit")

func readLimited(file string, limit int64) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if int64(len(b)) > limit {
		return nil, fmt.Errorf("%s: %w (%d bytes)", file, errTooLarge, limit)
	}
	return b, nil
}
