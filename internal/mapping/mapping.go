// Package mapping turns a record into RDF triples of the coopgraph ontology. It is pure: no I/O,
// no clock, no randomness; the same record and base always give the same triples in the same
// order (rdf.CompareTriples). Every IRI it writes comes from package vocab or from the record.
package mapping

import (
	"slices"
	"strconv"
	"strings"

	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/vocab"
)

// Mapper maps the records of one dataset under one base IRI: the directory of platform
// co-operatives, or a dataset imported from elsewhere.
type Mapper struct {
	base    string
	ids     string   // what co-op IRIs start with
	dataset string   // the dataset's IRI
	class   rdf.Term // the class of its co-ops
}

// New returns the Mapper of the directory: co-ops are coop:PlatformCooperative, at
// base + "id/" + id. base must be an absolute IRI ending in "/" or "#" (check it with iri.Check
// first).
func New(base string) *Mapper {
	return &Mapper{base: base, ids: base + "id/", dataset: base + "dataset/" + DirectoryName, class: cPlatformCoop}
}

// ForDataset returns the Mapper of the imported dataset called name (a slug): its co-ops are
// coop:Cooperative, at base + "id/" + name + "/" + id, so that ids of different datasets never
// meet; the dataset is base + "dataset/" + name.
func ForDataset(base, name string) *Mapper {
	return &Mapper{base: base, ids: base + "id/" + name + "/", dataset: base + "dataset/" + name, class: cCooperative}
}

// CoopIRI returns the IRI of the co-op with the given id.
func (m *Mapper) CoopIRI(id string) string {
	return m.ids + id
}

// Base returns the base IRI the Mapper mints under.
func (m *Mapper) Base() string { return m.base }

// URISpace returns the start every co-op IRI (and every IRI of a co-op's own nodes) shares:
// base + "id/" for the directory, base + "id/<name>/" for an imported dataset.
func (m *Mapper) URISpace() string { return m.ids }

// DirectoryName names the directory of platform co-operatives among the datasets of the
// publication: it is base + "dataset/directory", beside the imported base + "dataset/<name>"
// (no imported dataset may take the name).
const DirectoryName = "directory"

// PublicationIRI returns the IRI of everything published under the base: base + "dataset",
// whose subsets are the directory and the imported datasets.
func (m *Mapper) PublicationIRI() string { return m.base + "dataset" }

// DatasetIRI returns the IRI of the dataset as a whole, which names its graph:
// base + "dataset/directory" for the directory, base + "dataset/<name>" for an imported one.
func (m *Mapper) DatasetIRI() string {
	return m.dataset
}

