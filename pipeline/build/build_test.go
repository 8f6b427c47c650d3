package build

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/internal/testenv"
	"github.com/cybernorms/cybernorms/pipeline/refresh"
	"github.com/cybernorms/cybernorms/pipeline/schema"
	"github.com/cybernorms/cybernorms/pipeline/upstream"
)

// committed is the repository's datasets directory.
func committed(t testing.TB) string { return filepath.Join(testenv.Root(t), "datasets") }

// copyTree copies the files of src whose relative path satisfies keep.
func copyTree(t *testing.T, src, dst string, keep func(rel string) bool) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if !keep(filepath.ToSlash(rel)) {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755)
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// inputsOnly are the files a fresh build starts from, without any output.
func inputsOnly(rel string) bool {
	return strings.HasPrefix(rel, "curated/") || strings.HasPrefix(rel, "geo/") || rel == ChangelogFile
}

// tree maps every file below dir to a digest of its content.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(b))
		}
		return nil
	})
	return out
}

func diffTrees(a, b map[string]string) []string {
	var out []string
	for k, v := range a {
		if w, ok := b[k]; !ok {
			out = append(out, "only in first: "+k)
		} else if v != w {
			out = append(out, "differs: "+k)
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, "only in second: "+k)
		}
	}
	sort.Strings(out)
	return out
}

// refresh from the local copy of the upstream, then build, starting from the
// curated inputs alone, reproduces every committed file byte for byte.
func TestRefreshAndBuildReproduceCommittedFiles(t *testing.T) {
	repo, err := upstream.OpenPath(testenv.Upstream(t))
	if err != nil {
		t.Fatal(err)
	}
	defer repo.Close()
	dir := t.TempDir()
	copyTree(t, committed(t), dir, inputsOnly)
	_, files, err := refresh.Snapshot(context.Background(), repo)
	if err != nil {
		t.Fatal(err)
	}
	for rel, b := range files {
		os.MkdirAll(filepath.Dir(filepath.Join(dir, rel)), 0o755)
		if err := os.WriteFile(filepath.Join(dir, rel), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Run(Options{Dir: dir}); err != nil {
		t.Fatal(err)
	}
	want := tree(t, committed(t))
	for rel := range want {
		if strings.HasSuffix(rel, ".go") {
			delete(want, rel) // the loader's source is not a build output
		}
	}
	if d := diffTrees(tree(t, dir), want); len(d) > 0 {
		t.Errorf("refresh + build differs from the committed datasets (run refresh and build, then commit):\n%s", strings.Join(d, "\n"))
	}
}

// Building twice gives the same bytes; the second build writes nothing.
func TestBuildIsDeterministic(t *testing.T) {
	dir := t.TempDir()
	copyTree(t, committed(t), dir, func(rel string) bool { return inputsOnly(rel) || strings.HasPrefix(rel, "snapshot/") })
	first, err := Run(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Written) != 3*len(schema.Derived)+1 {
		t.Errorf("first build wrote %d files, want %d", len(first.Written), 3*len(schema.Derived)+1)
	}
	before := tree(t, dir)
	second, err := Run(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Written) != 0 {
		t.Errorf("second build rewrote %v", second.Written)
	}
	if d := diffTrees(before, tree(t, dir)); len(d) > 0 {
		t.Errorf("second build changed files: %v", d)
	}
}

// A build that fails part-way, while writing or while swapping files into
// place, or because an input is wrong, leaves the previous datasets as they were.
func TestFailedBuildLeavesDatasetsUnchanged(t *testing.T) {
	base := t.TempDir()
	copyTree(t, committed(t), base, func(rel string) bool { return !strings.HasSuffix(rel, ".go") })
	// Start from an older state of every output, so that a build has all
	// files to replace and a half-done one would show.
	outputs, _ := filepath.Glob(filepath.Join(base, "*.*"))
	for _, p := range outputs {
		if filepath.Base(p) == ChangelogFile {
			continue
		}
		b, _ := os.ReadFile(p)
		os.WriteFile(p, append(b, []byte("# stale\n")...), 0o644)
	}
	boom := errors.New("injected failure")
	cases := []struct {
		name string
		fail func(step, rel string) error
		edit func(dir string)
	}{
		{name: "write of the 10th file", fail: nth("write", 10, boom)},
		{name: "swap of the 20th file", fail: nth("swap", 20, boom)},
		{name: "swap of the last file", fail: nth("swap", 3*len(schema.Derived)+1, boom)},
		{name: "bad curated input", edit: func(dir string) {
			os.WriteFile(filepath.Join(dir, "curated/coverage.csv"), []byte("framework_id,principle_id,mark,source\nenisa,1\n"), 0o644)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			copyTree(t, base, dir, func(string) bool { return true })
			if c.edit != nil {
				c.edit(dir)
			}
			before := tree(t, dir)
			_, err := Run(Options{Dir: dir, FailBefore: c.fail})
			if err == nil {
				t.Fatal("build succeeded, want the failure")
			}
			if c.fail != nil && !errors.Is(err, boom) {
				t.Fatalf("err = %v, want the injected failure", err)
			}
			if d := diffTrees(before, tree(t, dir)); len(d) > 0 {
				t.Errorf("failed build changed the datasets:\n%s", strings.Join(d, "\n"))
			}
		})
	}
}

// nth fails the n-th call for step.
func nth(step string, n int, err error) func(string, string) error {
	count := 0
	return func(s, rel string) error {
		if s != step {
			return nil
		}
		count++
		if count == n {
			return err
		}
		return nil
	}
}
