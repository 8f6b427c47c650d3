// Package atomicfs writes a set of files as one transaction: either every file
// is replaced, or none is.
//
// Each file is first written in full to a temporary file beside its target and
// synced; only when all are staged are targets swapped in by rename, with the
// previous versions kept until the end so that a failure rolls everything back.
package atomicfs

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// Tx collects files to write under one root directory.
type Tx struct {
	root  string
	files map[string][]byte
	// fail, when set, is called before each step ("write" or "swap") of each
	// file; a non-nil error aborts the transaction there. Tests use it to
	// prove that a failure part-way leaves the previous files intact.
	fail func(step, rel string) error
}

// New starts a transaction rooted at dir.
func New(dir string) *Tx { return &Tx{root: dir, files: map[string][]byte{}} }

// Add stages the content of a file, by path relative to the root.
func (tx *Tx) Add(rel string, data []byte) { tx.files[filepath.Clean(rel)] = data }

// FailBefore installs a failure hook (for tests).
func (tx *Tx) FailBefore(f func(step, rel string) error) { tx.fail = f }

// Result says what a commit did.
type Result struct {
	Written   []string // relative paths whose content changed
	Unchanged []string // relative paths already holding the same bytes
}

// Commit writes every staged file whose content differs from what is on disk.
func (tx *Tx) Commit() (Result, error) {
	var res Result
	rels := make([]string, 0, len(tx.files))
	for r := range tx.files {
		rels = append(rels, r)
	}
	sort.Strings(rels)

	type staged struct{ rel, target, tmp, backup string }
	var todo []staged
	cleanup := func() {
		for _, s := range todo {
			if s.tmp != "" {
				os.Remove(s.tmp)
			}
		}
	}
	for _, rel := range rels {
		target := filepath.Join(tx.root, rel)
		if old, err := os.ReadFile(target); err == nil && bytes.Equal(old, tx.files[rel]) {
			res.Unchanged = append(res.Unchanged, rel)
			continue
		}
		if err := tx.step("write", rel); err != nil {
			cleanup()
			return Result{}, err
		}
		if err := os.MkdirAll(filepath.Dir(target), 0o755); err != nil {
			cleanup()
			return Result{}, fmt.Errorf("writing %s: %w", target, err)
		}
		tmp, err := writeTemp(target, tx.files[rel])
		if err != nil {
			cleanup()
			return Result{}, fmt.Errorf("writing %s: %w", target, err)
		}
		todo = append(todo, staged{rel: rel, target: target, tmp: tmp})
	}

	// Swap. On failure, undo the swaps already made, newest first.
	done := 0
	rollback := func() {
		for i := done - 1; i >= 0; i-- {
			s := todo[i]
			if s.backup != "" {
				os.Rename(s.backup, s.target)
			} else {
				os.Remove(s.target)
			}
		}
		for _, s := range todo[done:] {
			os.Remove(s.tmp)
		}
	}
	for i := range todo {
		s := &todo[i]
		if err := tx.step("swap", s.rel); err != nil {
			rollback()
			return Result{}, err
		}
		if _, err := os.Lstat(s.target); err == nil {
			s.backup = s.tmp + ".old"
			if err := os.Rename(s.target, s.backup); err != nil {
				s.backup = ""
				rollback()
				return Result{}, fmt.Errorf("replacing %s: %w", s.target, err)
			}
		}
		if err := os.Rename(s.tmp, s.target); err != nil {
			if s.backup != "" {
				os.Rename(s.backup, s.target)
			}
			rollback()
			return Result{}, fmt.Errorf("replacing %s: %w", s.target, err)
		}
		done++
	}
	for _, s := range todo {
		if s.backup != "" {
			os.Remove(s.backup)
		}
		res.Written = append(res.Written, s.rel)
	}
	dirs := map[string]bool{}
	for _, s := range todo {
		dirs[filepath.Dir(s.target)] = true
	}
	syncDirs(dirs)
	return res, nil
}

func (tx *Tx) step(step, rel string) error {
	if tx.fail == nil {
		return nil
	}
	if err := tx.fail(step, rel); err != nil {
		return fmt.Errorf("%s %s: %w", step, filepath.Join(tx.root, rel), err)
	}
	return nil
}

func writeTemp(target string, data []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(target), "."+filepath.Base(target)+".tmp-*")
	if err != nil {
		return "", err
	}
	_, werr := f.Write(data)
	serr := f.Sync()
	cerr := f.Close()
	if err := errors.Join(werr, serr, cerr); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	if err := os.Chmod(f.Name(), 0o644); err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}

// syncDirs makes the renames durable. A failure here is not worth failing a
// run that has already replaced every file, so it is ignored.
func syncDirs(dirs map[string]bool) {
	for d := range dirs {
		if f, err := os.Open(d); err == nil {
			f.Sync()
			f.Close()
		}
	}
}

// WriteFile writes one file atomically.
func WriteFile(path string, data []byte) error {
	tx := New(filepath.Dir(path))
	tx.Add(filepath.Base(path), data)
	_, err := tx.Commit()
	return err
}
