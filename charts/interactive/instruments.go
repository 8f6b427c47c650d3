package interactive

import (
	"fmt"
	"sort"
	"strconv"

	"github.com/cybernorms/cybernorms/analysis/adherence"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/labels"
)

// Instrument is another instrument of the adherence panel, as the map's
// switch shows it: where its parties stand at each day its panel changes,
// exactly as query --instrument counts them.
type Instrument struct {
	ID, Kind string
	// Dates are the instrument's opening, every day an event becomes
	// certain and every day an official total is stated, in order.
	Dates   []civil.Date
	Tallies []adherence.Tally // one per date
	// Coverage is every official total stated, with how many of them the
	// panel identifies on that total's own date.
	Coverage []Coverage
}

// Coverage is a row of instrument_coverage.
type Coverage struct {
	AsOf              civil.Date
	DateISO, Measure  string
	Total, Identified int
	Qualifier, Source string
}

// statusCode numbers the statuses the map colours, 0 being none.
var statusCode = map[string]int{adherence.Party: 1, adherence.Signatory: 2, adherence.Invited: 3, adherence.Supporter: 4}

// buildInstruments reads every instrument of the panel but the Paris Call
// (whose map is the supporter history's) that has states among its parties.
func buildInstruments(set *datasets.Set) ([]Instrument, error) {
	inst, ok := set.Tables[schema.Instruments.Name]
	if !ok || inst.Table == nil {
		return nil, nil
	}
	panel, err := adherence.NewPanel(set)
	if err != nil {
		return nil, err
	}
	events := panel.Events()
	cov := set.Tables[schema.InstrumentCoverage.Name]
	var out []Instrument
	for _, r := range inst.Rows {
		id := inst.Table.Get(r, "id")
		if id == "paris-call" {
			continue
		}
		in := Instrument{ID: id, Kind: inst.Table.Get(r, "kind")}
		days := map[civil.Date]bool{}
		states := false
		for _, e := range events {
			if e.Instrument == id {
				days[e.Certain] = true
				states = states || e.PartyKind == "state"
			}
		}
		if !states {
			continue
		}
		// An opening known to the month or year opens on its first day.
		o := inst.Table.Get(r, "opened_iso")
		if len(o) == 4 || len(o) == 7 {
			o += "-01-01"[len(o)-4:]
		}
		opened, err := civil.Parse(o)
		if err != nil {
			return nil, fmt.Errorf("instruments %s: opened_iso: %w", id, err)
		}
		days[opened] = true
		if cov.Table != nil {
			for i, c := range cov.Rows {
				g := func(f string) string { return cov.Table.Get(c, f) }
				if g("instrument") != id {
					continue
				}
				asOf, err := civil.Parse(g("as_of"))
				if err != nil {
					return nil, &schema.Error{File: cov.Table.CSV(), Line: i + 2, Field: "as_of", Msg: err.Error()}
				}
				total, _ := strconv.Atoi(g("official_total"))
				n, _ := strconv.Atoi(g("identified"))
				in.Coverage = append(in.Coverage, Coverage{AsOf: asOf, DateISO: g("date_iso"), Measure: g("measure"), Total: total, Identified: n, Qualifier: g("qualifier"), Source: g("source")})
				days[asOf] = true
			}
		}
		for d := range days {
			if !d.Before(opened) {
				in.Dates = append(in.Dates, d)
			}
		}
		sort.Slice(in.Dates, func(i, j int) bool { return in.Dates[i].Before(in.Dates[j]) })
		for _, d := range in.Dates {
			t, err := panel.TallyOn(id, d)
			if err != nil {
				return nil, err
			}
			in.Tallies = append(in.Tallies, t)
		}
		out = append(out, in)
	}
	return out, nil
}

// instrumentConfig is an instrument as the page's script reads it.
type instrumentConfig struct {
	ID    string   `json:"id"`
	Label string   `json:"label"`
	Kind  string   `json:"kind"`
	Dates []string `json:"dates"`
	// Counts per date: parties, signatories, invited, supporters, total
	// (as query's by_status and total).
	Counts [][5]int `json:"counts"`
	// Regions per date: [region, parties with any status], largest first.
	Regions [][][2]any `json:"regions"`
	// States holds each state's runs: [date index, status code, since].
	States map[string][][3]any `json:"states"`
	// Coverage: [as_of, long date, measure, official total, identified,
	// qualifier, source].
	Coverage [][7]any `json:"coverage"`
}

func (in Instrument) config(l labels.Lang, regionName map[string]string) instrumentConfig {
	c := instrumentConfig{ID: in.ID, Label: text(l, "inst."+in.ID), Kind: in.Kind, States: map[string][][3]any{}}
	last := map[string][2]any{}
	for i, d := range in.Dates {
		t := in.Tallies[i]
		c.Dates = append(c.Dates, d.String())
		c.Counts = append(c.Counts, [5]int{t.ByStatus[adherence.Party], t.ByStatus[adherence.Signatory], t.ByStatus[adherence.Invited], t.ByStatus[adherence.Supporter], t.Total})
		var regions [][2]any
		for _, r := range t.ByRegion {
			name := regionName[r.Region]
			if name == "" {
				name = text(l, "noregion")
			}
			regions = append(regions, [2]any{name, r.Total})
		}
		c.Regions = append(c.Regions, regions)
		now := map[string][2]any{}
		for _, p := range t.Parties {
			if p.PartyKind == "state" && p.Country != "" {
				now[p.Country] = [2]any{statusCode[p.Status], p.Since}
			}
		}
		for a3, v := range now {
			if last[a3] != v {
				c.States[a3] = append(c.States[a3], [3]any{i, v[0], v[1]})
			}
		}
		for a3 := range last {
			if _, ok := now[a3]; !ok {
				c.States[a3] = append(c.States[a3], [3]any{i, 0, ""})
			}
		}
		last = now
	}
	for _, v := range in.Coverage {
		c.Coverage = append(c.Coverage, [7]any{v.AsOf.String(), isoLong(l, v.DateISO), l.T("measure." + v.Measure), v.Total, v.Identified, v.Qualifier, v.Source})
	}
	return c
}

// isoLong writes a date of day, month or year precision in words.
func isoLong(l labels.Lang, iso string) string {
	if d, err := civil.Parse(iso); err == nil {
		return l.LongDate(d)
	}
	if len(iso) == len("2006-01") {
		if m, err := strconv.Atoi(iso[5:]); err == nil && m >= 1 && m <= 12 {
			return l.Months()[m-1] + " " + iso[:4]
		}
	}
	return iso
}
