package build

import (
	"bytes"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/analysis/survival"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/pipeline/countries"
)

// launchEvent is the doctrine timeline's event of the Call's launch, whose
// day (sourced there: the chapter gives only the year) is day 0 of states'
// joining.
const launchEvent = "paris-call-launch"

// parisCallOpened returns the day the Call was launched.
func parisCallOpened(set *datasets.Set) (civil.Date, error) {
	for _, e := range set.Timeline() {
		if e.ID != launchEvent {
			continue
		}
		d, err := civil.Parse(e.DateISO)
		if err != nil {
			return civil.Date{}, fmt.Errorf("doctrine_timeline: %s: the Call's launch is dated %q, not to a day", launchEvent, e.DateISO)
		}
		return d, nil
	}
	return civil.Date{}, fmt.Errorf("doctrine_timeline: no event %s, the Call's launch", launchEvent)
}

// Outcomes of the joining table.
const (
	outcomeJoining = "joining"
	outcomeRemoval = "removal"
)

// notStates are entries of the upstream's country list that are not states
// able to support the Call, and why.
var notStates = map[string]string{
	"HKG": "a special administrative region of China",
}

// listCodes are codes of the upstream's country list that neither CLDR
// nor the nationality crosswalk resolves, with the country the list's own
// names give them.
var listCodes = map[string]string{
	"BUR": "MMR", // the list names it Myanmar (Birmanie in French)
}

// spell is one party's time at risk.
type spell struct {
	instrument, outcome, group, party string
	origin                            civil.Date
	entry, stop                       int
	event                             bool
	// cov holds the covariates of the Cox models of joining, by name.
	cov map[string]float64
}

func (s spell) record() survival.Record {
	return survival.Record{Start: float64(s.entry), Stop: float64(s.stop), Event: s.event}
}

// coxModel is a Cox model of states' joining: its covariates, each a
// column of spell.cov.
//
// Prior membership of another instrument enters here once the adherence
// panel dates it: in joiningSpells, set spell.cov["budapest_party"] to 1 for
// a state party to the Budapest Convention (ETS 185) before the spell's
// entry, read from adherence_events; add {"budapest", {"budapest_party"}}
// to joiningModels (and the column to the R script's joining models); and
// for the Kaplan–Meier curves and the log-rank test by prior membership,
// add spells whose group is the membership rather than the region. Each
// instrument of the panel adds its own spells under its own id, with its
// opening as origin and no late entry when its record starts at opening.
type coxModel struct {
	name  string
	terms []string
}

var joiningModels = []coxModel{
	// Europe and Oceania have no state joining after the first record:
	// alone, their coefficients are infinite, so they are pooled with Asia.
	{"region", []string{"africa", "americas"}},
	{"peers", []string{"subregion_share"}},
}

// stateRegions returns the UN M49 region name and sub-region code of every
// country the CLDR reference file places, by ISO alpha-3 code.
func (in *Inputs) stateRegions() (map[string][2]string, error) {
	ref := in.Curated[schema.CLDRTerritories.Name]
	names := map[string]string{}
	byA2 := map[string][2]string{}
	for _, r := range ref.Rows {
		g := func(f string) string { return ref.Table.Get(r, f) }
		names[g("code")] = g("name_en")
		byA2[g("code")] = [2]string{g("region_m49"), g("subregion_m49")}
	}
	out := map[string][2]string{}
	for _, c := range countries.All() {
		rs, ok := byA2[c.Alpha2]
		if !ok || rs[0] == "" {
			continue
		}
		out[c.Alpha3] = [2]string{names[rs[0]], rs[1]}
	}
	return out, nil
}

