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
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/sys/unix"
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
// on disk: what Commit would write. A file Commit would refuse (a link, a
// FIFO) counts as changed.
func (tx *Tx) Changed() []string {
	root, err := openRoot(tx.root, false)
	if err != nil {
		return slices.Sorted(maps.Keys(tx.files))
	}
	defer root.close()
	var out []string
	for rel, b := range tx.files {
		d, err := root.sub(filepath.Dir(rel), false)
		if err != nil {
			out = append(out, rel)
			continue
		}
		if old, ok, err := d.read(filepath.Base(rel)); err != nil || !ok || !bytes.Equal(old, b) {
			out = append(out, rel)
		}
		d.close()
	}
	sort.Strings(out)
	return out
}

// Commit writes every staged file whose content differs from what is on disk.
//
// Before swapping anything it records the swaps in a journal in the root; a
// process killed part-way through the swaps leaves the journal behind, and
// the next Commit (or Recover) rolls the directory back to the previous files.
//
// Every file and directory below the root is reached without following a
// link: a target that is a link or a special file stops the commit, with
// nothing written.
func (tx *Tx) Commit() (Result, error) {
	root, err := openRoot(tx.root, true)
	if err != nil {
		return Result{}, fmt.Errorf("writing %s: %w", tx.root, err)
	}
	defer root.close()
	if err := recoverAt(root, nil); err != nil {
		return Result{}, err
	}
	if err := tx.step("begin", "."); err != nil {
		return Result{}, err
	}
	var res Result
	rels := slices.Sorted(maps.Keys(tx.files))

	dirs := map[string]*dirFD{}
	defer func() {
		for _, d := range dirs {
			d.close()
		}
	}()
	var todo []swap
	cleanup := func() {
		for _, s := range todo {
			s.dir.remove(filepath.Base(s.Tmp))
		}
	}
	for _, rel := range rels {
		sub := filepath.Dir(rel)
		d, ok := dirs[sub]
		if !ok {
			if d, err = root.sub(sub, true); err != nil {
				cleanup()
				return Result{}, fmt.Errorf("writing %s: %w", filepath.Join(tx.root, rel), err)
			}
			dirs[sub] = d
		}
		base := filepath.Base(rel)
		removeStale(d, base)
		old, exists, err := d.read(base)
		if err != nil {
			cleanup()
			return Result{}, err
		}
		if exists && bytes.Equal(old, tx.files[rel]) {
			res.Unchanged = append(res.Unchanged, rel)
			continue
		}
		if err := tx.step("write", rel); err != nil {
			cleanup()
			return Result{}, err
		}
		tmp, err := d.writeTemp(base, tx.files[rel])
		if err != nil {
			cleanup()
			return Result{}, fmt.Errorf("writing %s: %w", filepath.Join(tx.root, rel), err)
		}
		s := swap{Rel: rel, Tmp: filepath.Join(sub, tmp), dir: d}
		if exists {
			s.Backup = s.Tmp + ".old"
		}
		todo = append(todo, s)
	}
	if len(todo) == 0 {
		return res, nil
	}
	if err := writeJournal(root, JournalFile, todo); err != nil {
		cleanup()
		return Result{}, err
	}

	// Swap. The target is never absent: the backup is a hard link to it, and
	// the rename replaces it in one step. On failure, undo newest first.
	done := 0
	rollback := func() {
		for i := done - 1; i >= 0; i-- {
			todo[i].undo()
		}
		for _, s := range todo[done:] {
			s.dir.remove(filepath.Base(s.Tmp))
			if s.Backup != "" {
				s.dir.remove(filepath.Base(s.Backup))
			}
		}
		root.remove(JournalFile)
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
		target := filepath.Base(s.Rel)
		if s.Backup != "" {
			if err := s.dir.link(target, filepath.Base(s.Backup)); err != nil {
				rollback()
				return Result{}, fmt.Errorf("replacing %s: %w", filepath.Join(tx.root, s.Rel), err)
			}
		}
		if err := s.dir.rename(filepath.Base(s.Tmp), target); err != nil {
			done++ // its backup, if any, must be restored too
			rollback()
			return Result{}, fmt.Errorf("replacing %s: %w", filepath.Join(tx.root, s.Rel), err)
		}
		done++
	}
	for _, d := range dirs {
		d.sync()
	}
	root.sync()
	if err := tx.step("commit", "."); err != nil {
		if errors.Is(err, errCrash) {
			return Result{}, err
		}
		rollback()
		return Result{}, err
	}
	// The commit point: from here on the new files are the datasets.
	sysPoint("unlink", filepath.Join(root.path, JournalFile))
	if err := unix.Unlinkat(root.fd, JournalFile, 0); err != nil {
		rollback()
		return Result{}, fmt.Errorf("committing %s: %w", tx.root, err)
	}
	root.sync()
	for _, s := range todo {
		if s.Backup != "" {
			s.dir.remove(filepath.Base(s.Backup))
		}
		res.Written = append(res.Written, s.Rel)
	}
	return res, nil
}

