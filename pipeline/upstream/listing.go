package upstream

import (
	"fmt"
	"path"
	"strings"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
)

// entry is one file under Dir: its blob, or why it cannot be read.
type entry struct {
	hash    plumbing.Hash
	problem string // set for entries that are not regular files
}

// historian reads trees and blobs through one repository handle.
type historian struct {
	repo  *git.Repository
	paths map[string]map[string]string // dir → name → path: the same names recur in every tree
}

// file is one entry below Dir, in path order.
type file struct {
	path string
	entry
}

// list appends the files of tree dir to into, in path order. Git sorts a
// tree's entries by name (a directory as if its name ended in "/"), so
// consecutive listings can be compared by a merge walk.
func (h *historian) list(tree plumbing.Hash, dir string, depth int, into []file) ([]file, error) {
	t, err := h.repo.TreeObject(tree)
	if err != nil {
		return nil, fmt.Errorf("reading tree %s: %w", dir, err)
	}
	for _, e := range t.Entries {
		p, bad := h.join(dir, e.Name)
		if bad != "" {
			into = append(into, file{p, entry{hash: e.Hash, problem: bad}})
			continue
		}
		switch e.Mode {
		case filemode.Regular, filemode.Executable, filemode.Deprecated:
			into = append(into, file{p, entry{hash: e.Hash}})
		case filemode.Dir:
			if depth+1 >= maxDepth {
				into = append(into, file{p, entry{hash: e.Hash, problem: fmt.Sprintf("directory nested deeper than %d levels: not read", maxDepth)}})
				continue
			}
			if into, err = h.list(e.Hash, p, depth+1, into); err != nil {
				return nil, err
			}
		case filemode.Symlink:
			into = append(into, file{p, entry{hash: e.Hash, problem: "symbolic link: not followed"}})
		case filemode.Submodule:
			into = append(into, file{p, entry{hash: e.Hash, problem: "submodule: not read"}})
		default:
			into = append(into, file{p, entry{hash: e.Hash, problem: fmt.Sprintf("unknown file mode %o: not read", uint32(e.Mode))}})
		}
	}
	return into, nil
}

// join is safeJoin, remembering the paths it has made.
func (h *historian) join(dir, name string) (string, string) {
	names := h.paths[dir]
	if p, ok := names[name]; ok {
		return p, ""
	}
	p, bad := safeJoin(dir, name)
	if bad == "" {
		if names == nil {
			names = map[string]string{}
			h.paths[dir] = names
		}
		names[name] = p
	}
	return p, bad
}

// safeJoin joins a tree entry name to its directory. Git's own checks forbid
// names such as "..", "a/b" or ".git", but a crafted repository can hold them;
// they are never used to touch a file system here, and are reported.
func safeJoin(dir, name string) (p, problem string) {
	switch {
	case name == "" || name == "." || name == "..":
		return dir + "/" + fmt.Sprintf("%q", name), fmt.Sprintf("unsafe file name %q: not read", name)
	case strings.ContainsAny(name, "/\\\x00"):
		return dir + "/" + strings.NewReplacer("/", "%2F", "\\", "%5C", "\x00", "%00").Replace(name), fmt.Sprintf("unsafe file name %q: not read", name)
	case strings.EqualFold(strings.TrimRight(name, ". "), ".git"):
		return path.Join(dir, name), fmt.Sprintf("unsafe file name %q: not read", name)
	}
	return dir + "/" + name, ""
}

// delta is what changed between two listings of Dir.
type delta struct {
	added, removed, modified []file
}

// compare merge-walks two listings sorted by path.
func compare(prev, cur []file) delta {
	var d delta
	i, j := 0, 0
	for i < len(prev) || j < len(cur) {
		switch {
		case j == len(cur) || (i < len(prev) && prev[i].path < cur[j].path):
			d.removed = append(d.removed, prev[i])
			i++
		case i == len(prev) || cur[j].path < prev[i].path:
			d.added = append(d.added, cur[j])
			j++
		default:
			if prev[i].entry != cur[j].entry {
				d.modified = append(d.modified, cur[j])
			}
			i++
			j++
		}
	}
	return d
}
