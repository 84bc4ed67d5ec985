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

// jenaProc is the one Apache Jena process of a test binary: .ci/JenaServer.java, run by
// .ci/jena.sh, answers one request at a time (parse a file, run a query, validate with SHACL),
// so a package's tests start the JVM once however many files they check. It ends when the test
// binary does (its standard input closes).
var jenaProc struct {
	once sync.Once
	mu   sync.Mutex
	err  error
	in   io.WriteCloser
	out  *bufio.Reader
	cmd  *exec.Cmd
	errb strings.Builder
}

func startJena() {
	cmd := exec.Command("sh", filepath.Join(Root(), ".ci", "jena.sh"), filepath.Join(Root(), ".ci", "JenaServer.java"))
	cmd.Stderr = &lockedWriter{w: &jenaProc.errb}
	in, err := cmd.StdinPipe()
	if err != nil {
		jenaProc.err = err
		return
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		jenaProc.err = err
		return
	}
	if err := cmd.Start(); err != nil {
		jenaProc.err = err
		return
	}
	jenaProc.cmd, jenaProc.in, jenaProc.out = cmd, in, bufio.NewReader(out)
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

// jena sends one request to the Jena process and returns its answer, or an error with Jena's
// messages.
func jena(fields ...string) ([]byte, error) {
	jenaProc.once.Do(startJena)
	if jenaProc.err != nil {
		return nil, fmt.Errorf("starting JenaServer: %w", jenaProc.err)
	}
	for i, f := range fields {
		if strings.ContainsAny(f, "\t\n\r") {
			return nil, fmt.Errorf("jena: a field with a tab or a line break cannot be sent: %q", f)
		}
		if i > 0 && !(fields[0] == "parse" && i == 1) {
			abs, err := filepath.Abs(f)
			if err != nil {
				return nil, err
			}
			fields[i] = abs
		}
	}
	jenaProc.mu.Lock()
	defer jenaProc.mu.Unlock()
	if _, err := fmt.Fprintf(jenaProc.in, "%s\n", strings.Join(fields, "\t")); err != nil {
		return nil, fmt.Errorf("jena: %w (stderr: %s)", err, jenaProc.errb.String())
	}
	head, err := jenaProc.out.ReadString('\n')
	if err != nil {
		return nil, fmt.Errorf("jena: reading its answer: %w (stderr: %s)", err, jenaProc.errb.String())
	}
	status, size, _ := strings.Cut(strings.TrimSuffix(head, "\n"), " ")
	n, err := strconv.Atoi(size)
	if err != nil || (status != "OK" && status != "FAIL") {
		return nil, fmt.Errorf("jena: unexpected answer %q", head)
	}
	body := make([]byte, n)
	if _, err := io.ReadFull(jenaProc.out, body); err != nil {
		return nil, fmt.Errorf("jena: reading its answer: %w", err)
	}
	if status == "FAIL" {
		return nil, fmt.Errorf("jena %s refuses %s:\n%s", fields[0], strings.Join(fields[1:], " "), tail(string(body)))
	}
	return body, nil
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
