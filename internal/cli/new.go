package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/geo"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
	"github.com/urfave/cli/v2"
)

func newCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "new",
		Usage:     "write the skeleton of a new record",
		ArgsUsage: `"NAME"  (the organisation's name, quoted)`,
		Description: "Writes DIR/<id>.yaml, with the id made from the name (\"Some Co-op\" gives some-co-op), holding\n" +
			"every field of a record with a comment that explains it and its allowed values. Required\n" +
			"values are placeholders marked TODO: validate accepts them with a warning, export refuses\n" +
			"them until they are replaced. An existing record is never overwritten.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "dir", Value: DefaultData, Usage: "the `DIR` of records to write the new one to"},
			&cli.StringFlag{Name: "id", Usage: "the record's `ID` (default: made from the name)"},
			&cli.StringFlag{Name: "locality", Usage: "the `TOWN` the co-op is based in: the record is placed at its position in GeoNames"},
			&cli.StringFlag{Name: "region", Usage: "the `REGION` (name or code) that tells apart towns of one name"},
			&cli.StringFlag{Name: "country", Usage: "the `COUNTRY` as an ISO 3166-1 alpha-2 code, like CA"},
		},
		Action: func(c *cli.Context) error {
			if c.Args().Len() != 1 {
				return usage("new takes one argument, the organisation's name in quotes, like: coopgraph new \"Some Co-op\"")
			}
			name := strings.TrimSpace(c.Args().First())
			id := c.String("id")
			if id == "" {
				id = record.Slug(name)
				if id == "" {
					return usage("cannot make an id from the name %q; give one with --id", name)
				}
			} else if !record.IDPattern.MatchString(id) || len(id) > record.MaxIDLength {
				return usage("--id %q is not an id: lower-case letters and digits in words joined by single hyphens, at most %d characters", id, record.MaxIDLength)
			}
			dir := c.String("dir")
			if dir == "" {
				return usage("--dir: empty")
			}
			v, err := schema.New()
			if err != nil {
				return failure(err)
			}
			loc, err := placeFlags(c.String("locality"), c.String("region"), c.String("country"))
			if err != nil {
				return usage("%v", err)
			}
			shown := filepath.Join(dir, id+".yaml")
			data := SkeletonAt(v.Fields(), id, name, loc)
			// The skeleton must pass validation as written: check it before writing it.
			if l := checkSkeleton(v, shown, data); l.HasErrors() {
				return usage("the name %q cannot go into a record: %v", name, diagMessages(l))
			}
			return writeNew(env, env.resolve(dir), shown, id, data)
		},
	}
}

// placeFlags turns --locality, --region and --country into a location, placed at the
// locality's GeoNames position; a locality the gazetteer does not know, or knows several of, is
// refused with the candidates. It returns nil when no flag is given.
func placeFlags(locality, region, country string) (*record.Location, error) {
	locality, region, country = strings.TrimSpace(locality), strings.TrimSpace(region), strings.TrimSpace(country)
	if locality == "" && region == "" && country == "" {
		return nil, nil
	}
	if country != "" && !countryCode.MatchString(country) {
		return nil, fmt.Errorf("--country %q is not an ISO 3166-1 alpha-2 code in capitals, like CA or DE", country)
	}
	loc := &record.Location{Locality: locality, Region: region, Country: country}
	if locality == "" {
		return loc, nil
	}
	p, err := geo.Resolve(locality, region, country)
	if err != nil {
		return nil, fmt.Errorf("cannot place --locality: %w", err)
	}
	if loc.Country == "" {
		loc.Country = p.Country
	}
	loc.Latitude, loc.Longitude, loc.GeoContainer = p.Latitude, p.Longitude, p.IRI()
	return loc, nil
}

var countryCode = regexp.MustCompile(`^[A-Z]{2}$`)

func checkSkeleton(v *schema.Validator, file string, data []byte) diag.List {
	doc, l := source.Parse(file, source.YAML, data)
	if doc == nil {
		return l
	}
	_, rl := record.Check(doc, v, record.Options{AllowPlaceholders: true})
	return rl
}

