package claims

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// metricParams lists, for each metric, the parameters it reads and which of
// them it requires. A key outside the list is an error, never ignored: a
// misspelt "contry=IND" would otherwise count every state.
var metricParams = map[string]struct{ allowed, required []string }{
	vocab.MetricCount:              {[]string{"category", "alliance", "country", "id"}, nil},
	vocab.MetricLargestRegion:      {[]string{"category", "alliance", "country"}, nil},
	vocab.MetricRegions:            {[]string{"category", "alliance", "country"}, nil},
	vocab.MetricCountryPresent:     {[]string{"category", "alliance", "country"}, []string{"country"}},
	vocab.MetricSupporterPresent:   {[]string{"id"}, []string{"id"}},
	vocab.MetricPrinciples:         {nil, nil},
	vocab.MetricCoveredPrinciples:  {[]string{"framework"}, []string{"framework"}},
	vocab.MetricCoveringFrameworks: {[]string{"principle"}, []string{"principle"}},
	vocab.MetricMaxCoveredByOthers: {[]string{"framework", "among"}, []string{"framework"}},
	vocab.MetricNone:               {nil, nil},
	vocab.MetricSourceValue:        {[]string{"event", "country"}, nil},
	vocab.MetricTimelineEvents:     {[]string{"before", "kind", "level"}, nil},
	vocab.MetricTimelineText:       {[]string{"event", "word"}, []string{"event", "word"}},
	vocab.MetricFrameworks:         {[]string{"exclude"}, nil},
	// event names the timeline event the claim's own evidence also dates.
	vocab.MetricAdherence: {[]string{"instrument", "party", "standing", "kind", "among", "event"}, []string{"instrument"}},
}

// validate checks the claim's metric and parameters against what the
// evaluator knows, so that a typo is an error naming the claim rather than
// a verdict.
func (e *Evaluator) validate(c Claim) error {
	spec, ok := metricParams[c.Metric]
	if !ok {
		return fmt.Errorf("field metric: claim %s: unknown metric %q (want one of %s)", c.ID, c.Metric, strings.Join(vocab.ClaimMetrics, ", "))
	}
	for _, k := range slices.Sorted(maps.Keys(c.Params)) {
		if !slices.Contains(spec.allowed, k) {
			want := "none"
			if len(spec.allowed) > 0 {
				want = strings.Join(spec.allowed, ", ")
			}
			return fmt.Errorf("field params: claim %s: unknown parameter %q for metric %s (it takes %s)", c.ID, k, c.Metric, want)
		}
	}
	for _, k := range spec.required {
		if c.Params[k] == "" {
			return fmt.Errorf("field params: claim %s: metric %s needs the parameter %s", c.ID, c.Metric, k)
		}
	}
	if v, ok := c.Params["category"]; ok && !slices.Contains(vocab.Categories, v) {
		return fmt.Errorf("field params: claim %s: unknown category %q (want one of %s)", c.ID, v, strings.Join(vocab.Categories, ", "))
	}
	if v, ok := c.Params["country"]; ok {
		if _, known := e.countries[v]; !known {
			return fmt.Errorf("field params: claim %s: unknown country code %q (not in the countries table; a country a claim names must be in curated/named_countries.csv)", c.ID, v)
		}
	}
	for _, k := range []string{"framework", "exclude"} {
		if v, ok := c.Params[k]; ok && !slices.ContainsFunc(e.set.Frameworks(), func(f datasets.Framework) bool { return f.ID == v }) {
			return fmt.Errorf("field params: claim %s: unknown framework %q", c.ID, v)
		}
	}
	if c.Metric == vocab.MetricAdherence {
		if err := e.validateAdherence(c); err != nil {
			return err
		}
	}
	if c.Metric == vocab.MetricSourceValue && c.Params["event"] != "" && c.Params["country"] != "" {
		return fmt.Errorf("field params: claim %s: metric %s takes event or country, not both", c.ID, c.Metric)
	}
	return nil
}
