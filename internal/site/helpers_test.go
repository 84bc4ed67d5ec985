package site_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/coopgraph/coopgraph/internal/cli"
	"github.com/coopgraph/coopgraph/internal/mapping"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/rdf"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/testkit"
	"github.com/coopgraph/coopgraph/vocab"
	krdf "github.com/knakk/rdf"
	"golang.org/x/net/html"
)

var tmpRoot string

func TestMain(m *testing.M) {
	var err error
	tmpRoot, err = os.MkdirTemp("", "coopgraph-site-test-")
	if err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(tmpRoot)
	os.Exit(code)
}

func dataDir() string { return filepath.Join(testkit.Root(), "data", "coops") }

// runCLI runs coopgraph in-process, as its command line would, and returns the exit code and
// what it printed on standard error.
func runCLI(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var stderr bytes.Buffer
	code := cli.Run(context.Background(), append([]string{"coopgraph"}, args...), &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: &stderr})
	return code, stderr.String()
}

// exportDir runs `coopgraph export --out DIR PATH…` and fails the test unless it succeeds.
func exportDir(t *testing.T, out string, args ...string) {
	t.Helper()
	if code, stderr := runCLI(t, append([]string{"export", "--out", out}, args...)...); code != 0 {
		t.Fatalf("coopgraph export exited %d:\n%s", code, stderr)
	}
}

var (
	realOnce sync.Once
	realOut  string
)

// realExports returns the exports of data/coops, made once for all the tests of the package.
func realExports(t *testing.T) string {
	t.Helper()
	realOnce.Do(func() {
		out := filepath.Join(tmpRoot, "real", "exports")
		if code, stderr := runCLI(t, "export", "--out", out, dataDir()); code != 0 {
			t.Fatalf("coopgraph export exited %d:\n%s", code, stderr)
		}
		realOut = out
	})
	if realOut == "" {
		t.Fatal("the export of data/coops failed in an earlier test")
	}
	return realOut
}

// directoryModel is what the tests expect of the exports, computed without package site: the
// records, the mapping's triples of each, and the ontology read by knakk/rdf.
type directoryModel struct {
	ids     []string
	records map[string]*record.Record
	triples map[string][]rdf.Triple // mapping output per co-op
	labels  map[string][]rdf.Term   // skos:prefLabel of every concept of vocab/coop.ttl
	mapper  *mapping.Mapper
}

// model maps the records at inputs as the export does.
func model(t *testing.T, inputs ...string) *directoryModel {
	t.Helper()
	v, err := schema.New()
	if err != nil {
		t.Fatal(err)
	}
	m := &directoryModel{records: map[string]*record.Record{}, triples: map[string][]rdf.Triple{}, labels: map[string][]rdf.Term{}, mapper: mapping.New(vocab.DefaultBase)}
	set, sl := pipeline.Scan(inputs)
	if sl.HasErrors() {
		t.Fatal(sl)
	}
	diags, _, err := pipeline.Run(set, v, pipeline.Options{Mapper: m.mapper, Record: record.Options{ThisYear: 2100}}, func(it *pipeline.Item) error {
		if it.Record == nil {
			return fmt.Errorf("%s: invalid: %v", it.File, it.Diags)
		}
		m.ids = append(m.ids, it.Record.ID)
		m.records[it.Record.ID] = it.Record
		m.triples[it.Record.ID] = slices.Clone(it.Triples)
		return nil
	})
	if err != nil || diags.HasErrors() {
		t.Fatalf("mapping: %v %v", err, diags)
	}
	onto, err := testkit.KnakkTriples(bytes.NewReader(vocab.Ontology), krdf.Turtle)
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range onto {
		if tr.P.Value == vocab.SKOSPrefLabel {
			m.labels[tr.S.Value] = append(m.labels[tr.S.Value], tr.O)
		}
	}
	return m
}

// doc is the graph id/<id>.* must hold: the co-op's triples from the mapping, the
// skos:prefLabel of each concept they point to and the schema:name of each co-op they point to.
func (m *directoryModel) doc(t *testing.T, id string) testkit.Graph {
	t.Helper()
	g, err := testkit.FromTriples(m.triples[id])
	if err != nil {
		t.Fatal(err)
	}
	for _, tr := range m.triples[id] {
		if tr.O.Kind != rdf.IRI || tr.P.Value == vocab.RDFType {
			continue
		}
		for _, l := range m.labels[tr.O.Value] {
			g.Add(rdf.Triple{S: tr.O, P: rdf.NewIRI(vocab.SKOSPrefLabel), O: l})
		}
		for other, r := range m.records {
			if tr.O.Value == m.mapper.CoopIRI(other) {
				g.Add(rdf.Triple{S: tr.O, P: rdf.NewIRI(vocab.SchemaName), O: rdf.NewString(r.Name)})
			}
		}
	}
	return g
}

func read(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// tidy checks an HTML document with HTML Tidy: no errors and no warnings.
func tidy(t *testing.T, file string) {
	t.Helper()
	bin := testkit.Tool(t, "tidy")
	out, err := exec.Command(bin, "-q", "-e", "-utf8", "--show-warnings", "yes", file).CombinedOutput()
	if err != nil {
		t.Errorf("tidy %s: %v\n%s", file, err, out)
	}
}

// page is an HTML document parsed by golang.org/x/net/html (the HTML5 parsing algorithm).
type page struct{ root *html.Node }

func parsePage(t *testing.T, b []byte) page {
	t.Helper()
	n, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return page{n}
}

// all returns the elements named tag whose attributes include attrs (name, value pairs; an
// empty value only asks for the attribute).
func (p page) all(tag string, attrs ...string) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && (tag == "" || n.Data == tag) {
			ok := true
			for i := 0; i+1 < len(attrs); i += 2 {
				v, has := attr(n, attrs[i])
				if !has || attrs[i+1] != "" && v != attrs[i+1] {
					ok = false
				}
			}
			if ok {
				out = append(out, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(p.root)
	return out
}

func attr(n *html.Node, name string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val, true
		}
	}
	return "", false
}

func text(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

var servingLine = regexp.MustCompile(`serving .* at (http://127\.0\.0\.1:[0-9]+/)`)

// serve runs `coopgraph serve --addr 127.0.0.1:0 DIR` in-process and returns its base URL; the
// server is stopped (as by Ctrl-C) when the test ends, and must then exit 0.
func serve(t *testing.T, dir string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- cli.Run(ctx, []string{"coopgraph", "serve", "--addr", "127.0.0.1:0", dir}, &cli.Env{Stdin: strings.NewReader(""), Stdout: io.Discard, Stderr: pw})
		pw.Close()
	}()
	sc := bufio.NewScanner(pr)
	base := ""
	var said []string
	for base == "" && sc.Scan() {
		said = append(said, sc.Text())
		if m := servingLine.FindStringSubmatch(sc.Text()); m != nil {
			base = m[1]
		}
	}
	go io.Copy(io.Discard, pr)
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("coopgraph serve exited %d", code)
		}
	})
	if base == "" {
		cancel()
		t.Fatalf("coopgraph serve did not start: %s", strings.Join(said, "\n"))
	}
	return base
}