var (
	pType        = rdf.NewIRI(vocab.RDFType)
	pIdentifier  = rdf.NewIRI(vocab.DCTIdentifier)
	pName        = rdf.NewIRI(vocab.SchemaName)
	pGRName      = rdf.NewIRI(vocab.GRName)
	pDescription = rdf.NewIRI(vocab.SchemaDescription)
	pPlatform    = rdf.NewIRI(vocab.CoopPlatformType)
	pStatus      = rdf.NewIRI(vocab.CoopStatus)
	pSector      = rdf.NewIRI(vocab.CoopSector)
	pMember      = rdf.NewIRI(vocab.CoopMemberClass)
	pRelated     = rdf.NewIRI(vocab.CoopRelated)
	pHomepage    = rdf.NewIRI(vocab.FOAFHomepage)
	pURL         = rdf.NewIRI(vocab.SchemaURL)
	pFounded     = rdf.NewIRI(vocab.SchemaFoundingDate)
	pOWLSameAs   = rdf.NewIRI(vocab.OWLSameAs)
	pSameAs      = rdf.NewIRI(vocab.SchemaSameAs)
	pHasAddress  = rdf.NewIRI(vocab.ESSGlobalHasAddress)
	pAddress     = rdf.NewIRI(vocab.SchemaAddress)
	pStreet      = rdf.NewIRI(vocab.SchemaStreetAddress)
	pLocality    = rdf.NewIRI(vocab.SchemaAddressLocality)
	pRegion      = rdf.NewIRI(vocab.SchemaAddressRegion)
	pPostcode    = rdf.NewIRI(vocab.SchemaPostalCode)
	pCountry     = rdf.NewIRI(vocab.SchemaAddressCountry)
	pWithin      = rdf.NewIRI(vocab.OSWithin)
	pLat         = rdf.NewIRI(vocab.GeoLat)
	pLong        = rdf.NewIRI(vocab.GeoLong)
	pSource      = rdf.NewIRI(vocab.DCTSource)
	pCitation    = rdf.NewIRI(vocab.CoopCitationProp)
	pQuote       = rdf.NewIRI(vocab.CoopQuote)
	pPublished   = rdf.NewIRI(vocab.SchemaDatePublished)
	pAccessed    = rdf.NewIRI(vocab.CoopAccessed)
	pStatusAsOf  = rdf.NewIRI(vocab.CoopStatusAsOf)
	pStatusSrc   = rdf.NewIRI(vocab.CoopStatusSource)
	pSourceID    = rdf.NewIRI(vocab.CoopSourceIdentifier)
	pOrgStruct   = rdf.NewIRI(vocab.CoopOrgStructure)
	pPrimaryAct  = rdf.NewIRI(vocab.CoopPrimaryActivity)
	pActivity    = rdf.NewIRI(vocab.CoopActivity)
	pMembership  = rdf.NewIRI(vocab.CoopMembershipType)
	// ESSGLOBAL's own properties, as the Data Commons Co-op's pipeline writes the same concepts.
	pESSOrgStruct  = rdf.NewIRI(vocab.ESSGlobalOrgStructure)
	pESSPrimary    = rdf.NewIRI(vocab.ESSGlobalPrimarySector)
	pESSSector     = rdf.NewIRI(vocab.ESSGlobalEconomicSector)
	pESSMembership = rdf.NewIRI(vocab.ESSGlobalBaseMembershipType)
	pRegOrg        = rdf.NewIRI(vocab.ROVHasRegisteredOrganization)
	pLegalForm     = rdf.NewIRI(vocab.CoopLegalForm)
	pSICCode       = rdf.NewIRI(vocab.CoopSICCode)
	pSICSection    = rdf.NewIRI(vocab.CoopSICSection)
	pRegSector     = rdf.NewIRI(vocab.CoopRegisterSector)
	pOwnership     = rdf.NewIRI(vocab.CoopOwnership)

	cPlatformCoop = rdf.NewIRI(vocab.CoopPlatformCoop)
	cCooperative  = rdf.NewIRI(vocab.CoopCooperative)
	cOrganization = rdf.NewIRI(vocab.SchemaOrganization)
	cInitiative   = rdf.NewIRI(vocab.ESSGlobalInitiative)
	cAddress      = rdf.NewIRI(vocab.ESSGlobalAddress)
	cPostal       = rdf.NewIRI(vocab.SchemaPostalAddress)
	cCitation     = rdf.NewIRI(vocab.CoopCitation)
)

// Fragments of a co-op's IRI that name its own nodes.
const (
	fragAddress = "#address"
	fragGeo     = "#geo"
	fragSource  = "#source-"
)

