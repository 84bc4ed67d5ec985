package cli

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"maps"
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
	"github.com/coopgraph/coopgraph/internal/profiles"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/table"
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
		Subcommands: []*cli.Command{importDCCCommand(env), importMurmurationsCommand(env), importTableCommand(env)},
		Action: func(c *cli.Context) error {
			cli.ShowSubcommandHelp(c)
			if c.Args().Len() > 0 {
				return usage("import: unknown format %q (want dcc-csv, murmurations or table)", c.Args().First())
			}
			return usage("import: name the format of the file (dcc-csv, murmurations or table)")
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
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "into", Usage: "the dataset `DIR` (default " + dataset.Root + "/<file name>)"},
			&cli.StringFlag{Name: "source", Usage: "the `URL` of the page the dataset was published at"},
			&cli.StringFlag{Name: "license", Usage: "the `IRI` of the data's licence"},
			&cli.StringFlag{Name: "attribution", Usage: "the attribution `TEXT` the licence asks for"},
			&cli.StringFlag{Name: "title", Usage: "what the dataset is, as one line of `TEXT`"},
			&cli.StringFlag{Name: "lang", Value: "en", Usage: "the language `TAG` of the descriptions"},
			&cli.StringFlag{Name: "same-as-prefix", Usage: "give each record same_as `IRI`+Identifier (only where the publisher mints IRIs so)"},
			&cli.BoolFlag{Name: "dry-run", Usage: "report what would change, write nothing"},
			&cli.BoolFlag{Name: "strict", Usage: "fail (exit 1, write nothing) when any row is rejected"},
		}, reportFlags...),
		Action: func(c *cli.Context) error { return runImportDCC(env, c) },
	}
}

// reportFlags say how an import reports what it found.
var reportFlags = []cli.Flag{
	&cli.StringFlag{Name: "report", Value: "text", Usage: "how to report rows: text, json or github"},
	&cli.IntFlag{Name: "max-warnings", Value: 50, Usage: "show at most `N` warnings (errors are always shown; 0: none, -1: all)"},
	&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "show no warnings, only errors and the summary"},
}

// imported is what an importer made of a file.
type imported struct {
	Records []dcc.Record // sorted by id
	Diags   diag.List
	Rows    int      // items read (rows, profiles, features)
	Unit    string   // what Rows counts: "row", "profile", "feature"
	Notes   []string // lines of information printed after the summary of rows
}

// importTarget is the dataset folder an import writes and its description.
type importTarget struct {
	file, shownFile, into, name string
	manifest                    []byte
	m                           *dataset.Manifest
	rf                          diag.Format
}

