package export

import (
	"slices"

	"github.com/coopgraph/coopgraph/internal/dataset"
	"github.com/coopgraph/coopgraph/internal/format"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/vocab"
)

// DefaultFormats are what export writes unless told otherwise: the RDF dumps and the
// Murmurations profiles (the committed exports/ are these).
var DefaultFormats = format.Defaults()

// DatasetsDir is the folder of the exports that holds the imported datasets, one set of files
// per dataset: <name>.ttl, .nt, .jsonld as asked, and always <name>.nq, whose quads are in the
// dataset's named graph (<base>dataset/<name>).
const DatasetsDir = "datasets"

// ProfilesDir is the folder of the exports that holds one Murmurations profile per co-op of the
// directory, <id>.json.
const ProfilesDir = format.ProfilesDir

// DatasetFormats returns the formats an imported dataset is written in when formats are asked
// for: the RDF ones among them, and N-Quads in any case.
func DatasetFormats(formats []*format.Format) []*format.Format {
	var out []*format.Format
	for _, f := range formats {
		if f.IsRDF() && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	if !slices.Contains(out, format.NQuads) {
		out = append(out, format.NQuads)
	}
	return out
}

// DatasetDescription returns the triples that open an imported dataset's dumps, sorted: the
// dataset (the name of its graph) with its title, source, licence and attribution. They sort
// before every co-op of the dataset (<base>dataset/… before <base>id/…).
func DatasetDescription(m *mapping.Mapper, man *dataset.Manifest) []rdf.Triple {
	d := rdf.NewIRI(m.DatasetIRI())
	ts := []rdf.Triple{
		{S: d, P: rdf.NewIRI(vocab.RDFType), O: rdf.NewIRI(vocab.DCATDataset)},
		{S: d, P: rdf.NewIRI(vocab.RDFType), O: rdf.NewIRI(vocab.VOIDDataset)},
		{S: d, P: rdf.NewIRI(vocab.DCTTitle), O: rdf.NewString(man.Title)},
		{S: d, P: rdf.NewIRI(vocab.DCTSource), O: rdf.NewIRI(man.Source)},
		{S: d, P: rdf.NewIRI(vocab.DCTLicense), O: rdf.NewIRI(man.License)},
	}
	if man.Attribution != "" {
		ts = append(ts, rdf.Triple{S: d, P: rdf.NewIRI(vocab.DCTRights), O: rdf.NewString(man.Attribution)})
	}
	slices.SortFunc(ts, rdf.CompareTriples)
	return ts
}

// DatasetHeader opens an imported dataset's Turtle dump: what it is, where it comes from, and
// its licence and attribution, which travel with the data.
func DatasetHeader(man *dataset.Manifest) []string {
	h := []string{
		"coopgraph: " + man.Title + ", imported from " + man.Source + ".",
		"Licence: " + man.License + ".",
	}
	if man.Attribution != "" {
		h = append(h, man.Attribution)
	}
	return append(h, "Its co-operatives are coop:Cooperative; the directory of platform co-operatives is coops.ttl.")
}

// newDatasetDumps returns the part that writes one imported dataset: its description, then its
// co-ops.
func newDatasetDumps(man *dataset.Manifest, m *mapping.Mapper, formats []*format.Format) *dumps {
	d := newDumps(DatasetsDir+"/"+man.Name, DatasetFormats(formats), DatasetHeader(man), m.DatasetIRI())
	d.desc = DatasetDescription(m, man)
	return d
}
