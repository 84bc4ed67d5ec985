package testkit

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// server is a program a test binary starts once and asks many times: one request a line on its
// standard input (fields separated by tabs), each answered with "OK N" or "FAIL N" and N bytes.
// It ends when the test binary does (its standard input closes).
type server struct {
	name string
	cmd  func() *exec.Cmd
	once sync.Once
	mu   sync.Mutex
	err  error
	in   io.WriteCloser
	out  *bufio.Reader
	errb strings.Builder
}

func (s *server) start() {
	cmd := s.cmd()
	cmd.Stderr = &lockedWriter{w: &s.errb}
	in, err := cmd.StdinPipe()
	if err != nil {
		s.err = err
		return
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		s.err = err
		return
	}
	if err := cmd.Start(); err != nil {
		s.err = err
		return
	}
	s.in, s.out = in, bufio.NewReader(out)
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// ask sends one request and returns the answer, or an error with the program's messages.
func (s *server) ask(fields ...string) ([]byte, error) {
	s.once.Do(s.start)
	if s.err != nil {
		return nil, fmt.Errorf("starting %s: %w", s.name, s.err)
	}
	for _, f := range fields {
		if strings.ContainsAny(f, "\t\n\r") {
			return nil, fmt.Errorf("%s: a field with a tab or a line break cannot be sent: %q", s.name, f)
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := fmt.Fprintf(s.in, "%s\n", strings.Join(fields, "\t")); err != nil {
		return nil, fmt.Errorf("%s: %w (stderr: %s)", s.name, err, s.errb.String())
	}
	head, err := s.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("%s: reading its answer: %w (stderr: %s)", s.name, err, s.errb.String())
	}
	status, size, _ := strings.Cut(strings.TrimSuffix(head, "\n"), " ")
	n, err := strconv.Atoi(size)
	if err != nil || (status != "OK" && status != "FAIL") {
		return nil, fmt.Errorf("%s: unexpected answer %q", s.name, head)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(s.out, body); err != nil {
		return nil, fmt.Errorf("%s: reading its answer: %w", s.name, err)
	}
	if status == "FAIL" {
		return nil, fmt.Errorf("%s refuses %s:\n%s", s.name, strings.Join(fields, " "), tail(string(body)))
	}
	return body, nil
}

// jenaServer is the one Apache Jena process of a test binary: .ci/JenaServer.java, run by
// .ci/jena.sh, parses a file, runs a query or validates with SHACL on request, so a package's
// tests start the JVM once however many files they check.
var jenaServer = &server{name: "Apache Jena", cmd: func() *exec.Cmd {
	return exec.Command("sh", filepath.Join(Root(), ".ci", "jena.sh"), filepath.Join(Root(), ".ci", "JenaServer.java"))
}}

// nodeServer is the one Node.js process of a test binary: .ci/node/rdf2nt.mjs --serve parses
// a file with jsonld.js or N3.js on request.
var nodeServer = &server{name: "jsonld.js/N3.js", cmd: func() *exec.Cmd {
	return exec.Command("node", filepath.Join(Root(), ".ci", "node", "rdf2nt.mjs"), "--serve")
}}

// jena asks the Jena process: a command, then its fields; every field but a parse's syntax is
// a file, sent as an absolute path.
func jena(fields ...string) ([]byte, error) {
	for i, f := range fields {
		if i > 0 && !(fields[0] == "parse" && i == 1) {
			abs, err := filepath.Abs(f)
			if err != nil {
				return nil, err
			}
			fields[i] = abs
		}
	}
	return jenaServer.ask(fields...)
}

// needJena skips (or fails, under COOPGRAPH_REQUIRE_TOOLS=1) a test when Jena or Java is absent.
func needJena(t testing.TB, jar string) {
	t.Helper()
	External(t, "Apache Jena")
	if _, err := os.Stat("/usr/share/java/" + jar); err != nil {
		Missing(t, "Apache Jena (libapache-jena-java) is not installed")
	}
	Tool(t, "java")
}

var riotSyntax = map[string]string{".ttl": "turtle", ".nt": "ntriples", ".nq": "nquads", ".jsonld": "jsonld10"}

// Riot parses file with Apache Jena's RIOT in strict mode (JSON-LD as JSON-LD 1.0, which
// Debian's Jena reads), in the test binary's one Jena process.
func Riot(t testing.TB, file string) Graph {
	t.Helper()
	syntax := riotSyntax[filepath.Ext(file)]
	if syntax == "" || syntax == "nquads" {
		t.Fatalf("riot: no triples syntax for %s", file)
	}
	return mustNT(t, "riot", RiotRaw(t, file))
}

// RiotRaw parses file with Apache Jena's RIOT in strict mode, in the syntax its extension names,
// and returns what it writes: N-Triples, or N-Quads for a .nq file.
func RiotRaw(t testing.TB, file string) []byte {
	t.Helper()
	needJena(t, "jena-arq.jar")
	syntax := riotSyntax[filepath.Ext(file)]
	if syntax == "" {
		t.Fatalf("riot: no syntax for %s", file)
	}
	out, err := jena("parse", syntax, file)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return out
}

// ARQ runs the SPARQL SELECT query in queryFile with Apache Jena ARQ over the data files (loaded
// into the default graph) and returns the answer as TSV, as `arq.sparql --results=TSV` gives it.
func ARQ(t testing.TB, queryFile string, data ...string) []byte {
	t.Helper()
	needJena(t, "jena-arq.jar")
	out, err := jena(append([]string{"sparql", queryFile}, data...)...)
	if err != nil {
		t.Fatalf("%v", err)
	}
	return out
}
