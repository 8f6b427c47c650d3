package analysis

import (
	"slices"
	"sort"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// NoCountry is the region of supporters whose nationality names no country
// (the EU, INTERPOL, a blank field).
const NoCountry = "(no country)"

// PresentOn reports whether the site listed supporter s on day d: first
// listed on or before d and not removed by then.
func PresentOn(s datasets.Supporter, d civil.Date) bool {
	return !s.FirstSeen.After(d) && (s.RemovedOn.IsZero() || s.RemovedOn.After(d))
}

// Present returns the supporters listed on day d, of the given categories
// (all when none is given), in table order.
func Present(ss []datasets.Supporter, d civil.Date, categories ...string) []datasets.Supporter {
	var out []datasets.Supporter
	for _, s := range ss {
		if PresentOn(s, d) && (len(categories) == 0 || contains(categories, s.Category)) {
			out = append(out, s)
		}
	}
	return out
}

// States returns the supporter states listed on day d, as the site
// classified them that day.
func States(set *datasets.Set, d civil.Date) []datasets.Supporter {
	return Present(AsPublished(set, d), d, vocab.State)
}

// StateCodes returns the ISO 3166-1 numeric codes (the geometry's ids) of
// the supporter states listed on day d.
func StateCodes(set *datasets.Set, d civil.Date) map[string]bool {
	cs := set.Countries()
	out := map[string]bool{}
	for _, s := range States(set, d) {
		if s.Country != "" {
			out[cs[s.Country].M49] = true
		}
	}
	return out
}

// Count is a labelled count.
type Count struct {
	Key   string
	Count int
}

// CountBy counts supporters by key, largest first, then by key.
func CountBy(ss []datasets.Supporter, key func(datasets.Supporter) string) []Count {
	m := map[string]int{}
	for _, p := range ss {
		m[key(p)]++
	}
	out := make([]Count, 0, len(m))
	for k, n := range m {
		out = append(out, Count{k, n})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return out[i].Key < out[j].Key
	})
	return out
}

// RegionCounts is one region's supporters by category.
type RegionCounts struct {
	Region     string         `json:"region"` // UN M49 region, English; NoCountry for none
	Total      int            `json:"total"`
	ByCategory map[string]int `json:"by_category"`
	// EUMembers is how many of the region's supporters the upstream marks as
	// EU members (the states-by-region figure splits its bars so); query
	// does not print it.
	EUMembers int `json:"-"`
}

// Tally is the supporters listed on a day, counted by region × category.
type Tally struct {
	AsOf       civil.Date     `json:"as_of"`
	Category   string         `json:"category,omitempty"`
	Total      int            `json:"total"`
	ByCategory map[string]int `json:"by_category"`
	// ByRegion is largest first, then by name.
	ByRegion []RegionCounts `json:"by_region"`
}

// Region returns the UN M49 region (English) of a supporter, or NoCountry.
func Region(countries map[string]datasets.Country, s datasets.Supporter) string {
	if c, ok := countries[s.Country]; ok && c.RegionEN != "" {
		return c.RegionEN
	}
	return NoCountry
}

// CountOn counts the supporters listed on day d by region and category, as
// the site classified them that day; a non-empty category keeps only that one.
func CountOn(set *datasets.Set, d civil.Date, category string) Tally {
	return CountOnWith(set, d, category, Published)
}

// CountOnWith is CountOn with the classification c.
func CountOnWith(set *datasets.Set, d civil.Date, category string, c Classification) Tally {
	var cats []string
	if category != "" {
		cats = []string{category}
	}
	return TallyOf(set.Countries(), Present(Classified(set, d, c), d, cats...), d, category)
}

