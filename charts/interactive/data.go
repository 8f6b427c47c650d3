package interactive

import (
	"fmt"
	"sort"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/charts"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/geo"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
	"github.com/paulmach/orb"
)

// Data is what the map shows at every step of the history: a step is a day
// on which the site's list changed, and holds until the next.
type Data struct {
	Lang  labels.Lang
	Dates []civil.Date // first record, every change, last record
	// Counts holds, per category (vocab.Categories order), the supporters
	// present at each step.
	Counts [][]int
	// Countries are the countries the data names that have a shape.
	Countries []Country
	// Shapes are every shape of the map, in the geometry's order.
	Shapes []geo.Shape
	// Start is the step shown first.
	Start int
	// Instruments are the panel's other instruments with states among
	// their parties, for the map's switch.
	Instruments []Instrument

	regionName map[string]string // UN M49 region in English to its name in Lang
}

// Country is one country with a shape, and its supporters over the steps.
type Country struct {
	Alpha3, M49, Name, Region string
	EU                        bool       // an EU member state (as the supporters table records it)
	FirstListed               civil.Date // first listed as a supporter state; zero if never
	InFirstCommit             bool       // already listed in the first record: joined on or before it
	State                     []bool     // a supporter state at each step
	NonState                  []int      // non-state supporters from the country at each step
	Small                     bool       // too small to see on the map: drawn with a marker
	Centroid                  orb.Point  // lon, lat
	// Members are the non-state supporters from the country, ever listed,
	// by first listing then name: the country's view shows those present.
	Members []Member
}

// Member is a non-state supporter, when it was listed.
type Member struct {
	Name, Category       string
	FirstSeen, RemovedOn civil.Date // RemovedOn is zero while it is listed
}

// smallSpan is the projected extent (Equal Earth, unit sphere) under which a
// country is too small to see at a phone's width (about 3 px of 360).
const smallSpan = 2 * 2.7066 * 3 / 360

// Build computes the map's data from the datasets. start is the date shown
// first (snapped to the step that holds on it).
func Build(set *datasets.Set, shapes []geo.Shape, l labels.Lang, start civil.Date) (*Data, error) {
	if err := set.Span.Check(start); err != nil {
		return nil, err
	}
	set = forDisplay(set)
	ss := set.Supporters()
	cs := set.Countries()
	days := map[civil.Date]bool{set.Span.First: true, set.Span.Last: true}
	for _, s := range ss {
		days[s.FirstSeen] = true
		if !s.RemovedOn.IsZero() {
			days[s.RemovedOn] = true
		}
	}
	// A supporter reclassified by the site changes the counts too.
	for _, c := range set.Published() {
		days[c.ValidFrom] = true
	}
	d := &Data{Lang: l, Shapes: shapes, regionName: map[string]string{}}
	for _, c := range cs {
		if c.RegionEN != "" {
			d.regionName[c.RegionEN] = c.Region(string(l))
		}
	}
	for day := range days {
		if !day.IsZero() && set.Span.Check(day) == nil {
			d.Dates = append(d.Dates, day)
		}
	}
	sort.Slice(d.Dates, func(i, j int) bool { return d.Dates[i].Before(d.Dates[j]) })
	d.Start = d.StepOf(start)

	byM49 := map[string]*Country{}
	byA3 := map[string]*Country{}
	for _, sh := range shapes {
		if sh.ID == "" {
			continue
		}
		for _, c := range cs {
			if c.M49 == sh.ID {
				ctry := &Country{Alpha3: c.Alpha3, M49: c.M49, Name: c.Name(string(l)), Region: c.Region(string(l)),
					State: make([]bool, len(d.Dates)), NonState: make([]int, len(d.Dates)), Centroid: sh.Centroid()}
				b := orb.Bound{Min: orb.Point{1e9, 1e9}, Max: orb.Point{-1e9, -1e9}}
				for _, p := range sh.Geometry {
					for _, pt := range p[0] {
						x, y := charts.EqualEarth(pt[0], pt[1])
						b = b.Extend(orb.Point{x, y})
					}
				}
				ctry.Small = b.Max[0]-b.Min[0] < smallSpan && b.Max[1]-b.Min[1] < smallSpan
				byM49[sh.ID], byA3[c.Alpha3] = ctry, ctry
			}
		}
	}
	d.Counts = make([][]int, len(vocab.Categories))
	for i := range d.Counts {
		d.Counts[i] = make([]int, len(d.Dates))
	}
	cat := map[string]int{}
	for i, c := range vocab.Categories {
		cat[c] = i
	}
	published := analysis.NewHistory(set)
	for i, day := range d.Dates {
		// Each day as the site listed it: categories and countries as
		// published then, one supporter at a time (a copy of every
		// supporter for each day was most of what the map allocated).
		for j := range published.Len() {
			if !published.Listed(j, day) {
				continue
			}
			s := published.At(j, day)
			k, ok := cat[s.Category]
			if !ok {
				return nil, fmt.Errorf("supporter %s: category %q is not in the vocabulary", s.ID, s.Category)
			}
			d.Counts[k][i]++
			c := byA3[s.Country]
			if c == nil {
				continue
			}
			if s.Category == vocab.State {
				c.State[i] = true
			} else {
				c.NonState[i]++
			}
		}
	}
	for _, s := range ss {
		if s.Category != vocab.State {
			if c := byA3[s.Country]; c != nil {
				c.Members = append(c.Members, Member{Name: s.Name, Category: s.Category, FirstSeen: s.FirstSeen, RemovedOn: s.RemovedOn})
			}
			continue
		}
		if s.Country == "" {
			continue
		}
		c := byA3[s.Country]
		if c == nil {
			if _, known := cs[s.Country]; known {
				return nil, fmt.Errorf("supporter state %s (%s): no shape for its country", s.Name, s.Country)
			}
			continue
		}
		c.EU = c.EU || s.EUMember
		if c.FirstListed.IsZero() || s.FirstSeen.Before(c.FirstListed) {
			c.FirstListed, c.InFirstCommit = s.FirstSeen, s.InFirstCommit
		}
	}
	for _, c := range byA3 {
		sort.SliceStable(c.Members, func(i, j int) bool {
			a, b := c.Members[i], c.Members[j]
			if a.FirstSeen != b.FirstSeen {
				return a.FirstSeen.Before(b.FirstSeen)
			}
			return a.Name < b.Name
		})
		d.Countries = append(d.Countries, *c)
	}
	sort.Slice(d.Countries, func(i, j int) bool { return d.Countries[i].Alpha3 < d.Countries[j].Alpha3 })
	var err error
	if d.Instruments, err = buildInstruments(set); err != nil {
		return nil, err
	}
	return d, nil
}

// StepOf returns the step that holds on day: the last change on or before it.
func (d *Data) StepOf(day civil.Date) int {
	i := sort.Search(len(d.Dates), func(i int) bool { return d.Dates[i].After(day) })
	return max(i-1, 0)
}

// States returns the number of supporter states at step i.
func (d *Data) States(i int) int {
	n := 0
	for _, c := range d.Countries {
		if c.State[i] {
			n++
		}
	}
	return n
}
