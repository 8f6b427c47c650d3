package supporters

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cybernorms/cybernorms/pipeline/snapshot"
)

// Published is a supporter's name, category and nationality as its files
// carried them from one day (From) until the next change (To, exclusive; ""
// while still current).
type Published struct {
	SupporterID          string
	From, To             string // YYYY-MM-DD
	Name, Category       string
	CategoryPublished    string
	Nationality, Country string
	Path                 string // the file whose front matter it is
	Line                 int    // of that version in the snapshot
}

// PublishedHistory follows every supporter through its files' versions: on
// a day, its classification is the front matter of the most recent readable
// version, of any of its files, published on or before that day. A day with
// several changes counts its last. Versions that could not be read change
// nothing once a readable one has been published; before that, and for a
// supporter none of whose versions could be read, the file name is the only
// classification (see describe).
func PublishedHistory(r *Result, cfg Config) ([]Published, error) {
	var out []Published
	for _, s := range r.Supporters {
		var all []snapshot.Change
		for _, l := range s.Lineages {
			all = append(all, l.Versions...)
		}
		sort.SliceStable(all, func(a, b int) bool { return all[a].Seq < all[b].Seq })
		var rows []Published
		for _, v := range all {
			if v.Kind == snapshot.Removed || v.Problem != "" && len(rows) > 0 {
				continue
			}
			p := Published{SupporterID: s.ID, From: Day(v.Date), Name: strings.TrimSpace(v.Fields["name"]),
				CategoryPublished: v.Fields["category"], Nationality: v.Fields["nationality"], Path: v.Path, Line: v.Line}
			if v.Problem != "" {
				// Nothing readable was published yet: the file name is all
				// the site carried (its category, if the name has one).
				_, p.CategoryPublished, _ = snapshot.FileName(v.Path)
				p.Name, p.Nationality = s.Name, ""
			}
			cat, ok := cfg.Categories[strings.TrimSpace(p.CategoryPublished)]
			if !ok {
				return nil, fmt.Errorf("%s:%d: field category: %q (%s, %s) is not in the category crosswalk", cfg.Source, v.Line, p.CategoryPublished, v.Path, Day(v.Date))
			}
			p.Category = cat
			if p.Name == "" {
				// A version that blanks the name does not unname the supporter.
				p.Name = s.Name
				if n := len(rows); n > 0 {
					p.Name = rows[n-1].Name
				}
			}
			p.Country = resolveCountry(cfg, p.Category, p.Nationality, p.Name)
			if n := len(rows); n > 0 {
				last := &rows[n-1]
				if last.From == p.From {
					rows = rows[:n-1] // the day's last change counts
				}
			}
			if n := len(rows); n > 0 && sameClassification(rows[n-1], p) {
				continue
			}
			rows = append(rows, p)
		}
		if len(rows) == 0 {
			rows = []Published{{SupporterID: s.ID, Name: s.Name, Category: s.Category, CategoryPublished: s.CategoryPublished,
				Nationality: s.Nationality, Country: s.Country, Path: s.Path}}
		}
		// The first classification holds from the supporter's first day, so
		// that every day it is listed has one.
		rows[0].From = Day(s.FirstSeen)
		for i := 0; i+1 < len(rows); i++ {
			rows[i].To = rows[i+1].From
		}
		out = append(out, rows...)
	}
	return out, nil
}

// resolveCountry is the country a published nationality names, as describe
// resolves it, and for a state whose nationality names no country (blank,
// unknown, or the "UE" its 2019 files carried for EU members) the state its
// name names.
func resolveCountry(cfg Config, category, nationality, name string) string {
	r := cfg.Resolver.Resolve(nationality)
	if r.Alpha3 == "" && category == "state" {
		if byName := cfg.Resolver.Resolve(name); byName.Alpha3 != "" {
			return byName.Alpha3
		}
	}
	return r.Alpha3
}

func sameClassification(a, b Published) bool {
	return a.Name == b.Name && a.Category == b.Category && a.CategoryPublished == b.CategoryPublished &&
		a.Nationality == b.Nationality && a.Country == b.Country
}
