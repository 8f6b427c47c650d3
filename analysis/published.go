package analysis

import (
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/civil"
)

// AsPublished returns every supporter with the name, category, nationality
// and country its files carried on day d (supporter_published), not the
// latest ones: a count on a past date is what the site listed that day.
// Supporters not yet listed on d keep their latest values.
func AsPublished(set *datasets.Set, d civil.Date) []datasets.Supporter {
	then := map[string]datasets.Classification{}
	for _, c := range set.Published() {
		if !c.ValidFrom.After(d) && (c.ValidTo.IsZero() || c.ValidTo.After(d)) {
			then[c.SupporterID] = c
		}
	}
	ss := set.Supporters()
	for i, s := range ss {
		if c, ok := then[s.ID]; ok {
			ss[i].Name, ss[i].Category, ss[i].Nationality, ss[i].Country = c.Name, c.Category, c.Nationality, c.Country
		}
	}
	return ss
}

// Classified returns the supporters classified as published on d, or with
// their latest classification when latest is set (for time series that need
// one classification throughout).
func Classified(set *datasets.Set, d civil.Date, latest bool) []datasets.Supporter {
	if latest {
		return set.Supporters()
	}
	return AsPublished(set, d)
}
