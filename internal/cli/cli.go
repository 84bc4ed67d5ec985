// Package cli is the coopgraph command line: one file per command, flags turned into options,
// and every outcome turned into an exit code in one place (Run). Nothing here calls os.Exit, so
// tests drive the whole program in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"strings"
	"syscall"
	"time"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/urfave/cli/v2"
)

// Exit codes.
const (
	ExitOK      = 0 // success (warnings allowed)
	ExitInvalid = 1 // invalid records, stale exports, a failed check
	ExitUsage   = 2 // bad command line
	ExitFailure = 3 // the work could not be done (I/O, network, a store refused)
)

// exitError carries an exit code out of a command's action.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func invalid(err error) error { return &exitError{ExitInvalid, err} }
func failure(err error) error { return &exitError{ExitFailure, err} }
func usage(format string, args ...any) error {
	return &exitError{ExitUsage, fmt.Errorf(format, args...)}
}

// errReported marks an error whose details the command has already printed.
var errReported = errors.New("reported")

// Env is what the program gets from its surroundings; tests fill it in.
type Env struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Getenv reads environment variables (nil: os.Getenv).
	Getenv func(string) string
	// Dir is the working directory relative paths start from ("" : the process's).
	Dir string
	// Now is the clock the record checks date against: no founding year in the future, a
	// status whose evidence is more than record.StaleYears old (nil: the system's clock).
	Now func() time.Time
}

func (e *Env) now() time.Time {
	if e.Now == nil {
		return time.Now()
	}
	return e.Now()
}

func (e *Env) getenv(k string) string {
	if e.Getenv == nil {
		return os.Getenv(k)
	}
	return e.Getenv(k)
}

// Main runs the program with the process's streams and signals, and returns the exit code.
func Main(args []string) int {
	tuneGC()
	for _, d := range diagnostics {
		if p := os.Getenv(d.env); p != "" {
			end, err := startDiagnostic(p, d.start, d.stop)
			if err != nil {
				fmt.Fprintf(os.Stderr, "coopgraph: %s: %v\n", d.env, err)
				return ExitUsage
			}
			defer end()
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, args, &Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
}

// diagnostics are the files a run writes about itself when their environment variable names
// one: a CPU profile of the whole run (for `go tool pprof`) and an execution trace (for `go tool
// trace`: which goroutines ran, waited or sat in system calls, and when).
var diagnostics = []struct {
	env   string
	start func(io.Writer) error
	stop  func()
}{
	{"COOPGRAPH_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile},
	{"COOPGRAPH_TRACE", trace.Start, trace.Stop},
}

// startDiagnostic creates path and starts writing into it; the returned function ends it.
func startDiagnostic(path string, start func(io.Writer) error, stop func()) (func(), error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := start(f); err != nil {
		f.Close()
		return nil, err
	}
	return func() { stop(); f.Close() }, nil
}

// GC settings of the program (GOGC and GOMEMLIMIT, when set, win). The pipeline allocates
// quickly and keeps little: with Go's default, the collector runs whenever the heap doubles a
// small live heap, and took a third of the time of validating a million records. Collecting at
// five times the live heap, under a cap, halves that for some tens of megabytes.
const (
	gcPercent   = 400
	memoryLimit = 192 << 20
)

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
}

// Run runs coopgraph with args (args[0] is the program name) and returns the exit code.
func Run(ctx context.Context, args []string, env *Env) int {
	app := newApp(env)
	err := app.RunContext(ctx, permute(app, args))
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if !errors.Is(err, errReported) {
			fmt.Fprintf(env.Stderr, "coopgraph: %v\n", ee.err)
		}
		return ee.code
	}
	// Errors that are not ours come from flag parsing: usage errors.
	fmt.Fprintf(env.Stderr, "coopgraph: %v\nRun 'coopgraph --help' for usage.\n", err)
	return ExitUsage
}

func newApp(env *Env) *cli.App {
	app := &cli.App{
		Name:  "coopgraph",
		Usage: "publish the directory of platform co-operatives as linked data",
		Description: "coopgraph validates the co-op records in data/ against a JSON Schema and the co-op ontology,\n" +
			"maps them to RDF and writes Turtle, JSON-LD and N-Triples dumps to exports/; load puts a dump\n" +
			"into a SPARQL triple store.\n\n" +
			"Exit codes: 0 success (warnings allowed), 1 invalid records or a failed check,\n" +
			"2 usage error, 3 the work could not be done (I/O, network, a store refused).",
		Reader:          env.Stdin,
		Writer:          env.Stdout,
		ErrWriter:       env.Stderr,
		HideHelpCommand: true,
		Suggest:         true,
		ExitErrHandler:  func(*cli.Context, error) {}, // Run maps errors to exit codes
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return usage("%v", err)
		},
		Commands: []*cli.Command{
			validateCommand(env),
			newCommand(env),
			synthCommand(env),
			exportCommand(env),
			importCommand(env),
			loadCommand(env),
			diffCommand(env),
			serveCommand(env),
			versionCommand(env),
			helpCommand(),
		},
		Flags: []cli.Flag{
			&cli.BoolFlag{Name: "version", Usage: "print the version and the commit it was built from (as the version command does)"},
		},
		Action: func(c *cli.Context) error {
			if c.Bool("version") {
				return printVersion(env, c)
			}
			if c.Args().Len() > 0 {
				return usage("unknown command %q", c.Args().First())
			}
			cli.ShowAppHelp(c)
			return usage("no command given")
		},
	}
	var setUsage func([]*cli.Command)
	setUsage = func(cs []*cli.Command) {
		for _, c := range cs {
			c.OnUsageError = app.OnUsageError
			setUsage(c.Subcommands)
		}
	}
	setUsage(app.Commands)
	return app
}

