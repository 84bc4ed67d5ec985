package record

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/iri"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
)

// MaxDiagnostics is the most diagnostics reported for one file: a hostile file could
// otherwise ask for one per each of its thousands of keys.
const MaxDiagnostics = 100

// IDPattern is the form of a record id (and so of a record's file name); it is the schema's
// pattern for "id", which a test keeps equal.
var IDPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// MaxIDLength is the schema's maxLength of an id.
const MaxIDLength = 80

// Check validates a parsed record against the schema and against the rules the schema cannot
// express (see From), and returns every problem found, sorted. A value the schema refuses is
// reported once, by the schema. The Record is returned only when there is no error.
func Check(doc *source.Document, v *schema.Validator, opt Options) (*Record, diag.List) {
	sl := v.Validate(doc)
	rec, rl := From(doc, opt)
	if len(sl) == 0 && len(rl) == 0 {
		return &rec, nil // most records: nothing to merge
	}
	type at struct {
		line, col int
		field     string
	}
	taken := map[at]bool{}
	for i, d := range sl {
		taken[at{d.Pos.Line, d.Pos.Col, d.Field}] = true
		if d.Code == "pattern" && (d.Field == "id" || strings.HasPrefix(d.Field, "related[")) {
			if n := doc.Node(fieldPath(d.Field)); n != nil {
				if s, ok := n.Value.(string); ok {
					if slug := Slug(s); slug != "" && slug != s && len(slug) <= MaxIDLength {
						sl[i].Message += fmt.Sprintf("; did you mean %q?", slug)
					}
				}
			}
		}
	}
	// The language check says more about a bad language key than the schema's pattern does.
	for _, d := range rl {
		if d.Code == "language" {
			sl = slices.DeleteFunc(sl, func(s diag.Diagnostic) bool {
				return s.Code == "key" && s.Pos == d.Pos && s.Field == d.Field
			})
			delete(taken, at{d.Pos.Line, d.Pos.Col, d.Field})
		}
	}
	l := sl
	for _, d := range rl {
		if d.Severity == diag.Error && taken[at{d.Pos.Line, d.Pos.Col, d.Field}] {
			continue
		}
		l = append(l, d)
	}
	// A placeholder warning adds nothing to an error on the same value.
	for _, d := range l {
		if d.Severity == diag.Error {
			taken[at{d.Pos.Line, d.Pos.Col, d.Field}] = true
		}
	}
	l = slices.DeleteFunc(l, func(d diag.Diagnostic) bool {
		return d.Code == "placeholder" && d.Severity == diag.Warning && taken[at{d.Pos.Line, d.Pos.Col, d.Field}]
	})
	l.Sort()
	if len(l) > MaxDiagnostics {
		more := len(l) - (MaxDiagnostics - 1)
		l = append(l[:MaxDiagnostics-1:MaxDiagnostics-1], diag.Diagnostic{
			Severity: diag.Error, File: doc.File, Code: "too-many",
			Message: fmt.Sprintf("%d more problems in this file are not shown", more),
		})
	}
	if l.HasErrors() {
		return nil, l
	}
	return &rec, l
}

// fieldPath turns a displayed field ("related[2]") back into a path ("related.2").
func fieldPath(field string) string {
	return strings.NewReplacer("[", ".", "]", "").Replace(field)
}

// checkFileName reports a file name that cannot be a record id, and says what to rename the
// file to when the record's own id is fine. It reports whether the name is good.
func checkFileName(doc *source.Document, id string, l *diag.List) bool {
	if schema.IsSlug(doc.Name) && len(doc.Name) <= MaxIDLength {
		return true
	}
	base := doc.File
	if i := strings.LastIndexByte(base, '/'); i >= 0 {
		base = base[i+1:]
	}
	msg := fmt.Sprintf("file name %s cannot be a record id: a record file is named after its id, which is lower-case letters and digits in words joined by single hyphens (at most %d characters), like stocksy-united.yaml", strconv.Quote(base), MaxIDLength)
	if schema.IsSlug(id) && len(id) <= MaxIDLength {
		msg += "; rename the file to " + id + ext(base)
	}
	l.Errorf(doc.File, diag.Position{}, "", "file-name", "%s", msg)
	return false
}

func ext(base string) string {
	if i := strings.LastIndexByte(base, '.'); i >= 0 {
		return strings.ToLower(base[i:])
	}
	return ".yaml"
}

// Placeholders are values "coopgraph new" leaves for the maintainer to replace: text that
// starts with "TODO", web addresses with "TODO" in them, and values marked with a "# TODO"
// comment.
func checkPlaceholders(doc *source.Document, opt Options, l *diag.List) {
	sev, tail := diag.Error, ""
	if opt.AllowPlaceholders {
		sev, tail = diag.Warning, "; export refuses records with placeholders"
	}
	// The path of the value is kept as segments and joined only for a diagnostic: every value
	// of every record is visited.
	var segs []string
	var walk func(n *source.Node)
	walk = func(n *source.Node) {
		msg := ""
		s, isText := n.Value.(string)
		switch {
		case isText && strings.HasPrefix(strings.TrimSpace(s), "TODO"):
			msg = fmt.Sprintf("placeholder text %s: write the real value", show(s))
		case isText && strings.Contains(s, "TODO") && webField(segs):
			msg = fmt.Sprintf("%s is a placeholder: give the real address", strconv.Quote(s))
		case strings.Contains(n.Comment, "TODO"):
			msg = "marked \"# TODO\": check the value against the sources, then delete the comment"
		}
		if msg != "" {
			l.Add(diag.Diagnostic{Severity: sev, File: doc.File, Pos: n.Pos, Field: source.DisplayPath(strings.Join(segs, ".")), Code: "placeholder", Message: msg + tail})
		}
		for i, it := range n.Items {
			seg := ""
			if n.Kind == source.Map {
				seg = n.Keys[i]
			} else {
				seg = strconv.Itoa(i)
			}
			segs = append(segs, seg)
			walk(it)
			segs = segs[:len(segs)-1]
		}
	}
	walk(doc.Root)
}

// webField reports the fields that hold web addresses, by the segments of their path.
func webField(segs []string) bool {
	switch len(segs) {
	case 1:
		return segs[0] == "website"
	case 2:
		return segs[0] == "location" && segs[1] == "geo_container"
	case 3:
		return segs[0] == "sources" && segs[2] == "url"
	}
	return false
}

func show(s string) string {
	if r := []rune(s); len(r) > 60 {
		s = string(r[:57]) + "…"
	}
	return strconv.Quote(s)
}

// webProblem explains why s is not a usable web address.
func webProblem(s string, err error) string {
	msg := fmt.Sprintf("%s is not a usable web address: %v", strconv.Quote(s), err)
	if errors.Is(err, iri.ErrRelative) && !strings.ContainsAny(s, " /:") && strings.Contains(s, ".") {
		msg += fmt.Sprintf("; did you mean %q?", "https://"+s)
	} else if errors.Is(err, iri.ErrRelative) {
		msg += "; write the whole address, starting with https://"
	}
	return msg
}
