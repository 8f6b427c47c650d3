package validate

import (
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

// checker returns the command that reads datasets with DuckDB and Arrow JS.
func checker(t *testing.T, dir string) *exec.Cmd {
	t.Helper()
	node := testenv.Program(t, "node")
	readers := filepath.Join(testenv.Root(t), ".ci", "readers")
	if _, err := os.Stat(filepath.Join(readers, "node_modules", "@duckdb", "node-api")); err != nil {
		testenv.Missing(t, "independent readers not installed (npm ci --prefix .ci/readers)")
	}
	return exec.Command(node, filepath.Join(readers, "check.mjs"), dir)
}

// The Arrow and Parquet files read by implementations independent of
// arrow-go give the CSV's rows, types and cells.
func TestIndependentReaders(t *testing.T) {
	dir := filepath.Join(testenv.Root(t), "datasets")
	out, err := checker(t, dir).CombinedOutput()
	if err != nil {
		t.Fatalf("independent readers disagree: %v\n%s", err, out)
	}
	if n := strings.Count(string(out), "ok   "); n != len(schema.Derived) {
		t.Errorf("%d tables checked, want %d:\n%s", n, len(schema.Derived), out)
	}
}

// The checker itself notices a difference.
func TestIndependentReadersNoticeDifferences(t *testing.T) {
	src := filepath.Join(testenv.Root(t), "datasets")
	dir := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if rel == "coverage.csv" {
			b = []byte(strings.Replace(string(b), "enisa,5,false,X", "enisa,5,true,X", 1))
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dir, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	out, err := checker(t, dir).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "FAIL coverage.parquet: row 14 column 3 is \"false\", the CSV has \"true\"") {
		t.Errorf("tampered CSV not noticed (err %v):\n%s", err, out)
	}
}
