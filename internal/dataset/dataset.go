// Package dataset is the layout of imported datasets. An imported dataset is a folder,
// data/imported/<name>/, holding dataset.yaml (where the data comes from, its licence and the
// attribution the licence asks for) and records/<id>.yaml, one record per organisation, held to
// the base profile of the record schema. The folder is written whole by an import and replaced
// atomically; its export is a dataset of its own, exports/datasets/<name>.*.
package dataset

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/coopgraph/coopgraph/internal/stage"
	"github.com/coopgraph/coopgraph/vocab"
	"go.yaml.in/yaml/v3"
)

// The layout.
const (
	// Root is where imported datasets live, relative to the project.
	Root = "data/imported"
	// ReservedName is no imported dataset's name: it is the directory's, whose IRI is
	// <base>dataset/directory beside the imported <base>dataset/<name> (mapping.DirectoryName).
	ReservedName = "directory"
	// ManifestName is the file that makes a folder a dataset.
	ManifestName = "dataset.yaml"
	// RecordsDir is the folder of the records, inside the dataset folder.
	RecordsDir = "records"
)

// Manifest describes an imported dataset (vocab/dataset.schema.json).
type Manifest struct {
	Name        string // the folder's name: a slug
	Title       string
	Source      string // the page the data was published at
	License     string // the licence's IRI
	Attribution string // the attribution the licence asks for, or ""
	File        string // the file last imported, or ""
	SHA256      string // its SHA-256 sum in hex, or ""
	Format      string // "dcc-csv", or ""
}

// Input is one dataset to validate or export: its folder and, when only some of its records
// are wanted, their files (nil: every record in RecordsDir).
type Input struct {
	Dir   string
	Files []string
}

// Name returns the dataset's name: its folder's name.
func (in Input) Name() string { return filepath.Base(filepath.Clean(in.Dir)) }

// Records returns the paths to scan for the dataset's records.
func (in Input) Records() []string {
	if in.Files != nil {
		return in.Files
	}
	return []string{filepath.Join(in.Dir, RecordsDir)}
}

// IsDataset reports whether dir is a dataset folder (it holds ManifestName).
func IsDataset(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, ManifestName))
	return err == nil && st.Mode().IsRegular()
}

// Split sorts command-line paths into those of directory records and dataset inputs:
//   - a dataset folder, or its records folder, is that dataset;
//   - a record file inside a dataset's records folder is that record of that dataset;
//   - a folder that holds dataset folders (like data/imported) stands for all of them;
//   - anything else is directory records.
//
// Datasets come back in path order, each once, with the files asked for merged.
func Split(paths []string) (records []string, datasets []Input) {
	byDir := map[string]*Input{}
	var order []string
	addDataset := func(dir, file string) {
		dir = filepath.Clean(dir)
		in := byDir[dir]
		if in == nil {
			in = &Input{Dir: dir}
			if file != "" {
				in.Files = []string{}
			}
			byDir[dir] = in
			order = append(order, dir)
		}
		switch {
		case file == "":
			in.Files = nil // the whole dataset
		case in.Files != nil:
			in.Files = append(in.Files, file)
		}
	}
	for _, p := range paths {
		st, err := os.Stat(p)
		switch {
		case err != nil:
			records = append(records, p) // Scan reports it
		case st.IsDir() && IsDataset(p):
			addDataset(p, "")
		case st.IsDir() && filepath.Base(filepath.Clean(p)) == RecordsDir && IsDataset(filepath.Dir(filepath.Clean(p))):
			addDataset(filepath.Dir(filepath.Clean(p)), "")
		case st.IsDir():
			subs := datasetsIn(p)
			if len(subs) == 0 {
				records = append(records, p)
			}
			for _, s := range subs {
				addDataset(s, "")
			}
		default:
			parent := filepath.Dir(filepath.Clean(p))
			if filepath.Base(parent) == RecordsDir && IsDataset(filepath.Dir(parent)) {
				addDataset(filepath.Dir(parent), p)
			} else {
				records = append(records, p)
			}
		}
	}
	slices.Sort(order)
	for _, d := range order {
		datasets = append(datasets, *byDir[d])
	}
	return records, datasets
}

