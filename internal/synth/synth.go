// Package synth writes synthetic directory records for tests and benchmarks: realistic in shape
// (every field of the schema, several languages, addresses, coordinates, sources with quotes,
// related links between records), valid against the directory's profile, and deterministic: the
// same count and seed give the same bytes on every machine. Record i depends only on the seed
// and i, so any record (and the id of any record it links to) can be made on its own, in any
// order, by any number of workers.
//
// The records describe no real organisation: names are drawn from word lists, web addresses are
// under the reserved .example domain (RFC 2606), and each record's source says it is synthetic.
package synth

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
)

// Options say what to make.
type Options struct {
	N    int    // number of records
	Seed uint64 // the same seed gives the same records
}

// Generator makes the records of one Options.
type Generator struct {
	opt   Options
	width int // digits of the number in every id, so that ids sort as their numbers do
}

// New returns the Generator of opt.
func New(opt Options) *Generator {
	w := len(strconv.Itoa(max(opt.N-1, 0)))
	return &Generator{opt: opt, width: max(w, 3)}
}

// N returns the number of records.
func (g *Generator) N() int { return g.opt.N }

// rng returns record i's own random stream; salt separates streams of one record.
func (g *Generator) rng(i int, salt uint64) *rand.Rand {
	return rand.New(rand.NewPCG(g.opt.Seed^0x9e3779b97f4a7c15, uint64(i)<<8|salt))
}

const (
	saltName = iota + 1
	saltBody
)

// ID returns the id of record i. Ids sort in the order of i (the number is zero-padded), so the
// files come out of a directory listing in the order they were made.
func (g *Generator) ID(i int) string {
	r := g.rng(i, saltName)
	place := places[r.IntN(len(places))]
	trade := trades[r.IntN(len(trades))]
	return fmt.Sprintf("c%0*d-%s-%s", g.width, i, slug(place.locality), slug(trade.noun))
}

// name returns record i's name, from the same stream as its id.
func (g *Generator) name(i int) (string, place, trade) {
	r := g.rng(i, saltName)
	p := places[r.IntN(len(places))]
	t := trades[r.IntN(len(trades))]
	form := forms[r.IntN(len(forms))]
	return fmt.Sprintf(form, p.locality, t.title), p, t
}

// FileName returns the file name of record i.
func (g *Generator) FileName(i int) string { return g.ID(i) + ".yaml" }

