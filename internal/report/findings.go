package report

import (
	"regexp"
	"strings"

	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/vocab"
	"github.com/cybernorms/cybernorms/labels"
)

// finding is one sentence of what the study found, on the page's first
// screen, written from the claims and the errata: its text, the anchor of
// the row that holds its evidence, and the rows it lists.
type finding struct {
	Text, Link string
	Items      []findingItem
}

type findingItem struct{ Text, Link string }

// stateCount is the check of the chapter's count of supporter states.
var stateCount = regexp.MustCompile(`^count\(category=state\) = [0-9]+$`)

// findingsOf are the study's findings in l: whether the chapter's count of
// states holds and by what margin, which of its counts, dates and
// statements do not hold, and how many of its checkable claims do. A
// finding whose rows are missing is left out, not guessed.
func findingsOf(set *datasets.Set, v claimsView, l labels.Lang) []finding {
	access, last := l.LongDate(datasets.ChapterAccessDate), l.LongDate(set.Span.Last)
	var out []finding
	claims := set.Claims()
	margins := map[string]int{}
	for _, e := range set.Ledger() {
		margins[e.ClaimID] = e.MarginAccess
	}
	for _, c := range claims {
		if c.Kind != vocab.KindData || !stateCount.MatchString(c.Check) {
			continue
		}
		m, ok := margins[c.ID]
		if !ok {
			continue
		}
		key := "top.states.holds"
		if c.VerdictAccess != vocab.Holds {
			key = "top.states.fails"
		}
		out = append(out, finding{Text: tr(l, key, observed(l, c.ObservedAccess), access, l.Int(m)) + " " + tr(l, "top.states.latest", last, observed(l, c.ObservedLatest)),
			Link: "#claim-" + c.ID})
		break
	}
	// The errata, by what they are checked against.
	checks := map[string]string{}
	for _, c := range claims {
		checks[c.ID] = c.Check
	}
	for _, g := range []struct{ kind, head, found string }{
		{vocab.KindData, "top.counts", "top.counts.found"},
		{vocab.KindSources, "top.dates", "top.dates.found"},
		{vocab.KindChapter, "top.self", ""},
	} {
		var items []findingItem
		for _, e := range set.Errata() {
			if e.Kind != g.kind {
				continue
			}
			for _, r := range v.Errata {
				if r.ID != e.ClaimID {
					continue
				}
				text := r.Statement
				switch g.kind {
				case vocab.KindData:
					// A count read on the adherence panel is the panel's,
					// not the supporter history's.
					found := g.found
					if strings.HasPrefix(checks[r.ID], "adherence(") {
						found = "top.counts.panel"
					}
					text = tr(l, found, r.Statement, access, r.Found)
				case vocab.KindSources:
					text = tr(l, g.found, r.Statement, r.Found)
				}
				items = append(items, findingItem{Text: text, Link: "#erratum-" + r.ID})
			}
		}
		if len(items) > 0 {
			out = append(out, finding{Text: tr(l, g.head, l.Int(len(items))), Items: items})
		}
	}
	// How many of the claims that can change with the data hold, per kind
	// of check: verdicts of different kinds are never added up.
	n := map[string][2]int{}
	for _, c := range claims {
		k := n[c.Kind]
		k[1]++
		if c.VerdictAccess == vocab.Holds {
			k[0]++
		}
		n[c.Kind] = k
	}
	if d, s := n[vocab.KindData], n[vocab.KindSources]; d[1] > 0 && s[1] > 0 {
		out = append(out, finding{Text: tr(l, "top.tally", access, l.Int(d[0]), l.Int(d[1]), l.Int(s[0]), l.Int(s[1])), Link: "#claims"})
	}
	return out
}
