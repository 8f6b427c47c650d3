package build

import (
	"fmt"
	"strings"

	"github.com/cybernorms/cybernorms/analysis"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
)

// duplicates joins the duplicate rule's candidates with their reviews, and
// flags the misfilings. Every candidate must be reviewed and every review
// must be of a candidate, so that neither a new candidate nor a stale review
// passes unseen.
func (in *Inputs) duplicates(set *datasets.Set) (schema.Data, schema.Data, error) {
	file := File(in.Dir, schema.DuplicateReview)
	type review struct {
		verdict, evidence string
		line              int
	}
	reviews := map[[2]string]review{}
	dr := in.Curated[schema.DuplicateReview.Name]
	for i, r := range dr.Rows {
		get := func(f string) string { return dr.Table.Get(r, f) }
		reviews[[2]string{get("supporter_a"), get("supporter_b")}] = review{get("verdict"), get("evidence"), i + 2}
	}
	dup := schema.Data{Table: schema.Duplicates}
	seen := map[[2]string]bool{}
	for _, c := range analysis.DuplicateCandidates(set.Supporters()) {
		k := [2]string{c.A, c.B}
		r, ok := reviews[k]
		if !ok {
			return dup, schema.Data{}, fmt.Errorf("%s: supporters %s and %s share %s: review the pair (verdict same, related or distinct, with evidence)",
				file, c.A, c.B, strings.Join(c.Matches, ", "))
		}
		seen[k] = true
		if err := dup.Append(schema.Values{"supporter_a": c.A, "supporter_b": c.B, "matches": strings.Join(c.Matches, "; "), "verdict": r.verdict, "evidence": r.evidence}); err != nil {
			return dup, schema.Data{}, err
		}
	}
	ids := map[string]bool{}
	for _, s := range set.Supporters() {
		ids[s.ID] = true
	}
	for k, r := range reviews {
		// A review of supporters these data do not hold (another upstream's
		// history) is not stale; one of a pair the rule no longer finds is.
		if !seen[k] && ids[k[0]] && ids[k[1]] {
			return dup, schema.Data{}, &schema.Error{File: file, Line: r.line, Field: "supporter_a", Msg: fmt.Sprintf("%s and %s are not a duplicate candidate (anymore)", k[0], k[1])}
		}
	}
	mis := schema.Data{Table: schema.Misfilings}
	for _, m := range analysis.Misfilings(set.Supporters()) {
		if err := mis.Append(schema.Values{"supporter_id": m.ID, "name": m.Name, "category": m.Category, "nature": m.Nature, "rule": m.Rule, "note": m.Note}); err != nil {
			return dup, mis, err
		}
	}
	return dup, mis, nil
}