// JournalFile, in a transaction's root, lists the swaps of a commit in
// progress. It exists only while one runs or after one was killed.
const JournalFile = ".atomicfs-journal.json"

// maxJournal bounds the journal read: a commit of every dataset file writes
// a few kilobytes.
const maxJournal = 1 << 20

// swap is one file of a commit, paths relative to the root.
type swap struct {
	Rel    string `json:"rel"`
	Tmp    string `json:"tmp"`
	Backup string `json:"backup,omitempty"` // empty when the target is new
	dir    *dirFD // the directory of Rel, opened without following links
}

// undo puts back what the target was before the swap.
func (s swap) undo() {
	d, target, tmp := s.dir, filepath.Base(s.Rel), filepath.Base(s.Tmp)
	if s.Backup == "" {
		// A new file: remove it only if the swap happened (no temp left).
		if !d.exists(tmp) {
			d.remove(target)
		}
		d.remove(tmp)
		return
	}
	backup := filepath.Base(s.Backup)
	if d.exists(backup) {
		d.rename(backup, target)
		// Renaming a hard link onto another link of the same file does
		// nothing: the swap had not happened, and the backup is spare.
		if b, err := d.lstat(backup); err == nil {
			if t, err := d.lstat(target); err == nil && os.SameFile(b, t) {
				d.remove(backup)
			}
		}
	}
	d.remove(tmp)
}

// Recover rolls back a commit that was killed part-way in dir, if any: every
// file it had replaced gets its previous content back. A journal that names
// anything a commit does not write is refused, with nothing changed.
func Recover(dir string) error { return RecoverOnly(dir, nil) }

// RecoverOnly is Recover for a directory where a commit writes only the
// files written accepts (by path relative to dir): a journal naming any
// other (a curated input) is refused.
func RecoverOnly(dir string, written func(rel string) bool) error {
	root, err := openRoot(dir, false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("recovering %s: %w", dir, err)
	}
	defer root.close()
	return recoverAt(root, written)
}

// JournalError is a journal a command refuses to act on: it names what no
// commit of this program writes, so it was not written by one.
type JournalError struct {
	Journal string // its path
	Why     string
}

func (e *JournalError) Error() string {
	return fmt.Sprintf("%s: not acted on, no cybernorms write leaves such a journal: %s; nothing was changed (remove it if you did not expect it)", e.Journal, e.Why)
}

