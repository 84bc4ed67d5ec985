// Package vocab holds every IRI coopgraph writes and the files that define its vocabulary:
// the ontology (coop.ttl), the SHACL shapes (shapes.ttl), the JSON-LD context (context.jsonld)
// and the record schema (record.schema.json). No other package spells out an IRI.
package vocab

// RDF, RDFS, OWL and XSD.
const (
	RDF  = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	RDFS = "http://www.w3.org/2000/01/rdf-schema#"
	OWL  = "http://www.w3.org/2002/07/owl#"
	XSD  = "http://www.w3.org/2001/XMLSchema#"

	RDFType       = RDF + "type"
	RDFLangString = RDF + "langString"
	RDFSLabel     = RDFS + "label"
	RDFSComment   = RDFS + "comment"
	RDFSSubClass  = RDFS + "subClassOf"
	RDFSSubProp   = RDFS + "subPropertyOf"
	RDFSDomain    = RDFS + "domain"
	RDFSRange     = RDFS + "range"
	RDFSClass     = RDFS + "Class"
	OWLSameAs     = OWL + "sameAs"
	OWLVersion    = OWL + "versionInfo"
	OWLClass      = OWL + "Class"
	OWLOntology   = OWL + "Ontology"
	OWLObjectProp = OWL + "ObjectProperty"
	OWLDataProp   = OWL + "DatatypeProperty"
	XSDString     = XSD + "string"
	XSDGYear      = XSD + "gYear"
	XSDGYearMonth = XSD + "gYearMonth"
	XSDDecimal    = XSD + "decimal"
	XSDInteger    = XSD + "integer"
	XSDDate       = XSD + "date"
	XSDDateTime   = XSD + "dateTime"
	XSDHexBinary  = XSD + "hexBinary"
	XSDNonNegInt  = XSD + "nonNegativeInteger"
)

// SKOS.
const (
	SKOS              = "http://www.w3.org/2004/02/skos/core#"
	SKOSConcept       = SKOS + "Concept"
	SKOSConceptScheme = SKOS + "ConceptScheme"
	SKOSPrefLabel     = SKOS + "prefLabel"
	SKOSDefinition    = SKOS + "definition"
	SKOSInScheme      = SKOS + "inScheme"
	SKOSNotation      = SKOS + "notation"
	SKOSHasTopConcept = SKOS + "hasTopConcept"
	SKOSExactMatch    = SKOS + "exactMatch"
	SKOSCloseMatch    = SKOS + "closeMatch"
)

// Dublin Core terms.
const (
	DCT            = "http://purl.org/dc/terms/"
	DCTIdentifier  = DCT + "identifier"
	DCTSource      = DCT + "source"
	DCTTitle       = DCT + "title"
	DCTDescription = DCT + "description"
	DCTLicense     = DCT + "license"
	DCTPublisher   = DCT + "publisher"
	DCTIssued      = DCT + "issued"
	DCTModified    = DCT + "modified"
	DCTFormat      = DCT + "format"
	DCTCreator     = DCT + "creator"
	DCTCreated     = DCT + "created"
	DCTRights      = DCT + "rights"
	DCTIsPartOf    = DCT + "isPartOf"
	DCTDate        = DCT + "date"
)

// FOAF.
const (
	FOAF         = "http://xmlns.com/foaf/0.1/"
	FOAFHomepage = FOAF + "homepage"
)

// schema.org, in its http form (the form most RDF data and its JSON-LD context use).
const (
	Schema                = "http://schema.org/"
	SchemaOrganization    = Schema + "Organization"
	SchemaIdentifier      = Schema + "identifier"
	SchemaPostalAddress   = Schema + "PostalAddress"
	SchemaName            = Schema + "name"
	SchemaDescription     = Schema + "description"
	SchemaURL             = Schema + "url"
	SchemaFoundingDate    = Schema + "foundingDate"
	SchemaDatePublished   = Schema + "datePublished"
	SchemaSameAs          = Schema + "sameAs"
	SchemaAddress         = Schema + "address"
	SchemaStreetAddress   = Schema + "streetAddress"
	SchemaAddressLocality = Schema + "addressLocality"
	SchemaAddressRegion   = Schema + "addressRegion"
	SchemaPostalCode      = Schema + "postalCode"
	SchemaAddressCountry  = Schema + "addressCountry"
)

// W3C ORG and GoodRelations.
const (
	ORG    = "http://www.w3.org/ns/org#"
	GR     = "http://purl.org/goodrelations/v1#"
	GRName = GR + "name"
)

