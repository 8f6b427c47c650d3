// Package claims checks the chapter's quantitative and checkable statements
// against the datasets: each claim is data (a metric, its parameters, an
// operator and the value the chapter states) and its verdict is computed.
//
// A claim is checked on the chapter's access date and on the last date of
// the supporter history, so that what held when the chapter was written is
// told apart from what holds now.
package claims

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// The verdicts, from the vocabulary.
const (
	Holds       = vocab.Holds
	DoesNotHold = vocab.DoesNotHold
	Unchecked   = vocab.CannotBeChecked
	Transcribed = vocab.Transcribed
	// SelfConsistent is an internal-consistency claim that holds.
	SelfConsistent = vocab.SelfConsistent
)

// Tolerance is the relative difference "~" allows.
const Tolerance = 0.10

// Claim is one row of the curated claims.
type Claim struct {
	ID, Section, Kind, Quote, ClaimEN string
	Metric                            string
	Params                            map[string]string
	Op, Expected, Note                string
	Line                              int
}

// Parse reads the curated claims table.
func Parse(d schema.Data) ([]Claim, error) {
	var out []Claim
	for i, r := range d.Rows {
		get := func(f string) string { return r[d.Table.Index(f)] }
		c := Claim{ID: get("id"), Section: get("section"), Kind: get("kind"), Quote: get("quote"), ClaimEN: get("claim_en"), Metric: get("metric"),
			Op: get("op"), Expected: get("expected"), Note: get("note"), Params: map[string]string{}, Line: i + 2}
		if p := get("params"); p != "" {
			for _, kv := range strings.Split(p, ";") {
				k, v, _ := strings.Cut(kv, "=")
				c.Params[k] = v
			}
		}
		if (c.Metric == vocab.MetricNone) != (c.Op == "") {
			return nil, fmt.Errorf("line %d: field op: a claim has an operator exactly when its metric is not none", c.Line)
		}
		// A claim checked against sources is measured by its evidence, or by
		// the adherence panel, whose every row cites its own; any other claim
		// must not pretend to be measured by evidence.
		if c.Kind == vocab.KindSources && c.Metric != vocab.MetricSourceValue && c.Metric != vocab.MetricAdherence ||
			c.Kind != vocab.KindSources && c.Metric == vocab.MetricSourceValue {
			return nil, fmt.Errorf("line %d: field metric: a claim of kind %s is measured by %s or %s, and only it by %s", c.Line, vocab.KindSources, vocab.MetricSourceValue, vocab.MetricAdherence, vocab.MetricSourceValue)
		}
		if c.Metric == vocab.MetricAdherence && c.Kind != vocab.KindSources && c.Kind != vocab.KindData {
			return nil, fmt.Errorf("line %d: field metric: a claim of kind %s cannot be measured by %s", c.Line, c.Kind, vocab.MetricAdherence)
		}
		out = append(out, c)
	}
	return out, nil
}

// Check is the claim's check written out: metric(params) op expected.
func (c Claim) Check() string {
	var ps []string
	for _, k := range slices.Sorted(maps.Keys(c.Params)) {
		ps = append(ps, k+"="+c.Params[k])
	}
	s := c.Metric + "(" + strings.Join(ps, ", ") + ")"
	if c.Op != "" {
		s += " " + c.Op + " " + c.Expected
	}
	return s
}

// Evaluator measures claims on a set of datasets.
type Evaluator struct {
	set       *datasets.Set
	countries map[string]datasets.Country
	// Decoded once: every claim is measured on two dates.
	supporters []datasets.Supporter
	coverage   []datasets.Cell
	timeline   []datasets.Event
	evidence   map[string][]Evidence
	published  map[civil.Date][]datasets.Supporter
	// history is decoded once: the ledger checks every claim on every day
	// something changed.
	history *analysis.History
	// panel is the adherence panel, decoded on first use.
	panel *panel
}

// asPublished is the supporters as the site classified them on date: a
// claim about a day is checked against what was listed that day.
func (e *Evaluator) asPublished(date civil.Date) []datasets.Supporter {
	if e.published == nil {
		e.published = map[civil.Date][]datasets.Supporter{}
	}
	if ss, ok := e.published[date]; ok {
		return ss
	}
	if e.history == nil {
		e.history = analysis.NewHistory(e.set)
	}
	ss := e.history.On(date)
	e.published[date] = ss
	return ss
}

