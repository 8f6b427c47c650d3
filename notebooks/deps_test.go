package notebooks_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// heavy are modules a notebook's program must not link: each adds seconds to
// every cell's build and tens to the first, and no notebook uses them.
var heavy = []string{
	"github.com/go-git/",          // reading the upstream: refresh only
	"google.golang.org/grpc",      // Arrow Flight, through pqarrow
	"go.mongodb.org/mongo-driver", // BSON, through orb's GeoJSON
	"github.com/apache/arrow-go/", // the Arrow and Parquet codecs: build only
	"github.com/apache/thrift",    // Parquet's metadata
	"google.golang.org/protobuf",  // gRPC's messages
	"github.com/cybernorms/cybernorms/pipeline/",
	"k8s.io/klog/",          // GoNB's gonbui: its log
	"github.com/gofrs/uuid", // GoNB's gonbui: its ids, and net with them
}

var importRE = regexp.MustCompile(`"([a-z0-9.\-]+\.[a-z]+/[^"]+)"`)

// TestNotebookProgramsAreLight builds a program importing every package the
// notebooks import, as GoNB builds a cell (a go.work using this checkout),
// and reads its dependencies with go version -m.
func TestNotebookProgramsAreLight(t *testing.T) {
	testenv.Program(t, "go")
	root := testenv.Root(t)
	imports := map[string]bool{}
	for _, p := range notebooks(t) {
		for _, c := range cells(t, p) {
			src := c.Source
			if c.Kind != "code" || !strings.Contains(src, "import") {
				continue
			}
			for _, m := range importRE.FindAllStringSubmatch(src, -1) {
				imports[m[1]] = true
			}
		}
	}
	if !imports["github.com/cybernorms/cybernorms/datasets"] || !imports["github.com/cybernorms/cybernorms/charts"] {
		t.Fatalf("found the imports %v, not those of the notebooks", imports)
	}
	dir := t.TempDir()
	var src strings.Builder
	src.WriteString("package main\n\nimport (\n")
	for _, imp := range slices.Sorted(func(yield func(string) bool) {
		for k := range imports {
			if !yield(k) {
				return
			}
		}
	}) {
		src.WriteString("\t_ \"" + imp + "\"\n")
	}
	src.WriteString(")\n\nfunc main() {}\n")
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.WriteFile(filepath.Join(dir, "main.go"), []byte(src.String()), 0o644))
	must(os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module cell\n\ngo 1.26.8\n\nrequire github.com/cybernorms/cybernorms v0.0.0\n\nreplace github.com/cybernorms/cybernorms => "+root+"\n"), 0o644))
	goCmd := func(args ...string) string {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=", "GOWORK="+filepath.Join(dir, "go.work"))
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	goCmd("work", "init", ".", root)
	goCmd("build", "-o", "cell", ".")
	deps := goCmd("version", "-m", filepath.Join(dir, "cell"))
	for _, line := range strings.Split(deps, "\n") {
		f := strings.Fields(line)
		if len(f) < 2 || f[0] != "dep" {
			continue
		}
		for _, h := range heavy {
			if strings.HasPrefix(f[1]+"/", h) {
				t.Errorf("a notebook's program links %s", f[1])
			}
		}
	}
	// The module's own packages are not listed as deps: check them by name.
	for _, pkg := range strings.Fields(goCmd("list", "-deps", ".")) {
		for _, h := range heavy {
			if strings.HasPrefix(pkg, h) {
				t.Errorf("a notebook's program imports %s", pkg)
			}
		}
	}
}