// ESSGLOBAL as the Data Commons Co-op publishes it.
const (
	ESSGlobal           = "https://lod.coop/essglobal/2.1/vocab/"
	ESSGlobalStandard   = "https://lod.coop/essglobal/2.1/standard/"
	ESSGlobalInitiative = ESSGlobal + "SSEInitiative"
	ESSGlobalAddress    = ESSGlobal + "Address"
	ESSGlobalHasAddress = ESSGlobal + "hasAddress"

	// The properties the Data Commons Co-op's pipeline writes the concepts with (declared
	// owl:DatatypeProperty by ESSGLOBAL although their values are concepts; see coop.ttl).
	ESSGlobalOrgStructure       = ESSGlobal + "organisationalStructure"
	ESSGlobalPrimarySector      = ESSGlobal + "primarySector"
	ESSGlobalEconomicSector     = ESSGlobal + "economicSector"
	ESSGlobalBaseMembershipType = ESSGlobal + "baseMembershipType"

	// The concept schemes records may take values from (record.schema.json's "essglobal").
	ESSGlobalOrgStructures      = ESSGlobalStandard + "organisational-structure/"
	ESSGlobalActivitiesICA      = ESSGlobalStandard + "activities-ica/"
	ESSGlobalActivitiesModified = ESSGlobalStandard + "activities-modified/"
	ESSGlobalMembershipTypes    = ESSGlobalStandard + "base-membership-type/"
)

// ESSGlobalStandardAliases are other bases under which the same ESSGLOBAL 2.1 concepts are
// written: the Data Commons Co-op's development server, which its standard CSV files name
// (https://dev.lod.coop/essglobal/2.1/standard/organisational-structure/OS130). The importer
// rewrites them to ESSGlobalStandard, the production base, so that one concept has one IRI in
// every export; records must use ESSGlobalStandard.
var ESSGlobalStandardAliases = []string{
	"https://dev.lod.coop/essglobal/2.1/standard/",
}

// The Registered Organization Vocabulary (W3C) and the UK Companies House register, whose
// company IRIs the Data Commons Co-op links with rov:hasRegisteredOrganization.
const (
	ROV                          = "http://www.w3.org/ns/regorg#"
	ROVHasRegisteredOrganization = ROV + "hasRegisteredOrganization"
	CompaniesHouseCompany        = "http://business.data.gov.uk/id/company/"
)

// WGS84 positions and Ordnance Survey spatial relations (the shape of the DCC's map).
const (
	Geo       = "http://www.w3.org/2003/01/geo/wgs84_pos#"
	GeoLat    = Geo + "lat"
	GeoLong   = Geo + "long"
	OSSpatial = "http://data.ordnancesurvey.co.uk/ontology/spatialrelations/"
	OSWithin  = OSSpatial + "within"
)

// SHACL, VANN, VoID, DCAT, SPDX and PROV: used by the shapes and the dataset description.
const (
	SH   = "http://www.w3.org/ns/shacl#"
	VANN = "http://purl.org/vocab/vann/"
	VOID = "http://rdfs.org/ns/void#"
	DCAT = "http://www.w3.org/ns/dcat#"
	SPDX = "http://spdx.org/rdf/terms#"
	PROV = "http://www.w3.org/ns/prov#"

	SHConforms = SH + "conforms"
)

// VoID terms of the dataset description (void.ttl).
const (
	VOIDDataset           = VOID + "Dataset"
	VOIDTriples           = VOID + "triples"
	VOIDEntities          = VOID + "entities"
	VOIDClasses           = VOID + "classes"
	VOIDProperties        = VOID + "properties"
	VOIDDistinctSubjects  = VOID + "distinctSubjects"
	VOIDClassPartition    = VOID + "classPartition"
	VOIDPropertyPartition = VOID + "propertyPartition"
	VOIDClass             = VOID + "class"
	VOIDProperty          = VOID + "property"
	VOIDVocabulary        = VOID + "vocabulary"
	VOIDExampleResource   = VOID + "exampleResource"
	VOIDURISpace          = VOID + "uriSpace"
	VOIDDataDump          = VOID + "dataDump"
	VOIDFeature           = VOID + "feature"
	VOIDSubset            = VOID + "subset"
)

// PROV terms of the datasets' provenance (void.ttl).
const (
	PROVEntity         = PROV + "Entity"
	PROVWasDerivedFrom = PROV + "wasDerivedFrom"
)

// DCAT terms of the dataset description.
const (
	DCATDataset        = DCAT + "Dataset"
	DCATDistribution   = DCAT + "Distribution"
	DCATDistributionP  = DCAT + "distribution"
	DCATMediaType      = DCAT + "mediaType"
	DCATCompressFormat = DCAT + "compressFormat"
	DCATByteSize       = DCAT + "byteSize"
	DCATDownloadURL    = DCAT + "downloadURL"
	DCATKeyword        = DCAT + "keyword"
)

// SPDX checksum terms (the ones DCAT 3 recommends for a distribution's checksum).
const (
	SPDXChecksum        = SPDX + "Checksum"
	SPDXChecksumP       = SPDX + "checksum"
	SPDXAlgorithm       = SPDX + "algorithm"
	SPDXChecksumValue   = SPDX + "checksumValue"
	SPDXAlgorithmSHA256 = SPDX + "checksumAlgorithm_sha256"
)

// FOAF agents (the dataset's publisher).
const (
	FOAFAgent = FOAF + "Agent"
	FOAFName  = FOAF + "name"
)

