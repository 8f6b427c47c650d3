package atomicfs

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// A journal is acted on only when it is one a commit writes: every other is
// refused with one line, and nothing in the directory changes.
func TestRecoverRefusesPlantedJournals(t *testing.T) {
	inputs := func(rel string) bool { return !strings.HasPrefix(rel, "curated"+string(filepath.Separator)) }
	tests := []struct {
		name, journal string
		written       func(string) bool
		plant         func(dir string)
		why           string
	}{
		{"an input named as a temporary", `[{"rel":"a.csv","tmp":"curated/in.csv"}]`, nil, nil, `it names "curated/in.csv" as the temporary of "a.csv"`},
		{"a temporary of another file", `[{"rel":"a.csv","tmp":".b.csv.tmp-1"}]`, nil, nil, `it names ".b.csv.tmp-1" as the temporary`},
		{"a temporary in another directory", `[{"rel":"a.csv","tmp":"curated/.a.csv.tmp-1"}]`, nil, nil, `as the temporary of "a.csv"`},
		{"a backup of another name", `[{"rel":"a.csv","tmp":".a.csv.tmp-1","backup":"curated/in.csv"}]`, nil, nil, `as the backup of "a.csv"`},
		{"a new file that is an input", `[{"rel":"curated/in.csv","tmp":"curated/.in.csv.tmp-1"}]`, inputs, nil, `it names "curated/in.csv", which is not written here`},
		{"a hidden file", `[{"rel":".git/config","tmp":".git/.config.tmp-1"}]`, nil, nil, `it names ".git/config", a hidden file`},
		{"the lock", `[{"rel":".cybernorms.lock","tmp":"..cybernorms.lock.tmp-1"}]`, nil, nil, `a hidden file`},
		{"a path that is not clean", `[{"rel":"curated/../a.csv","tmp":".a.csv.tmp-1"}]`, nil, nil, `not a clean path`},
		{"unknown fields", `[{"rel":"a.csv","tmp":".a.csv.tmp-1","run":"rm -rf"}]`, nil, nil, `it is not a journal`},
		{"a file twice", `[{"rel":"a.csv","tmp":".a.csv.tmp-1"},{"rel":"a.csv","tmp":".a.csv.tmp-2"}]`, nil, nil, `it names "a.csv" twice`},
		{"a file below a link", `[{"rel":"sub/a.csv","tmp":"sub/.a.csv.tmp-1"}]`, nil, func(dir string) {
			os.Symlink(filepath.Join(dir, "curated"), filepath.Join(dir, "sub"))
		}, `it names "sub/a.csv", below a symbolic link`},
		{"a link for a journal", "", nil, func(dir string) {
			os.WriteFile(filepath.Join(dir, "j"), []byte(`[{"rel":"curated/in.csv","tmp":"curated/.in.csv.tmp-1"}]`), 0o644)
			os.Symlink("j", filepath.Join(dir, JournalFile))
		}, "it is a symbolic link"},
		{"a FIFO for a journal", "", nil, func(dir string) { syscall.Mkfifo(filepath.Join(dir, JournalFile), 0o644) }, "it is not a regular file"},
		{"a journal too large", `[` + strings.Repeat(" ", maxJournal) + `]`, nil, nil, "it is larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			os.Mkdir(filepath.Join(dir, "curated"), 0o755)
			os.WriteFile(filepath.Join(dir, "curated/in.csv"), []byte("input"), 0o644)
			os.WriteFile(filepath.Join(dir, "a.csv"), []byte("a"), 0o644)
			if tt.journal != "" {
				os.WriteFile(filepath.Join(dir, JournalFile), []byte(tt.journal), 0o644)
			}
			if tt.plant != nil {
				tt.plant(dir)
			}
			before := listAll(t, dir)
			err := RecoverOnly(dir, tt.written)
			var je *JournalError
			if !errors.As(err, &je) || !strings.Contains(err.Error(), tt.why) {
				t.Errorf("Recover = %v, want a refusal saying %q", err, tt.why)
			}
			if after := listAll(t, dir); !equal(before, after) {
				t.Errorf("the directory changed:\n%q\n%q", before, after)
			}
			// A commit refuses it too, and writes nothing; which files are
			// inputs only its caller knows (RecoverOnly, before it commits).
			if tt.written != nil {
				return
			}
			tx := New(dir)
			tx.Add("a.csv", []byte("new"))
			if _, err := tx.Commit(); !errors.As(err, &je) {
				t.Errorf("Commit = %v, want the refusal", err)
			}
		})
	}
}