// prepareImport reads the arguments every import takes: the file, --into, and the dataset's
// description from the flags and any dataset.yaml already there.
//
// src reads the file: it returns what the importer needs of it (or nil) and the SHA-256 the
// dataset's description records.
func prepareImport(env *Env, c *cli.Context, format string, src func(file string) ([]byte, [32]byte, error)) (*importTarget, []byte, error) {
	if c.Args().Len() != 1 {
		return nil, nil, usage("import %s takes one FILE, got %d arguments", format, c.Args().Len())
	}
	rf, err := diag.ParseFormat(c.String("report"))
	if err != nil {
		return nil, nil, usage("--report: %v", err)
	}
	t := &importTarget{rf: rf, shownFile: c.Args().First()}
	t.file = env.resolve(c.Args().First())
	into := c.String("into")
	if into == "" {
		base := filepath.Base(t.file)
		into = filepath.Join(dataset.Root, strings.ToLower(strings.TrimSuffix(base, filepath.Ext(base))))
	}
	t.into = filepath.Clean(env.resolve(into))
	t.name = filepath.Base(t.into)
	if !datasetName.MatchString(t.name) || len(t.name) > 80 {
		return nil, nil, usage("--into: the folder name %q must be lower-case letters and digits in words joined by hyphens (it names the exported files)", t.name)
	}
	data, sum, err := src(t.file)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, errTooLarge) {
			return nil, nil, invalid(err)
		}
		return nil, nil, failure(err)
	}
	t.m = &dataset.Manifest{Name: t.name, Format: format, File: filepath.Base(t.file), SHA256: hex.EncodeToString(sum[:])}
	if dataset.IsDataset(t.into) {
		old, l := dataset.LoadManifest(t.into)
		if old == nil {
			if rerr := diag.Render(env.Stderr, rf, l, nil); rerr != nil {
				return nil, nil, failure(rerr)
			}
			return nil, nil, invalid(fmt.Errorf("%s: fix or remove it first: %w", filepath.Join(t.into, dataset.ManifestName), errReported))
		}
		t.m.Title, t.m.Source, t.m.License, t.m.Attribution = old.Title, old.Source, old.License, old.Attribution
	}
	for _, f := range []struct {
		flag string
		dst  *string
	}{{"title", &t.m.Title}, {"source", &t.m.Source}, {"license", &t.m.License}, {"attribution", &t.m.Attribution}} {
		if c.IsSet(f.flag) {
			*f.dst = c.String(f.flag)
		}
	}
	if t.m.Source == "" {
		return nil, nil, usage("--source: give the URL of the page %s was published at (a new dataset needs it)", filepath.Base(t.file))
	}
	if t.m.License == "" {
		return nil, nil, usage("--license: give the IRI of the data's licence (a new dataset needs it)")
	}
	if t.m.Title == "" {
		t.m.Title = "Imported from " + filepath.Base(t.file)
	}
	if t.manifest, err = t.m.Marshal(); err != nil {
		return nil, nil, failure(err)
	}
	if _, l := dataset.ParseManifest(filepath.Join(t.into, dataset.ManifestName), t.name, t.manifest); l.HasErrors() {
		var msgs []string
		for _, d := range l {
			msgs = append(msgs, d.Field+": "+d.Message)
		}
		return nil, nil, usage("the dataset description would be invalid: %s", strings.Join(msgs, "; "))
	}
	return t, data, nil
}

// readError reports an error of an importer's Read: a diagnostic for the file as a whole, or a
// usage error.
func readError(env *Env, t *importTarget, err error) error {
	var d diag.Diagnostic
	if errors.As(err, &d) {
		if rerr := diag.Render(env.Stderr, t.rf, diag.List{d}, nil); rerr != nil {
			return failure(rerr)
		}
		fmt.Fprintf(env.Stderr, "import: %s cannot be read; nothing written\n", t.shownFile)
		return invalid(errReported)
	}
	return usage("%v", err)
}

// datasetFlags describe the dataset an import writes.
func datasetFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "into", Usage: "the dataset `DIR` (default " + dataset.Root + "/<file name>)"},
		&cli.StringFlag{Name: "source", Usage: "the `URL` of the page the dataset was published at"},
		&cli.StringFlag{Name: "license", Usage: "the `IRI` of the data's licence"},
		&cli.StringFlag{Name: "attribution", Usage: "the attribution `TEXT` the licence asks for"},
		&cli.StringFlag{Name: "title", Usage: "what the dataset is, as one line of `TEXT`"},
		&cli.StringFlag{Name: "lang", Value: "en", Usage: "the language `TAG` of the descriptions"},
		&cli.BoolFlag{Name: "dry-run", Usage: "report what would change, write nothing"},
		&cli.BoolFlag{Name: "strict", Usage: "fail (exit 1, write nothing) when anything is rejected"},
	}
}

func importMurmurationsCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "murmurations",
		Usage:     "import Murmurations organisation profiles",
		ArgsUsage: "FILE|DIR",
		Description: "Reads one profile (a JSON file), or every *.json profile of a folder, linked to\n" +
			"organizations_schema-v1.0.0. Each is checked against the fields of that schema the import\n" +
			"maps, then becomes records/<id>.yaml: the id is the last segment of a coopgraph IRI given as\n" +
			"unique_id, else the file name. Profiles that fail are reported at their line and left out;\n" +
			"values with no place in a record are left out with a warning.",
		Flags:  append(datasetFlags(), reportFlags...),
		Action: func(c *cli.Context) error { return runImportMurmurations(env, c) },
	}
}

