package cli

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
)

// BenchmarkReproduceProcess runs the whole reproduce command as a new
// process each time, as a reviewer does: start-up, loading the datasets and
// geometry, every figure and table, the report, and writing them.
func BenchmarkReproduceProcess(b *testing.B) {
	root := testenv.Root(b)
	bin := filepath.Join(b.TempDir(), "cybernorms")
	if out, err := exec.Command("go", "build", "-o", bin, filepath.Join(root, "cmd", "cybernorms")).CombinedOutput(); err != nil {
		b.Fatalf("go build: %v\n%s", err, out)
	}
	out := filepath.Join(b.TempDir(), "out")
	for b.Loop() {
		cmd := exec.Command(bin, "reproduce", "--quiet", "--data", filepath.Join(root, "datasets"), "--out", out)
		if o, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("%v\n%s", err, o)
		}
	}
}
