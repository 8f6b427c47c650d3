package atomicfs

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sync/errgroup"
	"golang.org/x/sys/unix"
)

// Hook, when set, is called before each step of every commit and directory
// swap, as FailBefore's function is: a test process sets it to kill itself at
// a chosen step and prove that the next run recovers.
var Hook func(step, rel string) error

// exchange swaps two paths in one step (Linux renameat2 RENAME_EXCHANGE);
// tests replace it to take the path of file systems that cannot.
var exchange = renameExchange

func renameExchange(a, b string) error {
	return unix.Renameat2(unix.AT_FDCWD, a, unix.AT_FDCWD, b, unix.RENAME_EXCHANGE)
}

// dirJournal records a directory swap in progress, by names in the parent.
type dirJournal struct {
	Target string `json:"target"`
	New    string `json:"new"`
	Old    string `json:"old"`
}

// DirJournal is the journal of the swap of the directory dir, kept beside it.
func DirJournal(dir string) string {
	dir = filepath.Clean(dir)
	return filepath.Join(filepath.Dir(dir), "."+filepath.Base(dir)+JournalFile)
}

// ReplaceDir replaces the directory target as a whole with one that fill
// writes, all at once: at every moment target is the previous directory or
// the new one. The new directory takes the previous one's permissions.
//
// The swap is journalled beside target before anything is created; a run
// killed at any step leaves the journal, and the next ReplaceDir (or
// RecoverDir) removes its temporaries and puts back the previous directory if
// it had been moved aside.
func ReplaceDir(target string, fill func(dir string) error) error {
	return replaceDir(target, fill, true)
}

// ReplaceSyncedDir is ReplaceDir for a fill that syncs every file it
// writes, as it writes it (while it makes the next): only the directories
// are synced before the swap, rather than every file opened and synced
// again.
func ReplaceSyncedDir(target string, fill func(dir string) error) error {
	return replaceDir(target, fill, false)
}

func replaceDir(target string, fill func(dir string) error, syncFiles bool) error {
	target = filepath.Clean(target)
	if err := RecoverDir(target); err != nil {
		return err
	}
	parent, base := filepath.Dir(target), filepath.Base(target)
	pd, err := openRoot(parent, false)
	if err != nil {
		return fmt.Errorf("%s: %w", target, err)
	}
	defer pd.close()
	mode := fs.FileMode(0o755)
	fi, err := pd.lstat(base)
	exists := err == nil
	if exists {
		if fi.Mode()&fs.ModeSymlink != 0 {
			return &LinkError{Path: target, Dir: true}
		}
		if !fi.IsDir() {
			return fmt.Errorf("%s: not a directory", target)
		}
		// The previous directory's permissions, but never writable by
		// others than its owner: a checkout's 0777 is not passed on.
		mode = fi.Mode().Perm() & 0o755
	}
	var r [6]byte
	rand.Read(r[:])
	suffix := hex.EncodeToString(r[:])
	j := dirJournal{Target: base, New: "." + base + ".new-" + suffix, Old: "." + base + ".old-" + suffix}
	jp := DirJournal(target)
	jname := filepath.Base(jp)
	if err := writeJournal(pd, jname, j); err != nil {
		return err
	}
	undo := func() { recoverDir(parent, j); pd.remove(jname) }
	tmp := filepath.Join(parent, j.New)
	if err := os.Mkdir(tmp, 0o700); err != nil {
		undo()
		return fmt.Errorf("%s: %w", target, err)
	}
	if err := dirStep("fill", base); err != nil {
		return crashOr(err, undo)
	}
	if err := fill(tmp); err != nil {
		undo()
		return err
	}
	if err := syncTree(tmp, syncFiles); err != nil {
		undo()
		return fmt.Errorf("%s: %w", target, err)
	}
	if err := os.Chmod(tmp, mode); err != nil {
		undo()
		return fmt.Errorf("%s: %w", target, err)
	}
	if err := dirStep("swap", base); err != nil {
		return crashOr(err, undo)
	}
	if exists {
		// One atomic step where the file system allows it: the new directory
		// and the old trade places, and the old is removed at leisure.
		sysPoint("exchange", target)
		err := exchange(tmp, target)
		switch {
		case err == nil:
			j.New, j.Old = "", j.New // the old directory now has the temporary name
		case errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EXDEV):
			// No exchange here: move the old aside, with the journal to put
			// it back should the process die between the two renames.
			sysPoint("rename", target)
			if err := os.Rename(target, filepath.Join(parent, j.Old)); err != nil {
				undo()
				return fmt.Errorf("%s: %w", target, err)
			}
			if err := dirStep("aside", base); err != nil {
				return crashOr(err, undo)
			}
			sysPoint("rename", tmp)
			if err := os.Rename(tmp, target); err != nil {
				undo()
				return fmt.Errorf("%s: %w", target, err)
			}
			j.New = ""
		default:
			undo()
			return fmt.Errorf("%s: %w", target, err)
		}
	} else {
		sysPoint("rename", tmp)
		if err := os.Rename(tmp, target); err != nil {
			undo()
			return fmt.Errorf("%s: %w", target, err)
		}
		j.New = ""
	}
	syncDirs(map[string]bool{parent: true})
	if err := dirStep("commit", base); err != nil {
		if errors.Is(err, errCrash) {
			return err
		}
	}
	// The commit point: the journal now only names what is left to delete.
	if err := writeJournal(pd, jname, j); err != nil {
		return err
	}
	if err := dirStep("clean", base); err != nil {
		if errors.Is(err, errCrash) {
			return err
		}
	}
	recoverDir(parent, j)
	pd.remove(jname)
	return nil
}

