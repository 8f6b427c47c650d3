// Package atomicfs writes a set of files as one transaction: either every file
// is replaced, or none is.
//
// Each file is first written in full to a temporary file beside its target and
// synced; only when all are staged are targets swapped in by rename, with the
// previous versions kept until the end so that a failure rolls everything back.
package atomicfs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Tx collects files to write under one root directory.
type Tx struct {
	root  string
	files map[string][]byte
	// fail, when set, is called before each step ("write" or "swap") of each
	// file and before the commit point ("commit"); a non-nil error aborts the transaction there. Tests use it to
	// prove that a failure part-way leaves the previous files intact.
	fail func(step, rel string) error
	ctx  context.Context
}

// StopOn makes the commit stop at its next step once ctx is done (a signal),
// rolling back what it had done.
func (tx *Tx) StopOn(ctx context.Context) { tx.ctx = ctx }

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

// Changed lists, sorted, the staged files whose content differs from what is
// on disk: what Commit would write.
func (tx *Tx) Changed() []string {
	var out []string
	for rel, b := range tx.files {
		if old, err := os.ReadFile(filepath.Join(tx.root, rel)); err != nil || !bytes.Equal(old, b) {
			out = append(out, rel)
		}
	}
	sort.Strings(out)
	return out
}

// Commit writes every staged file whose content differs from what is on disk.
//
// Before swapping anything it records the swaps in a journal in the root; a
// process killed part-way through the swaps leaves the journal behind, and
// the next Commit (or Recover) rolls the directory back to the previous files.
func (tx *Tx) Commit() (Result, error) {
	if err := Recover(tx.root); err != nil {
		return Result{}, err
	}
	if err := tx.step("begin", "."); err != nil {
		return Result{}, err
	}
	var res Result
	rels := make([]string, 0, len(tx.files))
	for r := range tx.files {
		rels = append(rels, r)
	}
	sort.Strings(rels)

	var todo []swap
	cleanup := func() {
		for _, s := range todo {
			os.Remove(filepath.Join(tx.root, s.Tmp))
		}
	}
	for _, rel := range rels {
		target := filepath.Join(tx.root, rel)
		removeStale(target)
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
		s := swap{Rel: rel, Tmp: filepath.Join(filepath.Dir(rel), filepath.Base(tmp))}
		if _, err := os.Lstat(target); err == nil {
			s.Backup = s.Tmp + ".old"
		}
		todo = append(todo, s)
	}
	if len(todo) == 0 {
		return res, nil
	}
	if err := writeJournal(tx.root, todo); err != nil {
		cleanup()
		return Result{}, err
	}

	// Swap. The target is never absent: the backup is a hard link to it, and
	// the rename replaces it in one step. On failure, undo newest first.
	done := 0
	rollback := func() {
		for i := done - 1; i >= 0; i-- {
			todo[i].undo(tx.root)
		}
		for _, s := range todo[done:] {
			os.Remove(filepath.Join(tx.root, s.Tmp))
			if s.Backup != "" {
				os.Remove(filepath.Join(tx.root, s.Backup))
			}
		}
		os.Remove(filepath.Join(tx.root, JournalFile))
	}
	for i := range todo {
		s := todo[i]
		if err := tx.step("swap", s.Rel); err != nil {
			if errors.Is(err, errCrash) {
				return Result{}, err // a simulated kill: no rollback
			}
			rollback()
			return Result{}, err
		}
		target := filepath.Join(tx.root, s.Rel)
		if s.Backup != "" {
			if err := os.Link(target, filepath.Join(tx.root, s.Backup)); err != nil {
				rollback()
				return Result{}, fmt.Errorf("replacing %s: %w", target, err)
			}
		}
		if err := os.Rename(filepath.Join(tx.root, s.Tmp), target); err != nil {
			done++ // its backup, if any, must be restored too
			rollback()
			return Result{}, fmt.Errorf("replacing %s: %w", target, err)
		}
		done++
	}
	dirs := map[string]bool{tx.root: true}
	for _, s := range todo {
		dirs[filepath.Dir(filepath.Join(tx.root, s.Rel))] = true
	}
	syncDirs(dirs)
	if err := tx.step("commit", "."); err != nil {
		if errors.Is(err, errCrash) {
			return Result{}, err
		}
		rollback()
		return Result{}, err
	}
	// The commit point: from here on the new files are the datasets.
	if err := os.Remove(filepath.Join(tx.root, JournalFile)); err != nil {
		rollback()
		return Result{}, fmt.Errorf("committing %s: %w", tx.root, err)
	}
	syncDirs(map[string]bool{tx.root: true})
	for _, s := range todo {
		if s.Backup != "" {
			os.Remove(filepath.Join(tx.root, s.Backup))
		}
		res.Written = append(res.Written, s.Rel)
	}
	return res, nil
}