// Map appends the triples of r to dst, sorted, and returns the extended slice. Passing a reused
// dst[:0] keeps mapping free of allocations for the slice itself.
func (m *Mapper) Map(dst []rdf.Triple, r *record.Record) []rdf.Triple {
	start := len(dst)
	coop := rdf.NewIRI(m.CoopIRI(r.ID))
	add := func(s, p, o rdf.Term) { dst = append(dst, rdf.Triple{S: s, P: p, O: o}) }

	add(coop, pType, m.class)
	add(coop, pType, cOrganization)
	add(coop, pType, cInitiative)
	add(coop, pIdentifier, rdf.NewString(r.ID))
	if r.Identifier != "" {
		add(coop, pSourceID, rdf.NewString(r.Identifier))
	}
	add(coop, pName, rdf.NewString(r.Name))
	add(coop, pGRName, rdf.NewString(r.Name))
	for _, d := range r.Description {
		add(coop, pDescription, rdf.NewLangString(d.Value, d.Lang))
	}
	if r.Type != "" {
		add(coop, pPlatform, rdf.NewIRI(vocab.PlatformTypeNamespace+r.Type))
	}
	if r.Status != "" {
		add(coop, pStatus, rdf.NewIRI(vocab.StatusNamespace+r.Status))
		if r.StatusAsOf != "" {
			add(coop, pStatusAsOf, DateTerm(r.StatusAsOf))
		}
		if i := r.StatusSource; i > 0 && i <= len(r.Sources) && r.Sources[i-1].Quote != "" {
			add(coop, pStatusSrc, rdf.NewIRI(coop.Value+fragSource+strconv.Itoa(i)))
		}
	}
	for _, s := range r.Sectors {
		add(coop, pSector, rdf.NewIRI(vocab.SectorNamespace+s))
	}
	for _, mc := range r.Members {
		add(coop, pMember, rdf.NewIRI(vocab.MemberClassNamespace+mc))
	}
	if e := r.ESSGlobal; !e.IsZero() {
		if e.OrgStructure != "" {
			o := rdf.NewIRI(e.OrgStructure)
			add(coop, pOrgStruct, o)
			add(coop, pESSOrgStruct, o)
		}
		if e.PrimaryActivity != "" {
			o := rdf.NewIRI(e.PrimaryActivity)
			add(coop, pPrimaryAct, o)
			add(coop, pESSPrimary, o)
		}
		for _, a := range e.Activities {
			o := rdf.NewIRI(a)
			add(coop, pActivity, o)
			add(coop, pESSSector, o)
		}
		if e.MembershipType != "" {
			o := rdf.NewIRI(e.MembershipType)
			add(coop, pMembership, o)
			add(coop, pESSMembership, o)
		}
	}
	if g := r.Registration; !g.IsZero() {
		if g.CompaniesHouse != "" {
			add(coop, pRegOrg, rdf.NewIRI(vocab.CompaniesHouseCompany+g.CompaniesHouse))
		}
		for _, f := range []struct {
			p rdf.Term
			v string
		}{{pLegalForm, g.LegalForm}, {pSICCode, g.SICCode}, {pSICSection, g.SICSection}, {pRegSector, g.Sector}, {pOwnership, g.Ownership}} {
			if f.v != "" {
				add(coop, f.p, rdf.NewString(f.v))
			}
		}
	}
	for _, id := range r.Related {
		add(coop, pRelated, rdf.NewIRI(m.CoopIRI(id)))
	}
	if r.Website != "" {
		w := rdf.NewIRI(r.Website)
		add(coop, pHomepage, w)
		add(coop, pURL, w)
	}
	if r.Founded != 0 {
		add(coop, pFounded, rdf.NewTyped(strconv.Itoa(r.Founded), vocab.XSDGYear))
	}
	for _, s := range r.SameAs {
		o := rdf.NewIRI(s)
		add(coop, pOWLSameAs, o)
		add(coop, pSameAs, o)
	}
	if loc := r.Location; loc != nil {
		addr := rdf.NewIRI(coop.Value + fragAddress)
		add(coop, pHasAddress, addr)
		add(coop, pAddress, addr)
		add(addr, pType, cAddress)
		add(addr, pType, cPostal)
		for _, f := range []struct {
			p rdf.Term
			v string
		}{{pStreet, loc.Street}, {pLocality, loc.Locality}, {pRegion, loc.Region}, {pPostcode, loc.Postcode}, {pCountry, loc.Country}} {
			if f.v != "" {
				add(addr, f.p, rdf.NewString(f.v))
			}
		}
		if loc.Latitude != "" || loc.GeoContainer != "" {
			geo := rdf.NewIRI(coop.Value + fragGeo)
			add(addr, pWithin, geo)
			if loc.Latitude != "" && loc.Longitude != "" {
				add(geo, pLat, rdf.NewTyped(Decimal(loc.Latitude), vocab.XSDDecimal))
				add(geo, pLong, rdf.NewTyped(Decimal(loc.Longitude), vocab.XSDDecimal))
			}
			if loc.GeoContainer != "" {
				add(geo, pWithin, rdf.NewIRI(loc.GeoContainer))
			}
		}
	}
	for i, s := range r.Sources {
		page := rdf.NewIRI(s.URL)
		add(coop, pSource, page) // several quotes of one page give one triple: compacted below
		if s.Quote == "" {
			continue // a dataset: the source itself is all there is to say
		}
		cit := rdf.NewIRI(coop.Value + fragSource + strconv.Itoa(i+1))
		add(coop, pCitation, cit)
		add(cit, pType, cCitation)
		add(cit, pURL, page)
		add(cit, pQuote, rdf.NewString(s.Quote))
		if s.Published != "" {
			add(cit, pPublished, DateTerm(s.Published))
		}
		if s.Accessed != "" {
			add(cit, pAccessed, rdf.NewTyped(s.Accessed, vocab.XSDDate))
		}
	}
	dst = sortTriples(dst, start)
	own := compact(dst[start:])
	return dst[:start+len(own)]
}