// New returns an evaluator of set, with the evidence of claims checked
// against public sources (none: such claims cannot be checked).
func New(set *datasets.Set, evidence ...Evidence) *Evaluator {
	e := &Evaluator{set: set, countries: set.Countries(), supporters: set.Supporters(), coverage: set.Coverage(), timeline: set.Timeline(),
		evidence: map[string][]Evidence{}}
	for _, ev := range evidence {
		e.evidence[ev.ClaimID] = append(e.evidence[ev.ClaimID], ev)
	}
	return e
}

// Measure returns the claim's metric on date, as text.
func (e *Evaluator) Measure(c Claim, date civil.Date) (string, error) {
	present := func() []datasets.Supporter { return e.filtered(c, date) }
	covered := func(match func(datasets.Cell) bool) int {
		n := 0
		for _, cell := range e.coverage {
			if cell.Covered && match(cell) {
				n++
			}
		}
		return n
	}
	switch c.Metric {
	case vocab.MetricCount:
		return strconv.Itoa(len(present())), nil
	case vocab.MetricLargestRegion:
		counts := analysis.CountBy(present(), func(s datasets.Supporter) string { return e.countries[s.Country].RegionEN })
		if len(counts) == 0 {
			return "", nil
		}
		if len(counts) > 1 && counts[0].Count == counts[1].Count {
			return counts[0].Key + " and " + counts[1].Key + " (tied)", nil
		}
		return counts[0].Key, nil
	case vocab.MetricRegions:
		regions := map[string]bool{}
		for _, s := range present() {
			if r := e.countries[s.Country].RegionEN; r != "" {
				regions[r] = true
			}
		}
		return strconv.Itoa(len(regions)), nil
	case vocab.MetricCountryPresent:
		if _, ok := e.countries[c.Params["country"]]; !ok && c.Params["country"] == "" {
			return "", fmt.Errorf("claim %s: country_present needs a country", c.ID)
		}
		return strconv.FormatBool(len(present()) > 0), nil
	case vocab.MetricSupporterPresent:
		id := c.Params["id"]
		for _, s := range e.supporters {
			if s.ID == id {
				return strconv.FormatBool(analysis.PresentOn(s, date)), nil
			}
		}
		return "", fmt.Errorf("claim %s: no supporter %q", c.ID, id)
	case vocab.MetricPrinciples:
		return strconv.Itoa(len(e.set.Principles())), nil
	case vocab.MetricCoveredPrinciples:
		return strconv.Itoa(covered(func(x datasets.Cell) bool { return x.Framework == c.Params["framework"] })), nil
	case vocab.MetricCoveringFrameworks:
		p, err := strconv.Atoi(c.Params["principle"])
		if err != nil {
			return "", fmt.Errorf("claim %s: principle %q is not a number", c.ID, c.Params["principle"])
		}
		return strconv.Itoa(covered(func(x datasets.Cell) bool { return x.Principle == p })), nil
	case vocab.MetricMaxCoveredByOthers:
		best := 0
		among := listParam(c.Params["among"])
		for _, f := range e.set.Frameworks() {
			if f.ID != c.Params["framework"] && (among == nil || among[f.ID]) {
				best = max(best, covered(func(x datasets.Cell) bool { return x.Framework == f.ID }))
			}
		}
		return strconv.Itoa(best), nil
	case vocab.MetricNone:
		return "", nil
	case vocab.MetricSourceValue:
		return e.sourceValue(c), nil
	case vocab.MetricTimelineEvents:
		return e.timelineEvents(c)
	case vocab.MetricTimelineText:
		return e.timelineText(c)
	case vocab.MetricAdherence:
		return e.adherenceValue(c, date)
	case vocab.MetricFrameworks:
		n := 0
		for _, f := range e.set.Frameworks() {
			if f.ID != c.Params["exclude"] {
				n++
			}
		}
		return strconv.Itoa(n), nil
	}
	return "", fmt.Errorf("claim %s: unknown metric %q", c.ID, c.Metric)
}

