package atomicfs

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"
)

func listDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		if !d.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = string(b)
		}
		return nil
	})
	return out
}

func TestCommit(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("old a"), 0o644)
	os.WriteFile(filepath.Join(dir, "same.csv"), []byte("same"), 0o644)
	tx := New(dir)
	tx.Add("a.csv", []byte("new a"))
	tx.Add("same.csv", []byte("same"))
	tx.Add("sub/b.csv", []byte("b"))
	res, err := tx.Commit()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a.csv": "new a", "same.csv": "same", "sub/b.csv": "b"}
	if got := listDir(t, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("dir = %v, want %v", got, want)
	}
	if !reflect.DeepEqual(res.Written, []string{"a.csv", "sub/b.csv"}) || !reflect.DeepEqual(res.Unchanged, []string{"same.csv"}) {
		t.Errorf("result = %+v", res)
	}
}

// A failure at any step of any file leaves the directory exactly as before,
// with no temporary file behind.
func TestCommitFailureLeavesPreviousFiles(t *testing.T) {
	files := []string{"a.csv", "b.arrow", "c.parquet", "sub/d.json"}
	for _, step := range []string{"write", "swap"} {
		for _, failOn := range files {
			t.Run(step+" "+failOn, func(t *testing.T) {
				dir := t.TempDir()
				os.WriteFile(filepath.Join(dir, "a.csv"), []byte("old a"), 0o644)
				os.WriteFile(filepath.Join(dir, "c.parquet"), []byte("old c"), 0o644)
				before := listDir(t, dir)
				tx := New(dir)
				for _, f := range files {
					tx.Add(f, []byte("new "+f))
				}
				boom := errors.New("injected failure")
				tx.FailBefore(func(s, rel string) error {
					if s == step && rel == filepath.Clean(failOn) {
						return boom
					}
					return nil
				})
				if _, err := tx.Commit(); !errors.Is(err, boom) {
					t.Fatalf("Commit error = %v, want the injected failure", err)
				}
				after := listDir(t, dir)
				if !reflect.DeepEqual(after, before) {
					keys := func(m map[string]string) (k []string) {
						for x := range m {
							k = append(k, x)
						}
						sort.Strings(k)
						return
					}
					t.Errorf("directory changed: before %v, after %v", keys(before), keys(after))
				}
			})
		}
	}
}