// datasetsIn lists the dataset folders directly inside dir, sorted.
func datasetsIn(dir string) []string {
	f, err := os.Open(dir)
	if err != nil {
		return nil
	}
	defer f.Close()
	var out []string
	for {
		// In chunks and unsorted: a folder of a million records is listed here only to find
		// that it holds no dataset folder.
		entries, err := f.ReadDir(4096)
		for _, e := range entries {
			if e.IsDir() && !strings.HasPrefix(e.Name(), ".") && IsDataset(filepath.Join(dir, e.Name())) {
				out = append(out, filepath.Join(dir, e.Name()))
			}
		}
		if err != nil || len(entries) == 0 {
			break
		}
	}
	slices.Sort(out)
	return out
}

// Find returns every dataset folder under root (Root, resolved by the caller); none when root
// does not exist.
func Find(root string) []Input {
	var out []Input
	for _, d := range datasetsIn(root) {
		out = append(out, Input{Dir: d})
	}
	return out
}

var manifestValidator = sync.OnceValues(func() (*schema.Validator, error) {
	return schema.Compile(vocab.DatasetSchema)
})

// LoadManifest reads and checks dir's dataset.yaml: against vocab/dataset.schema.json, its name
// against the folder's, its IRIs. Problems come back as diagnostics.
func LoadManifest(dir string) (*Manifest, diag.List) {
	file := filepath.Join(dir, ManifestName)
	doc, l := source.Load(file)
	if doc == nil {
		return nil, l
	}
	return checkManifest(doc, filepath.Base(filepath.Clean(dir)), l)
}

// ParseManifest checks the bytes of a dataset.yaml that belongs in a folder called name.
func ParseManifest(file, name string, src []byte) (*Manifest, diag.List) {
	doc, l := source.Parse(file, source.YAML, src)
	if doc == nil {
		return nil, l
	}
	return checkManifest(doc, name, l)
}

func checkManifest(doc *source.Document, folder string, l diag.List) (*Manifest, diag.List) {
	v, err := manifestValidator()
	if err != nil {
		l.Errorf(doc.File, diag.Position{}, "", "schema", "%v", err)
		return nil, l
	}
	if sl := v.Validate(doc); len(sl) > 0 {
		return nil, append(l, sl...)
	}
	str := func(k string) string {
		if n := doc.Root.Get(k); n != nil {
			s, _ := n.Value.(string)
			return s
		}
		return ""
	}
	m := &Manifest{
		Name: str("name"), Title: str("title"), Source: str("source"), License: str("license"),
		Attribution: str("attribution"), File: str("file"), SHA256: str("sha256"), Format: str("format"),
	}
	if m.Name != folder {
		l.Errorf(doc.File, doc.Lookup("name"), "name", "name", "name %q does not match the folder %q", m.Name, folder)
	}
	if m.Name == ReservedName {
		l.Errorf(doc.File, doc.Lookup("name"), "name", "name", "name %q is the directory's own (<base>dataset/%s): give the dataset another name", m.Name, ReservedName)
	}
	if err := iri.CheckWeb(m.Source); err != nil {
		l.Errorf(doc.File, doc.Lookup("source"), "source", "iri", "%q is not a usable web address: %v", m.Source, err)
	}
	if err := iri.Check(m.License); err != nil {
		l.Errorf(doc.File, doc.Lookup("license"), "license", "iri", "%q is not an absolute IRI: %v", m.License, err)
	}
	if l.HasErrors() {
		return nil, l
	}
	return m, l
}

// Marshal writes the manifest as dataset.yaml: fields in a fixed order, a comment first.
func (m *Manifest) Marshal() ([]byte, error) {
	root := &yaml.Node{Kind: yaml.MappingNode}
	add := func(k, v string) {
		if v == "" {
			return
		}
		root.Content = append(root.Content,
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: k},
			&yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: v})
	}
	add("name", m.Name)
	add("title", m.Title)
	add("source", m.Source)
	add("license", m.License)
	add("attribution", m.Attribution)
	add("file", m.File)
	add("sha256", m.SHA256)
	add("format", m.Format)
	root.HeadComment = "An imported dataset, written by coopgraph import: its records are in records/.\n" +
		"Re-import to refresh it; the folder is replaced as a whole."
	return EncodeYAML(root)
}

// EncodeYAML writes a YAML document the way the record files are written: two-space indents,
// no line folding, a final newline.
func EncodeYAML(root *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, err
	}
	if err := enc.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ErrForeignFolder is returned when an import would replace a folder it did not write.
