package upstream

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"strings"
	"time"

	"github.com/go-git/go-git/v5"
	"github.com/go-git/go-git/v5/plumbing"
	"github.com/go-git/go-git/v5/plumbing/filemode"
	"github.com/go-git/go-git/v5/plumbing/object"

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
			return nil, fmt.Errorf("commit %d (%s): %w", seq, c.Committer.When.Format(time.DateOnly), err)
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
			return nil, fmt.Errorf("commit %d (%s): %w", st.seq, st.date.Format(time.DateOnly), err)
		}
		// Git's order is already this one but for unsafe names, which are
		// escaped; the merge walk below needs it exact.
		sort.Slice(files, func(a, b int) bool { return files[a].path < files[b].path })
		return dedupe(files), nil
	}
	err = parallelRanges(ctx, path, workers, len(states), func(ctx context.Context, h *historian, lo, hi int) error {
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
	err = parallel(ctx, path, workers, len(blobs), func(_ context.Context, h *historian, i int) error {
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

// ErrNoSupporters is returned when the history never held Dir.
var ErrNoSupporters = errors.New("no " + Dir + " directory anywhere in the first-parent history")
