package atomicfs

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/sys/unix"
)

func fill(content string) func(dir string) error {
	return func(dir string) error {
		os.MkdirAll(filepath.Join(dir, "sub"), 0o755)
		os.WriteFile(filepath.Join(dir, "a.txt"), []byte(content), 0o644)
		return os.WriteFile(filepath.Join(dir, "sub", "b.txt"), []byte(content), 0o644)
	}
}

// A swap killed at any step, with the atomic exchange or with the two
// renames used where the file system has none, leaves the old directory or
// the new one; RecoverDir then removes every temporary and keeps the mode.
func TestReplaceDirKilledAtEveryStep(t *testing.T) {
	old := map[string]string{"a.txt": "old", "sub/b.txt": "old"}
	neu := map[string]string{"a.txt": "new", "sub/b.txt": "new"}
	for _, withExchange := range []bool{true, false} {
		for _, step := range []string{"dir-fill", "dir-swap", "dir-aside", "dir-commit", "dir-clean"} {
			if withExchange && step == "dir-aside" {
				continue
			}
			parent := t.TempDir()
			out := filepath.Join(parent, "out")
			if err := ReplaceDir(out, fill("old")); err != nil {
				t.Fatal(err)
			}
			os.Chmod(out, 0o750)
			if !withExchange {
				exchange = func(a, b string) error { return unix.EINVAL }
			}
			Hook = func(s, rel string) error {
				if s == step {
					return ErrCrash
				}
				return nil
			}
			err := ReplaceDir(out, fill("new"))
			Hook, exchange = nil, renameExchange
			if !errors.Is(err, ErrCrash) {
				t.Fatalf("exchange %v, %s: %v, want the simulated crash", withExchange, step, err)
			}
			// Only between the two renames of the fallback is the directory
			// absent; the journal puts it back.
			if step != "dir-aside" {
				if got := listDir(t, out); !reflect.DeepEqual(got, old) && !reflect.DeepEqual(got, neu) {
					t.Errorf("exchange %v, killed at %s: %v, neither old nor new", withExchange, step, got)
				}
			}
			if err := RecoverDir(out); err != nil {
				t.Fatal(err)
			}
			got := listDir(t, out)
			if !reflect.DeepEqual(got, old) && !reflect.DeepEqual(got, neu) {
				t.Errorf("exchange %v, killed at %s, recovered: %v", withExchange, step, got)
			}
			entries, _ := os.ReadDir(parent)
			if len(entries) != 1 {
				t.Errorf("exchange %v, killed at %s: left %v", withExchange, step, entries)
			}
			if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o750 {
				t.Errorf("exchange %v, killed at %s: mode %v, want 0750", withExchange, step, fi.Mode().Perm())
			}
		}
	}
}

// Both variants replace the same way; they differ only in what they sync.
func TestReplaceDirKeepsModeAndReplacesWhole(t *testing.T) {
	for name, replace := range map[string]func(string, func(string) error) error{"ReplaceDir": ReplaceDir, "ReplaceSyncedDir": ReplaceSyncedDir} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			if err := replace(out, fill("one")); err != nil {
				t.Fatal(err)
			}
			os.WriteFile(filepath.Join(out, "stale.txt"), []byte("x"), 0o644)
			os.Chmod(out, 0o700)
			if err := replace(out, fill("two")); err != nil {
				t.Fatal(err)
			}
			if got := listDir(t, out); !reflect.DeepEqual(got, map[string]string{"a.txt": "two", "sub/b.txt": "two"}) {
				t.Errorf("out = %v", got)
			}
			if fi, _ := os.Stat(out); fi.Mode().Perm() != 0o700 {
				t.Errorf("mode %v, want 0700", fi.Mode().Perm())
			}
			// A failing fill leaves the previous directory.
			if err := replace(out, func(string) error { return errors.New("no") }); err == nil {
				t.Fatal("want the fill's error")
			}
			if got := listDir(t, out); got["a.txt"] != "two" {
				t.Errorf("after a failed fill: %v", got)
			}
		})
	}
}

// removeTree removes a tree whole, links included, without following them.
func TestRemoveTree(t *testing.T) {
	root := t.TempDir()
	outside := filepath.Join(root, "outside")
	os.MkdirAll(outside, 0o755)
	os.WriteFile(filepath.Join(outside, "keep.txt"), []byte("x"), 0o644)
	dir := filepath.Join(root, "tree")
	for _, d := range []string{"a/b/c", "d"} {
		os.MkdirAll(filepath.Join(dir, d), 0o755)
	}
	for i, p := range []string{"1.txt", "a/2.txt", "a/b/3.txt", "a/b/c/4.txt", "d/5.txt"} {
		os.WriteFile(filepath.Join(dir, p), []byte(fmt.Sprint(i)), 0o644)
	}
	os.Symlink(outside, filepath.Join(dir, "a/link"))
	os.Symlink(filepath.Join(outside, "keep.txt"), filepath.Join(dir, "d/filelink"))
	removeTree(dir)
	if _, err := os.Lstat(dir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("the tree is still there: %v", err)
	}
	if b, err := os.ReadFile(filepath.Join(outside, "keep.txt")); err != nil || string(b) != "x" {
		t.Errorf("a linked file outside the tree: %q, %v", b, err)
	}
}