// Record returns record i as a YAML document, appended to dst.
func (g *Generator) Record(dst []byte, i int) []byte {
	r := g.rng(i, saltBody)
	name, p, t := g.name(i)
	full := i == 0 // the first record has every field, so that even a tiny set covers them all
	nasty := i%17 == 5
	y := yamlWriter{b: dst}

	y.comment("Synthetic record for tests and benchmarks (coopgraph synth): it describes no real organisation.")
	y.key("id")
	y.plain(g.ID(i))
	if nasty {
		name += " " + Nasty[r.IntN(len(Nasty))]
	}
	y.key("name")
	y.str(name)
	if full || r.IntN(10) < 8 {
		y.key("type")
		y.plain(types[r.IntN(len(types))])
	}
	y.key("status")
	y.plain(statuses[weighted(r, statusWeights)])
	// The status is claimed as of its first source's date (written below with the sources).
	asOf := fmt.Sprintf("%d-%02d", 2022+r.IntN(4), 1+r.IntN(12))
	if full || r.IntN(2) == 0 {
		y.key("status_as_of")
		y.plain(asOf)
	}
	y.key("sectors")
	y.flowList(pick(r, sectors, 1+r.IntN(3), t.sector))

	y.key("description")
	y.open()
	langs := []string{"en"}
	if full {
		langs = append(langs, "de", "fr", "zh-Hant-TW")
	} else {
		for _, l := range otherLangs {
			if r.IntN(6) == 0 {
				langs = append(langs, l)
			}
		}
	}
	for k, l := range langs {
		text := describe(r, l, name, p, t)
		if nasty && k == len(langs)-1 {
			text += " " + Nasty[r.IntN(len(Nasty))]
		}
		if i%5000 == 2500 && k == 0 {
			text += " " + longText(r, 100_000)
		}
		y.key(l)
		y.str(text)
	}
	y.close()

	if full || r.IntN(10) < 7 {
		y.key("website")
		y.str("https://www." + g.ID(i) + ".example/")
	}
	if full || r.IntN(10) < 8 {
		y.key("location")
		y.open()
		if full || r.IntN(3) == 0 {
			street := strconv.Itoa(1+r.IntN(250)) + " " + streets[r.IntN(len(streets))]
			if nasty {
				street += " " + Nasty[r.IntN(len(Nasty))]
			}
			y.key("street")
			y.str(street)
		}
		y.key("locality")
		y.str(p.locality)
		if p.region != "" && (full || r.IntN(2) == 0) {
			y.key("region")
			y.str(p.region)
		}
		if full || r.IntN(3) == 0 {
			y.key("postcode")
			y.str(fmt.Sprintf("%04d", 1000+r.IntN(9000)))
		}
		y.key("country")
		y.plain(p.country)
		if full || r.IntN(3) == 0 {
			// A point near the town's centre (the record is synthetic, and so is its point).
			lat := p.lat + (r.Float64()-0.5)/20
			long := p.long + (r.Float64()-0.5)/20
			y.key("latitude")
			y.raw(strconv.FormatFloat(lat, 'f', 5, 64))
			y.key("longitude")
			y.raw(strconv.FormatFloat(long, 'f', 5, 64))
		}
		if full || r.IntN(8) == 0 {
			y.key("geo_container")
			y.str("https://geo.example/area/" + slug(p.locality))
		}
		y.close()
	}
	if full || r.IntN(2) == 0 {
		y.key("founded")
		y.raw(strconv.Itoa(1995 + r.IntN(30)))
	}
	if full || r.IntN(2) == 0 {
		y.key("members")
		y.flowList(pick(r, members, 1+r.IntN(3), ""))
	}
	if n := g.opt.N; n > 1 && (full || r.IntN(3) == 0) {
		var rel []string
		for k := 1 + r.IntN(3); k > 0; k-- {
			// Mostly neighbours (co-ops of one network sit together), sometimes anyone.
			j := i + 1 + r.IntN(5)
			if r.IntN(4) == 0 {
				j = r.IntN(n)
			}
			j %= n
			if id := g.ID(j); j != i && !contains(rel, id) {
				rel = append(rel, id)
			}
		}
		if len(rel) > 0 {
			y.key("related")
			y.blockList(rel, true)
		}
	}
	if full || r.IntN(40) == 0 {
		y.key("same_as")
		y.blockList([]string{"https://lod.coop/synthetic/" + g.ID(i)}, false)
	}
	y.key("updated")
	y.plain(fmt.Sprintf("2026-%02d-%02d", 1+r.IntN(10), 1+r.IntN(28)))
	y.key("sources")
	y.b = append(y.b, '\n')
	for k := 1 + weighted(r, sourceWeights); k > 0; k-- {
		quote := quotes[r.IntN(len(quotes))]
		quote = strings.ReplaceAll(quote, "{name}", name)
		if nasty && k == 1 {
			quote += " " + Nasty[r.IntN(len(Nasty))]
		}
		y.b = append(y.b, "  - url: "...)
		url := "https://sources.example/directory/" + strconv.Itoa(r.IntN(1000)) + "#" + g.ID(i)
		if nasty && k == 1 {
			url = NastyIRIs[r.IntN(len(NastyIRIs))]
		}
		y.b = appendQuoted(y.b, url)
		published := asOf
		if k > 1 {
			published = strconv.Itoa(2010 + r.IntN(16))
		}
		y.b = append(y.b, "\n    published: "...)
		y.b = append(y.b, published...)
		y.b = append(y.b, "\n    accessed: "...)
		y.b = append(y.b, "2026-11-30"...)
		y.b = append(y.b, "\n    quote: "...)
		y.b = appendScalar(y.b, quote, 6)
		y.b = append(y.b, '\n')
	}
	return y.b
}

func contains(l []string, s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// weighted picks an index with the given relative weights.
func weighted(r *rand.Rand, w []int) int {
	sum := 0
	for _, x := range w {
		sum += x
	}
	k := r.IntN(sum)
	for i, x := range w {
		if k < x {
			return i
		}
		k -= x
	}
	return len(w) - 1
}

// pick returns n distinct values of from (first among them first when it is one), in the
// order of from.
func pick(r *rand.Rand, from []string, n int, first string) []string {
	chosen := map[string]bool{}
	if first != "" {
		chosen[first] = true
	}
	for len(chosen) < n {
		chosen[from[r.IntN(len(from))]] = true
	}
	var out []string
	for _, s := range from {
		if chosen[s] {
			out = append(out, s)
		}
	}
	return out
}

func describe(r *rand.Rand, lang, name string, p place, t trade) string {
	tpl := descriptions[lang]
	s := tpl[r.IntN(len(tpl))]
	s = strings.ReplaceAll(s, "{name}", name)
	s = strings.ReplaceAll(s, "{place}", p.locality)
	s = strings.ReplaceAll(s, "{what}", t.what[lang])
	return s
}

func longText(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		b.WriteString(filler[r.IntN(len(filler))])
		b.WriteByte(' ')
		if r.IntN(40) == 0 {
			b.WriteString(Nasty[r.IntN(len(Nasty))])
			b.WriteByte(' ')
		}
	}
	return strings.TrimSpace(b.String())
}

// slug turns a name into id words: lower-case ASCII letters and digits joined by hyphens.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(c)
		default:
			if f, ok := fold[c]; ok {
				if dash && b.Len() > 0 {
					b.WriteByte('-')
				}
				dash = false
				b.WriteString(f)
			} else {
				dash = true
			}
		}
	}
	return b.String()
}

var fold = map[rune]string{'ä': "a", 'á': "a", 'à': "a", 'ã': "a", 'å': "a", 'é': "e", 'è': "e", 'ë': "e", 'í': "i", 'ó': "o", 'ö': "o", 'ø': "o", 'ú': "u", 'ü': "u", 'ñ': "n", 'ç': "c", 'ł': "l", 'ß': "ss", 'š': "s", 'ž': "z"}
