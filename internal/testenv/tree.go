package testenv

import (
	"crypto/sha256"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Datasets is the repository's committed datasets directory.
func Datasets(t testing.TB) string { return filepath.Join(Root(t), "datasets") }

// CopyDatasets copies the committed data files (not the Go loader) whose
// slash-separated relative path satisfies keep (nil: all) into a new
// temporary directory.
func CopyDatasets(t testing.TB, keep func(rel string) bool) string {
	t.Helper()
	dst := t.TempDir()
	CopyTree(t, Datasets(t), dst, func(rel string) bool {
		return !strings.HasSuffix(rel, ".go") && (keep == nil || keep(rel))
	})
	return dst
}

// CopyTree copies the files of src whose relative path satisfies keep.
func CopyTree(t testing.TB, src, dst string, keep func(rel string) bool) {
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
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// Digests maps every file below dir, by slash-separated relative path, to a
// digest of its content. Lock files (dirlock's, named *.cybernorms.lock) are
// left out: any command creates them, and they hold no data.
func Digests(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(d.Name(), ".cybernorms.lock") {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		// A link or a device is described, never read: it may be endless.
		if d.Type()&fs.ModeSymlink != 0 {
			target, _ := os.Readlink(p)
			out[filepath.ToSlash(rel)] = "link to " + target
			return nil
		}
		if !d.Type().IsRegular() {
			out[filepath.ToSlash(rel)] = "special file " + d.Type().String()
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[filepath.ToSlash(rel)] = fmt.Sprintf("%x", sha256.Sum256(b))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// DiffDigests lists, sorted, the paths that differ between two Digests.
func DiffDigests(a, b map[string]string) []string {
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
