package build

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/internal/testenv"
)

// inputsOnly are the files a fresh build starts from, without any output.
func inputsOnly(rel string) bool {
	return strings.HasPrefix(rel, "curated/") || strings.HasPrefix(rel, "geo/") || strings.HasPrefix(rel, "reference/") || rel == ChangelogFile
}

// Building twice gives the same bytes; the second build writes nothing.
func TestBuildIsDeterministic(t *testing.T) {
	dir := testenv.CopyDatasets(t, func(rel string) bool { return inputsOnly(rel) || strings.HasPrefix(rel, "snapshot/") })
	first, err := Run(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Written) != 3*len(schema.Derived)+1 {
		t.Errorf("first build wrote %d files, want %d", len(first.Written), 3*len(schema.Derived)+1)
	}
	before := testenv.Digests(t, dir)
	second, err := Run(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if len(second.Written) != 0 {
		t.Errorf("second build rewrote %v", second.Written)
	}
	if d := testenv.DiffDigests(before, testenv.Digests(t, dir)); len(d) > 0 {
		t.Errorf("second build changed files: %v", d)
	}
}

// A build that fails part-way, while writing or while swapping files into
// place, or because an input is wrong, leaves the previous datasets as they were.
func TestFailedBuildLeavesDatasetsUnchanged(t *testing.T) {
	base := testenv.CopyDatasets(t, nil)
	// Start from an older state of every output, so that a build has all
	// files to replace and a half-done one would show.
	outputs, err := filepath.Glob(filepath.Join(base, "*.*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range outputs {
		if filepath.Base(p) == ChangelogFile {
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, append(b, []byte("# stale\n")...), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	boom := errors.New("injected failure")
	cases := []struct {
		name string
		fail func(step, rel string) error
		edit func(t *testing.T, dir string)
	}{
		{name: "write of the 10th file", fail: nth("write", 10, boom)},
		{name: "swap of the 20th file", fail: nth("swap", 20, boom)},
		{name: "swap of the last file", fail: nth("swap", 3*len(schema.Derived)+1, boom)},
		{name: "bad curated input", edit: func(t *testing.T, dir string) {
			if err := os.WriteFile(filepath.Join(dir, "curated/coverage.csv"), []byte("framework_id,principle_id,mark,source\nenisa,1\n"), 0o644); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			testenv.CopyTree(t, base, dir, func(string) bool { return true })
			if c.edit != nil {
				c.edit(t, dir)
			}
			before := testenv.Digests(t, dir)
			_, err := Run(Options{Dir: dir, FailBefore: c.fail})
			if err == nil {
				t.Fatal("build succeeded, want the failure")
			}
			if c.fail != nil && !errors.Is(err, boom) {
				t.Fatalf("err = %v, want the injected failure", err)
			}
			if d := testenv.DiffDigests(before, testenv.Digests(t, dir)); len(d) > 0 {
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