// A journal a commit wrote is still acted on.
func TestRecoverAcceptsItsOwnJournal(t *testing.T) {
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "sub"), 0o755)
	os.WriteFile(filepath.Join(dir, "sub/a.csv"), []byte("new"), 0o644)
	os.WriteFile(filepath.Join(dir, "sub/.a.csv.tmp-42.old"), []byte("old"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.csv"), []byte("new file"), 0o644)
	os.WriteFile(filepath.Join(dir, JournalFile), []byte(`[{"rel":"b.csv","tmp":".b.csv.tmp-7"},{"rel":"sub/a.csv","tmp":"sub/.a.csv.tmp-42","backup":"sub/.a.csv.tmp-42.old"}]`), 0o644)
	if err := RecoverOnly(dir, func(string) bool { return true }); err != nil {
		t.Fatal(err)
	}
	if got := listAll(t, dir); !equal(got, map[string]string{"sub/a.csv": "old", "sub/": ""}) {
		t.Errorf("after recovery: %q", got)
	}
}

// Links and special files where a commit writes stop it before anything is
// written; nothing they point to changes.
func TestCommitRefusesLinksAndSpecialFiles(t *testing.T) {
	tests := []struct {
		name  string
		plant func(t *testing.T, dir, outside string)
		rel   string
		want  string
	}{
		{"target is a link", func(t *testing.T, dir, outside string) {
			os.Symlink(filepath.Join(outside, "victim"), filepath.Join(dir, "a.csv"))
		}, "a.csv", "a.csv: is a symbolic link, not a regular file"},
		{"target is a dangling link", func(t *testing.T, dir, outside string) {
			os.Symlink(filepath.Join(outside, "made"), filepath.Join(dir, "a.csv"))
		}, "a.csv", "a.csv: is a symbolic link, not a regular file"},
		{"target is a FIFO", func(t *testing.T, dir, outside string) {
			syscall.Mkfifo(filepath.Join(dir, "a.csv"), 0o644)
		}, "a.csv", "a.csv: not a regular file (prw-r--r--)"},
		{"directory is a link", func(t *testing.T, dir, outside string) {
			os.Symlink(outside, filepath.Join(dir, "sub"))
		}, "sub/victim", "sub: is a symbolic link, not a directory"},
		{"root is a link", func(t *testing.T, dir, outside string) {
			os.Symlink(outside, filepath.Join(dir, "root"))
		}, "", "root: is a symbolic link, not a directory"},
		{"a stale temporary that is a directory", func(t *testing.T, dir, outside string) {
			os.Mkdir(filepath.Join(dir, ".a.csv.tmp-1"), 0o755)
			os.WriteFile(filepath.Join(dir, ".a.csv.tmp-1", "keep"), []byte("keep"), 0o644)
		}, "a.csv", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir, outside := t.TempDir(), t.TempDir()
			os.WriteFile(filepath.Join(outside, "victim"), []byte("victim"), 0o644)
			tt.plant(t, dir, outside)
			root, rel := dir, tt.rel
			if rel == "" {
				root, rel = filepath.Join(dir, "root"), "victim"
			}
			before, beforeOut := listAll(t, dir), listAll(t, outside)
			tx := New(root)
			tx.Add(rel, []byte("written"))
			_, err := tx.Commit()
			if tt.want == "" {
				if err != nil {
					t.Fatal(err)
				}
				if b, _ := os.ReadFile(filepath.Join(dir, ".a.csv.tmp-1", "keep")); string(b) != "keep" {
					t.Errorf("a directory of a temporary's name was removed")
				}
				return
			}
			if err == nil || !strings.HasSuffix(err.Error(), tt.want) && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Commit = %v, want %q", err, tt.want)
			}
			if after := listAll(t, dir); !equal(before, after) {
				t.Errorf("the directory changed:\n%q\n%q", before, after)
			}
			if after := listAll(t, outside); !equal(beforeOut, after) {
				t.Errorf("outside changed:\n%q\n%q", beforeOut, after)
			}
		})
	}
}

// listAll maps every entry below dir to its content: a file's bytes, a
// link's target after "->", "" for a directory (with a trailing slash).
func listAll(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil || p == dir {
			return nil
		}
		rel, _ := filepath.Rel(dir, p)
		switch {
		case d.Type()&os.ModeSymlink != 0:
			l, _ := os.Readlink(p)
			out[rel] = "->" + l
		case d.IsDir():
			out[rel+"/"] = ""
		case d.Type().IsRegular():
			b, _ := os.ReadFile(p)
			out[rel] = string(b)
		default:
			out[rel] = d.Type().String()
		}
		return nil
	})
	return out
}

func equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}