// W3C format IRIs (void:feature of the dumps).
const (
	Formats        = "http://www.w3.org/ns/formats/"
	FormatTurtle   = Formats + "Turtle"
	FormatNTriples = Formats + "N-Triples"
	FormatJSONLD   = Formats + "JSON-LD"
)

// IANAMediaTypes is the namespace of IANA media types as IRIs (the form DCAT's dcat:mediaType
// and dcat:compressFormat take, as in DCAT-AP).
const IANAMediaTypes = "http://www.iana.org/assignments/media-types/"

// The coopgraph ontology. These IRIs are fixed: they do not follow --base.
const (
	Coop                  = "https://w3id.org/coopgraph/ontology/"
	CoopCooperative       = Coop + "Cooperative"
	CoopPlatformCoop      = Coop + "PlatformCooperative"
	CoopCitation          = Coop + "Citation"
	CoopPlatformType      = Coop + "platformType"
	CoopStatus            = Coop + "status"
	CoopSector            = Coop + "sector"
	CoopMemberClass       = Coop + "memberClass"
	CoopRelated           = Coop + "related"
	CoopCitationProp      = Coop + "citation"
	CoopQuote             = Coop + "quote"
	CoopAccessed          = Coop + "accessed"
	CoopStatusAsOf        = Coop + "statusAsOf"
	CoopStatusSource      = Coop + "statusSource"
	CoopOrgStructure      = Coop + "organisationalStructure"
	CoopPrimaryActivity   = Coop + "primaryActivity"
	CoopMembershipType    = Coop + "membershipType"
	CoopActivity          = Coop + "activity"
	CoopSourceIdentifier  = Coop + "sourceIdentifier"
	CoopLegalForm         = Coop + "legalForm"
	CoopSICCode           = Coop + "sicCode"
	CoopSICSection        = Coop + "sicSection"
	CoopRegisterSector    = Coop + "registerSector"
	CoopOwnership         = Coop + "ownershipClassification"
	CoopPlatformTypes     = Coop + "PlatformTypeScheme"
	CoopStatuses          = Coop + "StatusScheme"
	CoopSectors           = Coop + "SectorScheme"
	CoopMemberClasses     = Coop + "MemberClassScheme"
	PlatformTypeNamespace = Coop + "platform-type/"
	StatusNamespace       = Coop + "status/"
	SectorNamespace       = Coop + "sector/"
	MemberClassNamespace  = Coop + "member-class/"
)

// DataLicense is the licence of the dumps: Creative Commons CC0 1.0 Universal.
const DataLicense = "http://creativecommons.org/publicdomain/zero/1.0/"

// DefaultBase is where coopgraph mints the IRIs of co-ops unless --base says otherwise.
const DefaultBase = "https://w3id.org/coopgraph/"

// DatasetPrefixes are the namespaces void.ttl declares: those of the dumps, then VoID, DCAT
// and SPDX.
var DatasetPrefixes = append(append([]Prefix{}, Prefixes...),
	Prefix{"dcat", DCAT},
	Prefix{"prov", PROV},
	Prefix{"spdx", SPDX},
	Prefix{"void", VOID},
)

// Prefix is a namespace and the short name the dumps give it.
type Prefix struct {
	Name string
	IRI  string
}

// Prefixes is every namespace the dumps declare, in the order they are written.
var Prefixes = []Prefix{
	{"coop", Coop},
	{"ptype", PlatformTypeNamespace},
	{"status", StatusNamespace},
	{"sector", SectorNamespace},
	{"member", MemberClassNamespace},
	{"dct", DCT},
	{"essglobal", ESSGlobal},
	{"foaf", FOAF},
	{"geo", Geo},
	{"gr", GR},
	{"org", ORG},
	{"osspatialrelations", OSSpatial},
	{"owl", OWL},
	{"rdf", RDF},
	{"rdfs", RDFS},
	{"schema", Schema},
	{"skos", SKOS},
	{"xsd", XSD},
}

// Authority is a dataset whose entity IRIs a record may give as same_as.
type Authority struct {
	Name    string
	Pattern string // the canonical form of its entity IRIs, as an anchored regular expression
	// Excluding, when set, matches IRIs of the authority that name no organisation (its
	// vocabulary terms, say), which same_as refuses although they fit Pattern.
	Excluding string
	Example   string
}

// SameAsAuthorities are the datasets same_as may point into.
//
// The .coop registry is not among them: it publishes no per-organisation IRI whose form could
// be stated with certainty here (its entries are web pages of the registry, not entity IRIs),
// and the Data Commons Co-op's own republication of it lives under lod.coop, which is listed.
var SameAsAuthorities = []Authority{
	{Name: "Wikidata", Pattern: `^http://www\.wikidata\.org/entity/Q[1-9][0-9]*$`, Example: "http://www.wikidata.org/entity/Q42"},
	{
		Name:      "the Data Commons Co-op",
		Pattern:   `^https://lod\.coop/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)+$`,
		Excluding: `^https://lod\.coop/essglobal/`,
		Example:   "https://lod.coop/coops-uk/R000001",
	},
}
