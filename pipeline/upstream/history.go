package upstream

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

	"github.com/cybernorms/cybernorms/pipeline/frontmatter"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// Dir is the Jekyll collection that holds one file per supporter.
const Dir = "_supporters"

// maxDepth bounds how deep History descends below Dir; the upstream uses none.
const maxDepth = 4

// History returns every change to the supporter files along the first-parent
// history of HEAD of the repository at path, oldest first: what the site
// published, in the order it published it. A merge counts as one change, dated
// when it landed. Trees and blobs are read by one reader per CPU.
func History(ctx context.Context, path string) ([]snapshot.Change, error) {
	return history(ctx, path, runtime.GOMAXPROCS(0))
}

func history(ctx context.Context, path string, workers int) ([]snapshot.Change, error) {
	repo, err := OpenPath(path)
	if err != nil {
		return nil, err
	}
	defer repo.Close()
	head, err := repo.Head()
	if err != nil {
		return nil, fmt.Errorf("reading HEAD: %w", err)
	}
	chain, err := firstParents(repo.Repository, head.Hash())
	if err != nil {
		return nil, err
	}
	// The Dir tree of each commit; consecutive equal trees are one state.
	type state struct {
		seq     int
		date    time.Time
		subject string
		dir     plumbing.Hash
	}
	var states []*state
	var prevDir plumbing.Hash
	for seq, c := range chain {
		dir, err := supportersTree(c)
		if err != nil {
			return nil, fmt.Errorf("commit %d (%s): %w", seq, c.Committer.When.Format("2006-01-02"), err)
		}
		if dir == prevDir {
			continue
		}
		subject, _, _ := strings.Cut(c.Message, "\n")
		states = append(states, &state{seq: seq, date: c.Committer.When, subject: strings.TrimSpace(subject), dir: dir})
		prevDir = dir
	}
	if len(states) == 0 || (len(states) == 1 && states[0].dir.IsZero()) {
		return nil, ErrNoSupporters
	}

	// List the trees and compare consecutive ones, in parallel: each worker
	// walks a contiguous range of states, so that it holds two listings at a
	// time, never the whole history's.
	diffs := make([]delta, len(states))
	list := func(h *historian, i int, into []file) ([]file, error) {
		st := states[i]
		if st.dir.IsZero() {
			return into, nil
		}
		files, err := h.list(st.dir, Dir, 0, into)
		if err != nil {
			return nil, fmt.Errorf("commit %d (%s): %w", st.seq, st.date.Format("2006-01-02"), err)
		}
		// Git's order is already this one but for unsafe names, which are
		// escaped; the merge walk below needs it exact.
		sort.Slice(files, func(a, b int) bool { return files[a].path < files[b].path })
		return dedupe(files), nil
	}
	err = parallelRanges(ctx, path, workers, len(states), func(h *historian, lo, hi int) error {
		// Two listings, reused in turn: compare copies what it keeps.
		var prev, cur []file
		if lo > 0 {
			var err error
			if prev, err = list(h, lo-1, nil); err != nil {
				return err
			}
		}
		for i := lo; i < hi; i++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			var err error
			if cur, err = list(h, i, cur[:0]); err != nil {
				return err
			}
			diffs[i] = compare(prev, cur)
			prev, cur = cur, prev
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Read every blob the changes need, in parallel.
	need := map[plumbing.Hash]bool{}
	for _, d := range diffs {
		for _, list := range [][]file{d.added, d.removed, d.modified} {
			for _, f := range list {
				if f.problem == "" {
					need[f.hash] = true
				}
			}
		}
	}
	// In order of first use: successive versions of a file are near each
	// other, as they are in the delta chains of the pack.
	blobs := make([]plumbing.Hash, 0, len(need))
	for _, d := range diffs {
		for _, list := range [][]file{d.added, d.removed, d.modified} {
			for _, f := range list {
				if need[f.hash] && f.problem == "" {
					blobs = append(blobs, f.hash)
					delete(need, f.hash)
				}
			}
		}
	}
	parsedBlobs := make([]parsed, len(blobs))
	err = parallel(ctx, path, workers, len(blobs), func(h *historian, i int) error {
		parsedBlobs[i] = h.parse(blobs[i])
		return nil
	})
	if err != nil {
		return nil, err
	}
	p := &pairer{parsed: make(map[plumbing.Hash]parsed, len(blobs))}
	for i, b := range blobs {
		p.parsed[b] = parsedBlobs[i]
	}

	var out []snapshot.Change
	for i, st := range states {
		changes := p.changes(diffs[i])
		for j := range changes {
			changes[j].Seq, changes[j].Date, changes[j].Subject = st.seq, st.date, st.subject
		}
		snapshot.Sort(changes)
		out = append(out, changes...)
	}
	return out, nil
}

// parallel runs job for indexes 0..n-1 on workers goroutines, each with its
// own reader of the repository: go-git repositories are not safe for
// concurrent use, but separate ones on the same files are. Each worker takes
// a contiguous range, so that an object and its delta base, usually
// neighbours in history, are read by the same worker and its cache.
func parallel(ctx context.Context, path string, workers, n int, job func(h *historian, i int) error) error {
	return parallelRanges(ctx, path, workers, n, func(h *historian, lo, hi int) error {
		for i := lo; i < hi; i++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := job(h, i); err != nil {
				return err
			}
		}
		return nil
	})
}

// parallelRanges splits 0..n-1 into one contiguous range per worker.
func parallelRanges(ctx context.Context, path string, workers, n int, job func(h *historian, lo, hi int) error) error {
	if workers > n {
		workers = n
	}
	if workers < 1 {
		workers = 1
	}
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			repo, err := OpenPath(path)
			if err != nil {
				errs[w] = err
				return
			}
			defer repo.Close()
			h := &historian{repo: repo.Repository, paths: map[string]map[string]string{}}
			errs[w] = job(h, w*n/workers, (w+1)*n/workers)
		}(w)
	}
	wg.Wait()
	return errors.Join(errs...)
}

