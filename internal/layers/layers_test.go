package layers

import (
	"os"
	"os/exec"
	"slices"
	"strings"
	"testing"
)

const module = "github.com/coopgraph/coopgraph/"

// deps returns the module's packages that pkg depends on, directly or not (pkg included), as
// `go list -deps` gives them, without the module prefix.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", "-f", "{{.ImportPath}}", module+pkg).Output()
	if err != nil {
		if ee, ok := err.(*exec.ExitError); ok {
			t.Fatalf("go list -deps %s: %v\n%s", pkg, err, ee.Stderr)
		}
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	var ps []string
	for _, l := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if p, ok := strings.CutPrefix(l, module); ok {
			ps = append(ps, p)
		}
	}
	return ps
}

func TestImportRules(t *testing.T) {
	tests := []struct {
		pkg string
		// only, when not nil, lists every package of the module pkg may depend on.
		only []string
		// never lists packages pkg must not depend on, even indirectly.
		never []string
	}{
		// The staging of files is a leaf: it knows nothing of records, mappings or formats.
		{pkg: "internal/stage", only: []string{}},
		// The importers check each record they write through the one record path (pipeline.Path:
		// reader, schema, record checks, mapping) and write through staging: never the export,
		// its parts, its formats, the encoders or the site.
		{pkg: "internal/dcc", never: []string{"internal/export", "internal/export/part", "internal/format",
			"internal/encode", "internal/encode/turtle", "internal/site"}},
		{pkg: "internal/dataset", never: []string{"internal/export", "internal/export/part", "internal/pipeline",
			"internal/mapping", "internal/encode", "internal/encode/turtle"}},
		// The encoders know triples, not records, exports or the folder they are written to.
		{pkg: "internal/encode", never: []string{"internal/record", "internal/mapping", "internal/pipeline",
			"internal/export", "internal/export/part", "internal/stage"}},
		// The registry of formats constructs writers and parts; it is used by the export, the site
		// and the command line, never the other way round.
		{pkg: "internal/format", never: []string{"internal/export", "internal/site", "internal/cli"}},
		// The export's parts are not reached back from the pipeline that feeds them.
		{pkg: "internal/pipeline", never: []string{"internal/export", "internal/export/part", "internal/stage",
			"internal/site"}},
	}
	for _, tt := range tests {
		t.Run(tt.pkg, func(t *testing.T) {
			got := deps(t, tt.pkg)
			if !slices.Contains(got, tt.pkg) {
				t.Fatalf("go list -deps %s does not list the package itself: %v", tt.pkg, got)
			}
			for _, p := range got {
				if p == tt.pkg {
					continue
				}
				if tt.only != nil && !slices.Contains(tt.only, p) {
					t.Errorf("%s depends on %s; it may depend on %v only", tt.pkg, p, tt.only)
				}
				if slices.Contains(tt.never, p) {
					t.Errorf("%s depends on %s, which it must not", tt.pkg, p)
				}
			}
		})
	}
}

// TestCrossBuild builds packages for the systems a maintainer may work on: platform-specific
// code sits in _linux.go (or _unix.go) files beside a portable fallback.
func TestCrossBuild(t *testing.T) {
	tests := []struct {
		goos  string
		pkgs  []string
		short bool // also run under -short
	}{
		{"darwin", []string{"internal/stage"}, true},
		{"windows", []string{"internal/stage"}, true},
		{"freebsd", []string{"internal/stage"}, true},
		{"darwin", []string{"cmd/coopgraph"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.goos+"/"+strings.Join(tt.pkgs, ","), func(t *testing.T) {
			if testing.Short() && !tt.short {
				t.Skip("a cross-build of the command: not under -short")
			}
			args := []string{"build", "-o", os.DevNull}
			for _, p := range tt.pkgs {
				args = append(args, module+p)
			}
			cmd := exec.Command("go", args...)
			cmd.Env = append(os.Environ(), "GOOS="+tt.goos, "GOARCH=amd64", "CGO_ENABLED=0")
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Errorf("GOOS=%s go build %v: %v\n%s", tt.goos, tt.pkgs, err, out)
			}
		})
	}
}
