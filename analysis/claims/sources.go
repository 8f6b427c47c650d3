package claims

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// ValueSeparator joins the distinct values a claim's sources state, when
// they do not agree.
const ValueSeparator = " | "

// Evidence is one row of the evidence table: a source passage read for a
// claim, and what it states in the claim's terms.
type Evidence struct {
	ClaimID, Title, Publisher, SourceType, URL string
	Published, Quote, Retrieved, Value, Note   string
	Line                                       int
}

// ParseEvidence reads the evidence table.
func ParseEvidence(d schema.Data) []Evidence {
	var out []Evidence
	for i, r := range d.Rows {
		get := func(f string) string { return r[d.Table.Index(f)] }
		out = append(out, Evidence{ClaimID: get("claim_id"), Title: get("source_title"), Publisher: get("publisher"), SourceType: get("source_type"),
			URL: get("url"), Published: get("published"), Quote: get("quote"), Retrieved: get("retrieved"), Value: get("value"), Note: get("note"), Line: i + 2})
	}
	return out
}

// sourceValue is what a claim's sources state: their value when they agree,
// every distinct value otherwise, "" when there is no source.
func (e *Evaluator) sourceValue(c Claim) string {
	var vs []string
	for _, ev := range e.evidence[c.ID] {
		if !slices.Contains(vs, ev.Value) {
			vs = append(vs, ev.Value)
		}
	}
	slices.Sort(vs)
	return strings.Join(vs, ValueSeparator)
}

// inPeriod says whether date v (YYYY, YYYY-MM or YYYY-MM-DD) falls in the
// period the chapter states, the year, month or day it names. A source less
// precise than the chapter cannot contradict it, so the two are compared at
// the coarser precision; Verdict asks for one source at least as precise as
// the chapter before the claim holds.
func inPeriod(v, period string) bool {
	if v == "" || period == "" {
		return false
	}
	if len(v) < len(period) {
		return strings.HasPrefix(period, v)
	}
	return strings.HasPrefix(v, period)
}

func listParam(s string) map[string]bool {
	if s == "" {
		return nil
	}
	m := map[string]bool{}
	for _, v := range strings.Split(s, "|") {
		m[v] = true
	}
	return m
}

// timelineEvents counts the chapter's own dated events at a level, of some
// kinds, before a year: the chapter measured against what it says elsewhere.
func (e *Evaluator) timelineEvents(c Claim) (string, error) {
	before := 0
	if b := c.Params["before"]; b != "" {
		n, err := strconv.Atoi(b)
		if err != nil {
			return "", fmt.Errorf("claim %s: before %q is not a year", c.ID, b)
		}
		before = n
	}
	kinds := listParam(c.Params["kind"])
	n := 0
	for _, ev := range e.timeline {
		if lv := c.Params["level"]; lv != "" && ev.Level != lv {
			continue
		}
		if kinds != nil && !kinds[ev.Kind] {
			continue
		}
		if before != 0 && ev.Year >= before {
			continue
		}
		n++
	}
	return strconv.Itoa(n), nil
}

// timelineText says whether the chapter's own account of an event (its
// Indonesian description) uses a word.
func (e *Evaluator) timelineText(c Claim) (string, error) {
	for _, ev := range e.timeline {
		if ev.ID == c.Params["event"] {
			return strconv.FormatBool(strings.Contains(strings.ToLower(ev.DescriptionID), strings.ToLower(c.Params["word"]))), nil
		}
	}
	return "", fmt.Errorf("claim %s: no timeline event %q", c.ID, c.Params["event"])
}

// Correction is the date public sources give an event the chapter dates
// otherwise.
type Correction struct {
	Event, Date, Claim, Source string
}

// Corrections returns, by timeline event, the dates that the claims checked
// against sources find outside the chapter's period: the claims that date an
// event (parameter event=ID, operator in) and do not hold. Where the sources
// disagree the correction lists every value they give.
func Corrections(curated schema.Data, evidence []Evidence) (map[string]Correction, error) {
	cs, err := Parse(curated)
	if err != nil {
		return nil, err
	}
	by := map[string][]Evidence{}
	for _, ev := range evidence {
		by[ev.ClaimID] = append(by[ev.ClaimID], ev)
	}
	out := map[string]Correction{}
	for _, c := range cs {
		event := c.Params["event"]
		if c.Metric != vocab.MetricSourceValue || c.Op != "in" || event == "" {
			continue
		}
		e := &Evaluator{evidence: by}
		v := e.sourceValue(c)
		// Sources that disagree correct nothing: the claim shows them all.
		if Verdict(c, v) != DoesNotHold || strings.Contains(v, ValueSeparator) {
			continue
		}
		if _, dup := out[event]; dup {
			return nil, fmt.Errorf("line %d: field params: event %s is already corrected by another claim", c.Line, event)
		}
		var srcs []string
		for _, ev := range by[c.ID] {
			srcs = append(srcs, ev.Publisher+" <"+ev.URL+">")
		}
		out[event] = Correction{Event: event, Date: v, Claim: c.ID, Source: strings.Join(srcs, "; ")}
	}
	return out, nil
}