func runImportMurmurations(env *Env, c *cli.Context) error {
	var files []string
	t, _, err := prepareImport(env, c, "murmurations", func(path string) ([]byte, [32]byte, error) {
		fs, err := profiles.Files(path)
		if err != nil {
			return nil, [32]byte{}, err
		}
		files = fs
		// What the manifest's checksum sums: every profile's name and content.
		h := sha256.New()
		for _, f := range fs {
			b, err := readLimited(f, profiles.MaxFileSize)
			if err != nil {
				return nil, [32]byte{}, err
			}
			fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(b))
			h.Write(b)
		}
		return nil, [32]byte(h.Sum(nil)), nil
	})
	if err != nil {
		return err
	}
	shown := func(f string) string {
		if rel, err := filepath.Rel(env.resolve("."), f); err == nil && !strings.HasPrefix(rel, "..") {
			return rel
		}
		return f
	}
	byShown := map[string]string{}
	var names []string
	for _, f := range files {
		byShown[shown(f)] = f
		names = append(names, shown(f))
	}
	res, err := profiles.Read(names, func(n string) ([]byte, error) { return readLimited(byShown[n], profiles.MaxFileSize) },
		profiles.Options{Source: t.m.Source, Lang: c.String("lang")})
	if err != nil {
		return readError(env, t, err)
	}
	im := &imported{Records: res.Records, Diags: res.Diags, Rows: res.Read, Unit: "profile"}
	im.Notes = append(im.Notes, fmt.Sprintf("read %s: %s", t.shownFile, count(res.Read, "profile")))
	if len(res.NotImported) > 0 {
		keys := make([]string, 0, len(res.NotImported))
		for k := range res.NotImported {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = fmt.Sprintf("%s (%s)", k, count(res.NotImported[k], "profile"))
		}
		im.Notes = append(im.Notes, "fields not imported (no place in a record): "+strings.Join(parts, ", "))
	}
	return finishImport(env, c, t, im, each(im.Records))
}

func importTableCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "table",
		Usage:     "import a CSV, TSV, JSON or GeoJSON table through a mapping file",
		ArgsUsage: "FILE",
		Description: "Reads a CSV, a TSV, a JSON array of objects or a GeoJSON FeatureCollection (by the file's\n" +
			"extension) and turns each row into records/<id>.yaml as the mapping file (--map) says: which\n" +
			"column holds each field, how values map onto the record's enumerations, which columns hold\n" +
			"the description in which language, whether countries are written out, how ids are made.\n" +
			"--init writes a starter mapping listing every column with a few of its values (to the --map\n" +
			"file when it does not exist yet, else to standard output). See the README, \"Tables\".",
		Flags: append(append(datasetFlags(),
			&cli.StringFlag{Name: "map", Usage: "the mapping `FILE` (YAML)"},
			&cli.BoolFlag{Name: "init", Usage: "write a starter mapping for FILE instead of importing"},
		), reportFlags...),
		Action: func(c *cli.Context) error { return runImportTable(env, c) },
	}
}