func diagMessages(l diag.List) string {
	var msgs []string
	for _, d := range l {
		if d.Severity == diag.Error {
			m := d.Message
			if d.Field != "" {
				m = d.Field + ": " + m
			}
			msgs = append(msgs, m)
		}
	}
	return strings.Join(msgs, "; ")
}

// writeNew writes the skeleton to dir/<id>.yaml, refusing to replace any record of that id.
func writeNew(env *Env, dir, shown, id string, data []byte) error {
	for _, ext := range []string{".yaml", ".yml", ".json"} {
		p := filepath.Join(dir, id+ext)
		if _, err := os.Lstat(p); err == nil {
			return invalid(fmt.Errorf("%s already exists: not overwriting it (edit that record, or choose another id with --id)", filepath.Join(filepath.Dir(shown), id+ext)))
		}
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return failure(err)
	}
	p := filepath.Join(dir, id+".yaml")
	f, err := os.OpenFile(p, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return invalid(fmt.Errorf("%s already exists: not overwriting it (edit that record, or choose another id with --id)", shown))
	}
	if err != nil {
		return failure(err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(p)
		return failure(fmt.Errorf("writing %s: %w", shown, err))
	}
	fmt.Fprintln(env.Stdout, shown)
	env.printf(env.Stderr, "wrote %s: replace every TODO with facts from the sources, then run: coopgraph validate %s\n", shown, shown)
	return nil
}

// Skeleton returns the text of a new record: every field of the schema in its order, each
// under a comment that explains it (from the schema's descriptions and enumerations). Required
// fields hold placeholders marked TODO; optional fields are written commented out.
func Skeleton(fields []schema.Field, id, name string) []byte {
	return SkeletonAt(fields, id, name, nil)
}

// SkeletonAt is Skeleton with the location filled in from loc (its position, where it has one,
// being its locality's in GeoNames), or commented out like the other optional fields when loc
// is nil.
func SkeletonAt(fields []schema.Field, id, name string, loc *record.Location) []byte {
	var b strings.Builder
	b.WriteString("# " + oneLine(name) + ": a record of the directory of platform co-operatives.\n")
	b.WriteString("# Every fact comes from a page listed under \"sources\". Replace each TODO (validate warns\n")
	b.WriteString("# about them, export refuses them), uncomment the optional fields a source supports and\n")
	b.WriteString("# delete the others. Then check the record with: coopgraph validate\n")
	for _, f := range fields {
		b.WriteByte('\n')
		writeComment(&b, "", f)
		switch {
		case f.Name == "id":
			b.WriteString("id: " + yamlString(id) + "\n")
		case f.Name == "name":
			b.WriteString("name: " + yamlString(name) + "\n")
		case f.Name == "location" && loc != nil:
			writeLocation(&b, loc)
		case f.Required:
			writeValue(&b, "", f)
		default:
			var inner strings.Builder
			writeValue(&inner, "", f)
			for _, line := range strings.SplitAfter(strings.TrimSuffix(inner.String(), "\n"), "\n") {
				b.WriteString("# " + line)
			}
			b.WriteByte('\n')
		}
	}
	return []byte(b.String())
}

// writeLocation writes a location block with the values of loc.
func writeLocation(b *strings.Builder, loc *record.Location) {
	b.WriteString("location:\n")
	for _, kv := range [][2]string{{"street", loc.Street}, {"locality", loc.Locality}, {"region", loc.Region}, {"postcode", loc.Postcode}, {"country", loc.Country}} {
		if kv[1] != "" {
			b.WriteString("  " + kv[0] + ": " + yamlString(oneLine(kv[1])) + "\n")
		}
	}
	if loc.GeoContainer != "" {
		wrap(b, "  # ", "The locality's position in GeoNames, not the office's: check that "+loc.GeoContainer+" is the town the sources name.")
		b.WriteString("  latitude: " + loc.Latitude + "\n  longitude: " + loc.Longitude + "\n  geo_container: " + loc.GeoContainer + "\n")
	}
}

// writeComment explains a field: what it is, whether it is required, its allowed values.
func writeComment(b *strings.Builder, indent string, f schema.Field) {
	need := "optional"
	if f.Required {
		need = "required"
	}
	text := fmt.Sprintf("%s (%s): %s.", f.Name, need, strings.TrimSuffix(f.Description, "."))
	switch {
	case len(f.Enum) > 0 && f.Type == "array":
		text += " Values from: " + strings.Join(f.Enum, ", ") + "."
	case len(f.Enum) > 0:
		text += " One of: " + strings.Join(f.Enum, ", ") + "."
	}
	wrap(b, indent+"# ", text)
}

// writeValue writes a field with a placeholder value.
func writeValue(b *strings.Builder, indent string, f schema.Field) {
	key := indent + f.Name + ":"
	switch {
	case len(f.Enum) > 0 && f.Type == "array":
		b.WriteString(key + " [" + f.Enum[0] + "] # TODO: choose from the values above\n")
	case len(f.Enum) > 0:
		b.WriteString(key + " " + f.Enum[0] + " # TODO: choose one of the values above\n")
	case f.Type == "array" && f.ItemType == "object":
		b.WriteString(key + "\n")
		for i, sub := range f.Fields {
			lead, note := indent+"    ", indent+"    # "
			if i == 0 {
				lead, note = indent+"  - ", indent+"  # "
			}
			wrap(b, note, sub.Name+": "+strings.TrimSuffix(sub.Description, ".")+".")
			if !sub.Required && i > 0 {
				// Optional: commented out, like the optional fields of the record.
				b.WriteString(indent + "#" + strings.Repeat(" ", len(lead)-len(indent)-1) + sub.Name + ": " + placeholder(sub) + "\n")
				continue
			}
			b.WriteString(lead + sub.Name + ": " + placeholder(sub) + "\n")
		}
	case f.Type == "array":
		b.WriteString(key + " []\n")
	case f.Type == "object" && len(f.Fields) > 0:
		b.WriteString(key + "\n")
		for _, sub := range f.Fields {
			wrap(b, indent+"  # ", sub.Name+": "+strings.TrimSuffix(sub.Description, ".")+".")
			b.WriteString(indent + "  " + sub.Name + ": " + placeholder(sub) + "\n")
		}
	case f.Type == "object":
		// A text per language.
		b.WriteString(key + "\n" + indent + "  en: " + placeholder(f) + "\n")
	default:
		b.WriteString(key + " " + placeholder(f) + "\n")
	}
}

func placeholder(f schema.Field) string {
	switch {
	case f.Def == "webIRI":
		return "https://example.org/TODO"
	case f.Type == "integer" || f.Type == "number":
		return "0 # TODO"
	}
	q, _ := json.Marshal("TODO: " + strings.TrimSuffix(f.Description, "."))
	return string(q)
}

// wrap writes text as comment lines of at most about 100 characters.
func wrap(b *strings.Builder, prefix, text string) {
	line := prefix
	for _, w := range strings.Fields(text) {
		if len(line) > len(prefix) && len(line)+1+len(w) > 100 {
			b.WriteString(line + "\n")
			line = prefix + "  "
		} else if len(line) > len(prefix) && !strings.HasSuffix(line, "  ") {
			line += " "
		}
		line += w
	}
	b.WriteString(line + "\n")
}

// yamlString writes s as a YAML scalar: as it is when YAML reads it back unchanged, else as a
// double-quoted string (JSON's escaping, which YAML shares).
func yamlString(s string) string {
	if doc, l := source.Parse("v.yaml", source.YAML, []byte("v: "+s+"\n")); len(l) == 0 && doc.Root.Get("v").Value == s && !strings.ContainsAny(s, "#\n") {
		return s
	}
	q, _ := json.Marshal(s)
	return string(q)
}

func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || r == 0x2028 || r == 0x2029 || r == 0x85 {
			return ' '
		}
		return r
	}, s)
}