// compact drops the repeats of a sorted run of triples, as slices.CompactFunc does (the tail
// left behind is cleared), comparing in place.
func compact(ts []rdf.Triple) []rdf.Triple {
	if len(ts) < 2 {
		return ts
	}
	k := 1
	for i := 1; i < len(ts); i++ {
		if rdf.CompareTriplePtrs(&ts[k-1], &ts[i]) != 0 {
			if k != i {
				ts[k] = ts[i]
			}
			k++
		}
	}
	clear(ts[k:])
	return ts[:k]
}

// sortTriples sorts dst[start:]. A triple is 168 bytes, so a record's few dozen are sorted as
// one-byte indices and then moved once, through the spare capacity of dst.
func sortTriples(dst []rdf.Triple, start int) []rdf.Triple {
	own := dst[start:]
	if len(own) > 256 {
		slices.SortFunc(own, rdf.CompareTriples)
		return dst
	}
	var idx [256]uint8
	perm := idx[:len(own)]
	for i := range perm {
		perm[i] = uint8(i)
	}
	slices.SortFunc(perm, func(a, b uint8) int { return rdf.CompareTriplePtrs(&own[a], &own[b]) })
	n := len(dst)
	dst = append(dst, own...) // a copy to move from
	own, moved := dst[start:n], dst[n:]
	for i, k := range perm {
		own[i] = moved[k]
	}
	clear(moved) // no references kept past the end
	return dst[:n]
}

// DateTerm returns a year, year and month or day (2017, 2017-02, 2017-02-01: the record's
// checks have made sure it is one of these) as an xsd:gYear, xsd:gYearMonth or xsd:date literal.
func DateTerm(d string) rdf.Term {
	switch len(d) {
	case 4:
		return rdf.NewTyped(d, vocab.XSDGYear)
	case 7:
		return rdf.NewTyped(d, vocab.XSDGYearMonth)
	}
	return rdf.NewTyped(d, vocab.XSDDate)
}

// Decimal returns the canonical xsd:decimal lexical form of a JSON or YAML number: no exponent,
// no superfluous zeros ("53.50" → "53.5", "1e-5" → "0.00001", "7" → "7.0").
func Decimal(num string) string {
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return num
	}
	s := strconv.FormatFloat(f, 'f', -1, 64)
	if !strings.Contains(s, ".") {
		s += ".0"
	}
	return s
}

// Dataset returns the Mapper of the imported dataset called name under m's base (ForDataset),
// so that one mapping of a base serves the directory and every dataset.
func (m *Mapper) Dataset(name string) *Mapper { return ForDataset(m.base, name) }
