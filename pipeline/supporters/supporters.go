// Package supporters turns the raw supporter history (the snapshot) into one
// record per supporter, keeping identity across file renames, front-matter
// edits, re-additions and duplicate files.
//
// Every join of two files into one supporter is made by a stated rule or an
// explicit, reviewed link, and is recorded, so the identity of each supporter
// can be audited.
package supporters

import (
	"fmt"
	"sort"
	"time"

	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// Link is a reviewed identity link between a file that disappeared and the
// file that replaced it. The evidence stays in the links file, published as
// it is; the join only needs the two paths.
type Link struct {
	From, To string
	Line     int // in the links file, for errors
}

// Config is what Build needs besides the history.
type Config struct {
	Categories map[string]string // published category → category
	Resolver   *countries.Resolver
	Links      []Link
	// Source names the snapshot file in error messages.
	Source string
	// LinksSource names the links file in error messages.
	LinksSource string
}

// Supporter is one row of the supporters table.
type Supporter struct {
	ID                  string
	Name                string
	Category            string
	CategoryPublished   string
	CategoryInFileName  string
	Nature, Nationality string
	Country             string
	CountryMethod       countries.Method
	EUMember            *bool
	FirstSeen           time.Time
	RemovedOn           time.Time // zero if present at the end of the history
	InFirstCommit       bool
	DateSigned          string
	Alliance            string
	Website             string
	Twitter             string
	LinkedIn            string
	Path                string
	Versions            int
	FieldsFrom          string
	Lineages            []*Lineage
}

// Day is the calendar date of t in its own time zone, as YYYY-MM-DD.
func Day(t time.Time) string { return t.Format(time.DateOnly) }

// Result is the outcome of Build.
type Result struct {
	Supporters []*Supporter // sorted by ID
	Lineages   []*Lineage
	Notes      []string // observations a maintainer should see (unreadable versions…)
}

// Build derives supporters from the history.
func Build(history []snapshot.Change, cfg Config) (*Result, error) {
	lineages, err := trace(history, cfg.Source)
	if err != nil {
		return nil, err
	}
	j := &joiner{ls: lineages, res: cfg.Resolver, members: make([][]int, len(lineages))}
	for i := range lineages {
		lineages[i].supporter = i
		j.members[i] = []int{i}
	}
	if err := j.explicit(cfg.Links, cfg.LinksSource); err != nil {
		return nil, err
	}
	j.reappearances()
	j.duplicates()

	members := map[int][]int{}
	for i := range lineages {
		r := j.find(i)
		members[r] = append(members[r], i)
	}
	edges := map[int][]edge{} // the joins of each supporter, in order
	for _, e := range j.edges {
		r := j.find(e.a)
		edges[r] = append(edges[r], e)
	}
	res := &Result{Lineages: lineages}
	for r, m := range members {
		sort.Slice(m, func(a, b int) bool {
			x, y := lineages[m[a]], lineages[m[b]]
			if x.AddedSeq != y.AddedSeq {
				return x.AddedSeq < y.AddedSeq
			}
			return x.FirstPath < y.FirstPath
		})
		explain(j.ls, m, edges[r])
		g := make([]*Lineage, len(m))
		for k, i := range m {
			g[k] = lineages[i]
		}
		s, err := describe(g, cfg)
		if err != nil {
			return nil, err
		}
		res.Supporters = append(res.Supporters, s)
	}
	assignIDs(res.Supporters)
	sort.Slice(res.Supporters, func(a, b int) bool { return res.Supporters[a].ID < res.Supporters[b].ID })
	for _, l := range lineages {
		for _, v := range l.Versions {
			if v.Problem != "" && v.Kind != snapshot.Removed {
				res.Notes = append(res.Notes, fmt.Sprintf("%s %s: unreadable version (%s)", Day(v.Date), v.Path, v.Problem))
			}
		}
	}
	return res, nil
}
