package upstream

import (
	"strings"

	"github.com/go-git/go-git/v5/plumbing"

	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

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
		if fields["category"] != vocab.State || strings.TrimSpace(fields["nationality"]) == "" {
			return ""
		}
		return "state " + strings.TrimSpace(fields["nationality"])
	})
	return pairs
}
