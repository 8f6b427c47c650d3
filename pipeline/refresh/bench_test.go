package refresh

import (
	"context"
	"os/exec"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
)

// BenchmarkRefresh reads the whole supporter history of the local copy of the
// upstream (263 commits) into the snapshot, as refresh does with a local path.
func BenchmarkRefresh(b *testing.B) {
	path := testenv.Upstream(b)
	for b.Loop() {
		repo, err := upstream.OpenPath(path)
		if err != nil {
			b.Fatal(err)
		}
		if _, _, err := Snapshot(context.Background(), repo); err != nil {
			b.Fatal(err)
		}
		repo.Close()
	}
}

// BenchmarkGitLog is the floor for reading that history: git itself listing
// the changed supporter files of every commit, without reading their content.
func BenchmarkGitLog(b *testing.B) {
	path := testenv.Upstream(b)
	git := testenv.Program(b, "git")
	for b.Loop() {
		if err := exec.Command(git, "-C", path, "log", "--name-status", "--", "_supporters").Run(); err != nil {
			b.Fatal(err)
		}
	}
}
