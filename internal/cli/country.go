package cli

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/cybernorms/cybernorms/analysis/adherence"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// CountryView is query --country: every instrument of the adherence panel
// with the state's events under it and where it stands on a day.
type CountryView struct {
	Country     string              `json:"country"` // ISO 3166-1 alpha-3
	Name        string              `json:"name"`
	AsOf        civil.Date          `json:"as_of"`
	Instruments []CountryInstrument `json:"instruments"` // in instruments.csv's order
}

// CountryInstrument is one instrument in a CountryView.
type CountryInstrument struct {
	Instrument string `json:"instrument"`
	Name       string `json:"name"`
	Kind       string `json:"kind"`
	// Status is the state's standing on as_of (party, signatory, invited,
	// supporter, withdrawn), or "none" when no event of it is past by then.
	Status string `json:"status"`
	Since  string `json:"since"` // date_iso of the event that gave the status
	// Organisations counts the parties of the country's nationality other
	// than the state (companies, civil society) that had joined on as_of.
	Organisations int            `json:"organisations"`
	Events        []CountryEvent `json:"events"` // by date, all dates
}

// CountryEvent is a row of adherence_events for the state.
type CountryEvent struct {
	Event      string `json:"event"`
	DateISO    string `json:"date_iso"`
	Bound      string `json:"bound"`
	SourceType string `json:"source_type"`
	Evidence   string `json:"evidence"`
	Source     string `json:"source"`
}

// CountryOn builds the view of the state iso3 on day; the zero day means
// the panel's last event date.
func CountryOn(set *datasets.Set, iso3 string, day civil.Date) (CountryView, error) {
	v := CountryView{Country: iso3, Instruments: []CountryInstrument{}}
	c, ok := set.Countries()[iso3]
	if !ok {
		return v, usagef("unknown --country %q (want an ISO 3166-1 alpha-3 code of countries.csv, such as FRA)", iso3)
	}
	v.Name = c.NameEN
	ev := set.Tables[schema.AdherenceEvents.Name]
	events, err := adherence.Parse(ev)
	if err != nil {
		return v, err
	}
	if day.IsZero() {
		for _, e := range events {
			if e.Certain.After(day) {
				day = e.Certain
			}
		}
	}
	v.AsOf = day
	it := set.Tables[schema.Instruments.Name]
	for _, r := range it.Rows {
		g := func(f string) string { return it.Table.Get(r, f) }
		ci := CountryInstrument{Instrument: g("id"), Name: g("name_en"), Kind: g("kind"), Status: "none", Events: []CountryEvent{}}
		for _, s := range adherence.On(events, ci.Instrument, ci.Kind, day) {
			switch {
			case s.Party == iso3 && s.PartyKind == "state":
				ci.Status, ci.Since = s.Status, s.Since
			case s.Country == iso3 && s.PartyKind != "state" && adherence.Joined(s):
				ci.Organisations++
			}
		}
		v.Instruments = append(v.Instruments, ci)
	}
	pos := map[string]int{}
	for i, ci := range v.Instruments {
		pos[ci.Instrument] = i
	}
	for _, r := range ev.Rows {
		g := func(f string) string { return ev.Table.Get(r, f) }
		i, ok := pos[g("instrument")]
		if !ok || g("party") != iso3 || g("party_kind") != "state" {
			continue
		}
		v.Instruments[i].Events = append(v.Instruments[i].Events, CountryEvent{Event: g("event"), DateISO: g("date_iso"), Bound: g("bound"),
			SourceType: g("source_type"), Evidence: g("evidence"), Source: g("source")})
	}
	for _, ci := range v.Instruments {
		sort.SliceStable(ci.Events, func(a, b int) bool { return ci.Events[a].DateISO < ci.Events[b].DateISO })
	}
	return v, nil
}

// queryCountry is query --country.
func queryCountry(e *env, set *datasets.Set, iso3, asOf, format string) error {
	var day civil.Date
	if asOf != "" {
		d, err := civil.Parse(asOf)
		if err != nil {
			return usagef("--as-of: %q is not a date (YYYY-MM-DD)", asOf)
		}
		day = d
	}
	v, err := CountryOn(set, strings.ToUpper(iso3), day)
	if err != nil {
		return err
	}
	switch format {
	case "json":
		return writeJSON(e.stdout, v)
	case "csv":
		fmt.Fprintln(e.stdout, "as_of,country,instrument,status,since,event,date_iso,bound,source_type,evidence")
		for _, ci := range v.Instruments {
			row := fmt.Sprintf("%s,%s,%s,%s,%s", v.AsOf, v.Country, ci.Instrument, ci.Status, ci.Since)
			if len(ci.Events) == 0 {
				fmt.Fprintf(e.stdout, "%s,,,,,\n", row)
			}
			for _, x := range ci.Events {
				fmt.Fprintf(e.stdout, "%s,%s,%s,%s,%s,%s\n", row, x.Event, x.DateISO, csvField(x.Bound), x.SourceType, x.Evidence)
			}
		}
		return nil
	}
	printCountry(e.stdout, v, set)
	return nil
}

func printCountry(w io.Writer, v CountryView, set *datasets.Set) {
	bound := 0
	for _, ci := range v.Instruments {
		if ci.Status != "none" && ci.Status != "withdrawn" && ci.Status != adherence.Invited {
			bound++
		}
	}
	fmt.Fprintf(w, "%s (%s) on %s: joined %d of the panel's %d instruments (datasets %s)\n\n", v.Name, v.Country, v.AsOf, bound, len(v.Instruments), set.Version)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "instrument\tstatus\tsince\tevents\torganisations")
	for _, ci := range v.Instruments {
		var evs []string
		for _, x := range ci.Events {
			s := x.Event + " " + x.DateISO
			if x.Bound == "on or before" {
				s = x.Event + " ≤ " + x.DateISO
			}
			evs = append(evs, s)
		}
		if len(evs) == 0 {
			evs = []string{"-"}
		}
		since := ci.Since
		if since == "" {
			since = "-"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", ci.Instrument, ci.Status, since, strings.Join(evs, "; "), ci.Organisations)
	}
	tw.Flush()
}