// joiningSpells derives the joining table's rows from the supporters.
func (in *Inputs) joiningSpells(set *datasets.Set) ([]spell, error) {
	regions, err := in.stateRegions()
	if err != nil {
		return nil, err
	}
	res, err := in.Resolver()
	if err != nil {
		return nil, err
	}
	codesFile := File(in.Dir, schema.UpstreamCountryCodes)
	states := map[string]bool{}
	ct := in.UpstreamCodes.Table
	for i, r := range in.UpstreamCodes.Rows {
		a3 := res.Resolve(ct.Get(r, "ISO-3166-1-alpha-3")).Alpha3
		if a3 == "" {
			a3 = listCodes[ct.Get(r, "ISO-3166-1-alpha-3")]
		}
		if a3 == "" {
			a3 = res.Resolve(ct.Get(r, "usual-en")).Alpha3
		}
		if a3 == "" {
			return nil, fmt.Errorf("%s:%d: field ISO-3166-1-alpha-3: %q (%s) names no country", codesFile, i+2, ct.Get(r, "ISO-3166-1-alpha-3"), ct.Get(r, "usual-en"))
		}
		if _, skip := notStates[a3]; !skip {
			states[a3] = true
		}
	}
	opened, err := parisCallOpened(set)
	if err != nil {
		return nil, err
	}
	last := set.Span.Last
	first := set.Span.First
	entry := days(opened, first)
	joined := map[string]analysis.JoinDate{}
	byID := map[string]datasets.Supporter{}
	for _, s := range set.Supporters() {
		byID[s.ID] = s
	}
	var out []spell
	for _, j := range analysis.JoinDates(set.Supporters()) {
		s := byID[j.ID]
		if s.Category != vocab.State {
			stop := last
			if !s.RemovedOn.IsZero() {
				stop = s.RemovedOn
			}
			if d := days(s.FirstSeen, stop); d > 0 {
				out = append(out, spell{instrument: parisCall, outcome: outcomeRemoval, group: s.Category, party: s.ID,
					origin: s.FirstSeen, entry: 0, stop: d, event: !s.RemovedOn.IsZero()})
			}
			continue
		}
		if s.Country == "" {
			return nil, fmt.Errorf("supporters: state %s has no country", s.ID)
		}
		if prev, dup := joined[s.Country]; dup {
			return nil, fmt.Errorf("supporters: states %s and %s are both %s", prev.ID, s.ID, s.Country)
		}
		joined[s.Country] = j
		states[s.Country] = true
	}
	// The share of each sub-region's states listed in the first record.
	inFirst, total := map[string]float64{}, map[string]float64{}
	for a3 := range states {
		r, ok := regions[a3]
		if !ok {
			return nil, fmt.Errorf("%s: no UN M49 region for state %s (run cybernorms cldr)", File(in.Dir, schema.CLDRTerritories), a3)
		}
		total[r[1]]++
		if j, ok := joined[a3]; ok && !j.Date.After(first) {
			inFirst[r[1]]++
		}
	}
	for _, a3 := range slices.Sorted(maps.Keys(states)) {
		sp := spell{instrument: parisCall, outcome: outcomeJoining, group: regions[a3][0], party: a3, origin: opened, entry: entry, stop: days(opened, last)}
		if j, ok := joined[a3]; ok {
			// Listed by the first record: joined before it was at risk here.
			if !j.Date.After(first) {
				continue
			}
			sp.stop, sp.event = days(opened, j.Date), true
		}
		if sp.stop <= sp.entry {
			continue // a history of one day: no time at risk
		}
		sub := regions[a3][1]
		sp.cov = map[string]float64{
			"africa":          b2f(sp.group == "Africa"),
			"americas":        b2f(sp.group == "Americas"),
			"subregion_share": inFirst[sub] / total[sub],
		}
		out = append(out, sp)
	}
	sort.SliceStable(out, func(a, b int) bool {
		x, y := out[a], out[b]
		if x.outcome != y.outcome {
			return x.outcome < y.outcome
		}
		if x.group != y.group {
			return x.group < y.group
		}
		return x.party < y.party
	})
	return out, nil
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// days is the number of days from a to b.
func days(a, b civil.Date) int {
	return int(math.Round(b.Time().Sub(a.Time()).Hours() / 24))
}

// num writes a statistic at 12 significant digits, in its shortest form;
// NaN (undefined) is an empty cell.
func num(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return ""
	}
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if r == 0 {
		r = 0 // no negative zero
	}
	return strconv.FormatFloat(r, 'g', -1, 64)
}

