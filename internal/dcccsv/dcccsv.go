// Package dcccsv writes records in the Data Commons Co-op's "standard CSV", the file its pipeline
// takes from every source: one organisation per row, every column of the standard in its order
// (dcc.Columns), ESSGLOBAL concepts as IRIs on the production base. Importing the file with
// package dcc gives back the same records (for records an import wrote; a directory record's
// platform type, status, sectors, members, founding year, related co-ops and quotes have no
// column, and are not written).
//
// A record's own coordinates go to Latitude/Longitude; when the record names a geo container,
// they go to Geo Container Latitude/Longitude instead (the importer keeps a container's centre
// as the record's position when the row has none of its own, as the Co-operatives UK files do).
package dcccsv

import (
	"encoding/csv"
	"io"
	"strings"

	"github.com/coopgraph/coopgraph/internal/dcc"
	"github.com/coopgraph/coopgraph/internal/record"
)

// Writer writes rows. Like encoding/csv's Writer it buffers; Close flushes and returns the first
// error.
type Writer struct {
	cw     *csv.Writer
	lang   string
	col    map[string]int
	row    []string
	err    error
	header bool
}

// NewWriter returns a Writer to w; descriptions are taken in lang ("" means "en"; a record
// without one takes its first language).
func NewWriter(w io.Writer, lang string) *Writer {
	if lang == "" {
		lang = "en"
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // as the standard's files are written
	col := make(map[string]int, len(dcc.Columns))
	for i, c := range dcc.Columns {
		col[c] = i
	}
	return &Writer{cw: cw, lang: lang, col: col, row: make([]string, len(dcc.Columns))}
}

// Write writes r as one row (the header first, before the first row).
func (w *Writer) Write(r *record.Record) error {
	if w.err != nil {
		return w.err
	}
	if !w.header {
		w.header = true
		if w.err = w.cw.Write(dcc.Columns); w.err != nil {
			return w.err
		}
	}
	clear(w.row)
	set := func(c, v string) { w.row[w.col[c]] = v }
	ident := r.Identifier
	if ident == "" {
		ident = r.ID
	}
	set(dcc.ColIdentifier, ident)
	set(dcc.ColName, r.Name)
	set(dcc.ColDescription, description(r, w.lang))
	set(dcc.ColOrgStructure, r.ESSGlobal.OrgStructure)
	set(dcc.ColPrimaryActivity, r.ESSGlobal.PrimaryActivity)
	set(dcc.ColActivities, strings.Join(r.ESSGlobal.Activities, ";"))
	set(dcc.ColMembershipType, r.ESSGlobal.MembershipType)
	set(dcc.ColWebsite, r.Website)
	if l := r.Location; l != nil {
		set(dcc.ColStreet, l.Street)
		set(dcc.ColLocality, l.Locality)
		set(dcc.ColRegion, l.Region)
		set(dcc.ColPostcode, l.Postcode)
		set(dcc.ColCountry, l.Country)
		set(dcc.ColGeoContainer, l.GeoContainer)
		if l.GeoContainer != "" {
			set(dcc.ColGeoLatitude, l.Latitude)
			set(dcc.ColGeoLongitude, l.Longitude)
		} else {
			set(dcc.ColLatitude, l.Latitude)
			set(dcc.ColLongitude, l.Longitude)
		}
	}
	g := r.Registration
	set(dcc.ColCompaniesHouse, g.CompaniesHouse)
	set(dcc.ColSector, g.Sector)
	set(dcc.ColSICSection, g.SICSection)
	set(dcc.ColSICCode, g.SICCode)
	set(dcc.ColOwnership, g.Ownership)
	set(dcc.ColLegalForm, g.LegalForm)
	w.err = w.cw.Write(w.row)
	return w.err
}

// description is r's description in lang, else in its first language, else "".
func description(r *record.Record, lang string) string {
	for _, d := range r.Description {
		if d.Lang == lang {
			return d.Value
		}
	}
	if len(r.Description) > 0 {
		return r.Description[0].Value
	}
	return ""
}

// Close writes the header if no row was written, flushes, and returns the first error.
func (w *Writer) Close() error {
	if w.err == nil && !w.header {
		w.header = true
		w.err = w.cw.Write(dcc.Columns)
	}
	w.cw.Flush()
	if w.err == nil {
		w.err = w.cw.Error()
	}
	return w.err
}