// filtered is the supporters listed on date, as published that day, that
// the claim's parameters select (category, alliance, country).
func (e *Evaluator) filtered(c Claim, date civil.Date) []datasets.Supporter {
	sel := selector(c)
	var out []datasets.Supporter
	for _, s := range e.asPublished(date) {
		if analysis.PresentOn(s, date) && sel(s) {
			out = append(out, s)
		}
	}
	return out
}

// selector says whether a supporter, as published, is one the claim's
// parameters select (category, alliance, country, id); the parameters are
// read once, as the ledger asks for every supporter on every day.
func selector(c Claim) func(datasets.Supporter) bool {
	cat, a, cc, id := c.Params["category"], c.Params["alliance"], c.Params["country"], c.Params["id"]
	return func(s datasets.Supporter) bool {
		switch {
		case cat != "" && s.Category != cat,
			a == "any" && s.Alliance == "" || a != "" && a != "any" && !strings.Contains(s.Alliance, a),
			cc != "" && s.Country != cc,
			id != "" && s.ID != id:
			return false
		}
		return true
	}
}

// Verdict compares an observed value with the claim. A claim that cannot
// change with the data never counts as holding: a transcription claim is
// "transcribed only", an internal-consistency claim that holds is
// "consistent with itself".
func Verdict(c Claim, observed string) string {
	if c.Kind == vocab.KindTranscription {
		return Transcribed
	}
	v := verdict(c, observed)
	if c.Kind == vocab.KindChapter && v == Holds {
		return SelfConsistent
	}
	return v
}

func verdict(c Claim, observed string) string {
	// No source, or a panel that cannot show a party's absence: nothing to
	// compare.
	if c.Metric == vocab.MetricNone || (c.Metric == vocab.MetricSourceValue || c.Metric == vocab.MetricAdherence) && observed == "" {
		return Unchecked
	}
	if c.Op == "in" {
		// Every source must agree with the period, and one at least must be
		// as precise as the chapter: a year bears out a year, not a day.
		precise := false
		for _, v := range strings.Split(observed, ValueSeparator) {
			if !inPeriod(v, c.Expected) {
				return DoesNotHold
			}
			precise = precise || len(v) >= len(c.Expected)
		}
		if !precise {
			return Unchecked
		}
		return Holds
	}
	if c.Op == "=" {
		if observed == c.Expected {
			return Holds
		}
		return DoesNotHold
	}
	o, err1 := strconv.ParseFloat(observed, 64)
	x, err2 := strconv.ParseFloat(c.Expected, 64)
	if err1 != nil || err2 != nil {
		return Unchecked
	}
	ok := false
	switch c.Op {
	case ">":
		ok = o > x
	case ">=":
		ok = o >= x
	case "<":
		ok = o < x
	case "<=":
		ok = o <= x
	case "~":
		ok = math.Abs(o-x) <= Tolerance*math.Abs(x)
	}
	if ok {
		return Holds
	}
	return DoesNotHold
}

// Table checks every claim on access and latest, with the evidence of the
// claims checked against public sources, and returns the claims table.
func Table(set *datasets.Set, curated schema.Data, evidence []Evidence, access, latest civil.Date, file string) (schema.Data, error) {
	cs, err := Parse(curated)
	if err != nil {
		return schema.Data{}, fmt.Errorf("%s:%w", file, err)
	}
	e := New(set, evidence...)
	d := schema.Data{Table: schema.Claims}
	for _, c := range cs {
		if err := e.validate(c); err != nil {
			return schema.Data{}, fmt.Errorf("%s:%d: %w", file, c.Line, err)
		}
		row := []string{c.ID, c.Section, c.Kind, c.Quote, c.ClaimEN, c.Check()}
		for _, date := range []civil.Date{access, latest} {
			v, err := e.Measure(c, date)
			if err != nil {
				return schema.Data{}, fmt.Errorf("%s:%d: %w", file, c.Line, err)
			}
			row = append(row, date.String(), v, Verdict(c, v))
		}
		d.Rows = append(d.Rows, append(row, c.Note))
	}
	return d, nil
}
