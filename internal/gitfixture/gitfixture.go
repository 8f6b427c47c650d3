// Package gitfixture builds small git repositories at test time, commit by
// commit, writing objects directly so that tests can also build what a normal
// work tree cannot hold: symbolic links, unsafe names, huge or binary blobs.
package gitfixture

import (
	"fmt"
	"path"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"
	"github.com/go-git/go-git/v5/storage"
)

// Entry is one file of a commit's tree.
type Entry struct {
	Mode    filemode.FileMode
	Content []byte
}

// File is a regular file entry.
func File(content string) *Entry { return &Entry{Mode: filemode.Regular, Content: []byte(content)} }

// Symlink is a symbolic link entry pointing at target.
func Symlink(target string) *Entry { return &Entry{Mode: filemode.Symlink, Content: []byte(target)} }

// Repo is a repository under construction.
type Repo struct {
	t      testing.TB
	Dir    string
	Repo   *git.Repository
	files  map[string]*Entry // path → entry; a path element may be any string
	head   plumbing.Hash
	branch plumbing.ReferenceName
}

// New creates an empty bare repository in a temporary directory.
func New(t testing.TB) *Repo {
	t.Helper()
	dir := t.TempDir()
	r, err := git.PlainInit(dir, true)
	if err != nil {
		t.Fatal(err)
	}
	return &Repo{t: t, Dir: dir, Repo: r, files: map[string]*Entry{}, branch: plumbing.NewBranchReferenceName("master")}
}

// Supporter returns the content of a supporter file in the upstream's form.
func Supporter(name, category, nature, nationality string) *Entry {
	return File(fmt.Sprintf("---\nname: %q\ncategory: %s\nnature: %q\nnationality: %s\n---\n", name, category, nature, nationality))
}

// Commit records a commit on the default branch: files maps paths to new
// entries, or to nil to delete them. Paths are split on "/"; use Raw for
// names containing one.
func (r *Repo) Commit(date string, msg string, files map[string]*Entry) plumbing.Hash {
	r.t.Helper()
	r.apply(files)
	return r.commit(date, msg, []plumbing.Hash{r.head})
}

// Merge records a merge commit with the given side parent.
func (r *Repo) Merge(date, msg string, side plumbing.Hash, files map[string]*Entry) plumbing.Hash {
	r.t.Helper()
	r.apply(files)
	return r.commit(date, msg, []plumbing.Hash{r.head, side})
}

// Head returns the current commit.
func (r *Repo) Head() plumbing.Hash { return r.head }

// ResetTo moves the branch back to commit h with the given file state
// (a force-push, for tests of history rewrites).
func (r *Repo) ResetTo(h plumbing.Hash, files map[string]*Entry) {
	r.head = h
	r.files = map[string]*Entry{}
	for p, e := range files {
		r.files[p] = e
	}
	r.setRef()
}

// CommitAt is Commit at a time that RFC 3339 cannot write, such as one in
// the zone +99:59 that git accepts.
func (r *Repo) CommitAt(when time.Time, msg string, files map[string]*Entry) plumbing.Hash {
	r.t.Helper()
	r.apply(files)
	return r.commitAt(when, msg, []plumbing.Hash{r.head})
}

// apply sets the files of the next commit: an entry, or nil to delete.
func (r *Repo) apply(files map[string]*Entry) {
	for p, e := range files {
		if e == nil {
			delete(r.files, p)
		} else {
			r.files[p] = e
		}
	}
}

func (r *Repo) commit(date, msg string, parents []plumbing.Hash) plumbing.Hash {
	when, err := time.Parse(time.RFC3339, date)
	if err != nil {
		r.t.Fatalf("gitfixture: date %q: %v", date, err)
	}
	return r.commitAt(when, msg, parents)
}

func (r *Repo) commitAt(when time.Time, msg string, parents []plumbing.Hash) plumbing.Hash {
	tree := r.writeTree("")
	var ps []plumbing.Hash
	for _, p := range parents {
		if !p.IsZero() {
			ps = append(ps, p)
		}
	}
	sig := object.Signature{Name: "fixture", Email: "fixture@example.invalid", When: when}
	c := &object.Commit{Author: sig, Committer: sig, Message: msg, TreeHash: tree, ParentHashes: ps}
	r.head = r.store(c)
	r.setRef()
	return r.head
}

func (r *Repo) setRef() {
	if err := r.Repo.Storer.SetReference(plumbing.NewHashReference(r.branch, r.head)); err != nil {
		r.t.Fatal(err)
	}
	if err := r.Repo.Storer.SetReference(plumbing.NewSymbolicReference(plumbing.HEAD, r.branch)); err != nil {
		r.t.Fatal(err)
	}
}

type encoder interface {
	Encode(o plumbing.EncodedObject) error
}

func (r *Repo) store(o encoder) plumbing.Hash {
	s := r.Repo.Storer.(storage.Storer)
	obj := s.NewEncodedObject()
	if err := o.Encode(obj); err != nil {
		r.t.Fatal(err)
	}
	h, err := s.SetEncodedObject(obj)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

func (r *Repo) blob(b []byte) plumbing.Hash {
	s := r.Repo.Storer.(storage.Storer)
	obj := s.NewEncodedObject()
	obj.SetType(plumbing.BlobObject)
	w, _ := obj.Writer()
	w.Write(b)
	w.Close()
	h, err := s.SetEncodedObject(obj)
	if err != nil {
		r.t.Fatal(err)
	}
	return h
}

// writeTree writes the tree of directory dir ("" is the root). A path
// element written as a Raw name is used verbatim.
func (r *Repo) writeTree(dir string) plumbing.Hash {
	children := map[string]bool{}
	var entries []object.TreeEntry
	for p, e := range r.files {
		rel := p
		if dir != "" {
			if !strings.HasPrefix(p, dir+"/") {
				continue
			}
			rel = p[len(dir)+1:]
		}
		name, _, sub := strings.Cut(rel, "/")
		if sub {
			if !children[name] {
				children[name] = true
				entries = append(entries, object.TreeEntry{Name: unraw(name), Mode: filemode.Dir, Hash: r.writeTree(path.Join(dir, name))})
			}
			continue
		}
		entries = append(entries, object.TreeEntry{Name: unraw(name), Mode: e.Mode, Hash: r.blob(e.Content)})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Name < entries[j].Name })
	return r.store(&object.Tree{Entries: entries})
}

// Raw marks a tree entry name that contains "/" or other characters that
// would otherwise be read as path structure.
func Raw(name string) string { return "\x01" + strings.ReplaceAll(name, "/", "\x02") + "\x01" }

func unraw(n string) string {
	if strings.HasPrefix(n, "\x01") && strings.HasSuffix(n, "\x01") {
		return strings.ReplaceAll(strings.Trim(n, "\x01"), "\x02", "/")
	}
	return n
}