func firstParents(repo *git.Repository, from plumbing.Hash) ([]*object.Commit, error) {
	var chain []*object.Commit
	seen := map[plumbing.Hash]bool{}
	h := from
	for {
		if seen[h] {
			return nil, fmt.Errorf("commit %s is its own ancestor", h)
		}
		seen[h] = true
		c, err := repo.CommitObject(h)
		if err != nil {
			return nil, fmt.Errorf("reading commit %s: %w", h, err)
		}
		chain = append(chain, c)
		if len(c.ParentHashes) == 0 {
			break
		}
		h = c.ParentHashes[0]
	}
	for i, j := 0, len(chain)-1; i < j; i, j = i+1, j-1 {
		chain[i], chain[j] = chain[j], chain[i]
	}
	return chain, nil
}

// supportersTree returns the hash of the Dir tree of c, or zero if c has none.
// A Dir that is not a directory (a symbolic link to elsewhere, say) is an
// error: reading it as an empty directory would remove every supporter.
func supportersTree(c *object.Commit) (plumbing.Hash, error) {
	root, err := c.Tree()
	if err != nil {
		return plumbing.ZeroHash, err
	}
	for _, e := range root.Entries {
		if e.Name == Dir {
			if e.Mode != filemode.Dir {
				what := "a file"
				if e.Mode == filemode.Symlink {
					what = "a symbolic link"
				}
				return plumbing.ZeroHash, fmt.Errorf("%s is %s, not a directory: not followed", Dir, what)
			}
			return e.Hash, nil
		}
	}
	return plumbing.ZeroHash, nil
}

// entry is one file under Dir: its blob, or why it cannot be read.
type entry struct {
	hash    plumbing.Hash
	problem string // set for entries that are not regular files
}