// RecoverDir finishes or undoes a swap of dir that a killed run left. A
// journal that names anything but dir and temporaries of ReplaceDir's own
// pattern is refused, with nothing changed.
func RecoverDir(dir string) error {
	dir = filepath.Clean(dir)
	jp := DirJournal(dir)
	pd, err := openRoot(filepath.Dir(dir), false)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("recovering %s: %w", dir, err)
	}
	defer pd.close()
	b, ok, err := readJournal(pd, filepath.Base(jp))
	if err != nil {
		var je *JournalError
		if errors.As(err, &je) {
			return err
		}
		return fmt.Errorf("recovering %s: %w", dir, err)
	}
	if !ok {
		return nil
	}
	var j dirJournal
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&j); err != nil {
		return &JournalError{jp, "it is not a journal (" + err.Error() + ")"}
	}
	if why := j.untrusted(filepath.Base(dir)); why != "" {
		return &JournalError{jp, why}
	}
	recoverDir(filepath.Dir(dir), j)
	return pd.remove(filepath.Base(jp))
}

// untrusted says why a directory journal is not one ReplaceDir of base
// writes, or "": it names base, and temporaries ".BASE.new-" and ".BASE.old-"
// followed by the same twelve hexadecimal digits.
func (j dirJournal) untrusted(base string) string {
	for _, n := range []string{j.Target, j.New, j.Old} {
		if n != "" && (!filepath.IsLocal(n) || strings.ContainsRune(n, filepath.Separator)) {
			return fmt.Sprintf("it names %q, outside the directory", n)
		}
	}
	if j.Target != base {
		return fmt.Sprintf("it is the journal of %q", j.Target)
	}
	suffix := ""
	// After an exchange the old directory has the new one's temporary name.
	for _, t := range []struct {
		name  string
		kinds []string
	}{{j.New, []string{".new-"}}, {j.Old, []string{".old-", ".new-"}}} {
		if t.name == "" {
			continue
		}
		s, ok := "", false
		for _, k := range t.kinds {
			if s, ok = strings.CutPrefix(t.name, "."+base+k); ok {
				break
			}
		}
		if _, err := hex.DecodeString(s); !ok || err != nil || len(s) != 12 || strings.ToLower(s) != s {
			return fmt.Sprintf("it names %q, not a temporary ReplaceDir makes", t.name)
		}
		if suffix != "" && s != suffix {
			return fmt.Sprintf("it names %q and %q, temporaries of two different runs", j.New, j.Old)
		}
		suffix = s
	}
	return ""
}

// recoverDir puts the previous directory back if it was moved aside and the
// new one is not in place, then removes the temporaries. Only real
// directories are moved; a link in a temporary's place is removed itself.
func recoverDir(parent string, j dirJournal) {
	target := filepath.Join(parent, j.Target)
	if j.Old != "" {
		old := filepath.Join(parent, j.Old)
		if _, err := os.Lstat(target); errors.Is(err, fs.ErrNotExist) {
			if fi, err := os.Lstat(old); err == nil && fi.IsDir() {
				sysPoint("rename", old)
				os.Rename(old, target)
			}
		}
		if _, err := os.Lstat(target); err == nil {
			sysPoint("unlink", old)
			removeTree(old)
		}
	}
	if j.New != "" {
		sysPoint("unlink", filepath.Join(parent, j.New))
		removeTree(filepath.Join(parent, j.New))
	}
	syncDirs(map[string]bool{parent: true})
}

// syncTree makes every file below dir durable before it is swapped in. The
// files are synced at once: the file system commits concurrent syncs
// together, where one after another each waits for its own commit (for
// reproduce's 46 files, 35–98 ms in turn against 11–16 ms at once). With
// files false only the directories are synced: the writer synced each file.
func syncTree(dir string, files bool) error {
	dirs := map[string]bool{}
	var g errgroup.Group
	g.SetLimit(syncers)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			dirs[p] = true
			return nil
		}
		if !files {
			return nil
		}
		g.Go(func() error {
			f, err := os.Open(p)
			if err != nil {
				return err
			}
			serr := f.Sync()
			f.Close()
			return serr
		})
		return nil
	})
	if serr := g.Wait(); err == nil {
		err = serr
	}
	syncDirs(dirs)
	return err
}

// removeTree removes dir as os.RemoveAll does, its files several at once:
// one after another, the unlinks of reproduce's 69 files took 7–9 ms, the
// file system freeing each one's blocks in turn; four at a time, 4–5 ms.
// Links are removed, never followed.
func removeTree(dir string) {
	var files []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, p)
		}
		return nil
	})
	var g errgroup.Group
	g.SetLimit(removers)
	for _, f := range files {
		g.Go(func() error {
			os.Remove(f)
			return nil
		})
	}
	g.Wait()
	os.RemoveAll(dir)
}

// removers bounds the files removed at once.
const removers = 4

// syncers bounds the files synced at once: enough for a commit to gather
// them, few enough not to hold a descriptor per file of a large tree.
const syncers = 16

func dirStep(step, rel string) error {
	if Hook == nil {
		return nil
	}
	return Hook("dir-"+step, rel)
}

func crashOr(err error, undo func()) error {
	if !errors.Is(err, errCrash) {
		undo()
	}
	return err
}

// ErrCrash, returned by a hook, stops a commit or a swap as a killed process
// would: without rolling back.
var ErrCrash = errCrash
