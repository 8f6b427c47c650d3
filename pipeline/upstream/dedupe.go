package upstream

import (
	"fmt"
	"sort"
)

// dedupe gives a distinct path to every entry of a listing sorted by path.
// A crafted tree can hold two entries of one name, or an unsafe name that
// escapes to the same path as a real one ("a/b" and "a%2Fb"); two rows of one
// file in one change would make a snapshot that cannot be read back. The
// second and later entries of a path are kept, not read, under the path with
// a "#2", "#3"… suffix, the same in every listing that holds them.
func dedupe(files []file) []file {
	dup := false
	for i := 1; i < len(files); i++ {
		if files[i].path == files[i-1].path {
			dup = true
			break
		}
	}
	if !dup {
		return files
	}
	// Which entry comes first must not depend on the sort: order equal
	// paths by object, then problem.
	sort.SliceStable(files, func(a, b int) bool {
		x, y := files[a], files[b]
		if x.path != y.path {
			return x.path < y.path
		}
		if x.hash != y.hash {
			return x.hash.String() < y.hash.String()
		}
		return x.problem < y.problem
	})
	taken := map[string]bool{}
	for _, f := range files {
		taken[f.path] = true
	}
	for i := 0; i < len(files); {
		j := i + 1
		for j < len(files) && files[j].path == files[i].path {
			j++
		}
		orig, n := files[i].path, 1
		for k := i + 1; k < j; k++ {
			p := ""
			for n++; ; n++ {
				if p = fmt.Sprintf("%s#%d", orig, n); !taken[p] {
					break
				}
			}
			taken[p] = true
			files[k].path = p
			files[k].problem = fmt.Sprintf("another entry of the tree has the path %s: not read", orig)
		}
		i = j
	}
	sort.SliceStable(files, func(a, b int) bool { return files[a].path < files[b].path })
	return files
}