// joiningTables derives joining, joining_km, joining_cox and joining_tests.
func (in *Inputs) joiningTables(set *datasets.Set, tables map[string]schema.Data) error {
	spells, err := in.joiningSpells(set)
	if err != nil {
		return err
	}
	jt := schema.Data{Table: schema.Joining}
	km := schema.Data{Table: schema.JoiningKM}
	cox := schema.Data{Table: schema.JoiningCox}
	tests := schema.Data{Table: schema.JoiningTests}
	for _, s := range spells {
		if err := jt.Append(map[string]string{"instrument": s.instrument, "outcome": s.outcome, "group": s.group, "party": s.party,
			"origin": s.origin.String(), "entry_days": strconv.Itoa(s.entry), "time_days": strconv.Itoa(s.stop), "event": strconv.FormatBool(s.event)}); err != nil {
			return err
		}
	}
	type key struct{ instrument, outcome string }
	var keys []key
	byKey := map[key][]spell{}
	for _, s := range spells {
		k := key{s.instrument, s.outcome}
		if byKey[k] == nil {
			keys = append(keys, k)
		}
		byKey[k] = append(byKey[k], s)
	}
	for _, k := range keys {
		ss := byKey[k]
		var recs []survival.Record
		var groups []string
		byGroup := map[string][]survival.Record{"all": nil}
		for _, s := range ss {
			recs = append(recs, s.record())
			groups = append(groups, s.group)
			byGroup[s.group] = append(byGroup[s.group], s.record())
		}
		byGroup["all"] = recs
		for _, g := range slices.Sorted(maps.Keys(byGroup)) {
			steps, err := survival.KaplanMeier(byGroup[g], survival.Options{Conf: survival.Log})
			if err != nil {
				return fmt.Errorf("joining %s %s %s: %w", k.instrument, k.outcome, g, err)
			}
			for _, st := range steps {
				if err := km.Append(map[string]string{"instrument": k.instrument, "outcome": k.outcome, "group": g,
					"time_days": strconv.Itoa(int(st.Time)), "n_risk": strconv.Itoa(st.NRisk), "n_event": strconv.Itoa(st.NEvent), "n_censor": strconv.Itoa(st.NCensor),
					"survival": num(st.Survival), "std_err": num(st.StdErr), "ci_lower": num(st.Lower), "ci_upper": num(st.Upper)}); err != nil {
					return err
				}
			}
		}
		events := 0
		for _, r := range recs {
			if r.Event {
				events++
			}
		}
		test := func(model, name string, chisq float64, df int, p float64) error {
			return tests.Append(map[string]string{"instrument": k.instrument, "outcome": k.outcome, "model": model, "test": name,
				"chisq": num(chisq), "df": strconv.Itoa(df), "p_value": num(p), "n": strconv.Itoa(len(recs)), "events": strconv.Itoa(events)})
		}
		// A statistic the data cannot give (one group, no events, a
		// covariate that separates the events) is left out, not an error.
		lr, err := survival.LogRankTest(recs, groups)
		switch {
		case errors.Is(err, survival.ErrNotEstimable):
		case err != nil:
			return fmt.Errorf("joining %s %s: %w", k.instrument, k.outcome, err)
		default:
			if err := test("group", "log-rank", lr.Chisq, lr.DF, lr.P); err != nil {
				return err
			}
		}
		if k.outcome != outcomeJoining {
			continue
		}
		for _, m := range joiningModels {
			x := make([][]float64, len(ss))
			for i, s := range ss {
				for _, t := range m.terms {
					x[i] = append(x[i], s.cov[t])
				}
			}
			c, err := survival.FitCox(recs, x, m.terms)
			if errors.Is(err, survival.ErrNotEstimable) {
				continue
			}
			if err != nil {
				return fmt.Errorf("joining %s model %s: %w", k.instrument, m.name, err)
			}
			zph, err := c.ZPH(survival.KM, nil)
			if err != nil && !errors.Is(err, survival.ErrNotEstimable) {
				return fmt.Errorf("joining %s model %s: %w", k.instrument, m.name, err)
			}
			for j, t := range m.terms {
				ph, php := "", ""
				if zph != nil {
					ph, php = num(zph[j].Chisq), num(zph[j].P)
				}
				if err := cox.Append(map[string]string{"instrument": k.instrument, "outcome": k.outcome, "model": m.name, "term": t,
					"coef": num(c.Coef[j]), "hazard_ratio": num(c.HazardRatio(j)), "std_err": num(c.StdErr[j]), "z": num(c.Z[j]), "p_value": num(c.P[j]),
					"ph_chisq": ph, "ph_p_value": php, "n": strconv.Itoa(c.N), "events": strconv.Itoa(c.Events)}); err != nil {
					return err
				}
			}
			for _, t := range []struct {
				name string
				chi  float64
				p    float64
			}{{"likelihood-ratio", c.LR, c.PLR}, {"wald", c.Wald, c.PWald}, {"score", c.Score, c.PSc}} {
				if err := test(m.name, t.name, t.chi, c.DF, t.p); err != nil {
					return err
				}
			}
			if zph != nil {
				g := zph[len(zph)-1]
				if err := test(m.name, "proportional-hazards", g.Chisq, g.DF, g.P); err != nil {
					return err
				}
			}
		}
	}
	tables[schema.Joining.Name], tables[schema.JoiningKM.Name], tables[schema.JoiningCox.Name], tables[schema.JoiningTests.Name] = jt, km, cox, tests
	return nil
}

// JoiningRInput is the states' joining rows with the Cox models' covariates,
// as the survival package's R reference script reads them (columns start,
// stop, event, group and x_<covariate>).
func (in *Inputs) JoiningRInput(set *datasets.Set) ([]byte, error) {
	spells, err := in.joiningSpells(set)
	if err != nil {
		return nil, err
	}
	var covs []string
	for _, m := range joiningModels {
		covs = append(covs, m.terms...)
	}
	var b bytes.Buffer
	b.WriteString("party,start,stop,event,group")
	for _, c := range covs {
		b.WriteString(",x_" + c)
	}
	b.WriteString("\n")
	for _, s := range spells {
		if s.outcome != outcomeJoining {
			continue
		}
		fmt.Fprintf(&b, "%s,%d,%d,%d,%s", s.party, s.entry, s.stop, int(b2f(s.event)), s.group)
		for _, c := range covs {
			b.WriteString("," + strconv.FormatFloat(s.cov[c], 'g', -1, 64))
		}
		b.WriteString("\n")
	}
	return b.Bytes(), nil
}
