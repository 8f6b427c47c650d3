package atomicfs

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
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

// A process killed at any point of the swaps leaves a journal; the next
// commit first puts every previous file back, then writes its own.
func TestKilledCommitIsRolledBack(t *testing.T) {
	files := []string{"a.csv", "b.arrow", "c.parquet", "sub/d.json"}
	var points [][2]string
	for _, f := range files {
		points = append(points, [2]string{"swap", filepath.Clean(f)})
	}
	points = append(points, [2]string{"commit", "."})
	for _, p := range points {
		t.Run(p[0]+" "+p[1], func(t *testing.T) {
			dir := t.TempDir()
			os.WriteFile(filepath.Join(dir, "a.csv"), []byte("old a"), 0o644)
			os.WriteFile(filepath.Join(dir, "c.parquet"), []byte("old c"), 0o644)
			before := listDir(t, dir)
			tx := New(dir)
			for _, f := range files {
				tx.Add(f, []byte("new "+f))
			}
			tx.FailBefore(func(step, rel string) error {
				if step == p[0] && rel == p[1] {
					return errCrash
				}
				return nil
			})
			if _, err := tx.Commit(); !errors.Is(err, errCrash) {
				t.Fatalf("Commit error = %v, want the simulated crash", err)
			}
			if _, err := os.Stat(filepath.Join(dir, JournalFile)); err != nil {
				t.Fatalf("no journal after a crash: %v", err)
			}
			if err := Recover(dir); err != nil {
				t.Fatal(err)
			}
			if after := listDir(t, dir); !reflect.DeepEqual(after, before) {
				t.Errorf("after recovery:\n%q\nwant\n%q", after, before)
			}

			// Crash again at the same point, then let a fresh commit recover.
			tx.FailBefore(func(step, rel string) error {
				if step == p[0] && rel == p[1] {
					return errCrash
				}
				return nil
			})
			tx.Commit()
			tx2 := New(dir)
			tx2.Add("a.csv", []byte("newer a"))
			if _, err := tx2.Commit(); err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"a.csv": "newer a", "c.parquet": "old c"}
			if got := listDir(t, dir); !reflect.DeepEqual(got, want) {
				t.Errorf("after the next commit:\n%q\nwant\n%q", got, want)
			}
		})
	}
}

func TestCommitRemovesStaleTemporaryFiles(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.csv"), []byte("a"), 0o644)
	os.WriteFile(filepath.Join(dir, ".a.csv.tmp-123"), []byte("half"), 0o644)
	os.WriteFile(filepath.Join(dir, ".a.csv.tmp-456.old"), []byte("a"), 0o644)
	os.WriteFile(filepath.Join(dir, ".other.tmp-1"), []byte("not ours"), 0o644)
	tx := New(dir)
	tx.Add("a.csv", []byte("a"))
	if _, err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"a.csv": "a", ".other.tmp-1": "not ours"}
	if got := listDir(t, dir); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestChanged(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "same"), []byte("x"), 0o644)
	os.WriteFile(filepath.Join(dir, "diff"), []byte("x"), 0o644)
	tx := New(dir)
	tx.Add("same", []byte("x"))
	tx.Add("diff", []byte("y"))
	tx.Add("new/file", []byte("z"))
	if got, want := tx.Changed(), []string{"diff", "new/file"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Changed = %q, want %q", got, want)
	}
	if got := listDir(t, dir); len(got) != 2 {
		t.Errorf("Changed wrote files: %q", got)
	}
}

func TestRecoverRejectsPathsOutsideTheRoot(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, JournalFile), []byte(`[{"rel":"../x","tmp":".x.tmp-1"}]`), 0o644)
	err := Recover(dir)
	if err == nil || !strings.Contains(err.Error(), `names "../x", outside the directory`) {
		t.Errorf("Recover = %v", err)
	}
}
