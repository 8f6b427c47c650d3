package supporters

import (
	"fmt"
	"sort"

	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

type joiner struct {
	ls    []*Lineage
	res   *countries.Resolver
	edges []edge // every join made, in order
	// members lists the lineages of each supporter, by root; the lists
	// keep aliveAt from scanning every lineage.
	members [][]int
}

type edge struct {
	a, b int
	why  string
}

func (j *joiner) find(i int) int {
	for j.ls[i].supporter != i {
		j.ls[i].supporter = j.ls[j.ls[i].supporter].supporter
		i = j.ls[i].supporter
	}
	return i
}

// union joins the supporters of lineages a and b, and records why.
func (j *joiner) union(a, b int, why string) {
	ra, rb := j.find(a), j.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	j.ls[rb].supporter = ra
	// Append the shorter list to the longer: each lineage moves O(log n) times.
	if len(j.members[ra]) < len(j.members[rb]) {
		j.members[ra], j.members[rb] = j.members[rb], j.members[ra]
	}
	j.members[ra], j.members[rb] = append(j.members[ra], j.members[rb]...), nil
	j.edges = append(j.edges, edge{a, b, why})
}

// explain gives every lineage of a group, sorted by addition, the reason of
// the join that first reaches it from the group's earliest lineage; edges are
// the group's joins, in the order they were made.
func explain(ls []*Lineage, g []int, edges []edge) {
	ls[g[0]].LinkedBy = "first"
	reached := map[int]bool{g[0]: true}
	for grew := true; grew; {
		grew = false
		for _, e := range edges {
			switch {
			case reached[e.a] && !reached[e.b]:
				ls[e.b].LinkedBy, reached[e.b], grew = e.why, true, true
			case reached[e.b] && !reached[e.a]:
				ls[e.a].LinkedBy, reached[e.a], grew = e.why, true, true
			}
		}
	}
}

func (j *joiner) explicit(links []Link, source string) error {
	byLast, byFirst := map[string][]int{}, map[string][]int{}
	for i, l := range j.ls {
		if !l.Removed.IsZero() {
			byLast[l.LastPath] = append(byLast[l.LastPath], i)
		}
		byFirst[l.FirstPath] = append(byFirst[l.FirstPath], i)
	}
	for _, k := range links {
		from, to := byLast[k.From], byFirst[k.To]
		if len(from) == 0 {
			return fmt.Errorf("%s:%d: field from_path: no removed supporter file ends at %s", source, k.Line, k.From)
		}
		if len(to) == 0 {
			return fmt.Errorf("%s:%d: field to_path: no supporter file starts at %s", source, k.Line, k.To)
		}
		// The latest removal before the earliest addition after it.
		f := from[len(from)-1]
		t := -1
		for _, c := range to {
			if j.ls[c].AddedSeq >= j.ls[f].RemovedSeq {
				t = c
				break
			}
		}
		if t < 0 {
			return fmt.Errorf("%s:%d: field to_path: %s is not added after %s is removed", source, k.Line, k.To, k.From)
		}
		j.union(f, t, "explicit")
	}
	return nil
}

// reappearances joins a file added after a supporter had gone, when it is the
// same supporter by path, by name, or, for states, by country. The rules are
// tried in that order; the candidate removed most recently wins.
func (j *joiner) reappearances() {
	type rule struct {
		why        string
		start, end []string // key of each lineage at its start and at its end
		ended      map[string][]int
	}
	rules := []*rule{{why: "same-path"}, {why: "same-name"}, {why: "same-country"}}
	for _, r := range rules {
		r.start, r.end, r.ended = make([]string, len(j.ls)), make([]string, len(j.ls)), map[string][]int{}
	}
	for i, l := range j.ls {
		first, last := firstReadable(l), lastReadable(l)
		rules[0].start[i], rules[0].end[i] = l.FirstPath, l.LastPath
		rules[1].start[i], rules[1].end[i] = snapshot.NameKey(first.Fields["name"]), snapshot.NameKey(last.Fields["name"])
		rules[2].start[i], rules[2].end[i] = j.stateCountry(first), j.stateCountry(last)
		if !l.Removed.IsZero() {
			for _, r := range rules {
				if r.end[i] != "" {
					r.ended[r.end[i]] = append(r.ended[r.end[i]], i)
				}
			}
		}
	}
	order := make([]int, len(j.ls))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return j.ls[order[a]].AddedSeq < j.ls[order[b]].AddedSeq })
	for _, n := range order {
		l := j.ls[n]
		for _, r := range rules {
			k := r.start[n]
			if k == "" {
				continue
			}
			best := -1
			for _, m := range r.ended[k] {
				o := j.ls[m]
				if m == n || o.RemovedSeq > l.AddedSeq || j.find(m) == j.find(n) || j.aliveAt(j.find(m), l.AddedSeq, n) {
					continue
				}
				if best < 0 || o.RemovedSeq > j.ls[best].RemovedSeq {
					best = m
				}
			}
			if best >= 0 {
				j.union(best, n, r.why)
				break
			}
		}
	}
}

// aliveAt reports whether any lineage of supporter root other than skip is
// present just after change seq.
func (j *joiner) aliveAt(root, seq, skip int) bool {
	for _, i := range j.members[root] {
		if l := j.ls[i]; i != skip && l.AddedSeq < seq && l.Alive(seq) {
			return true
		}
	}
	return false
}

// duplicates joins files that coexist under the same final name: the same
// supporter filed twice (CASMU and casmu, Teletón as private sector and as
// civil society).
func (j *joiner) duplicates() {
	byName := map[string][]int{}
	for i, l := range j.ls {
		if k := snapshot.NameKey(lastReadable(l).Fields["name"]); k != "" {
			byName[k] = append(byName[k], i)
		}
	}
	keys := make([]string, 0, len(byName))
	for k := range byName {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		ids := byName[k]
		for a := 0; a < len(ids); a++ {
			for b := a + 1; b < len(ids); b++ {
				x, y := j.ls[ids[a]], j.ls[ids[b]]
				if overlap(x, y) {
					if y.AddedSeq < x.AddedSeq {
						j.union(ids[b], ids[a], "duplicate")
					} else {
						j.union(ids[a], ids[b], "duplicate")
					}
				}
			}
		}
	}
}

func overlap(x, y *Lineage) bool {
	end := func(l *Lineage) int {
		if l.Removed.IsZero() {
			return int(^uint(0) >> 1)
		}
		return l.RemovedSeq
	}
	return x.AddedSeq < end(y) && y.AddedSeq < end(x)
}

func (j *joiner) stateCountry(v snapshot.Change) string {
	if v.Fields["category"] != vocab.State {
		return ""
	}
	if r := j.res.Resolve(v.Fields["nationality"]); r.Alpha3 != "" {
		return r.Alpha3
	}
	return j.res.Resolve(v.Fields["name"]).Alpha3
}