func runImportTable(env *Env, c *cli.Context) error {
	if c.Bool("init") {
		if c.Args().Len() != 1 {
			return usage("import table --init takes one FILE, got %s", count(c.Args().Len(), "argument"))
		}
		file := env.resolve(c.Args().First())
		src, err := readLimited(file, table.MaxFileSize)
		if err != nil {
			if errors.Is(err, os.ErrNotExist) || errors.Is(err, errTooLarge) {
				return invalid(err)
			}
			return failure(err)
		}
		t, err := table.Read(c.Args().First(), table.KindOf(file, src), src)
		if err != nil {
			return readTableError(env, err)
		}
		m := table.Init(t, filepath.Base(file))
		if mp := c.String("map"); mp != "" {
			f, err := os.OpenFile(env.resolve(mp), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
			if errors.Is(err, os.ErrExist) {
				return usage("--map %s exists already; --init does not overwrite it", mp)
			}
			if err != nil {
				return failure(err)
			}
			_, err = f.Write(m)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return failure(err)
			}
			fmt.Fprintf(env.Stderr, "wrote a starter mapping of %s (%s) to %s: check it, then import with --map %s\n", c.Args().First(), count(len(t.Columns), "column"), mp, mp)
			return nil
		}
		_, err = env.Stdout.Write(m)
		return err
	}
	if c.String("map") == "" {
		return usage("import table: give the mapping file with --map MAP.yaml (import table FILE --init writes a starter)")
	}
	mapFile := env.resolve(c.String("map"))
	msrc, err := readLimited(mapFile, 1<<20)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) || errors.Is(err, errTooLarge) {
			return invalid(err)
		}
		return failure(err)
	}
	t, src, err := prepareImport(env, c, "table", readSummed(table.MaxFileSize))
	if err != nil {
		return err
	}
	v, err := table.Validator()
	if err != nil {
		return failure(err)
	}
	m, ml := table.ParseMapping(c.String("map"), msrc, v)
	if m == nil {
		if rerr := diag.Render(env.Stderr, t.rf, ml, nil); rerr != nil {
			return failure(rerr)
		}
		fmt.Fprintf(env.Stderr, "import: the mapping %s cannot be used; nothing written\n", c.String("map"))
		return invalid(errReported)
	}
	tb, err := table.Read(t.shownFile, table.KindOf(t.file, src), src)
	if err != nil {
		return readError(env, t, err)
	}
	res, err := table.Convert(tb, m, table.Options{File: t.shownFile, Source: t.m.Source})
	if err != nil {
		return usage("%v", err)
	}
	im := &imported{Records: res.Records, Diags: res.Diags, Rows: res.Rows, Unit: "row"}
	im.Notes = append(im.Notes, fmt.Sprintf("read %s: %s (%s)", t.shownFile, count(res.Rows, "row"), tb.Kind))
	if len(res.NotMapped) > 0 {
		parts := make([]string, len(res.NotMapped))
		for i, col := range res.NotMapped {
			parts[i] = fmt.Sprintf("%s (%s)", col.Name, count(col.Values, "value"))
		}
		im.Notes = append(im.Notes, "columns the mapping does not read: "+strings.Join(parts, ", "))
	}
	return finishImport(env, c, t, im, each(im.Records))
}

// readTableError reports a table that cannot be read at all.
func readTableError(env *Env, err error) error {
	var d diag.Diagnostic
	if errors.As(err, &d) {
		if rerr := diag.Render(env.Stderr, diag.Text, diag.List{d}, nil); rerr != nil {
			return failure(rerr)
		}
		return invalid(errReported)
	}
	return failure(err)
}

