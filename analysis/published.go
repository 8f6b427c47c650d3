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
	return NewHistory(set).On(d)
}

// History is every supporter's published classification, period by period,
// decoded once: a series of days (the interactive map's) reads it without
// decoding the tables again for each.
type History struct {
	supporters []datasets.Supporter
	periods    [][]datasets.Classification // by supporter, as the table orders them
}

// NewHistory decodes the supporters and their published classifications.
func NewHistory(set *datasets.Set) *History {
	h := &History{supporters: set.Supporters()}
	at := make(map[string]int, len(h.supporters))
	for i, s := range h.supporters {
		at[s.ID] = i
	}
	h.periods = make([][]datasets.Classification, len(h.supporters))
	for _, c := range set.Published() {
		if i, ok := at[c.SupporterID]; ok {
			h.periods[i] = append(h.periods[i], c)
		}
	}
	return h
}

// On returns every supporter with the classification published on day d (a
// fresh slice the caller may change).
func (h *History) On(d civil.Date) []datasets.Supporter {
	ss := make([]datasets.Supporter, len(h.supporters))
	for i := range ss {
		ss[i] = h.At(i, d)
	}
	return ss
}

// Len is the number of supporters, present or removed.
func (h *History) Len() int { return len(h.supporters) }

// Listed reports whether the site listed supporter i (in table order) on
// day d, as PresentOn does: a classification changes neither day.
func (h *History) Listed(i int, d civil.Date) bool { return PresentOn(h.supporters[i], d) }

// At returns supporter i (in table order) with the classification published
// on day d: what On(d)[i] holds, without copying every other supporter (a
// series of days reads one supporter at a time).
func (h *History) At(i int, d civil.Date) datasets.Supporter {
	s := h.supporters[i]
	for _, c := range h.periods[i] {
		if !c.ValidFrom.After(d) && (c.ValidTo.IsZero() || c.ValidTo.After(d)) {
			s.Name, s.Category, s.Nationality, s.Country = c.Name, c.Category, c.Nationality, c.Country
		}
	}
	return s
}

// Classification is which category, name and country a count on a past day
// gives each supporter. The study answers "who is a supporter of category c
// on day d" as the site published it that day; Latest is the explicit
// alternative, for a series that needs one classification throughout.
type Classification int

const (
	// Published is each supporter as the site published it on the day.
	Published Classification = iota
	// Latest is each supporter's latest classification, whatever the day.
	Latest
)

// String names the classification as the query command's flag does.
func (c Classification) String() string {
	if c == Latest {
		return "latest"
	}
	return "published"
}

// Classified returns every supporter classified as c says for day d (not
// only those listed that day: see Present).
func Classified(set *datasets.Set, d civil.Date, c Classification) []datasets.Supporter {
	if c == Latest {
		return set.Supporters()
	}
	return AsPublished(set, d)
}