// TallyOf counts ss, the supporters listed on day d (of category, when it is
// not empty), by region and category.
func TallyOf(cs map[string]datasets.Country, ss []datasets.Supporter, d civil.Date, category string) Tally {
	t := Tally{AsOf: d, Category: category, ByCategory: map[string]int{}}
	regions := map[string]*RegionCounts{}
	for _, s := range ss {
		t.Total++
		t.ByCategory[s.Category]++
		r := Region(cs, s)
		rc := regions[r]
		if rc == nil {
			rc = &RegionCounts{Region: r, ByCategory: map[string]int{}}
			regions[r] = rc
		}
		rc.Total++
		rc.ByCategory[s.Category]++
		if s.EUMember {
			rc.EUMembers++
		}
	}
	for _, rc := range regions {
		t.ByRegion = append(t.ByRegion, *rc)
	}
	sort.Slice(t.ByRegion, func(i, j int) bool {
		a, b := t.ByRegion[i], t.ByRegion[j]
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		return a.Region < b.Region
	})
	return t
}

// Largest returns the regions with most supporters in the tally: one, or
// several tied, by name; none when it is empty. Supporters of no country are
// not a region.
func (t Tally) Largest() []RegionCounts {
	var rs []RegionCounts
	for _, r := range t.ByRegion {
		if r.Region == NoCountry {
			continue
		}
		if len(rs) > 0 && r.Total < rs[0].Total {
			break
		}
		rs = append(rs, r)
	}
	return rs
}

// LargestRegion names the region with most supporters in the tally, "A and B
// (tied)" on a tie, "" when empty.
func (t Tally) LargestRegion() string {
	rs := t.Largest()
	switch {
	case len(rs) == 0:
		return ""
	case len(rs) > 1:
		return rs[0].Region + " and " + rs[1].Region + " (tied)"
	}
	return rs[0].Region
}

// Series is the number of supporters listed from each date on which it
// changes.
type Series struct {
	Dates  []civil.Date
	Counts []int
}

// Growth counts, for each date on which a supporter appears or goes, how
// many of ss are listed from that date on.
func Growth(ss []datasets.Supporter) Series {
	return growth(ss, func(datasets.Supporter) bool { return true })
}

// growth is Growth of the supporters of ss that keep reports true.
func growth(ss []datasets.Supporter, keep func(datasets.Supporter) bool) Series {
	type delta struct{ in, out int }
	days := map[civil.Date]*delta{}
	at := func(d civil.Date) *delta {
		if days[d] == nil {
			days[d] = &delta{}
		}
		return days[d]
	}
	for _, s := range ss {
		if !keep(s) {
			continue
		}
		at(s.FirstSeen).in++
		if !s.RemovedOn.IsZero() {
			at(s.RemovedOn).out++
		}
	}
	var out Series
	for d := range days {
		out.Dates = append(out.Dates, d)
	}
	sort.Slice(out.Dates, func(i, j int) bool { return out.Dates[i].Before(out.Dates[j]) })
	n := 0
	for _, d := range out.Dates {
		n += days[d].in - days[d].out
		out.Counts = append(out.Counts, n)
	}
	return out
}

// Last is the count from the last date on which it changes, 0 when empty.
func (s Series) Last() int {
	if len(s.Counts) == 0 {
		return 0
	}
	return s.Counts[len(s.Counts)-1]
}

// CategorySeries is the Series of one category.
type CategorySeries struct {
	Category string
	Series
}

// GrowthByCategory is the Growth of each category present in ss, the largest
// at the end first (then in the vocabulary's order): a chart draws and
// lists them so.
func GrowthByCategory(ss []datasets.Supporter) []CategorySeries {
	var out []CategorySeries
	for _, c := range vocab.Categories {
		// Counted in place: a copy of each category's supporters was most
		// of what the growth figure allocated.
		if slices.ContainsFunc(ss, func(s datasets.Supporter) bool { return s.Category == c }) {
			out = append(out, CategorySeries{Category: c, Series: growth(ss, func(s datasets.Supporter) bool { return s.Category == c })})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Last() > out[j].Last() })
	return out
}

// LargestAddition is the day, after the first record of the history, on
// which most supporters were first listed, and how many.
func LargestAddition(set *datasets.Set) (day civil.Date, n int) {
	days := map[civil.Date]int{}
	for _, p := range set.Supporters() {
		if p.FirstSeen != set.Span.First {
			days[p.FirstSeen]++
		}
	}
	for d, c := range days {
		if c > n || (c == n && d.Before(day)) {
			day, n = d, c
		}
	}
	return day, n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