func recoverAt(root *dirFD, written func(rel string) bool) error {
	jpath := filepath.Join(root.path, JournalFile)
	b, ok, err := readJournal(root, JournalFile)
	if err != nil {
		var je *JournalError
		if errors.As(err, &je) {
			return err
		}
		return fmt.Errorf("recovering %s: %w", root.path, err)
	}
	if !ok {
		return nil
	}
	var todo []swap
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&todo); err != nil {
		return &JournalError{jpath, "it is not a journal (" + err.Error() + ")"}
	}
	seen := map[string]bool{}
	for _, s := range todo {
		if why := s.untrusted(written); why != "" {
			return &JournalError{jpath, why}
		}
		if seen[s.Rel] {
			return &JournalError{jpath, fmt.Sprintf("it names %q twice", s.Rel)}
		}
		seen[s.Rel] = true
	}
	dirs := map[string]*dirFD{}
	defer func() {
		for _, d := range dirs {
			d.close()
		}
	}()
	for i, s := range todo {
		sub := filepath.Dir(s.Rel)
		d, ok := dirs[sub]
		if !ok {
			if d, err = root.sub(sub, false); err != nil {
				var le *LinkError
				if errors.As(err, &le) {
					return &JournalError{jpath, fmt.Sprintf("it names %q, below a symbolic link", s.Rel)}
				}
				if !errors.Is(err, fs.ErrNotExist) {
					return fmt.Errorf("recovering %s: %w", root.path, err)
				}
				d = nil
			}
			dirs[sub] = d
		}
		todo[i].dir = d
	}
	for i := len(todo) - 1; i >= 0; i-- {
		if todo[i].dir != nil { // a directory never made holds nothing to undo
			todo[i].undo()
		}
	}
	for _, d := range dirs {
		if d != nil {
			d.sync()
		}
	}
	sysPoint("unlink", filepath.Join(root.path, JournalFile))
	if err := unix.Unlinkat(root.fd, JournalFile, 0); err != nil {
		return fmt.Errorf("recovering %s: %w", root.path, err)
	}
	root.sync()
	return nil
}

// untrusted says why a journal entry is not one a commit writes, or "".
func (s swap) untrusted(written func(rel string) bool) string {
	for _, p := range []string{s.Rel, s.Tmp, s.Backup} {
		if p != "" && !filepath.IsLocal(p) {
			return fmt.Sprintf("it names %q, outside the directory", p)
		}
	}
	if s.Rel == "" || filepath.Clean(s.Rel) != s.Rel {
		return fmt.Sprintf("it names %q, not a clean path", s.Rel)
	}
	// The commit's own files (journal, lock, temporaries) and a checkout's
	// hidden ones (.git) all start with a dot; no commit writes one.
	for _, c := range strings.Split(s.Rel, string(filepath.Separator)) {
		if strings.HasPrefix(c, ".") {
			return fmt.Sprintf("it names %q, a hidden file", s.Rel)
		}
	}
	if !isTemp(s.Tmp, s.Rel) {
		return fmt.Sprintf("it names %q as the temporary of %q, not a name a write gives one", s.Tmp, s.Rel)
	}
	if s.Backup != "" && s.Backup != s.Tmp+".old" {
		return fmt.Sprintf("it names %q as the backup of %q, not a name a write gives one", s.Backup, s.Rel)
	}
	if written != nil && !written(s.Rel) {
		return fmt.Sprintf("it names %q, which is not written here (an input)", s.Rel)
	}
	return ""
}

// isTemp says whether tmp is a name writeTemp gives a temporary of rel:
// beside it, its name after a dot, ".tmp-" and digits.
func isTemp(tmp, rel string) bool {
	if filepath.Dir(tmp) != filepath.Dir(rel) {
		return false
	}
	digits, ok := strings.CutPrefix(filepath.Base(tmp), "."+filepath.Base(rel)+".tmp-")
	return ok && isDigits(digits)
}

func isDigits(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// removeStale deletes the temporary files a killed writer left beside
// name in d: only names of writeTemp's pattern, and never a directory.
func removeStale(d *dirFD, name string) {
	prefix := "." + name + ".tmp-"
	for _, n := range d.names() {
		rest, ok := strings.CutPrefix(n, prefix)
		if !ok || !isDigits(strings.TrimSuffix(rest, ".old")) {
			continue
		}
		if fi, err := d.lstat(n); err == nil && !fi.IsDir() {
			d.remove(n)
		}
	}
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