var ErrForeignFolder = errors.New("the folder holds files an import did not write")

// Changes compares a dataset folder's records with new ones.
type Changes struct {
	Added, Changed, Removed []string // record ids, sorted
	Manifest                bool     // dataset.yaml changes
	Unchanged               int
}

// None reports whether nothing would change.
func (c Changes) None() bool {
	return len(c.Added)+len(c.Changed)+len(c.Removed) == 0 && !c.Manifest
}

// Compare reads the dataset folder dir (which need not exist) and says what writing manifest and
// records (id → file content) would change. It refuses a folder holding anything else than a
// dataset's files, so that an import never replaces a folder of hand-written records.
func Compare(dir string, manifest []byte, records map[string][]byte) (Changes, error) {
	var c Changes
	var old map[string][]byte
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
		c.Manifest = true
		for id := range records {
			c.Added = append(c.Added, id)
		}
		slices.Sort(c.Added)
		return c, nil
	}
	if err := checkOwned(dir); err != nil {
		return c, err
	}
	if b, err := os.ReadFile(filepath.Join(dir, ManifestName)); err != nil || !bytes.Equal(b, manifest) {
		c.Manifest = true
	}
	old, err := ReadRecords(dir)
	if err != nil {
		return c, err
	}
	for id, b := range records {
		switch ob, ok := old[id]; {
		case !ok:
			c.Added = append(c.Added, id)
		case !bytes.Equal(ob, b):
			c.Changed = append(c.Changed, id)
		default:
			c.Unchanged++
		}
	}
	for id := range old {
		if _, ok := records[id]; !ok {
			c.Removed = append(c.Removed, id)
		}
	}
	slices.Sort(c.Added)
	slices.Sort(c.Changed)
	slices.Sort(c.Removed)
	return c, nil
}

// ReadRecords reads the record files of the dataset folder dir (id → content); none when it has
// no records folder. Anything but regular *.yaml files there is ErrForeignFolder.
func ReadRecords(dir string) (map[string][]byte, error) {
	out := map[string][]byte{}
	recDir := filepath.Join(dir, RecordsDir)
	recs, err := os.ReadDir(recDir)
	if errors.Is(err, os.ErrNotExist) {
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	for _, e := range recs {
		id, ok := strings.CutSuffix(e.Name(), ".yaml")
		if !ok || !e.Type().IsRegular() {
			return nil, fmt.Errorf("%w: %s", ErrForeignFolder, filepath.Join(recDir, e.Name()))
		}
		b, err := os.ReadFile(filepath.Join(recDir, e.Name()))
		if err != nil {
			return nil, err
		}
		out[id] = b
	}
	return out, nil
}

// Write replaces the dataset folder dir with the manifest and the records (id → file content),
// atomically: the new folder is built beside it and swapped in when complete, so a failure
// leaves the old one as it was. Call Compare first: it refuses folders Write must not replace.
func Write(dir string, manifest []byte, records map[string][]byte) error {
	stage.CleanStale(dir)
	st, err := stage.Begin(dir)
	if err != nil {
		return err
	}
	defer st.Abort()
	if err := st.WriteFile(ManifestName, manifest); err != nil {
		return err
	}
	ids := make([]string, 0, len(records))
	for id := range records {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	if len(ids) == 0 {
		if err := os.Mkdir(filepath.Join(st.Dir(), RecordsDir), 0o755); err != nil {
			return err
		}
	}
	for _, id := range ids {
		if err := st.WriteClosed(RecordsDir+"/"+id+".yaml", records[id]); err != nil {
			return err
		}
	}
	return st.Commit()
}

// checkOwned returns ErrForeignFolder unless dir holds only what an import writes (the manifest
// and the records folder) and, when not empty, a manifest: only such a folder is replaced.
func checkOwned(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		switch {
		case e.Name() == ManifestName && e.Type().IsRegular():
		case e.Name() == RecordsDir && e.IsDir():
		default:
			return fmt.Errorf("%w: %s", ErrForeignFolder, filepath.Join(dir, e.Name()))
		}
	}
	if len(entries) > 0 && !IsDataset(dir) {
		return fmt.Errorf("%w: %s has no %s", ErrForeignFolder, dir, ManifestName)
	}
	return nil
}
