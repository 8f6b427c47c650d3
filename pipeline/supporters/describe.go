package supporters

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/pipeline/countries"
	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

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
	if r.Alpha3 == "" && s.Category == vocab.State && (r.Method == countries.Blank || r.Method == countries.Unresolved) {
		if byName := cfg.Resolver.Resolve(s.Name); byName.Alpha3 != "" {
			r = countries.Resolution{Alpha3: byName.Alpha3, Method: countries.ByName}
		}
	}
	s.Country, s.CountryMethod = r.Alpha3, r.Method
	if s.Category == vocab.State {
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