// helpCommand shows the help of the program, or of a command ("coopgraph help export", "coopgraph
// help import dcc-csv"), as "coopgraph export --help" does.
func helpCommand() *cli.Command {
	return &cli.Command{
		Name:      "help",
		Usage:     "show the commands, or the help of one command",
		ArgsUsage: "[COMMAND [SUBCOMMAND]]",
		Action: func(c *cli.Context) error {
			args := c.Args().Slice()
			if len(args) == 0 {
				return cli.ShowAppHelp(c)
			}
			cmds := c.App.Commands
			for i, a := range args {
				cmd := findCommand(cmds, a)
				if cmd == nil || a == "help" {
					return usage("no command %q; the commands are %s", strings.Join(args[:i+1], " "), commandNames(cmds))
				}
				cmds = cmd.Subcommands
			}
			return c.App.RunContext(c.Context, append(append([]string{c.App.Name}, args...), "--help"))
		},
	}
}

func commandNames(cs []*cli.Command) string {
	var names []string
	for _, c := range cs {
		if c.Name != "help" {
			names = append(names, c.Name)
		}
	}
	return strings.Join(names, ", ")
}

// permute moves a command's flags before its positional arguments, so that
// "coopgraph validate data/ --format json" works (urfave/cli stops parsing flags at the first
// positional argument). "--" still ends the flags.
func permute(app *cli.App, args []string) []string {
	if len(args) < 2 {
		return args
	}
	out := []string{args[0]}
	i := 1
	for i < len(args) && strings.HasPrefix(args[i], "-") && args[i] != "--" {
		out = append(out, args[i])
		i++
	}
	if i >= len(args) {
		return out
	}
	cmd := app.Command(args[i])
	if cmd == nil {
		return append(out, args[i:]...)
	}
	out = append(out, args[i])
	// Descend into subcommands ("import dcc-csv"): their flags are the ones to move.
	for i+1 < len(args) && !strings.HasPrefix(args[i+1], "-") {
		sub := findCommand(cmd.Subcommands, args[i+1])
		if sub == nil {
			break
		}
		cmd = sub
		i++
		out = append(out, args[i])
	}
	takesValue := map[string]bool{}
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, pos []string
	rest := args[i+1:]
	for j := 0; j < len(rest); j++ {
		a := rest[j]
		if a == "--" {
			pos = append(pos, rest[j:]...)
			break
		}
		if strings.HasPrefix(a, "-") && a != "-" {
			flags = append(flags, a)
			name := strings.TrimLeft(a, "-")
			if !strings.Contains(name, "=") && takesValue[name] && j+1 < len(rest) {
				flags = append(flags, rest[j+1])
				j++
			}
			continue
		}
		pos = append(pos, a)
	}
	out = append(out, flags...)
	if len(pos) > 0 && pos[0] != "--" {
		out = append(out, "--")
	}
	return append(out, pos...)
}

func findCommand(cs []*cli.Command, name string) *cli.Command {
	for _, c := range cs {
		if c.HasName(name) {
			return c
		}
	}
	return nil
}

// count says n of a thing: "1 row", "2 rows", "0 rows" (diag.Count, short for the commands).
func count[N ~int | ~int64](n N, thing string) string { return diag.Count(n, thing) }

// resolve makes a relative path relative to env.Dir.
func (e *Env) resolve(p string) string {
	if e.Dir == "" || p == "" || strings.HasPrefix(p, "/") {
		return p
	}
	return e.Dir + "/" + p
}