type parsed struct {
	fields  map[string]string
	keys    []string
	other   map[string]string
	problem string
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

func (h *historian) parse(hash plumbing.Hash) parsed {
	blob, err := h.repo.BlobObject(hash)
	if err != nil {
		return parsed{problem: fmt.Sprintf("blob %s cannot be read: %v", hash, err)}
	}
	if blob.Size > frontmatter.MaxSize {
		return parsed{problem: fmt.Sprintf("file is %d bytes, over the %d-byte limit: not read", blob.Size, frontmatter.MaxSize)}
	}
	r, err := blob.Reader()
	if err != nil {
		return parsed{problem: fmt.Sprintf("blob %s cannot be read: %v", hash, err)}
	}
	defer r.Close()
	content, err := io.ReadAll(io.LimitReader(r, frontmatter.MaxSize+1))
	if err != nil {
		return parsed{problem: fmt.Sprintf("blob %s cannot be read: %v", hash, err)}
	}
	return fromContent(content)
}

// fromContent interprets a supporter file's bytes.
func fromContent(content []byte) parsed {
	doc, err := frontmatter.Parse(content)
	if err != nil {
		return parsed{problem: err.Error()}
	}
	p := parsed{fields: map[string]string{}}
	known := map[string]bool{}
	for _, f := range snapshot.KnownFields {
		known[f] = true
	}
	for _, f := range doc.Fields {
		p.keys = append(p.keys, f.Key)
		if known[f.Key] {
			p.fields[f.Key] = f.Value
			continue
		}
		if p.other == nil {
			p.other = map[string]string{}
		}
		p.other[f.Key] = f.Value
	}
	for _, req := range snapshot.RequiredFields {
		if _, ok := doc.Get(req); !ok {
			p.problem = fmt.Sprintf("field %s: missing", req)
			break
		}
	}
	for _, k := range p.keys {
		if strings.ContainsAny(k, " \t\r\n") {
			p.problem = fmt.Sprintf("field %q: name contains white space", k)
		}
	}
	return p
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

// pairer turns deltas into snapshot rows, knowing every blob's content.
type pairer struct {
	parsed map[plumbing.Hash]parsed
}

func (p *pairer) read(e entry) parsed {
	if e.problem != "" {
		return parsed{problem: e.problem}
	}
	return p.parsed[e.hash]
}

func (p *pairer) change(kind snapshot.Kind, f file, old string) snapshot.Change {
	pr := p.read(f.entry)
	return snapshot.Change{Kind: kind, Path: f.path, OldPath: old, Fields: pr.fields, Keys: pr.keys, Other: pr.other, Problem: pr.problem}
}

// changes lists the rows of one delta. A file that disappears in the same
// change as another appears is a rename when both are the same supporter:
// the same content, the same file-name slug, the same name, or the same state.
func (p *pairer) changes(d delta) []snapshot.Change {
	var out []snapshot.Change
	for _, f := range d.modified {
		out = append(out, p.change(snapshot.Modified, f, ""))
	}
	pairs := p.pairRenames(d.added, d.removed)
	paired := map[string]bool{}
	for _, f := range d.added {
		if r, ok := pairs[f.path]; ok {
			paired[r] = true
			out = append(out, p.change(snapshot.Renamed, f, r))
		}
	}
	for _, f := range d.added {
		if _, ok := pairs[f.path]; !ok {
			out = append(out, p.change(snapshot.Added, f, ""))
		}
	}
	for _, f := range d.removed {
		if !paired[f.path] {
			out = append(out, p.change(snapshot.Removed, f, ""))
		}
	}
	return out
}

// pairRenames matches added to removed files, one to one, trying the
// strongest evidence first. Both lists are in path order. It returns added
// path → removed path.
func (p *pairer) pairRenames(added, removed []file) map[string]string {
	pairs := map[string]string{}
	if len(added) == 0 || len(removed) == 0 {
		return pairs
	}
	taken := map[string]bool{}
	match := func(key func(f file) string) {
		index := map[string][]string{}
		for _, r := range removed {
			if taken[r.path] {
				continue
			}
			if k := key(r); k != "" {
				index[k] = append(index[k], r.path)
			}
		}
		for _, a := range added {
			if _, done := pairs[a.path]; done {
				continue
			}
			k := key(a)
			if k == "" {
				continue
			}
			for i, r := range index[k] {
				if !taken[r] {
					pairs[a.path] = r
					taken[r] = true
					index[k] = index[k][i+1:]
					break
				}
			}
		}
	}
	match(func(f file) string {
		if f.problem != "" {
			return ""
		}
		return "blob " + f.hash.String()
	})
	match(func(f file) string {
		slug, _, _ := snapshot.FileName(f.path)
		return slug
	})
	match(func(f file) string {
		return snapshot.NameKey(p.read(f.entry).fields["name"])
	})
	// A state is the only state supporter of its country.
	match(func(f file) string {
		fields := p.read(f.entry).fields
		if fields["category"] != "state" || strings.TrimSpace(fields["nationality"]) == "" {
			return ""
		}
		return "state " + strings.TrimSpace(fields["nationality"])
	})
	return pairs
}

// ErrNoSupporters is returned when the history never held Dir.
var ErrNoSupporters = errors.New("no " + Dir + " directory anywhere in the first-parent history")
