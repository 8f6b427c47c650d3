package build

import (
	"slices"
	"strings"

	"github.com/cybernorms/cybernorms/analysis/claims"
	"github.com/cybernorms/cybernorms/datasets"
	"github.com/cybernorms/cybernorms/datasets/schema"
	"github.com/cybernorms/cybernorms/datasets/vocab"
)

// errata lists every claim that does not hold on the chapter's own date,
// with what is found instead and where it comes from: the passages of the
// evidence table, the supporter history on that date, or the chapter's
// other sections.
func (in *Inputs) errata(out *Output) (schema.Data, error) {
	cs, _ := claims.Parse(in.Curated[schema.CuratedClaims.Name]) // checked by claims.Table already
	byID := map[string]claims.Claim{}
	for _, c := range cs {
		byID[c.ID] = c
	}
	evidence := map[string][]claims.Evidence{}
	for _, ev := range claims.ParseEvidence(in.Curated[schema.Evidence.Name]) {
		evidence[ev.ClaimID] = append(evidence[ev.ClaimID], ev)
	}
	d := schema.Data{Table: schema.Errata}
	ct := out.Tables[vocab.Claims]
	for _, r := range ct.Rows {
		get := func(f string) string { return r[ct.Table.Index(f)] }
		if get("verdict_access") != vocab.DoesNotHold {
			continue
		}
		c := byID[get("id")]
		var says, source []string
		switch {
		case c.Metric == vocab.MetricAdherence:
			// Read on the adherence panel, whose every row names the page
			// it was transcribed from.
			says = append(says, get("check")+" is "+get("observed_access")+" on "+datasets.ChapterAccessDate.String()+". "+c.Note)
			source = append(source, panelSource(out.Tables[schema.AdherenceEvents.Name], c))
		case c.Kind == vocab.KindSources:
			for _, ev := range evidence[c.ID] {
				says = append(says, ev.Publisher+": “"+ev.Quote+"”")
				source = append(source, ev.Publisher+" <"+ev.URL+"> ("+ev.Published+", read "+ev.Retrieved+")")
			}
		case c.Kind == vocab.KindChapter:
			says = append(says, c.Note)
			source = append(source, vocab.Chapter)
		default:
			says = append(says, get("check")+" is "+get("observed_access")+" on "+datasets.ChapterAccessDate.String()+". "+c.Note)
			src := vocab.UpstreamName + ", as published on " + datasets.ChapterAccessDate.String()
			// The alliance field exists only in the 2019 files: a count by
			// alliance reads what those files last said, not that day's files.
			if c.Params["alliance"] != "" {
				src += "; the alliance field as the 2019 files give it (later files have none)"
			}
			source = append(source, src)
		}
		if err := d.Append(schema.Values{"claim_id": c.ID, "section": c.Section, "kind": c.Kind, "chapter_says": c.Quote, "claim_en": c.ClaimEN,
			"expected": c.Expected, "found": get("observed_access"), "sources_say": strings.TrimSpace(strings.Join(says, " ")),
			"source": strings.Join(source, "; "), "event": c.Params["event"]}); err != nil {
			return d, err
		}
	}
	return d, nil
}

// panelSource says where a claim read on the adherence panel comes from: the
// panel on the chapter's date, the status pages its rows of the claim's
// instruments cite, and, where rows are read from the Call's alliance field,
// that the field exists only in the 2019 files.
func panelSource(events schema.Data, c claims.Claim) string {
	insts := map[string]bool{}
	for _, k := range []string{"instrument", "among"} {
		for _, id := range strings.Split(c.Params[k], "|") {
			insts[id] = true
		}
	}
	var pages []string
	alliance := false
	for _, r := range events.Rows {
		if !insts[events.Table.Get(r, "instrument")] {
			continue
		}
		if ev := events.Table.Get(r, "evidence"); ev != "" && !slices.Contains(pages, ev) {
			pages = append(pages, ev)
		}
		alliance = alliance || strings.Contains(events.Table.Get(r, "source"), "(alliance field)")
	}
	slices.Sort(pages)
	src := "the adherence panel (adherence_events), on " + datasets.ChapterAccessDate.String()
	if len(pages) > 0 {
		src += ", its rows citing " + strings.Join(pages, ", ")
	}
	if alliance {
		src += "; the alliance field as the 2019 files give it (later files have none)"
	}
	return src
}
