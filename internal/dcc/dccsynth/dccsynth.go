// Package dccsynth writes synthetic files in the Data Commons Co-op's standard CSV for tests and
// benchmarks of the importer: every column of the standard, realistic values (multi-line
// streets, ESSGLOBAL concept IRIs on the development base, shared websites, empty cells,
// coordinates including whole numbers and negative zero), and deterministic: the same count and
// seed give the same bytes. The rows describe no real organisation: names come from word lists
// and web addresses are under the reserved .example domain (RFC 2606).
package dccsynth

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"strconv"
)

// Header is the standard's header row, in its own order.
var Header = []string{
	"Identifier", "Name", "Description", "Organisational Structure", "Primary Activity", "Activities",
	"Street Address", "Locality", "Region", "Postcode", "Country ID", "Territory ID", "Website", "Phone",
	"Email", "Twitter", "Facebook", "Companies House Number", "Qualifiers", "Membership Type", "Latitude",
	"Longitude", "Geo Container", "Geo Container Latitude", "Geo Container Longitude", "Sector",
	"SIC Section", "SIC Code", "Ownership Classification", "Legal Form",
}

var (
	towns   = []string{"Exampleton", "Sampleford", "Testbury", "Mockley", "Demoville", "Specimen Bay", "Placeholder Cross", "Lorem Heath"}
	regions = []string{"Northshire", "Westmoor", "Eastvale", "Southdown"}
	trades  = []string{"Bakery", "Housing", "Energy", "Print", "Farm", "Bookshop", "Brewery", "Cycle", "Cleaning", "Care"}
	kinds   = []string{"Co-operative", "Co-op", "Co-operative Limited", "Community Society"}
	sectors = []struct{ sector, section, code string }{
		{"Retail", "Wholesale and Retail; Vehicle Repair", "47110"},
		{"Housing", "Real Estate", "68201"},
		{"Agriculture", "Agriculture, Forestry and Fishing", "01000"},
		{"Sports and Recreation", "Arts, Entertainment and Recreation", "93120"},
		{"Energy", "Electricity, Gas and Air Conditioning", "35110"},
	}
	forms     = []string{"Society", "Company", "Unincorporated", "Community Interest Company"}
	ownership = []string{"Consumers", "Workers", "Multi-stakeholder", "Community of Interest", "Tenants"}
)

const dev = "https://dev.lod.coop/essglobal/2.1/standard/"

// Write writes a header and n rows made from seed.
func Write(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(Header); err != nil {
		return err
	}
	row := make([]string, len(Header))
	for i := range n {
		Row(row, i, seed)
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// Row fills row (len(Header) cells) with row i of seed.
func Row(row []string, i int, seed uint64) {
	r := rand.New(rand.NewPCG(seed, uint64(i)))
	clear(row)
	town := towns[r.IntN(len(towns))]
	trade := trades[r.IntN(len(trades))]
	s := sectors[r.IntN(len(sectors))]
	row[0] = fmt.Sprintf("S%07d", i+1)
	row[1] = fmt.Sprintf("%s %s %s", town, trade, kinds[r.IntN(len(kinds))])
	if r.IntN(3) == 0 {
		row[2] = fmt.Sprintf("A %s co-operative in %s, owned by its members.\nFounded by neighbours.", trade, town)
	}
	row[3] = dev + "organisational-structure/OS" + strconv.Itoa(10*(6+r.IntN(8)))
	row[4] = dev + "activities-ica/ICA" + strconv.Itoa(10*(1+r.IntN(30)))
	if r.IntN(4) == 0 {
		row[5] = dev + "activities-ica/ICA" + strconv.Itoa(10*(1+r.IntN(30))) + ";" + dev + "activities-modified/AM" + strconv.Itoa(10*(1+r.IntN(10)))
	}
	row[6] = fmt.Sprintf("%d %s Street", 1+r.IntN(200), trade)
	if r.IntN(3) == 0 {
		row[6] = "Unit " + strconv.Itoa(1+r.IntN(9)) + "\n" + row[6]
	}
	row[7] = town
	row[8] = regions[r.IntN(len(regions))]
	pc := fmt.Sprintf("EX%d %dAA", 1+r.IntN(30), r.IntN(10))
	row[9] = pc
	row[10] = "GB"
	if r.IntN(10) < 7 {
		// One in four shares a website with other rows (branches of one organisation).
		if r.IntN(4) == 0 {
			row[12] = fmt.Sprintf("https://%s-group.example", slug(trade))
		} else {
			row[12] = fmt.Sprintf("https://s%07d.example/", i+1)
		}
	}
	if r.IntN(8) == 0 {
		row[17] = fmt.Sprintf("%08d", r.IntN(10000000))
	}
	row[19] = dev + "base-membership-type/BMT" + strconv.Itoa(10*(1+r.IntN(5)))
	switch r.IntN(20) {
	case 0:
		row[20], row[21] = "52", "0" // whole numbers
	case 1:
		row[20], row[21] = "51.4769", "-0.0" // negative zero
	case 2:
		row[20], row[21] = fmt.Sprintf("%.6f", 50+r.Float64()*8), fmt.Sprintf("%.6f", -6+r.Float64()*8)
	}
	if r.IntN(10) < 9 {
		row[22] = "http://data.ordnancesurvey.co.uk/id/postcodeunit/" + nospace(pc)
		row[23] = fmt.Sprintf("%.6f", 50+r.Float64()*8)
		row[24] = fmt.Sprintf("%.6f", -6+r.Float64()*8)
	}
	row[25], row[26], row[27] = s.sector, s.section, s.code
	row[28] = ownership[r.IntN(len(ownership))]
	row[29] = forms[r.IntN(len(forms))]
}

func slug(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

func nospace(s string) string {
	b := make([]byte, 0, len(s))
	for i := range len(s) {
		if s[i] != ' ' {
			b = append(b, s[i])
		}
	}
	return string(b)
}