func runImportDCC(env *Env, c *cli.Context) error {
	// The file is read twice, as a stream: once for its encoding and checksum, once for its rows.
	var sniffed dcc.Sniffed
	t, _, err := prepareImport(env, c, "dcc-csv", func(f string) ([]byte, [32]byte, error) {
		in, err := os.Open(f)
		if err != nil {
			return nil, [32]byte{}, err
		}
		defer in.Close()
		sniffed, err = dcc.Sniff(in)
		if err == nil && sniffed.Size > dcc.MaxFileSize {
			err = fmt.Errorf("%s: %w (%d bytes)", f, errTooLarge, dcc.MaxFileSize)
		}
		return nil, sniffed.SHA256, err
	})
	if err != nil {
		return err
	}
	im := &imported{Unit: "row"}
	return finishImport(env, c, t, im, func(emit func(dcc.Record) error) error {
		in, err := os.Open(t.file)
		if err != nil {
			return err
		}
		defer in.Close()
		res, err := dcc.ReadFrom(in, sniffed, dcc.Options{File: c.Args().First(), Source: t.m.Source, Lang: c.String("lang"),
			SameAsPrefix: c.String("same-as-prefix"), Emit: emit})
		if err != nil {
			return err
		}
		im.Diags, im.Rows = res.Diags, res.Rows
		im.Notes = append(im.Notes, fmt.Sprintf("read %s: %s (%s, %s line ends)", t.shownFile, count(res.Rows, "row"), res.Encoding, res.LineEnds))
		if len(res.NotImported) > 0 {
			parts := make([]string, len(res.NotImported))
			for i, col := range res.NotImported {
				parts[i] = fmt.Sprintf("%s (%s: %s)", col.Name, count(col.Values, "value"), col.Why)
			}
			im.Notes = append(im.Notes, "columns not imported: "+strings.Join(parts, "; "))
		}
		return nil
	})
}

// finishImport runs an importer and writes the dataset folder as the records come (produce
// gives each record to emit, and fills im), then reports. It exits 0 when every item became a
// record (warnings allowed); 1 when any was rejected: without --strict the records that could be
// made are written all the same, and the summary says so; with --strict nothing is written.
func finishImport(env *Env, c *cli.Context, t *importTarget, im *imported, produce func(emit func(dcc.Record) error) error) error {
	out := env.Stdout
	w, err := dataset.NewWriter(t.into, t.manifest, c.Bool("dry-run"))
	if err != nil {
		if errors.Is(err, dataset.ErrForeignFolder) {
			return usage("--into %s: %v; import only replaces folders it wrote", t.into, err)
		}
		return failure(err)
	}
	defer w.Abort()
	// Only the records that change an existing folder are kept, to tell what changes in the graph.
	oldRecords, newRecords := map[string][]byte{}, map[string][]byte{}
	kept := 0
	err = produce(func(r dcc.Record) error {
		kept++
		old, added, err := w.Add(r.ID, r.YAML)
		if err != nil {
			return err
		}
		if w.Existed() && (old != nil || added) {
			newRecords[r.ID] = r.YAML
			if old != nil {
				oldRecords[r.ID] = old
			}
		}
		return nil
	})
	if err != nil {
		var d diag.Diagnostic
		if errors.As(err, &d) {
			return readError(env, t, err)
		}
		return failure(fmt.Errorf("writing %s (left as it was): %w", t.into, err))
	}
	if err := renderImportDiags(env.Stderr, t.rf, im.Diags, c.Int("max-warnings"), c.Bool("quiet")); err != nil {
		return failure(err)
	}
	for _, n := range im.Notes {
		fmt.Fprintln(out, n)
	}
	errs, warns := im.Diags.Counts()
	rejected := im.Rows - kept
	summary := func(what string) {
		fmt.Fprintf(env.Stderr, "import: %s read, %s, %s rejected, %s, %s: %s\n",
			count(im.Rows, im.Unit), count(kept, "record"), count(rejected, im.Unit), count(errs, "error"), count(warns, "warning"), what)
	}
	if c.Bool("strict") && rejected > 0 {
		summary(fmt.Sprintf("--strict: nothing written, %s left unchanged (exit 1)", t.into))
		return invalid(errReported)
	}
	if w.Existed() {
		removed, err := w.Removed()
		if err != nil {
			return failure(err)
		}
		maps.Copy(oldRecords, removed)
	}
	ch, err := w.Commit()
	if err != nil {
		return failure(fmt.Errorf("writing %s (left as it was): %w", t.into, err))
	}
	var what string
	switch {
	case ch.None():
		fmt.Fprintf(out, "%s: unchanged (%s)\n", t.into, count(ch.Unchanged, "record"))
		what = t.into + " unchanged"
	case c.Bool("dry-run"):
		fmt.Fprintf(out, "%s would change: %s\n", t.into, describeChanges(ch))
		what = "--dry-run: nothing written"
	default:
		fmt.Fprintf(out, "%s changed: %s\n", t.into, describeChanges(ch))
		what = fmt.Sprintf("wrote %s to %s", count(kept, "record"), t.into)
	}
	if w.Existed() && len(ch.Added)+len(ch.Changed)+len(ch.Removed) > 0 {
		// What changed in the graph, as coopgraph diff tells it of two exports, from the records
		// that changed (the others give the same triples before and after).
		if rep, err := tripleDiff(vocab.DefaultBase, t.name, oldRecords, newRecords); err != nil {
			fmt.Fprintf(out, "(no comparison of the triples: %v)\n", err)
		} else if err := rep.WriteText(out); err != nil {
			return failure(err)
		}
	}
	if rejected > 0 {
		summary(what + "; the rejected " + im.Unit + "s are not in it (exit 1)")
		return invalid(errReported)
	}
	summary(what)
	return nil
}

