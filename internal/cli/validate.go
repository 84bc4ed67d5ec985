package cli

import (
	"fmt"
	"strings"

	"github.com/coopgraph/coopgraph/internal/dataset"
	"github.com/coopgraph/coopgraph/internal/diag"
	"github.com/coopgraph/coopgraph/internal/pipeline"
	"github.com/coopgraph/coopgraph/internal/record"
	"github.com/coopgraph/coopgraph/internal/schema"
	"github.com/coopgraph/coopgraph/internal/source"
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
		ArgsUsage: "[PATH…]  (record files or folders, dataset folders; default " + DefaultData + " and " + dataset.Root + "/*)",
		Description: "Reads every record, checks it against vocab/record.schema.json and the ontology, and checks\n" +
			"what spans records (duplicate ids, unknown related ids, shared websites). Records of the\n" +
			"directory are also held to vocab/directory.schema.json; those of an imported dataset (a folder\n" +
			"with a dataset.yaml) only to the base schema, and its dataset.yaml to vocab/dataset.schema.json.\n" +
			"Every problem is reported, each as file:line:col: field: message. Exit code 0 when valid\n" +
			"(warnings allowed), " +
			"1 when any record is invalid, 3 when a path given cannot be read.\n\n" +
			"With --changed-since REV (in a git work tree), only the records changed since REV are checked,\n" +
			"with those the change touches (the same id, a deleted related record, a shared website), and\n" +
			"ids, related ids and websites against every record; anything changed outside data/ (the\n" +
			"schemas, the program) has every record checked.",
		Flags: []cli.Flag{formatFlag(), &cli.StringFlag{
			Name:  "changed-since",
			Usage: "check only the records changed since the git revision `REV` (and those the changes touch: same id, a deleted related record, a shared website), the rules across records against all; every record when anything outside data/ changed",
		}},
		Action: func(c *cli.Context) error {
			f, err := diag.ParseFormat(c.String("format"))
			if err != nil {
				return usage("--format: %v", err)
			}
			paths, datasets := splitInputs(env, c.Args().Slice())
			var l diag.List
			n := 0
			unread := false
			var since *changes
			checked, changed := 0, 0
			if rev := c.String("changed-since"); rev != "" {
				dir := env.Dir
				if dir == "" {
					dir = "."
				}
				since, err = gitChanges(c.Context, dir, rev)
				if err != nil {
					return failure(err)
				}
				if len(since.outside) > 0 {
					more := ""
					if len(since.outside) > 3 {
						more = fmt.Sprintf(" and %d more", len(since.outside)-3)
					}
					env.printf(env.Stderr, "changed since %s outside data/: %s%s; checking every record\n", rev, strings.Join(since.outside[:min(3, len(since.outside))], ", "), more)
					since = nil
				}
			}
			check := func(p schema.Profile, paths []string) error {
				v, err := schema.NewProfile(p)
				if err != nil {
					return failure(err)
				}
				set, sl := pipeline.Scan(paths)
				defer set.Close()
				l = append(l, sl...)
				for _, d := range sl {
					// A path that is not there, or a folder that cannot be listed: the
					// records could not be checked at all, which is not the same as invalid.
					if d.Severity == diag.Error && d.Code == "unreadable" {
						unread = true
					}
				}
				if !sl.HasErrors() {
					// Validation allows the placeholders of a new record's skeleton (as warnings);
					// export, which publishes, does not.
					opt := recordOptions(env)
					opt.AllowPlaceholders = true
					popt := pipeline.Options{Record: opt}
					if since != nil {
						only, k, err := since.selectRecords(c.Context, set)
						if err != nil {
							return failure(err)
						}
						popt.Only = only
						checked += len(only)
						changed += k
					}
					more, _, err := pipeline.Run(set, v, popt, nil)
					if err != nil {
						return failure(err)
					}
					l = append(l, more...)
				}
				n += set.Len()
				return nil
			}
			if len(paths) > 0 {
				if err := check(schema.Directory, paths); err != nil {
					return err
				}
			}
			for _, d := range datasets {
				_, ml := dataset.LoadManifest(d.Dir)
				l = append(l, ml...)
				if err := check(schema.Dataset, d.Records()); err != nil {
					return err
				}
			}
			l = env.shown(l)
			l.Sort()
			if since != nil {
				err = reportChanged(env, f, l, since.rev, changed, checked, n)
			} else {
				err = report(env, f, l, n)
			}
			if unread {
				return &exitError{ExitFailure, errReported}
			}
			return err
		},
	}
}

// splitInputs resolves the paths given (by default the directory and every imported dataset)
// and sorts them into directory records and datasets.
func splitInputs(env *Env, args []string) ([]string, []dataset.Input) {
	if len(args) == 0 {
		records := inputs(env, nil)
		return records, dataset.Find(env.resolve(dataset.Root))
	}
	return dataset.Split(inputs(env, args))
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

func recordOptions(env *Env) record.Options {
	return record.Options{ThisYear: env.now().UTC().Year()}
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
			env.printf(env.Stderr, "%s are valid\n", count(records, "record"))
		}
	}
	return nil
}

// reportChanged is report for validate --changed-since.
func reportChanged(env *Env, f diag.Format, l diag.List, rev string, changed, checked, records int) error {
	if err := diag.Render(env.Stdout, f, l, env.source); err != nil {
		return failure(err)
	}
	if l.HasErrors() {
		return invalid(errReported)
	}
	if f == diag.Text {
		env.printf(env.Stderr, "%s since %s: valid (%s checked of %d; ids, related records and websites checked against all)\n",
			count(changed, "changed record"), rev, count(checked, "record"), records)
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

// source reads a file named in a diagnostic, for the excerpt under it, as records are read: a
// regular file of at most source.MaxFileSize bytes, never through a symbolic link, so that no
// excerpt quotes a file the records point at.
func (e *Env) source(file string) []byte {
	b, l := source.ReadFile(e.resolve(file))
	if l != nil {
		return nil
	}
	return b
}
