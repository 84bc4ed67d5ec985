package cli

import (
	"os"
	"strings"
	"time"

	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/directory"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/urfave/cli/v2"
)

// DefaultData is the folder of records read when no path is given.
const DefaultData = "data/coops"

func formatFlag() *cli.StringFlag {
	return &cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "text", Usage: "how to report problems: text, json or github (Actions annotations)"}
}

func validateCommand(env *Env) *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check records against the schema and the ontology, reporting every problem",
		ArgsUsage: "[PATH…]  (record files or folders; default " + DefaultData + ")",
		Description: "Reads every record, checks it against vocab/record.schema.json and the ontology, and checks\n" +
			"what spans records (duplicate ids, unknown related ids, shared websites). Every problem is\n" +
			"reported, each as file:line:col: field: message. Exit code 0 when valid (warnings allowed),\n" +
			"1 when any record is invalid.",
		Flags: []cli.Flag{formatFlag()},
		Action: func(c *cli.Context) error {
			f, err := diag.ParseFormat(c.String("format"))
			if err != nil {
				return usage("--format: %v", err)
			}
			paths := inputs(env, c.Args().Slice())
			v, err := schema.New()
			if err != nil {
				return failure(err)
			}
			set, l := directory.Scan(paths)
			if !l.HasErrors() {
				// Validation allows the placeholders of a new record's skeleton (as warnings);
				// export, which publishes, does not.
				opt := recordOptions()
				opt.AllowPlaceholders = true
				more, _, _ := directory.Run(set, v, directory.Options{Record: opt}, nil)
				l = append(l, more...)
			}
			l = env.shown(l)
			l.Sort()
			return report(env, f, l, set.Len())
		},
	}
}

func inputs(env *Env, args []string) []string {
	if len(args) == 0 {
		args = []string{DefaultData}
	}
	out := make([]string, len(args))
	for i, a := range args {
		out[i] = env.resolve(a)
	}
	return out
}

func recordOptions() record.Options {
	return record.Options{ThisYear: time.Now().UTC().Year()}
}

// report prints diagnostics in format f and returns the error for the exit code.
func report(env *Env, f diag.Format, l diag.List, records int) error {
	w := env.Stdout
	if err := diag.Render(w, f, l, env.source); err != nil {
		return failure(err)
	}
	if l.HasErrors() {
		return invalid(errReported)
	}
	if f == diag.Text {
		if records == 1 {
			env.printf(env.Stderr, "1 record is valid\n")
		} else {
			env.printf(env.Stderr, "%d records are valid\n", records)
		}
	}
	return nil
}

// shown gives the diagnostics the file names the user typed: relative to Env.Dir for relative
// arguments (what GitHub annotations need: paths from the top of the repository).
func (e *Env) shown(l diag.List) diag.List {
	if e.Dir == "" {
		return l
	}
	prefix := e.Dir + "/"
	for i := range l {
		l[i].File = strings.TrimPrefix(l[i].File, prefix)
		// Messages name other files too ("also used by …").
		l[i].Message = strings.ReplaceAll(l[i].Message, " "+prefix, " ")
	}
	return l
}

// source reads a file named in a diagnostic, for the excerpt under it.
func (e *Env) source(file string) []byte {
	b, err := os.ReadFile(e.resolve(file))
	if err != nil {
		return nil
	}
	return b
}
