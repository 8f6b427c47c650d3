package build

import (
	"fmt"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/datasets/civil"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// checkSources ties the evidence table to the claims and the timeline: every
// evidence row names a claim checked against public sources and has a
// readable publication date, every such claim has a source, and where the
// sources date an event outside the chapter's period the timeline row gets
// the corrected date (the chapter's own date stays).
func (in *Inputs) checkSources(out *Output) error {
	file := File(in.Dir, schema.Evidence)
	evidence := claims.ParseEvidence(in.Curated[schema.Evidence.Name])
	cs, err := claims.Parse(in.Curated[schema.CuratedClaims.Name])
	if err != nil {
		return fmt.Errorf("%s:%w", File(in.Dir, schema.CuratedClaims), err)
	}
	kind := map[string]string{}
	for _, c := range cs {
		kind[c.ID] = c.Kind
	}
	sourced := map[string]bool{}
	panel := in.panelEvidence()
	for _, ev := range evidence {
		if panel[ev.ClaimID] {
			continue // a status page read for the adherence panel, checked there
		}
		k, ok := kind[ev.ClaimID]
		if !ok {
			return &schema.Error{File: file, Line: ev.Line, Field: "claim_id", Msg: fmt.Sprintf("no claim %q", ev.ClaimID)}
		}
		if k != vocab.KindSources {
			return &schema.Error{File: file, Line: ev.Line, Field: "claim_id", Msg: fmt.Sprintf("claim %s is of kind %s, not %s", ev.ClaimID, k, vocab.KindSources)}
		}
		if _, _, err := parsePartialDate(ev.Published); err != nil {
			return &schema.Error{File: file, Line: ev.Line, Field: "published", Msg: err.Error()}
		}
		if _, err := civil.Parse(ev.Retrieved); err != nil {
			return &schema.Error{File: file, Line: ev.Line, Field: "retrieved", Msg: err.Error()}
		}
		sourced[ev.ClaimID] = true
	}
	for _, c := range cs {
		if c.Kind == vocab.KindSources && !sourced[c.ID] {
			return &schema.Error{File: File(in.Dir, schema.CuratedClaims), Line: c.Line, Field: "kind", Msg: fmt.Sprintf("claim %s is checked against public sources but has no row in %s", c.ID, file)}
		}
	}
	corr, err := claims.Corrections(in.Curated[schema.CuratedClaims.Name], evidence)
	if err != nil {
		return fmt.Errorf("%s:%w", File(in.Dir, schema.CuratedClaims), err)
	}
	tl := out.Tables[vocab.DoctrineTimeline]
	idx := func(f string) int { return tl.Table.Index(f) }
	seen := 0
	for _, row := range tl.Rows {
		if c, ok := corr[row[idx("id")]]; ok {
			row[idx("corrected_date_iso")], row[idx("correction_claim")], row[idx("correction_source")] = c.Date, c.Claim, c.Source
			seen++
		}
	}
	if seen != len(corr) {
		return fmt.Errorf("%s: a claim corrects a timeline event that does not exist", File(in.Dir, schema.CuratedClaims))
	}
	return nil
}