// JournalFile, in a transaction's root, lists the swaps of a commit in
// progress. It exists only while one runs or after one was killed.
const JournalFile = ".atomicfs-journal.json"

// swap is one file of a commit, paths relative to the root.
type swap struct {
	Rel    string `json:"rel"`
	Tmp    string `json:"tmp"`
	Backup string `json:"backup,omitempty"` // empty when the target is new
}

// undo puts back what the target was before the swap.
func (s swap) undo(root string) {
	target := filepath.Join(root, s.Rel)
	if s.Backup == "" {
		// A new file: remove it only if the swap happened (no temp left).
		if _, err := os.Lstat(filepath.Join(root, s.Tmp)); errors.Is(err, fs.ErrNotExist) {
			os.Remove(target)
		}
		os.Remove(filepath.Join(root, s.Tmp))
		return
	}
	backup := filepath.Join(root, s.Backup)
	if _, err := os.Lstat(backup); err == nil {
		os.Rename(backup, target)
		// Renaming a hard link onto another link of the same file does
		// nothing: the swap had not happened, and the backup is spare.
		if b, err := os.Lstat(backup); err == nil {
			if t, err := os.Lstat(target); err == nil && os.SameFile(b, t) {
				os.Remove(backup)
			}
		}
	}
	os.Remove(filepath.Join(root, s.Tmp))
}

func writeJournal(root string, todo []swap) error {
	return writeJournalFile(filepath.Join(root, JournalFile), todo)
}

// Recover rolls back a commit that was killed part-way in dir, if any: every
// file it had replaced gets its previous content back.
func Recover(dir string) error {
	p := filepath.Join(dir, JournalFile)
	b, err := os.ReadFile(p)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("recovering %s: %w", dir, err)
	}
	var todo []swap
	if err := json.Unmarshal(b, &todo); err != nil {
		return fmt.Errorf("recovering %s: %s is not a journal: %w", dir, JournalFile, err)
	}
	for _, s := range todo {
		// The journal is ours, but a path leaving the root is not followed.
		for _, rel := range []string{s.Rel, s.Tmp, s.Backup} {
			if rel != "" && !filepath.IsLocal(rel) {
				return fmt.Errorf("recovering %s: %s names %q, outside the directory", dir, JournalFile, rel)
			}
		}
	}
	for i := len(todo) - 1; i >= 0; i-- {
		todo[i].undo(dir)
	}
	syncDirs(map[string]bool{dir: true})
	if err := os.Remove(p); err != nil {
		return fmt.Errorf("recovering %s: %w", dir, err)
	}
	return nil
}

// removeStale deletes the temporary files a killed writer left beside target.
func removeStale(target string) {
	matches, _ := filepath.Glob(filepath.Join(filepath.Dir(target), "."+globEscape(filepath.Base(target))+".tmp-*"))
	for _, m := range matches {
		os.Remove(m)
	}
}

func globEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(`*?[\`, r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// errCrash, returned by a FailBefore hook, stops a commit as a killed process
// would: without rolling back.
var errCrash = errors.New("simulated crash")

func (tx *Tx) step(step, rel string) error {
	if tx.ctx != nil {
		if err := context.Cause(tx.ctx); err != nil {
			return err
		}
	}
	if Hook != nil {
		if err := Hook(step, rel); err != nil {
			return fmt.Errorf("%s %s: %w", step, filepath.Join(tx.root, rel), err)
		}
	}
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
