package adherence

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// NoCountry is the region of a party with no country (an organisation
// whose nationality names none, the European Union).
const NoCountry = "(no country)"

// Statuses lists the statuses in display order.
var Statuses = []string{Party, Signatory, Invited, Supporter}

// Listed is a party's standing with its region.
type Listed struct {
	Standing
	Region string `json:"region"`
}

// RegionTally counts one region's parties by status.
type RegionTally struct {
	Region   string         `json:"region"`
	Total    int            `json:"total"`
	ByStatus map[string]int `json:"by_status"`
}

// Official is an official total stated on or before the day asked about,
// with how many the panel counts under its measure on that day.
type Official struct {
	DateISO    string `json:"date_iso"`
	Measure    string `json:"measure"`
	Total      int    `json:"official_total"`
	Qualifier  string `json:"qualifier"`
	Source     string `json:"source"`
	Identified int    `json:"identified_on_as_of"`
}

// Tally is where an instrument's parties stand on a day.
type Tally struct {
	Instrument string         `json:"instrument"`
	Name       string         `json:"name"`
	Kind       string         `json:"kind"`
	AsOf       civil.Date     `json:"as_of"`
	Total      int            `json:"total"` // parties with a status other than withdrawn
	ByStatus   map[string]int `json:"by_status"`
	ByRegion   []RegionTally  `json:"by_region"` // largest first, then by name
	Official   []Official     `json:"official"`  // the latest total of each measure stated by as_of
	Parties    []Listed       `json:"parties"`
}

// Instruments returns the ids of the instruments of a set, in table order.
func Instruments(set *datasets.Set) []string {
	return set.Tables[schema.Instruments.Name].Col("id")
}

// TallyOn says where the parties of an instrument stand on day, by status and
// by UN M49 region (an organisation's region is that of its nationality).
func TallyOn(set *datasets.Set, instrument string, day civil.Date) (Tally, error) {
	p, err := NewPanel(set)
	if err != nil {
		return Tally{Instrument: instrument, AsOf: day}, err
	}
	return p.TallyOn(instrument, day)
}

// Panel is the adherence panel of a set read once, so that many days can be
// tallied without reading its events again (the interactive map tallies
// every day an instrument's standing changes).
type Panel struct {
	set       *datasets.Set
	events    []Event
	countries map[string]datasets.Country
	// of holds each instrument's events, in table order: a day's standing
	// reads its instrument's events only, not the whole panel's.
	of map[string][]Event
}

// NewPanel reads the adherence events and the countries of set.
func NewPanel(set *datasets.Set) (*Panel, error) {
	events, err := Parse(set.Tables[schema.AdherenceEvents.Name])
	if err != nil {
		return nil, err
	}
	of := map[string][]Event{}
	for _, e := range events {
		of[e.Instrument] = append(of[e.Instrument], e)
	}
	return &Panel{set: set, events: events, countries: set.Countries(), of: of}, nil
}

// Events are the panel's events, in table order.
func (p *Panel) Events() []Event { return p.events }

// TallyOn is TallyOn on the panel's set.
func (p *Panel) TallyOn(instrument string, day civil.Date) (Tally, error) {
	set, events, cs := p.set, p.of[instrument], p.countries
	inst := set.Tables[schema.Instruments.Name]
	// Empty lists, not null, in JSON.
	t := Tally{Instrument: instrument, AsOf: day, ByStatus: map[string]int{}, ByRegion: []RegionTally{}, Official: []Official{}, Parties: []Listed{}}
	for _, r := range inst.Rows {
		if inst.Table.Get(r, "id") == instrument {
			t.Name, t.Kind = inst.Table.Get(r, "name_en"), inst.Table.Get(r, "kind")
		}
	}
	if t.Kind == "" {
		return t, fmt.Errorf("no instrument %q", instrument)
	}
	regions := map[string]*RegionTally{}
	standings := On(events, instrument, t.Kind, day)
	t.Parties = make([]Listed, 0, len(standings))
	for _, s := range standings {
		if s.Status == Withdrawn {
			continue
		}
		region := NoCountry
		if c, ok := cs[s.Country]; ok && c.RegionEN != "" {
			region = c.RegionEN
		}
		t.Parties = append(t.Parties, Listed{Standing: s, Region: region})
		t.Total++
		t.ByStatus[s.Status]++
		rt := regions[region]
		if rt == nil {
			rt = &RegionTally{Region: region, ByStatus: map[string]int{}}
			regions[region] = rt
		}
		rt.Total++
		rt.ByStatus[s.Status]++
	}
	for _, rt := range regions {
		t.ByRegion = append(t.ByRegion, *rt)
	}
	sort.Slice(t.ByRegion, func(i, j int) bool {
		a, b := t.ByRegion[i], t.ByRegion[j]
		if a.Total != b.Total {
			return a.Total > b.Total
		}
		return a.Region < b.Region
	})
	cov := set.Tables[schema.InstrumentCoverage.Name]
	latest := map[string]int{}
	for i, r := range cov.Rows {
		g := func(f string) string { return cov.Table.Get(r, f) }
		if g("instrument") != instrument || g("as_of") > day.String() {
			continue
		}
		if j, ok := latest[g("measure")]; ok && cov.Table.Get(cov.Rows[j], "as_of") >= g("as_of") {
			continue
		}
		latest[g("measure")] = i
	}
	for _, i := range latest {
		g := func(f string) string { return cov.Table.Get(cov.Rows[i], f) }
		total, _ := strconv.Atoi(g("official_total"))
		n, err := count(events, standings, instrument, t.Kind, g("measure"), day)
		if err != nil {
			return t, err
		}
		t.Official = append(t.Official, Official{DateISO: g("date_iso"), Measure: g("measure"), Total: total, Qualifier: g("qualifier"), Source: g("source"), Identified: n})
	}
	order := map[string]int{}
	for i, m := range schema.InstrumentMeasures {
		order[m] = i
	}
	sort.Slice(t.Official, func(i, j int) bool { return order[t.Official[i].Measure] < order[t.Official[j].Measure] })
	return t, nil
}