// each gives the records of a finished importer to emit.
func each(recs []dcc.Record) func(emit func(dcc.Record) error) error {
	return func(emit func(dcc.Record) error) error {
		for _, r := range recs {
			if err := emit(r); err != nil {
				return err
			}
		}
		return nil
	}
}

// maxLike is how many warnings of one kind (code and field) are shown before the rest are
// counted on one line.
const maxLike = 3

// renderImportDiags shows every error, and the warnings grouped: at most maxLike of one kind
// (code and field), then one line counting the rest, and at most maxWarnings in all (-1: no
// limit); none when quiet. Machine formats (json, github) get every diagnostic unless quiet.
func renderImportDiags(w io.Writer, f diag.Format, l diag.List, maxWarnings int, quiet bool) error {
	if f != diag.Text {
		if quiet {
			var errs diag.List
			for _, d := range l {
				if d.Severity == diag.Error {
					errs = append(errs, d)
				}
			}
			l = errs
		}
		return diag.Render(w, f, l, nil)
	}
	type kind struct{ code, field string }
	shownOfKind := map[kind]int{}
	moreOfKind := map[kind]int{}
	var order []kind
	shown, hidden := 0, 0
	var b strings.Builder
	for _, d := range l {
		if d.Severity == diag.Error {
			b.WriteString(visibleLine(d.Error()))
			continue
		}
		k := kind{d.Code, d.Field}
		switch {
		case quiet || maxWarnings >= 0 && shown >= maxWarnings:
			hidden++
		case shownOfKind[k] >= maxLike:
			if moreOfKind[k] == 0 {
				order = append(order, k)
			}
			moreOfKind[k]++
		default:
			shownOfKind[k]++
			shown++
			b.WriteString(visibleLine(d.Error()))
		}
	}
	for _, k := range order {
		what := k.code
		if k.field != "" {
			what = k.field + ", " + k.code
		}
		fmt.Fprintf(&b, "… and %s like these (%s)\n", count(moreOfKind[k], "more warning"), what)
	}
	if hidden > 0 {
		why := fmt.Sprintf("--max-warnings %d", maxWarnings)
		if quiet {
			why = "--quiet"
		}
		fmt.Fprintf(&b, "%s not shown (%s)\n", count(hidden, "warning"), why)
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// visibleLine is one diagnostic line with control characters shown inert.
func visibleLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F || r >= 0x80 && r < 0xA0 || r == '\u2028' || r == '\u2029' {
			return '\uFFFD'
		}
		return r
	}, s) + "\n"
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

// readSummed reads a file of at most limit bytes whole, with its SHA-256.
func readSummed(limit int64) func(string) ([]byte, [32]byte, error) {
	return func(f string) ([]byte, [32]byte, error) {
		b, err := readLimited(f, limit)
		if err != nil {
			return nil, [32]byte{}, err
		}
		return b, sha256.Sum256(b), nil
	}
}

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
