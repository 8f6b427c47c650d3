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
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// Link is a reviewed identity link between a file that disappeared and the
// file that replaced it.
type Link struct {
	From, To, Reason string
	Line             int // in the links file, for errors
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

// Lineage is one file followed through renames from addition to removal.
type Lineage struct {
	FirstPath, LastPath string
	Added               time.Time
	AddedSeq            int
	Removed             time.Time // zero while present
	RemovedSeq          int
	Renames             int
	Versions            []snapshot.Change // every row of this lineage, in order
	LinkedBy            string            // why it belongs to its supporter (see schema.SupporterFiles)
	supporter           int               // union-find parent
}

// Alive reports whether the lineage is present just after change seq.
func (l *Lineage) Alive(seq int) bool {
	return l.AddedSeq <= seq && (l.Removed.IsZero() || l.RemovedSeq > seq)
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

// PresentOn reports whether the supporter is counted on day d (YYYY-MM-DD):
// first seen on or before d, and not removed on or before d.
func (s *Supporter) PresentOn(d string) bool {
	return Day(s.FirstSeen) <= d && (s.RemovedOn.IsZero() || Day(s.RemovedOn) > d)
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

// trace follows each file through the history.
func trace(history []snapshot.Change, source string) ([]*Lineage, error) {
	var out []*Lineage
	current := map[string]*Lineage{}
	for _, c := range history {
		fail := func(format string, a ...any) error {
			return fmt.Errorf("%s:%d: field path: %s %s on %s, but %s", source, c.Line, c.Kind, c.Path, Day(c.Date), fmt.Sprintf(format, a...))
		}
		switch c.Kind {
		case snapshot.Added:
			if current[c.Path] != nil {
				return nil, fail("the file is already present")
			}
			l := &Lineage{FirstPath: c.Path, LastPath: c.Path, Added: c.Date, AddedSeq: c.Seq}
			l.Versions = append(l.Versions, c)
			current[c.Path] = l
			out = append(out, l)
		case snapshot.Modified:
			l := current[c.Path]
			if l == nil {
				return nil, fail("the file is not present")
			}
			l.Versions = append(l.Versions, c)
		case snapshot.Renamed:
			l := current[c.OldPath]
			if l == nil {
				return nil, fail("the old path %s is not present", c.OldPath)
			}
			if current[c.Path] != nil {
				return nil, fail("the new path is already present")
			}
			delete(current, c.OldPath)
			current[c.Path] = l
			l.LastPath = c.Path
			l.Renames++
			l.Versions = append(l.Versions, c)
		case snapshot.Removed:
			l := current[c.Path]
			if l == nil {
				return nil, fail("the file is not present")
			}
			delete(current, c.Path)
			l.Removed, l.RemovedSeq = c.Date, c.Seq
			l.Versions = append(l.Versions, c)
		}
	}
	return out, nil
}

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
	if v.Fields["category"] != "state" {
		return ""
	}
	if r := j.res.Resolve(v.Fields["nationality"]); r.Alpha3 != "" {
		return r.Alpha3
	}
	return j.res.Resolve(v.Fields["name"]).Alpha3
}

func firstReadable(l *Lineage) snapshot.Change {
	for _, v := range l.Versions {
		if v.Problem == "" && v.Kind != snapshot.Removed {
			return v
		}
	}
	return snapshot.Change{}
}

func lastReadable(l *Lineage) snapshot.Change {
	for i := len(l.Versions) - 1; i >= 0; i-- {
		if v := l.Versions[i]; v.Problem == "" {
			return v
		}
	}
	return snapshot.Change{}
}

// describe makes the supporter record of a group of lineages, sorted by
// addition. Its fields come from its primary lineage: the one still present
// (the latest changed, if several are), else the one removed last.
func describe(g []*Lineage, cfg Config) (*Supporter, error) {
	s := &Supporter{Lineages: g, FirstSeen: g[0].Added}
	var primary *Lineage
	lastSeq := func(l *Lineage) int { return l.Versions[len(l.Versions)-1].Seq }
	for _, l := range g {
		s.InFirstCommit = s.InFirstCommit || l.AddedSeq == 0
		if l.Added.Before(s.FirstSeen) {
			s.FirstSeen = l.Added
		}
		s.Versions += len(l.Versions)
		switch {
		case primary == nil:
			primary = l
		case l.Removed.IsZero() != primary.Removed.IsZero():
			if l.Removed.IsZero() {
				primary = l
			}
		case lastSeq(l) >= lastSeq(primary):
			primary = l
		}
	}
	if !primary.Removed.IsZero() {
		s.RemovedOn = primary.Removed
	}
	var all []snapshot.Change
	for _, l := range g {
		all = append(all, l.Versions...)
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].Seq < all[b].Seq })
	for _, v := range all {
		if v.Problem != "" {
			continue
		}
		if d := strings.TrimSpace(v.Fields["date_signed"]); d != "" {
			s.DateSigned = d
		}
		if a := strings.TrimSpace(v.Fields["alliance"]); a != "" {
			s.Alliance = a
		}
	}
	s.Path = primary.LastPath
	_, s.CategoryInFileName, _ = snapshot.FileName(s.Path)
	latest := lastReadable(primary)
	if latest.Path == "" {
		for _, v := range all {
			if v.Problem == "" {
				latest = v
			}
		}
	}
	if latest.Path != "" {
		s.FieldsFrom = "front-matter"
		s.Name = strings.TrimSpace(latest.Fields["name"])
		if s.Name == "" {
			// A name left empty upstream: the file name is the evidence left.
			s.Name, _, _ = snapshot.FileName(s.Path)
		}
		s.CategoryPublished = latest.Fields["category"]
		s.Nature = latest.Fields["nature"]
		s.Nationality = latest.Fields["nationality"]
		s.Website, s.Twitter, s.LinkedIn = latest.Fields["website"], latest.Fields["twitter"], latest.Fields["linkedin"]
	} else {
		// No version of any file could be read: the file name is the only
		// evidence. The upstream names files slug-category-CODE.
		s.FieldsFrom = "file-name"
		slug, cat, code := snapshot.FileName(s.Path)
		s.Name, s.CategoryPublished, s.Nationality = slug, cat, code
		latest = primary.Versions[len(primary.Versions)-1]
	}
	cat, ok := cfg.Categories[strings.TrimSpace(s.CategoryPublished)]
	if !ok {
		return nil, fmt.Errorf("%s:%d: field category: %q (%s, %s) is not in the category crosswalk",
			cfg.Source, latest.Line, s.CategoryPublished, latest.Path, Day(latest.Date))
	}
	s.Category = cat
	r := cfg.Resolver.Resolve(s.Nationality)
	if r.Alpha3 == "" && s.Category == "state" && (r.Method == countries.Blank || r.Method == countries.Unresolved) {
		if byName := cfg.Resolver.Resolve(s.Name); byName.Alpha3 != "" {
			r = countries.Resolution{Alpha3: byName.Alpha3, Method: countries.ByName}
		}
	}
	s.Country, s.CountryMethod = r.Alpha3, r.Method
	if s.Category == "state" {
		eu := strings.TrimSpace(s.Nature) == "UE"
		s.EUMember = &eu
	}
	return s, nil
}

var nonSlug = regexp.MustCompile(`[^a-z0-9]+`)

// assignIDs names each supporter after the slug of its first file name, in
// order of first appearance; a later supporter with the same slug gets a
// numeric suffix.
func assignIDs(ss []*Supporter) {
	sort.SliceStable(ss, func(a, b int) bool {
		x, y := ss[a].Lineages[0], ss[b].Lineages[0]
		if x.AddedSeq != y.AddedSeq {
			return x.AddedSeq < y.AddedSeq
		}
		return x.FirstPath < y.FirstPath
	})
	used := map[string]bool{}
	for _, s := range ss {
		slug, _, _ := snapshot.FileName(s.Lineages[0].FirstPath)
		base := strings.Trim(nonSlug.ReplaceAllString(slug, "-"), "-")
		if base == "" {
			base = "supporter"
		}
		id := base
		for n := 2; used[id]; n++ {
			id = fmt.Sprintf("%s-%d", base, n)
		}
		used[id] = true
		s.ID = id
	}
}
